"""What the dashboards and the home page's headline numbers read.

Every number here is a snapshot's, written by `services.snapshots_compute`:
nothing counts firms, clusters or articles on a page view (DESIGN: "a
dashboard never recomputes"). Each read is therefore a fixed number of
queries, whatever the number of records, days or provinces behind it.
"""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from itertools import pairwise
from urllib.parse import urlencode

from django.db.models import Count, Q, Subquery
from django.urls import reverse
from django.utils.formats import date_format

from clusters.models import Cluster, ClusterStatus
from infospots.models import Province
from infospots.scoping import province_scope

from .models import Programme, Snapshot, Status, Target
from .selectors import Watermark, active_programme, active_programmes, watermark

Row = tuple[dt.date, Decimal, Decimal | None]  # day, value, target value

# The cache generations of what the dashboards show (kms.core.generations):
# the programme's targets and snapshots, and the clusters a province
# dashboard counts by status (benchmarking.receivers bumps them).
SNAPSHOTS = "benchmarking-figures"
CLUSTERS = "benchmarking-clusters"


def _percent(part: Decimal, whole: Decimal | None) -> int | None:
    if not whole:
        return None
    return int((part * 100 / whole).to_integral_value(rounding=ROUND_HALF_UP))


def drill_down_url(*, target: Target, province_id: int | None) -> str:
    """The list of exactly the records behind a target's number in one
    province (or nationally, `province_id` None): the metric's own list
    when it names one, else the dashboard's list of the records it counts;
    "" for a metric that counts no records (a median, a share)."""
    metric = target.definition
    if metric is None:
        return ""
    if metric.drill_down is not None:
        return metric.drill_down(province_id, **(target.parameters or {}))
    if metric.records is None:
        return ""
    url = reverse("benchmarking:records", kwargs={"code": target.code})
    if province_id is None:
        return url
    return f"{url}?{urlencode({'province': province_id})}"


def caveat_text(target: Target, count: Decimal | None) -> str:
    """What the number counted on its metric's assumption, in words."""
    metric = target.definition
    if not count or metric is None or metric.caveat is None:
        return ""
    return metric.caveat.text % {"count": int(count)}


# --- what a page shows -----------------------------------------------------


@dataclass(frozen=True)
class Progress:
    """A value against the target it was measured with, as a snapshot
    recorded it. A province without its own share of a target has no
    target value and no status there."""

    value: Decimal
    target_value: Decimal | None
    status: str
    link: str
    caveat: str = ""

    @property
    def percent(self) -> int | None:
        return _percent(self.value, self.target_value)

    @property
    def bar_percent(self) -> int:
        """The progress bar's width: a bar cannot run past its end."""
        return min(self.percent or 0, 100)


@dataclass(frozen=True)
class Point:
    """One month of a trend: the month's last snapshot."""

    on: dt.date
    value: Decimal
    percent: int | None


@dataclass(frozen=True)
class HeldBack:
    """A province below its own value of a target for each province."""

    province: Province
    progress: Progress


@dataclass(frozen=True)
class TargetRow:
    """A target's latest figure and its monthly trend; in a province, also
    the national figure of the same day."""

    target: Target
    current: Progress | None  # None until a first snapshot is computed
    trend: tuple[Point, ...]
    national_value: Decimal | None = None
    # A target for each province: the provinces below their own value, with
    # their figures (the national dashboard; staff see their own only).
    held_back_by: tuple[HeldBack, ...] = ()

    @property
    def share_of_national(self) -> int | None:
        """The province's share of the national value, in per cent."""
        if self.current is None:
            return None
        return _percent(self.current.value, self.national_value)


@dataclass(frozen=True)
class ProvinceRow:
    """A province's latest figure of each target, in the targets' order."""

    province: Province
    cells: tuple[Progress | None, ...]


@dataclass(frozen=True)
class NationalDashboard:
    programme: Programme | None
    on: dt.date | None  # the day of the current figures
    targets: tuple[TargetRow, ...]
    provinces: tuple[ProvinceRow, ...]
    watermark: Watermark | None


@dataclass(frozen=True)
class MonthIncrease:
    """Firms reached in one month: the increase over the previous month's
    snapshot."""

    on: dt.date
    increase: Decimal


@dataclass(frozen=True)
class StatusCount:
    status: str
    label: str
    count: int


@dataclass(frozen=True)
class ProvinceDashboard:
    province: Province
    programme: Programme | None
    on: dt.date | None
    targets: tuple[TargetRow, ...]
    reached_per_month: tuple[MonthIncrease, ...]
    clusters_by_status: tuple[StatusCount, ...]
    watermark: Watermark | None


@dataclass(frozen=True)
class Headline:
    """A target's latest national figure, for the home page."""

    title: str
    unit: str
    value: Decimal
    target_value: Decimal
    status: str
    lower_bound: Decimal | None = None

    @property
    def percent(self) -> int | None:
        return _percent(self.value, self.target_value)

    @property
    def bar_percent(self) -> int:
        return min(self.percent or 0, 100)


@dataclass(frozen=True)
class HeadlineNumbers:
    on: dt.date
    items: tuple[Headline, ...]
    watermark: Watermark | None


# --- reads -------------------------------------------------------------------


def _latest_day(programme, **filters) -> Subquery:
    """The last day the programme's snapshots were computed for."""
    return Subquery(
        Snapshot.objects.filter(target__programme=programme, **filters)
        .order_by("-on")
        .values("on")[:1]
    )


def _monthly(rows: list[Row]) -> list[Row]:
    """The last of each month's rows (`rows` sorted by day)."""
    months = {(row[0].year, row[0].month): row for row in rows}
    return list(months.values())


def _trend(rows: list[Row]) -> tuple[Point, ...]:
    return tuple(
        Point(on=on, value=value, percent=_percent(value, goal))
        for on, value, goal in rows
    )


def national_dashboard(*, user) -> NationalDashboard:
    """Every target's latest national figure and monthly trend, and each
    province's latest figures (staff see their own province's only).

    Four queries, however many snapshots: watermark, programme, targets,
    and the snapshots (every national row and the latest day's province
    rows, at once).
    """
    mark = watermark()
    programme = active_programme()
    if programme is None:
        return NationalDashboard(None, None, (), (), mark)
    scope = province_scope(user=user)
    targets = list(programme.targets.order_by("order", "code"))
    snapshots = (
        Snapshot.objects.filter(target__programme=programme)
        .filter(
            Q(province__isnull=True)
            | (Q(on=_latest_day(programme)) & scope.q("province"))
        )
        .select_related("province")
        .order_by("on", "pk")
    )
    national: dict[int, list[Snapshot]] = defaultdict(list)
    in_provinces: dict[int, dict[int, Snapshot]] = defaultdict(dict)
    provinces = {}
    for row in snapshots:
        if row.province_id is None:
            national[row.target_id].append(row)
        else:
            in_provinces[row.province_id][row.target_id] = row
            provinces[row.province_id] = row.province
    day = max((rows[-1].on for rows in national.values()), default=None)
    current = {t.pk: national[t.pk][-1] for t in targets if national[t.pk]}
    current = {pk: row for pk, row in current.items() if row.on == day}

    def progress(target, province_id, snapshot=None):
        # Staff's lists hold their own province only: a national number
        # would open a list that does not add up to it, so it opens none.
        linked = province_id is not None or scope.everything
        if snapshot is None:
            # Computed that day without a row here: nothing counted, no share.
            snapshot = Snapshot(value=Decimal(0), target_value=None, status="")
        return Progress(
            value=snapshot.value,
            target_value=snapshot.target_value,
            status=snapshot.status,
            link=drill_down_url(target=target, province_id=province_id)
            if linked
            else "",
            caveat=caveat_text(target, snapshot.caveat_value),
        )

    def cell(target, province_id):
        row = in_provinces[province_id].get(target.pk)
        if row is None and target.pk not in current:
            return None
        return progress(target, province_id, row)

    def held_back_by(target):
        if not target.per_province:
            return ()
        return tuple(
            HeldBack(province=provinces[pk], progress=progress(target, pk, row))
            for pk, rows in sorted(
                in_provinces.items(), key=lambda item: provinces[item[0]].plate
            )
            if (row := rows.get(target.pk)) is not None
            and row.target_value is not None
            and row.status != Status.ACHIEVED
        )

    return NationalDashboard(
        programme=programme,
        on=day,
        targets=tuple(
            TargetRow(
                target=t,
                current=progress(t, None, current[t.pk]) if t.pk in current else None,
                trend=_trend(
                    _monthly([(r.on, r.value, r.target_value) for r in national[t.pk]])
                ),
                held_back_by=held_back_by(t) if t.pk in current else (),
            )
            for t in targets
        ),
        provinces=tuple(
            ProvinceRow(province=p, cells=tuple(cell(t, p.pk) for t in targets))
            for p in sorted(provinces.values(), key=lambda p: p.plate)
        ),
        watermark=mark,
    )


def _clusters_by_status(province: Province) -> tuple[StatusCount, ...]:
    """The province's clusters (at home there) per status, in lifecycle
    order: one aggregate query."""
    counts = dict(
        Cluster.objects.filter(province=province)
        .order_by()
        .values("status")
        .annotate(n=Count("pk"))
        .values_list("status", "n")
    )
    return tuple(
        StatusCount(status=s.value, label=s.label, count=counts.get(s.value, 0))
        for s in ClusterStatus
    )


def _increases(points: tuple[Point, ...]) -> tuple[MonthIncrease, ...]:
    """Month-on-month increases of a cumulative count; the first month has
    no previous snapshot to compare with, so it is left out."""
    return tuple(
        MonthIncrease(on=after.on, increase=after.value - before.value)
        for before, after in pairwise(points)
    )


# The metric whose monthly increases the province dashboard charts.
PER_MONTH_METRIC = "smes_reached"
# A province row on a day computed without one: nothing counted, no share.
NOTHING = (Decimal(0), None, "", None)


def province_dashboard(*, province: Province) -> ProvinceDashboard:
    """The province's share of each target (against its own target where it
    has one), its monthly trends, the firms reached each month (from the
    snapshots) and its clusters by status.

    Five queries, however many snapshots: programme, targets, snapshots
    (the province's and the national rows at once), clusters by status and
    the watermark.
    """
    mark = watermark()
    clusters = _clusters_by_status(province)
    programme = active_programme()
    if programme is None:
        return ProvinceDashboard(province, None, None, (), (), clusters, mark)
    targets = list(programme.targets.order_by("order", "code"))
    rows = (
        Snapshot.objects.filter(target__programme=programme)
        .filter(Q(province__isnull=True) | Q(province=province))
        .order_by("on", "pk")
        .values_list(
            "target_id",
            "province_id",
            "on",
            "value",
            "target_value",
            "status",
            "caveat_value",
        )
    )
    national: dict[int, list[Row]] = defaultdict(list)
    own = {}
    for target_id, province_id, on, value, goal, status, caveat in rows:
        if province_id is None:
            national[target_id].append((on, value, goal))
        else:
            own[(target_id, on)] = (value, goal, status, caveat)
    day = max((r[-1][0] for r in national.values()), default=None)

    def monthly(t) -> list[Row]:
        # A day computed without a row for the province counted nothing there.
        result = []
        for on, _value, _goal in _monthly(national[t.pk]):
            value, goal, *_rest = own.get((t.pk, on), NOTHING)
            result.append((on, value, goal))
        return result

    def row(t) -> TargetRow:
        trend = _trend(monthly(t))
        last = national[t.pk][-1] if national[t.pk] else None
        if last is None or last[0] != day:
            return TargetRow(target=t, current=None, trend=trend)
        value, goal, status, caveat = own.get((t.pk, day), NOTHING)
        return TargetRow(
            target=t,
            current=Progress(
                value=value,
                target_value=goal,
                status=status,
                link=drill_down_url(target=t, province_id=province.pk),
                caveat=caveat_text(t, caveat),
            ),
            trend=trend,
            national_value=last[1],
        )

    target_rows = tuple(row(t) for t in targets)
    reached = next(
        (r for r in target_rows if r.target.metric == PER_MONTH_METRIC), None
    )
    return ProvinceDashboard(
        province=province,
        programme=programme,
        on=day,
        targets=target_rows,
        reached_per_month=_increases(reached.trend) if reached else (),
        clusters_by_status=clusters,
        watermark=mark,
    )


def headline_numbers() -> HeadlineNumbers | None:
    """The active programme's latest national figures, for everyone: two
    queries (one when nothing is computed yet, and then None)."""
    programme = Subquery(active_programmes().values("pk")[:1])
    rows = list(
        Snapshot.objects.filter(
            target__programme=programme,
            province__isnull=True,
            on=_latest_day(programme, province__isnull=True),
        )
        .select_related("target")
        .order_by("target__order", "target__code")
    )
    if not rows:
        return None
    return HeadlineNumbers(
        on=rows[0].on,
        items=tuple(
            Headline(
                title=r.target.title,
                unit=r.target.unit,
                lower_bound=r.target.lower_bound,
                value=r.value,
                target_value=r.target_value,
                status=r.status,
            )
            for r in rows
        ),
        watermark=watermark(),
    )


# --- chart data (json_script) ----------------------------------------------


def _month(day: dt.date) -> str:
    return date_format(day, "YEAR_MONTH_FORMAT")


def _number(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def sparklines(rows: tuple[TargetRow, ...]) -> dict:
    """Each target's monthly values, keyed as its canvas names them."""
    return {
        f"target-{row.target.pk}": {
            "labels": [_month(p.on) for p in row.trend],
            "values": [_number(p.value) for p in row.trend],
        }
        for row in rows
    }


def national_charts(dashboard: NationalDashboard) -> dict:
    """The data of the national dashboard's charts."""
    months = sorted(
        {
            (p.on.year, p.on.month): p.on for r in dashboard.targets for p in r.trend
        }.items()
    )
    percents = [
        {(p.on.year, p.on.month): p.percent for p in row.trend}
        for row in dashboard.targets
    ]
    shared = [
        i
        for i in range(len(dashboard.targets))
        if any(
            row.cells[i] is not None and row.cells[i].target_value is not None
            for row in dashboard.provinces
        )
    ]
    compared = [
        row
        for row in dashboard.provinces
        if any(c is not None and c.target_value is not None for c in row.cells)
    ]
    return {
        "sparklines": sparklines(dashboard.targets),
        "trend": {
            "labels": [_month(day) for _key, day in months],
            "datasets": [
                {
                    "label": row.target.title,
                    "index": i,
                    "data": [percents[i].get(key) for key, _day in months],
                }
                for i, row in enumerate(dashboard.targets)
            ],
        },
        "comparison": {
            "labels": [row.province.name for row in compared],
            "datasets": [
                {
                    "label": dashboard.targets[i].target.title,
                    "index": i,
                    "data": [
                        row.cells[i].percent if row.cells[i] is not None else None
                        for row in compared
                    ],
                }
                for i in shared
            ],
        },
    }


def province_charts(dashboard: ProvinceDashboard) -> dict:
    """The data of a province dashboard's charts."""
    return {
        "sparklines": sparklines(dashboard.targets),
        "reached": {
            "labels": [_month(m.on) for m in dashboard.reached_per_month],
            "datasets": [
                {"data": [_number(m.increase) for m in dashboard.reached_per_month]}
            ],
        },
        "clusters": {
            "labels": [str(s.label) for s in dashboard.clusters_by_status],
            "datasets": [{"data": [s.count for s in dashboard.clusters_by_status]}],
        },
    }


def chart_rows(chart: dict) -> list[dict]:
    """A chart's numbers as table rows (label, one value per dataset): the
    table that says what the chart shows, for screen readers too."""
    return [
        {"label": label, "values": [d["data"][i] for d in chart["datasets"]]}
        for i, label in enumerate(chart["labels"])
    ]
