from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ClustersConfig(AppConfig):
    name = "clusters"
    verbose_name = _("Clusters")

    def ready(self):
        # Imported here, once the models are loaded: the section reads them.
        from infospots.hooks import add_firm_page_section

        from .sections import firm_clusters

        add_firm_page_section(firm_clusters)

        # The hubs' cached content goes stale with any write to what they
        # show: the clusters' rows and the member firms' names.
        from infospots.models import Firm
        from kms.core.generations import bump_on_change

        from .selectors.core import HUB

        bump_on_change(HUB, Firm, *self.get_models())
