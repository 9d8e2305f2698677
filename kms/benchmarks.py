"""What the `benchmark_*` management commands share: timing a page, a plan.

The commands load many rows into a throwaway database, then time pages with
Django's in-process test client (no network, no gunicorn) and print Markdown
that docs/benchmarks/ keeps.
"""

import statistics
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.management.base import CommandError
from django.db import connection, reset_queries
from django.test import Client
from django.test.utils import CaptureQueriesContext


@dataclass(frozen=True)
class PageTiming:
    p50: float
    p95: float
    queries: int

    def cells(self) -> str:
        return f"{self.p50:.0f} ms | {self.p95:.0f} ms | {self.queries}"


def bench_actors():
    """A manager and a Samsun staff member, created on first use."""
    from infospots.models import InfoSpot, StaffAssignment
    from kms.models import Role, User

    manager, _ = User.objects.get_or_create(
        email="bench-manager@example.org", defaults={"role": Role.MANAGER}
    )
    staff, created = User.objects.get_or_create(
        email="bench-staff@example.org", defaults={"role": Role.STAFF}
    )
    if created:
        StaffAssignment.objects.create(
            user=staff, info_spot=InfoSpot.objects.filter(province__plate=55)[0]
        )
    return manager, staff


def bench_client(user=None) -> Client:
    """A test client for a host the settings allow, logged in as `user`."""
    host = next(
        (h for h in settings.ALLOWED_HOSTS if h[:1] not in {"*", ".", "["}),
        "testserver",
    )
    client = Client(HTTP_HOST=host)
    if user is not None:
        client.force_login(user)
    return client


def time_page(
    client: Client, url: str, params=None, *, runs: int, label=""
) -> PageTiming:
    """A first request counts the queries, then `runs` requests are timed."""
    params = params or {}
    # DEBUG's query log keeps the last 9,000 queries: loading filled it.
    reset_queries()
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, params)
    if response.status_code != 200:
        raise CommandError(f"{label or url}: {response.status_code}")
    timings = []
    for _run in range(runs):
        started = time.perf_counter()
        client.get(url, params)
        timings.append((time.perf_counter() - started) * 1000)
    timings.sort()
    return PageTiming(
        p50=statistics.median(timings),
        p95=timings[max(0, int(len(timings) * 0.95) - 1)],
        queries=len(captured.captured_queries),
    )


def explain(queryset, *, analyze: bool = True) -> list[str]:
    """PostgreSQL's plan of a queryset, one line a row."""
    sql, params = queryset.query.sql_with_params()
    options = "ANALYZE, BUFFERS" if analyze else "COSTS"
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN ({options}) {sql}", params)
        return [row[0] for row in cursor.fetchall()]
