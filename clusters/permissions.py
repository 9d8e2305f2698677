"""Write and read rights of the clusters app.

Each predicate agrees with its Q-filter twin in querysets.py
(`managed_by`, `for_user`): staff act on clusters of their province,
managers and admins on all, SME members read their own clusters' internal
pages, visitors read the public directory only.
"""

from infospots.selectors import province_scope

from .models import ClusterMembership


def can_create_clusters(user) -> bool:
    scope = province_scope(user=user)
    return scope.everything or bool(scope.province_ids)


def can_manage_cluster(user, cluster) -> bool:
    return province_scope(user=user).allows(cluster.province_id)


def can_edit_organisations(user) -> bool:
    """Organisations are shared by every province: national roles edit them,
    staff only add new ones."""
    return province_scope(user=user).everything


def is_cluster_member(user, cluster) -> bool:
    """The user's firm is an active member of the cluster."""
    if not user.is_authenticated or not user.is_active:
        return False
    return (
        ClusterMembership.objects.active()
        .filter(cluster=cluster, firm__memberships__user=user)
        .exists()
    )


def can_read_cluster_internals(user, cluster) -> bool:
    return can_manage_cluster(user, cluster) or is_cluster_member(user, cluster)
