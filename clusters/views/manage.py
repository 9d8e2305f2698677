"""Internal pages of a cluster for info-spot staff and national roles (its
profile, lifecycle, selection scores, participants), the candidates' ranking,
the shared organisation records, and the cluster's hub page, which members of
the cluster read too.

Every page of one cluster looks it up through `Cluster.objects.for_user`, so
another province's cluster answers 404 like a missing one; write pages then
answer 403 to those who may only read it (its member firms' users).
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.cache import patch_vary_headers
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe

from infospots.selectors import province_scope
from kms.forms import run_service

from .. import selectors, services
from ..forms.manage import (
    ClusterForm,
    MembershipForm,
    OrganisationFilterForm,
    OrganisationForm,
    ParticipationForm,
    ScoresForm,
    StatusForm,
)
from ..models import (
    HELIX_OF_KIND,
    CandidateScore,
    Cluster,
    Helix,
    Organisation,
    SelectionCriterion,
)
from ..permissions import (
    can_create_clusters,
    can_edit_organisations,
    can_manage_cluster,
)
from ..selectors.core import RANKED_STATUSES
from ..selectors.directory import helix_counts
from ..selectors.partners import partner_overview
from ..selectors.work import work_overview
from ..services.clusters import organisation_key
from .common import form_page, manage_url, managed_cluster, readable_cluster

ORGANISATIONS_PER_PAGE = 25
RECENT_HISTORY = 5


def _require_cluster_staff(user) -> None:
    if not can_create_clusters(user):
        raise PermissionDenied


# --- profile ------------------------------------------------------------------


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def cluster_create(request):
    _require_cluster_staff(request.user)
    posted = request.method == "POST"
    form = ClusterForm(
        request.POST if posted else None,
        request.FILES if posted else None,
        user=request.user,
    )
    if posted and form.is_valid():
        data = form.cleaned_data
        cluster = run_service(
            form,
            lambda: services.cluster_create(
                actor=request.user,
                cluster=form.instance,
                other_provinces=data["other_provinces"],
                naces=data["naces"],
                logo=data["logo"],
                on=data["changed_on"],
            ),
        )
        if cluster is not None:
            messages.success(request, _("The cluster is recorded as a candidate."))
            return redirect(manage_url(cluster))
    return form_page(request, "clusters/cluster_form.html", {"form": form})


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
    if posted and form.is_valid():
        data = form.cleaned_data
        saved = run_service(
            form,
            lambda: services.cluster_update(
                actor=request.user,
                cluster=form.instance,
                other_provinces=data["other_provinces"],
                naces=data["naces"],
                logo=data["logo"],
            ),
        )
        if saved is not None:
            messages.success(request, _("Your changes are saved."))
            return redirect(manage_url(saved))
    return form_page(
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
    if posted and form.is_valid():
        data = form.cleaned_data
        change = run_service(
            form,
            lambda: services.cluster_change_status(
                actor=request.user,
                cluster=cluster,
                to_status=data["to_status"],
                reason=data["reason"],
                changed_on=data["changed_on"],
            ),
        )
        if change is not None:
            messages.success(
                request,
                _("The cluster is now “%(status)s”.")
                % {"status": change.get_to_status_display()},
            )
            return redirect(manage_url(cluster, "#status"))
    return form_page(
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
    if posted and form.is_valid():
        saved = run_service(
            form,
            lambda: services.candidate_scores_save(
                actor=request.user, cluster=cluster, scores=form.scores()
            ),
        )
        if saved is not None:
            messages.success(request, _("The scores are saved."))
            return redirect(manage_url(cluster, "#selection"))
    return form_page(
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
    _require_cluster_staff(request.user)
    criteria = list(SelectionCriterion.objects.all())
    return render(
        request,
        "clusters/candidates.html",
        {
            "ranking": selectors.candidate_ranking(
                clusters=Cluster.objects.managed_by(request.user)
            ),
            "criteria": criteria,
            "total_weight": sum(c.weight for c in criteria),
        },
    )


# --- the hub ------------------------------------------------------------------


def _helix_counts(memberships, participations):
    """Active participants per helix: member firms count as industry."""
    counts = dict.fromkeys(Helix, 0)
    counts[Helix.INDUSTRY] = sum(1 for m in memberships if m.is_active)
    for participation in participations:
        if participation.is_active:
            counts[HELIX_OF_KIND[participation.organisation.kind]] += 1
    return helix_counts(counts)


def _participants(*, cluster, user) -> dict:
    """Member firms and organisations, current ones first (two queries)."""
    memberships = sorted(
        cluster.memberships.select_related("firm"),
        key=lambda m: (not m.is_active, m.firm.name_key, m.joined_on),
    )
    participations = sorted(
        cluster.participations.select_related("organisation"),
        key=lambda p: (not p.is_active, p.organisation.name_key, p.joined_on),
    )
    scope = province_scope(user=user)
    return {
        "memberships": memberships,
        "participations": participations,
        "active_members": sum(1 for m in memberships if m.is_active),
        "active_organisations": sum(1 for p in participations if p.is_active),
        "helix": _helix_counts(memberships, participations),
        # The firm pages the user may open: staff those of their provinces.
        "linked_firms": {
            m.firm_id for m in memberships if scope.allows(m.firm.province_id)
        },
    }


@never_cache
@login_required
@require_safe
def cluster_manage(request, slug):
    cluster = readable_cluster(request, slug)
    user = request.user
    can_manage = can_manage_cluster(user, cluster)
    selection = None
    if can_manage and cluster.status in RANKED_STATUSES:
        ranked = selectors.candidate_ranking(
            clusters=Cluster.objects.filter(pk=cluster.pk)
        )
        selection = ranked[0] if ranked else None
    history = cluster.status_changes.select_related("changed_by").order_by(
        "-changed_on", "-pk"
    )[:RECENT_HISTORY]
    return render(
        request,
        "clusters/manage.html",
        {
            **work_overview(cluster=cluster, user=user),
            **partner_overview(cluster=cluster, user=user),
            **_participants(cluster=cluster, user=user),
            "cluster": cluster,
            "can_manage": can_manage,
            "history": list(history),
            "selection": selection,
        },
    )


# --- participants -------------------------------------------------------------


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def membership_create(request, slug):
    """Add a member firm. `?q=` narrows the firms offered (a name or a tax
    id); htmx asks for the select alone while the user types."""
    cluster = managed_cluster(request, slug)
    posted = request.method == "POST"
    form = MembershipForm(
        request.POST if posted else None,
        cluster=cluster,
        user=request.user,
        query=request.GET.get("q", ""),
    )
    if posted and form.is_valid():
        data = form.cleaned_data
        membership = run_service(
            form,
            lambda: services.membership_add(
                actor=request.user,
                cluster=cluster,
                firm=data["firm"],
                role=data["role"],
                joined_on=data["joined_on"],
            ),
        )
        if membership is not None:
            messages.success(
                request,
                _("%(firm)s is now a member.") % {"firm": membership.firm},
            )
            return redirect(manage_url(cluster, "#members"))
    if not posted and request.headers.get("HX-Request"):
        response = render(
            request, "clusters/includes/member_firm_choices.html", {"form": form}
        )
    else:
        response = form_page(
            request,
            "clusters/membership_form.html",
            {"form": form, "cluster": cluster},
        )
    patch_vary_headers(response, ["HX-Request"])
    return response


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def membership_update(request, slug, pk):
    cluster = managed_cluster(request, slug)
    membership = get_object_or_404(cluster.memberships.select_related("firm"), pk=pk)
    posted = request.method == "POST"
    form = MembershipForm(
        request.POST if posted else None,
        cluster=cluster,
        user=request.user,
        membership=membership,
    )
    if posted and form.is_valid():
        data = form.cleaned_data
        saved = run_service(
            form,
            lambda: services.membership_update(
                actor=request.user,
                membership=membership,
                role=data["role"],
                joined_on=data["joined_on"],
                left_on=data["left_on"],
            ),
        )
        if saved is not None:
            messages.success(request, _("Your changes are saved."))
            return redirect(manage_url(cluster, "#members"))
    return form_page(
        request,
        "clusters/membership_form.html",
        {"form": form, "cluster": cluster, "membership": membership},
    )


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def participation_create(request, slug):
    cluster = managed_cluster(request, slug)
    posted = request.method == "POST"
    form = ParticipationForm(request.POST if posted else None)
    chosen = request.GET.get("organisation", "")
    if not posted and chosen.isdigit() and len(chosen) < 19:
        form.fields["organisation"].initial = int(chosen)
    if posted and form.is_valid():
        data = form.cleaned_data
        participation = run_service(
            form,
            lambda: services.participation_add(
                actor=request.user,
                cluster=cluster,
                organisation=data["organisation"],
                role=data["role"],
                joined_on=data["joined_on"],
            ),
        )
        if participation is not None:
            messages.success(
                request,
                _("%(organisation)s now takes part in the cluster.")
                % {"organisation": participation.organisation},
            )
            return redirect(manage_url(cluster, "#organisations"))
    return form_page(
        request,
        "clusters/participation_form.html",
        {
            "form": form,
            "cluster": cluster,
            "can_add_organisations": can_create_clusters(request.user),
        },
    )


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def participation_update(request, slug, pk):
    cluster = managed_cluster(request, slug)
    participation = get_object_or_404(
        cluster.participations.select_related("organisation"), pk=pk
    )
    posted = request.method == "POST"
    form = ParticipationForm(
        request.POST if posted else None, participation=participation
    )
    if posted and form.is_valid():
        data = form.cleaned_data
        saved = run_service(
            form,
            lambda: services.participation_update(
                actor=request.user,
                participation=participation,
                role=data["role"],
                joined_on=data["joined_on"],
                left_on=data["left_on"],
            ),
        )
        if saved is not None:
            messages.success(request, _("Your changes are saved."))
            return redirect(manage_url(cluster, "#organisations"))
    return form_page(
        request,
        "clusters/participation_form.html",
        {"form": form, "cluster": cluster, "participation": participation},
    )


# --- organisations ------------------------------------------------------------


@never_cache
@login_required
@require_safe
def organisation_list(request):
    _require_cluster_staff(request.user)
    form = OrganisationFilterForm(request.GET)
    organisations = (
        Organisation.objects.select_related("province")
        .annotate(
            n_clusters=Count(
                "participations__cluster",
                filter=Q(participations__left_on__isnull=True),
                distinct=True,
            )
        )
        .order_by("name_key", "pk")
    )
    if form.is_valid():
        if query := organisation_key(form.cleaned_data["q"]):
            organisations = organisations.filter(name_key__contains=query)
        if kind := form.cleaned_data["kind"]:
            organisations = organisations.filter(kind=kind)
    else:
        organisations = organisations.none()
    page = Paginator(organisations, ORGANISATIONS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "clusters/organisation_list.html",
        {
            "filter_form": form,
            "page_obj": page,
            "organisations": page.object_list,
            "query": query.urlencode(),
            "can_edit": can_edit_organisations(request.user),
        },
        status=400 if form.errors else 200,
    )


def _next_url(request) -> str:
    url = request.POST.get("next") or request.GET.get("next") or ""
    if url and url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return url
    return ""


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def organisation_create(request):
    _require_cluster_staff(request.user)
    posted = request.method == "POST"
    form = OrganisationForm(request.POST if posted else None)
    next_url = _next_url(request)
    if posted and form.is_valid():
        organisation = run_service(
            form,
            lambda: services.organisation_save(
                actor=request.user, organisation=form.instance
            ),
        )
        if organisation is not None:
            messages.success(
                request,
                _("%(organisation)s is recorded.") % {"organisation": organisation},
            )
            if next_url:
                joiner = "&" if "?" in next_url else "?"
                return HttpResponseRedirect(
                    f"{next_url}{joiner}organisation={organisation.pk}"
                )
            return redirect("clusters:organisation_list")
    return form_page(
        request,
        "clusters/organisation_form.html",
        {"form": form, "next_url": next_url},
    )


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def organisation_update(request, pk):
    # Shared by every province: national roles change them, nobody else.
    if not can_edit_organisations(request.user):
        raise PermissionDenied
    organisation = get_object_or_404(Organisation, pk=pk)
    stored_name = organisation.name
    posted = request.method == "POST"
    form = OrganisationForm(request.POST if posted else None, instance=organisation)
    if posted and form.is_valid():
        saved = run_service(
            form,
            lambda: services.organisation_save(
                actor=request.user, organisation=form.instance
            ),
        )
        if saved is not None:
            messages.success(request, _("Your changes are saved."))
            return redirect("clusters:organisation_list")
    return form_page(
        request,
        "clusters/organisation_form.html",
        {
            "form": form,
            "organisation": organisation,
            "organisation_name": stored_name,
            "next_url": "",
        },
    )
