"""The columns of the import: the template's headers, their aliases, the header
row of a file mapped to them, and the downloadable template."""

import csv
import io
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from kms.core.text import words

from .messages import (
    MISSING_COLUMNS,
    REPEATED_COLUMNS,
    UNKNOWN_COLUMNS,
    UNNAMED_COLUMN,
    WRONG_COLUMNS,
    ImportFileError,
)


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


def expected_columns_text() -> tuple[str, str]:
    """The template's headers and the required ones, in the active language."""
    expected = ", ".join(str(column.label) for column in COLUMNS)
    required = ", ".join(str(c.label) for c in COLUMNS if c.required)
    return expected, required


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
