"""The import job lifecycle: upload -> validate (dry run, in the task queue) -> apply on
request, with the job's state, progress and report kept up to date for the lead."""

from typing import Any

from django.conf import settings
from django.db import DatabaseError, transaction
from django.utils import timezone

from upward.accounts.models import User
from upward.domain.hris.refused import refused_rows_csv
from upward.people.hris_files import Upload, UploadRejected, inspect_upload, mapped_only, read_table
from upward.people.import_plans import ALL_OR_NOTHING, VALID_ROWS, plan_report, valid_row_count
from upward.people.models import ImportJob


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
    # Imported here, not at the top: imports.py imports this module to re-export it.
    from upward.people.imports import run_import

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
