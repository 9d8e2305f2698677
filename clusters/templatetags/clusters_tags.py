"""Template tags of the clusters app: status badges."""

from django import template
from django.utils.html import format_html

from ..models import ActivityStatus, ClusterStatus, GrantStatus, PostKind

register = template.Library()


# Each status in words and an icon; the colour only repeats them.
STATUS_BADGES = {
    ClusterStatus: {
        "candidate": ("text-bg-light border", "bi-hourglass-split"),
        "identified": ("text-bg-info", "bi-search"),
        "priority": ("text-bg-warning", "bi-star"),
        "formed": ("text-bg-primary", "bi-people"),
        "active": ("text-bg-success", "bi-check-circle"),
        "dormant": ("text-bg-secondary", "bi-pause-circle"),
        "dissolved": ("text-bg-dark", "bi-x-circle"),
    },
    ActivityStatus: {
        "planned": ("text-bg-light border", "bi-calendar-event"),
        "ongoing": ("text-bg-info", "bi-arrow-repeat"),
        "completed": ("text-bg-success", "bi-check-circle"),
        "cancelled": ("text-bg-secondary", "bi-x-circle"),
    },
    GrantStatus: {
        "preparing": ("text-bg-light border", "bi-pencil"),
        "submitted": ("text-bg-info", "bi-send"),
        "approved": ("text-bg-success", "bi-check-circle"),
        "rejected": ("text-bg-danger", "bi-x-circle"),
    },
    PostKind: {
        "offer": ("text-bg-primary", "bi-megaphone"),
        "request": ("text-bg-info", "bi-search"),
    },
}


def _badge(choices, status):
    if not status:
        return ""
    css, icon = STATUS_BADGES[choices][status]
    return format_html(
        '<span class="badge {}"><i class="bi {}" aria-hidden="true"></i> {}</span>',
        css,
        icon,
        choices(status).label,
    )


@register.simple_tag
def cluster_status_badge(status):
    """`{% cluster_status_badge cluster.status %}`: the status as a badge."""
    return _badge(ClusterStatus, status)


@register.simple_tag
def activity_status_badge(status):
    return _badge(ActivityStatus, status)


@register.simple_tag
def grant_status_badge(status):
    return _badge(GrantStatus, status)


@register.simple_tag
def partner_kind_badge(kind):
    return _badge(PostKind, kind)
