"""Invariants the database itself enforces, whatever code writes the rows."""

import pytest
from django.db import IntegrityError, transaction

from tests.factories import EmployeeFactory, PairFactory, ParticipantFactory
from upward.programs.models import Pair


@pytest.mark.django_db
def test_a_participant_cannot_be_paired_with_themself() -> None:
    pair = PairFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Pair.objects.create(cohort=pair.cohort, mentor=pair.mentor, mentee=pair.mentor)


@pytest.mark.django_db
def test_one_open_pair_per_mentee_per_cohort() -> None:
    pair = PairFactory()
    second_mentor = ParticipantFactory(cohort=pair.cohort, role="mentor")
    with pytest.raises(IntegrityError), transaction.atomic():
        Pair.objects.create(cohort=pair.cohort, mentor=second_mentor, mentee=pair.mentee)
    pair.state = Pair.State.CLOSED
    pair.save(update_fields=["state"])
    Pair.objects.create(cohort=pair.cohort, mentor=second_mentor, mentee=pair.mentee)


@pytest.mark.django_db
def test_a_person_takes_part_once_per_cohort() -> None:
    pair = PairFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        ParticipantFactory(cohort=pair.cohort, employee=pair.mentor.employee, role="mentee")


@pytest.mark.django_db
def test_an_employee_who_left_has_an_exit_date() -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        EmployeeFactory(status="exited", exit_date=None)


@pytest.mark.django_db
def test_nobody_manages_themself() -> None:
    person = EmployeeFactory()
    person.manager_id = person.pk
    with pytest.raises(IntegrityError), transaction.atomic():
        person.save(update_fields=["manager"])
