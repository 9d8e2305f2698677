"""Chainable row filters of the infospots app."""

from django.db import models


class InfoSpotQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)
