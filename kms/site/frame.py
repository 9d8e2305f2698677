"""The header every page shows (templates/includes/header.html), drawn once
per process for each reader, language and section of the site.

Drawing it costs more than a trivial page (thirty links, translations, the
account menu), and it changes only with what its key holds: who reads (their
account's e-mail, role and whether they read the dashboards), the language
and the section the page belongs to. What changes between two requests of
the same reader is filled into the kept copy for each request: the path the
language switch returns to, the CSRF token of the log-out form and the
moderation badge. The copy is kept in this process only (the "process"
cache): nothing of one reader's header is ever stored under another's key.
"""

import hashlib

from django.core.cache import caches
from django.middleware.csrf import get_token
from django.template.loader import render_to_string
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, ngettext

from benchmarking.permissions import can_read_dashboards
from kms.knowledge.selectors.moderation import moderation_counts

# Where the request's own values go: tags no template variable can print
# (every variable is escaped), so no user's text can fake one.
NEXT_PATH = "<kms-fill:next>"
CSRF_TOKEN = "<kms-fill:csrf>"  # noqa: S105  (a placeholder)
MODERATION_BADGE = "<kms-fill:badge>"

# Longer than any gap between two pages of one reader; a change of what the
# key holds is a new key at once.
TIMEOUT = 60 * 60


def _key(request, reads_dashboards: bool) -> str:
    user = request.user
    match = request.resolver_match
    who = (
        (user.pk, user.email, user.role, user.is_active, user.is_superuser)
        if user.is_authenticated
        else ("visitor",)
    )
    parts = (
        get_language(),
        match.namespace if match else "",
        match.url_name if match else "",
        reads_dashboards,
        *who,
    )
    return "header:" + hashlib.sha256(repr(parts).encode()).hexdigest()


def header(request) -> str:
    """The header for this request."""
    reads_dashboards = can_read_dashboards(request.user)
    key = _key(request, reads_dashboards)
    kept = caches["process"]
    html = kept.get(key)
    if html is None:
        match = request.resolver_match
        html = render_to_string(
            "includes/header.html",
            {
                "user": request.user,
                "reads_dashboards": reads_dashboards,
                "namespace": match.namespace if match else "",
                "url_name": match.url_name if match else "",
                "next_path": mark_safe(NEXT_PATH),  # noqa: S308
                "csrf_token": mark_safe(CSRF_TOKEN),  # noqa: S308
                "moderation_badge": mark_safe(MODERATION_BADGE),  # noqa: S308
            },
        )
        kept.set(key, html, TIMEOUT)
    html = html.replace(NEXT_PATH, escape(request.get_full_path()))
    if CSRF_TOKEN in html:
        html = html.replace(CSRF_TOKEN, escape(get_token(request)))
    if MODERATION_BADGE in html:
        html = html.replace(MODERATION_BADGE, _badge(request.user))
    return mark_safe(html)  # noqa: S308  (drawn by our template, filled escaped)


def _badge(user) -> str:
    waiting = moderation_counts(user=user).total
    if not waiting:
        return ""
    return format_html(
        '<span class="badge rounded-pill text-bg-warning kms-nav-badge">{}'
        '<span class="visually-hidden"> {}</span></span>',
        waiting,
        ngettext("item waits", "items wait", waiting),
    )
