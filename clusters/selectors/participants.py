"""Who takes part in a cluster, for its internal page."""

from infospots.selectors import province_scope

from ..models import HELIX_OF_KIND, Helix
from .directory import helix_counts


def _helix_counts(memberships, participations):
    """Active participants per helix: member firms count as industry."""
    counts = dict.fromkeys(Helix, 0)
    counts[Helix.INDUSTRY] = sum(1 for m in memberships if m.is_active)
    for participation in participations:
        if participation.is_active:
            counts[HELIX_OF_KIND[participation.organisation.kind]] += 1
    return helix_counts(counts)


def cluster_participants(*, cluster, user) -> dict:
    """Member firms and organisations, current ones first (two queries)."""
    memberships = sorted(
        cluster.memberships.select_related("firm"),
        key=lambda m: (not m.is_active, m.firm.name_key, m.joined_on),
    )
    participations = sorted(
        cluster.participations.select_related("organisation"),
        key=lambda p: (not p.is_active, p.organisation.name_key, p.joined_on),
    )
    scope = province_scope(user=user)
    return {
        "memberships": memberships,
        "participations": participations,
        "active_members": sum(1 for m in memberships if m.is_active),
        "active_organisations": sum(1 for p in participations if p.is_active),
        "helix": _helix_counts(memberships, participations),
        # The firm pages the user may open: staff those of their provinces.
        "linked_firms": {
            m.firm_id for m in memberships if scope.allows(m.firm.province_id)
        },
    }
