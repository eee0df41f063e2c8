"""The lead's home lists the pairs that need them and what waits; the sponsor's lists a charter
to sign and the checkpoints coming, and the sponsor is emailed a week before each checkpoint."""

from datetime import timedelta

from django.core import mail
from django.test import TestCase
from django.urls import reverse

from tests.clock import TODAY
from tests.conftest import World
from upward.flags.models import Flag
from upward.governance.models import CharterSignature, CharterVersion, Checkpoint
from upward.governance.reminders import remind_sponsors_of_checkpoints
from upward.programs.models import Participant
from upward.workspace.models import Concern


def home(world: World, role: str) -> str:
    return world.client(role).get(reverse("home")).content.decode()


def flag(world: World, reason: str, key: str) -> Flag:
    return Flag.objects.create(
        key=key,
        program=world.program,
        cohort=world.cohort,
        pair=world.pair,
        reason=reason,
        evidence="e",
        raised_on=TODAY,
    )


def test_a_lead_with_nothing_waiting_is_told_so(world: World) -> None:
    CharterSignature.objects.create(
        charter=CharterVersion.objects.create(program=world.program, version=1, objective="x"),
        signer=world.users["sponsor"],
    )
    page = home(world, "lead")
    assert "Waiting for you" in page and "Nothing waits for you" in page


def test_the_lead_sees_each_pair_that_needs_them_once_with_its_reasons(world: World) -> None:
    flag(world, "stale", "a")
    flag(world, "low_safety", "b")
    Concern.objects.create(pair=world.pair, raised_by=world.pair.mentee, topic="other", text="x")
    page = home(world, "lead")
    mentor, mentee = world.pair.mentor.employee, world.pair.mentee.employee
    names = f"{mentor.display_name} and {mentee.display_name}"
    assert page.count(f"{names} need you") == 1
    assert f"#pair-{world.pair.public_id}" in page
    assert "1 concern waiting for you" in page
    for role in ("sponsor", "analyst", "mentor", "mentee"):
        assert "need you" not in home(world, role)  # the lead's, and only the lead's


def test_the_lead_sees_who_has_not_answered_and_the_unsigned_charter(world: World) -> None:
    Participant.objects.filter(pk=world.other_pair.mentee.pk).update(
        state=Participant.State.INVITED
    )
    CharterVersion.objects.create(program=world.program, version=1, objective="x")
    page = home(world, "lead")
    assert "1 person has not answered their invitation" in page
    assert f"The charter of {world.program.name} waits for the sponsor" in page
    assert f"Sign the charter of {world.program.name}" in home(world, "sponsor")


def test_the_sponsor_hears_once_a_week_ahead_and_sees_it_at_home(world: World) -> None:
    program = world.program
    Checkpoint.objects.create(
        program=program, cohort=world.cohort, kind="mid", due_date=TODAY + timedelta(days=6)
    )
    Checkpoint.objects.create(program=program, kind="quarterly", due_date=TODAY + timedelta(days=9))
    with TestCase.captureOnCommitCallbacks(execute=True):
        assert remind_sponsors_of_checkpoints() == 1  # the one within a week
        assert remind_sponsors_of_checkpoints() == 0  # once
    [message] = mail.outbox
    assert message.to == [world.users["sponsor"].email]
    assert f"Mid-pilot review, {world.cohort.name}" in message.subject
    link = str(reverse("governance:governance", args=[program.public_id]))
    assert link in message.body
    assert world.client("sponsor").get(link).status_code == 200  # the link opens for them
    page = home(world, "sponsor")
    assert f"Mid-pilot review, {world.cohort.name} on" in page
    assert "Quarterly checkpoint on" in page  # within the fortnight the home page shows


def test_a_closed_program_sends_no_checkpoint_notice(world: World) -> None:
    world.program.state = "closed"
    world.program.save(update_fields=["state"])
    Checkpoint.objects.create(program=world.program, kind="close", due_date=TODAY)
    assert remind_sponsors_of_checkpoints() == 0
