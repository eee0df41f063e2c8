"""Every hand-off is announced by email through the one outbox: check-in replies reach the lead,
both members hear they are matched, a mentor hears a mentee asked for them, the person who raised
a concern hears the lead acted (and nothing more), sessions are reminded the day before, and a
quiet pair is nudged a week before its lead is told."""

import re
from datetime import datetime, time, timedelta

import pytest
from django.core import mail
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone

from tests.conftest import World
from tests.factories import TODAY
from tests.test_matching_flow import Org, create_round, run
from upward.flags import services as flag_services
from upward.programs.models import Pair
from upward.workspace.models import Concern, Goal, GoalUpdate, Session
from upward.workspace.reminders import nudge_quiet_pairs, remind_sessions


@pytest.fixture
def org(db) -> Org:
    return Org()


def to(address: str) -> list:
    return [m for m in mail.outbox if m.to == [address]]


def test_replies_to_a_check_in_reach_the_lead(world: World) -> None:
    with TestCase.captureOnCommitCallbacks(execute=True):
        flag_services.request_check_in(world.pair, by=None, today=TODAY)
    [message] = to(world.pair.mentor.employee.email)
    assert message.reply_to == [world.users["lead"].email]


def test_both_members_hear_who_they_are_matched_with_and_the_first_step(org: Org) -> None:
    match_round = create_round(org)
    run(org, match_round)
    with TestCase.captureOnCommitCallbacks(execute=True):
        org.client().post(
            reverse("matching:publish", args=[match_round.public_id]), {"confirm": "yes"}
        )
    pair = Pair.objects.filter(cohort=org.cohort).select_related(
        "mentor__employee", "mentee__employee"
    )[0]
    [to_mentor] = to(pair.mentor.employee.email)
    [to_mentee] = to(pair.mentee.employee.email)
    assert to_mentor.subject.endswith(f"meet your mentee: {pair.mentee.employee.display_name}")
    assert to_mentee.subject.endswith(f"meet your mentor: {pair.mentor.employee.display_name}")
    assert "agree your ground rules" in to_mentee.body
    assert reverse("workspace:pair", args=[pair.public_id]) in to_mentee.body
    assert f"starts on {org.cohort.start_date:%-d %B %Y}" in to_mentor.body  # cohort upcoming


def test_a_mentor_hears_once_that_a_mentee_asked_for_them(org: Org) -> None:
    match_round = create_round(org, mode="mentee_chooses")
    run(org, match_round)
    mentee = org.mentees[1]
    favourite = match_round.shortlist.filter(mentee=mentee).order_by("position")[0].mentor
    mail.outbox.clear()
    for _ in range(2):  # ranking again sends nothing more
        with TestCase.captureOnCommitCallbacks(execute=True):
            org.client(org.account(mentee)).post(
                reverse("matching:shortlist", args=[match_round.public_id]),
                {f"rank_{favourite.public_id}": "1"},
            )
    [message] = to(favourite.employee.email)
    assert "would like you as their mentor" in message.subject
    # The word, not the letters: a mentor called Frank is fine.
    assert "Choice" not in message.body and not re.search(r"\brank", message.body.lower())


def test_the_person_who_raised_a_concern_hears_the_lead_acted_and_nothing_more(
    world: World,
) -> None:
    mentee = world.client("mentee")
    url = reverse("workspace:concern", args=[world.pair.public_id])
    refused = mentee.post(url, {"topic": "power", "text": "   "})
    assert refused.status_code == 400  # and what was chosen comes back
    mentee.post(url, {"topic": "power", "text": "Meetings keep getting cut short."})
    concern = Concern.objects.get()
    with TestCase.captureOnCommitCallbacks(execute=True):
        world.client("lead").post(
            reverse("workspace:concern_act", args=[concern.public_id]),
            {"action": "pause", "note": "Spoke to both."},
        )
    [message] = to(world.pair.mentee.employee.email)
    assert "acted on your concern" in message.subject
    for detail in ("pause", "Spoke to both", "cut short"):
        assert detail.lower() not in message.body.lower()
    page = mentee.get(url).content.decode()
    assert "the program lead has acted on it" in page


def test_each_member_is_reminded_the_day_before_in_their_own_zone(world: World) -> None:
    mentor = world.pair.mentor.employee
    mentor.time_zone = "Asia/Singapore"
    mentor.save(update_fields=["time_zone"])
    starts = timezone.now() + timedelta(hours=20)
    Session.objects.create(pair=world.pair, starts_at=starts, agenda="first")
    goal = Goal.objects.create(
        pair=world.pair,
        text="Ship dashboards",
        metric="Dashboards",
        unit="count",
        baseline=0,
        target=4,
        deadline=TODAY + timedelta(days=30),
        owner=world.pair.mentee,
    )
    GoalUpdate.objects.create(goal=goal, value=2, noted_on=TODAY, by=world.pair.mentor)
    with TestCase.captureOnCommitCallbacks(execute=True):
        assert remind_sessions() == 2
    with TestCase.captureOnCommitCallbacks(execute=True):
        assert remind_sessions() == 0  # once per session
    [message] = to(mentor.email)
    assert "Singapore time" in message.body
    assert "Dashboards: 2 count (target 4)" in message.body


def test_a_quiet_pair_is_nudged_once(world: World) -> None:
    Pair.objects.filter(pk=world.other_pair.pk).update(state=Pair.State.PAUSED)
    last = timezone.make_aware(datetime.combine(TODAY - timedelta(days=9), time(9)))
    Session.objects.create(pair=world.pair, starts_at=last, status=Session.Status.HELD)
    with TestCase.captureOnCommitCallbacks(execute=True):
        assert nudge_quiet_pairs() == 2
        assert nudge_quiet_pairs() == 0
    assert "time to plan your next session" in to(world.pair.mentor.employee.email)[0].subject
    planned = timezone.now() + timedelta(days=2)
    Session.objects.create(pair=world.pair, starts_at=planned)
    mail.outbox.clear()
    with TestCase.captureOnCommitCallbacks(execute=True):
        assert nudge_quiet_pairs() == 0  # a session ahead: nothing to nudge
