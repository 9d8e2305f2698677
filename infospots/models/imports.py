"""Spreadsheet imports of firms: one job per uploaded file.

Province path: `province` (the province of the Info Spot the file goes to);
`ImportJobQuerySet.for_user` is the one scoping rule.
"""

import uuid
from pathlib import PurePath

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from ..scoping import ScopedQuerySet
from .reference import Province
from .spots import InfoSpot


def _import_upload_to(job, filename: str) -> str:
    # A generated, unguessable name: the original one may carry personal data
    # and is kept in `original_name` only.
    suffix = PurePath(filename).suffix.lower()
    return f"imports/{uuid.uuid4().hex}{suffix}"


class ImportFormat(models.TextChoices):
    CSV = "csv", "CSV"
    XLSX = "xlsx", "XLSX"


class ImportStatus(models.TextChoices):
    PENDING = "pending", _("Waiting to be checked")
    VALIDATING = "validating", _("Checking")
    READY = "ready", _("Ready to import")
    INVALID = "invalid", _("Has problems")
    IMPORTING = "importing", _("Importing")
    DONE = "done", _("Imported")
    FAILED = "failed", _("Failed")


RUNNING_STATUSES = frozenset(
    {ImportStatus.PENDING, ImportStatus.VALIDATING, ImportStatus.IMPORTING}
)


class ImportJob(models.Model):
    """An uploaded spreadsheet of firms: checked first, then imported at once."""

    file = models.FileField(_("file"), upload_to=_import_upload_to, blank=True)
    original_name = models.CharField(_("file name"), max_length=255)
    file_format = models.CharField(
        _("format"), max_length=4, choices=ImportFormat.choices
    )
    info_spot = models.ForeignKey(
        InfoSpot,
        on_delete=models.PROTECT,
        related_name="import_jobs",
        verbose_name=_("Info Spot"),
    )
    province = models.ForeignKey(
        Province,
        on_delete=models.PROTECT,
        related_name="import_jobs",
        verbose_name=_("province"),
    )
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=ImportStatus.choices,
        default=ImportStatus.PENDING,
    )
    # The language of the person who uploaded the file: the messages stored
    # in `errors` and `message` are written in it.
    language = models.CharField(_("language"), max_length=8, default="tr")
    total_rows = models.PositiveIntegerField(_("rows"), default=0)
    processed_rows = models.PositiveIntegerField(_("rows processed"), default=0)
    # While the job is ready: what the import will do; once done: what it did.
    created_count = models.PositiveIntegerField(_("firms created"), default=0)
    updated_count = models.PositiveIntegerField(_("firms updated"), default=0)
    unchanged_count = models.PositiveIntegerField(_("firms unchanged"), default=0)
    refused_count = models.PositiveIntegerField(_("rows refused"), default=0)
    error_count = models.PositiveIntegerField(_("problems found"), default=0)
    # [{"row": 5, "column": "tax_id", "message": "..."}, ...], the first
    # MAX_STORED_ERRORS of `error_count`.
    errors = models.JSONField(_("problems"), default=list, blank=True)
    message = models.TextField(_("message"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    committed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("imported by"),
    )
    created_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last change"), auto_now=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    province_path = "province"
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("firm import")
        verbose_name_plural = _("firm imports")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["province", "created_at"])]

    def __str__(self):
        return self.original_name

    def get_absolute_url(self):
        return reverse("infospots:firm_import_detail", kwargs={"pk": self.pk})

    @property
    def is_running(self) -> bool:
        return self.status in RUNNING_STATUSES
