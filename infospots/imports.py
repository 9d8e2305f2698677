"""Spreadsheet import of firms: read a file, check every row, write all at once.

The flow:

1. `inspect_upload` checks the file's shape while the user waits (size, type
   by content, readable, no formulas, the expected columns, row limit);
   `import_job_create` stores it and enqueues `tasks.validate_import_job`.
2. `import_job_validate` checks every row with the registry's own rules
   (tax id checksums, NACE codes, founding year, the model's validators,
   duplicates in the file and in the registry) and stores the problems
   (row, column, message) on the job: the preview.
3. A clean job is committed: `import_job_request_commit` claims it and
   enqueues `tasks.commit_import_job`; `import_job_commit` checks the rows
   again and writes them in one transaction, with the registry's keys,
   permission predicate and history, so any failure leaves nothing
   written. A firm whose tax id is already registered in the job's
   province is updated, never duplicated.
"""

import csv
import io
import logging
import re
import zipfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import PurePath

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.template.defaultfilters import filesizeformat
from django.utils import timezone, translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from simple_history.utils import bulk_create_with_history

from kms.tasks import enqueue_on_commit
from kms.text import fold, words

from .models import (
    Firm,
    ImportFormat,
    ImportJob,
    ImportStatus,
    InfoSpot,
    NaceDivision,
)
from .permissions import can_work_in_province
from .services import (
    FIRM_EXISTS_ELSEWHERE,
    MERSIS_EXISTS,
    MERSIS_EXISTS_ELSEWHERE,
    NOT_YOUR_PROVINCE,
    _refresh_keys,
)
from .validators import normalise_identifier, validate_tax_id

logger = logging.getLogger(__name__)

DEFAULT_MAX_BYTES = 10 * 1024 * 1024
DEFAULT_MAX_ROWS = 20_000
# A workbook is a zip: its content may be far larger than the upload.
DEFAULT_MAX_UNPACKED_BYTES = 200 * 1024 * 1024
# Cells read per row: the template has 15 columns.
MAX_COLUMNS = 100
# Only the first problems are stored and shown; the count says how many more.
MAX_STORED_ERRORS = 1000
# How often (in rows) the progress bar's numbers are written.
PROGRESS_EVERY = 250
# Lookups by tax id go in chunks below SQLite's 999 query parameters.
CHUNK = 500
# Firms written per batch; the progress bar moves after each one.
WRITE_BATCH = 500
XLSX_MAGIC = b"PK\x03\x04"
SUFFIXES = {".csv": ImportFormat.CSV, ".xlsx": ImportFormat.XLSX}

# --- messages (the tests reuse them) -------------------------------------------

FILE_TOO_LARGE = _("The file is too large (%(size)s); the limit is %(limit)s.")
WRONG_TYPE = _(
    "Upload a CSV (UTF-8) or an Excel workbook (.xlsx). "
    "Older .xls workbooks must be saved as .xlsx first."
)
NOT_XLSX = _(
    "This file is named .xlsx but is not an Excel workbook. "
    "Open it in Excel and save it as an Excel workbook (.xlsx)."
)
CSV_IS_WORKBOOK = _(
    "This file is named .csv but is an Excel workbook. "
    "Rename it to .xlsx or save it as CSV UTF-8."
)
XLSX_UNREADABLE = _(
    "This workbook cannot be read: it is damaged or not a real .xlsx file."
)
XLSX_NO_SHEET = _("This workbook has no worksheet.")
XLSX_TOO_BIG = _(
    "This workbook is too large once unpacked (over %(limit)s). Remove "
    "formatting and empty rows, or split it into smaller files."
)
TOO_MANY_COLUMNS = _(
    "Row %(row)d has more than %(max)d cells. Use the columns of the template."
)
CSV_NOT_UTF8 = _(
    'The CSV file is not UTF-8 encoded. In Excel choose "Save as" and '
    '"CSV UTF-8 (comma delimited)", then upload it again.'
)
CSV_UNREADABLE = _("The CSV file cannot be read: it is damaged or not a text file.")
FORMULAS = _(
    "The file contains formulas (the first one in cell %(cell)s). Formulas are "
    "not imported: copy the cells and paste them as values only, then upload "
    "the file again."
)
EMPTY_FILE = _("The file is empty: the first row must hold the column names.")
NO_DATA_ROWS = _("The file has column names but no firms below them.")
TOO_MANY_ROWS = _(
    "The file has more than %(max)d rows. Split it into files of at most %(max)d firms."
)
WRONG_COLUMNS = _(
    "The columns of the first row do not match the template. %(problems)s "
    "Expected columns: %(expected)s. Required: %(required)s."
)
MISSING_COLUMNS = _("Missing: %(columns)s.")
UNKNOWN_COLUMNS = _("Unknown: %(columns)s.")
REPEATED_COLUMNS = _("Repeated: %(columns)s.")
UNNAMED_COLUMN = _("column %(letter)s without a name")

REQUIRED_VALUE = _("This column cannot be empty.")
EXTRA_CELLS = _("This row has more cells than the first row has column names.")
UNKNOWN_NACE = _("Unknown NACE division code: %(code)s.")
UNKNOWN_NACES = _("Unknown NACE division codes: %(codes)s.")
NOT_A_YEAR = _("Write the year in four digits, such as 1998.")
NOT_A_BOOLEAN = _("Write yes or no (evet or hayır).")
DUPLICATE_TAX_ID = _("This tax id is also on row %(row)d of the file.")
DUPLICATE_MERSIS = _("This MERSİS number is also on row %(row)d of the file.")

STALE_PREVIEW = _(
    "The registry changed since the check: %(count)d rows now have problems. "
    "Nothing was written."
)
CONCURRENT_WRITE = _(
    "Nothing was written: a firm with the same tax id or MERSİS number was "
    "saved by someone else during the import. Upload the file again to check it."
)
NO_ACTOR = _("Nothing was written: the person who started the import is gone.")
UNEXPECTED_FAILURE = _(
    "Nothing was written: the import stopped on an unexpected error. "
    "Please try again; if it happens again, tell an administrator."
)
FILE_MISSING = _("The uploaded file is no longer available; upload it again.")


class ImportFileError(Exception):
    """The file as a whole cannot be imported; `message` tells the user why."""

    def __init__(self, message):
        super().__init__(str(message))
        self.message = message


# --- columns -------------------------------------------------------------------


@dataclass(frozen=True)
class Column:
    key: str
    label: str  # lazy: the header of the template in the active language
    help: str
    aliases: tuple[str, ...] = ()  # folded header keys (Turkish, English)
    required: bool = False


COLUMNS = (
    Column(
        "legal_name",
        _("Legal name"),
        _("The full name on the trade registry."),
        ("unvan", "unvani", "ticaret_unvani", "firma_unvani", "yasal_unvan"),
        required=True,
    ),
    Column(
        "trade_name",
        _("Trade name"),
        _("The short name people know the firm by."),
        ("ticari_ad", "ticari_adi", "isletme_adi", "marka", "kisa_ad"),
    ),
    Column(
        "tax_id",
        _("Tax id"),
        _("VKN (10 digits) or TCKN (11 digits); spaces, dots and dashes are ignored."),
        (
            "vkn",
            "tckn",
            "vkn_tckn",
            "vergi_no",
            "vergi_numarasi",
            "vergi_kimlik_no",
            "vergi_kimlik_numarasi",
        ),
        required=True,
    ),
    Column(
        "mersis_number",
        _("MERSİS number"),
        _("16 digits, optional."),
        ("mersis", "mersis_no", "mersis_numarasi"),
    ),
    Column(
        "trade_registry_office",
        _("Trade registry office"),
        "",
        ("ticaret_sicil_mudurlugu", "sicil_mudurlugu"),
    ),
    Column(
        "trade_registry_number",
        _("Trade registry number"),
        "",
        ("ticaret_sicil_no", "ticaret_sicil_numarasi", "sicil_no"),
    ),
    Column(
        "primary_nace",
        _("Main NACE division"),
        _('The two-digit NACE Rev.2 division, such as 10; "10.71" counts as 10.'),
        (
            "nace",
            "nace_kodu",
            "ana_nace",
            "ana_faaliyet",
            "main_nace",
            "main_activity",
        ),
        required=True,
    ),
    Column(
        "secondary_naces",
        _("Other NACE divisions"),
        _("Division codes separated by commas or spaces."),
        ("diger_nace", "diger_faaliyetler", "ikincil_nace", "other_activities"),
    ),
    Column("district", _("District"), "", ("ilce",)),
    Column("address", _("Address"), "", ("adres",)),
    Column(
        "website",
        _("Website"),
        _("https:// is added when missing."),
        ("web", "web_sitesi", "web_site", "internet_sitesi"),
    ),
    Column(
        "founded_year",
        _("Founding year"),
        _("Four digits, not in the future."),
        ("kurulus_yili", "founding_year"),
    ),
    Column(
        "exports",
        _("Exports"),
        _("yes or no (evet or hayır)."),
        ("ihracat", "ihracat_yapiyor", "ihracatci"),
    ),
    Column(
        "export_markets",
        _("Export markets"),
        _("Countries or regions, separated by commas."),
        ("ihracat_pazarlari",),
    ),
    Column(
        "listed_publicly",
        _("Listed publicly"),
        _("yes if the firm agreed to appear in the public directory."),
        ("rehberde_listelensin", "listelensin", "public_listing"),
    ),
)
COLUMNS_BY_KEY = {column.key: column for column in COLUMNS}
TEXT_FIELDS = (
    "legal_name",
    "trade_name",
    "trade_registry_office",
    "trade_registry_number",
    "district",
    "address",
    "export_markets",
)
BOOLEAN_FIELDS = ("exports", "listed_publicly")
_TRUE = {"yes", "evet", "e", "y", "1", "true", "dogru", "x", "var"}
_FALSE = {"no", "hayir", "h", "n", "0", "false", "yanlis", "yok"}
_NACE_SEPARATORS = re.compile(r"[\s,;/]+")
# Fields the row check leaves to the import itself: the relations it resolves
# and the identifiers it validates with their own messages.
_NOT_FULL_CLEANED = {
    "tax_id",
    "primary_nace",
    "province",
    "info_spot",
    "registered_by",
    "size_class",
    "search_key",
    "name_key",
}


def header_key(text: str) -> str:
    """A header as compared: folded words joined by "_" ("Vergi No" -> vergi_no)."""
    return "_".join(words(text))


def _header_lookup() -> dict[str, str]:
    """Every accepted header key -> column key, in every language of the site.

    Later entries win: the template's own headers (the labels, translated)
    over the extra aliases, and the column keys over everything.
    """
    lookup = {alias: c.key for c in COLUMNS for alias in c.aliases}
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            lookup.update({header_key(str(c.label)): c.key for c in COLUMNS})
    lookup.update({c.key: c.key for c in COLUMNS})
    return lookup


def _boolean_words() -> tuple[set[str], set[str]]:
    true, false = set(_TRUE), set(_FALSE)
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            true.add(fold(gettext("yes")))
            false.add(fold(gettext("no")))
    return true, false


def expected_columns_text() -> tuple[str, str]:
    """The template's headers and the required ones, in the active language."""
    expected = ", ".join(str(column.label) for column in COLUMNS)
    required = ", ".join(str(c.label) for c in COLUMNS if c.required)
    return expected, required


# --- reading a file --------------------------------------------------------------


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
                if cell.startswith("="):
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
                if cell.data_type == "f":
                    raise ImportFileError(FORMULAS % {"cell": cell.coordinate})
                texts.append(_cell_text(cell.value))
            yield texts
    except ImportFileError:
        raise
    except Exception as error:  # a sheet that breaks while being read
        raise ImportFileError(XLSX_UNREADABLE) from error
    finally:
        workbook.close()


def _parse_header(cells: list[str]) -> list[tuple[str, str]]:
    lookup = _header_lookup()
    texts = list(cells)
    while texts and not texts[-1]:
        texts.pop()
    columns, unknown, repeated, seen = [], [], [], set()
    for index, text in enumerate(texts, start=1):
        key = lookup.get(header_key(text)) if text else None
        if not text:
            unknown.append(str(UNNAMED_COLUMN % {"letter": get_column_letter(index)}))
        elif key is None:
            unknown.append(text)
        elif key in seen:
            repeated.append(text)
        else:
            seen.add(key)
            columns.append((text, key))
    missing = [str(c.label) for c in COLUMNS if c.required and c.key not in seen]
    if missing or unknown or repeated:
        problems = []
        if missing:
            problems.append(MISSING_COLUMNS % {"columns": ", ".join(missing)})
        if unknown:
            problems.append(UNKNOWN_COLUMNS % {"columns": ", ".join(unknown)})
        if repeated:
            problems.append(REPEATED_COLUMNS % {"columns": ", ".join(repeated)})
        expected, required = expected_columns_text()
        raise ImportFileError(
            WRONG_COLUMNS
            % {
                "problems": " ".join(str(p) for p in problems),
                "expected": expected,
                "required": required,
            }
        )
    return columns


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


# --- checking the rows ------------------------------------------------------------


@dataclass
class PlannedRow:
    number: int
    tax_id: str
    fields: dict  # model field -> clean value, for the columns filled in
    secondary: list | None  # NaceDivisions, or None to leave them as they are
    existing: Firm | None = None
    changed: bool = True


@dataclass
class Plan:
    rows: list[PlannedRow] = field(default_factory=list)
    errors: list[dict] = field(default_factory=list)
    refused_rows: set[int] = field(default_factory=set)

    @property
    def to_create(self) -> list[PlannedRow]:
        return [r for r in self.rows if r.existing is None]

    @property
    def to_update(self) -> list[PlannedRow]:
        return [r for r in self.rows if r.existing is not None and r.changed]

    @property
    def unchanged(self) -> list[PlannedRow]:
        return [r for r in self.rows if r.existing is not None and not r.changed]


def _nace_code(text: str) -> str:
    code = text.strip().upper().lstrip("ABCDEFGHIJKLMNOPQRSTU").split(".")[0]
    code = code.strip()
    return code.zfill(2) if code.isdigit() and len(code) == 1 else code


def _clean_row(row: SheetRow, naces: dict, booleans) -> tuple[PlannedRow, list]:
    """A row's clean values and its problems as (column key, message)."""
    values, fields, errors = row.values, {}, []
    if row.extra_cells:
        errors.append(("", EXTRA_CELLS))
    for column in COLUMNS:
        if column.required and column.key in values and not values[column.key]:
            errors.append((column.key, REQUIRED_VALUE))
    for name in TEXT_FIELDS:
        if values.get(name):
            fields[name] = values[name]
    tax_id = normalise_identifier(values.get("tax_id", ""))
    if tax_id:
        try:
            validate_tax_id(tax_id)
        except ValidationError as error:
            errors.extend(("tax_id", message) for message in error.messages)
            tax_id = ""
        else:
            fields["tax_id"] = tax_id
    if values.get("mersis_number"):
        fields["mersis_number"] = normalise_identifier(values["mersis_number"])
    website = values.get("website", "")
    if website:
        fields["website"] = website if "://" in website else f"https://{website}"
    if values.get("primary_nace"):
        division = naces.get(_nace_code(values["primary_nace"]))
        if division is None:
            errors.append(
                ("primary_nace", UNKNOWN_NACE % {"code": values["primary_nace"]})
            )
        else:
            fields["primary_nace"] = division
    secondary = None
    if values.get("secondary_naces"):
        codes = [c for c in _NACE_SEPARATORS.split(values["secondary_naces"]) if c]
        unknown = [c for c in codes if _nace_code(c) not in naces]
        if unknown:
            errors.append(
                ("secondary_naces", UNKNOWN_NACES % {"codes": ", ".join(unknown)})
            )
        else:
            secondary = list(
                {_nace_code(c): naces[_nace_code(c)] for c in codes}.values()
            )
    if values.get("founded_year"):
        try:
            fields["founded_year"] = int(values["founded_year"])
        except ValueError:
            errors.append(("founded_year", NOT_A_YEAR))
    true_words, false_words = booleans
    for name in BOOLEAN_FIELDS:
        if values.get(name):
            word = fold(values[name])
            if word in true_words:
                fields[name] = True
            elif word in false_words:
                fields[name] = False
            else:
                errors.append((name, NOT_A_BOOLEAN))
    # The model's own validators (lengths, URL, MERSİS format, founding year
    # limits), on the values given: the same rules as the firm form.
    firm = Firm(**fields)
    exclude = [
        f.name
        for f in Firm._meta.concrete_fields
        if f.name not in fields or f.name in _NOT_FULL_CLEANED
    ]
    try:
        firm.full_clean(
            exclude=exclude, validate_unique=False, validate_constraints=False
        )
    except ValidationError as error:
        for name, messages in error.message_dict.items():
            errors.extend((name, message) for message in messages)
            fields.pop(name, None)
    return PlannedRow(row.number, tax_id, fields, secondary), errors


def _chunks(items: list, size: int = CHUNK) -> Iterator[list]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _secondary_ids(firm_ids: list[int]) -> dict[int, set[int]]:
    through = Firm.secondary_naces.through
    found: dict[int, set[int]] = {pk: set() for pk in firm_ids}
    for chunk in _chunks(firm_ids):
        for firm_id, nace_id in through.objects.filter(firm_id__in=chunk).values_list(
            "firm_id", "nacedivision_id"
        ):
            found[firm_id].add(nace_id)
    return found


def _has_changes(planned: PlannedRow, firm: Firm, secondary_ids: set[int]) -> bool:
    for name, value in planned.fields.items():
        if name == "primary_nace":
            if firm.primary_nace_id != value.pk:
                return True
        elif getattr(firm, name) != value:
            return True
    if planned.secondary is not None:
        primary_id = planned.fields["primary_nace"].pk
        wanted = {n.pk for n in planned.secondary if n.pk != primary_id}
        if wanted != secondary_ids:
            return True
    return False


def plan_import(
    *,
    sheet: Sheet,
    province_id: int,
    progress: Callable[[int], None] | None = None,
    lock: bool = False,
) -> Plan:
    """Check every row against the registry's rules and decide what to write.

    Rows whose tax id is registered in `province_id` become updates; in
    another province they are refused without naming that firm.
    """
    naces = {n.code: n for n in NaceDivision.objects.all()}
    booleans = _boolean_words()
    headers = sheet.headers
    plan = Plan()
    problems: list[tuple[int, str, str]] = []

    def refuse(number: int, key: str, message) -> None:
        problems.append((number, key, str(message)))

    clean_rows = []
    for index, row in enumerate(sheet.rows, start=1):
        planned, errors = _clean_row(row, naces, booleans)
        for key, message in errors:
            refuse(row.number, key, message)
        clean_rows.append(planned)
        if progress and index % PROGRESS_EVERY == 0:
            progress(index)

    first_tax: dict[str, int] = {}
    first_mersis: dict[str, int] = {}
    for planned in clean_rows:
        if planned.tax_id:
            if planned.tax_id in first_tax:
                row = first_tax[planned.tax_id]
                refuse(planned.number, "tax_id", DUPLICATE_TAX_ID % {"row": row})
            else:
                first_tax[planned.tax_id] = planned.number
        mersis = planned.fields.get("mersis_number")
        if mersis:
            if mersis in first_mersis:
                row = first_mersis[mersis]
                refuse(planned.number, "mersis_number", DUPLICATE_MERSIS % {"row": row})
            else:
                first_mersis[mersis] = planned.number

    tax_ids = list(first_tax)
    existing: dict[str, Firm] = {}
    elsewhere: set[str] = set()
    for chunk in _chunks(tax_ids):
        for tax_id, province in Firm.objects.filter(tax_id__in=chunk).values_list(
            "tax_id", "province_id"
        ):
            if province != province_id:
                elsewhere.add(tax_id)
        same_province = Firm.objects.filter(province_id=province_id, tax_id__in=chunk)
        if lock:  # the firms to update stay as checked until the commit ends
            same_province = same_province.select_for_update()
        for firm in same_province:
            existing[firm.tax_id] = firm
    mersis_owners = {}
    for chunk in _chunks(list(first_mersis)):
        for mersis, tax_id, province, name in Firm.objects.filter(
            mersis_number__in=chunk
        ).values_list("mersis_number", "tax_id", "province_id", "legal_name"):
            mersis_owners[mersis] = (tax_id, province, name)

    for planned in clean_rows:
        if planned.tax_id in elsewhere:
            refuse(planned.number, "tax_id", FIRM_EXISTS_ELSEWHERE)
        owner = mersis_owners.get(planned.fields.get("mersis_number"))
        if owner and owner[0] != planned.tax_id:
            tax_id, province, name = owner
            if province == province_id:
                message = MERSIS_EXISTS % {"firm": name}
            else:
                message = MERSIS_EXISTS_ELSEWHERE
            refuse(planned.number, "mersis_number", message)
        planned.existing = existing.get(planned.tax_id)

    plan.refused_rows = {number for number, _key, _message in problems}
    plan.rows = [r for r in clean_rows if r.number not in plan.refused_rows]
    updates = [r for r in plan.rows if r.existing is not None]
    secondaries = _secondary_ids([r.existing.pk for r in updates])
    for planned in updates:
        secondary = secondaries[planned.existing.pk]
        planned.changed = _has_changes(planned, planned.existing, secondary)

    order = {column.key: index for index, column in enumerate(COLUMNS)}
    problems.sort(key=lambda p: (p[0], order.get(p[1], -1)))
    plan.errors = [
        {"row": number, "column": headers.get(key, ""), "message": message}
        for number, key, message in problems
    ]
    return plan


# --- the job's life ----------------------------------------------------------------


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
    from . import tasks  # the tasks call back into this module

    enqueue_on_commit(tasks.validate_import_job, job.pk)
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
            from . import tasks  # the tasks call back into this module

            _report_written(job.pk, 0)
            enqueue_on_commit(tasks.commit_import_job, job.pk)
    return bool(claimed)


class _StalePreview(Exception):
    def __init__(self, plan: Plan):
        super().__init__("stale preview")
        self.plan = plan


class _CommitRefused(Exception):
    def __init__(self, message):
        super().__init__(str(message))
        self.message = message


def _create_batch(*, actor, firms: list[Firm], secondary: dict) -> None:
    bulk_create_with_history(firms, Firm, default_user=actor)
    through = Firm.secondary_naces.through
    through.objects.bulk_create(
        through(firm_id=firm.pk, nacedivision_id=nace.pk)
        for firm in firms
        for nace in secondary.get(id(firm)) or ()
        if nace.pk != firm.primary_nace_id
    )


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
    through.objects.bulk_create(
        through(firm_id=firm.pk, nacedivision_id=nace.pk)
        for firm in replaced
        for nace in secondary[id(firm)]
        if nace.pk != firm.primary_nace_id
    )


def _write_all(*, job: ImportJob, sheet: Sheet) -> Plan:
    """Check the rows again inside the transaction, then write them in batches.

    Batches, not one firm_register/firm_update per row: those cost about 13
    queries a firm (82 s for 10,000 rows on SQLite). The rules stay theirs:
    the same permission predicate, the row check above (the model's
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


# --- the template ----------------------------------------------------------------


def _template_rows() -> list[list[str]]:
    example = {
        "legal_name": "Örnek Gıda Sanayi ve Ticaret Ltd. Şti.",
        "trade_name": "Örnek Gıda",
        "tax_id": "4540536920",
        "mersis_number": "",
        "trade_registry_office": "Samsun",
        "trade_registry_number": "12345",
        "primary_nace": "10",
        "secondary_naces": "46, 47",
        "district": "İlkadım",
        "address": "Atatürk Bulvarı No: 1",
        "website": "https://www.example.com",
        "founded_year": "1998",
        "exports": gettext("yes"),
        "export_markets": gettext("Germany, Iraq"),
        "listed_publicly": gettext("no"),
    }
    return [
        [str(column.label) for column in COLUMNS],
        [example[column.key] for column in COLUMNS],
    ]


def template_csv() -> str:
    """The template as CSV in the active language, with a BOM for Excel.

    Turkish Excel expects ";" between cells (the comma is its decimal mark).
    """
    delimiter = ";" if (translation.get_language() or "")[:2] == "tr" else ","
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter)
    writer.writerows(_template_rows())
    return "\ufeff" + buffer.getvalue()


def template_xlsx() -> bytes:
    """The template as an Excel workbook in the active language."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = gettext("Firms")
    header, example = _template_rows()
    sheet.append(header)
    sheet.append(example)
    for index, column in enumerate(COLUMNS, start=1):
        letter = get_column_letter(index)
        sheet.column_dimensions[letter].width = max(14, len(header[index - 1]) + 4)
        sheet[f"{letter}1"].font = Font(bold=True)
        # Identifiers stay text, so Excel keeps a tax id's leading zero.
        if column.key in {"tax_id", "mersis_number", "primary_nace"}:
            sheet.column_dimensions[letter].number_format = "@"
            sheet[f"{letter}2"].number_format = "@"
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def describe_columns() -> Iterable[Column]:
    """The columns in template order, for the upload page."""
    return COLUMNS
