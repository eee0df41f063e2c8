"""Recruitment, consent and intake; the inversion matrix."""

from datetime import timedelta

import pytest
from django.core import mail
from django.db import connection
from django.test import Client, TestCase
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.conftest import World
from tests.factories import (
    TODAY,
    CohortFactory,
    CompetencyFactory,
    DepartmentFactory,
    EmployeeFactory,
    ParticipantFactory,
    SkillRatingFactory,
    UserFactory,
)
from upward.competencies.models import SkillRating
from upward.matching.models import MatchProfile
from upward.people.models import Department, Employee
from upward.programs.models import Participant


def invite(world: World, *people, role: str = "mentor"):
    with TestCase.captureOnCommitCallbacks(execute=True):
        return world.client("lead").post(
            reverse("recruitment:recruit", args=[world.cohort.public_id]),
            {"role": role, "people": [p.public_id for p in people]},
            follow=True,
        )


def account_for(employee):
    user = UserFactory(first_name=employee.first_name)
    employee.account = user
    employee.save(update_fields=["account"])
    client = Client()
    client.force_login(user)
    return client


def test_the_lead_filters_candidates_and_invites_them_by_email(world: World) -> None:
    design = DepartmentFactory(name="Design")
    junior = EmployeeFactory(
        level=2, department=design, first_name="Ada", hire_date=TODAY - timedelta(days=500)
    )
    EmployeeFactory(level=2, department=design, hire_date=TODAY - timedelta(days=30))
    page = (
        world.client("lead")
        .get(
            reverse("recruitment:recruit", args=[world.cohort.public_id]),
            {
                "role": "mentor",
                "level_max": 3,
                "department": design.public_id,
                "min_tenure_years": 1,
            },
        )
        .content.decode()
    )
    assert junior.display_name in page and "Showing 1 of 1" in page
    response = invite(world, junior)
    assert b"Invited 1" in response.content
    participant = Participant.objects.get(employee=junior)
    assert participant.state == "invited" and participant.invited_at
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.subject == "Ada, you're invited to a reverse mentoring program"
    assert str(participant.public_id) in message.body
    assert message.alternatives[0].mimetype == "text/html"


def test_inviting_someone_who_left_or_is_already_in_is_refused(world: World) -> None:
    leaver = EmployeeFactory(status="exited", exit_date=TODAY, exit_type="voluntary")
    response = invite(world, leaver)
    assert b"has left the organisation" in response.content
    already = invite(world, world.pair.mentor.employee)
    assert b"Already in this cohort" in already.content
    assert not Participant.objects.filter(employee=leaver).exists()
    assert not mail.outbox


def test_an_invitee_must_consent_to_opt_in_and_may_decline(world: World) -> None:
    person = EmployeeFactory(level=2)
    invite(world, person)
    participant = Participant.objects.get(employee=person)
    client = account_for(person)
    url = reverse("recruitment:invitation", args=[participant.public_id])
    assert b"Who sees what" in client.get(url).content
    refused = client.post(url, {"answer": "accept"})
    assert refused.status_code == 400 and b"Tick the box" in refused.content
    client.post(url, {"answer": "decline"})
    participant.refresh_from_db()
    assert participant.state == "declined"
    accepted = client.post(url, {"answer": "accept", "consent": "on"})
    participant.refresh_from_db()
    assert accepted.url == reverse("recruitment:intake", args=[participant.public_id])
    assert participant.state == "active" and participant.consent_at


def test_intake_feeds_matching(world: World) -> None:
    ai, video = CompetencyFactory(name="AI tools"), CompetencyFactory(name="Video")
    leader = EmployeeFactory(level=8)
    invite(world, leader, role="mentee")
    participant = Participant.objects.get(employee=leader)
    client = account_for(leader)
    client.post(
        reverse("recruitment:invitation", args=[participant.public_id]),
        {"answer": "accept", "consent": "on"},
    )
    url = reverse("recruitment:intake", args=[participant.public_id])
    form = {
        "goals": "Use AI in planning",
        "interests": ["AI tools"],
        "slots": ["mon-am"],
        "time_zone": "Europe/Berlin",
        "channel": "video",
        "language": "English",
        f"level_{ai.pk}": "1",
        f"level_{video.pk}": "2",
    }
    too_few = client.post(url, form)
    assert too_few.status_code == 400 and b"Choose between 1 and 5 skills" in too_few.content
    done = client.post(url, {**form, "wants": [ai.pk, video.pk]})
    assert done.status_code == 302
    participant.refresh_from_db()
    assert participant.intake_completed_at and participant.goals == "Use AI in planning"
    profile = MatchProfile.objects.get(participant=participant)
    assert set(profile.wants.all()) == {ai, video} and profile.slots == ["mon-am"]
    assert SkillRating.objects.get(employee=leader, competency=ai, cohort=world.cohort).level == 1
    leader.refresh_from_db()
    assert leader.time_zone == "Europe/Berlin"


def _intake(world: World, time_zone: str = "") -> tuple[Client, str, dict[str, str]]:
    skill = CompetencyFactory(name="AI tools")
    person = EmployeeFactory(level=2, time_zone=time_zone)
    invite(world, person)
    participant = Participant.objects.get(employee=person)
    client = account_for(person)
    client.post(
        reverse("recruitment:invitation", args=[participant.public_id]),
        {"answer": "accept", "consent": "on"},
    )
    answers = {
        "goals": "Learn how the board decides",
        "channel": "video",
        "language": "English",
        f"level_{skill.pk}": "4",
    }
    return client, reverse("recruitment:intake", args=[participant.public_id]), answers


def test_the_intake_offers_every_iana_zone_with_the_browser_suggesting_one(world: World) -> None:
    client, url, answers = _intake(world)
    page = client.get(url).content.decode()
    assert "data-time-zone" in page and "js/time-zone.js" in page
    assert '<option value="Pacific/Chatham">' in page  # any zone, not a short list
    assert '<option value="" selected>Choose your time zone</option>' in page  # JS suggests
    assert "<script>" not in page  # our own file only, no inline script
    done = client.post(url, {**answers, "time_zone": "Asia/Kathmandu"})
    assert done.status_code == 302
    assert Employee.objects.filter(time_zone="Asia/Kathmandu").count() == 1


def test_a_typed_city_is_taken_as_its_zone_in_the_intake(world: World) -> None:
    client, url, answers = _intake(world, time_zone="Asia/Tokyo")
    londoners = Employee.objects.filter(time_zone="Europe/London").count()
    assert client.post(url, {**answers, "time_zone": "London"}).status_code == 302
    assert Employee.objects.filter(time_zone="Europe/London").count() == londoners + 1
    assert not Employee.objects.filter(time_zone="Asia/Tokyo").exists()
    assert not Employee.objects.filter(time_zone="London").exists()


def test_an_unknown_zone_is_refused_and_the_intake_comes_back_filled_in(world: World) -> None:
    client, url, answers = _intake(world, time_zone="Europe/Paris")
    assert '<option value="Europe/Paris" selected>' in client.get(url).content.decode()
    refused = client.post(url, {**answers, "time_zone": "Londn"})
    page = refused.content.decode()
    assert refused.status_code == 400
    assert (
        "We don&#x27;t know the time zone “Londn”" in page and "Did you mean Europe/London" in page
    )
    assert '<option value="Londn" selected>Londn (not a time zone we know)</option>' in page
    assert "Learn how the board decides" in page  # what was typed is still there
    assert 'aria-invalid="true"' in page


def test_nobody_else_can_open_an_invitation(world: World) -> None:
    person = EmployeeFactory(level=2)
    invite(world, person)
    participant = Participant.objects.get(employee=person)
    url = reverse("recruitment:invitation", args=[participant.public_id])
    for role in ("lead", "site_admin", "mentor"):
        assert world.client(role).get(url).status_code == 404


@pytest.fixture
def ratings(db):
    ai = CompetencyFactory(name="AI tools")
    sales, legal = DepartmentFactory(name="Sales"), DepartmentFactory(name="Legal")
    for level in (5, 4, 4, 3):
        SkillRatingFactory(
            employee=EmployeeFactory(level=2, department=sales), competency=ai, level=level
        )
    for level in (5, 5):  # only two juniors in Legal: withheld
        SkillRatingFactory(
            employee=EmployeeFactory(level=1, department=legal), competency=ai, level=level
        )
    for level in (2, 2, 3):
        SkillRatingFactory(employee=EmployeeFactory(level=8), competency=ai, level=level)
    return ai


def test_inversion_matrix_shows_where_juniors_lead_and_hides_small_cells(
    world: World, ratings
) -> None:
    page = world.client("lead").get(reverse("governance:inversion")).content.decode()
    # Sales juniors: mean 4.0 against a senior baseline of 2.33
    assert "+1.7" in page and "n=4" in page
    assert "hidden: fewer than 3 juniors" in page
    chosen = world.client("lead").get(
        reverse("governance:inversion"), {"competency": "AI tools", "department": "Sales"}
    )
    assert b"Possible mentors: AI tools in Sales" in chosen.content
    assert chosen.content.count(b"/people/") >= 3
    hidden = world.client("lead").get(
        reverse("governance:inversion"), {"competency": "AI tools", "department": "Legal"}
    )
    assert b"Possible mentors" not in hidden.content


def test_the_api_invites_and_takes_an_answer_and_an_intake(world: World) -> None:
    ai = CompetencyFactory(name="AI tools")
    person = EmployeeFactory(level=2)
    with TestCase.captureOnCommitCallbacks(execute=True):
        invited = world.client("lead").post(
            f"/api/v1/recruitment/cohorts/{world.cohort.public_id}/invitations",
            {"role": "mentor", "people": [str(person.public_id)]},
            content_type="application/json",
        )
    assert invited.status_code == 201 and len(mail.outbox) == 1
    participant_id = invited.json()[0]["id"]
    client = account_for(person)
    no_consent = client.post(
        f"/api/v1/recruitment/invitations/{participant_id}/answer",
        {"accept": True},
        content_type="application/json",
    )
    assert no_consent.status_code == 400
    client.post(
        f"/api/v1/recruitment/invitations/{participant_id}/answer",
        {"accept": True, "consent": True},
        content_type="application/json",
    )
    bad = client.put(
        f"/api/v1/recruitment/invitations/{participant_id}/intake",
        {"goals": "Teach", "levels": {str(ai.public_id): 9}},
        content_type="application/json",
    )
    assert bad.status_code == 400 and "Levels run from 1 to 5" in bad.json()["detail"]
    done = client.put(
        f"/api/v1/recruitment/invitations/{participant_id}/intake",
        {"goals": "Teach", "levels": {str(ai.public_id): 5}, "time_zone": "Europe/London"},
        content_type="application/json",
    )
    assert done.status_code == 200 and done.json()["intake_done"] is True


def test_reminders_go_only_to_the_unanswered_and_at_most_every_two_days(world: World) -> None:
    waiting, answered = EmployeeFactory(level=2, first_name="Bo"), EmployeeFactory(level=2)
    invite(world, waiting, answered)
    Participant.objects.filter(cohort=world.cohort, state="invited").update(
        invited_at=timezone.now() - timedelta(days=3)
    )
    Participant.objects.filter(employee=answered).update(state="declined")
    mail.outbox.clear()
    url = reverse("recruitment:recruit", args=[world.cohort.public_id])
    for _ in range(2):  # the second click, moments later, sends nothing
        with TestCase.captureOnCommitCallbacks(execute=True):
            world.client("lead").post(url, {"action": "remind"})
    assert [m.subject for m in mail.outbox] == ["Reminder: Bo, your invitation is waiting"]


# Recruitment at real size: search, pages, everyone who matches, and who is already taking part.


def recruit_url(world: World) -> str:
    return reverse("recruitment:recruit", args=[world.cohort.public_id])


def many_juniors(count: int, department=None) -> list[Employee]:
    """People made in bulk: a page of the candidate list at the size a real organisation has."""
    department = department or DepartmentFactory(name="Design")
    return Employee.objects.bulk_create(
        Employee(
            employee_id=f"B{n:05d}",
            first_name=f"Junior{n:04d}",
            last_name="Bulk",
            email=f"junior{n}@bulk.example",
            department=department,
            level=2,
            hire_date=TODAY - timedelta(days=800),
        )
        for n in range(count)
    )


def test_the_lead_searches_candidates_by_name_or_email(world: World) -> None:
    EmployeeFactory(first_name="Grace", last_name="Hopper", email="gh@navy.example")
    EmployeeFactory(first_name="Alan", last_name="Turing", email="alan@bletchley.example")
    by_name = world.client("lead").get(recruit_url(world), {"q": "  grace  HOPPER "})
    page = by_name.content.decode()
    assert "Grace Hopper" in page and "Alan Turing" not in page and "Showing 1 of 1." in page
    assert 'value="  grace  HOPPER "' in page  # the search stays in the box as typed
    by_email = world.client("lead").get(recruit_url(world), {"q": "bletchley"}).content.decode()
    assert "Alan Turing" in by_email and "Grace Hopper" not in by_email


def test_candidates_come_fifty_a_page_with_the_filters_kept_between_pages(world: World) -> None:
    design = DepartmentFactory(name="Design")
    many_juniors(1252, design)
    filters = {"department": design.public_id, "q": "bulk"}
    first = world.client("lead").get(recruit_url(world), filters).content.decode()
    assert "Showing 1-50 of 1,252." in first and "Page 1 of 26" in first
    assert first.count('name="people"') == 50
    assert "Junior0000" in first and "Junior0050" not in first
    assert f"department={design.public_id}" in first and "page=2" in first  # the next link
    second = world.client("lead").get(recruit_url(world), {**filters, "page": 2}).content.decode()
    assert "Showing 51-100 of 1,252." in second
    assert "Junior0050" in second and "Junior0000" not in second


def test_the_candidate_page_costs_the_same_queries_for_five_or_five_hundred_people(
    world: World, django_assert_num_queries
) -> None:
    design = DepartmentFactory(name="Design")
    many_juniors(5, design)
    client = world.client("lead")
    client.get(recruit_url(world))  # warm the session and the viewer
    with CaptureQueriesContext(connection) as few:
        client.get(recruit_url(world), {"department": design.public_id})
    Employee.objects.bulk_create(
        Employee(
            employee_id=f"M{n:05d}",
            first_name=f"More{n}",
            email=f"more{n}@bulk.example",
            department=design,
            level=2,
        )
        for n in range(500)
    )
    for person in Employee.objects.filter(employee_id__startswith="M")[:20]:
        ParticipantFactory(employee=person, cohort=CohortFactory(program=world.program))
    with django_assert_num_queries(len(few)):
        page = client.get(recruit_url(world), {"department": design.public_id})
    assert "Showing 1-50 of 505." in page.content.decode()
    assert len(few) <= 14


def test_selecting_everyone_who_matches_asks_first_and_invites_every_page(world: World) -> None:
    design = DepartmentFactory(name="Design")
    many_juniors(60, design)
    url = f"{recruit_url(world)}?department={design.public_id}&q=bulk"
    client = world.client("lead")
    asked = client.post(url, {"role": "mentor", "everyone": "on"})
    page = asked.content.decode()
    assert asked.status_code == 200 and "Invite all 60 people who match?" in page
    assert 'name="expected" value="60"' in page
    assert not Participant.objects.filter(cohort=world.cohort, employee__last_name="Bulk").exists()
    EmployeeFactory(department=design, last_name="Bulk")  # someone new matches meanwhile
    stale = client.post(
        url, {"role": "mentor", "everyone": "on", "confirmed": "on", "expected": "60"}
    )
    assert "there are now 61" in stale.content.decode()
    assert not Participant.objects.filter(cohort=world.cohort, employee__last_name="Bulk").exists()
    with TestCase.captureOnCommitCallbacks(execute=True):
        done = client.post(
            url,
            {"role": "mentor", "everyone": "on", "confirmed": "on", "expected": "61"},
            follow=True,
        )
    assert "Invited 61." in done.content.decode()
    invited = Participant.objects.filter(cohort=world.cohort, employee__last_name="Bulk")
    assert invited.count() == 61 and {p.role for p in invited} == {"mentor"}
    assert len(mail.outbox) == 61
    assert done.redirect_chain[-1][0] == url  # back to the same filters


def test_fifty_or_fewer_who_match_are_invited_without_asking(world: World) -> None:
    design = DepartmentFactory(name="Design")
    many_juniors(3, design)
    with TestCase.captureOnCommitCallbacks(execute=True):
        done = world.client("lead").post(
            f"{recruit_url(world)}?department={design.public_id}",
            {"role": "mentee", "everyone": "on"},
            follow=True,
        )
    assert "Invited 3." in done.content.decode()
    invited = Participant.objects.filter(cohort=world.cohort, employee__last_name="Bulk")
    assert {p.role for p in invited} == {"mentee"} and invited.count() == 3


def test_people_in_a_running_cohort_are_marked_and_can_still_be_invited(world: World) -> None:
    busy = EmployeeFactory(first_name="Busy", last_name="Bee")
    waiting = EmployeeFactory(first_name="Wai", last_name="Ting")
    done = EmployeeFactory(first_name="Was", last_name="There")
    running = CohortFactory(program=world.program, name="Cohort 2")
    ParticipantFactory(cohort=running, employee=busy, state="active")
    ParticipantFactory(cohort=running, employee=waiting, state="invited")
    over = CohortFactory(program=world.program, name="Cohort 0", state="closed")
    ParticipantFactory(cohort=over, employee=done, state="completed")
    page = world.client("lead").get(recruit_url(world)).content.decode()
    assert "In Cohort 2 of Digital Fluency" in page
    assert "Invited to Cohort 2 of Digital Fluency" in page
    assert "Cohort 0" not in page  # a closed cohort is not a place held
    assert "Invited 1." in invite(world, busy).content.decode()
    assert "Already in this cohort" in invite(world, busy).content.decode()


def test_a_malformed_person_id_is_refused_with_a_message_and_the_filters_kept(
    world: World,
) -> None:
    response = world.client("lead").post(
        f"{recruit_url(world)}?q=Grace", {"role": "mentor", "people": ["not-an-id"]}
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "Nobody was invited" in page and "not-an-id" in page
    assert 'value="Grace"' in page
    assert not Participant.objects.filter(cohort=world.cohort, state="invited").exists()


def test_filters_that_cannot_be_used_are_refused_and_kept_as_typed(world: World) -> None:
    response = world.client("lead").get(
        recruit_url(world), {"q": "Ada", "level_min": "junior", "department": "nowhere"}
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "These filters can't be used" in page and "Enter a whole number." in page
    assert "That department is not in Upward" in page
    assert 'value="Ada"' in page and 'value="junior"' in page


def test_the_inversion_matrix_is_linked_from_recruitment_and_invites_from_a_cell(
    world: World, ratings
) -> None:
    client = world.client("lead")
    assert reverse("governance:inversion") in client.get(recruit_url(world)).content.decode()
    sales_senior = EmployeeFactory(level=2, department=DepartmentFactory(name="Sales Ops"))
    weak = EmployeeFactory(level=2, department=Department.objects.get(name="Sales"))
    SkillRatingFactory(employee=weak, competency=ratings, level=2)
    cell = client.get(
        reverse("governance:inversion"), {"competency": "AI tools", "department": "Sales"}
    ).content.decode()
    assert f"{world.cohort.name} of Digital Fluency" in cell
    link = cell.split(f"/cohorts/{world.cohort.public_id}/recruit/?", 1)[1].split('"', 1)[0]
    page = client.get(f"{recruit_url(world)}?{link.replace('&amp;', '&')}").content.decode()
    # The Sales juniors who rate themselves 4 or 5: three of the four, not the weak one.
    assert "Showing 1-3 of 3." in page
    assert weak.display_name not in page and sales_senior.display_name not in page
    assert 'value="mentor" selected' in page
