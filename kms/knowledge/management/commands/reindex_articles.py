"""Recompute the search columns of every knowledge-base article."""

import time

from django.core.management.base import BaseCommand
from django.db import connection

from kms.knowledge.search import reindex_articles


class Command(BaseCommand):
    help = (
        "Recompute search_text and (on PostgreSQL) search_vector of every "
        "article, in batches; one UPDATE per batch on PostgreSQL. Run after "
        "changing how articles are indexed or after loading articles in bulk."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--batch-size",
            type=int,
            default=1000,
            help="Articles folded and written per batch (default 1000).",
        )

    def handle(self, *args, batch_size, **options):
        started = time.monotonic()
        count = reindex_articles(batch_size=batch_size)
        self.stdout.write(
            f"Indexed {count} articles on {connection.vendor} "
            f"in {time.monotonic() - started:.1f} s."
        )
