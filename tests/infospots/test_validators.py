import pytest
from django.core.exceptions import ValidationError

from infospots.validators import (
    MERSIS_FORMAT,
    TAX_ID_CHECKSUM,
    TAX_ID_LENGTH,
    TAX_ID_NOT_DIGITS,
    complete_vkn,
    normalise_identifier,
    validate_mersis,
    validate_tax_id,
)


@pytest.mark.parametrize(
    ("typed", "normalised"),
    [(" 454 053 6920 ", "4540536920"), ("454.053-6920", "4540536920"), ("", "")],
)
def test_identifiers_lose_spaces_dots_and_dashes(typed, normalised):
    assert normalise_identifier(typed) == normalised


@pytest.mark.parametrize("tax_id", ["4540536920", "10000000146"])
def test_valid_vkn_and_tckn_pass(tax_id):
    validate_tax_id(tax_id)


@pytest.mark.parametrize(
    ("tax_id", "message"),
    [
        ("4540536921", TAX_ID_CHECKSUM),  # VKN, wrong check digit
        ("10000000147", TAX_ID_CHECKSUM),  # TCKN, wrong check digit
        ("45405369", TAX_ID_LENGTH),
        ("454053692012", TAX_ID_LENGTH),
        ("45405A6920", TAX_ID_NOT_DIGITS),
    ],
)
def test_invalid_tax_ids_say_why(tax_id, message):
    with pytest.raises(ValidationError) as exc:
        validate_tax_id(tax_id)
    assert exc.value.messages == [str(message) % (exc.value.params or {})]


def test_mersis_has_16_digits():
    validate_mersis("0454053692000017")
    with pytest.raises(ValidationError) as exc:
        validate_mersis("045405369200001")
    assert exc.value.messages == [str(MERSIS_FORMAT)]


def test_complete_vkn_finds_the_check_digit():
    assert complete_vkn("454053692") == "4540536920"
