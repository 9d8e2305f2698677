"""Whole public pages kept for visitors who are not signed in.

A view opts in with `@public_page(*apps)`, naming the apps (labels)
whose rows it shows. For a visitor without a session cookie, a GET to such
a page is answered from the cache, until one of those apps' rows changes:

- Every write to a model of a project app (one by one: post_save,
  post_delete, m2m_changed; in bulk: kms.core.changes.rows_changed) bumps
  its app's generation (kms.core.generations, `app:<label>`), at once and
  again after the commit: the change shows on the next request after it.
- A page is stored with the generations of its apps as they were *before*
  the view read anything, and served only while they are all unchanged; a
  page rendered from the old rows while the write committed is stale by
  the bump that follows the commit.
- The key holds the language, the day (pages say "this week", "upcoming"),
  the path and the query string; each language is its own page.

Privacy: nothing is served to a request carrying a session cookie or a
messages cookie, and nothing is stored unless the visitor is anonymous, the
answer is a 200 that sets no cookie, used no CSRF token (a page with a form
is never shared: its token belongs to one browser) and was not marked
private or no-store by its view.

Stored pages carry an ETag and `Cache-Control: public` so a reverse proxy
may keep them too (README, "Deploying and scaling out"); a conditional
request whose ETag matches gets a 304.

With the cache down, every request is a miss: the site serves as before,
slower, and /healthz names the cache.
"""

import hashlib
import logging
from functools import lru_cache, wraps
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import cache
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpResponse
from django.utils import timezone, translation
from django.utils.cache import get_conditional_response, patch_cache_control

from . import generations
from .changes import rows_changed

logger = logging.getLogger(__name__)

_PREFIX = "pagecache"
# What a stored page keeps of its response headers besides the content.
_DROPPED_HEADERS = frozenset({"set-cookie"})

# Called when a stored page is served: name -> callable(argument). A view
# that must count something on every visit (an article's reads) names one
# with `count_hit`; its app registers it with `on_hit`.
_hit_handlers = {}


def on_hit(name: str, handler) -> None:
    _hit_handlers[name] = handler


def count_hit(request, name: str, argument) -> None:
    """Ask that `handler(argument)` runs each time this page is served from
    the cache (the view counts the visit that rendered it itself)."""
    request._public_page_hit = (name, argument)


@lru_cache
def sections() -> tuple[str, ...]:
    """The labels of the project's own apps: those a page can depend on."""
    base = Path(settings.BASE_DIR).resolve()
    return tuple(
        sorted(
            config.label
            for config in apps.get_app_configs()
            if Path(config.path).resolve().is_relative_to(base)
            and "site-packages" not in Path(config.path).parts
        )
    )


def _generation(section: str) -> str:
    return f"app:{section}"


def _changed(sender, action="post", **kwargs):
    label = sender._meta.app_label
    if label in sections() and not action.startswith("pre"):
        generations.bump_for_write(_generation(label))


def connect() -> None:
    """Every write to a model of a project app bumps its app's generation
    (kms.core.generations): at once and again after the commit."""
    for signal in (post_save, post_delete, m2m_changed, rows_changed):
        signal.connect(_changed, dispatch_uid="kms-pagecache")
    generations.watch(*map(_generation, sections()))


def public_page(*page_sections: str):
    """Let visitors who are not signed in get this view's pages from the
    cache until a row of one of `page_sections` (app labels) changes."""
    unknown = set(page_sections) - set(sections())
    if unknown or not page_sections:
        raise ValueError(f"public_page needs app labels of the project: {unknown}")

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            request._public_page_sections = page_sections
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


def _may_serve(request) -> bool:
    return (
        settings.PUBLIC_PAGE_CACHE_SECONDS > 0
        and request.method == "GET"
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and CookieStorage.cookie_name not in request.COOKIES
        and "HX-Request" not in request.headers
    )


def _may_store(request, response) -> bool:
    user = getattr(request, "user", None)
    cache_control = response.get("Cache-Control", "")
    return (
        getattr(request, "_public_page_sections", None) is not None
        and not (user and user.is_authenticated)
        and response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        and not any(word in cache_control for word in ("private", "no-store"))
    )


def _page_key(request) -> str:
    language = translation.get_language_from_request(request)
    day = timezone.localdate().isoformat()
    path = hashlib.sha256(request.get_full_path().encode()).hexdigest()
    return f"{_PREFIX}:page:{language}:{day}:{path}"


def _cache_control(response) -> None:
    proxy_seconds = settings.PUBLIC_PAGE_PROXY_SECONDS
    if proxy_seconds:
        patch_cache_control(response, public=True, max_age=0, s_maxage=proxy_seconds)
    else:
        patch_cache_control(response, public=True, no_cache=True)


def _from_entry(request, entry) -> HttpResponse:
    response = HttpResponse(entry["content"], status=200)
    for name, value in entry["headers"]:
        response[name] = value
    hit = entry.get("hit")
    if hit and hit[0] in _hit_handlers:
        _hit_handlers[hit[0]](hit[1])
    return get_conditional_response(request, etag=entry["etag"], response=response)


def _store(key: str, entry: dict) -> None:
    try:
        cache.set(key, entry, timeout=settings.PUBLIC_PAGE_CACHE_SECONDS)
    except Exception:  # the page was served; keeping it is a bonus
        logger.warning("pagecache_unreachable")


class PublicPageCacheMiddleware:
    """Serves and stores `public_page` views for visitors without a session.

    Placed first after the security and static-file middleware: a stored
    page skips sessions, CSRF, authentication and the view."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not _may_serve(request):
            return self._private(self.get_response(request))
        key = _page_key(request)
        try:
            current, found = generations.read(map(_generation, sections()), key)
        except Exception:  # a cache without IGNORE_EXCEPTIONS, down
            logger.warning("pagecache_unreachable")
            return self._private(self.get_response(request))
        entry = found.get(key)
        if (
            current
            and entry
            and all(current.get(g) == n for g, n in entry["generations"].items())
        ):
            return _from_entry(request, entry)
        response = self.get_response(request)
        if current is None or not _may_store(request, response):
            return self._private(response)
        etag = f'"{hashlib.md5(response.content, usedforsecurity=False).hexdigest()}"'
        response["ETag"] = etag
        _cache_control(response)
        _store(
            key,
            {
                "content": response.content,
                "headers": [
                    (name, value)
                    for name, value in response.items()
                    if name.lower() not in _DROPPED_HEADERS
                ],
                "etag": etag,
                "generations": {
                    g: current[g]
                    for g in map(_generation, request._public_page_sections)
                },
                "hit": getattr(request, "_public_page_hit", None),
            },
        )
        return get_conditional_response(request, etag=etag, response=response)

    @staticmethod
    def _private(response):
        """What no shared cache may keep says so, unless its view said more."""
        if not response.has_header("Cache-Control"):
            patch_cache_control(response, private=True)
        return response
