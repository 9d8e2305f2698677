"""The metrics targets are measured with, and what the dashboards read.

Each metric is one set-based read of the dated records as they stood at the
end of `as_of`: it answers {province id: value} for every province with a
non-zero value, and the national value under the key None. History is
therefore recomputable for any past day (backfill_snapshots), never invented.
"""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Exists, OuterRef, QuerySet

from clusters.models import GrantApplication, GrantStatus
from clusters.selectors import (
    clusters_identified,
    clusters_with_completed_activities,
    firms_in_clusters,
)
from infospots.models import Firm, Service
from kms.core.dates import day_start
from kms.knowledge.models import Article

from .models import ComputeRun, Metric, Programme

Values = dict[int | None, Decimal]


def _by_province(rows: QuerySet, path: str) -> Values:
    """Count `rows` per province (reached through `path`), plus the total."""
    counts = {
        row[path]: Decimal(row["n"])
        for row in rows.order_by().values(path).annotate(n=Count("pk"))
    }
    national = sum(counts.values(), Decimal(0))
    counts.pop(None, None)  # rows without a province count nationally only
    return {**counts, None: national}


def smes_reached(as_of: dt.date) -> Values:
    """Firms that had received at least one service by `as_of`."""
    served = Service.objects.filter(firm=OuterRef("pk"), date__lte=as_of)
    return _by_province(Firm.objects.filter(Exists(served)), "province")


def smes_in_clusters(as_of: dt.date) -> Values:
    """Firms with a cluster membership running on `as_of`."""
    return _by_province(firms_in_clusters(as_of=as_of), "province")


def clusters_identified_by(as_of: dt.date) -> Values:
    """Clusters identified by `as_of`, by home province."""
    return _by_province(clusters_identified(as_of=as_of), "province")


def clusters_completed(as_of: dt.date) -> Values:
    """Clusters with an action plan whose activities were completed by
    `as_of`, by home province."""
    return _by_province(clusters_with_completed_activities(as_of=as_of), "province")


def grants_approved(as_of: dt.date) -> Values:
    """Grant applications approved by `as_of`, by the cluster's home province."""
    approved = GrantApplication.objects.filter(
        status=GrantStatus.APPROVED, decided_on__lte=as_of
    )
    return _by_province(approved, "cluster__province")


def services_delivered(as_of: dt.date, kind: str = "") -> Values:
    """Services delivered to firms by `as_of` (of one type, when given), by
    the firm's province."""
    services = Service.objects.filter(date__lte=as_of)
    if kind:
        services = services.filter(kind=kind)
    return _by_province(services, "firm__province")


def articles_published(as_of: dt.date) -> Values:
    """Knowledge articles published by `as_of`, by the author's province
    (national authors' articles count nationally)."""
    articles = Article.objects.published().filter(
        published_at__lt=day_start(as_of + dt.timedelta(days=1))
    )
    return _by_province(articles, "province")


METRICS: dict[str, Callable[[dt.date], Values]] = {
    Metric.SMES_REACHED: smes_reached,
    Metric.SMES_IN_CLUSTERS: smes_in_clusters,
    Metric.CLUSTERS_IDENTIFIED: clusters_identified_by,
    Metric.CLUSTERS_COMPLETED: clusters_completed,
    Metric.GRANTS_APPROVED: grants_approved,
    Metric.SERVICES_DELIVERED: services_delivered,
    Metric.ARTICLES_PUBLISHED: articles_published,
}


def active_programmes() -> QuerySet[Programme]:
    """Active programmes, the one that started last first."""
    return Programme.objects.filter(is_active=True).order_by("-starts_on", "pk")


def active_programme() -> Programme | None:
    """The programme the dashboards and reports are about."""
    return active_programmes().first()


def target_values(target, as_of: dt.date, cache: dict) -> Values:
    """The values of `target`'s metric on `as_of`, computed once per metric
    (and type of service) in `cache`, however many targets share it."""
    key = (target.metric, target.service_kind)
    if key not in cache:
        if target.service_kind:
            cache[key] = services_delivered(as_of, kind=target.service_kind)
        else:
            cache[key] = METRICS[target.metric](as_of)
    return cache[key]


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
