"""The header every page shows (templates/includes/header.html), drawn once
per process for each reader, language and section of the site
(kms.core.fragments).

Drawing it costs more than a trivial page (thirty links, translations, the
account menu), and it changes only with what its key holds: who reads (their
account's e-mail, role and whether they read the dashboards), the language
and the section the page belongs to. What changes between two requests of
the same reader is filled in for each request: the path the language switch
returns to, the CSRF token of the log-out form and the moderation badge.
"""

from django.utils.html import escape, format_html
from django.utils.translation import ngettext

from benchmarking.permissions import can_read_dashboards
from kms.core.fragments import drawn_once
from kms.knowledge.selectors.moderation import moderation_counts


def header(request) -> str:
    """The header for this request."""
    user = request.user
    match = request.resolver_match
    namespace, url_name = (match.namespace, match.url_name) if match else ("", "")
    reads_dashboards = can_read_dashboards(user)
    who = (
        (user.pk, user.email, user.role, user.is_active, user.is_superuser)
        if user.is_authenticated
        else ("visitor",)
    )
    return drawn_once(
        request,
        "includes/header.html",
        {
            "user": user,
            "reads_dashboards": reads_dashboards,
            "namespace": namespace,
            "url_name": url_name,
        },
        key=(namespace, url_name, reads_dashboards, *who),
        fills={
            "next_path": lambda: escape(request.get_full_path()),
            "moderation_badge": lambda: _badge(user),
        },
    )


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
