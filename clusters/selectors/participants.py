"""Who takes part in a cluster, for its internal page."""

from infospots.scoping import province_scope

from .directory import helix_counts


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
    active_members = sum(1 for m in memberships if m.is_active)
    organisations = [p.organisation for p in participations if p.is_active]
    scope = province_scope(user=user)
    return {
        "memberships": memberships,
        "participations": participations,
        "active_members": active_members,
        "active_organisations": len(organisations),
        "helix": helix_counts(members=active_members, organisations=organisations),
        # The firm pages the user may open: staff those of their provinces.
        "linked_firms": {
            m.firm_id for m in memberships if scope.allows(m.firm.province_id)
        },
    }
