from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InfospotsConfig(AppConfig):
    name = "infospots"
    verbose_name = _("Info Spots and reference data")
