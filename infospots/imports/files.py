"""The uploaded file: its size and type, and its rows read from CSV or XLSX."""

import csv
import io
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import PurePath

from django.conf import settings
from django.template.defaultfilters import filesizeformat
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from ..models import ImportFormat
from .columns import _parse_header
from .messages import (
    CSV_IS_WORKBOOK,
    CSV_NOT_UTF8,
    CSV_UNREADABLE,
    EMPTY_FILE,
    FILE_TOO_LARGE,
    FORMULAS,
    NO_DATA_ROWS,
    NOT_XLSX,
    TOO_MANY_COLUMNS,
    TOO_MANY_ROWS,
    WRONG_TYPE,
    XLSX_NO_SHEET,
    XLSX_TOO_BIG,
    XLSX_UNREADABLE,
    ImportFileError,
)

DEFAULT_MAX_BYTES = 10 * 1024 * 1024
DEFAULT_MAX_ROWS = 20_000
# A workbook is a zip: its content may be far larger than the upload.
DEFAULT_MAX_UNPACKED_BYTES = 200 * 1024 * 1024
# Cells read per row: the template has 15 columns.
MAX_COLUMNS = 100
XLSX_MAGIC = b"PK\x03\x04"
SUFFIXES = {".csv": ImportFormat.CSV, ".xlsx": ImportFormat.XLSX}


@dataclass(frozen=True)
class SheetRow:
    number: int  # as the spreadsheet shows it (the header is row 1)
    values: dict[str, str]  # column key -> text
    extra_cells: bool = False


@dataclass
class Sheet:
    columns: list[tuple[str, str]]  # (header as written in the file, column key)
    rows: list[SheetRow]

    @property
    def headers(self) -> dict[str, str]:
        return {key: text for text, key in self.columns}


def max_import_bytes() -> int:
    return getattr(settings, "KMS_IMPORT_MAX_BYTES", DEFAULT_MAX_BYTES)


def max_import_rows() -> int:
    return getattr(settings, "KMS_IMPORT_MAX_ROWS", DEFAULT_MAX_ROWS)


def detect_format(filename: str, data: bytes) -> str:
    """The file's format, from its name and, above all, its content."""
    file_format = SUFFIXES.get(PurePath(filename or "").suffix.lower())
    if file_format is None:
        raise ImportFileError(WRONG_TYPE)
    is_zip = data.startswith(XLSX_MAGIC)
    if file_format == ImportFormat.XLSX and not is_zip:
        raise ImportFileError(NOT_XLSX)
    if file_format == ImportFormat.CSV and is_zip:
        raise ImportFileError(CSV_IS_WORKBOOK)
    return file_format


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _csv_rows(data: bytes) -> Iterator[list[str]]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ImportFileError(CSV_NOT_UTF8) from None
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        for cells in reader:
            for index, cell in enumerate(cells, start=1):
                # A CSV has no formulas, but Excel runs a cell starting with
                # "=" as one when the file is opened again.
                if cell.strip().startswith("="):
                    cell_name = f"{get_column_letter(index)}{reader.line_num}"
                    raise ImportFileError(FORMULAS % {"cell": cell_name})
            yield [cell.strip() for cell in cells]
    except csv.Error:
        raise ImportFileError(CSV_UNREADABLE) from None


def _xlsx_rows(data: bytes) -> Iterator[list[str]]:
    limit = getattr(
        settings, "KMS_IMPORT_MAX_UNPACKED_BYTES", DEFAULT_MAX_UNPACKED_BYTES
    )
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(member.file_size for member in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError):
        raise ImportFileError(XLSX_UNREADABLE) from None
    if unpacked > limit:
        raise ImportFileError(XLSX_TOO_BIG % {"limit": filesizeformat(limit)})
    try:
        # read_only streams the sheet; data_only=False keeps formulas visible
        # (data_type "f") so that they can be refused. openpyxl parses the
        # XML through defusedxml when it is installed.
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except Exception as error:  # any failure to open means a damaged file
        raise ImportFileError(XLSX_UNREADABLE) from error
    try:
        if not workbook.worksheets:
            raise ImportFileError(XLSX_NO_SHEET)
        for row in workbook.worksheets[0].iter_rows(max_col=MAX_COLUMNS + 1):
            texts = []
            for cell in row:
                text_formula = isinstance(cell.value, str) and (
                    cell.value.strip().startswith("=")
                )
                if cell.data_type == "f" or text_formula:
                    raise ImportFileError(FORMULAS % {"cell": cell.coordinate})
                texts.append(_cell_text(cell.value))
            yield texts
    except ImportFileError:
        raise
    except Exception as error:  # a sheet that breaks while being read
        raise ImportFileError(XLSX_UNREADABLE) from error
    finally:
        workbook.close()


def read_sheet(data: bytes, file_format: str, *, max_rows: int | None = None) -> Sheet:
    """The header and the non-empty rows of a file, or ImportFileError."""
    max_rows = max_import_rows() if max_rows is None else max_rows
    # Blank rows are skipped, but not without end: a sheet "formatted" down
    # to row 1,048,576 is refused like one with too many firms.
    max_physical = 2 * max_rows + 100
    rows = _csv_rows(data) if file_format == ImportFormat.CSV else _xlsx_rows(data)
    columns, found = None, []
    for number, cells in enumerate(rows, start=1):
        if len(cells) > MAX_COLUMNS and any(cells[MAX_COLUMNS:]):
            raise ImportFileError(
                TOO_MANY_COLUMNS % {"row": number, "max": MAX_COLUMNS}
            )
        if columns is None:
            if any(cells):
                columns = _parse_header(cells)
            elif number > max_physical:
                break
            continue
        if number > max_physical or (any(cells) and len(found) >= max_rows):
            raise ImportFileError(TOO_MANY_ROWS % {"max": max_rows})
        if not any(cells):
            continue
        values = {
            key: cells[index] if index < len(cells) else ""
            for index, (_text, key) in enumerate(columns)
        }
        found.append(SheetRow(number, values, extra_cells=any(cells[len(columns) :])))
    if columns is None:
        raise ImportFileError(EMPTY_FILE)
    if not found:
        raise ImportFileError(NO_DATA_ROWS)
    return Sheet(columns=columns, rows=found)


def inspect_upload(upload) -> tuple[str, Sheet]:
    """Check an uploaded file's shape before it is stored: (format, sheet)."""
    limit = max_import_bytes()
    if upload.size > limit:
        raise ImportFileError(
            FILE_TOO_LARGE
            % {"size": filesizeformat(upload.size), "limit": filesizeformat(limit)}
        )
    if PurePath(upload.name or "").suffix.lower() not in SUFFIXES:
        raise ImportFileError(WRONG_TYPE)
    upload.seek(0)
    data = upload.read(limit + 1)
    upload.seek(0)
    file_format = detect_format(upload.name, data)
    return file_format, read_sheet(data, file_format)
