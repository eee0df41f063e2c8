"""Importing people from HRIS files: the one pipeline behind the UI, the API and the command.

By default a run is all or nothing: a plan with any error writes nothing, and a plan without
errors is written in one transaction. The lead may instead import only the valid rows (still in
one transaction); the refused rows, with their reasons, are then kept as a CSV to download in
place of the upload. Re-importing the same file changes nothing.

This module applies an import; reading and planning one is in people/import_plans.py, and the
job lifecycle (upload, check, apply on request) in people/import_jobs.py. Both are re-exported
here, the import path callers have always used.
"""

from collections.abc import Callable, Iterable
from datetime import date

from django.db import transaction
from django.utils import timezone

from upward.core.database import refresh_planner_statistics
from upward.domain.hris.plan import Action, ImportPlan, PlannedRow, plan_import, valid_rows_only
from upward.domain.hris.records import PersonRecord
from upward.people.hris_files import Table
from upward.people.import_jobs import (
    DATABASE_REFUSED,
    UNEXPECTED_FAILURE,
    import_job_apply,
    import_job_create,
    import_job_request_apply,
    import_job_validate,
    refused_rows_download,
)
from upward.people.import_plans import (
    ALL_OR_NOTHING,
    REPORT_CHANGE_LIMIT,
    REPORT_ERROR_LIMIT,
    VALID_ROWS,
    ImportOutcome,
    existing_records,
    plan_report,
    valid_row_count,
)
from upward.people.models import Department, Employee, PromotionRecord

__all__ = [
    "ALL_OR_NOTHING",
    "DATABASE_REFUSED",
    "REPORT_CHANGE_LIMIT",
    "REPORT_ERROR_LIMIT",
    "UNEXPECTED_FAILURE",
    "VALID_ROWS",
    "ImportOutcome",
    "apply_plan",
    "existing_records",
    "import_job_apply",
    "import_job_create",
    "import_job_request_apply",
    "import_job_validate",
    "plan_report",
    "refused_rows_download",
    "run_import",
    "valid_row_count",
]

_BATCH = 1000
_EMPLOYEE_FIELDS = (
    "first_name",
    "last_name",
    "preferred_name",
    "email",
    "title",
    "level",
    "hire_date",
    "location",
    "time_zone",
    "status",
    "exit_date",
    "exit_type",
)


def run_import(
    table: Table,
    *,
    day_first: bool | None,
    dry_run: bool,
    on_progress: Callable[[int], None] | None = None,
    mode: str = ALL_OR_NOTHING,
) -> ImportOutcome:
    existing = existing_records()
    plan = plan_import(
        table.header, table.rows, existing, day_first=day_first, on_progress=on_progress
    )
    partial = mode == VALID_ROWS
    if partial:
        plan = valid_rows_only(plan, existing)
    if dry_run or plan.file_problems or not (plan.ok or partial):
        return ImportOutcome(plan, applied=False)
    apply_plan(plan, today=timezone.localdate(), partial=partial)
    return ImportOutcome(plan, applied=True)


@transaction.atomic
def apply_plan(plan: ImportPlan, *, today: date, partial: bool = False) -> None:
    """Write a checked plan: departments, people, promotions, then manager links.

    With partial, the plan's rows are written and its refused rows are left out; the plan must
    come from `valid_rows_only`, so that what it writes is consistent on its own.
    """
    if plan.file_problems or not (plan.ok or partial):
        raise ValueError("Only a plan without errors can be applied.")
    changing = [row for row in plan.rows if row.action is not Action.UNCHANGED]
    departments = _ensure_departments(row.record for row in changing)
    current = Employee.objects.in_bulk(
        [row.record.employee_id for row in changing], field_name="employee_id"
    )
    creates: list[Employee] = []
    updates: list[Employee] = []
    promotions: list[PromotionRecord] = []
    for row in changing:
        employee = current.get(row.record.employee_id) or Employee(
            employee_id=row.record.employee_id
        )
        promotion = _promotion_if_any(employee, row.record, today)
        _copy_record(employee, row.record, departments)
        (updates if employee.pk else creates).append(employee)
        if promotion:
            promotions.append(promotion)
    Employee.objects.bulk_create(creates, batch_size=_BATCH)
    Employee.objects.bulk_update(
        updates, [*_EMPLOYEE_FIELDS, "department", "updated_at"], batch_size=_BATCH
    )
    PromotionRecord.objects.bulk_create(promotions, batch_size=_BATCH)
    _link_managers(changing)
    refresh_planner_statistics([Department, Employee, PromotionRecord])


def _ensure_departments(records: Iterable[PersonRecord]) -> dict[str, Department]:
    wanted: dict[str, str] = {}
    for record in records:
        if record.department:
            wanted[record.department] = record.division or wanted.get(record.department, "")
    known = Department.objects.in_bulk(list(wanted), field_name="name")
    Department.objects.bulk_create(
        [
            Department(name=name, division=division)
            for name, division in wanted.items()
            if name not in known
        ]
    )
    moved = [dept for name, dept in known.items() if wanted[name] and dept.division != wanted[name]]
    for dept in moved:
        dept.division = wanted[dept.name]
    Department.objects.bulk_update(moved, ["division"])
    return Department.objects.in_bulk(list(wanted), field_name="name")


def _copy_record(
    employee: Employee, record: PersonRecord, departments: dict[str, Department]
) -> None:
    for name in _EMPLOYEE_FIELDS:
        setattr(employee, name, getattr(record, name))
    employee.status = record.status.value
    employee.exit_type = record.exit_type.value
    employee.department = departments.get(record.department)
    employee.updated_at = timezone.now()


def _promotion_if_any(
    employee: Employee, record: PersonRecord, today: date
) -> PromotionRecord | None:
    """A re-import that raises someone's level is a promotion, dated the day it was seen."""
    if not employee.pk or employee.level is None or record.level is None:
        return None
    if record.level <= employee.level:
        return None
    return PromotionRecord(
        employee=employee,
        effective_date=today,
        from_level=employee.level,
        to_level=record.level,
        from_title=employee.title,
        to_title=record.title,
    )


def _link_managers(rows: list[PlannedRow]) -> None:
    ids = {row.record.employee_id for row in rows} | {
        row.record.manager_id for row in rows if row.record.manager_id
    }
    pk_of = dict(Employee.objects.filter(employee_id__in=ids).values_list("employee_id", "pk"))
    people = Employee.objects.in_bulk(
        [row.record.employee_id for row in rows], field_name="employee_id"
    )
    for row in rows:
        people[row.record.employee_id].manager_id = pk_of.get(row.record.manager_id)
    Employee.objects.bulk_update(list(people.values()), ["manager"], batch_size=_BATCH)
