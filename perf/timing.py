"""What the `loadtest_*` management commands share: timing a page, a plan.

The commands load many rows into a throwaway database, then time pages with
Django's in-process test client (no network, no gunicorn) and print Markdown
that docs/loadtests/ keeps.
"""

import datetime as dt
import statistics
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.management.base import CommandError
from django.db import connection, reset_queries
from django.test import Client
from django.test.utils import CaptureQueriesContext

from infospots.models import Firm, InfoSpot, Service, ServiceKind, StaffAssignment
from kms.accounts.models import Role, User

# The five pilot provinces (plates) the load tests load their rows into.
PILOT_PLATES = (19, 27, 46, 55, 61)
BATCH = 5000


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


def bench_services(rng) -> None:
    """Once: 1–3 services to 60 % of the pilot provinces' firms, 2024–2026."""

    if Service.objects.exists():
        return
    spots = {
        spot.province_id: spot
        for spot in InfoSpot.objects.filter(province__plate__in=PILOT_PLATES)
    }
    batch = []
    firms = Firm.objects.filter(province_id__in=spots).values_list("pk", "province_id")
    for firm_id, province_id in firms.iterator(chunk_size=BATCH):
        if rng.random() > 0.6:
            continue
        batch += [
            Service(
                firm_id=firm_id,
                info_spot=spots[province_id],
                kind=rng.choice(ServiceKind.values),
                date=dt.date(2024, 1, 1) + dt.timedelta(days=rng.randint(0, 1000)),
                hours=2,
            )
            for _ in range(rng.randint(1, 3))
        ]
        if len(batch) >= BATCH:
            Service.objects.bulk_create(batch)
            batch = []
    Service.objects.bulk_create(batch)
    analyze()


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


def require_postgresql() -> None:
    if connection.vendor != "postgresql":
        raise CommandError("The load test measures PostgreSQL: set DATABASE_URL.")


def analyze() -> None:
    """Fresh planner statistics after a bulk load (PostgreSQL only)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


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
