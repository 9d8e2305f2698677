"""The one way a stored, checked file leaves the portal."""

import logging

from django.http import FileResponse, Http404
from django.utils.cache import patch_cache_control

from .validators import clean_filename

logger = logging.getLogger(__name__)


def checked_file_response(row) -> FileResponse:
    """`row.file` as a download, for a row the caller has already scoped.

    `row` has `file`, `original_name` and `content_type` (stored when the
    content was checked). Always a download, never shown inline, and not
    sniffed, so a browser neither renders nor guesses it; private, so no
    shared cache keeps it. A file missing from storage is a 404.
    """
    try:
        handle = row.file.open("rb")
    except FileNotFoundError:
        logger.error(
            "kms.download.file_missing model=%s pk=%s", row._meta.label, row.pk
        )
        raise Http404 from None
    response = FileResponse(
        handle,
        as_attachment=True,
        # Cleaned again: a row written some other way (admin, import) must
        # not break or split the header.
        filename=clean_filename(row.original_name),
        content_type=row.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    patch_cache_control(response, private=True)
    return response
