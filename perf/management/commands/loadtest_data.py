"""Build the national-scale load-test database, or what is missing of it.

    export DATABASE_URL=postgres://postgres@127.0.0.1:5432/kms_loadtest
    python manage.py migrate && python manage.py loadtest_data

The demo (seed_demo), 110,000 firms (30,000 in Samsun) with about 119,000
services and a year of figures for half of them, 500 clusters with about
52,000 memberships (one with 2,000 members), 100,000 articles indexed for
search, and the programme's snapshots. Idempotent: a second run finds every
phase complete and does nothing; seed_demo still works afterwards.
"""

from django.core.management.base import BaseCommand

from perf.data import build as data


class Command(BaseCommand):
    help = "Build (or complete) the national-scale load-test data on PostgreSQL."

    def add_arguments(self, parser):
        parser.add_argument(
            "--only",
            nargs="+",
            metavar="PHASE",
            choices=[phase.name for phase in data.phases()],
            help="Build only these phases (they need the earlier ones).",
        )

    def handle(self, *args, only=None, **options):
        data.require_postgresql()
        built = data.build(only=set(only) if only else None, say=self.stdout.write)
        self.stdout.write(
            "Nothing to do: the data is complete."
            if not built
            else f"{built} phase(s) built."
        )
        for label, count in data.counts().items():
            self.stdout.write(f"  {label}: {count:,}")
