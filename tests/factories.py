"""Factories for the test suite: each builds one valid row; tests state what matters to them."""

from datetime import datetime, timedelta

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from tests.clock import TODAY
from upward.accounts.models import User
from upward.competencies.models import Competency, CompetencyLevel, SkillRating
from upward.people.models import Department, Employee
from upward.programs.models import Cohort, Pair, Participant, Program, ProgramRole


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    first_name = factory.Faker("first_name")
    password = factory.django.Password("pass-for-tests")


class DepartmentFactory(DjangoModelFactory):
    class Meta:
        model = Department
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Department {n}")


class EmployeeFactory(DjangoModelFactory):
    class Meta:
        model = Employee

    employee_id = factory.Sequence(lambda n: f"T{n:05d}")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    email = factory.Sequence(lambda n: f"person{n}@example.org")
    title = "Analyst"
    department = factory.SubFactory(DepartmentFactory)
    level = 2
    hire_date = TODAY - timedelta(days=800)
    time_zone = "Europe/London"


class ProgramFactory(DjangoModelFactory):
    class Meta:
        model = Program

    name = factory.Sequence(lambda n: f"Program {n}")
    start_date = TODAY - timedelta(days=60)
    end_date = TODAY + timedelta(days=120)
    state = Program.State.ACTIVE


class CohortFactory(DjangoModelFactory):
    class Meta:
        model = Cohort

    program = factory.SubFactory(ProgramFactory)
    name = factory.Sequence(lambda n: f"Cohort {n}")
    start_date = TODAY - timedelta(days=30)
    end_date = TODAY + timedelta(days=54)
    state = Cohort.State.RUNNING


def _taken_part(state: str) -> datetime | None:
    joined = state in {Participant.State.ACTIVE, Participant.State.COMPLETED}
    return timezone.now() - timedelta(days=40) if joined else None


class ParticipantFactory(DjangoModelFactory):
    class Meta:
        model = Participant

    cohort = factory.SubFactory(CohortFactory)
    employee = factory.SubFactory(EmployeeFactory)
    role = Participant.Role.MENTOR
    state = Participant.State.ACTIVE
    # Someone taking part said yes and finished the intake; an invitee has done neither.
    consent_at = factory.LazyAttribute(lambda p: _taken_part(p.state))
    intake_completed_at = factory.LazyAttribute(lambda p: _taken_part(p.state))


class PairFactory(DjangoModelFactory):
    class Meta:
        model = Pair

    cohort = factory.SubFactory(CohortFactory)
    mentor = factory.SubFactory(
        ParticipantFactory,
        cohort=factory.SelfAttribute("..cohort"),
        role=Participant.Role.MENTOR,
        employee__level=2,
    )
    mentee = factory.SubFactory(
        ParticipantFactory,
        cohort=factory.SelfAttribute("..cohort"),
        role=Participant.Role.MENTEE,
        employee__level=8,
        employee__title="Director",
    )
    state = Pair.State.ACTIVE
    started_on = TODAY - timedelta(days=25)


class ProgramRoleFactory(DjangoModelFactory):
    class Meta:
        model = ProgramRole

    program = factory.SubFactory(ProgramFactory)
    user = factory.SubFactory(UserFactory)
    role = ProgramRole.Role.LEAD


class CompetencyFactory(DjangoModelFactory):
    class Meta:
        model = Competency
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Competency {n}")
    category = Competency.Category.EMERGING
    area = "Digital tools"

    @factory.post_generation
    def levels(self, create: bool, extracted: object, **kwargs: object) -> None:
        if create:
            CompetencyLevel.objects.bulk_create(
                [
                    CompetencyLevel(competency=self, level=n, anchor=f"Anchor {n}")
                    for n in range(1, 6)
                ]
            )


class SkillRatingFactory(DjangoModelFactory):
    class Meta:
        model = SkillRating

    employee = factory.SubFactory(EmployeeFactory)
    competency = factory.SubFactory(CompetencyFactory)
    rater_kind = SkillRating.RaterKind.SELF
    phase = SkillRating.Phase.BASELINE
    level = 3
    rated_on = TODAY
