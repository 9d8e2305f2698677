"""Who takes part in a cluster, for its internal page."""

from django.core.paginator import Paginator
from django.db.models import BooleanField, Count, ExpressionWrapper, Q

from infospots.scoping import province_scope

from .directory import helix_counts

# Member firms a page of the hub lists: a cluster may have thousands.
MEMBERS_PAGE_SIZE = 50


def cluster_participants(*, cluster, user, page=None) -> dict:
    """Member firms (one page of them, current ones first, by name) and
    organisations (all: a cluster has a few dozen at most).

    Four queries whatever the number of members: their counts, the page of
    members, the organisations, and (staff) the user's provinces.
    """
    counts = cluster.memberships.aggregate(
        total=Count("pk"), active=Count("pk", filter=Q(left_on__isnull=True))
    )
    members = (
        cluster.memberships.select_related("firm")
        .annotate(ended=ExpressionWrapper(Q(left_on__isnull=False), BooleanField()))
        .order_by("ended", "firm__name_key", "joined_on", "pk")
    )
    paginator = Paginator(members, MEMBERS_PAGE_SIZE)
    paginator.count = counts["total"]
    members_page = paginator.get_page(page)
    memberships = list(members_page.object_list)
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
