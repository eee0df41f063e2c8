"""Self-declared diversity answers: the person themself and nobody else."""

from django.urls import reverse

from tests.conftest import World
from upward.people.models import DiversityProfile


def test_a_person_declares_and_sees_their_own_answers(world: World) -> None:
    client = world.client("mentor")
    response = client.post(
        reverse("me"),
        {
            "gender": "woman",
            "ethnic_minority": "yes",
            "disability": "",
            "lgbtq": "",
            "first_generation": "no",
        },
    )
    assert response.status_code == 302
    profile = DiversityProfile.objects.get(employee=world.pair.mentor.employee)
    assert (profile.gender, profile.ethnic_minority, profile.first_generation) == (
        "woman",
        "yes",
        "no",
    )
    assert b"Nobody else sees these answers" in client.get(reverse("me")).content


def test_an_invalid_answer_is_refused_with_a_message(world: World) -> None:
    response = world.client("mentor").post(reverse("me"), {"gender": "robot"})
    assert response.status_code == 400
    assert not DiversityProfile.objects.exists()


def test_hr_and_admins_never_see_the_answers(world: World) -> None:
    world.client("mentor").post(reverse("me"), {"gender": "non_binary", "lgbtq": "yes"})
    person = world.pair.mentor.employee
    for role in ("lead", "site_admin"):
        page = world.client(role).get(reverse("people:detail", args=[person.public_id]))
        assert b"Non-binary" not in page.content and b"LGBTQ" not in page.content
        api = world.client(role).get(f"/api/v1/people/{person.public_id}").json()
        assert "gender" not in api
    admin = world.client("site_admin").get("/admin/people/")
    assert b"diversity" not in admin.content.lower()
