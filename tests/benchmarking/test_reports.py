"""The quarterly progress report (XLSX) and the snapshots download (CSV)."""

import csv
import datetime as dt
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils.html import escape
from openpyxl import load_workbook

from benchmarking.models import (
    ComputeRun,
    Programme,
    ProvinceTarget,
    Snapshot,
    Status,
    Target,
)
from benchmarking.reports import (
    NO_FIGURES,
    NOTHING_COMPUTED,
    QUARTER_INVALID,
    STATUS_FILLS,
    TARGET_UNKNOWN,
    Quarter,
    ReportError,
)
from infospots.models import Province
from kms.accounts.models import Role
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

D = dt.date
REPORT = reverse("benchmarking:report_xlsx")
CSV = reverse("benchmarking:snapshots_csv")

# The programme's month ends, the third quarter still running on 15 August.
DAYS = [
    D(2026, 1, 31),
    D(2026, 2, 28),
    D(2026, 3, 31),
    D(2026, 4, 30),
    D(2026, 5, 31),
    D(2026, 6, 30),
    D(2026, 7, 31),
    D(2026, 8, 15),
]
NATIONAL = [10, 20, 40, 60, 90, 120, 150, 170]


def province(plate):
    return Province.objects.get(plate=plate)


@pytest.fixture
def programme(db):
    return Programme.objects.create(
        name="KOBİ Ağları Projesi",
        slug="kobi-aglari",
        starts_on=D(2026, 1, 1),
        ends_on=D(2026, 12, 31),
    )


def make_target(programme, code="smes-reached", order=1, **fields):
    return Target.objects.create(
        programme=programme,
        code=code,
        title_tr=fields.pop("title_tr", "Ulaşılan KOBİ"),
        title_en=fields.pop("title_en", "SMEs reached"),
        metric="smes_reached",
        target_value=fields.pop("target_value", 400),
        deadline=D(2026, 12, 31),
        order=order,
        **fields,
    )


def snapshots(target, days, values=None):
    """National, Çorum (19), Samsun (55) and Trabzon (61) rows on each day;
    Trabzon has no target of its own."""
    corum, samsun, trabzon = province(19), province(55), province(61)
    values = values or [10] * len(days)
    Snapshot.objects.bulk_create(
        row
        for day, value in zip(days, values, strict=True)
        for row in (
            Snapshot(
                target=target,
                province=None,
                on=day,
                value=value,
                target_value=target.target_value,
                status=Status.OFF_TRACK,
            ),
            Snapshot(
                target=target,
                province=corum,
                on=day,
                value=Decimal(value) * 2 / 3,
                target_value=80,
                status=Status.ACHIEVED if value >= 120 else Status.ON_TRACK,
            ),
            Snapshot(
                target=target,
                province=samsun,
                on=day,
                value=Decimal(value) / 4,
                target_value=80,
                status=Status.AT_RISK,
            ),
            Snapshot(
                target=target,
                province=trabzon,
                on=day,
                value=Decimal(value) / 10,
                target_value=None,
                status="",
            ),
        )
    )


@pytest.fixture
def reached(programme):
    target = make_target(programme)
    for plate in (19, 55):
        ProvinceTarget.objects.create(
            target=target, province=province(plate), target_value=80
        )
    snapshots(target, DAYS, NATIONAL)
    ComputeRun.objects.create(
        as_of=D(2026, 8, 15),
        trigger="test",
        finished_at=dt.datetime(2026, 8, 15, 23, 5, tzinfo=dt.UTC),
    )
    return target


@pytest.fixture
def second_target(reached):
    target = make_target(
        reached.programme,
        code="clusters",
        order=2,
        title_tr="Belirlenen küme",
        title_en="Clusters identified",
        target_value=12,
    )
    snapshots(target, [D(2026, 6, 30), D(2026, 8, 15)], [3, 5])
    return target


def workbook(response):
    assert response.status_code == 200
    return load_workbook(io.BytesIO(response.content))


def rows(sheet, first_row):
    """The sheet's non-empty rows from `first_row` (date cells as dates)."""
    return [
        [value.date() if isinstance(value, dt.datetime) else value for value in row]
        for row in sheet.iter_rows(min_row=first_row, values_only=True)
        if any(value is not None for value in row)
    ]


def csv_rows(response):
    assert response.status_code == 200
    body = b"".join(response.streaming_content).decode("utf-8")
    assert body.startswith("\ufeff")
    return list(csv.reader(io.StringIO(body[1:])))


def get(client, url, user=None, **params):
    if user is not None:
        client.force_login(user)
    return client.get(url, params, HTTP_ACCEPT_LANGUAGE="en")


# --- the workbook -------------------------------------------------------------


def test_report_of_a_past_quarter(client, manager, reached):
    response = get(client, REPORT, manager, quarter="2026-Q2")
    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    assert response["Content-Disposition"] == (
        'attachment; filename="progress-report-kobi-aglari-2026-Q2.xlsx"'
    )
    book = workbook(response)
    assert book.sheetnames == ["Targets", "Trend"]
    sheet = book["Targets"]
    assert [sheet[f"A{n}"].value for n in range(1, 6)] == [
        "KOBİ Ağları Projesi",
        "Quarterly progress report: 2026-Q2",
        "Figures as of 30 Jun 2026",
        "Computed on 16 Aug 2026, 02:05",
        None,
    ]
    assert sheet["A1"].font.bold
    assert [cell.value for cell in sheet[6]] == [
        "Target",
        "Province",
        "Value",
        "Target value",
        "Unit",
        "Progress",
        "Status",
        "Deadline",
    ]
    assert all(cell.font.bold for cell in sheet[6])
    assert sheet.freeze_panes == "B7"
    assert sheet.column_dimensions["A"].width == 48
    # The quarter's last day (30 June), nationally then by plate.
    assert rows(sheet, 7) == [
        [
            "SMEs reached",
            "National",
            120,
            400,
            "SMEs",
            0.3,
            "Off track",
            D(2026, 12, 31),
        ],
        [
            "SMEs reached",
            "Çorum",
            80,
            80,
            "SMEs",
            1,
            "Achieved",
            D(2026, 12, 31),
        ],
        [
            "SMEs reached",
            "Samsun",
            30,
            80,
            "SMEs",
            0.375,
            "At risk",
            D(2026, 12, 31),
        ],
        [
            "SMEs reached",
            "Trabzon",
            12,
            None,
            "SMEs",
            None,
            "No target of its own",
            D(2026, 12, 31),
        ],
    ]
    assert sheet["F7"].number_format == "0.0%"
    # Dates are date cells, shown as the English pages write them.
    assert sheet["H7"].number_format == "d mmm yyyy"
    # The status is written out, and its cell filled with its colour.
    assert [sheet[f"G{n}"].fill.fgColor.rgb for n in (7, 8, 9)] == [
        "00F4817A",
        "0063BE7B",
        "00FFC000",
    ]
    assert STATUS_FILLS[Status.OFF_TRACK] == "F4817A"
    assert sheet["G10"].fill.fill_type is None


def test_report_defaults_to_the_latest_quarter_as_of_its_latest_day(
    client, manager, reached
):
    response = get(client, REPORT, manager)
    assert response["Content-Disposition"] == (
        'attachment; filename="progress-report-kobi-aglari-2026-Q3.xlsx"'
    )
    sheet = workbook(response)["Targets"]
    assert sheet["A2"].value == "Quarterly progress report: 2026-Q3"
    assert sheet["A3"].value == "Figures as of 15 Aug 2026"
    assert sheet["C7"].value == 170


def test_trend_has_the_national_value_at_every_quarter_end(
    client, manager, second_target
):
    sheet = workbook(get(client, REPORT, manager))["Trend"]
    assert sheet["A2"].value == "National value at the end of each quarter"
    assert [cell.value for cell in sheet[6]] == [
        "Target",
        "Unit",
        "Target value",
        "2026-Q1",
        "2026-Q2",
        "2026-Q3",
    ]
    assert rows(sheet, 7) == [
        [
            "Figures as of",
            None,
            None,
            D(2026, 3, 31),
            D(2026, 6, 30),
            D(2026, 8, 15),
        ],
        ["SMEs reached", "SMEs", 400, 40, 120, 170],
        # Added in the second quarter: nothing before it.
        ["Clusters identified", "SMEs", 12, None, 3, 5],
    ]
    assert [cell.number_format for cell in sheet[7][3:]] == ["d mmm yyyy"] * 3
    assert sheet.freeze_panes == "B8"


def test_trend_stops_at_the_reports_quarter(client, manager, reached):
    sheet = workbook(get(client, REPORT, manager, quarter="2026-Q1"))["Trend"]
    assert [cell.value for cell in sheet[6]] == [
        "Target",
        "Unit",
        "Target value",
        "2026-Q1",
    ]
    assert rows(sheet, 8) == [["SMEs reached", "SMEs", 400, 40]]


def test_report_in_turkish(client, manager, reached):
    client.force_login(manager)
    response = client.get(REPORT, {"quarter": "2026-Q2"}, HTTP_ACCEPT_LANGUAGE="tr")
    sheet = workbook(response).worksheets[0]
    assert [sheet["A7"].value, sheet["B7"].value] == ["Ulaşılan KOBİ", "Ulusal"]
    assert sheet["G8"].value == "Ulaşıldı"
    # Turkish dates: day.month.year, in the text and in the date cells.
    assert sheet["A3"].value == "30.06.2026 itibarıyla rakamlar"
    assert sheet["A4"].value == "16.08.2026 02:05 tarihinde hesaplandı"
    assert sheet["H7"].value.date() == D(2026, 12, 31)
    assert sheet["H7"].number_format == "dd.mm.yyyy"
    trend = workbook(response).worksheets[1]
    assert [cell.number_format for cell in trend[7][3:]] == ["dd.mm.yyyy"] * 2


def test_report_without_a_computation_says_so(client, manager, reached):
    ComputeRun.objects.all().delete()
    sheet = workbook(get(client, REPORT, manager))["Targets"]
    assert sheet["A4"].value == "Not computed yet"


def test_text_that_looks_like_a_formula_stays_text(client, manager, programme):
    target = make_target(programme, title_en='=HYPERLINK("http://evil.example")')
    snapshots(target, [D(2026, 3, 31)])
    sheet = workbook(get(client, REPORT, manager))["Targets"]
    assert sheet["A7"].value == '\'=HYPERLINK("http://evil.example")'
    assert sheet["A7"].data_type == "s"
    body = csv_rows(get(client, CSV))
    assert body[1][1] == '\'=HYPERLINK("http://evil.example")'


# --- province scoping ---------------------------------------------------------


@pytest.mark.parametrize(
    ("actor", "provinces"),
    [
        ("staff_a", ["National", "Samsun"]),
        ("staff_b", ["National", "Trabzon"]),
        ("manager", ["National", "Çorum", "Samsun", "Trabzon"]),
        ("admin_user", ["National", "Çorum", "Samsun", "Trabzon"]),
    ],
)
def test_each_reader_gets_the_national_rows_and_their_provinces(
    client, request, reached, actor, provinces
):
    user = request.getfixturevalue(actor)
    sheet = workbook(get(client, REPORT, user, quarter="2026-Q2"))["Targets"]
    assert [row[1] for row in rows(sheet, 7)] == provinces
    listed = csv_rows(get(client, CSV))[1:]
    assert sorted({row[3] for row in listed}) == sorted(provinces)
    assert len(listed) == len(DAYS) * len(provinces)


def test_members_are_refused(client, member, reached):
    assert get(client, REPORT, member).status_code == 403
    assert get(client, CSV).status_code == 403


def test_staff_without_an_info_spot_are_refused(client, reached):
    loose = UserFactory(email="loose@example.org", role=Role.STAFF)
    assert get(client, REPORT, loose).status_code == 403
    assert get(client, CSV).status_code == 403


@pytest.mark.parametrize("url", [REPORT, CSV])
def test_anonymous_visitors_are_sent_to_log_in(client, reached, url):
    response = get(client, url)
    assert response.status_code == 302
    assert response.url == f"{reverse('account_login')}?next={url}"


@pytest.mark.parametrize("url", [REPORT, CSV])
def test_downloads_answer_get_only(client, manager, reached, url):
    client.force_login(manager)
    assert client.post(url).status_code == 405


# --- bad requests -------------------------------------------------------------


def assert_refused(response, reason):
    """The site's 400 page (not a bare text), saying why in its lead."""
    assert response.status_code == 400
    assert response["Content-Type"] == "text/html; charset=utf-8"
    assert response.templates[0].name == "400.html"
    assert response.context["reason"] == str(reason)
    lead = f'<p class="lead mb-4">{escape(reason)}</p>'
    assert lead in response.content.decode()


@pytest.mark.parametrize(
    "quarter", ["2026-Q5", "2026-Q0", "2026Q3", "Q3-2026", "26-Q3", "0000-Q1", "x"]
)
def test_a_quarter_that_is_not_one_is_refused(client, manager, reached, quarter):
    response = get(client, REPORT, manager, quarter=quarter)
    assert_refused(response, QUARTER_INVALID)
    assert str(QUARTER_INVALID) == (
        "The quarter must be written as YYYY-Qn, for example 2026-Q3."
    )


def test_a_quarter_without_figures_is_refused(client, manager, reached):
    response = get(client, REPORT, manager, quarter="2019-q1")
    assert_refused(response, "No figures for 2019-Q1.")
    assert NO_FIGURES % {"quarter": "2019-Q1"} == "No figures for 2019-Q1."


def test_a_programme_without_snapshots_has_no_report(client, manager, programme):
    make_target(programme)
    response = get(client, REPORT, manager)
    assert_refused(response, NOTHING_COMPUTED)


def test_no_active_programme_is_a_404(client, manager, reached):
    Programme.objects.update(is_active=False)
    assert get(client, REPORT, manager).status_code == 404
    assert get(client, CSV).status_code == 404


def test_quarters():
    assert Quarter.parse("2026-Q3") == Quarter(2026, 3)
    assert str(Quarter.parse("2026-q4")) == "2026-Q4"
    assert (Quarter(2026, 1).first_day, Quarter(2026, 1).last_day) == (
        D(2026, 1, 1),
        D(2026, 3, 31),
    )
    assert Quarter(2026, 4).last_day == D(2026, 12, 31)
    assert Quarter.of(D(2026, 9, 30)) == Quarter(2026, 3)
    assert Quarter.of(D(2026, 10, 1)) == Quarter(2026, 4)
    with pytest.raises(ReportError):
        Quarter.parse("2026-Q3 ")


# --- the CSV ------------------------------------------------------------------


def test_csv_header_and_rows(client, manager, reached):
    response = get(client, CSV, manager)
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith(
        'attachment; filename="snapshots-kobi-aglari-'
    )
    body = csv_rows(response)
    assert body[0] == [
        "Target code",
        "Target",
        "Plate",
        "Province",
        "Date",
        "Value",
        "Target value",
        "Status code",
        "Status",
    ]
    # By target, day, then plate (the national row first).
    assert body[1:5] == [
        [
            "smes-reached",
            "SMEs reached",
            "",
            "National",
            "31 Jan 2026",
            "10",
            "400",
            "off_track",
            "Off track",
        ],
        [
            "smes-reached",
            "SMEs reached",
            "19",
            "Çorum",
            "31 Jan 2026",
            "6.67",
            "80",
            "on_track",
            "On track",
        ],
        [
            "smes-reached",
            "SMEs reached",
            "55",
            "Samsun",
            "31 Jan 2026",
            "2.5",
            "80",
            "at_risk",
            "At risk",
        ],
        [
            "smes-reached",
            "SMEs reached",
            "61",
            "Trabzon",
            "31 Jan 2026",
            "1",
            "",
            "",
            "No target of its own",
        ],
    ]
    assert [row[4] for row in body[1::4]] == [
        "31 Jan 2026",
        "28 Feb 2026",
        "31 Mar 2026",
        "30 Apr 2026",
        "31 May 2026",
        "30 Jun 2026",
        "31 Jul 2026",
        "15 Aug 2026",
    ]
    assert len(DAYS) == 8


def test_csv_of_one_target(client, manager, second_target):
    response = get(client, CSV, manager, target="clusters")
    assert "snapshots-kobi-aglari-clusters-" in response["Content-Disposition"]
    body = csv_rows(response)[1:]
    assert {row[0] for row in body} == {"clusters"}
    assert [(row[3], row[4], row[5]) for row in body if row[2] == ""] == [
        ("National", "30 Jun 2026", "3"),
        ("National", "15 Aug 2026", "5"),
    ]


def test_csv_of_an_unknown_target_is_refused(client, manager, reached):
    response = get(client, CSV, manager, target="nope")
    assert_refused(response, TARGET_UNKNOWN % {"code": "nope"})
    assert TARGET_UNKNOWN % {"code": "nope"} == (
        "The programme has no target with the code “nope”."
    )


def test_an_unknown_target_is_shown_as_text(client, manager, reached):
    response = get(client, CSV, manager, target="<b>x</b>")
    assert_refused(response, TARGET_UNKNOWN % {"code": "<b>x</b>"})
    assert "&lt;b&gt;x&lt;/b&gt;" in response.content.decode()


def test_csv_in_turkish(client, manager, reached):
    client.force_login(manager)
    response = client.get(CSV, HTTP_ACCEPT_LANGUAGE="tr")
    body = csv_rows(response)
    assert body[1][1:5] == ["Ulaşılan KOBİ", "", "Ulusal", "31.01.2026"]
    assert body[1][8] == "Geride"


# --- fixed queries ------------------------------------------------------------


def _programme_with(target_count, days):
    programme = Programme.objects.create(
        name="P", slug="p", starts_on=D(2020, 1, 1), ends_on=D(2030, 12, 31)
    )
    for n in range(target_count):
        snapshots(make_target(programme, code=f"t{n}", order=n), days)


def _month_ends(count):
    return [D(2024 + n // 12, n % 12 + 1, 28) for n in range(count)]


@pytest.mark.parametrize(
    ("target_count", "day_count"), [(1, 3), (5, 3), (1, 30), (5, 30)]
)
@pytest.mark.parametrize(("actor", "queries"), [("manager", 8), ("staff_a", 9)])
def test_report_queries_are_fixed(
    client,
    request,
    django_assert_num_queries,
    target_count,
    day_count,
    actor,
    queries,
):
    _programme_with(target_count, _month_ends(day_count))
    client.force_login(request.getfixturevalue(actor))
    # session, user, [staff: the scope], programme, report day, targets,
    # rows, trend, watermark
    with django_assert_num_queries(queries):
        response = client.get(REPORT, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    assert len(rows(load_workbook(io.BytesIO(response.content))["Trend"], 8)) == (
        target_count
    )


@pytest.mark.parametrize(
    ("target_count", "day_count"), [(1, 3), (5, 3), (1, 30), (5, 30)]
)
@pytest.mark.parametrize(("actor", "queries"), [("manager", 4), ("staff_a", 5)])
def test_csv_queries_are_fixed(
    client,
    request,
    django_assert_num_queries,
    target_count,
    day_count,
    actor,
    queries,
):
    _programme_with(target_count, _month_ends(day_count))
    client.force_login(request.getfixturevalue(actor))
    # session, user, [staff: the scope], programme, snapshots
    with django_assert_num_queries(queries):
        response = client.get(CSV)
        body = b"".join(response.streaming_content)
    assert body.count(b"\n") == 1 + target_count * day_count * (
        4 if actor == "manager" else 2
    )
