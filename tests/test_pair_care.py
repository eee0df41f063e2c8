"""Milestone checks, private concerns and closure."""

from datetime import timedelta

from django.http import HttpResponse
from django.urls import reverse
from django.utils.html import escape

from tests.clock import TODAY
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
    page = world.client("lead").get(reverse("workspace:pair", args=[world.pair.public_id]))
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
    partner_view = world.client("mentee").get(
        reverse("workspace:pair", args=[world.pair.public_id])
    )
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


def close_url(world: World) -> str:
    return reverse("workspace:close", args=[world.pair.public_id])


def answer_url(world: World) -> str:
    return reverse("workspace:close_answer", args=[world.pair.public_id])


def name(world: World, side: str) -> str:
    return escape(getattr(world.pair, side).employee.display_name)


def propose(world: World, role: str, decision: str, **extra: str) -> HttpResponse:
    return world.client(role).post(
        close_url(world),
        {
            "decision": decision,
            "reflection": f"What the {role} learned",
            "next_steps": "Brief my team",
            "step": "send",
            **extra,
        },
    )


def test_the_proposal_is_shown_back_before_it_is_sent_and_nothing_is_saved_until_then(
    world: World,
) -> None:
    form = {"decision": "graduate", "reflection": "Budgets", "next_steps": "Brief my team"}
    review = world.client("mentee").post(close_url(world), {**form, "step": "review"})
    page = review.content.decode()
    assert review.status_code == 200 and "Check your proposal before you send it" in page
    assert f"Send to {name(world, 'mentor')}" in page
    assert not Closure.objects.exists()
    change = world.client("mentee").post(close_url(world), {**form, "step": "change"})
    assert b"Check the proposal" in change.content and b"Brief my team" in change.content
    assert not Closure.objects.exists()


def test_one_member_proposes_graduating_the_other_confirms_and_the_pair_closes(
    world: World,
) -> None:
    set_goal(world)
    sent = propose(world, "mentee", "graduate", outcome="260")
    assert sent.status_code == 302
    world.pair.refresh_from_db()
    assert world.pair.state == Pair.State.ACTIVE  # nothing closes on one member's word
    proposer_view = world.client("mentee").get(
        reverse("workspace:pair", args=[world.pair.public_id])
    )
    assert f"Waiting for {name(world, 'mentor')} to confirm" in proposer_view.content.decode()
    partner_view = world.client("mentor").get(
        reverse("workspace:pair", args=[world.pair.public_id])
    )
    assert f"{name(world, 'mentee')} proposed to graduate" in partner_view.content.decode()

    confirmed = world.client("mentor").post(
        answer_url(world), {"answer": "confirm", "reflection": "How a budget decision gets made"}
    )
    assert confirmed.status_code == 302
    closure = Closure.objects.get(pair=world.pair)
    assert closure.state == "confirmed" and closure.answered_at
    assert "Result: 260 followers against a target of 250, from 40 (reached)." in closure.memo
    assert "learned: What the mentee learned" in closure.memo
    assert "learned: How a budget decision gets made" in closure.memo
    assert "Decision: Graduate" in closure.memo
    world.pair.refresh_from_db()
    assert world.pair.state == Pair.State.CLOSED and world.pair.ended_on
    assert b"Closure memo" in world.client("mentee").get(close_url(world)).content
    again = propose(world, "mentor", "continue")
    assert again.status_code == 400 and b"already been closed" in again.content
    assert Closure.objects.count() == 1


def test_a_member_cannot_confirm_their_own_proposal(world: World) -> None:
    propose(world, "mentor", "graduate")
    refused = world.client("mentor").post(
        answer_url(world), {"answer": "confirm", "reflection": "I agree with myself"}
    )
    assert refused.status_code == 400
    assert b"your partner is the one to confirm it" in refused.content
    assert Closure.objects.get().state == "proposed"
    world.pair.refresh_from_db()
    assert world.pair.state == Pair.State.ACTIVE


def test_each_member_writes_only_their_own_reflection(world: World) -> None:
    propose(world, "mentor", "graduate", mentee_learned="Words put in the mentee's mouth")
    closure = Closure.objects.get()
    assert closure.mentor_learned == "What the mentor learned" and closure.mentee_learned == ""
    world.client("mentee").post(
        answer_url(world), {"answer": "confirm", "reflection": "Short video is a conversation"}
    )
    closure.refresh_from_db()
    assert closure.mentor_learned == "What the mentor learned"
    assert closure.mentee_learned == "Short video is a conversation"


def test_confirming_without_saying_what_you_learned_is_refused_and_keeps_the_proposal(
    world: World,
) -> None:
    propose(world, "mentor", "graduate")
    refused = world.client("mentee").post(answer_url(world), {"answer": "confirm"})
    assert refused.status_code == 400 and b"Say what you learned" in refused.content
    assert Closure.objects.get().state == "proposed"


def test_agreeing_to_continue_keeps_the_pair_going_and_it_can_close_later(world: World) -> None:
    propose(world, "mentor", "continue", next_steps="New goal: a podcast with 50 listeners")
    world.client("mentee").post(
        answer_url(world), {"answer": "confirm", "reflection": "Reels are a conversation"}
    )
    world.pair.refresh_from_db()
    assert world.pair.state == Pair.State.ACTIVE and world.pair.ended_on is None
    page = world.client("mentor").get(close_url(world)).content.decode()
    assert "Continued on" in page and "What happens next" in page  # free to propose again
    assert propose(world, "mentee", "graduate").status_code == 302
    world.client("mentor").post(
        answer_url(world), {"answer": "confirm", "reflection": "Podcasts take time"}
    )
    world.pair.refresh_from_db()
    assert world.pair.state == Pair.State.CLOSED
    assert list(Closure.objects.values_list("decision", "state")) == [
        ("graduate", "confirmed"),
        ("continue", "confirmed"),
    ]


def test_a_declined_proposal_ends_nothing_and_either_member_can_propose_again(
    world: World,
) -> None:
    propose(world, "mentor", "reshuffle")
    declined = world.client("mentee").post(answer_url(world), {"answer": "decline"})
    assert declined.status_code == 302
    assert Closure.objects.get().state == "declined"
    world.pair.refresh_from_db()
    assert world.pair.state == Pair.State.ACTIVE
    assert propose(world, "mentee", "graduate").status_code == 302


def test_a_second_proposal_waits_for_the_first_to_be_answered(world: World) -> None:
    propose(world, "mentor", "graduate")
    second = propose(world, "mentee", "continue")
    assert second.status_code == 400 and Closure.objects.count() == 1


def test_a_refused_proposal_comes_back_filled_in(world: World) -> None:
    response = world.client("mentee").post(
        close_url(world),
        {"decision": "continue", "reflection": "", "next_steps": "Stretch to 500", "step": "send"},
    )
    page = response.content.decode()
    assert response.status_code == 400 and "Say what you learned" in page
    assert "Stretch to 500" in page and 'value="continue" id="dec-continue" checked' in page
    assert not Closure.objects.exists()


def test_the_lead_sees_each_pairs_decision_and_its_dates_but_never_the_reflections(
    world: World,
) -> None:
    cohort_url = reverse("workspace:cohort", args=[world.cohort.public_id])
    propose(world, "mentor", "continue", next_steps="A secret plan")
    page = world.client("lead").get(cohort_url).content.decode()
    assert f"Continue proposed on {TODAY:%d %b %Y}, waiting for the partner" in page
    world.client("mentee").post(
        answer_url(world), {"answer": "confirm", "reflection": "Private insight"}
    )
    page = world.client("lead").get(cohort_url).content.decode()
    assert f"Continued on {TODAY:%d %b %Y}" in page
    propose(world, "mentee", "graduate")
    world.client("mentor").post(answer_url(world), {"answer": "confirm", "reflection": "Budgets"})
    page = world.client("lead").get(cohort_url).content.decode()
    assert f"Graduate confirmed on {TODAY:%d %b %Y}" in page
    assert f"Continued on {TODAY:%d %b %Y}" in page  # the earlier cycle stays visible
    pair_page = world.client("lead").get(reverse("workspace:pair", args=[world.pair.public_id]))
    assert f"Graduate confirmed on {TODAY:%d %b %Y}" in pair_page.content.decode()
    for text in ("What the mentor learned", "Private insight", "A secret plan", "Budgets"):
        assert text not in page and text not in pair_page.content.decode()
    assert world.client("lead").get(close_url(world)).status_code == 403


def test_nobody_outside_the_pair_can_propose_or_confirm(world: World) -> None:
    for role in ("other_member", "outsider"):
        assert propose(world, role, "graduate").status_code == 404
    assert not Closure.objects.exists()
    propose(world, "mentor", "graduate")
    for role in ("other_member", "outsider"):
        answer = world.client(role).post(
            answer_url(world), {"answer": "confirm", "reflection": "Not mine to say"}
        )
        assert answer.status_code == 404
    for role in ("lead", "site_admin"):
        assert propose(world, role, "graduate").status_code == 403
    assert Closure.objects.get().state == "proposed"


def test_through_the_api_one_member_proposes_and_the_partner_confirms(world: World) -> None:
    url = f"/api/v1/workspace/pairs/{world.pair.public_id}/closure"
    body = {"next_steps": "Brief my team", "decision": "graduate", "outcome": None}
    first = world.client("mentor").post(
        url,
        {**body, "mentor_learned": "Budgets", "mentee_learned": "Not mine to write"},
        content_type="application/json",
    )
    assert first.status_code == 201
    world.pair.refresh_from_db()
    assert world.pair.state == Pair.State.ACTIVE
    assert Closure.objects.get().mentee_learned == ""
    own = world.client("mentor").post(
        url,
        {**body, "mentor_learned": "Again", "mentee_learned": ""},
        content_type="application/json",
    )
    assert own.status_code == 400
    second = world.client("mentee").post(
        url,
        {**body, "mentor_learned": "", "mentee_learned": "Reels"},
        content_type="application/json",
    )
    assert second.status_code == 201 and "learned: Reels" in second.json()["memo"]
    world.pair.refresh_from_db()
    assert world.pair.state == Pair.State.CLOSED


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


def test_the_cohort_pages_decision_column_costs_no_extra_query(world: World) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    cohort_url = reverse("workspace:cohort", args=[world.cohort.public_id])
    lead = world.client("lead")
    with CaptureQueriesContext(connection) as before:
        lead.get(cohort_url)
    propose(world, "mentor", "continue")
    world.client("mentee").post(answer_url(world), {"answer": "confirm", "reflection": "Reels"})
    propose(world, "mentee", "graduate")
    with CaptureQueriesContext(connection) as after:
        page = lead.get(cohort_url)
    assert b"Graduate proposed on" in page.content
    assert len(after) == len(before)


def test_a_graduated_pair_keeps_no_planned_sessions_and_its_page_is_a_record(
    world: World,
) -> None:
    from datetime import timedelta

    from django.core import mail
    from django.test import TestCase
    from django.utils import timezone

    from upward.workspace.models import Session

    future = [
        Session.objects.create(pair=world.pair, starts_at=timezone.now() + timedelta(days=d))
        for d in (3, 10)
    ]
    propose(world, "mentee", "graduate")
    with TestCase.captureOnCommitCallbacks(execute=True):
        world.client("mentor").post(answer_url(world), {"answer": "confirm", "reflection": "x"})
    assert {s.status for s in Session.objects.filter(pk__in=[s.pk for s in future])} == {
        "cancelled"
    }
    # One email per member takes both sessions out of their calendar.
    cancellations = [m for m in mail.outbox if "text/calendar" in str(m.alternatives)]
    assert len(cancellations) == 2
    page = world.client("mentor").get(reverse("workspace:pair", args=[world.pair.public_id]))
    text = page.content.decode()
    assert "Record progress" not in text and "Re-plan the remaining sessions" not in text


def test_sending_a_concern_to_reshuffle_takes_the_lead_to_the_cohort_matching(world: World) -> None:
    world.client("mentor").post(
        reverse("workspace:concern", args=[world.pair.public_id]),
        {"topic": "power", "text": "We do not work well together."},
    )
    concern = Concern.objects.get()
    response = world.client("lead").post(
        reverse("workspace:concern_act", args=[concern.public_id]),
        {"action": "reshuffle", "note": "A new partner from the next round"},
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("matching:cohort", args=[world.cohort.public_id])
