"""Each role lands on its own home page and sees what that role is for."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.conftest import World
from tests.factories import (
    TODAY,
    CohortFactory,
    EmployeeFactory,
    PairFactory,
    ParticipantFactory,
    ProgramFactory,
)
from upward.accounts.models import User
from upward.matching.models import Choice, MatchRound, MentorResponse, ShortlistEntry
from upward.programs.models import Participant
from upward.surveys.models import Invitation, Wave
from upward.workspace.models import Goal, Session


def home(world: World, role: str) -> str:
    response = world.client(role).get(reverse("home"))
    assert response.status_code == 200
    return response.content.decode()


def test_lead_sees_their_programs_with_cohort_health(world: World) -> None:
    page = home(world, "lead")
    assert "Programs you lead" in page
    assert world.program.name in page
    assert reverse("workspace:cohort", args=[world.cohort.public_id]) in page


def test_sponsor_sees_a_summary_without_names_or_links_to_pairs(world: World) -> None:
    page = home(world, "sponsor")
    assert "Programs you sponsor" in page
    assert world.pair.mentor.employee.last_name not in page
    assert reverse("workspace:cohort", args=[world.cohort.public_id]) not in page


def test_mentor_lands_on_their_pair(world: World) -> None:
    page = home(world, "mentor")
    assert "You're mentoring" in page
    assert world.pair.mentee.employee.display_name in page
    assert reverse("workspace:pair", args=[world.pair.public_id]) in page
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


# --- Home items follow the state: to do while something is to do, then done and findable. ---


def page_of(user: User) -> str:
    client = Client()
    client.force_login(user)
    response = client.get(reverse("home"))
    assert response.status_code == 200
    return response.content.decode()


class Choosing:
    """A cohort where mentees choose: one mentee with a shortlist of two mentors."""

    def __init__(self, world: World) -> None:
        self.cohort = CohortFactory(program=world.program, name="Spring cohort")
        self.round = MatchRound.objects.create(
            cohort=self.cohort,
            mode=MatchRound.Mode.MENTEE_CHOOSES,
            state=MatchRound.State.CHOOSING,
            answers_due=TODAY + timedelta(days=5),
        )
        self.mentee = self._person(Participant.Role.MENTEE, level=8)
        self.mentors = [self._person(Participant.Role.MENTOR, level=2) for _ in range(2)]
        for position, mentor in enumerate(self.mentors, start=1):
            ShortlistEntry.objects.create(
                round=self.round, mentee=self.mentee, mentor=mentor, position=position, score=0.5
            )
        self.shortlist_url = reverse("matching:shortlist", args=[self.round.public_id])
        self.requests_url = reverse("matching:requests", args=[self.round.public_id])

    def _person(self, role: str, *, level: int) -> Participant:
        user = User.objects.create_user(username=f"{role}-{Participant.objects.count()}")
        employee = EmployeeFactory(level=level, account=user)
        return ParticipantFactory(cohort=self.cohort, employee=employee, role=role)

    def user(self, participant: Participant) -> User:
        return participant.employee.account

    def rank(self, *mentors: Participant) -> None:
        for rank, mentor in enumerate(mentors, start=1):
            Choice.objects.create(round=self.round, mentee=self.mentee, mentor=mentor, rank=rank)


@pytest.fixture
def choosing(world: World) -> Choosing:
    return Choosing(world)


def test_a_mentee_who_has_not_ranked_is_asked_to(choosing: Choosing) -> None:
    page = page_of(choosing.user(choosing.mentee))
    assert "Choose your mentor for Spring cohort" in page
    assert "Rank your shortlist" in page and choosing.shortlist_url in page
    assert "Ranked: waiting" not in page


def test_after_ranking_the_mentee_sees_what_they_wait_for_not_rank_again(
    choosing: Choosing,
) -> None:
    choosing.rank(choosing.mentors[1], choosing.mentors[0])
    page = page_of(choosing.user(choosing.mentee))
    assert "Rank your shortlist" not in page
    assert "Choose your mentor for" not in page
    assert "Ranked: waiting for mentors to answer" in page
    assert "You can change your ranking until choosing closes" in page
    assert choosing.shortlist_url in page  # still findable: "See or change your ranking"


def test_once_choosing_closes_the_mentee_is_told_the_lead_is_pairing(choosing: Choosing) -> None:
    choosing.rank(choosing.mentors[0])
    MatchRound.objects.filter(pk=choosing.round.pk).update(state=MatchRound.State.PROPOSED)
    page = page_of(choosing.user(choosing.mentee))
    assert "Choosing is closed for Spring cohort" in page
    assert "Ranked: waiting" not in page and "Rank your shortlist" not in page


def test_a_mentee_who_never_ranked_gets_no_closed_round_card(choosing: Choosing) -> None:
    MatchRound.objects.filter(pk=choosing.round.pk).update(state=MatchRound.State.PROPOSED)
    page = page_of(choosing.user(choosing.mentee))
    assert "Spring cohort" not in page


def test_a_lead_assigns_round_puts_nothing_on_members_homes(choosing: Choosing) -> None:
    MatchRound.objects.filter(pk=choosing.round.pk).update(mode=MatchRound.Mode.LEAD_ASSIGNS)
    assert "Spring cohort" not in page_of(choosing.user(choosing.mentee))
    assert "Spring cohort" not in page_of(choosing.user(choosing.mentors[0]))


def test_a_mentor_sees_requests_to_answer_then_answered(choosing: Choosing) -> None:
    asked, other = choosing.mentors
    page = page_of(choosing.user(asked))
    assert "No one has asked for you yet" in page

    choosing.rank(asked)
    page = page_of(choosing.user(asked))
    assert "1 leader is waiting for your answer" in page
    assert "See who asked for you" in page and choosing.requests_url in page
    assert "No one has asked for you yet" in page_of(choosing.user(other))

    MentorResponse.objects.create(
        round=choosing.round, mentor=asked, mentee=choosing.mentee, accepted=True
    )
    page = page_of(choosing.user(asked))
    assert "waiting for your answer" not in page
    assert "Requests answered: waiting for the pairs" in page
    assert choosing.requests_url in page  # "See your answers"


def test_ground_rules_stay_on_home_from_not_agreed_to_agreed_by_both(world: World) -> None:
    rules_url = reverse("workspace:rules", args=[world.pair.public_id])
    mentor_name = world.pair.mentor.employee.first_name
    mentee_name = world.pair.mentee.employee.first_name
    assert "Ground rules:</strong> not agreed yet." in home(world, "mentor")
    assert rules_url in home(world, "mentor")

    world.client("mentor").post(rules_url)
    mentor_page, mentee_page = home(world, "mentor"), home(world, "mentee")
    assert f"you&#x27;ve agreed; waiting for {mentee_name}." in mentor_page
    assert f"{mentor_name} has agreed; your turn." in mentee_page
    assert "Read and agree" in mentee_page

    world.client("mentee").post(rules_url)
    for page in (home(world, "mentor"), home(world, "mentee")):
        assert "Ground rules:</strong> agreed by you both." in page
        assert rules_url in page and "Read them again" in page
        assert "Read and agree" not in page


def test_goal_and_next_session_show_what_to_do_then_what_is_set(world: World) -> None:
    pair = world.pair
    page = home(world, "mentee")
    assert "Set one goal you can measure" in page
    assert "Plan your next session" in page

    Goal.objects.create(
        pair=pair,
        text="Post three short videos a month",
        metric="Videos",
        unit="videos",
        direction="up",
        baseline=0,
        target=3,
        deadline=TODAY + timedelta(days=60),
        owner=pair.mentee,
    )
    starts = datetime.combine(TODAY + timedelta(days=3), datetime.min.time(), ZoneInfo("UTC"))
    upcoming = Session.objects.create(pair=pair, starts_at=starts.replace(hour=9))
    Session.objects.create(pair=pair, starts_at=starts - timedelta(days=10))  # in the past
    page = home(world, "mentee")
    assert "Set one goal you can measure" not in page and "Plan your next session" not in page
    assert "Post three short videos a month" in page
    assert reverse("workspace:goal", args=[pair.public_id]) in page
    assert reverse("workspace:session", args=[upcoming.public_id]) in page
    # In the mentee's own time zone (the factory's Europe/London is UTC+0 in winter).
    local = starts.replace(hour=9).astimezone(ZoneInfo(pair.mentee.employee.time_zone))
    assert f"Next session:</strong> {local:%a} {local.day} {local:%b, %H:%M}." in page


def test_an_answered_survey_says_thanks_instead_of_asking_again(world: World) -> None:
    wave = Wave.objects.create(
        cohort=world.cohort,
        kind=Wave.Kind.PULSE,
        label="Pulse 2",
        opens_on=TODAY - timedelta(days=1),
        closes_on=TODAY + timedelta(days=6),
        state=Wave.State.OPEN,
    )
    invitation = Invitation.objects.create(
        wave=wave, participant=world.pair.mentor, pair=world.pair
    )
    page = home(world, "mentor")
    assert "Pulse 2: a few minutes for" in page and "Answer the survey" in page
    invitation.answered = True
    invitation.save(update_fields=["answered"])
    page = home(world, "mentor")
    assert "Answer the survey" not in page
    assert "Pulse 2: answered, thank you" in page
    assert reverse("surveys:mine") in page


def test_home_queries_do_not_grow_with_pairs_or_rounds(world: World, choosing: Choosing) -> None:
    """Every item is built in one query, whatever the number of pairs, rounds or requests."""
    user = world.users["mentor"]
    client = world.client("mentor")

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("home")).status_code == 200
        return len(queries)

    before = count()
    mentor = ParticipantFactory(
        cohort=choosing.cohort, employee=world.pair.mentor.employee, role=Participant.Role.MENTOR
    )
    ShortlistEntry.objects.create(
        round=choosing.round, mentee=choosing.mentee, mentor=mentor, position=3, score=0.4
    )
    choosing.rank(mentor)
    for _ in range(3):
        PairFactory(cohort=world.cohort, mentor=world.pair.mentor)
    assert "1 leader is waiting for your answer" in page_of(user)
    assert count() == before == 10  # as tests/test_query_counts.py has it for a mentor
