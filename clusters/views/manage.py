"""Internal pages of a cluster for info-spot staff and national roles (its
profile, lifecycle and selection scores), the candidates' ranking, and the
cluster's hub page, which members of the cluster read too.

Every page of one cluster looks it up through `Cluster.objects.for_user`, so
another province's cluster answers 404 like a missing one; write pages then
answer 403 to those who may only read it (its member firms' users).
"""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe

from infospots.scoping import province_scope
from kms.core.forms import form_page, redirect_if_saved
from kms.core.generations import cached
from kms.core.http import typed_number

from .. import selectors, services
from ..forms.manage import (
    ClusterForm,
    ScoresForm,
    StatusForm,
)
from ..models import (
    CandidateScore,
    Cluster,
    SelectionCriterion,
)
from ..permissions import (
    can_manage_cluster,
)
from ..selectors.core import HUB, RANKED_STATUSES
from ..selectors.participants import cluster_participants
from ..selectors.partners import partner_overview
from ..selectors.work import work_overview
from .common import (
    manage_url,
    managed_cluster,
    readable_cluster,
    require_cluster_staff,
)

RECENT_HISTORY = 5


# --- profile ------------------------------------------------------------------


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def cluster_create(request):
    require_cluster_staff(request.user)
    posted = request.method == "POST"
    form = ClusterForm(
        request.POST if posted else None,
        request.FILES if posted else None,
        user=request.user,
    )
    redirected = redirect_if_saved(
        request,
        form,
        lambda: services.cluster_create(
            actor=request.user,
            cluster=form.instance,
            other_provinces=form.cleaned_data["other_provinces"],
            naces=form.cleaned_data["naces"],
            logo=form.cleaned_data["logo"],
            on=form.cleaned_data["changed_on"],
        ),
        message=_("The cluster is recorded as a candidate."),
        to=manage_url,
    )
    return redirected or form_page(
        request, "clusters/cluster_form.html", {"form": form}
    )


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def cluster_update(request, slug):
    cluster = managed_cluster(request, slug)
    stored_name = cluster.name
    posted = request.method == "POST"
    form = ClusterForm(
        request.POST if posted else None,
        request.FILES if posted else None,
        instance=cluster,
        user=request.user,
    )
    redirected = redirect_if_saved(
        request,
        form,
        lambda: services.cluster_update(
            actor=request.user,
            cluster=form.instance,
            other_provinces=form.cleaned_data["other_provinces"],
            naces=form.cleaned_data["naces"],
            logo=form.cleaned_data["logo"],
        ),
        message=_("Your changes are saved."),
        to=manage_url,
    )
    return redirected or form_page(
        request,
        "clusters/cluster_form.html",
        {"form": form, "cluster": cluster, "cluster_name": stored_name},
    )


# --- lifecycle ----------------------------------------------------------------


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def cluster_status(request, slug):
    cluster = managed_cluster(request, slug)
    posted = request.method == "POST"
    form = StatusForm(request.POST if posted else None, cluster=cluster)
    redirected = redirect_if_saved(
        request,
        form,
        lambda: services.cluster_change_status(
            actor=request.user,
            cluster=cluster,
            to_status=form.cleaned_data["to_status"],
            reason=form.cleaned_data["reason"],
            changed_on=form.cleaned_data["changed_on"],
        ),
        message=lambda change: (
            _("The cluster is now “%(status)s”.")
            % {"status": change.get_to_status_display()}
        ),
        to=manage_url(cluster, "#status"),
    )
    return redirected or form_page(
        request,
        "clusters/status_form.html",
        {
            "form": form,
            "cluster": cluster,
            "history": cluster.status_changes.select_related("changed_by").order_by(
                "-changed_on", "-pk"
            ),
        },
    )


# --- selection ----------------------------------------------------------------


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def cluster_scores(request, slug):
    cluster = managed_cluster(request, slug)
    criteria = list(SelectionCriterion.objects.all())
    existing = {
        s.criterion_id: s for s in CandidateScore.objects.filter(cluster=cluster)
    }
    posted = request.method == "POST"
    form = ScoresForm(
        request.POST if posted else None, criteria=criteria, existing=existing
    )
    redirected = redirect_if_saved(
        request,
        form,
        lambda: services.candidate_scores_save(
            actor=request.user, cluster=cluster, scores=form.scores()
        ),
        message=_("The scores are saved."),
        to=manage_url(cluster, "#selection"),
    )
    return redirected or form_page(
        request,
        "clusters/scores_form.html",
        {
            "form": form,
            "cluster": cluster,
            "in_pool": cluster.status in RANKED_STATUSES,
            "total_weight": sum(c.weight for c in criteria),
        },
    )


@never_cache
@login_required
@require_safe
def candidate_ranking(request):
    require_cluster_staff(request.user)
    criteria = list(SelectionCriterion.objects.all())
    return render(
        request,
        "clusters/candidates.html",
        {
            "ranking": selectors.candidate_ranking(
                clusters=Cluster.objects.in_provinces_of(request.user)
            ),
            "criteria": criteria,
            "total_weight": sum(c.weight for c in criteria),
        },
    )


# --- the hub ------------------------------------------------------------------


# How long a page of the hub is kept at most: the names of the users in
# its history and answers are not watched (a user's row changes at every
# login); every write to the clusters' own rows or to a firm makes it
# stale at once (kms.core.generations).
HUB_TIMEOUT = 60 * 60


@never_cache
@login_required
@require_safe
def cluster_manage(request, slug):
    """The hub. Its content is the same for everyone who sees the same
    provinces with the same rights on the cluster in the same language: it
    is kept in the cache until a row of the clusters app or a firm
    changes. The frame around it (account menu, CSRF token) is drawn for
    each request.

    For staff and national roles whether the hub answers at all, and their
    rights on it, follow from the cluster's province and theirs: the
    lookup is kept with the content, so a kept hub costs no query of its
    own. A member firm's user (who reads it through their firm) is looked
    up for each request."""
    user = request.user
    page = max(typed_number(request.GET.get("page"), digits=6) or 1, 1)
    scope = province_scope(user=user)
    if scope.any:
        hub = cached(
            f"cluster-hub:{slug}:{scope.cache_key}:{get_language()}:{page}",
            depends_on=(HUB,),
            compute=lambda: _hub(request, readable_cluster(request, slug), page),
            timeout=HUB_TIMEOUT,
        )
    else:
        cluster = readable_cluster(request, slug)
        hub = cached(
            f"cluster-hub:{slug}:member:{get_language()}:{page}",
            depends_on=(HUB,),
            compute=lambda: _hub(request, cluster, page),
            timeout=HUB_TIMEOUT,
        )
    return render(
        request,
        "clusters/manage.html",
        {
            "cluster_name": hub["name"],
            "content": mark_safe(hub["content"]),  # noqa: S308 - ours
        },
    )


def _hub(request, cluster, page) -> dict:
    """What the hub keeps in the cache: its content drawn, and the
    cluster's name for the frame's title."""
    can_manage = can_manage_cluster(request.user, cluster)
    return {
        "name": cluster.name,
        "content": _hub_content(request, cluster, can_manage, page),
    }


def _hub_content(request, cluster, can_manage, page) -> str:
    """The hub's content, drawn without the request: nothing of the
    reader's but their provinces and rights on the cluster."""
    user = request.user
    selection = None
    if can_manage and cluster.status in RANKED_STATUSES:
        ranked = selectors.candidate_ranking(
            clusters=Cluster.objects.filter(pk=cluster.pk)
        )
        selection = ranked[0] if ranked else None
    history = cluster.status_changes.select_related("changed_by").order_by(
        "-changed_on", "-pk"
    )[:RECENT_HISTORY]
    return render_to_string(
        "clusters/includes/manage_content.html",
        {
            **work_overview(cluster=cluster, user=user),
            **partner_overview(cluster=cluster, user=user),
            **cluster_participants(cluster=cluster, user=user, page=page),
            "cluster": cluster,
            "can_manage": can_manage,
            "history": list(history),
            "selection": selection,
        },
    )
