"""Writes of the benchmarking app: computing the targets' snapshots."""

import datetime as dt
import logging
from decimal import Decimal

from django.core.cache import cache
from django.db import transaction
from django.utils import timezone

from .models import ComputeRun, Direction, Programme, Snapshot, Status, Target
from .selectors import target_values

logger = logging.getLogger(__name__)

# Set by the change receivers, cleared by the recompute that follows.
CHANGED_KEY = "benchmarking:records-changed"

# "At risk" while progress is at least this share of what the time elapsed
# asks for; below it, "off track". The dashboards write the rule out.
AT_RISK_SHARE = Decimal("0.75")


def elapsed_share(*, start: dt.date, deadline: dt.date, on: dt.date) -> Decimal:
    """The share of the time from `start` to `deadline` gone by on `on` (0-1)."""
    if deadline <= start:
        return Decimal(1)
    share = Decimal((on - start).days) / Decimal((deadline - start).days)
    return min(max(share, Decimal(0)), Decimal(1))


def target_status(
    *,
    value: Decimal,
    target_value: Decimal,
    direction: str,
    elapsed: Decimal,
    lower_bound: Decimal | None = None,
) -> str:
    """Achieved, on track, at risk or off track.

    At least the target: achieved once reached; on track while progress
    (value / target) is at least the share of time elapsed; at risk while it
    is at least three quarters of that share; otherwise off track. At most
    the target (a ceiling): off track once above it, achieved at the
    deadline, on track before. Between a lower bound and the target:
    off track above the target, achieved from the lower bound up, and below
    it measured against the lower bound as "at least" is.
    """
    if direction in (Direction.AT_MOST, Direction.BETWEEN) and value > target_value:
        return Status.OFF_TRACK
    if direction == Direction.AT_MOST:
        return Status.ACHIEVED if elapsed >= 1 else Status.ON_TRACK
    goal = lower_bound if direction == Direction.BETWEEN else target_value
    progress = value / goal if goal else Decimal(1)  # no lower bound: reached
    if progress >= 1:
        return Status.ACHIEVED
    if progress >= elapsed:
        return Status.ON_TRACK
    if progress >= elapsed * AT_RISK_SHARE:
        return Status.AT_RISK
    return Status.OFF_TRACK


# Worst first: a target that applies to each province has its worst
# province's status.
STATUS_ORDER = (Status.OFF_TRACK, Status.AT_RISK, Status.ON_TRACK, Status.ACHIEVED)


def _snapshots_for(
    target: Target, values: dict, caveats: dict, on: dt.date
) -> list[Snapshot]:
    elapsed = elapsed_share(
        start=target.programme.starts_on, deadline=target.deadline, on=on
    )
    own = {pt.province_id: pt.target_value for pt in target.province_targets.all()}

    def status(value, goal, province_id):
        if goal is None:
            return ""
        return target_status(
            value=value,
            target_value=goal,
            direction=target.direction,
            elapsed=elapsed,
            # A range's lower bound is national; a province's share of a
            # range is reached while the province stays within it.
            lower_bound=target.lower_bound if province_id is None else None,
        )

    rows = []
    for province_id in [*sorted({*values, *own} - {None}), None]:
        value = values.get(province_id, Decimal(0))
        goal = target.target_value if province_id is None else own.get(province_id)
        rows.append(
            Snapshot(
                target=target,
                province_id=province_id,
                on=on,
                value=value,
                target_value=goal,
                status=status(value, goal, province_id),
                caveat_value=caveats.get(province_id),
            )
        )
    if target.per_province and own:
        national = rows[-1]
        national.status = min(
            (row.status for row in rows if row.province_id in own),
            key=STATUS_ORDER.index,
        )
    return rows


@transaction.atomic
def snapshots_compute(*, as_of: dt.date | None = None, trigger: str) -> ComputeRun:
    """Compute every active programme's targets as of the end of `as_of`.

    Idempotent: the day's snapshots are replaced, never added to. Each metric
    runs once, whatever the number of targets measured with it.
    """
    as_of = as_of or timezone.localdate()
    run = ComputeRun.objects.create(as_of=as_of, trigger=trigger)
    targets = list(
        Target.objects.filter(
            programme__in=Programme.objects.filter(is_active=True, starts_on__lte=as_of)
        )
        .select_related("programme")
        .prefetch_related("province_targets")
    )
    unknown = [t.code for t in targets if t.definition is None]
    if unknown:
        # A metric removed from the code: its targets keep their history.
        logger.warning("benchmarking.snapshots.unknown_metric targets=%s", unknown)
    targets = [t for t in targets if t.definition is not None]
    computed = {}
    Snapshot.objects.filter(target__in=targets, on=as_of).delete()
    written = Snapshot.objects.bulk_create(
        row
        for target in targets
        for row in _snapshots_for(
            target, *target_values(target, as_of, computed), as_of
        )
    )
    run.snapshots = len(written)
    run.finished_at = timezone.now()
    run.save(update_fields=["snapshots", "finished_at"])
    logger.info(
        "benchmarking.snapshots.computed as_of=%s snapshots=%s trigger=%s",
        as_of,
        run.snapshots,
        trigger,
    )
    return run


def records_changed() -> None:
    """Note that records a metric counts have changed: the next run of
    `recompute_if_changed` (every minute) computes today's snapshots once,
    however many changes came in that minute."""
    cache.set(CHANGED_KEY, True, timeout=None)


def snapshots_recompute_if_changed() -> ComputeRun | None:
    """Today's snapshots, if records changed since the last recompute."""
    # Cleared first, in one step: a change during the computation asks for
    # the next one.
    if not cache.delete(CHANGED_KEY):
        return None
    return snapshots_compute(trigger="change")


def month_ends(start: dt.date, end: dt.date) -> list[dt.date]:
    """The last day of every month from `start`'s to `end`'s, then `end`."""
    days, year, month = [], start.year, start.month
    while True:
        following = dt.date(year + month // 12, month % 12 + 1, 1)
        last = following - dt.timedelta(days=1)
        if last >= end:
            break
        if last >= start:
            days.append(last)
        year, month = following.year, following.month
    return [*days, end]


def snapshots_backfill(*, since: dt.date, until: dt.date) -> int:
    """Compute every month end from `since` to `until` (and `until` itself)
    from the dated records; idempotent. Returns the snapshots written."""
    return sum(
        snapshots_compute(as_of=day, trigger="backfill").snapshots
        for day in month_ends(since, until)
    )
