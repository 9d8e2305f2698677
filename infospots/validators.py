"""Validators of Turkish identifiers (python-stdnum does the checksums)."""

import re

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from stdnum.tr import tckimlik, vkn

_SEPARATORS = re.compile(r"[\s.\-]+")

TAX_ID_NOT_DIGITS = _("A tax id has digits only.")
TAX_ID_LENGTH = _(
    "A tax id has 10 digits (VKN) or 11 digits (TCKN of a sole proprietor); "
    "this one has %(length)d."
)
TAX_ID_CHECKSUM = _("This tax id is not valid: its check digits do not match.")
MERSIS_FORMAT = _("A MERSİS number has exactly 16 digits.")
FUTURE_YEAR = _("The founding year cannot be in the future.")
FUTURE_FIGURES_YEAR = _("Figures can be recorded for this year or earlier years only.")


def normalise_identifier(value: str) -> str:
    """Strip the spaces, dots and dashes people type into numbers."""
    return _SEPARATORS.sub("", value or "")


def validate_tax_id(value: str) -> None:
    if not value.isdigit():
        raise ValidationError(TAX_ID_NOT_DIGITS, code="tax_id_digits")
    if len(value) not in (10, 11):
        raise ValidationError(
            TAX_ID_LENGTH, code="tax_id_length", params={"length": len(value)}
        )
    module = vkn if len(value) == 10 else tckimlik
    if not module.is_valid(value):
        raise ValidationError(TAX_ID_CHECKSUM, code="tax_id_checksum")


def validate_mersis(value: str) -> None:
    if not (value.isdigit() and len(value) == 16):
        raise ValidationError(MERSIS_FORMAT, code="mersis_format")


def validate_not_future_year(value: int) -> None:
    if value > timezone.localdate().year:
        raise ValidationError(FUTURE_YEAR, code="future_year")


def validate_not_future_figures_year(value: int) -> None:
    if value > timezone.localdate().year:
        raise ValidationError(FUTURE_FIGURES_YEAR, code="future_year")


# Spreadsheet programs run a cell starting with one of these as a formula.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value):
    """Text that a spreadsheet shows as text, never runs (OWASP CSV injection)."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return f"'{value}"
    return value


def complete_vkn(first_nine: str) -> str:
    """The valid VKN that starts with these nine digits (demo data, tests)."""
    return next(
        candidate
        for candidate in (f"{first_nine}{digit}" for digit in range(10))
        if vkn.is_valid(candidate)
    )
