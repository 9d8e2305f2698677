"""Benchmark of computing the programme targets' snapshots on PostgreSQL.

Run after `loadtest_data` on its database (110,000 firms, 500 clusters, about
119,000 services): it adds a programme with one target per metric and the
pilot provinces' shares (once), then times a full computation of a day and a
year of month ends. docs/loadtests/clusters.md
keeps a measured run.
"""

import datetime as dt
import time

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from benchmarking.models import Programme, ProvinceTarget, Target
from benchmarking.services import snapshots_compute
from infospots.models import Firm, Province, Service
from kms.core.metrics import registry
from perf.data import build as data
from perf.data.common import PILOT_PLATES
from perf.data.registry import Services
from perf.timing import time_call


class Command(BaseCommand):
    help = "Time the computation of every target's snapshots at scale."

    def add_arguments(self, parser):
        parser.add_argument("--runs", type=int, default=5)

    def handle(self, *args, runs, **options):
        data.require_postgresql()
        if not Firm.objects.exists():
            raise CommandError("Run loadtest_data first (it creates the firms).")
        data.build(steps=[Services()], say=self.stdout.write)
        self.programme()
        today = timezone.localdate()
        timing, run = time_call(
            lambda: snapshots_compute(as_of=today, trigger="loadtest"), runs=runs
        )
        started = time.perf_counter()
        for month in range(1, 13):
            snapshots_compute(as_of=dt.date(2025, month, 28), trigger="loadtest")
        year = time.perf_counter() - started
        self.stdout.write(
            f"\n## Snapshots\n\n{Service.objects.count()} services to "
            f"{Firm.objects.filter(services__isnull=False).distinct().count()} "
            f"firms; {Target.objects.count()} targets (one per metric), "
            f"{run.snapshots} snapshots a day.\n\n"
            f"- One day, every target: p50 {timing.p50:.0f} ms, "
            f"p95 {timing.p95:.0f} ms over {runs} runs, {timing.queries} queries.\n"
            f"- Twelve month ends (a year of backfill): {year:.1f} s.\n"
        )

    def programme(self):
        programme, _ = Programme.objects.get_or_create(
            slug="bench",
            defaults={
                "name": "Bench",
                "starts_on": dt.date(2024, 1, 1),
                "ends_on": dt.date(2027, 12, 31),
            },
        )
        pilots = list(Province.objects.filter(plate__in=PILOT_PLATES))
        for order, metric in enumerate(registry, start=1):
            target, _ = Target.objects.get_or_create(
                programme=programme,
                code=metric.code.replace("_", "-"),
                defaults={
                    "title_tr": str(metric.label),
                    "title_en": str(metric.label),
                    "metric": metric.code,
                    "target_value": 100,
                    "deadline": programme.ends_on,
                    "order": order,
                },
            )
            for province in pilots:
                ProvinceTarget.objects.get_or_create(
                    target=target, province=province, defaults={"target_value": 20}
                )
