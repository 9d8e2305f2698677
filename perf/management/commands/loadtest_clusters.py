"""Benchmark of the cluster directory and cluster pages on PostgreSQL.

Completes the load-test firms and clusters (perf.data: 110,000 firms, 500
clusters with members, organisations, plans and activities) if they are
missing, then prints the query count and the p50/p95 time of the directory
and of the largest cluster's pages, in process. E.g.

    createdb -h 127.0.0.1 -U postgres kms_loadtest
    export DATABASE_URL=postgres://postgres@127.0.0.1:5432/kms_loadtest DEBUG=true
    python manage.py migrate && python manage.py loadtest_clusters

docs/loadtests/clusters.md keeps a measured run.
"""

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db.models import Count
from django.urls import reverse

from clusters.models import Activity, Cluster, ClusterMembership, Participation
from infospots.models import Firm
from perf.data import build as data
from perf.data.clusters import CLUSTERS, Clusters
from perf.data.registry import FIRMS, Firms
from perf.timing import bench_actors, bench_client, time_page


class Command(BaseCommand):
    help = "Time the cluster directory and pages with many clusters and firms."

    def add_arguments(self, parser):
        parser.add_argument("--firms", type=int, default=FIRMS)
        parser.add_argument("--clusters", type=int, default=CLUSTERS)
        parser.add_argument("--runs", type=int, default=20)
        parser.add_argument(
            "--reuse",
            action="store_true",
            help="Measure what is there without completing the data first.",
        )

    def handle(self, *args, firms, clusters, runs, reuse, **options):
        data.require_postgresql()
        if not reuse:
            data.build(steps=[Firms(firms), Clusters(clusters)], say=self.stdout.write)
        self.stdout.write(
            f"\n## Data\n\n{Firm.objects.count()} firms, "
            f"{Cluster.objects.count()} clusters "
            f"({Cluster.objects.public().count()} public), "
            f"{ClusterMembership.objects.count()} memberships, "
            f"{Participation.objects.count()} participations, "
            f"{Activity.objects.count()} activities.\n"
        )
        self.time_pages(runs)

    # --- pages -----------------------------------------------------------------

    def time_pages(self, runs):
        manager, staff = bench_actors()
        biggest = (
            Cluster.objects.public()
            .annotate(n=Count("memberships"))
            .order_by("-n")
            .first()
        )
        directory = reverse("clusters:directory")
        pages = [
            ("directory", directory, {}, None),
            ("directory, page 10", directory, {"page": 10}, None),
            ("directory, province Samsun", directory, {"province": 55}, None),
            ("directory, most members", directory, {"sort": "members"}, None),
            ("directory, search 'gıda'", directory, {"q": "gıda"}, None),
            ("directory, staff", directory, {}, staff),
            (
                f"profile ({biggest.memberships.count()} members)",
                biggest.get_absolute_url(),
                {},
                None,
            ),
            (
                f"profile ({biggest.memberships.count()} members), manager",
                biggest.get_absolute_url(),
                {},
                manager,
            ),
            (
                "manage page, manager",
                reverse("clusters:manage", args=[biggest.slug]),
                {},
                manager,
            ),
            (
                "add a member firm, manager",
                reverse("clusters:member_create", args=[biggest.slug]),
                {},
                manager,
            ),
            (
                "add a member firm, search 'gıda'",
                reverse("clusters:member_create", args=[biggest.slug]),
                {"q": "gıda"},
                manager,
            ),
            ("candidates, manager", reverse("clusters:candidates"), {}, manager),
            ("partner search", reverse("clusters:partner_list"), {}, None),
        ]
        self.stdout.write(
            f"\n## Pages (in-process test client, {runs} runs each after a first "
            f"request that counts the queries; DEBUG={settings.DEBUG})\n\n"
            "| page | p50 | p95 | queries |\n| --- | --- | --- | --- |\n"
        )
        for label, url, params, user in pages:
            timing = time_page(bench_client(user), url, params, runs=runs, label=label)
            self.stdout.write(f"| {label} | {timing.cells()} |\n")
