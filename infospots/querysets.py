"""Chainable row filters of the infospots app, province scoping first of all.

`for_user(user)`: anonymous -> none(); managers and admins -> all(); staff ->
rows of their province; SME members -> rows of their own firm.
"""

from django.db import models


def _scope(user):
    from .selectors import province_scope  # selectors import the models

    return province_scope(user=user)


class InfoSpotQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)


class FirmQuerySet(models.QuerySet):
    def for_user(self, user):
        scope = _scope(user)
        if scope.everything:
            return self
        if scope.province_ids:
            return self.filter(province__in=scope.province_ids)
        if user.is_authenticated and user.is_active:
            return self.filter(memberships__user=user)
        return self.none()

    def listed(self):
        """Firms that agreed to appear in the public directory."""
        return self.filter(listed_publicly=True)

    def with_reached(self):
        """Annotate `reached`: at least one service received."""
        return self.annotate(reached=self._reached())

    def filter_reached(self, reached: bool):
        """Firms reached (or not), without selecting the flag: PostgreSQL
        probes the services' firm index as a semi-join."""
        return self.filter(self._reached() if reached else ~self._reached())

    @staticmethod
    def _reached():
        from .models import Service

        return models.Exists(Service.objects.filter(firm=models.OuterRef("pk")))


class _ThroughFirmQuerySet(models.QuerySet):
    """Rows that reach their province through their firm."""

    def for_user(self, user):
        from .models import Firm

        return self.filter(firm__in=Firm.objects.for_user(user).values("pk"))


class ServiceQuerySet(_ThroughFirmQuerySet):
    pass


class ContactQuerySet(_ThroughFirmQuerySet):
    def active(self):
        return self.filter(erased_at__isnull=True)
