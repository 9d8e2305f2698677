from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KmsConfig(AppConfig):
    name = "kms"
    verbose_name = _("Portal")

    def ready(self):
        from . import checks  # noqa: F401  (registers the system checks)
