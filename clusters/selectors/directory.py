"""Reads of the public directory and of each cluster's public profile.

What leaves here for a public page is either a cluster row or a frozen
dataclass of public facts: a member firm is reduced to its name, province and
sector, so no template can reach its tax id or contacts.
"""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.core.paginator import Page, Paginator
from django.db.models import (
    Count,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce

from infospots.models import Firm, NaceDivision, Province

from ..models import (
    ActionPlan,
    Cluster,
    ClusterMembership,
    GrantApplication,
    GrantStatus,
    Helix,
    OrganisationKind,
    Participation,
)
from ..permissions import can_read_cluster_internals

# Listed member firms per page of a cluster's profile: the largest cluster
# lists about 1,000, whose rows took 80 ms of template alone.
MEMBERS_PAGE_SIZE = 50

# The icon of each helix on the profile's count cards.
HELIX_ICONS = {
    Helix.INDUSTRY: "buildings",
    Helix.ACADEMIA: "mortarboard",
    Helix.GOVERNMENT: "bank",
    Helix.SUPPORT: "life-preserver",
}


def _active_count(model) -> Coalesce:
    """The number of active (not yet left) rows of `model` for each cluster."""
    rows = (
        model.objects.active()
        .filter(cluster=OuterRef("pk"))
        .order_by()
        .values("cluster")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(rows, output_field=IntegerField()), Value(0))


# --- the directory ----------------------------------------------------------


def directory_clusters() -> QuerySet[Cluster]:
    """Public clusters with what a directory row shows: home and other
    provinces, and the counts of active member firms and organisations.

    The counts are subqueries, so filtering, sorting by them and grouping the
    rows by province need no GROUP BY over the participants.
    """
    return (
        Cluster.objects.public()
        .select_related("province")
        .prefetch_related(
            Prefetch("other_provinces", queryset=Province.objects.order_by("plate"))
        )
        .annotate(
            member_count=_active_count(ClusterMembership),
            organisation_count=_active_count(Participation),
        )
    )


def directory_provinces() -> QuerySet[Province]:
    """Provinces where a public cluster has its home or which it reaches."""
    public = Cluster.objects.public()
    reached = Cluster.other_provinces.through.objects.filter(
        cluster__in=public.values("pk")
    )
    return Province.objects.filter(
        Q(pk__in=public.values("province_id")) | Q(pk__in=reached.values("province_id"))
    ).order_by("plate")


def clusters_in_province(clusters: QuerySet[Cluster], province) -> QuerySet[Cluster]:
    """The `clusters` at home in `province` or reaching it."""
    reached = Cluster.other_provinces.through.objects.filter(province=province)
    return clusters.filter(
        Q(province=province) | Q(pk__in=reached.values("cluster_id"))
    )


@dataclass(frozen=True)
class ProvinceCount:
    """A bar of "where the clusters are"."""

    province: str
    plate: int
    clusters: int


def clusters_by_province(*, clusters: QuerySet[Cluster]) -> list[ProvinceCount]:
    """How many of `clusters` have their home in each province: one query."""
    rows = (
        clusters.order_by()
        .values("province__name", "province__plate")
        .annotate(n=Count("pk"))
        .order_by("province__plate")
    )
    return [
        ProvinceCount(
            province=row["province__name"],
            plate=row["province__plate"],
            clusters=row["n"],
        )
        for row in rows
    ]


# --- one cluster's public profile --------------------------------------------


@dataclass(frozen=True)
class PublicMember:
    """A member firm that agreed to be listed, as the public sees it."""

    name: str
    province: str
    nace_code: str
    nace_name: str
    role: str
    joined_on: dt.date


@dataclass(frozen=True)
class PublicParticipant:
    """An organisation taking part in the cluster."""

    name: str
    website: str
    role: str
    joined_on: dt.date


@dataclass(frozen=True)
class OrganisationGroup:
    kind: str
    label: str
    participants: tuple[PublicParticipant, ...]


@dataclass(frozen=True)
class HelixCount:
    helix: str
    label: str
    icon: str
    count: int


@dataclass(frozen=True)
class CompletedYear:
    """An action-plan year whose activities are completed."""

    year: int
    completed_on: dt.date


@dataclass(frozen=True)
class ClusterProfile:
    cluster: Cluster
    other_provinces: tuple[Province, ...]
    naces: tuple[NaceDivision, ...]
    helix: tuple[HelixCount, ...]
    member_count: int
    # One page of the member firms that agreed to be listed (their
    # PublicMember rows), in the order of their names.
    members_page: Page
    listed_member_count: int
    organisation_count: int
    organisation_groups: tuple[OrganisationGroup, ...]
    completed_years: tuple[CompletedYear, ...]
    grants_approved: int
    granted_total: Decimal
    can_read_internals: bool

    @property
    def listed_members(self) -> tuple[PublicMember, ...]:
        """The listed member firms of the page."""
        return tuple(self.members_page.object_list)

    @property
    def unlisted_member_count(self) -> int:
        return self.member_count - self.listed_member_count


def _listed_members_page(cluster: Cluster, *, page) -> Page:
    """One page of the listed member firms, by name: three queries that read
    the cluster's memberships and their firms through primary keys, never
    the registry.

    The cluster's active memberships are read first, then the names of
    those firms that agreed to be listed, and the page is cut here; its rows
    are then read by id. In one ORDER BY ... LIMIT, PostgreSQL walked every
    listed firm of the registry by name looking for the cluster's (42,000
    buffers for page 3 of the largest cluster); joined, it read all 50,000
    listed firms into a hash.
    """
    firm_of = dict(
        ClusterMembership.objects.active()
        .filter(cluster=cluster)
        .order_by()
        .values_list("firm_id", "pk")
    )
    names = Firm.objects.filter(pk__in=list(firm_of), listed_publicly=True).values_list(
        "pk", "name_key"
    )
    order = sorted((name, firm_of[firm_id]) for firm_id, name in names)
    members_page = Paginator([pk for _name, pk in order], MEMBERS_PAGE_SIZE).get_page(
        page
    )
    listed = ClusterMembership.objects.filter(pk__in=members_page.object_list)
    rows = {
        m.pk: m
        for m in listed.select_related("firm__province", "firm__primary_nace").only(
            "role",
            "joined_on",
            "firm__legal_name",
            "firm__trade_name",
            "firm__province__name",
            "firm__primary_nace__code",
            "firm__primary_nace__name_tr",
            "firm__primary_nace__name_en",
        )
    }
    members_page.object_list = tuple(
        PublicMember(
            name=str(m.firm),
            province=m.firm.province.name,
            nace_code=m.firm.primary_nace.code,
            nace_name=m.firm.primary_nace.name,
            role=m.get_role_display(),
            joined_on=m.joined_on,
        )
        for pk in members_page.object_list
        if (m := rows.get(pk))
    )
    return members_page


def _organisation_groups(cluster: Cluster) -> tuple[list, list]:
    """Active participations grouped by organisation kind (in the order of
    OrganisationKind), and their organisations."""
    participations = (
        Participation.objects.active()
        .filter(cluster=cluster)
        .select_related("organisation")
        .order_by("organisation__name_key", "pk")
    )
    by_kind: dict[str, list[PublicParticipant]] = {}
    organisations = []
    for p in participations:
        organisation = p.organisation
        by_kind.setdefault(organisation.kind, []).append(
            PublicParticipant(
                name=organisation.name,
                website=organisation.website,
                role=p.get_role_display(),
                joined_on=p.joined_on,
            )
        )
        organisations.append(organisation)
    groups = [
        OrganisationGroup(kind=kind.value, label=kind.label, participants=tuple(rows))
        for kind in OrganisationKind
        if (rows := by_kind.get(kind.value))
    ]
    return groups, organisations


def _counts(cluster: Cluster) -> dict:
    """Active members, approved grant applications and the amount granted."""
    approved = GrantApplication.objects.filter(
        cluster=OuterRef("pk"), status=GrantStatus.APPROVED
    ).order_by()
    return (
        Cluster.objects.filter(pk=cluster.pk)
        .annotate(
            n_members=_active_count(ClusterMembership),
            n_grants=Coalesce(
                Subquery(
                    approved.values("cluster").annotate(n=Count("pk")).values("n"),
                    output_field=IntegerField(),
                ),
                Value(0),
            ),
            granted=Subquery(
                approved.values("cluster")
                .annotate(total=Sum("amount_granted"))
                .values("total")
            ),
        )
        .values("n_members", "n_grants", "granted")
        .get()
    )


def helix_counts(*, members: int, organisations) -> tuple[HelixCount, ...]:
    """The count cards of the triple helix (and the support around it): the
    active member firms count as industry, each active organisation in its
    own helix (large companies in industry too)."""
    per_helix = dict.fromkeys(Helix, 0)
    per_helix[Helix.INDUSTRY] = members
    for organisation in organisations:
        per_helix[organisation.helix] += 1
    return tuple(
        HelixCount(
            helix=h.value, label=h.label, icon=HELIX_ICONS[h], count=per_helix[h]
        )
        for h in Helix
    )


def cluster_profile(*, cluster: Cluster, user, page=1) -> ClusterProfile:
    """What the public profile of `cluster` shows to `user`, with page
    `page` of its listed member firms (MEMBERS_PAGE_SIZE a page).

    A fixed number of queries whatever the number of participants, and a
    page of members whatever the number of members. Member firms are named
    only when they agreed to be listed; the others are counted.
    """
    groups, organisations = _organisation_groups(cluster)
    counts = _counts(cluster)
    members_page = _listed_members_page(cluster, page=page)
    completed = (
        ActionPlan.objects.filter(cluster=cluster)
        .completed()
        .order_by("-year")
        .values_list("year", "completed_on")
    )
    return ClusterProfile(
        cluster=cluster,
        other_provinces=tuple(cluster.other_provinces.order_by("plate")),
        naces=tuple(cluster.naces.order_by("code")),
        helix=helix_counts(members=counts["n_members"], organisations=organisations),
        member_count=counts["n_members"],
        members_page=members_page,
        listed_member_count=members_page.paginator.count,
        organisation_count=sum(len(g.participants) for g in groups),
        organisation_groups=tuple(groups),
        completed_years=tuple(
            CompletedYear(year=year, completed_on=on) for year, on in completed
        ),
        grants_approved=counts["n_grants"],
        granted_total=counts["granted"] or Decimal(0),
        can_read_internals=can_read_cluster_internals(user, cluster),
    )
