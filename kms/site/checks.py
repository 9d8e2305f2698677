"""System checks of the portal's own deployment rules."""

from django.conf import settings
from django.core import checks

REDIS_MISSING = checks.Warning(
    "REDIS_URL is not set while DEBUG is off.",
    hint=(
        "Without Redis the cache and the account rate limits are kept per "
        "process, so every web process counts attempts on its own, and tasks "
        "run inline in the web processes. Set REDIS_URL and run a Celery "
        "worker and beat (README, Deploying and scaling out)."
    ),
    id="kms.W001",
)


@checks.register(checks.Tags.caches, deploy=True)
def check_redis_configured(app_configs, **kwargs):
    """A production site needs Redis; without it nothing fails, it only
    degrades quietly, so `check --deploy` says so."""
    if settings.DEBUG or settings.REDIS_URL:
        return []
    return [REDIS_MISSING]
