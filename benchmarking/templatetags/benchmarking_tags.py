"""Template tags of the programme's dashboards, and the home page's headline
numbers (which the home page of the kms app includes)."""

from django import template
from django.template.defaultfilters import floatformat
from django.utils.html import format_html

from ..dashboards import headline_numbers as read_headline_numbers
from ..models import Status
from ..permissions import can_read_dashboards
from ..services import AT_RISK_SHARE

register = template.Library()

# Each status in words and an icon; the colour only repeats them.
STATUS_BADGES = {
    Status.ACHIEVED: ("text-bg-success", "bi-check-circle-fill"),
    Status.ON_TRACK: ("text-bg-primary", "bi-arrow-up-right-circle"),
    Status.AT_RISK: ("text-bg-warning", "bi-exclamation-triangle"),
    Status.OFF_TRACK: ("text-bg-danger", "bi-x-octagon"),
}


@register.simple_tag
def target_status_badge(status):
    """`{% target_status_badge snapshot.status %}`: the status as a badge
    (nothing for a row without a status)."""
    if status not in STATUS_BADGES:
        return ""
    css, icon = STATUS_BADGES[status]
    return format_html(
        '<span class="badge {}"><i class="bi {}" aria-hidden="true"></i> {}</span>',
        css,
        icon,
        Status(status).label,
    )


@register.filter
def figure(value):
    """A snapshot's value as people write it: no decimals on whole numbers,
    thousands grouped as the language groups them."""
    if value is None or value == "":
        return ""
    return floatformat(value, "-2g")


@register.inclusion_tag("benchmarking/includes/status_rule.html")
def status_rule():
    """The status rule, written out (services.target_status)."""
    return {"at_risk_percent": int(AT_RISK_SHARE * 100)}


@register.inclusion_tag(
    "benchmarking/includes/headline_numbers.html", takes_context=True
)
def headline_numbers(context):
    """The programme's latest national figures, public (nothing until the
    first snapshots are computed)."""
    user = context.get("user")
    return {
        "headlines": read_headline_numbers(),
        "can_open_dashboard": user is not None and can_read_dashboards(user),
    }
