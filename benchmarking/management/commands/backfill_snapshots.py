"""Compute the targets' snapshots for past days from the dated records."""

import datetime as dt

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from benchmarking.models import Programme
from benchmarking.services import snapshots_backfill


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
        total = snapshots_backfill(since=since, until=until)
        self.stdout.write(f"{total} snapshots computed from {since} to {until}.")
