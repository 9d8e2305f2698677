"""Who reads the programme's dashboards and reports."""

from django.core.exceptions import PermissionDenied

from infospots.selectors import ProvinceScope, province_scope


def dashboard_scope(user) -> ProvinceScope:
    """The provinces whose rows `user` reads on the dashboards and in the
    reports: info-spot staff their own, national roles all. Members and
    visitors are refused (PermissionDenied)."""
    scope = province_scope(user=user)
    if not (scope.everything or scope.province_ids):
        raise PermissionDenied
    return scope
