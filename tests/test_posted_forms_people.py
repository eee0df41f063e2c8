"""A malformed id or choice posted to the people, account, privacy, webhook, token, email and
setup pages is refused in words (a 400, or the page's own message), never a 500, and changes
nothing."""

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from tests.conftest import World
from upward.accounts.models import Profile
from upward.integrations.models import ApiToken
from upward.notifications.models import EmailOptOut
from upward.people.models import Employee
from upward.programs.models import ProgramRole
from upward.webhooks.models import Webhook

WEBHOOK = {"name": "#people", "kind": "generic", "url": "https://example.com/hook"}
TOKEN = {"name": "Workday", "scope": "read"}


def _webhooks(world: World) -> str:
    return reverse("webhooks:list", args=[world.program.public_id])


def _role_change(world: World) -> str:
    return reverse("setup:person_change", args=[world.pair.mentor.employee.public_id])


def _nothing_written(world: World) -> bool:
    return (
        not Webhook.objects.exists()
        and not ApiToken.objects.exists()
        and not ProgramRole.objects.filter(user=world.users["mentor"]).exists()
        and not Profile.objects.exclude(about="").exists()
    )


CASES: dict[str, tuple[str, Callable[[World], str], dict[str, Any], str]] = {
    "webhook with an unknown event": (
        "lead",
        _webhooks,
        {**WEBHOOK, "events": ["made_up"]},
        "Choose at least one event to send.",
    ),
    "token for a program id that is not one": (
        "site_admin",
        lambda world: reverse("integrations:tokens"),
        {**TOKEN, "program": "not-a-uuid"},
        "Choose a program from the list.",
    ),
    "token lasting days that are not a number": (
        "site_admin",
        lambda world: reverse("integrations:tokens"),
        {**TOKEN, "program": "", "days": "soon"},
        "A token lasts 1 to 730 days",
    ),
    "role for a program id that is not one": (
        "site_admin",
        _role_change,
        {"change": "grant", "role": "lead", "program": "not-a-uuid"},
        "Select a valid choice.",
    ),
    "role that does not exist": (
        "site_admin",
        _role_change,
        {"change": "grant", "role": "emperor", "program": ""},
        "Select a valid choice.",
    ),
    "role change that is neither grant nor remove": (
        "site_admin",
        _role_change,
        {"change": "maybe", "role": "lead", "program": ""},
        "Select a valid choice. maybe is not one of the available choices.",
    ),
    "profile text with a null character": (
        "mentor",
        lambda world: reverse("profile"),
        {"about": "Hello\x00there", "offers": "", "wants": ""},
        "Null characters are not allowed.",
    ),
}


@pytest.mark.parametrize("case", CASES)
def test_a_malformed_value_is_a_400_in_words_and_nothing_is_written(
    world: World, case: str
) -> None:
    role, url, data, words = CASES[case]
    response = world.client(role).post(url(world), data)
    assert response.status_code == 400
    assert words in response.content.decode()
    assert _nothing_written(world)


def test_the_email_choices_ignore_a_kind_they_do_not_know(world: World) -> None:
    """A kind a newer or older page offered is not the person's mistake: the rest counts."""
    response = world.client("mentor").post(reverse("notifications:email"), {"wanted": ["made_up"]})
    assert response.status_code == 302
    assert EmailOptOut.objects.filter(user=world.users["mentor"]).exists()


def test_an_erasure_without_the_typed_word_says_so_and_erases_nothing(world: World) -> None:
    person = world.pair.mentor.employee
    url = reverse("privacy:erase", args=[person.public_id])
    response = world.client("site_admin").post(url, {"confirm": "yes"}, follow=True)
    assert "to confirm; nothing was changed." in response.content.decode()
    assert not Employee.objects.get(pk=person.pk).email.endswith("@erased.invalid")


def test_an_unknown_time_zone_says_so_and_keeps_the_old_one(world: World) -> None:
    mentor: Client = world.client("mentor")
    before = Employee.objects.get(account=world.users["mentor"]).time_zone
    response = mentor.post(reverse("time_zone"), {"zone": "Not/AZone"}, follow=True)
    assert "know the time zone “Not/AZone”" in response.content.decode().replace("&#x27;", "'")
    assert Employee.objects.get(account=world.users["mentor"]).time_zone == before


def test_a_wrong_second_factor_code_is_refused_in_words(world: World) -> None:
    response = world.client("lead").post(reverse("mfa_setup"), {"code": "not-a-code"})
    assert response.status_code == 400
    assert "That code did not match" in response.content.decode()
