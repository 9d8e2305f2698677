"""The cluster facts the programme counts, and the ranking of candidates."""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Exists, OuterRef, Prefetch, QuerySet

from infospots.models import Firm

from ..models import (
    ActionPlan,
    CandidateScore,
    Cluster,
    ClusterMembership,
    ClusterStatus,
    SelectionCriterion,
)
from ..permissions import can_manage_cluster


@dataclass(frozen=True)
class FirmClusters:
    """A firm's cluster memberships as one viewer may see them."""

    memberships: tuple  # visible to the viewer, current ones first
    in_a_cluster: bool  # any running membership, seen or not
    managed: frozenset  # ids of the clusters whose internal page they open


def firm_cluster_memberships(*, firm, user) -> FirmClusters:
    """The firm page's clusters: two queries.

    Only clusters the viewer may see are named (the public ones, candidates
    to those who manage them or belong to them), but "in a cluster" follows
    every running membership, as the programme counts it.
    """
    memberships = list(
        ClusterMembership.objects.filter(firm=firm).select_related("cluster")
    )
    visible = (
        set(
            Cluster.objects.visible_to(user)
            .filter(pk__in={m.cluster_id for m in memberships})
            .values_list("pk", flat=True)
        )
        if memberships
        else set()
    )
    shown = sorted(
        (m for m in memberships if m.cluster_id in visible),
        key=lambda m: (not m.is_active, -m.joined_on.toordinal(), m.pk),
    )
    return FirmClusters(
        memberships=tuple(shown),
        in_a_cluster=any(m.is_active for m in memberships),
        managed=frozenset(
            m.cluster_id for m in shown if can_manage_cluster(user, m.cluster)
        ),
    )


# What the ranking page lists: the pool from which priorities are chosen.
RANKED_STATUSES = (ClusterStatus.CANDIDATE, ClusterStatus.IDENTIFIED)

# The cache generation of the hubs' content (kms.core.generations), bumped
# by every write to a row of the clusters app or to a firm
# (ClustersConfig.ready).
HUB = "clusters-hub"


def firms_in_clusters(*, as_of: dt.date | None = None) -> QuerySet[Firm]:
    """Firms with a cluster membership running (on `as_of`, else today)."""
    memberships = ClusterMembership.objects.filter(firm=OuterRef("pk"))
    memberships = (
        memberships.as_of(as_of) if as_of is not None else memberships.active()
    )
    return Firm.objects.filter(Exists(memberships))


def clusters_identified(*, as_of: dt.date | None = None) -> QuerySet[Cluster]:
    """Clusters that had reached "identified" or a later step (by `as_of`).

    A cluster identified and later dissolved was still identified; a
    candidate dropped at once never was.
    """
    clusters = Cluster.objects.filter(identified_on__isnull=False)
    if as_of is not None:
        clusters = clusters.filter(identified_on__lte=as_of)
    return clusters


def clusters_with_completed_activities(
    *, as_of: dt.date | None = None, year: int | None = None
) -> QuerySet[Cluster]:
    """Clusters with an action plan whose activities are completed."""
    plans = ActionPlan.objects.completed(as_of=as_of)
    if year is not None:
        plans = plans.filter(year=year)
    return Cluster.objects.filter(pk__in=plans.values("cluster_id"))


@dataclass(frozen=True)
class RankedCandidate:
    """A cluster in the selection pool, its scores and what they add up to."""

    cluster: Cluster
    scores: tuple  # (criterion, CandidateScore or None), in criterion order
    total: Decimal  # weighted mean on the 1-5 scale; missing scores count 0
    scored: int

    @property
    def complete(self) -> bool:
        return self.scored == len(self.scores)

    @property
    def percent(self) -> int:
        return round(self.total * 20)


def weighted_total(criteria, by_criterion: dict) -> Decimal:
    weights = sum((c.weight for c in criteria), Decimal(0))
    if not weights:
        return Decimal(0)
    points = sum(
        (c.weight * by_criterion[c.pk].score for c in criteria if c.pk in by_criterion),
        Decimal(0),
    )
    return (points / weights).quantize(Decimal("0.01"))


def candidate_ranking(*, clusters: QuerySet[Cluster]) -> list[RankedCandidate]:
    """The candidates among `clusters` (already scoped), best first.

    Three queries whatever the number of clusters.
    """
    criteria = list(SelectionCriterion.objects.all())
    pool = (
        clusters.filter(status__in=RANKED_STATUSES)
        .select_related("province")
        .prefetch_related(
            Prefetch("scores", queryset=CandidateScore.objects.all(), to_attr="_s")
        )
    )
    ranked = []
    for cluster in pool:
        by_criterion = {s.criterion_id: s for s in cluster._s}
        ranked.append(
            RankedCandidate(
                cluster=cluster,
                scores=tuple((c, by_criterion.get(c.pk)) for c in criteria),
                total=weighted_total(criteria, by_criterion),
                scored=len(by_criterion),
            )
        )
    ranked.sort(key=lambda r: (-r.total, r.cluster.name_key))
    return ranked
