"""Milestone checks, private concerns and closure."""

from datetime import timedelta

from django.urls import reverse

from tests.conftest import World
from upward.programs.models import Pair
from upward.workspace.models import Closure, Concern, MilestoneCheck


def set_goal(world: World) -> None:
    world.client("mentee").post(
        reverse("workspace:goal", args=[world.pair.public_id]),
        {
            "text": "Reach 250 followers",
            "metric": "Followers",
            "unit": "followers",
            "direction": "up",
            "baseline": "40",
            "target": "250",
            "deadline": str(world.cohort.end_date - timedelta(days=2)),
        },
    )


def test_the_lead_sees_that_a_milestone_check_happened_but_not_what_it_says(world) -> None:
    set_goal(world)
    world.client("mentor").post(
        reverse("workspace:milestone", args=[world.pair.public_id]),
        {
            "roadblocks": "Her calendar is full",
            "wins": "First reel posted",
            "next": "Two more reels",
        },
    )
    check = MilestoneCheck.objects.get(pair=world.pair)
    assert check.progress_percent == 0
    page = world.client("lead").get(reverse("programs:pair", args=[world.pair.public_id]))
    assert b"Six-week milestone check: done on" in page.content
    assert b"Her calendar is full" not in page.content
    assert (
        world.client("lead")
        .get(reverse("workspace:milestone", args=[world.pair.public_id]))
        .status_code
        == 403
    )


def test_an_incomplete_milestone_check_is_refused(world: World) -> None:
    response = world.client("mentor").post(
        reverse("workspace:milestone", args=[world.pair.public_id]),
        {"roadblocks": "", "wins": "x", "next": ""},
    )
    assert response.status_code == 400 and b"Fill in: roadblocks, next actions" in response.content
    assert not MilestoneCheck.objects.exists()


def test_a_concern_reaches_the_lead_only_and_pausing_pauses_the_pair(world: World) -> None:
    world.client("mentor").post(
        reverse("workspace:concern", args=[world.pair.public_id]),
        {"topic": "power", "text": "I don't feel I can push back."},
    )
    concern = Concern.objects.get()
    assert b"push back" in world.client("lead").get(reverse("workspace:inbox")).content
    partner_view = world.client("mentee").get(reverse("programs:pair", args=[world.pair.public_id]))
    assert b"push back" not in partner_view.content
    assert world.client("site_admin").get(reverse("workspace:inbox")).status_code == 403
    world.client("lead").post(
        reverse("workspace:concern_act", args=[concern.public_id]),
        {"action": "pause", "note": "Routine check-in booked"},
    )
    world.pair.refresh_from_db()
    assert world.pair.state == Pair.State.PAUSED
    concern.refresh_from_db()
    assert concern.state == "acted" and concern.action == "pause"


def test_an_empty_concern_is_refused(world: World) -> None:
    response = world.client("mentee").post(
        reverse("workspace:concern", args=[world.pair.public_id]), {"topic": "other", "text": ""}
    )
    assert response.status_code == 400 and not Concern.objects.exists()


def test_closing_writes_the_memo_and_graduating_closes_the_pair(world: World) -> None:
    set_goal(world)
    response = world.client("mentee").post(
        reverse("workspace:close", args=[world.pair.public_id]),
        {
            "outcome": "260",
            "mentee_learned": "Short video is a conversation",
            "mentor_learned": "How a budget decision gets made",
            "next_steps": "Brief my team",
            "decision": "graduate",
        },
    )
    assert response.status_code == 302
    closure = Closure.objects.get(pair=world.pair)
    assert "Result: 260 followers against a target of 250, from 40 (reached)." in closure.memo
    assert "Decision: Graduate" in closure.memo
    world.pair.refresh_from_db()
    assert world.pair.state == Pair.State.CLOSED and world.pair.ended_on
    page = world.client("mentor").get(reverse("workspace:close", args=[world.pair.public_id]))
    assert b"Closure memo" in page.content
    again = world.client("mentor").post(
        reverse("workspace:close", args=[world.pair.public_id]), {"decision": "continue"}
    )
    assert again.status_code == 200 and Closure.objects.count() == 1


def test_closing_without_saying_what_was_learned_is_refused(world: World) -> None:
    response = world.client("mentee").post(
        reverse("workspace:close", args=[world.pair.public_id]),
        {"decision": "graduate", "mentee_learned": "", "mentor_learned": "", "next_steps": ""},
    )
    assert response.status_code == 400 and b"what each of you learned" in response.content
    world.pair.refresh_from_db()
    assert world.pair.state == Pair.State.ACTIVE


def test_two_leads_answering_one_concern_keep_the_first_answer_and_tell_the_second(
    world: World,
) -> None:
    from tests.factories import UserFactory
    from upward.programs.models import ProgramRole

    concern = Concern.objects.create(
        pair=world.pair, raised_by=world.pair.mentee, topic="power", text="Hard to push back."
    )
    other_lead = UserFactory()
    ProgramRole.objects.create(program=world.program, user=other_lead, role="lead")
    second = world.client("lead")
    second.force_login(other_lead)
    url = reverse("workspace:concern_act", args=[concern.public_id])
    world.client("lead").post(url, {"action": "pause", "note": "Paused; I call them today"})
    answer = second.post(url, {"action": "none", "note": "Nothing to do"}, follow=True)
    assert "Another lead has already answered this concern" in answer.content.decode()
    concern.refresh_from_db()
    assert (concern.action, concern.lead_note) == ("pause", "Paused; I call them today")
