"""Personal-data exports say what the screens say: a site administrator's export of someone holds
what an administrator may see, and points to the person's own download for the rest; a person's
own download holds what they wrote and what the screens show them, not what others wrote or
answered about them in confidence."""

import json

import pytest
from django.urls import reverse

from tests.clock import TODAY
from tests.conftest import ROLES, World
from tests.factories import CompetencyFactory, SkillRatingFactory
from upward.competencies.models import SkillRating
from upward.flags.models import Flag
from upward.people.models import DiversityProfile
from upward.programs.models import Participant
from upward.workspace.models import Concern, JournalEntry, MilestoneCheck, Session

NOTES = "She told me about the reorg before anyone else knew"
CONCERN = "My leader cancels every week and I feel unheard"
JOURNAL = "Only mine: I am nervous before each session"
WINS = "Finally said no to a meeting"
GOALS = "I want to stop being afraid of spreadsheets"
EVIDENCE = "Has not met their partner since March, according to the calendar"


@pytest.fixture
def confidences(world: World) -> World:
    """Everything the screens promise stays between the pair, or with the person."""
    from datetime import datetime, time

    from django.utils import timezone

    pair, mentor = world.pair, world.pair.mentor
    Session.objects.create(
        pair=pair,
        starts_at=timezone.make_aware(datetime.combine(TODAY, time(10))),
        private_notes=NOTES,
    )
    Concern.objects.create(pair=pair, raised_by=mentor, topic="other", text=CONCERN)
    JournalEntry.objects.create(pair=pair, author=mentor, written_on=TODAY, text=JOURNAL)
    MilestoneCheck.objects.create(pair=pair, by=mentor, wins=WINS, roadblocks="", next_actions="")
    Participant.objects.filter(pk=mentor.pk).update(goals=GOALS)
    DiversityProfile.objects.create(employee=mentor.employee, gender="woman")
    Flag.objects.create(
        key="stale-1",
        program=world.program,
        pair=pair,
        reason="stale",
        evidence=EVIDENCE,
        raised_on=TODAY,
    )
    return world


def _admin_export(world: World) -> tuple[dict, str]:
    url = reverse("privacy:export", args=[world.pair.mentor.employee.public_id])
    response = world.client("site_admin").get(url)
    assert response.status_code == 200
    return json.loads(response.content), response.content.decode()


def test_the_admins_export_holds_what_an_admin_may_see(confidences: World) -> None:
    world = confidences
    document, _ = _admin_export(world)

    records = document["records"]
    assert records["people.Employee"][0]["email"] == world.pair.mentor.employee.email
    assert records["accounts.User"][0]["username"] == world.users["mentor"].username
    assert [p["public_id"] for p in records["programs.Pair"]] == [str(world.pair.public_id)]
    assert records["programs.Participant"][0]["role"] == "mentor"
    counts = document["counts"]
    assert counts["workspace.Session"] == 1 and counts["workspace.Concern"] == 1
    assert counts["workspace.MilestoneCheck"] == 1


@pytest.mark.parametrize("secret", [NOTES, CONCERN, JOURNAL, WINS, GOALS, EVIDENCE])
def test_the_admins_export_holds_nothing_said_in_confidence(
    confidences: World, secret: str
) -> None:
    document, text = _admin_export(confidences)
    assert secret not in text
    assert "people.DiversityProfile" not in text and "gender" not in text
    assert "workspace.JournalEntry" not in text  # not even how many
    assert "/me/data.json" in document["notes"]


@pytest.mark.parametrize("role", [r for r in ROLES if r not in {"site_admin", "anonymous"}])
def test_nobody_but_a_site_admin_exports_someone_else(confidences: World, role: str) -> None:
    url = reverse("privacy:export", args=[confidences.pair.mentor.employee.public_id])
    assert confidences.client(role).get(url).status_code == 403


def test_the_persons_own_download_holds_what_they_wrote(confidences: World) -> None:
    text = confidences.client("mentor").get(reverse("privacy:mine")).content.decode()
    for theirs in (NOTES, CONCERN, JOURNAL, WINS, GOALS):
        assert theirs in text


def test_the_persons_own_download_holds_no_flag_about_their_pair(confidences: World) -> None:
    for role in ("mentor", "mentee"):
        text = confidences.client(role).get(reverse("privacy:mine")).content.decode()
        assert EVIDENCE not in text and "flags.Flag" not in text


def test_a_partners_ratings_reach_the_person_rated_only_as_the_cohorts_figure(
    world: World,
) -> None:
    mentor, mentee = world.pair.mentor.employee, world.pair.mentee.employee
    skill = CompetencyFactory(name="Short video")
    SkillRatingFactory(employee=mentee, competency=skill, level=3)  # their own
    SkillRatingFactory(
        employee=mentee,
        competency=skill,
        rater_kind=SkillRating.RaterKind.PARTNER,
        rater=mentor,
        cohort=world.cohort,
        level=2,
    )

    rated = json.loads(world.client("mentee").get(reverse("privacy:mine")).content)
    ratings = rated["records"]["competencies.SkillRating"]
    assert [(r["rater_kind"], r["level"]) for r in ratings] == [("self", 3)]
    assert all("rater__employee_id" not in r for r in ratings)
    (figure,) = rated["partner_ratings_of_you"]
    assert figure["ratings_of_you"] == 1
    assert figure["cohort_level_before"] is None  # one person is under the privacy floor
    assert mentor.employee_id not in json.dumps(rated)

    rater = json.loads(world.client("mentor").get(reverse("privacy:mine")).content)
    given = rater["records"]["competencies.SkillRating"]
    assert [(r["rater_kind"], r["level"]) for r in given] == [("partner", 2)]


def test_a_mentor_does_not_download_how_mentees_ranked_them(world: World) -> None:
    from upward.matching.models import Choice, MatchRound

    match_round = MatchRound.objects.create(cohort=world.cohort)
    Choice.objects.create(
        round=match_round, mentee=world.pair.mentee, mentor=world.pair.mentor, rank=1
    )
    mentor = json.loads(world.client("mentor").get(reverse("privacy:mine")).content)
    assert "matching.Choice" not in mentor["records"]
    mentee = json.loads(world.client("mentee").get(reverse("privacy:mine")).content)
    assert [c["rank"] for c in mentee["records"]["matching.Choice"]] == [1]


def test_partner_ratings_are_not_in_the_django_admin(world: World) -> None:
    mentor, mentee = world.pair.mentor.employee, world.pair.mentee.employee
    own = SkillRatingFactory(employee=mentee)
    partner = SkillRatingFactory(
        employee=mentee, rater_kind=SkillRating.RaterKind.PARTNER, rater=mentor
    )
    admin = world.client("site_admin")
    listing = admin.get(reverse("admin:competencies_skillrating_changelist"))
    assert listing.status_code == 200
    shown = {row.pk for row in listing.context["cl"].result_list}
    assert shown == {own.pk}
    change = reverse("admin:competencies_skillrating_change", args=[partner.pk])
    assert admin.get(change).status_code in {302, 404}
    add = admin.get(reverse("admin:competencies_skillrating_add")).content.decode()
    assert 'value="partner"' not in add
