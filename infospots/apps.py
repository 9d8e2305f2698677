from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InfospotsConfig(AppConfig):
    name = "infospots"
    verbose_name = _("Info Spots and reference data")

    def ready(self):
        # What the firm list keeps in the cache goes stale with any write
        # to what it read (kms.core.generations).
        from kms.core.generations import bump_on_change

        from .models import Firm, InfoSpot, NaceDivision, NaceSection, Province, Service
        from .selectors import FILTER_CHOICES, FIRMS, SERVICES

        bump_on_change(FIRMS, Firm)
        bump_on_change(SERVICES, Service)
        bump_on_change(FILTER_CHOICES, InfoSpot, Province, NaceSection, NaceDivision)
