"""The second factor for leads and admins (ASVS 6.3.2, 6.5.1): they enrol before seeing any data,
a code works once, a stolen password cannot re-enrol, single sign-on and members are exempt."""

import re
import time
from urllib.parse import unquote

import pyotp
import pytest
from django.test import Client
from django.urls import reverse

from tests.conftest import World
from upward.accounts.mfa import STEP, check_code
from upward.accounts.models import TotpDevice

PASSWORD = "pass-for-tests"


@pytest.fixture(autouse=True)
def _mfa_on(settings) -> None:
    settings.MFA_REQUIRED = True


def signed_in(world: World, role: str) -> Client:
    client = Client()
    response = client.post(
        reverse("login"), {"username": world.users[role].username, "password": PASSWORD}
    )
    assert response.status_code == 302
    return client


def enrol(client: Client) -> str:
    page = client.get(reverse("mfa_setup")).content.decode()
    secret = re.search(r"<code>([A-Z2-7]+)</code>", page)
    assert secret is not None
    code = pyotp.TOTP(secret.group(1)).now()
    assert client.post(reverse("mfa_setup"), {"code": code}).status_code == 302
    return secret.group(1)


def test_a_lead_must_enrol_before_seeing_any_data(world: World) -> None:
    client = signed_in(world, "lead")
    blocked = client.get(reverse("programs:list"))
    assert blocked.status_code == 302 and blocked["Location"].startswith(reverse("mfa_setup"))
    assert client.get("/api/v1/programs/").status_code == 403
    page = client.get(reverse("mfa_setup")).content.decode()
    assert "data:image/svg+xml" in page  # the QR code, drawn here
    enrol(client)
    assert client.get(reverse("programs:list")).status_code == 200


def test_the_next_sign_in_asks_for_a_code_that_works_once(world: World) -> None:
    secret = enrol(signed_in(world, "site_admin"))
    client = signed_in(world, "site_admin")
    to_verify = client.get(reverse("people:list"))
    assert unquote(to_verify["Location"]).startswith(reverse("mfa_verify"))
    assert client.post(reverse("mfa_verify"), {"code": "000000"}).status_code == 400
    # The code just used to enrol is spent: a replay is refused.
    device = TotpDevice.objects.get(user=world.users["site_admin"])
    used = pyotp.TOTP(secret).at(device.last_step * STEP)
    assert client.post(reverse("mfa_verify"), {"code": used}).status_code == 400
    fresh = pyotp.TOTP(secret).at((device.last_step + 1) * STEP)
    assert check_code(device, fresh, now=(device.last_step + 1) * STEP + 1)
    assert not check_code(
        TotpDevice.objects.get(pk=device.pk), fresh, now=(device.last_step + 1) * STEP + 1
    )


def test_a_stolen_password_cannot_replace_the_authenticator(world: World) -> None:
    enrol(signed_in(world, "lead"))
    thief = signed_in(world, "lead")
    response = thief.get(reverse("mfa_setup"))
    assert unquote(response["Location"]).startswith(reverse("mfa_verify"))
    assert "<code>" not in thief.get(reverse("mfa_verify")).content.decode()


def test_members_and_single_sign_on_are_not_asked(world: World) -> None:
    member = signed_in(world, "mentor")
    assert member.get(reverse("me")).status_code == 200
    lead = Client()
    lead.force_login(world.users["lead"], backend="upward.accounts.sso.SsoBackend")
    assert lead.get(reverse("programs:list")).status_code == 200


def test_a_code_from_another_time_is_refused(world: World) -> None:
    client = signed_in(world, "lead")
    client.get(reverse("mfa_setup"))
    device = TotpDevice.objects.get(user=world.users["lead"])
    old = pyotp.TOTP(device.secret).at(time.time() - 10 * STEP)
    assert client.post(reverse("mfa_setup"), {"code": old}).status_code == 400
    assert TotpDevice.objects.get(pk=device.pk).confirmed_at is None
