"""One way of writing dates per language (kms/formats), on pages and in
exports: Turkish 07.12.2026, English 7 Dec 2026."""

import csv
import datetime as dt
import io
import re
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import override
from openpyxl import load_workbook

from infospots.models import Firm
from kms.core.downloads import excel_date_format
from tests.factories import ClusterFactory, FirmFactory

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
DAY = dt.date(2026, 12, 7)
# 14:05 in Istanbul (UTC+3).
MOMENT = dt.datetime(2026, 12, 7, 11, 5, tzinfo=dt.UTC)


@pytest.mark.parametrize(
    ("language", "day", "moment", "month"),
    [
        ("tr", "07.12.2026", "07.12.2026 14:05", "Aralık 2026"),
        ("en", "7 Dec 2026", "7 Dec 2026, 14:05", "December 2026"),
    ],
)
def test_each_language_writes_dates_one_way(language, day, moment, month):
    local = timezone.localtime(MOMENT)
    with override(language):
        assert date_format(DAY) == day
        assert date_format(DAY, "SHORT_DATE_FORMAT") == day
        assert date_format(local, "DATETIME_FORMAT") == moment
        assert date_format(local, "SHORT_DATETIME_FORMAT") == moment
        assert date_format(DAY, "YEAR_MONTH_FORMAT") == month


@pytest.mark.parametrize(
    ("language", "day", "moment"),
    [
        ("tr", "dd.mm.yyyy", "dd.mm.yyyy hh:mm"),
        ("en", "d mmm yyyy", "d mmm yyyy, hh:mm"),
    ],
)
def test_excel_cells_use_the_languages_format(language, day, moment):
    with override(language):
        assert excel_date_format() == day
        assert excel_date_format("SHORT_DATETIME_FORMAT") == moment


# Formats that machines read: ISO 8601 in datetime attributes and date inputs.
MACHINE_FORMATS = {"c", "Y-m-d"}


def test_templates_name_their_date_formats():
    """A date shown to people uses a named format (DATE_FORMAT...), never a
    literal one that ignores the language."""
    literal = [
        f"{path.relative_to(TEMPLATES)}: {fmt}"
        for path in sorted(TEMPLATES.rglob("*"))
        if path.is_file()
        for fmt in re.findall(r"\|date:[\"']([^\"']*)[\"']", path.read_text())
        if not fmt.endswith("_FORMAT") and fmt not in MACHINE_FORMATS
    ]
    assert literal == []


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "status_since", "founded"),
    [
        ("tr", "15.01.2026 tarihinden beri", ">02.05.2024</time>"),
        ("en", "since 15 Jan 2026", ">2 May 2024</time>"),
    ],
)
def test_a_page_in_each_language(client, language, status_since, founded):
    cluster = ClusterFactory(
        status_since=dt.date(2026, 1, 15), founded_on=dt.date(2024, 5, 2)
    )
    page = client.get(
        reverse("clusters:detail", args=[cluster.slug]),
        HTTP_ACCEPT_LANGUAGE=language,
    ).content.decode()
    assert status_since in page
    assert founded in page
    # The machine-readable date stays ISO.
    assert '<time datetime="2024-05-02">' in page


@pytest.fixture
def registered_firm(info_spot_a):
    firm = FirmFactory(province=info_spot_a.province, info_spot=info_spot_a)
    # 23:30 in UTC is already the next day in Istanbul: the local day counts.
    Firm.objects.filter(pk=firm.pk).update(
        created_at=dt.datetime(2026, 12, 6, 23, 30, tzinfo=dt.UTC)
    )
    return firm


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "shown"), [("tr", "07.12.2026"), ("en", "7 Dec 2026")]
)
def test_the_csv_export_writes_dates_in_the_readers_language(
    client, staff_a, registered_firm, language, shown
):
    client.force_login(staff_a)
    response = client.get(
        reverse("infospots:firm_export_csv"), HTTP_ACCEPT_LANGUAGE=language
    )
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[1][10] == shown


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "number_format"), [("tr", "dd.mm.yyyy"), ("en", "d mmm yyyy")]
)
def test_the_excel_export_holds_real_dates(
    client, staff_a, registered_firm, language, number_format
):
    client.force_login(staff_a)
    response = client.get(
        reverse("infospots:firm_export_xlsx"), HTTP_ACCEPT_LANGUAGE=language
    )
    cell = load_workbook(io.BytesIO(response.content)).active["K2"]
    # openpyxl reads a date cell back as a naive midnight.
    assert cell.value.date() == dt.date(2026, 12, 7)
    assert cell.is_date
    assert cell.number_format == number_format
