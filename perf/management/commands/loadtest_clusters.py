"""Benchmark of the cluster directory and cluster pages on PostgreSQL.

Creates 100,000 firms and 500 clusters (by default) in bulk, with members,
organisations, plans and activities, then prints the query count and the
p50/p95 time of the directory and of the largest cluster's pages. Run it
against a throwaway database, e.g.

    createdb -h 127.0.0.1 -U postgres kms_bench
    export DATABASE_URL=postgres://postgres@127.0.0.1:5432/kms_bench DEBUG=true
    python manage.py migrate && python manage.py loadtest_clusters

docs/loadtests/clusters.md keeps a measured run.
"""

import datetime as dt
import random
import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db.models import Count
from django.urls import reverse

from clusters.models import (
    ActionPlan,
    Activity,
    ActivityKind,
    ActivityStatus,
    Cluster,
    ClusterMembership,
    ClusterStatus,
    Organisation,
    OrganisationKind,
    Participation,
    Portfolio,
    StatusChange,
)
from infospots.models import Firm, InfoSpot, NaceDivision, Province
from infospots.selectors import firm_name_key, firm_search_key
from infospots.validators import complete_vkn
from kms.core.text import fold_key
from perf.timing import (
    BATCH,
    PILOT_PLATES,
    analyze,
    bench_actors,
    bench_client,
    require_postgresql,
    time_page,
)

WORDS = [
    "gıda",
    "tekstil",
    "mobilya",
    "metal",
    "makine",
    "otomotiv",
    "kimya",
    "plastik",
    "tarım",
    "turizm",
    "yazılım",
    "medikal",
    "ambalaj",
    "enerji",
    "inşaat",
    "lojistik",
    "halı",
    "fındık",
    "baklava",
    "çelik",
]


class Command(BaseCommand):
    help = "Time the cluster directory and pages with many clusters and firms."

    def add_arguments(self, parser):
        parser.add_argument("--firms", type=int, default=100_000)
        parser.add_argument("--clusters", type=int, default=500)
        parser.add_argument("--seed", type=int, default=5)
        parser.add_argument("--runs", type=int, default=20)
        parser.add_argument(
            "--reuse",
            action="store_true",
            help="Measure the clusters already there instead of creating more.",
        )

    def handle(self, *args, firms, clusters, seed, runs, reuse, **options):
        require_postgresql()
        if not reuse:
            if Cluster.objects.exists() or Firm.objects.exists():
                raise CommandError(
                    "The database already holds firms or clusters; use a "
                    "throwaway database, or --reuse to measure them."
                )
            self.create(firms, clusters, random.Random(seed))  # noqa: S311
        self.stdout.write(
            f"\n## Data\n\n{Firm.objects.count()} firms, "
            f"{Cluster.objects.count()} clusters "
            f"({Cluster.objects.public().count()} public), "
            f"{ClusterMembership.objects.count()} memberships, "
            f"{Participation.objects.count()} participations, "
            f"{Activity.objects.count()} activities.\n"
        )
        self.time_pages(runs)

    # --- data ------------------------------------------------------------------

    def create(self, firm_count, cluster_count, rng):
        started = time.monotonic()
        provinces = list(Province.objects.filter(plate__in=PILOT_PLATES))
        spots = {
            p.pk: InfoSpot.objects.get_or_create(
                slug=f"bench-{p.slug}",
                defaults={
                    "name": f"{p.name} bench",
                    "province": p,
                    "host_institution": "bench",
                },
            )[0]
            for p in provinces
        }
        naces = list(NaceDivision.objects.all())
        firms_by_province = {p.pk: [] for p in provinces}
        for start in range(0, firm_count, BATCH):
            batch = []
            for n in range(start, min(start + BATCH, firm_count)):
                province = provinces[n % len(provinces)]
                name = f"{rng.choice(WORDS).title()} {n} San. ve Tic. Ltd. Şti."
                tax_id = complete_vkn(f"{n + 1:09d}")
                batch.append(
                    Firm(
                        legal_name=name,
                        tax_id=tax_id,
                        province=province,
                        info_spot=spots[province.pk],
                        primary_nace=rng.choice(naces),
                        listed_publicly=rng.random() < 0.5,
                        name_key=firm_name_key(name),
                        search_key=firm_search_key(name, "", tax_id),
                    )
                )
            for firm in Firm.objects.bulk_create(batch):
                firms_by_province[firm.province_id].append(firm.pk)
        organisations = Organisation.objects.bulk_create(
            Organisation(
                name=f"Kurum {n}",
                name_key=f"kurum {n}",
                kind=rng.choice(OrganisationKind.values),
            )
            for n in range(2000)
        )
        statuses = [s for s in ClusterStatus.values if s != "candidate"]
        new_clusters = []
        for n in range(cluster_count):
            province = provinces[n % len(provinces)]
            name = f"{province.name} {rng.choice(WORDS)} kümesi {n}"
            new_clusters.append(
                Cluster(
                    name=name,
                    slug=f"bench-{n}",
                    province=province,
                    portfolio=rng.choice(Portfolio.values),
                    status="candidate" if n % 10 == 0 else rng.choice(statuses),
                    status_since=dt.date(2025, 1, 1),
                    identified_on=None if n % 10 == 0 else dt.date(2025, 1, 1),
                    name_key=fold_key(name),
                    search_key=fold_key(name),
                )
            )
        new_clusters = Cluster.objects.bulk_create(new_clusters)
        StatusChange.objects.bulk_create(
            StatusChange(cluster=c, to_status=c.status, changed_on=c.status_since)
            for c in new_clusters
        )
        memberships, participations, plans = [], [], []
        for n, cluster in enumerate(new_clusters):
            pool = firms_by_province[cluster.province_id]
            size = 2000 if n == 1 else rng.randint(10, 200)
            for firm_id in rng.sample(pool, min(size, len(pool))):
                memberships.append(
                    ClusterMembership(
                        cluster=cluster, firm_id=firm_id, joined_on=dt.date(2025, 2, 1)
                    )
                )
            for organisation in rng.sample(organisations, 40 if n == 1 else 8):
                participations.append(
                    Participation(
                        cluster=cluster,
                        organisation=organisation,
                        joined_on=dt.date(2025, 2, 1),
                    )
                )
            plans += [ActionPlan(cluster=cluster, year=y) for y in (2025, 2026)]
        ClusterMembership.objects.bulk_create(memberships, batch_size=BATCH)
        Participation.objects.bulk_create(participations, batch_size=BATCH)
        activities = []
        for plan in ActionPlan.objects.bulk_create(plans, batch_size=BATCH):
            for k in range(5):
                start = dt.date(plan.year, 1 + k * 2, 10)
                activities.append(
                    Activity(
                        plan=plan,
                        kind=rng.choice(ActivityKind.values),
                        title=f"Etkinlik {k}",
                        starts_on=start,
                        ends_on=start + dt.timedelta(days=2),
                        status=ActivityStatus.COMPLETED
                        if plan.year == 2025
                        else rng.choice(ActivityStatus.values),
                    )
                )
        Activity.objects.bulk_create(activities, batch_size=BATCH)
        analyze()
        self.stdout.write(
            f"\n## Loading\n\nbulk_create took {time.monotonic() - started:.0f} s.\n"
        )

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
