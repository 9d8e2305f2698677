"""The job's life: stored upload, background check, and the all-or-nothing commit
with its progress."""

import logging
from pathlib import PurePath

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from simple_history.utils import bulk_create_with_history

from kms.core.enqueue import enqueue_on_commit

from ..models import Firm, ImportJob, ImportStatus, InfoSpot
from ..permissions import can_work_in_province
from ..services import NOT_YOUR_PROVINCE, _refresh_keys
from .files import Sheet, read_sheet
from .messages import (
    CONCURRENT_WRITE,
    FILE_MISSING,
    NO_ACTOR,
    STALE_PREVIEW,
    UNEXPECTED_FAILURE,
    ImportFileError,
)
from .rows import Plan, _chunks, plan_import

# The package's name, as before it was split.
logger = logging.getLogger(__package__)

# Only the first problems are stored and shown; the count says how many more.
MAX_STORED_ERRORS = 1000
# Firms written per batch; the progress bar moves after each one.
WRITE_BATCH = 500


def _progress_key(job_id: int) -> str:
    return f"kms:import:{job_id}:written"


def written_rows(job: ImportJob) -> int:
    """Rows written so far by a running commit (kept outside its transaction)."""
    try:
        return int(cache.get(_progress_key(job.pk)) or 0)
    except Exception:  # progress is a nicety; a cache outage must not break pages
        logger.warning("import_progress_unavailable job_id=%s", job.pk)
        return 0


def _report_written(job_id: int, count: int) -> None:
    try:
        cache.set(_progress_key(job_id), count, timeout=6 * 60 * 60)
    except Exception:  # see written_rows
        logger.warning("import_progress_unavailable job_id=%s", job_id)


def _read_job_file(job: ImportJob) -> Sheet:
    if not job.file:
        raise ImportFileError(FILE_MISSING)
    try:
        with job.file.open("rb") as handle:
            data = handle.read()
    except OSError:
        raise ImportFileError(FILE_MISSING) from None
    return read_sheet(data, job.file_format)


def _finish(job: ImportJob, status: str, **fields) -> None:
    """Record a final state and drop the stored file: it is no longer needed."""
    ImportJob.objects.filter(pk=job.pk).update(
        status=status, finished_at=timezone.now(), updated_at=timezone.now(), **fields
    )
    _discard_file(job)


def _discard_file(job: ImportJob) -> None:
    name = ImportJob.objects.filter(pk=job.pk).values_list("file", flat=True).first()
    if not name:
        return
    ImportJob.objects.filter(pk=job.pk).update(file="")
    try:
        job.file.storage.delete(name)
    except OSError:
        logger.warning("import_file_not_deleted job_id=%s", job.pk)


@transaction.atomic
def import_job_create(
    *, actor, info_spot: InfoSpot, upload, file_format: str, total_rows: int
) -> ImportJob:
    """Store a checked upload as a job and have its rows checked in the background."""
    if not can_work_in_province(actor, info_spot.province_id):
        raise PermissionDenied(NOT_YOUR_PROVINCE)
    job = ImportJob(
        original_name=PurePath(upload.name).name[:255],
        file_format=file_format,
        info_spot=info_spot,
        province_id=info_spot.province_id,
        language=translation.get_language() or settings.LANGUAGE_CODE,
        total_rows=total_rows,
        created_by=actor,
    )
    job.file.save(upload.name, upload, save=False)
    job.save()
    enqueue_on_commit("infospots.validate_import_job", job.pk)
    logger.info(
        "import_uploaded job_id=%s province_id=%s rows=%s actor_id=%s",
        job.pk,
        job.province_id,
        total_rows,
        actor.pk,
    )
    return job


def import_job_validate(*, job: ImportJob) -> None:
    """Check every row of a pending job and store the preview. Idempotent."""
    claimed = ImportJob.objects.filter(
        pk=job.pk, status__in=[ImportStatus.PENDING, ImportStatus.VALIDATING]
    ).update(status=ImportStatus.VALIDATING, processed_rows=0)
    if not claimed:
        return

    def progress(count: int) -> None:
        ImportJob.objects.filter(pk=job.pk).update(processed_rows=count)

    with translation.override(job.language):
        try:
            sheet = _read_job_file(job)
            plan = plan_import(
                sheet=sheet, province_id=job.province_id, progress=progress
            )
        except ImportFileError as error:
            _finish(job, ImportStatus.INVALID, message=str(error.message))
            return
        except Exception:
            logger.exception("import_validation_failed job_id=%s", job.pk)
            _finish(job, ImportStatus.FAILED, message=str(UNEXPECTED_FAILURE))
            return
    counts = {
        "total_rows": len(sheet.rows),
        "processed_rows": len(sheet.rows),
        "created_count": len(plan.to_create),
        "updated_count": len(plan.to_update),
        "unchanged_count": len(plan.unchanged),
        "refused_count": len(plan.refused_rows),
        "error_count": len(plan.errors),
        "errors": plan.errors[:MAX_STORED_ERRORS],
    }
    if plan.errors:
        _finish(job, ImportStatus.INVALID, **counts)
    else:
        ImportJob.objects.filter(pk=job.pk).update(
            status=ImportStatus.READY, updated_at=timezone.now(), **counts
        )
    logger.info(
        "import_checked job_id=%s rows=%s problems=%s",
        job.pk,
        len(sheet.rows),
        len(plan.errors),
    )


def import_job_request_commit(*, actor, job: ImportJob) -> bool:
    """Start writing a checked job's firms. False if it is not ready (any more)."""
    if not can_work_in_province(actor, job.province_id):
        raise PermissionDenied(NOT_YOUR_PROVINCE)
    with transaction.atomic():
        claimed = ImportJob.objects.filter(pk=job.pk, status=ImportStatus.READY).update(
            status=ImportStatus.IMPORTING,
            processed_rows=0,
            committed_by=actor,
            updated_at=timezone.now(),
        )
        if claimed:
            _report_written(job.pk, 0)
            enqueue_on_commit("infospots.commit_import_job", job.pk)
    return bool(claimed)


class _StalePreview(Exception):
    def __init__(self, plan: Plan):
        super().__init__("stale preview")
        self.plan = plan


class _CommitRefused(Exception):
    def __init__(self, message):
        super().__init__(str(message))
        self.message = message


def _link_secondary(firms: list[Firm], secondary: dict) -> None:
    """Link each firm to its other NACE divisions (all but its main one)."""
    through = Firm.secondary_naces.through
    through.objects.bulk_create(
        through(firm_id=firm.pk, nacedivision_id=nace.pk)
        for firm in firms
        for nace in secondary.get(id(firm)) or ()
        if nace.pk != firm.primary_nace_id
    )


def _create_batch(*, actor, firms: list[Firm], secondary: dict) -> None:
    bulk_create_with_history(firms, Firm, default_user=actor)
    _link_secondary(firms, secondary)


def _update_batch(*, actor, firms: list[Firm], fields: dict, secondary: dict) -> None:
    # One UPDATE of the changed columns per firm: Django's bulk_update builds
    # a CASE per column and row, which took 45 s for 10,000 firms.
    for firm in firms:
        Firm.objects.filter(pk=firm.pk).update(
            **{name: getattr(firm, name) for name in fields[id(firm)]}
        )
    Firm.history.bulk_history_create(firms, update=True, default_user=actor)
    replaced = [firm for firm in firms if secondary.get(id(firm)) is not None]
    if not replaced:
        return
    through = Firm.secondary_naces.through
    through.objects.filter(firm_id__in=[firm.pk for firm in replaced]).delete()
    _link_secondary(replaced, secondary)


def _write_all(*, job: ImportJob, sheet: Sheet) -> Plan:
    """Check the rows again inside the transaction, then write them in batches.

    Batches, not one firm_register/firm_update per row: those cost about 13
    queries a firm (82 s for 10,000 rows on SQLite). The rules stay theirs:
    the same permission predicate, the row check (`plan_import`: the model's
    validators, duplicates by tax id and MERSİS in the registry, which the
    database constraints back up), the same keys (`_refresh_keys`), and a
    history record per firm with the committing user.
    """
    actor = job.committed_by
    if actor is None:
        raise _CommitRefused(NO_ACTOR)
    if not can_work_in_province(actor, job.province_id):
        raise _CommitRefused(NOT_YOUR_PROVINCE)
    plan = plan_import(sheet=sheet, province_id=job.province_id, lock=True)
    if plan.errors:
        raise _StalePreview(plan)
    now = timezone.now()
    secondary = {}
    new_firms = []
    for planned in plan.to_create:
        firm = Firm(
            province_id=job.province_id,
            info_spot=job.info_spot,
            registered_by=actor,
            **planned.fields,
        )
        _refresh_keys(firm)
        secondary[id(firm)] = planned.secondary
        new_firms.append(firm)
    changed_firms, changed_fields = [], {}
    for planned in plan.to_update:
        firm = planned.existing
        for name, value in planned.fields.items():
            setattr(firm, name, value)
        firm.updated_at = now
        _refresh_keys(firm)
        secondary[id(firm)] = planned.secondary
        changed_fields[id(firm)] = [
            *planned.fields,
            *("name_key", "search_key", "updated_at"),
        ]
        changed_firms.append(firm)
    written = 0
    try:
        for batch in _chunks(new_firms, WRITE_BATCH):
            _create_batch(actor=actor, firms=batch, secondary=secondary)
            written += len(batch)
            _report_written(job.pk, written)
        for batch in _chunks(changed_firms, WRITE_BATCH):
            _update_batch(
                actor=actor, firms=batch, fields=changed_fields, secondary=secondary
            )
            written += len(batch)
            _report_written(job.pk, written)
    except IntegrityError as error:
        # Only a firm saved by someone else since the check above gets here.
        raise _CommitRefused(CONCURRENT_WRITE) from error
    ImportJob.objects.filter(pk=job.pk).update(
        status=ImportStatus.DONE,
        total_rows=len(sheet.rows),
        processed_rows=len(sheet.rows),
        created_count=len(plan.to_create),
        updated_count=len(plan.to_update),
        unchanged_count=len(plan.unchanged),
        refused_count=0,
        error_count=0,
        errors=[],
        message="",
        finished_at=now,
        updated_at=now,
    )
    return plan


def import_job_commit(*, job: ImportJob) -> None:
    """Write every row of a claimed job in one transaction, or none of them.

    Idempotent: only a job in IMPORTING is written, and it becomes DONE in
    the same transaction as its firms, so a second run finds nothing to do.
    """
    with translation.override(job.language):
        try:
            with transaction.atomic():
                locked = (
                    # of=self: PostgreSQL cannot lock the nullable side of
                    # the outer join to committed_by.
                    ImportJob.objects.select_for_update(of=("self",))
                    .select_related("info_spot", "committed_by")
                    .filter(pk=job.pk, status=ImportStatus.IMPORTING)
                    .first()
                )
                if locked is None:
                    return
                plan = _write_all(job=locked, sheet=_read_job_file(locked))
        except _StalePreview as stale:
            errors = stale.plan.errors
            _finish(
                job,
                ImportStatus.INVALID,
                message=str(STALE_PREVIEW % {"count": len(stale.plan.refused_rows)}),
                refused_count=len(stale.plan.refused_rows),
                error_count=len(errors),
                errors=errors[:MAX_STORED_ERRORS],
            )
            return
        except ImportFileError as error:
            _finish(job, ImportStatus.FAILED, message=str(error.message))
            return
        except _CommitRefused as refusal:
            logger.warning("import_commit_refused job_id=%s", job.pk)
            _finish(job, ImportStatus.FAILED, message=str(refusal.message))
            return
        except Exception:
            logger.exception("import_commit_failed job_id=%s", job.pk)
            _finish(job, ImportStatus.FAILED, message=str(UNEXPECTED_FAILURE))
            return
    _discard_file(job)
    logger.info(
        "import_committed job_id=%s created=%s updated=%s",
        job.pk,
        len(plan.to_create),
        len(plan.to_update),
    )
