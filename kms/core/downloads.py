"""How files leave the portal: stored, checked uploads, and the spreadsheets
the portal builds (exports, reports, templates). Always as a download that
browsers neither render nor sniff.

Dates in a spreadsheet read as the pages do (kms/formats): a CSV writes
them in the reader's language, an Excel cell holds a real date shown in
that language's format.
"""

import csv
import datetime as dt
import io
import logging

from django.http import FileResponse, Http404, HttpResponse, StreamingHttpResponse
from django.utils import timezone, translation
from django.utils.cache import patch_cache_control
from django.utils.formats import date_format, get_format
from django.utils.http import content_disposition_header
from openpyxl.cell import WriteOnlyCell

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


# Django's format characters (the ones kms/formats uses) as Excel's codes.
_EXCEL_CODES = {
    "d": "dd",
    "j": "d",
    "m": "mm",
    "n": "m",
    "M": "mmm",
    "F": "mmmm",
    "Y": "yyyy",
    "y": "yy",
    "H": "hh",
    "G": "h",
    "i": "mm",
    "s": "ss",
}


def excel_date_format(format_name: str = "SHORT_DATE_FORMAT") -> str:
    """The active language's date format as an Excel number format:
    "dd.mm.yyyy" in Turkish, "d mmm yyyy" in English."""
    django_format = get_format(format_name)
    codes, escaped = [], False
    for char in django_format:
        if escaped:
            codes.append(f'"{char}"')
            escaped = False
        elif char == "\\":
            escaped = True
        elif char in _EXCEL_CODES:
            codes.append(_EXCEL_CODES[char])
        elif char.isalpha():
            raise ValueError(f"No Excel code for {char!r} of {django_format!r}")
        else:
            codes.append(char)
    return "".join(codes)


def _local(value: dt.datetime) -> dt.datetime:
    """A moment as the site's wall-clock time (spreadsheets know no zones)."""
    return timezone.localtime(value) if timezone.is_aware(value) else value


def xlsx_row(sheet, row) -> list:
    """`row` ready for a write-only sheet's append(): dates and moments
    become date cells shown in the reader's format."""
    day_format = excel_date_format()
    cells = []
    for value in row:
        if isinstance(value, dt.datetime):
            value = WriteOnlyCell(sheet, value=_local(value).replace(tzinfo=None))
            value.number_format = excel_date_format("SHORT_DATETIME_FORMAT")
        elif isinstance(value, dt.date):
            value = WriteOnlyCell(sheet, value=value)
            value.number_format = day_format
        cells.append(value)
    return cells


def _csv_value(value):
    if isinstance(value, dt.datetime):
        return date_format(_local(value), "SHORT_DATETIME_FORMAT")
    if isinstance(value, dt.date):
        return date_format(value, "SHORT_DATE_FORMAT")
    return value


class _Echo:
    """A file-like object whose write() hands the line back to the stream."""

    def write(self, value):
        return value


def csv_download(rows, *, filename: str) -> StreamingHttpResponse:
    """Rows streamed as CSV, with a BOM so that Excel reads UTF-8.

    The rows are made in the language of the request, also when the server
    reads the stream after the view has returned; dates are written as that
    language writes them.
    """
    language = translation.get_language()
    writer = csv.writer(_Echo())

    def lines():
        with translation.override(language):
            for i, row in enumerate(rows):
                line = writer.writerow([_csv_value(value) for value in row])
                yield ("\ufeff" if i == 0 else "") + line

    response = StreamingHttpResponse(lines())
    response["Content-Type"] = "text/csv; charset=utf-8"
    return _as_download(response, filename)
