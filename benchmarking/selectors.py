"""Reads of the benchmarking app: the active programme, a target's values,
the watermark.

The metrics themselves are declared by the apps that own their records
(their `metrics.py`, kms.core.metrics); each reads the dated records as they
stood at the end of a day, so history is recomputable for any past day
(backfill_snapshots), never invented.
"""

import datetime as dt
from dataclasses import dataclass

from django.db.models import QuerySet

from kms.core.metrics import Values

from .models import ComputeRun, Programme, Target


def target_values(target: Target, as_of: dt.date, cache: dict) -> tuple[Values, Values]:
    """The values of `target`'s metric on `as_of`, and how many of them were
    counted on the metric's caveat, computed once per metric and parameters
    in `cache` however many targets share them."""
    key = (target.metric, tuple(sorted((target.parameters or {}).items())))
    if key not in cache:
        metric = target.definition
        parameters = target.parameters or {}
        cache[key] = (
            metric.values(as_of, **parameters),
            metric.caveat_values(as_of, **parameters),
        )
    return cache[key]


def active_programmes() -> QuerySet[Programme]:
    """Active programmes, the one that started last first."""
    return Programme.objects.filter(is_active=True).order_by("-starts_on", "pk")


def active_programme() -> Programme | None:
    """The programme the dashboards and reports are about."""
    return active_programmes().first()


@dataclass(frozen=True)
class Watermark:
    """When the numbers were last computed, and as of which day."""

    finished_at: dt.datetime
    as_of: dt.date


def watermark() -> Watermark | None:
    run = (
        ComputeRun.objects.filter(finished_at__isnull=False)
        .order_by("-finished_at")
        .first()
    )
    return run and Watermark(finished_at=run.finished_at, as_of=run.as_of)
