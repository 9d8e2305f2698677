"""Compute the targets' snapshots for past days from the dated records."""

import datetime as dt

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from benchmarking.models import Programme
from benchmarking.services import snapshots_compute


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


class Command(BaseCommand):
    help = (
        "Compute snapshots for every month end from the programme's start (or "
        "--since) to today (or --until), from the dated records. Idempotent."
    )

    def add_arguments(self, parser):
        parser.add_argument("--since", type=dt.date.fromisoformat)
        parser.add_argument("--until", type=dt.date.fromisoformat)

    def handle(self, *args, since=None, until=None, **options):
        until = until or timezone.localdate()
        if since is None:
            first = Programme.objects.filter(is_active=True).order_by("starts_on")
            if not first.exists():
                raise CommandError("No active programme: nothing to compute.")
            since = first[0].starts_on
        if since > until:
            raise CommandError("--since must not be after --until.")
        total = 0
        for day in month_ends(since, until):
            total += snapshots_compute(as_of=day, trigger="backfill").snapshots
        self.stdout.write(f"{total} snapshots computed from {since} to {until}.")
