"""What the `loadtest_*` measuring commands share: timing a page, a plan.

The commands complete the national-scale data (perf.data, the phases they
need), then time pages with Django's in-process test client (no network, no
gunicorn) and print Markdown that docs/loadtests/ keeps. `make loadtest`
measures through gunicorn and wrk instead (perf.loadtest).
"""

import statistics
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.management.base import CommandError
from django.db import connection, reset_queries
from django.test import Client
from django.test.utils import CaptureQueriesContext

from infospots.models import InfoSpot, StaffAssignment
from kms.accounts.models import Role, User

# The national-scale data itself is perf.data's (`loadtest_data`).


@dataclass(frozen=True)
class PageTiming:
    p50: float
    p95: float
    queries: int

    def cells(self) -> str:
        return f"{self.p50:.0f} ms | {self.p95:.0f} ms | {self.queries}"


def bench_actors():
    """A manager and a Samsun staff member, created on first use."""

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


def time_call(call, *, runs: int) -> tuple[PageTiming, object]:
    """A first call counts the queries, then `runs` calls are timed.
    Returns the timing and what the first call returned."""
    # DEBUG's query log keeps the last 9,000 queries: loading filled it.
    reset_queries()
    with CaptureQueriesContext(connection) as captured:
        result = call()
    timings = []
    for _run in range(runs):
        started = time.perf_counter()
        call()
        timings.append((time.perf_counter() - started) * 1000)
    timings.sort()
    timing = PageTiming(
        p50=statistics.median(timings),
        p95=timings[max(0, int(len(timings) * 0.95) - 1)],
        queries=len(captured.captured_queries),
    )
    return timing, result


def time_page(
    client: Client, url: str, params=None, *, runs: int, label=""
) -> PageTiming:
    """A first request counts the queries, then `runs` requests are timed."""
    timing, response = time_call(lambda: client.get(url, params or {}), runs=runs)
    if response.status_code != 200:
        raise CommandError(f"{label or url}: {response.status_code}")
    return timing


def explain(queryset, *, analyze: bool = True) -> list[str]:
    """PostgreSQL's plan of a queryset, one line a row."""
    sql, params = queryset.query.sql_with_params()
    options = "ANALYZE, BUFFERS" if analyze else "COSTS"
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN ({options}) {sql}", params)
        return [row[0] for row in cursor.fetchall()]
