"""Each role lands on its own home page and sees what that role is for."""

from django.test import Client
from django.urls import reverse

from tests.conftest import World
from tests.factories import PairFactory, ProgramFactory


def home(world: World, role: str) -> str:
    response = world.client(role).get(reverse("home"))
    assert response.status_code == 200
    return response.content.decode()


def test_lead_sees_their_programs_with_cohort_health(world: World) -> None:
    page = home(world, "lead")
    assert "Programs you lead" in page
    assert world.program.name in page
    assert reverse("programs:cohort", args=[world.cohort.public_id]) in page


def test_sponsor_sees_a_summary_without_names_or_links_to_pairs(world: World) -> None:
    page = home(world, "sponsor")
    assert "Programs you sponsor" in page
    assert world.pair.mentor.employee.last_name not in page
    assert reverse("programs:cohort", args=[world.cohort.public_id]) not in page


def test_mentor_lands_on_their_pair(world: World) -> None:
    page = home(world, "mentor")
    assert "You're mentoring" in page
    assert world.pair.mentee.employee.display_name in page
    assert reverse("programs:pair", args=[world.pair.public_id]) in page
    assert "Programs you lead" not in page


def test_mentee_sees_who_mentors_them(world: World) -> None:
    page = home(world, "mentee")
    assert f"Your mentor is {world.pair.mentor.employee.display_name}" in page


def test_someone_without_a_role_is_told_what_happens_next(world: World) -> None:
    assert "You're not in a program yet" in home(world, "outsider")


def test_site_admin_sees_every_program(world: World) -> None:
    other = ProgramFactory(name="Sales Academy")
    PairFactory(cohort__program=other)
    page = home(world, "site_admin")
    assert "All programs" in page and "Sales Academy" in page


def test_anonymous_visitors_are_sent_to_sign_in(world: World) -> None:
    response = world.client("anonymous").get(reverse("home"))
    assert response.status_code == 302 and response.url.startswith(reverse("login"))


def test_signing_in_with_a_password_lands_on_home(world: World) -> None:
    client = Client()
    user = world.users["lead"]
    response = client.post(
        reverse("login"), {"username": user.username, "password": "pass-for-tests"}
    )
    assert response.status_code == 302 and response.url == reverse("home")
    wrong = Client().post(reverse("login"), {"username": user.username, "password": "nope"})
    assert wrong.status_code == 200 and b"Please enter a correct" in wrong.content


def test_pages_with_personal_data_are_not_cached(world: World) -> None:
    response = world.client("lead").get(reverse("people:list"))
    assert "no-store" in response.headers["Cache-Control"]
