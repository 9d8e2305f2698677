"""Reads of the site core.

The home page sums up every app, so this module reads their models.
"""

from dataclasses import dataclass

from django.contrib.auth import get_user_model

from infospots.models import InfoSpot, Province


@dataclass(frozen=True)
class HomeFacts:
    """What exists so far, for the home page."""

    info_spots: int
    pilot_provinces: int
    rcop_provinces: int
    members: int


def home_facts() -> HomeFacts:
    info_spots = InfoSpot.objects.active()
    return HomeFacts(
        info_spots=info_spots.count(),
        pilot_provinces=info_spots.values("province").distinct().count(),
        rcop_provinces=Province.objects.filter(rcop_eligible=True).count(),
        members=get_user_model().objects.filter(is_active=True).count(),
    )
