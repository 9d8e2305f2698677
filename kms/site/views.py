"""Views of the site core: home page and health check."""

import logging

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from infospots.selectors import pilot_info_spots
from kms.site.selectors import home_facts
from kms.site.tasks import HEARTBEAT_CACHE_KEY

from ..celery import app as celery_app

logger = logging.getLogger(__name__)


@require_safe
def home(request):
    return render(
        request,
        "site/home.html",
        {"facts": home_facts(), "info_spots": pilot_info_spots()},
    )


def _check_database() -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        return cursor.fetchone() == (1,)


def _check_cache() -> bool:
    cache.set("kms:healthz", "ok", timeout=10)
    return cache.get("kms:healthz") == "ok"


def _check_workers() -> bool:
    return bool(celery_app.control.ping(timeout=1.0))


@never_cache
@require_safe
def healthz(request):
    """Report the state of the database, cache and (with Redis) the workers.

    200 when everything answers, 503 naming what does not. With Redis, the
    last heartbeat that beat scheduled and a worker ran is shown too.
    """
    checks = {"database": _check_database, "cache": _check_cache}
    if settings.REDIS_URL:
        checks["celery"] = _check_workers
    results = {}
    for name, check in checks.items():
        try:
            results[name] = "ok" if check() else "down"
        except Exception:  # any failure of a dependency means "down"
            logger.warning("healthz_check_failed check=%s", name, exc_info=True)
            results[name] = "down"
    down = sorted(name for name, state in results.items() if state != "ok")
    body = {"status": "down" if down else "ok", "checks": results}
    if settings.REDIS_URL and results["cache"] == "ok":
        body["celery_heartbeat"] = cache.get(HEARTBEAT_CACHE_KEY)
    if down:
        body["down"] = down
    return JsonResponse(body, status=503 if down else 200)


# --- knowledge base ------------------------------------------------------------
