"""Template context shared by every page."""

from functools import partial

from infospots.selectors import info_spot_province_names


def programme(request):
    """The provinces with an Info Spot, queried only if a page shows them."""
    return {"info_spot_provinces": partial(info_spot_province_names)}
