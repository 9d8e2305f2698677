"""Chainable row filters of the infospots app.

Who sees which rows is infospots.scoping's (`for_user`); these add what each
model needs beyond it.
"""

import datetime as dt

from django.db import models

from .scoping import ScopedQuerySet

# The size classes of a small or medium-sized enterprise (SizeClass values).
SME_CLASSES = ("micro", "small", "medium")


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

    def smes(self, *, on: dt.date):
        """Firms that were SMEs on `on`: their size class for that year (their
        figures for that year, else for the latest year before it) is micro,
        small or medium. A firm with no figures for that year or before
        counts as an SME; `without_size_class()` picks those out."""
        figures = self.model._meta.get_field("annual_figures").related_model
        latest = (
            figures.objects.filter(firm=models.OuterRef("pk"), year__lte=on.year)
            .order_by("-year")
            .values("size_class")[:1]
        )
        return self.alias(size_class_then=models.Subquery(latest)).filter(
            models.Q(size_class_then__isnull=True)
            | models.Q(size_class_then__in=SME_CLASSES)
        )

    def without_size_class(self):
        """Of `smes()`, the firms that had no figures yet."""
        return self.filter(size_class_then__isnull=True)

    def _reached(self):
        services = self.model._meta.get_field("services").related_model
        return models.Exists(services.objects.filter(firm=models.OuterRef("pk")))


class ServiceQuerySet(ScopedQuerySet):
    pass


class ContactQuerySet(ScopedQuerySet):
    def active(self):
        return self.filter(erased_at__isnull=True)
