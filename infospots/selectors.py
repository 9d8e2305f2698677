"""Reads of the infospots app: above all, which provinces a user may see."""

from dataclasses import dataclass

from django.db.models import Q

from .models import InfoSpot, Province

_SCOPE_CACHE_ATTR = "_kms_province_scope"


@dataclass(frozen=True)
class ProvinceScope:
    """The provinces a user may see: all of them, or an explicit set."""

    everything: bool
    province_ids: frozenset[int]

    def q(self, path: str = "province") -> Q:
        """A Q-filter for rows whose province is reached through `path`."""
        if self.everything:
            return Q()
        return Q(**{f"{path}__in": self.province_ids})

    def allows(self, province_id: int | None) -> bool:
        return self.everything or province_id in self.province_ids


NO_PROVINCE = ProvinceScope(everything=False, province_ids=frozenset())
ALL_PROVINCES = ProvinceScope(everything=True, province_ids=frozenset())


def province_scope(*, user) -> ProvinceScope:
    """Answer "which provinces may this user see", once per request.

    Anonymous users and members see none (members reach their own firm through
    their membership, not through a province); managers and admins see all;
    info-spot staff see the province of their Info Spot. The answer is cached
    on the user object, which Django builds afresh for every request.
    """
    if user is None or not user.is_authenticated or not user.is_active:
        return NO_PROVINCE
    cached = getattr(user, _SCOPE_CACHE_ATTR, None)
    if cached is not None:
        return cached
    if user.is_national:
        scope = ALL_PROVINCES
    elif user.is_info_spot_staff:
        ids = InfoSpot.objects.filter(staff_assignments__user=user).values_list(
            "province_id", flat=True
        )
        scope = ProvinceScope(everything=False, province_ids=frozenset(ids))
    else:
        scope = NO_PROVINCE
    setattr(user, _SCOPE_CACHE_ATTR, scope)
    return scope


def visible_provinces(*, user):
    """The provinces a user may see, as a QuerySet."""
    scope = province_scope(user=user)
    if scope.everything:
        return Province.objects.all()
    return Province.objects.filter(pk__in=scope.province_ids)


def info_spot_province_names() -> list[str]:
    """Names of the provinces that have an active Info Spot, in plate order."""
    return list(
        InfoSpot.objects.active()
        .order_by("province__plate")
        .values_list("province__name", flat=True)
        .distinct()
    )


def pilot_info_spots():
    """Active Info Spots with their province, for the home page."""
    return InfoSpot.objects.active().select_related("province", "province__region")
