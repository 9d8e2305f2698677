"""Numbers typed in URLs (kms.core.http.typed_number)."""

import pytest

from kms.core.http import typed_number
from tests.factories import FirmFactory


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("7", 7),
        ("007", 7),
        ("9" * 18, int("9" * 18)),
        ("9" * 19, None),  # beyond a database key
        ("²", None),  # a digit to str.isdigit(), not to int()
        ("٣", None),  # an Arabic-Indic three
        ("-1", None),
        ("1.5", None),
        ("", None),
        (None, None),
    ],
)
def test_only_ascii_digits_of_a_bounded_length_are_a_number(text, number):
    assert typed_number(text) == number


def test_a_page_number_has_fewer_digits():
    assert typed_number("1234567", digits=6) is None


@pytest.mark.django_db
def test_a_superscript_digit_in_a_page_or_id_is_no_500(client, staff_a, info_spot_a):
    firm = FirmFactory(province=info_spot_a.province, info_spot=info_spot_a)
    client.force_login(staff_a)
    history = client.get(f"/firms/{firm.pk}/history/", {"page": "²"})
    duplicates = client.get("/firms/duplicates/", {"province": "²", "exclude": "²"})
    assert (history.status_code, duplicates.status_code) == (200, 200)
