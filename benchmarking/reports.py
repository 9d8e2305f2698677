"""The quarterly progress report (XLSX) and the snapshots export (CSV).

Both read the stored snapshots only, never the records behind them, with a
fixed number of queries however many targets, provinces and days there are.
Province rows are limited to the provinces the reader may see; the national
rows are everyone's who may read the report.
"""

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import F, Max, Q, QuerySet
from django.db.models.functions import ExtractQuarter, ExtractYear
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from infospots.models import Province
from infospots.scoping import ProvinceScope
from infospots.validators import spreadsheet_safe
from kms.core.downloads import excel_date_format

from .models import Programme, Snapshot, Status, Target
from .selectors import Watermark, watermark

QUARTER_INVALID = gettext_lazy(
    "The quarter must be written as YYYY-Qn, for example 2026-Q3."
)
NO_FIGURES = gettext_lazy("No figures for %(quarter)s.")
NOTHING_COMPUTED = gettext_lazy("No figures have been computed yet.")
TARGET_UNKNOWN = gettext_lazy("The programme has no target with the code “%(code)s”.")

# Fill of the status cell; the status is written out in the same cell, so
# the colour is never the only carrier of meaning.
STATUS_FILLS = {
    Status.ACHIEVED: "63BE7B",  # green
    Status.ON_TRACK: "B7E1CD",  # light green / teal
    Status.AT_RISK: "FFC000",  # amber
    Status.OFF_TRACK: "F4817A",  # red
}


class ReportError(ValueError):
    """A report that cannot be made from what was asked (answered with 400)."""


# --- quarters -------------------------------------------------------------------


@dataclass(frozen=True, order=True)
class Quarter:
    year: int
    number: int

    def __str__(self) -> str:
        return f"{self.year}-Q{self.number}"

    @property
    def first_day(self) -> dt.date:
        return dt.date(self.year, 3 * self.number - 2, 1)

    @property
    def last_day(self) -> dt.date:
        following = (
            dt.date(self.year + 1, 1, 1)
            if self.number == 4
            else dt.date(self.year, 3 * self.number + 1, 1)
        )
        return following - dt.timedelta(days=1)

    @classmethod
    def of(cls, day: dt.date) -> "Quarter":
        return cls(day.year, (day.month - 1) // 3 + 1)

    @classmethod
    def parse(cls, text: str) -> "Quarter":
        """`2026-Q3` (or `2026-q3`) as a quarter; ReportError otherwise."""
        match = re.fullmatch(r"(\d{4})-[Qq]([1-4])", text)
        if not match or int(match[1]) < 1:
            raise ReportError(QUARTER_INVALID)
        return cls(int(match[1]), int(match[2]))


# --- reads ----------------------------------------------------------------------


def _visible(snapshots: QuerySet, scope: ProvinceScope) -> QuerySet:
    """National rows and the rows of the provinces in `scope`."""
    # Not `Q(national) | scope.q()`: an empty Q would drop out of the OR and
    # leave national roles with the national rows only.
    if scope.everything:
        return snapshots
    return snapshots.filter(Q(province__isnull=True) | scope.q("province"))


def _number(value: Decimal | None) -> int | float | None:
    """A stored decimal as a spreadsheet number (counts stay integers)."""
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)


def status_words(status: str) -> str:
    if not status:
        return _("No target of its own")
    return str(Status(status).label)


def province_words(province: Province | None) -> str:
    return province.name if province else _("National")


@dataclass(frozen=True)
class ReportRow:
    """A target's figures nationally (province None) or in one province."""

    target: Target
    province: Province | None
    value: Decimal
    target_value: Decimal | None
    status: str

    @property
    def progress(self) -> float | None:
        """Value / target value (a share: 0.5 is 50 %), None without a target."""
        if not self.target_value:
            return None
        return float(self.value / self.target_value)


@dataclass(frozen=True)
class TrendColumn:
    quarter: Quarter
    day: dt.date


@dataclass(frozen=True)
class ProgressReport:
    programme: Programme
    quarter: Quarter
    as_of: dt.date  # the latest snapshot day within the quarter
    watermark: Watermark | None
    targets: list[Target]
    rows: list[ReportRow]
    trend: list[TrendColumn]
    # target id -> quarter -> national value on that quarter's last day
    trend_values: dict[int, dict[Quarter, Decimal]]


def progress_report(
    *, programme: Programme, scope: ProvinceScope, quarter: str | None = None
) -> ProgressReport:
    """The figures of the report on `quarter` (default: the latest quarter
    with snapshots), as of the last snapshot day within it."""
    snapshots = Snapshot.objects.filter(target__programme=programme)
    if quarter:
        wanted = Quarter.parse(quarter)
        as_of = snapshots.filter(
            on__range=(wanted.first_day, wanted.last_day)
        ).aggregate(day=Max("on"))["day"]
        if as_of is None:
            raise ReportError(NO_FIGURES % {"quarter": wanted})
    else:
        as_of = snapshots.aggregate(day=Max("on"))["day"]
        if as_of is None:
            raise ReportError(NOTHING_COMPUTED)
        wanted = Quarter.of(as_of)
    targets = list(programme.targets.order_by("order", "code"))
    rows = [
        ReportRow(
            target=snapshot.target,
            province=snapshot.province,
            value=snapshot.value,
            target_value=snapshot.target_value,
            status=snapshot.status,
        )
        for snapshot in _visible(snapshots.filter(on=as_of), scope)
        .select_related("target", "province")
        .order_by(
            "target__order",
            "target__code",
            F("province__plate").asc(nulls_first=True),
        )
    ]
    # The last snapshot day of every quarter up to the report's, in one query.
    quarter_ends = (
        snapshots.filter(province__isnull=True, on__lte=as_of)
        .order_by()
        .annotate(year=ExtractYear("on"), number=ExtractQuarter("on"))
        .values("year", "number")
        .annotate(last=Max("on"))
        .values("last")
    )
    national = snapshots.filter(province__isnull=True, on__in=quarter_ends).values_list(
        "target_id", "on", "value"
    )
    trend_values: dict[int, dict[Quarter, Decimal]] = {}
    days: set[dt.date] = set()
    for target_id, day, value in national:
        trend_values.setdefault(target_id, {})[Quarter.of(day)] = value
        days.add(day)
    return ProgressReport(
        programme=programme,
        quarter=wanted,
        as_of=as_of,
        watermark=watermark(),
        targets=targets,
        rows=rows,
        trend=[TrendColumn(quarter=Quarter.of(day), day=day) for day in sorted(days)],
        trend_values=trend_values,
    )


# --- the workbook ---------------------------------------------------------------

TITLE_FONT = Font(bold=True, size=14)
BOLD = Font(bold=True)
WRAP = Alignment(wrap_text=True, vertical="top")


def _safe(values) -> list:
    return [spreadsheet_safe(value) for value in values]


def _title_rows(sheet, lines: list[str]) -> int:
    """Write the title lines (the first one large); answer the header's row."""
    for line in lines:
        sheet.append(_safe([line]))
    sheet["A1"].font = TITLE_FONT
    return len(lines) + 2  # a blank row, then the header


def _header(sheet, row: int, labels: list[str], widths: list[int]) -> None:
    for column, (label, width) in enumerate(zip(labels, widths, strict=True), 1):
        cell = sheet.cell(row=row, column=column, value=label)
        cell.font = BOLD
        cell.alignment = WRAP
        sheet.column_dimensions[get_column_letter(column)].width = width
    sheet.freeze_panes = sheet.cell(row=row + 1, column=2)
    sheet.print_title_rows = f"{row}:{row}"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True


def _watermark_words(mark: Watermark | None) -> str:
    if mark is None:
        return _("Not computed yet")
    return _("Computed on %(moment)s") % {
        "moment": date_format(
            timezone.localtime(mark.finished_at), "SHORT_DATETIME_FORMAT"
        )
    }


def report_workbook(report: ProgressReport) -> Workbook:
    """Sheet "Targets": each target nationally and in each visible province;
    sheet "Trend": the national values at the end of every quarter. Dates
    are date cells, shown as the reader's language writes them."""
    day_format = excel_date_format()
    as_of = date_format(report.as_of, "SHORT_DATE_FORMAT")
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Targets")
    header_row = _title_rows(
        sheet,
        [
            report.programme.name,
            _("Quarterly progress report: %(quarter)s") % {"quarter": report.quarter},
            _("Figures as of %(day)s") % {"day": as_of},
            _watermark_words(report.watermark),
        ],
    )
    _header(
        sheet,
        header_row,
        [
            _("Target"),
            _("Province"),
            _("Value"),
            _("Target value"),
            _("Unit"),
            _("Progress"),
            _("Status"),
            _("Deadline"),
        ],
        [48, 18, 12, 14, 14, 12, 20, 14],
    )
    for line, row in enumerate(report.rows, start=header_row + 1):
        values = [
            row.target.title,
            province_words(row.province),
            _number(row.value),
            _number(row.target_value),
            row.target.unit,
            row.progress,
            status_words(row.status),
            row.target.deadline,
        ]
        for column, value in enumerate(_safe(values), start=1):
            sheet.cell(row=line, column=column, value=value)
        sheet.cell(row=line, column=1).alignment = WRAP
        sheet.cell(row=line, column=6).number_format = "0.0%"
        sheet.cell(row=line, column=8).number_format = day_format
        if row.status:
            colour = STATUS_FILLS[row.status]
            sheet.cell(row=line, column=7).fill = PatternFill(
                fill_type="solid", start_color=colour, end_color=colour
            )
    if report.rows:
        sheet.auto_filter.ref = f"A{header_row}:H{header_row + len(report.rows)}"

    trend = workbook.create_sheet(_("Trend"))
    header_row = _title_rows(
        trend,
        [
            report.programme.name,
            _("National value at the end of each quarter"),
            _("Figures as of %(day)s") % {"day": as_of},
            _watermark_words(report.watermark),
        ],
    )
    _header(
        trend,
        header_row,
        [
            _("Target"),
            _("Unit"),
            _("Target value"),
            *(str(column.quarter) for column in report.trend),
        ],
        [48, 14, 14, *(11 for _column in report.trend)],
    )
    # Under each quarter, the day its figures are from: a quarter end, or
    # the latest day for the running quarter.
    days_row = header_row + 1
    trend.cell(row=days_row, column=1, value=_("Figures as of")).font = BOLD
    for column, trend_column in enumerate(report.trend, start=4):
        cell = trend.cell(row=days_row, column=column, value=trend_column.day)
        cell.number_format = day_format
    trend.freeze_panes = trend.cell(row=days_row + 1, column=2)
    for line, target in enumerate(report.targets, start=days_row + 1):
        by_quarter = report.trend_values.get(target.pk, {})
        values = [
            target.title,
            target.unit,
            _number(target.target_value),
            *(_number(by_quarter.get(column.quarter)) for column in report.trend),
        ]
        for column, value in enumerate(_safe(values), start=1):
            trend.cell(row=line, column=column, value=value)
        trend.cell(row=line, column=1).alignment = WRAP
    return workbook


# --- the snapshots CSV ------------------------------------------------------------


def snapshot_rows(
    *, programme: Programme, scope: ProvinceScope, target: Target | None = None
) -> Iterator[list]:
    """The header, then every visible snapshot of `programme` (of `target`
    only if given), by target, day and plate: one query, read in chunks."""
    yield [
        _("Target code"),
        _("Target"),
        _("Plate"),
        _("Province"),
        _("Date"),
        _("Value"),
        _("Target value"),
        _("Status code"),
        _("Status"),
    ]
    snapshots = Snapshot.objects.filter(target__programme=programme)
    if target is not None:
        snapshots = snapshots.filter(target=target)
    snapshots = (
        _visible(snapshots, scope)
        .select_related("target", "province")
        .order_by(
            "target__order",
            "target__code",
            "on",
            F("province__plate").asc(nulls_first=True),
        )
    )
    for snapshot in snapshots.iterator(chunk_size=2000):
        yield _safe(
            [
                snapshot.target.code,
                snapshot.target.title,
                snapshot.province.plate if snapshot.province else "",
                province_words(snapshot.province),
                snapshot.on,  # written as the reader's language writes it
                _number(snapshot.value),
                "" if snapshot.target_value is None else _number(snapshot.target_value),
                snapshot.status,
                status_words(snapshot.status),
            ]
        )
