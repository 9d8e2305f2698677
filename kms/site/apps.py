from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext_lazy as _

from kms.core import pagecache


class SiteConfig(AppConfig):
    """The site as a whole: the home page, the health check, the sitemap,
    what every page's frame shows, the demo. The top layer: it may read
    every app."""

    name = "kms.site"
    label = "site"
    verbose_name = _("Site")

    def ready(self):
        # Every app's Celery tasks, registered in every process: services
        # enqueue them by name (kms.core.enqueue).
        autodiscover_modules("tasks")
        from . import checks  # noqa: F401  (registers the system checks)

        # Public pages kept for visitors are replaced when their rows change.
        pagecache.connect()
