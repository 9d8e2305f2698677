"""Celery tasks of the infospots app: the two halves of a spreadsheet import.

Each task takes a job id, fetches the job afresh, returns quietly when it is
gone, and calls one service. Both services are idempotent (they act only on
a job in the state they expect), so a redelivered task changes nothing.
"""

from celery import shared_task

from . import imports
from .models import ImportJob


@shared_task(name="infospots.validate_import_job", ignore_result=True)
def validate_import_job(job_id: int) -> None:
    """Check every row of an uploaded file and store the preview."""
    job = ImportJob.objects.filter(pk=job_id).first()
    if job is None:
        return
    imports.import_job_validate(job=job)


@shared_task(name="infospots.commit_import_job", ignore_result=True)
def commit_import_job(job_id: int) -> None:
    """Write a checked file's firms, all of them or none."""
    job = ImportJob.objects.filter(pk=job_id).first()
    if job is None:
        return
    imports.import_job_commit(job=job)
