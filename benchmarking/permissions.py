"""Who reads the programme's dashboards and reports."""

from django.core.exceptions import PermissionDenied

from infospots.scoping import ProvinceScope, province_scope


def can_read_dashboards(user) -> bool:
    """Info-spot staff with an Info Spot, and national roles."""
    return province_scope(user=user).any


def dashboard_scope(user) -> ProvinceScope:
    """The provinces whose rows `user` reads on the dashboards and in the
    reports: info-spot staff their own, national roles all. Members and
    visitors are refused (PermissionDenied)."""
    if not can_read_dashboards(user):
        raise PermissionDenied
    return province_scope(user=user)
