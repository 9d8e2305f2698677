"""The demo (its accounts are who the load test signs in as) and the
programme's snapshots computed over the national-scale records."""

import io

from django.core.management import call_command
from django.utils import timezone

from benchmarking.demo import load_demo_programme
from benchmarking.models import ComputeRun, Programme
from benchmarking.services import month_ends, snapshots_compute

TRIGGER = "loadtest"


class Demo:
    """seed_demo, once: it runs in one transaction and makes the programme
    last, so the programme's presence says the demo is complete."""

    name = "demo"
    unit = "runs"

    def missing(self) -> int:
        slug = load_demo_programme()["programme"]["slug"]
        return 0 if Programme.objects.filter(slug=slug).exists() else 1

    def build(self, progress) -> None:
        # --force: the load test runs with production settings (DEBUG off).
        call_command("seed_demo", force=True, stdout=io.StringIO())
        progress.update(1)


class Snapshots:
    """Every month end of every active programme, computed once the records
    are all there (again when an earlier phase added any)."""

    name = "snapshots"
    unit = "days"

    def __init__(self):
        self.stale = False

    def days(self):
        today = timezone.localdate()
        starts = Programme.objects.filter(is_active=True).order_by("starts_on")
        first = starts.values_list("starts_on", flat=True).first()
        return month_ends(first, today) if first else []

    def missing(self) -> int:
        done = ComputeRun.objects.filter(trigger=TRIGGER, finished_at__isnull=False)
        return len(self.days()) if self.stale or not done.exists() else 0

    def build(self, progress) -> None:
        for day in self.days():
            snapshots_compute(as_of=day, trigger=TRIGGER)
            progress.update(1)
