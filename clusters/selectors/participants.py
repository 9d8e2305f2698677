"""Who takes part in a cluster, for its internal page."""

from django.core.paginator import Paginator
from django.db.models import Count, Q

from infospots.scoping import province_scope

from .directory import helix_counts

# Member firms a page of the hub lists: a cluster may have thousands.
MEMBERS_PAGE_SIZE = 50


def cluster_participants(*, cluster, user, page=None) -> dict:
    """Member firms (one page of them: current members first, then former
    ones, each in the order they joined) and organisations (all of them: a
    cluster has a few dozen at most).

    Six queries at most whatever the number of members: their counts, the
    page's current and former members, their firms, the organisations, and
    (staff) the user's provinces. A page walks an index of the cluster's
    memberships by date; ordered by the firms' names, PostgreSQL fetched
    every member firm to sort them (2,000 members: 22 ms).
    """
    counts = cluster.memberships.aggregate(
        total=Count("pk"), active=Count("pk", filter=Q(left_on__isnull=True))
    )
    paginator = Paginator(range(counts["total"]), MEMBERS_PAGE_SIZE)
    members_page = paginator.get_page(page)
    # start_index() is 1-based, and 0 for a cluster without members.
    start, end = max(members_page.start_index() - 1, 0), members_page.end_index()
    # The firms of the page only: joined to every membership, PostgreSQL
    # hashed all the cluster's firms before taking a page deep in the list.
    in_order = cluster.memberships.prefetch_related("firm").order_by("joined_on", "pk")
    memberships = []
    if start < counts["active"]:
        memberships += in_order.filter(left_on__isnull=True)[
            start : min(end, counts["active"])
        ]
    if end > counts["active"]:
        memberships += in_order.filter(left_on__isnull=False)[
            max(start - counts["active"], 0) : end - counts["active"]
        ]
    participations = sorted(
        cluster.participations.select_related("organisation"),
        key=lambda p: (not p.is_active, p.organisation.name_key, p.joined_on),
    )
    organisations = [p.organisation for p in participations if p.is_active]
    scope = province_scope(user=user)
    return {
        "memberships": memberships,
        "members_page": members_page,
        "participations": participations,
        "active_members": counts["active"],
        "active_organisations": len(organisations),
        "helix": helix_counts(members=counts["active"], organisations=organisations),
        # The firm pages the user may open: staff those of their provinces.
        "linked_firms": {
            m.firm_id for m in memberships if scope.allows(m.firm.province_id)
        },
    }
