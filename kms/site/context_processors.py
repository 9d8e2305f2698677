"""Template context shared by every page."""

from functools import cache, partial

from infospots.selectors import info_spot_province_names

from . import frame


def programme(request):
    """The provinces with an Info Spot, queried only if a page shows them."""
    return {"info_spot_provinces": partial(info_spot_province_names)}


def navigation(request):
    """The page's header, drawn only if the page shows it (kms.site.frame)."""
    return {"header": cache(partial(frame.header, request))}
