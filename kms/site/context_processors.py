"""Template context shared by every page."""

from functools import partial

from django.utils.functional import SimpleLazyObject

from benchmarking.permissions import can_read_dashboards
from infospots.selectors import info_spot_province_names
from kms.knowledge.selectors.moderation import moderation_counts


def programme(request):
    """The provinces with an Info Spot, queried only if a page shows them."""
    return {"info_spot_provinces": partial(info_spot_province_names)}


def navigation(request):
    """Whether the menu shows the dashboards, asked only when it is drawn.

    The frame (templates/base.html) sits below every app, so it asks here
    rather than loading the dashboards' template tags.
    """
    return {"reads_dashboards": partial(can_read_dashboards, request.user)}


def moderation(request):
    """What waits for a moderator, for the badge of the Moderation link.

    Evaluated only when a page shows it: two COUNT queries for a moderator,
    none for anyone else.
    """
    return {
        "moderation_counts": SimpleLazyObject(
            lambda: moderation_counts(user=request.user)
        )
    }
