"""Checking every row against the registry's rules: the preview and its plan."""

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.translation import gettext

from kms.core.text import fold

from ..models import Firm, NaceDivision
from ..services import FIRM_EXISTS_ELSEWHERE, MERSIS_EXISTS, MERSIS_EXISTS_ELSEWHERE
from ..validators import normalise_identifier, validate_tax_id
from .columns import BOOLEAN_FIELDS, COLUMNS, TEXT_FIELDS
from .files import Sheet, SheetRow
from .messages import (
    DUPLICATE_MERSIS,
    DUPLICATE_TAX_ID,
    EXTRA_CELLS,
    NOT_A_BOOLEAN,
    NOT_A_YEAR,
    REQUIRED_VALUE,
    UNKNOWN_NACE,
    UNKNOWN_NACES,
)

# How often (in rows) the progress bar's numbers are written.
PROGRESS_EVERY = 250
# Lookups by tax id go in chunks below SQLite's 999 query parameters.
CHUNK = 500
_TRUE = {"yes", "evet", "e", "y", "1", "true", "dogru", "x", "var"}
_FALSE = {"no", "hayir", "h", "n", "0", "false", "yanlis", "yok"}
# Codes are separated by commas, semicolons, slashes or spaces; a space after
# a section letter ("C 10") belongs to the code.
_NACE_SEPARATORS = re.compile(r"\s*[,;/]\s*|(?<![A-Za-z])\s+")
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


def _boolean_words() -> tuple[set[str], set[str]]:
    true, false = set(_TRUE), set(_FALSE)
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            true.add(fold(gettext("yes")))
            false.add(fold(gettext("no")))
    return true, false


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


def _nace_division(text: str, naces: dict):
    """The NACE division a cell names ("10", "10.71", "C10", "C 10"), or None.

    A section letter, when given, must be the division's own section.
    """
    text = text.strip().upper()
    letter = text[:1] if text[:1].isalpha() else ""
    code = text[len(letter) :].split(".")[0].strip()
    division = naces.get(code.zfill(2) if code.isdigit() and len(code) == 1 else code)
    if division is None or (letter and division.section.code != letter):
        return None
    return division


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
        division = _nace_division(values["primary_nace"], naces)
        if division is None:
            errors.append(
                ("primary_nace", UNKNOWN_NACE % {"code": values["primary_nace"]})
            )
        else:
            fields["primary_nace"] = division
    secondary = None
    if values.get("secondary_naces"):
        codes = [c for c in _NACE_SEPARATORS.split(values["secondary_naces"]) if c]
        found = {code: _nace_division(code, naces) for code in codes}
        unknown = [code for code, division in found.items() if division is None]
        if unknown:
            errors.append(
                ("secondary_naces", UNKNOWN_NACES % {"codes": ", ".join(unknown)})
            )
        else:
            secondary = list({d.pk: d for d in found.values()}.values())
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
    naces = {n.code: n for n in NaceDivision.objects.select_related("section")}
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
