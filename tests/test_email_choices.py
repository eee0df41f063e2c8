"""Each person chooses which optional emails they get; essential ones always come, and every
optional email says where to choose."""

from datetime import timedelta

from django.core import mail
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone

from tests.conftest import World
from upward.notifications.kinds import KINDS, OPTIONAL
from upward.notifications.models import EmailOptOut
from upward.notifications.outbox import queue_email
from upward.workspace.models import Session
from upward.workspace.reminders import remind_sessions


def test_every_template_we_ship_is_a_known_kind() -> None:
    from pathlib import Path

    shipped = {
        path.name.split(".")[0]
        for path in (Path(__file__).parent.parent / "templates" / "notifications").glob("*.txt")
    }
    assert shipped <= {kind.template for kind in KINDS}


def test_a_member_switches_off_session_reminders_and_only_their_partner_is_reminded(
    world: World,
) -> None:
    mentor = world.client("mentor")
    page = mentor.get(reverse("notifications:email")).content.decode()
    assert "A reminder the day before each session" in page and "Always sent" in page
    wanted = [*sorted(OPTIONAL - {"session_reminder"}), "invitation", "made_up"]
    mentor.post(reverse("notifications:email"), {"wanted": wanted})
    assert set(
        EmailOptOut.objects.filter(user=world.users["mentor"]).values_list("kind", flat=True)
    ) == {"session_reminder"}
    Session.objects.create(pair=world.pair, starts_at=timezone.now() + timedelta(hours=20))
    with TestCase.captureOnCommitCallbacks(execute=True):
        assert remind_sessions() == 1
    assert [m.to for m in mail.outbox] == [[world.pair.mentee.employee.email]]
    message = mail.outbox[0]
    link = reverse("notifications:email")
    assert "Choose which emails you get: http" in message.body and link in message.body
    html = message.alternatives[0][0]
    assert link in html
    page = mentor.get(link).content.decode()
    assert 'value="session_reminder">' in page and 'value="quiet_pair" checked>' in page


def test_essential_emails_come_even_to_someone_who_switched_everything_off(
    world: World,
) -> None:
    world.client("mentor").post(reverse("notifications:email"), {})
    assert EmailOptOut.objects.filter(user=world.users["mentor"]).count() == len(OPTIONAL)
    address = world.users["mentor"].email
    with TestCase.captureOnCommitCallbacks(execute=True):
        assert queue_email(key="k1", to=address, template="matched", context={}) is not None
        assert queue_email(key="k2", to=address, template="quiet_pair", context={}) is None
