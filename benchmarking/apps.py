from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext_lazy as _


class BenchmarkingConfig(AppConfig):
    name = "benchmarking"
    verbose_name = _("Benchmarking and programme targets")

    def ready(self):
        # Every app declares its metrics in its metrics.py (kms.core.metrics).
        autodiscover_modules("metrics")
        from .receivers import connect

        connect()
