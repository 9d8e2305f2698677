"""Public pages of the Info Spots."""

from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from kms.core.pagecache import public_page

from ..selectors import info_spot_activity, pilot_info_spots


@require_safe
@public_page("infospots", "clusters", "knowledge", "benchmarking")
def info_spot_list(request):
    return render(
        request, "infospots/infospot_list.html", {"info_spots": pilot_info_spots()}
    )


@require_safe
@public_page("infospots", "clusters", "knowledge", "benchmarking")
def info_spot_detail(request, slug):
    spot = get_object_or_404(pilot_info_spots(), slug=slug)
    return render(
        request,
        "infospots/infospot_detail.html",
        {"spot": spot, "activity": info_spot_activity(info_spot=spot)},
    )
