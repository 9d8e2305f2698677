"""The firm list's filters: the sort choices are named in the page's
language, both directions."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse
from django.utils.translation import override

from infospots.filters import FirmFilter
from infospots.models import Firm

pytestmark = pytest.mark.django_db


def sort_choices(language):
    with override(language):
        filterset = FirmFilter({}, queryset=Firm.objects.none(), user=AnonymousUser())
        return [
            (value, str(label))
            for value, label in filterset.form.fields["ordering"].choices
        ]


def test_both_directions_of_every_sort_are_named_in_english():
    assert sort_choices("en") == [
        ("", "---------"),
        ("name", "Name, A to Z"),
        ("-name", "Name, Z to A"),
        ("province", "Province, by plate code (01 to 81)"),
        ("-province", "Province, by plate code (81 to 01)"),
        ("size", "Size class, smallest first"),
        ("-size", "Size class, largest first"),
        ("registered", "Registration date, oldest first"),
        ("-registered", "Registration date, newest first"),
    ]


def test_sort_labels_follow_the_language_of_each_request(client, staff_a):
    """Labels are looked up for each page, never frozen in the language that
    was active when the module was imported."""
    client.force_login(staff_a)
    url = reverse("infospots:firm_list")
    client.get(url, HTTP_ACCEPT_LANGUAGE="tr")
    page = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert '<option value="-name">Name, Z to A</option>' in page
    assert "descending)" not in page
