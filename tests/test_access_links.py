"""People imported from the HRIS get in without single sign-on: an invitation, a lead's button
or "forgot password" emails a link to choose a password. The link works once, for a week, and
the outbox never stores it; the answer to "forgot password" is the same for any address."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.test import Client, TestCase
from django.urls import reverse

from tests.conftest import World
from tests.factories import EmployeeFactory, ProgramRoleFactory
from upward.accounts.models import User
from upward.notifications.models import OutboundEmail
from upward.programs.models import Participant

LINK = re.compile(r"http://[^\s\"<>]+/accounts/password/set/[^\s\"<>]+")


def invite(world: World, employee, role: str = "mentor") -> None:
    with TestCase.captureOnCommitCallbacks(execute=True):
        world.client("lead").post(
            reverse("recruitment:recruit", args=[world.cohort.public_id]),
            {"role": role, "people": [employee.public_id]},
        )


def link_in(message) -> str:
    found = LINK.findall(message.body)
    assert found, message.body
    return found[0].replace("http://127.0.0.1:8000", "")


NEW_PASSWORD = "a-Long-and-new-pass 42"


def choose_password(client: Client, link: str, password: str = NEW_PASSWORD):
    opened = client.get(link)
    assert opened.status_code == 302  # Django moves the token out of the address bar
    form_url = opened["Location"]
    return client.post(
        form_url, {"new_password1": password, "new_password2": password}, follow=False
    )


def test_an_imported_invitee_chooses_a_password_and_lands_on_the_invitation(world: World) -> None:
    person = EmployeeFactory(level=2, first_name="Noor", email="noor@example.org")
    assert person.account is None
    invite(world, person)
    person.refresh_from_db()
    assert person.account is not None and not person.account.has_usable_password()
    [message] = mail.outbox
    assert message.subject == "Noor, you're invited to a reverse mentoring program"
    participant = Participant.objects.get(employee=person)
    browser = Client()
    response = choose_password(browser, link_in(message))
    assert response.status_code == 302
    assert response["Location"] == reverse("recruitment:invitation", args=[participant.public_id])
    page = browser.get(response["Location"])
    assert page.status_code == 200 and b"Who sees what" in page.content
    # And the next time, with the email address and the password.
    again = Client()
    signed_in = again.post(
        reverse("login"), {"username": "noor@example.org", "password": "a-Long-and-new-pass 42"}
    )
    assert signed_in.status_code == 302 and signed_in["Location"] == reverse("home")


def test_a_link_works_once(world: World) -> None:
    person = EmployeeFactory(level=2)
    invite(world, person)
    link = link_in(mail.outbox[0])
    assert choose_password(Client(), link).status_code == 302
    second = Client().get(link, follow=True)
    assert b"This link no longer works" in second.content


def test_a_link_expires_after_a_week(world: World, clock) -> None:
    person = EmployeeFactory(level=2)
    invite(world, person)
    clock.shift(timedelta(days=7, hours=1))
    expired = Client().get(link_in(mail.outbox[0]), follow=True)
    assert b"This link no longer works" in expired.content
    assert b"Send me a new link" in expired.content


def test_the_outbox_keeps_the_account_not_the_link(world: World) -> None:
    person = EmployeeFactory(level=2)
    invite(world, person)
    person.refresh_from_db()
    stored = OutboundEmail.objects.get(template="invitation")
    assert "password/set" not in str(stored.context)
    invitation_path = stored.context["link"].removeprefix("http://127.0.0.1:8000")
    assert stored.context["password_link"] == {"user": person.account_id, "next": invitation_path}


def test_someone_with_a_password_is_invited_without_a_password_link(world: World) -> None:
    invite(world, world.users["outsider"].employee)
    [message] = mail.outbox
    assert not LINK.search(message.body)


def test_forgot_password_answers_the_same_for_any_address_and_sends_once(world: World) -> None:
    known = world.users["mentor"]
    answers = []
    for address in (known.email, "nobody@example.org", known.email):
        with TestCase.captureOnCommitCallbacks(execute=True):
            response = Client().post(reverse("password_forgot"), {"email": address}, follow=True)
        answers.append(response.content.decode())
        assert "If an Upward account uses that address" in answers[-1]
    assert len(mail.outbox) == 1  # the third request, minutes later, sends nothing more
    assert mail.outbox[0].to == [known.email]
    assert choose_password(Client(), link_in(mail.outbox[0])).status_code == 302
    known.refresh_from_db()
    assert known.check_password("a-Long-and-new-pass 42")


def test_a_refused_password_comes_back_with_the_reason(world: World) -> None:
    with TestCase.captureOnCommitCallbacks(execute=True):
        Client().post(reverse("password_forgot"), {"email": world.users["mentee"].email})
    browser = Client()
    form_url = browser.get(link_in(mail.outbox[0]))["Location"]
    refused = browser.post(form_url, {"new_password1": "short", "new_password2": "short"})
    assert refused.status_code == 200
    assert b"This password is too short" in refused.content


def test_a_lead_emails_someone_a_link_from_their_page(world: World) -> None:
    person = EmployeeFactory(first_name="Kai")
    url = reverse("people:sign_in_link", args=[person.public_id])
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = world.client("lead").post(url, follow=True)
    assert b"is on its way" in response.content
    [message] = mail.outbox
    assert message.to == [person.email] and "Your program lead sent you this link" in message.body
    person.refresh_from_db()
    assert person.account is not None


def test_a_lead_who_sets_a_password_still_enrols_a_second_factor(world: World, settings) -> None:
    lead = EmployeeFactory(level=6, email="new-lead@example.org")
    with TestCase.captureOnCommitCallbacks(execute=True):
        world.client("site_admin").post(reverse("people:sign_in_link", args=[lead.public_id]))
    settings.MFA_REQUIRED = True
    lead.refresh_from_db()
    ProgramRoleFactory(program=world.program, user=lead.account, role="lead")
    browser = Client()
    choose_password(browser, link_in(mail.outbox[0]))
    first_page = browser.get(reverse("programs:list"))
    assert first_page.status_code == 302 and "two-factor" in first_page["Location"]


@pytest.mark.parametrize("path_name", ["password_forgot"])
def test_single_sign_on_only_installations_have_no_password_pages(
    world: World, settings, path_name: str
) -> None:
    settings.SSO_ONLY = True
    assert Client().get(reverse(path_name)).status_code == 404
    person = EmployeeFactory(level=2)
    invite(world, person)
    person.refresh_from_db()
    assert person.account is None  # the identity provider makes the account at first sign-in
    assert not LINK.search(mail.outbox[0].body)
    assert not User.objects.filter(email=person.email).exists()
