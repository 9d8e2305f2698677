from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BenchmarkingConfig(AppConfig):
    name = "benchmarking"
    verbose_name = _("Benchmarking and programme targets")

    def ready(self):
        from . import receivers  # noqa: F401 - connects the change receivers
