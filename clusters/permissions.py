"""Write and read rights of the clusters app.

Each predicate agrees with its Q-filter twin in querysets.py
(`in_provinces_of`, `for_user`): staff act on clusters of their province,
managers and admins on all, SME members read their own clusters' internal
pages, visitors read the public directory only.
"""

from infospots.models import FirmMembership
from infospots.permissions import can_edit_firm
from infospots.scoping import province_scope
from kms.accounts.permissions import is_signed_in

from .models import ClusterMembership


def can_create_clusters(user) -> bool:
    return province_scope(user=user).any


def can_manage_cluster(user, cluster) -> bool:
    return province_scope(user=user).allows(cluster.province_id)


def can_edit_organisations(user) -> bool:
    """Organisations are shared by every province: national roles edit them,
    staff only add new ones."""
    return province_scope(user=user).everything


def is_cluster_member(user, cluster) -> bool:
    """The user's firm is an active member of the cluster."""
    if not is_signed_in(user):
        return False
    return (
        ClusterMembership.objects.active()
        .filter(cluster=cluster, firm__memberships__user=user)
        .exists()
    )


def can_read_cluster_internals(user, cluster) -> bool:
    return can_manage_cluster(user, cluster) or is_cluster_member(user, cluster)


# --- partner search --------------------------------------------------------------
# A post speaks for a cluster or for a firm. Its "poster side" are those who
# speak for that cluster or firm today: for a cluster, those who read its
# internal pages (`can_read_cluster_internals`); for a firm, its own users and
# the staff who can edit it. Having written the post gives no right: an author
# moved to another province, or removed from the firm, is no longer on its
# side. Twins: `PartnerPost.objects.poster_side(user)` and `.visible_to(user)`.


def can_post_for_cluster(user, cluster) -> bool:
    """Those who manage the cluster, while the public directory shows it (a
    candidate's name is not published)."""
    return (
        is_signed_in(user) and cluster.is_public and can_manage_cluster(user, cluster)
    )


def can_post_for_firm(user, firm) -> bool:
    """The firm's own users and the staff who can edit it, while the firm has
    an active cluster membership and agreed to be listed publicly (a post
    shows its name to everyone)."""
    if not (is_signed_in(user) and firm.listed_publicly):
        return False
    own = FirmMembership.objects.filter(user=user, firm=firm).exists()
    if not (own or can_edit_firm(user, firm)):
        return False
    return ClusterMembership.objects.active().filter(firm=firm).exists()


def is_partner_poster_side(user, post) -> bool:
    """The user speaks for the post's cluster or firm today."""
    if not is_signed_in(user):
        return False
    if post.cluster_id is not None:
        return can_read_cluster_internals(user, post.cluster)
    return (
        can_edit_firm(user, post.firm)
        or FirmMembership.objects.filter(user=user, firm_id=post.firm_id).exists()
    )


def can_close_partner_post(user, post) -> bool:
    """The poster side except a cluster's ordinary members, who read its
    internal pages but do not write there."""
    if post.cluster_id is not None:
        return is_signed_in(user) and can_manage_cluster(user, post.cluster)
    return is_partner_poster_side(user, post)
