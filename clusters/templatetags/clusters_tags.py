"""Template tags of the clusters app that other apps' pages use."""

from django import template
from django.utils.html import format_html

from infospots.selectors import province_scope

from ..models import Cluster, ClusterMembership, ClusterStatus

register = template.Library()


@register.inclusion_tag("clusters/includes/firm_clusters.html", takes_context=True)
def firm_clusters(context, firm):
    """The firm's cluster memberships, current ones first (one query).

    Only clusters the viewer may see are listed: the public ones, and
    candidates they manage or belong to.
    """
    user = context["request"].user
    memberships = sorted(
        ClusterMembership.objects.filter(
            firm=firm, cluster__in=Cluster.objects.visible_to(user)
        ).select_related("cluster"),
        key=lambda m: (not m.is_active, -m.joined_on.toordinal(), m.pk),
    )
    scope = province_scope(user=user)
    return {
        "firm": firm,
        "memberships": memberships,
        "in_a_cluster": any(m.is_active for m in memberships),
        # The internal page, for those who run the cluster.
        "managed": {
            m.cluster_id for m in memberships if scope.allows(m.cluster.province_id)
        },
    }


# Each status in words and an icon; the colour only repeats them.
STATUS_BADGES = {
    "candidate": ("text-bg-light border", "bi-hourglass-split"),
    "identified": ("text-bg-info", "bi-search"),
    "priority": ("text-bg-warning", "bi-star"),
    "formed": ("text-bg-primary", "bi-people"),
    "active": ("text-bg-success", "bi-check-circle"),
    "dormant": ("text-bg-secondary", "bi-pause-circle"),
    "dissolved": ("text-bg-dark", "bi-x-circle"),
}


@register.simple_tag
def cluster_status_badge(status):
    """`{% cluster_status_badge cluster.status %}`: the status as a badge."""
    if not status:
        return ""
    css, icon = STATUS_BADGES.get(status, ("text-bg-light border", "bi-circle"))
    return format_html(
        '<span class="badge {}"><i class="bi {}" aria-hidden="true"></i> {}</span>',
        css,
        icon,
        ClusterStatus(status).label,
    )
