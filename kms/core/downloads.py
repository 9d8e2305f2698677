"""How files leave the portal: stored, checked uploads, and the spreadsheets
the portal builds (exports, reports, templates). Always as a download that
browsers neither render nor sniff."""

import csv
import io
import logging

from django.http import FileResponse, Http404, HttpResponse, StreamingHttpResponse
from django.utils.cache import patch_cache_control
from django.utils.http import content_disposition_header

from kms.core.filekinds import XLSX, clean_filename

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


XLSX_CONTENT_TYPE = XLSX.content_type


def _as_download(response, filename: str):
    # content_disposition_header encodes a translated (non-ASCII) name.
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=filename
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


def download(content, *, filename: str, content_type: str) -> HttpResponse:
    """Content built in memory (a template, a report) as a download."""
    return _as_download(HttpResponse(content, content_type=content_type), filename)


def xlsx_download(workbook, *, filename: str) -> HttpResponse:
    """An openpyxl workbook as a download."""
    buffer = io.BytesIO()
    workbook.save(buffer)
    return download(
        buffer.getvalue(), filename=filename, content_type=XLSX_CONTENT_TYPE
    )


class _Echo:
    """A file-like object whose write() hands the line back to the stream."""

    def write(self, value):
        return value


def csv_download(rows, *, filename: str) -> StreamingHttpResponse:
    """Rows streamed as CSV, with a BOM so that Excel reads UTF-8."""
    writer = csv.writer(_Echo())
    response = StreamingHttpResponse(
        ("\ufeff" if i == 0 else "") + writer.writerow(row)
        for i, row in enumerate(rows)
    )
    response["Content-Type"] = "text/csv; charset=utf-8"
    return _as_download(response, filename)
