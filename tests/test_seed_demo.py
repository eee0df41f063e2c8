"""The demo organisation is realistic enough for every page to show something true."""

from collections.abc import Iterator

import pytest
from django.db.models import Count

from tests.clock import TODAY
from tests.conftest import built_once
from upward.competencies.models import Competency, SkillRating
from upward.demo.seed import DemoLogin, build_demo
from upward.people.models import Employee, PromotionRecord
from upward.programs.models import Cohort, Pair, ProgramRole


@pytest.fixture(scope="module")
def built_demo(django_db_setup, django_db_blocker) -> Iterator[list[DemoLogin]]:
    """Built once for the module: every test here only reads it. (The reset through the
    command, a transactional test, is in test_seed_demo_reset.py.)"""
    with built_once(django_db_blocker):
        yield build_demo(today=TODAY, seed=7)


@pytest.fixture
def demo(built_demo: list[DemoLogin], db) -> list[DemoLogin]:
    return built_demo


def test_the_demo_org_has_people_history_and_a_framework(demo) -> None:
    people = Employee.objects.count()
    assert 1400 <= people <= 1800
    leavers = Employee.objects.filter(status="exited")
    assert (
        leavers.filter(exit_type="voluntary").count()
        > leavers.filter(exit_type="involuntary").count()
        > 0
    )
    assert PromotionRecord.objects.count() > 50
    assert 18 <= Competency.objects.count() <= 22
    assert all(c.levels.count() == 5 for c in Competency.objects.all())
    assert SkillRating.objects.filter(phase="close", rater_kind="partner").exists()


def test_one_closed_and_one_running_cohort_of_ten_pairs(demo) -> None:
    cohorts = {c.phase(TODAY): c for c in Cohort.objects.annotate(n=Count("pairs"))}
    assert set(cohorts) == {"closed", "running", "upcoming"}
    assert cohorts["closed"].n == cohorts["running"].n == 10
    running = set(cohorts["running"].pairs.values_list("state", flat=True))
    assert {Pair.State.ACTIVE, Pair.State.PAUSED} <= running


def test_pairs_respect_the_reverse_mentoring_rules(demo) -> None:
    for pair in Pair.objects.select_related("mentor__employee", "mentee__employee"):
        mentor, mentee = pair.mentor.employee, pair.mentee.employee
        assert mentor.level <= 4 and mentee.level >= 7  # juniors mentor leaders
        chain, boss = set(), mentor.manager
        while boss:
            chain.add(boss.pk)
            boss = boss.manager
        assert mentee.pk not in chain  # never inside the mentor's reporting line


def test_every_role_has_a_login(demo) -> None:
    assert {login.username for login in demo} == {
        "admin",
        "lead",
        "sponsor",
        "analyst",
        "mentor",
        "mentee",
        "next-mentee",
        "next-mentor",
        "guide",
    }
    assert set(ProgramRole.objects.values_list("role", flat=True)) == {"lead", "sponsor", "analyst"}


def test_the_next_cohort_is_choosing_from_explained_shortlists(demo) -> None:
    from upward.matching.models import MatchRound

    choosing = MatchRound.objects.get(state=MatchRound.State.CHOOSING)
    assert choosing.cohort.phase(TODAY) == "upcoming"
    shortlisted = choosing.shortlist.order_by().values("mentee").distinct().count()
    mentees = choosing.cohort.participants.filter(role="mentee").count()
    assert mentees >= 10
    assert shortlisted + choosing.summary["mentees_without_options"] == mentees
    assert all(entry.reasons for entry in choosing.shortlist.all())


def test_the_demo_pairs_meet_inside_both_working_days_where_they_overlap(demo) -> None:
    from upward.domain import time_zones
    from upward.workspace.models import Session

    checked = 0
    for session in Session.objects.select_related(
        "pair__mentor__employee", "pair__mentee__employee"
    ):
        mentor, mentee = session.pair.mentor.employee, session.pair.mentee.employee
        day = session.starts_at.astimezone(time_zones.ZoneInfo(mentor.time_zone or "UTC")).date()
        if time_zones.shared_window(day, mentor.time_zone or "UTC", mentee.time_zone or "UTC"):
            for zone in (mentor.time_zone, mentee.time_zone):
                assert not time_zones.outside_day(session.starts_at, 60, zone or "UTC"), session
            checked += 1
    assert checked > 50
