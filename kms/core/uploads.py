"""Checked uploads: files stored only once their content matches their name.

A model that keeps such files inherits `StoredFile` and declares its own
`file` field (each has its own folder); `save_checked_upload` is the one way
a file gets into one (article attachments, cluster evidence).
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from .filekinds import attachment_kind, clean_filename


class StoredFile(models.Model):
    """What the portal knows of a stored upload besides the file itself: the
    name it was uploaded under (cleaned), the type its content was found to
    be, and its size. Served only through `downloads.checked_file_response`."""

    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("content type"), max_length=120)
    size = models.PositiveBigIntegerField(_("size (bytes)"))

    class Meta:
        abstract = True

    def __str__(self):
        return self.original_name


def save_checked_upload(row, upload):
    """Save `row` with `upload` as its file once the content matches the name.

    `row` is any model with `file`, `original_name`, `content_type` and
    `size` (article attachments, cluster evidence). The file is stored under
    a generated name (the model's upload_to keeps only the extension); a
    refused file leaves nothing behind, neither a row nor a file.
    """
    try:
        kind = attachment_kind(upload)
    except ValidationError as error:
        raise ValidationError({"file": error}) from None
    name = clean_filename(upload.name, kind.extension)
    row.original_name = name
    row.content_type = kind.content_type
    row.size = upload.size
    row.file.save(name, upload, save=False)
    try:
        row.full_clean()
        row.save()
    except BaseException:
        row.file.delete(save=False)
        raise
    return row
