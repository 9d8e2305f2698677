"""What the clusters app adds to other apps' pages (through their hooks)."""

from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from infospots.scoping import province_scope
from kms.core.generations import cached

from .selectors import firm_cluster_memberships
from .selectors.core import HUB

# How long a firm's clusters section is kept at most; every write to a
# cluster, a membership or a firm makes it stale at once (HUB).
SECTION_TIMEOUT = 60 * 60


def firm_clusters(request, firm) -> str:
    """The firm page's "Clusters" section: the memberships the viewer may
    see (infospots.hooks).

    Which clusters staff and national roles see named, and which of them
    they manage, follows from their provinces alone: the section is kept
    for the firm, those provinces and the language until a row of the
    clusters app or a firm changes. A member's (whose own firm's clusters
    they see) is drawn each time."""
    user = request.user
    scope = province_scope(user=user)
    if not scope.any:
        return _section(firm, user)
    html = cached(
        f"firm-clusters:{firm.pk}:{scope.cache_key}:{get_language()}",
        depends_on=(HUB,),
        compute=lambda: _section(firm, user),
        timeout=SECTION_TIMEOUT,
    )
    return mark_safe(html)  # noqa: S308 - drawn by our template


def _section(firm, user) -> str:
    # Drawn without the request: the section shows nothing of the reader's
    # but what the selector gives them, and needs none of the context
    # processors (the frame's, drawn once already).
    return render_to_string(
        "clusters/includes/firm_clusters.html",
        {"firm": firm, "clusters": firm_cluster_memberships(firm=firm, user=user)},
    )
