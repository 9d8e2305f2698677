"""The phases of the national-scale data, and what runs them.

Each phase says how much of it is missing (0: done) and builds only that, so
that `loadtest_data` run twice does nothing the second time and an
interrupted run resumes. The order matters: the demo first (its Info Spots
and tags are reused), firms before what hangs on them, snapshots last.
"""

import time
from collections.abc import Callable

from django.core.management.base import CommandError
from django.db import connection

from perf.progress import bar

from .articles import Articles, SearchIndex
from .clusters import Clusters
from .common import analyze
from .programme import Demo, Snapshots
from .registry import Figures, Firms, Services


def phases() -> list:
    return [
        Demo(),
        Firms(),
        Services(),
        Figures(),
        Clusters(),
        Articles(),
        SearchIndex(),
        Snapshots(),
    ]


def require_postgresql() -> None:
    if connection.vendor != "postgresql":
        raise CommandError(
            "The load test runs on PostgreSQL only (national-scale data, "
            "its search and its planner): set DATABASE_URL=postgres://... "
            f"(this is {connection.vendor})."
        )


def build(
    *,
    only: set[str] | None = None,
    steps: list | None = None,
    say: Callable[[str], None] = print,
) -> int:
    """Build what is missing of `steps` (every phase by default, or those
    named in `only`); returns the number of phases that built something."""
    built = 0
    for phase in phases() if steps is None else steps:
        if only is not None and phase.name not in only:
            continue
        if isinstance(phase, Snapshots):
            phase.stale = built > 0
        missing = phase.missing()
        if not missing:
            say(f"{phase.name}: complete")
            continue
        started = time.monotonic()
        with bar(missing, phase.name, phase.unit) as progress:
            phase.build(progress)
        say(f"{phase.name}: built in {time.monotonic() - started:.0f} s")
        built += 1
    if built and connection.vendor == "postgresql":
        started = time.monotonic()
        analyze()
        say(f"VACUUM ANALYZE: {time.monotonic() - started:.0f} s")
    return built


def counts() -> dict[str, int]:
    """What the database holds, for the report."""
    from benchmarking.models import Snapshot
    from clusters.models import Cluster, ClusterMembership
    from infospots.models import AnnualFigures, Firm, Service
    from kms.knowledge.models import Article

    return {
        "firms": Firm.objects.count(),
        "services": Service.objects.count(),
        "firms with figures": AnnualFigures.objects.values("firm").distinct().count(),
        "articles": Article.objects.count(),
        "published articles": Article.objects.filter(status="published").count(),
        "members-only articles": Article.objects.filter(visibility="members").count(),
        "clusters": Cluster.objects.count(),
        "memberships": ClusterMembership.objects.count(),
        "snapshots": Snapshot.objects.count(),
    }
