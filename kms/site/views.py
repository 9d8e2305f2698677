"""Views of the site core: home page and health check."""

import logging

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.http import HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import check_for_language
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from infospots.selectors import pilot_info_spots
from kms.core.pagecache import public_page
from kms.site.selectors import home_facts
from kms.site.tasks import HEARTBEAT_CACHE_KEY

from ..celery import app as celery_app

logger = logging.getLogger(__name__)


@require_safe
@public_page("kms", "infospots", "knowledge", "clusters", "benchmarking")
def home(request):
    return render(
        request,
        "site/home.html",
        {"facts": home_facts(), "info_spots": pilot_info_spots()},
    )


@never_cache
@require_safe
def choose_language(request):
    """Remember the language picked in the frame's switcher and go back.

    A GET form, unlike Django's `set_language`: a POST form would put a CSRF
    token into every page, and a page holding one browser's token cannot be
    kept for all visitors (kms.core.pagecache). Choosing a language changes
    nothing but the chooser's own cookie.
    """
    language = request.GET.get("language", "")
    next_url = request.GET.get("next", "")
    if not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        next_url = "/"
    response = HttpResponseRedirect(next_url)
    if language in dict(settings.LANGUAGES) and check_for_language(language):
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME,
            language,
            max_age=settings.LANGUAGE_COOKIE_AGE,
            path=settings.LANGUAGE_COOKIE_PATH,
            domain=settings.LANGUAGE_COOKIE_DOMAIN,
            secure=settings.LANGUAGE_COOKIE_SECURE,
            httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
            samesite=settings.LANGUAGE_COOKIE_SAMESITE,
        )
    return response


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
