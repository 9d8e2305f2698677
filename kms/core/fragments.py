"""Fragments of a page drawn once per process for what they show.

A fragment that is a pure function of a few values (the header of one
reader in one language; the vote and follow buttons of one article for one
reader's marks) need not be drawn again for each request: it is kept in
this process's "process" cache under a digest of those values, so a change
of any of them is a new key and nothing needs to be invalidated. What
changes between two requests with the same values is filled into the kept
copy for each request: the CSRF token of its forms, and any `fills` the
caller names (the template prints each as `{{ <name> }}`).

    html = drawn_once(
        request,
        "knowledge/includes/article_engagement.html",
        {"article": article, "engagement": engagement, "user": user},
        key=(article.pk, engagement),
    )

`key` must hold everything the template shows; the template is drawn
without the request (no context processors), so its context says it all.
"""

import hashlib
from collections.abc import Callable

from django.core.cache import caches
from django.middleware.csrf import get_token
from django.template.loader import render_to_string
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

# Longer than any gap between two pages of one reader; a change of what
# the key holds is a new key at once.
TIMEOUT = 60 * 60


def _hole(name: str) -> str:
    """Where a request's own value goes: a tag no template variable can
    print (every variable is escaped), so no user's text can fake one."""
    return f"<kms-fill:{name}>"


def drawn_once(
    request,
    template_name: str,
    context: dict,
    *,
    key: tuple,
    fills: dict[str, Callable[[], str]] | None = None,
) -> SafeString:
    fills = fills or {}
    digest = hashlib.sha256(
        repr((template_name, get_language(), key)).encode()
    ).hexdigest()
    kept = caches["process"]
    html = kept.get(f"fragment:{digest}")
    if html is None:
        holes = {name: mark_safe(_hole(name)) for name in (*fills, "csrf_token")}  # noqa: S308
        html = render_to_string(template_name, {**context, **holes})
        kept.set(f"fragment:{digest}", html, TIMEOUT)
    if _hole("csrf_token") in html:
        html = html.replace(_hole("csrf_token"), escape(get_token(request)))
    for name, fill in fills.items():
        if _hole(name) in html:
            html = html.replace(_hole(name), fill())
    return mark_safe(html)  # noqa: S308  (drawn by our template, filled escaped)
