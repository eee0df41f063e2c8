"""Sign-in and sessions (ASVS V6, V7): throttling and lockout counted in the database, one answer
for an unknown name and a wrong password, a new session key at sign-in, idle and absolute
timeouts, and a lead ending someone's sessions."""

import time

from django.test import Client
from django.urls import reverse

from tests.conftest import World
from upward.accounts.middleware import SEEN, STARTED

PASSWORD = "pass-for-tests"  # tests.factories.UserFactory


def sign_in(client: Client, username: str, password: str) -> int:
    response = client.post(reverse("login"), {"username": username, "password": password})
    return response.status_code


def test_five_failures_lock_the_name_even_with_the_right_password(world: World) -> None:
    name = world.users["mentor"].username
    assert [sign_in(Client(), name, "wrong") for _ in range(4)] == [200] * 4
    assert sign_in(Client(), name, "wrong") == 429  # the fifth, from a fresh session
    locked = Client().post(reverse("login"), {"username": name, "password": PASSWORD})
    assert locked.status_code == 429
    assert "Too many sign-in attempts" in locked.content.decode()
    assert "_auth_user_id" not in locked.client.session


def test_failures_are_counted_in_the_database_whichever_process_served_them(
    world: World,
) -> None:
    from axes.models import AccessAttempt

    name = world.users["lead"].username
    for _ in range(3):
        sign_in(Client(), name, "wrong")
    assert AccessAttempt.objects.get(username=name).failures_since_start == 3


def test_unknown_name_and_wrong_password_get_the_same_answer(world: World) -> None:
    unknown = Client().post(reverse("login"), {"username": "nobody", "password": "x"})
    wrong = Client().post(
        reverse("login"), {"username": world.users["lead"].username, "password": "x"}
    )
    assert unknown.status_code == wrong.status_code == 200
    assert unknown.context["form"].non_field_errors() == wrong.context["form"].non_field_errors()


def test_signing_in_rotates_the_session_key(world: World) -> None:
    client = Client()
    client.get(reverse("login"))
    client.session.save()
    before = client.session.session_key
    assert sign_in(client, world.users["lead"].username, PASSWORD) == 302
    assert client.session.session_key != before


def _signed_in(world: World, role: str) -> Client:
    client = Client()
    assert sign_in(client, world.users[role].username, PASSWORD) == 302
    assert client.get(reverse("me")).status_code == 200
    return client


def _age_session(client: Client, **marks: float) -> None:
    session = client.session
    for name, value in marks.items():
        session[name] = value
    session.save()


def test_a_session_ends_after_thirty_idle_minutes(world: World) -> None:
    client = _signed_in(world, "lead")
    _age_session(client, **{SEEN: time.time() - 31 * 60})
    assert client.get(reverse("me")).status_code == 302
    assert client.get(reverse("me")).status_code == 302  # and stays ended


def test_a_busy_session_still_ends_after_twelve_hours(world: World) -> None:
    client = _signed_in(world, "lead")
    _age_session(client, **{STARTED: time.time() - 12 * 3600 - 60, SEEN: time.time()})
    assert client.get(reverse("me")).status_code == 302


def test_an_active_session_carries_on(world: World) -> None:
    client = _signed_in(world, "lead")
    _age_session(client, **{SEEN: time.time() - 10 * 60})
    assert client.get(reverse("me")).status_code == 200


def test_a_lead_signs_someone_out_everywhere(world: World) -> None:
    laptop, phone = _signed_in(world, "mentor"), _signed_in(world, "mentor")
    employee = world.pair.mentor.employee
    response = world.client("lead").post(reverse("people:end_sessions", args=[employee.public_id]))
    assert response.status_code == 302
    assert laptop.get(reverse("me")).status_code == 302
    assert phone.get(reverse("me")).status_code == 302
    assert _signed_in(world, "mentor").get(reverse("me")).status_code == 200  # may come back
