"""Background work for people data, run by the task queue's workers."""

from django.tasks import task

from upward.people import imports
from upward.people.models import ImportJob


@task()
def validate_import_job(job_public_id: str) -> None:
    imports.import_job_validate(ImportJob.objects.get(public_id=job_public_id))


@task()
def apply_import_job(job_public_id: str) -> None:
    imports.import_job_apply(ImportJob.objects.get(public_id=job_public_id))
