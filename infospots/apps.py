from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InfospotsConfig(AppConfig):
    name = "infospots"
    verbose_name = _("Info Spots and reference data")

    def ready(self):
        # What the firm list keeps in the cache goes stale with any write
        # to what it read (kms.core.generations).
        from kms.core.generations import bump_on_change, bump_per_row

        from .models import (
            AnnualFigures,
            Firm,
            InfoSpot,
            NaceDivision,
            NaceSection,
            Province,
            Service,
            SizeRegulation,
            StaffAssignment,
        )
        from .scoping import STAFF_PROVINCES
        from .selectors import (
            FILTER_CHOICES,
            FIRM_ROWS,
            FIRMS,
            SERVICES,
            firm_generation,
        )

        bump_on_change(FIRMS, Firm)
        bump_on_change(STAFF_PROVINCES, StaffAssignment, InfoSpot)
        bump_on_change(SERVICES, Service)
        bump_on_change(
            FILTER_CHOICES,
            InfoSpot,
            Province,
            NaceSection,
            NaceDivision,
            SizeRegulation,
        )
        # A firm's page: its own rows, or any after a bulk write.
        bump_per_row(lambda firm: firm_generation(firm.pk), FIRM_ROWS, Firm)
        bump_per_row(
            lambda row: firm_generation(row.firm_id),
            FIRM_ROWS,
            Service,
            AnnualFigures,
        )
