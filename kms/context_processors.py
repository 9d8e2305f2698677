"""Template context shared by every page."""

from functools import partial

from django.utils.functional import SimpleLazyObject

from infospots.selectors import info_spot_province_names

from .selectors.moderation import moderation_counts


def programme(request):
    """The provinces with an Info Spot, queried only if a page shows them."""
    return {"info_spot_provinces": partial(info_spot_province_names)}


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
