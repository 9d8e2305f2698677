"""National-scale clusters: 500 clusters in the pilot provinces with 2,000
organisations, about 52,000 memberships (one cluster with 2,000 member
firms, about 1,000 of them listed publicly), plans and activities."""

import datetime as dt
import random
from collections import defaultdict

from django.db import transaction

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
from infospots.models import Province
from kms.core.text import fold_key

from .common import BATCH, PILOT_PLATES
from .registry import WORDS, loadtest_firms

CLUSTERS = 500
ORGANISATIONS = 2000
# The cluster with 2,000 members (the others have 10-200).
LARGEST = 1
LARGEST_SIZE = 2000
SLUG_PREFIX = "bench-"


def loadtest_clusters():
    return Cluster.objects.filter(slug__startswith=SLUG_PREFIX)


def largest_cluster() -> Cluster | None:
    return Cluster.objects.filter(slug=f"{SLUG_PREFIX}{LARGEST}").first()


class Clusters:
    """All or none: one transaction."""

    name = "clusters"
    unit = "clusters"

    def __init__(self, count: int = CLUSTERS):
        self.count = count

    def missing(self) -> int:
        return 0 if loadtest_clusters().exists() else self.count

    @transaction.atomic
    def build(self, progress) -> None:
        rng = random.Random(5)  # noqa: S311 - test data
        provinces = list(Province.objects.filter(plate__in=PILOT_PLATES))
        firms_by_province = defaultdict(list)
        for pk, province_id in (
            loadtest_firms().order_by("pk").values_list("pk", "province_id")
        ):
            firms_by_province[province_id].append(pk)
        organisations = list(Organisation.objects.filter(name__startswith="Kurum "))
        if not organisations:
            organisations = Organisation.objects.bulk_create(
                Organisation(
                    name=f"Kurum {n}",
                    name_key=f"kurum {n}",
                    kind=rng.choice(OrganisationKind.values),
                )
                for n in range(ORGANISATIONS)
            )
        statuses = [s for s in ClusterStatus.values if s != "candidate"]
        new_clusters = []
        for n in range(self.count):
            province = provinces[n % len(provinces)]
            name = f"{province.name} {rng.choice(WORDS)} kümesi {n}"
            status = "candidate" if n % 10 == 0 else rng.choice(statuses)
            if n == LARGEST:
                status = ClusterStatus.ACTIVE
            new_clusters.append(
                Cluster(
                    name=name,
                    slug=f"{SLUG_PREFIX}{n}",
                    province=province,
                    portfolio=rng.choice(Portfolio.values),
                    status=status,
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
            size = LARGEST_SIZE if n == LARGEST else rng.randint(10, 200)
            for firm_id in rng.sample(pool, min(size, len(pool))):
                memberships.append(
                    ClusterMembership(
                        cluster=cluster, firm_id=firm_id, joined_on=dt.date(2025, 2, 1)
                    )
                )
            for organisation in rng.sample(organisations, 40 if n == LARGEST else 8):
                participations.append(
                    Participation(
                        cluster=cluster,
                        organisation=organisation,
                        joined_on=dt.date(2025, 2, 1),
                    )
                )
            plans += [ActionPlan(cluster=cluster, year=y) for y in (2025, 2026)]
            progress.update(1)
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
