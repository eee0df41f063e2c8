"""Profiles in people's own words, with a photo resized on our side and shown only to the people
who share a program with its owner."""

from io import BytesIO

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from tests.conftest import World
from tests.factories import EmployeeFactory, PairFactory, UserFactory
from upward.accounts.models import Profile
from upward.accounts.profiles import photo_path
from upward.privacy.erasure import erase_person


def png_with_location(size: tuple[int, int] = (1200, 800)) -> SimpleUploadedFile:
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # camera make: must not survive
    data = BytesIO()
    Image.new("RGB", size, "orange").save(data, "JPEG", exif=exif.tobytes())
    return SimpleUploadedFile("me.jpg", data.getvalue(), content_type="image/jpeg")


def test_a_mentor_writes_a_profile_and_their_pair_sees_it_with_the_photo(world: World) -> None:
    mentor = world.client("mentor")
    saved = mentor.post(
        reverse("profile"),
        {
            "about": "Data analyst, two years in.",
            "offers": "Prompting, dashboards",
            "wants": "How budgets get decided",
            "photo": png_with_location(),
        },
    )
    assert saved.status_code == 302
    profile = Profile.objects.get(user=world.users["mentor"])
    stored = Image.open(photo_path(profile.photo))
    assert stored.size == (320, 320) and stored.format == "JPEG"
    assert not stored.getexif()  # re-encoded: the camera details are gone
    url = reverse("programs:photo", args=[world.users["mentor"].public_id])
    seen = world.client("mentee").get(url)
    assert seen.status_code == 200 and seen["Content-Type"] == "image/jpeg"
    assert world.client("outsider").get(url).status_code == 404
    assert world.client("anonymous").get(url).status_code == 302


def test_someone_in_another_program_cannot_see_the_photo(world: World) -> None:
    world.client("mentor").post(reverse("profile"), {"about": "x", "photo": png_with_location()})
    elsewhere = PairFactory()  # another program
    user = UserFactory()
    employee = elsewhere.mentor.employee
    employee.account = user
    employee.save(update_fields=["account"])
    from django.test import Client

    client = Client()
    client.force_login(user)
    assert (
        client.get(reverse("programs:photo", args=[world.users["mentor"].public_id])).status_code
        == 404
    )


def test_a_refused_photo_keeps_what_was_typed_and_saves_nothing(world: World) -> None:
    bad = SimpleUploadedFile("cv.pdf", b"%PDF-1.4 not an image", content_type="image/png")
    response = world.client("mentee").post(
        reverse("profile"),
        {"about": "Thirty years in logistics", "wants": "AI for planning", "photo": bad},
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "not a photo we can read" in page
    assert "Thirty years in logistics" in page and "AI for planning" in page
    assert not Profile.objects.filter(user=world.users["mentee"]).exists()


def test_too_long_a_profile_is_refused_with_the_count(world: World) -> None:
    response = world.client("mentee").post(reverse("profile"), {"about": "a" * 601})
    assert response.status_code == 400
    assert "Keep “About you” to 600 characters (it has 601)" in response.content.decode()


def test_removing_the_photo_deletes_the_file(
    world: World, django_capture_on_commit_callbacks
) -> None:
    client = world.client("mentor")
    client.post(reverse("profile"), {"about": "x", "photo": png_with_location()})
    name = Profile.objects.get(user=world.users["mentor"]).photo
    with django_capture_on_commit_callbacks(execute=True):  # the file goes once the row says so
        client.post(reverse("profile"), {"about": "x", "remove_photo": "on"})
    assert Profile.objects.get(user=world.users["mentor"]).photo == ""
    assert not photo_path(name).exists()


def test_erasure_removes_the_profile_and_the_photo(world: World) -> None:
    world.client("mentor").post(reverse("profile"), {"about": "x", "photo": png_with_location()})
    name = Profile.objects.get(user=world.users["mentor"]).photo
    erase_person(world.pair.mentor.employee, by=world.users["site_admin"])
    assert not Profile.objects.filter(user=world.users["mentor"]).exists()
    assert not photo_path(name).exists()


def test_a_person_without_an_employee_record_can_still_write_one(db) -> None:
    from django.test import Client

    user = UserFactory()
    EmployeeFactory()
    client = Client()
    client.force_login(user)
    assert client.post(reverse("profile"), {"about": "Hello"}).status_code == 302


def test_the_pair_page_shows_each_members_own_words(world: World) -> None:
    world.client("mentor").post(
        reverse("profile"), {"about": "I build dashboards for fun.", "photo": png_with_location()}
    )
    page = world.client("mentee").get(reverse("workspace:pair", args=[world.pair.public_id]))
    text = page.content.decode()
    assert "I build dashboards for fun." in text
    assert reverse("programs:photo", args=[world.users["mentor"].public_id]) in text
    mentee_name = world.pair.mentee.employee.first_name
    assert f"{mentee_name} has not written a profile yet." in text


def test_a_member_sets_their_own_time_zone_from_their_profile(world: World) -> None:
    client = world.client("mentee")
    assert 'name="zone" data-time-zone' in client.get(reverse("me")).content.decode()
    client.post(reverse("time_zone"), {"zone": "Asia/Singapore"})
    world.pair.mentee.employee.refresh_from_db()
    assert world.pair.mentee.employee.time_zone == "Asia/Singapore"
    refused = client.post(reverse("time_zone"), {"zone": "Atlantis"}, follow=True)
    assert refused.status_code == 200
    world.pair.mentee.employee.refresh_from_db()
    assert world.pair.mentee.employee.time_zone == "Asia/Singapore"
