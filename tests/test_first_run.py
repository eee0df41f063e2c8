"""First run on an empty install: the site admin's checklist and people's roles, through HTTP."""

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.test import Client, TestCase
from django.urls import reverse

from tests.conftest import World
from tests.factories import EmployeeFactory, ProgramFactory, UserFactory
from upward.audit.models import AuditEvent
from upward.competencies.models import Competency, CompetencyLevel
from upward.domain.competency_framework import STARTER_FRAMEWORK
from upward.notifications.models import OutboundEmail
from upward.programs.models import ProgramRole
from upward.web.setup import site_admin_remove


@pytest.fixture
def admin(db) -> Client:
    client = Client()
    user = UserFactory(is_superuser=True, is_staff=True, email="root@example.org")
    client.force_login(user)
    client.user = user  # type: ignore[attr-defined]
    return client


def item(page: str, key: str) -> str:
    start = page.index(f'id="check-{key}"')
    return page[start : page.index("</li>", start)]


def test_an_empty_install_shows_everything_still_to_do(admin: Client) -> None:
    page = admin.get(reverse("setup:home")).content.decode()
    assert "People data imported (to do)" in page
    assert "The competency framework is empty" in item(page, "framework")
    assert "Load the starter framework" in item(page, "framework")
    assert "No test email sent yet" in item(page, "email")
    assert "Design the first program and name its lead" in item(page, "lead")


def test_the_checklist_ticks_itself_from_the_data(admin: Client) -> None:
    lead = UserFactory(first_name="Lena", last_name="Ortiz")
    ProgramRole.objects.create(program=ProgramFactory(name="Pilot"), user=lead, role="lead")
    EmployeeFactory()
    page = admin.get(reverse("setup:home")).content.decode()
    assert "First program lead named (done)" in page and "Lena Ortiz leads Pilot" in page
    assert "People data imported (done)" in page and "1 person is in Upward" in page
    assert "Competency framework (to do)" in page


def test_the_starter_framework_loads_once_however_often_it_is_asked(admin: Client) -> None:
    first = admin.post(reverse("setup:framework"), follow=True).content.decode()
    assert f"{len(STARTER_FRAMEWORK)} competencies added" in first
    assert "Competency framework (done)" in first
    again = admin.post(reverse("setup:framework"), follow=True).content.decode()
    assert "already loaded: nothing changed" in again
    assert Competency.objects.count() == len(STARTER_FRAMEWORK)
    assert CompetencyLevel.objects.count() == 5 * len(STARTER_FRAMEWORK)


def test_a_test_email_goes_through_the_outbox_and_the_checklist_says_when_it_was_sent(
    admin: Client,
) -> None:
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = admin.post(reverse("setup:test_email"), follow=True)
    assert "A test email is on its way to root@example.org" in response.content.decode()
    [message] = mail.outbox
    assert message.to == ["root@example.org"] and "your email settings work" in message.subject
    assert "/setup/" in message.body
    page = admin.get(reverse("setup:home")).content.decode()
    assert "Email and site address (done)" in page
    assert "The last test email to root@example.org was sent at" in page


def test_a_test_email_the_mail_server_refuses_shows_why(admin: Client, settings) -> None:
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": 1, "timeout": 2},
        }
    }
    with TestCase.captureOnCommitCallbacks(execute=True):
        admin.post(reverse("setup:test_email"))
    assert OutboundEmail.objects.get().last_error
    page = admin.get(reverse("setup:home")).content.decode()
    assert "Email and site address (to do)" in page
    assert "has not gone yet; it will be tried again. The mail server said:" in page


def test_an_admin_finds_a_person_and_sees_their_roles(world: World) -> None:
    lead = world.users["lead"].employee
    page = (
        world.client("site_admin").get(reverse("setup:roles"), {"q": lead.email}).content.decode()
    )
    assert lead.display_name in page and "Program lead of Digital Fluency" in page
    nobody = world.client("site_admin").get(reverse("setup:roles"), {"q": "zzz-nobody"})
    assert "Nobody matches" in nobody.content.decode()


def test_granting_a_role_to_someone_without_an_account_makes_one_and_emails_a_link(
    world: World,
) -> None:
    ada = EmployeeFactory(first_name="Ada", last_name="Lovelace", email="ada@example.org")
    url = reverse("setup:person_change", args=[ada.public_id])
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = world.client("site_admin").post(
            url, {"change": "grant", "role": "lead", "program": world.program.public_id}
        )
    assert response.url == reverse("setup:person", args=[ada.public_id])
    ada.refresh_from_db()
    assert ada.account is not None and not ada.account.has_usable_password()
    assert ProgramRole.objects.filter(program=world.program, user=ada.account, role="lead")
    [message] = mail.outbox
    assert message.to == ["ada@example.org"] and "/password/set/" in message.body
    event = AuditEvent.objects.filter(action="role_changed", subject__isnull=False).get()
    assert event.details == {"change": "granted", "role": "lead"}
    page = world.client("site_admin").get(response.url).content.decode()
    assert "Program lead of" in page and "Remove program lead of Digital Fluency" in page
    assert "program lead of Digital Fluency granted by" in page


def test_removing_a_program_role_is_audited_and_a_program_keeps_a_lead(world: World) -> None:
    analyst = world.users["analyst"].employee
    client = world.client("site_admin")
    client.post(
        reverse("setup:person_change", args=[analyst.public_id]),
        {"change": "remove", "role": "analyst", "program": world.program.public_id},
    )
    assert not ProgramRole.objects.filter(user=world.users["analyst"], role="analyst").exists()
    page = client.get(reverse("setup:person", args=[analyst.public_id])).content.decode()
    assert "people analyst of Digital Fluency removed by" in page
    lead = world.users["lead"].employee
    refused = client.post(
        reverse("setup:person_change", args=[lead.public_id]),
        {"change": "remove", "role": "lead", "program": world.program.public_id},
        follow=True,
    )
    assert "the only lead of Digital Fluency" in refused.content.decode()
    assert ProgramRole.objects.filter(user=world.users["lead"], role="lead").exists()


def test_a_program_role_needs_its_program(world: World) -> None:
    person = EmployeeFactory()
    response = world.client("site_admin").post(
        reverse("setup:person_change", args=[person.public_id]), {"change": "grant", "role": "lead"}
    )
    assert (
        response.status_code == 400 and b"Choose the program this role is for" in response.content
    )
    assert person.account is None


def test_site_admin_is_granted_and_removed_but_never_from_yourself(world: World) -> None:
    analyst = world.users["analyst"]
    client = world.client("site_admin")
    url = reverse("setup:person_change", args=[analyst.employee.public_id])
    client.post(url, {"change": "grant", "role": "site_admin"})
    analyst.refresh_from_db()
    assert analyst.is_superuser and analyst.is_staff

    own = world.client("analyst").post(url, {"change": "remove", "role": "site_admin"}, follow=True)
    assert "cannot remove your own site admin role" in own.content.decode()
    analyst.refresh_from_db()
    assert analyst.is_superuser

    client.post(url, {"change": "remove", "role": "site_admin"})
    analyst.refresh_from_db()
    assert not analyst.is_superuser and not analyst.is_staff
    page = client.get(reverse("setup:person", args=[analyst.employee.public_id])).content.decode()
    assert "site admin removed by" in page and "site admin granted by" in page


def test_the_last_site_admin_is_never_removed(world: World) -> None:
    only = world.users["site_admin"]
    only.is_superuser = False
    only.save(update_fields=["is_superuser"])
    last = world.users["lead"]
    last.is_superuser = True
    last.save(update_fields=["is_superuser"])
    # Another admin's removal still in flight: it must not leave the installation without one.
    with pytest.raises(ValidationError, match="the last site admin"):
        site_admin_remove(employee=last.employee, actor=only)
    last.refresh_from_db()
    assert last.is_superuser


def test_the_setup_pages_are_linked_for_site_admins_only(world: World) -> None:
    assert reverse("setup:home") in world.client("site_admin").get("/").content.decode()
    assert reverse("setup:home") not in world.client("lead").get("/").content.decode()
