"""Importing people from HRIS files: the one pipeline behind the UI, the API and the command.

By default a run is all or nothing: a plan with any error writes nothing, and a plan without
errors is written in one transaction. The lead may instead import only the valid rows (still in
one transaction); the refused rows, with their reasons, are then kept as a CSV to download in
place of the upload. Re-importing the same file changes nothing.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.conf import settings
from django.db import DatabaseError, transaction
from django.utils import timezone

from upward.accounts.models import User
from upward.core.database import refresh_planner_statistics
from upward.domain.hris.plan import Action, ImportPlan, PlannedRow, plan_import, valid_rows_only
from upward.domain.hris.records import PersonRecord
from upward.domain.hris.refused import refused_rows_csv
from upward.domain.hris.values import ExitType, Status
from upward.people.hris_files import (
    Table,
    Upload,
    UploadRejected,
    inspect_upload,
    mapped_only,
    read_table,
)
from upward.people.models import Department, Employee, ImportJob, PromotionRecord

# How an import is applied: every row or none (the default), or the valid rows only.
ALL_OR_NOTHING = "all"
VALID_ROWS = "valid_rows"
REPORT_ERROR_LIMIT = 2000
REPORT_CHANGE_LIMIT = 500
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


@dataclass(frozen=True)
class ImportOutcome:
    plan: ImportPlan
    applied: bool


def existing_records() -> dict[str, PersonRecord]:
    """Everyone already in Upward, as the importer compares them (one query)."""
    rows = Employee.objects.values_list(
        "employee_id",
        "first_name",
        "last_name",
        "preferred_name",
        "email",
        "title",
        "department__name",
        "department__division",
        "level",
        "manager__employee_id",
        "hire_date",
        "location",
        "time_zone",
        "status",
        "exit_date",
        "exit_type",
    )
    return {
        row[0]: PersonRecord(
            employee_id=row[0],
            first_name=row[1],
            last_name=row[2],
            preferred_name=row[3],
            email=row[4],
            title=row[5],
            department=row[6] or "",
            division=row[7] or "",
            level=row[8],
            manager_id=row[9] or "",
            hire_date=row[10],
            location=row[11],
            time_zone=row[12],
            status=Status(row[13]),
            exit_date=row[14],
            exit_type=ExitType(row[15]),
        )
        for row in rows
    }


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


def plan_report(plan: ImportPlan) -> dict[str, Any]:
    """What the import page and the API show: counts, errors by row, and the changes."""
    changes = [row for row in plan.rows if row.action is not Action.UNCHANGED]
    return {
        "counts": plan.counts(),
        "total_rows": plan.total_rows,
        "file_problems": list(plan.file_problems),
        "ignored_columns": list(plan.ignored_columns),
        "errors": [
            {"row": e.row, "employee_id": e.employee_id, "message": e.message}
            for e in plan.errors[:REPORT_ERROR_LIMIT]
        ],
        "errors_total": len(plan.errors),
        "changes": [
            {
                "row": row.row,
                "employee_id": row.record.employee_id,
                "action": row.action.value,
                "changed": list(row.changed),
            }
            for row in changes[:REPORT_CHANGE_LIMIT]
        ],
        "changes_total": len(changes),
    }


# The job lifecycle: upload -> validate (dry run, in the task queue) -> apply on request.


def import_job_create(
    *, user: User, filename: str, content: bytes, day_first: bool | None
) -> ImportJob:
    """Store the upload's mapped columns (never the file as uploaded) and queue the check.

    The file is read here, before anything is saved, so that a column Upward does not use
    (a salary, a home address) never reaches the database; a file that cannot be read makes
    a job that failed, with the reason, and stores nothing of the file.
    """
    upload = inspect_upload(filename, content, max_bytes=settings.PEOPLE_IMPORT_MAX_BYTES)
    try:
        stored, ignored = mapped_only(read_table(upload))
    except UploadRejected as rejected:
        return ImportJob.objects.create(
            created_by=user,
            filename=upload.filename,
            kind="csv",
            content=b"",
            day_first=day_first,
            state=ImportJob.State.FAILED,
            report={"file_problems": [str(rejected)]},
            finished_at=timezone.now(),
        )
    job = ImportJob.objects.create(
        created_by=user,
        filename=upload.filename,
        kind="csv",
        content=stored,
        day_first=day_first,
        report={"ignored_columns": list(ignored)},
    )
    from upward.people.tasks import validate_import_job

    transaction.on_commit(lambda: validate_import_job.enqueue(str(job.public_id)))
    return job


def import_job_validate(job: ImportJob) -> None:
    _run_job(job, ImportJob.State.VALIDATING, dry_run=True)


def valid_row_count(counts: dict[str, int]) -> int:
    return sum(counts.get(action.value, 0) for action in Action)


def import_job_request_apply(job: ImportJob, *, mode: str = ALL_OR_NOTHING) -> None:
    if job.state != ImportJob.State.VALIDATED or job.report.get("file_problems"):
        raise ValueError("This import can only be applied after a check of the whole file.")
    if mode == VALID_ROWS:
        if not valid_row_count(job.counts):
            raise ValueError(
                "No row of this file can be imported: fix the file and upload it again."
            )
    elif job.counts.get("error"):
        raise ValueError("This import can only be applied after a check with no errors.")
    job.state = ImportJob.State.APPLYING
    job.processed_rows = 0
    job.report = {**job.report, "mode": mode}
    job.save(update_fields=["state", "processed_rows", "report"])
    from upward.people.tasks import apply_import_job

    transaction.on_commit(lambda: apply_import_job.enqueue(str(job.public_id)))


def import_job_apply(job: ImportJob) -> None:
    mode = VALID_ROWS if job.report.get("mode") == VALID_ROWS else ALL_OR_NOTHING
    _run_job(job, ImportJob.State.APPLYING, dry_run=False, mode=mode)


def refused_rows_download(job: ImportJob) -> bytes | None:
    """The refused rows of an import of the valid rows, as a CSV; None for any other import."""
    if job.state != ImportJob.State.APPLIED or job.report.get("mode") != VALID_ROWS:
        return None
    return bytes(job.content)


def _run_job(job: ImportJob, state: str, *, dry_run: bool, mode: str = ALL_OR_NOTHING) -> None:
    upload = Upload(job.filename, job.kind, bytes(job.content))
    # The headers left out when the upload was stored (their values never were).
    left_out = [str(h) for h in job.report.get("ignored_columns") or []]
    _set_job(job, state=state, processed_rows=0)
    try:
        table = read_table(upload)
        _set_job(job, total_rows=len(table.rows))
        outcome = run_import(
            table,
            day_first=job.day_first,
            dry_run=dry_run,
            on_progress=lambda n: _set_job(job, processed_rows=n),
            mode=mode,
        )
    except UploadRejected as rejected:
        _fail_job(job, str(rejected))
        return
    except DatabaseError:
        # The transaction rolled back, so nothing was written; say so rather than hang.
        _fail_job(job, DATABASE_REFUSED)
        raise
    except Exception:
        # Whatever went wrong, the lead sees a finished job with a reason, never "validating"
        # forever; the task queue keeps the traceback for the administrator.
        _fail_job(job, UNEXPECTED_FAILURE)
        raise
    report = plan_report(outcome.plan)
    report["ignored_columns"] = list(dict.fromkeys([*left_out, *report["ignored_columns"]]))
    if outcome.applied and mode == VALID_ROWS:
        # Only the refused rows are kept, with their reasons, for the lead to download and fix.
        refused = refused_rows_csv(table.header, table.rows, outcome.plan.errors)
        job.content = refused.encode("utf-8-sig")
        job.save(update_fields=["content"])
        report["mode"] = VALID_ROWS
        report["refused_total"] = report["counts"]["error"]
    elif outcome.applied:
        job.content = b""  # the upload is no longer needed once its data is in place
        job.save(update_fields=["content"])
    final = ImportJob.State.APPLIED if outcome.applied else ImportJob.State.VALIDATED
    if not outcome.plan.ok and not outcome.plan.rows and outcome.plan.file_problems:
        final = ImportJob.State.FAILED
        _forget_upload(job)  # a failed job is never applied: its file is of no further use
    _finish_job(job, final, report, report.get("counts", {}))


DATABASE_REFUSED = (
    "The database refused the import, so nothing was written. Try again; if it fails again, "
    "check the file against the people already in Upward."
)
UNEXPECTED_FAILURE = (
    "Upward could not finish reading this file, so nothing was written. Try again; if it fails "
    "again, ask your administrator to look at the task log."
)


def _forget_upload(job: ImportJob) -> None:
    _set_job(job, content=b"")


def _fail_job(job: ImportJob, reason: str) -> None:
    _forget_upload(job)
    _finish_job(job, ImportJob.State.FAILED, {"file_problems": [reason]}, {})


def _set_job(job: ImportJob, **values: Any) -> None:
    for name, value in values.items():
        setattr(job, name, value)
    ImportJob.objects.filter(pk=job.pk).update(**values)


def _finish_job(job: ImportJob, state: str, report: dict[str, Any], counts: dict[str, int]) -> None:
    _set_job(
        job,
        state=state,
        report=report,
        counts=counts,
        finished_at=timezone.now(),
        processed_rows=job.total_rows,
    )
