from django.apps import AppConfig


class PerfConfig(AppConfig):
    """Hosts the load-test commands (loadtest_*)."""

    name = "perf"
    verbose_name = "Load tests"
