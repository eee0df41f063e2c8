"""Demo data for matching: profiles for everyone, and an upcoming cohort whose mentees are
choosing from their shortlists."""

import random
from datetime import date, timedelta

from django.db.models import QuerySet
from django.utils import timezone

from upward.accounts.models import User
from upward.competencies.models import Competency
from upward.matching import services
from upward.matching.inputs import TOPICS
from upward.matching.models import WEEKLY_SLOTS, MatchProfile, MatchRound
from upward.people.models import Employee
from upward.programs.models import Cohort, Participant, Program

NEXT_MENTEES, NEXT_MENTORS = 12, 14


def build_matching_demo(rng: random.Random, program: Program, today: date) -> Cohort:
    cohort = Cohort.objects.create(
        program=program,
        name="Cohort 3",
        start_date=today + timedelta(days=21),
        end_date=today + timedelta(days=21 + 84),
    )
    taken = set(Participant.objects.values_list("employee_id", flat=True))
    free = Employee.objects.filter(status="active", account__isnull=True).exclude(pk__in=taken)
    # Sampled across the whole organisation, so every department can take part.
    seasoned = free.filter(level__lte=3, hire_date__lte=today - timedelta(days=365))
    juniors = _sample(rng, list(seasoned.order_by("employee_id")), NEXT_MENTORS)
    leaders = _sample(rng, list(free.filter(level__gte=7).order_by("employee_id")), NEXT_MENTEES)
    said_yes = timezone.now() - timedelta(days=5)
    for employee in juniors + leaders:
        junior = employee.level is not None and employee.level <= 3
        role = Participant.Role.MENTOR if junior else Participant.Role.MENTEE
        Participant.objects.create(
            cohort=cohort,
            employee=employee,
            role=role,
            state=Participant.State.ACTIVE,
            joined_on=today,
            invited_at=said_yes - timedelta(days=2),
            consent_at=said_yes,
            intake_completed_at=said_yes,
        )
    give_profiles(rng, Participant.objects.filter(match_profile__isnull=True))
    lead = User.objects.get(username="lead")
    match_round = services.round_create(
        cohort=cohort,
        actor=lead,
        mode=MatchRound.Mode.MENTEE_CHOOSES,
        exposure_cap=4,
        answers_due=today + timedelta(days=7),
    )
    services.round_run(match_round)
    return cohort


def _sample(rng: random.Random, pool: list[Employee], size: int) -> list[Employee]:
    return rng.sample(pool, min(size, len(pool)))


def give_profiles(rng: random.Random, participants: QuerySet[Participant]) -> None:
    emerging = list(Competency.objects.filter(category=Competency.Category.EMERGING))
    slots = [code for code, _ in WEEKLY_SLOTS]
    for participant in participants:
        profile = MatchProfile.objects.create(
            participant=participant, interests=rng.sample(TOPICS, 3), slots=rng.sample(slots, 4)
        )
        if participant.role == Participant.Role.MENTEE:
            profile.wants.set(rng.sample(emerging, 4))
