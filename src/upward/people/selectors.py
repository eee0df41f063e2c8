"""Reads of people data for the HR pages. Diversity attributes are never read here."""

from dataclasses import dataclass
from uuid import UUID

from django.db.models import Count, Q, QuerySet

from upward.accounts.models import User
from upward.people.models import Employee, ImportJob, PromotionRecord

MAX_CHAIN = 20


def search_people(*, query: str = "", department: str = "", status: str = "") -> QuerySet[Employee]:
    people = Employee.objects.select_related("department", "manager")
    if query:
        people = people.filter(
            Q(first_name__icontains=query)
            | Q(last_name__icontains=query)
            | Q(preferred_name__icontains=query)
            | Q(email__icontains=query)
            | Q(employee_id__iexact=query)
            | Q(title__icontains=query)
        )
    if department:
        people = people.filter(department__public_id=department)
    if status:
        people = people.filter(status=status)
    return people.order_by("last_name", "first_name", "pk")


@dataclass(frozen=True)
class PersonProfile:
    employee: Employee
    manager_chain: list[Employee]
    direct_reports: int
    promotions: list[PromotionRecord]


def person_profile(public_id: UUID) -> PersonProfile | None:
    employee = (
        Employee.objects.select_related("department")
        .annotate(direct_reports=Count("reports"))
        .filter(public_id=public_id)
        .first()
    )
    if employee is None:
        return None
    return PersonProfile(
        employee=employee,
        manager_chain=manager_chain(employee),
        direct_reports=employee.direct_reports,
        promotions=list(employee.promotions.order_by("-effective_date")),
    )


def manager_chain(employee: Employee) -> list[Employee]:
    """Managers from the direct one upward: one query, however deep the chain."""
    links = dict(Employee.objects.values_list("pk", "manager_id"))
    chain_ids: list[int] = []
    current = links.get(employee.pk)
    while current and current not in chain_ids and len(chain_ids) < MAX_CHAIN:
        chain_ids.append(current)
        current = links.get(current)
    people = Employee.objects.in_bulk(chain_ids)
    return [people[pk] for pk in chain_ids]


def import_jobs_for(user: User, *, is_site_admin: bool) -> QuerySet[ImportJob]:
    jobs = ImportJob.objects.defer("content")
    return jobs if is_site_admin else jobs.filter(created_by=user)


def people_of_program(program_id: int) -> Q:
    """The people a program-scoped token may see: its participants and its role holders."""
    return Q(participations__cohort__program_id=program_id) | Q(
        account__program_roles__program_id=program_id
    )
