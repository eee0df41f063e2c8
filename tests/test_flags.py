"""Flags to the lead, the actions on them, check-ins, and the scheduler that raises them."""

from datetime import datetime, time, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from tests.conftest import World
from tests.factories import TODAY, PairFactory
from upward.flags import services
from upward.flags.models import CheckIn, Flag
from upward.governance.models import Checkpoint
from upward.notifications.models import SchedulerLease
from upward.notifications.scheduler import run_once, take_lease
from upward.programs.models import Pair
from upward.surveys import services as surveys
from upward.surveys.models import Invitation, Wave
from upward.workspace.models import Goal, Session


def stale_flag(world: World) -> Flag:
    flag = services.raise_flag(
        key="stale:test",
        program=world.program,
        cohort=world.cohort,
        pair=world.pair,
        reason="stale",
        evidence="No session held since 1 Oct.",
        today=TODAY,
    )
    assert flag is not None
    return flag


def held_session(pair: Pair, days_ago: int) -> None:
    Session.objects.create(
        pair=pair,
        starts_at=timezone.make_aware(datetime.combine(TODAY - timedelta(days=days_ago), time(9))),
        status=Session.Status.HELD,
    )


def test_a_flagged_check_in_reads_exactly_like_a_routine_one(
    world: World, smtp, settings, django_capture_on_commit_callbacks
) -> None:
    settings.ROUTINE_CHECKIN_DAYS = 20  # both pairs started 25 days ago
    lead = world.users["lead"]
    # A name no member shares (Faker once gave the lead and the mentor both "Brian").
    lead.first_name = lead.employee.first_name = "Morwenna"
    lead.save(update_fields=["first_name"])
    lead.employee.save(update_fields=["first_name"])
    with django_capture_on_commit_callbacks(execute=True):
        services.act(stale_flag(world), action="check_in", note="", by=lead, today=TODAY)
    with django_capture_on_commit_callbacks(execute=True):
        assert services.routine_check_ins(TODAY) == 1  # the other pair; this one was just asked
    assert len(smtp.messages) == 4

    def shape(pair: Pair) -> list[tuple[str, str]]:
        found = []
        for member in (pair.mentor, pair.mentee):
            message = smtp.to(member.employee.email)[0]
            name = member.employee.first_name
            body = message.get_body(("plain",)).get_content()
            found.append(
                (
                    message["Subject"].replace(name, "NAME"),
                    body.replace(name, "NAME").replace(str(pair.public_id), "PAIR"),
                )
            )
        return found

    flagged, routine = shape(world.pair), shape(world.other_pair)
    # A routine check-in names no one as the asker; make both name the lead to compare words.
    routine = [(s, b.replace("Your program lead", lead.first_name)) for s, b in routine]
    assert flagged == routine
    pages = [
        world.client(role).get(reverse("workspace:pair", args=[pair.public_id])).content
        for role, pair in (("mentor", world.pair), ("other_member", world.other_pair))
    ]
    assert all(b"checks in with every pair" in page for page in pages)
    assert CheckIn.objects.get(pair=world.pair).flag is not None  # the lead's side knows why


def test_pausing_from_a_flag_pauses_the_pair_once(world: World) -> None:
    flag = services.act(
        stale_flag(world), action="pause", note="", by=world.users["lead"], today=TODAY
    )
    world.pair.refresh_from_db()
    assert world.pair.state == Pair.State.PAUSED
    assert flag.state == Flag.State.ACTED and flag.acted_by == world.users["lead"]
    with pytest.raises(ValidationError, match="already been handled"):
        services.act(flag, action="dismiss", note="x", by=world.users["lead"], today=TODAY)


def test_dismissing_needs_a_reason(world: World) -> None:
    flag = stale_flag(world)
    with pytest.raises(ValidationError, match="Say why"):
        services.act(flag, action="dismiss", note="  ", by=world.users["lead"], today=TODAY)
    flag.refresh_from_db()
    assert flag.state == Flag.State.OPEN
    services.act(flag, action="dismiss", note="On holiday", by=world.users["lead"], today=TODAY)
    flag.refresh_from_db()
    assert (flag.state, flag.note) == (Flag.State.DISMISSED, "On holiday")


def test_send_to_reshuffle_takes_the_lead_to_matching(world: World) -> None:
    flag = stale_flag(world)
    response = world.client("lead").post(
        reverse("flags:act", args=[flag.public_id]), {"action": "reshuffle"}
    )
    matching = reverse("matching:cohort", args=[world.cohort.public_id])
    assert response.url == f"{matching}?pair={world.pair.public_id}#reshuffle-heading"
    flag.refresh_from_db()
    assert flag.action == "reshuffle"


def test_a_stale_pair_is_flagged_once(world: World) -> None:
    held_session(world.pair, days_ago=30)
    held_session(world.pair, days_ago=23)  # planned weekly; 23 days > 1.5 x 7
    held_session(world.other_pair, days_ago=3)
    assert services.detect(TODAY) == 1
    assert services.detect(TODAY) == 0
    flag = Flag.objects.get()
    assert flag.pair == world.pair and flag.reason == "stale"
    assert "every 7 days" in flag.evidence and "the rule is 10" in flag.evidence


def test_a_goal_far_behind_is_flagged_as_stagnant(world: World) -> None:
    held_session(world.pair, days_ago=2)
    held_session(world.other_pair, days_ago=2)
    Goal.objects.create(
        pair=world.pair,
        text="Ship it",
        metric="Posts",
        unit="posts",
        baseline=0,
        target=10,
        deadline=TODAY + timedelta(days=5),
        owner=world.pair.mentee,
    )
    services.detect(TODAY)
    flag = Flag.objects.get(reason="stagnant")
    assert "off track" in flag.evidence


def test_a_missed_sponsor_checkpoint_is_flagged(world: World) -> None:
    held_session(world.pair, days_ago=1)
    held_session(world.other_pair, days_ago=1)
    Checkpoint.objects.create(program=world.program, kind="mid", due_date=TODAY - timedelta(days=3))
    assert services.detect(TODAY) == 1
    assert "has not been recorded" in Flag.objects.get(reason="missed_checkpoint").evidence


def test_the_inbox_shows_evidence_and_never_who_said_what(
    world: World, django_capture_on_commit_callbacks
) -> None:
    wave = surveys.add_wave(
        cohort=world.cohort,
        label="Pulse 2",
        instrument_keys=["pair_safety"],
        opens_on=TODAY,
        closes_on=TODAY + timedelta(days=14),
    )
    with django_capture_on_commit_callbacks(execute=True):
        surveys.open_wave(wave)
    invitation = Invitation.objects.get(wave=wave, participant=world.pair.mentee)
    answers = {
        "pair_safety.disagree_safely": "1",
        "pair_safety.hold_back": "7",
        "pair_safety.mistakes_ok": "2",
        "pair_safety.valued": "3",
    }
    surveys.submit(invitation, answers, TODAY)
    services.check_pulses()  # the daily batch
    page = world.client("lead").get(reverse("flags:inbox")).content.decode()
    assert "Low psychological safety" in page and "pause the pair and check in" in page
    assert "from the mentee" not in page and "from the mentor" not in page
    assert "hold back" not in page  # no item text or answer reaches the lead
    assert world.client("sponsor").get(reverse("flags:inbox")).status_code == 403


def test_the_scheduler_opens_reminds_and_closes_waves_by_date(
    world: World, smtp, django_capture_on_commit_callbacks
) -> None:
    surveys.add_wave(
        cohort=world.cohort,
        label="Due",
        instrument_keys=["feedback"],
        opens_on=TODAY - timedelta(days=5),
        closes_on=TODAY + timedelta(days=5),
    )
    past = surveys.add_wave(
        cohort=world.cohort,
        label="Past",
        instrument_keys=["feedback"],
        opens_on=TODAY - timedelta(days=20),
        closes_on=TODAY - timedelta(days=1),
    )
    Wave.objects.filter(pk=past.pk).update(state=Wave.State.OPEN)
    with django_capture_on_commit_callbacks(execute=True):
        report = run_once(holder="test")
    assert report["survey_waves"] == "ok: 1 opened, 1 closed"
    assert report["survey_reminders"] == "ok: 4 reminders queued"  # opened 5 days ago: reminder 1
    # (The world's pairs have met for weeks without a session: their nudges go out too.)
    surveys_sent = [m for m in smtp.messages if "survey" in m["Subject"]]
    subjects = sorted(m["Subject"].split(", ", 1)[1] for m in surveys_sent)
    assert (
        subjects
        == ["a short survey from your mentoring program"] * 4 + ["your survey is still open"] * 4
    )
    # Their turn comes round again (an hour later, without moving the day): nothing is repeated.
    SchedulerLease.objects.filter(job__endswith=":due").update(until=None)
    with django_capture_on_commit_callbacks(execute=True):
        again = run_once(holder="test")
    assert again["survey_waves"] == "ok: 0 opened, 0 closed"
    assert again["survey_reminders"] == "ok: 0 reminders queued"
    assert len([m for m in smtp.messages if "survey" in m["Subject"]]) == 8


def test_a_job_held_by_another_scheduler_is_skipped(world: World) -> None:
    assert take_lease("flags", "machine-a:1", seconds=300)
    report = run_once(holder="machine-b:2")
    assert report["flags"] == "skipped: another scheduler holds it"
    assert report["survey_waves"].startswith("ok")
    SchedulerLease.objects.filter(job="flags").update(until=timezone.now() - timedelta(seconds=1))
    assert take_lease("flags", "machine-b:2", seconds=300)  # an expired lease is free


def test_paused_pairs_get_no_routine_check_in(world: World, settings) -> None:
    settings.ROUTINE_CHECKIN_DAYS = 20
    Pair.objects.filter(pk=world.other_pair.pk).update(state=Pair.State.PAUSED)
    PairFactory(cohort=world.cohort, started_on=TODAY - timedelta(days=3))
    assert services.routine_check_ins(TODAY) == 1
    assert services.routine_check_ins(TODAY) == 0
