"""Chainable row filters of the infospots app.

Who sees which rows is infospots.scoping's (`for_user`); these add what each
model needs beyond it.
"""

from django.db import models

from .scoping import ScopedQuerySet


class FirmQuerySet(ScopedQuerySet):
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

    def _reached(self):
        services = self.model._meta.get_field("services").related_model
        return models.Exists(services.objects.filter(firm=models.OuterRef("pk")))


class ServiceQuerySet(ScopedQuerySet):
    pass


class ContactQuerySet(ScopedQuerySet):
    def active(self):
        return self.filter(erased_at__isnull=True)
