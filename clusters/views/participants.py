"""A cluster's member firms and participating organisations, and the shared
organisation records (staff add them, national roles edit them).

Every page of one cluster looks it up through the scoped helpers of
views/common.py: another province's cluster answers 404, its members' users
403 on these writes.
"""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe

from kms.core.forms import form_page, redirect_if_saved
from kms.core.http import typed_number
from kms.core.text import fold_key

from .. import services
from ..forms.manage import (
    MembershipForm,
    OrganisationFilterForm,
    OrganisationForm,
    ParticipationForm,
)
from ..models import (
    Organisation,
)
from ..permissions import (
    can_create_clusters,
    can_edit_organisations,
)
from .common import manage_url, managed_cluster, require_cluster_staff

ORGANISATIONS_PER_PAGE = 25


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
    redirected = redirect_if_saved(
        request,
        form,
        lambda: services.membership_add(
            actor=request.user,
            cluster=cluster,
            firm=form.cleaned_data["firm"],
            role=form.cleaned_data["role"],
            joined_on=form.cleaned_data["joined_on"],
        ),
        message=lambda membership: (
            _("%(firm)s is now a member.") % {"firm": membership.firm}
        ),
        to=manage_url(cluster, "#members"),
    )
    if redirected:
        return redirected
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
    redirected = redirect_if_saved(
        request,
        form,
        lambda: services.membership_update(
            actor=request.user,
            membership=membership,
            role=form.cleaned_data["role"],
            joined_on=form.cleaned_data["joined_on"],
            left_on=form.cleaned_data["left_on"],
        ),
        message=_("Your changes are saved."),
        to=manage_url(cluster, "#members"),
    )
    return redirected or form_page(
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
    chosen = typed_number(request.GET.get("organisation"))
    if not posted and chosen is not None:
        form.fields["organisation"].initial = chosen
    redirected = redirect_if_saved(
        request,
        form,
        lambda: services.participation_add(
            actor=request.user,
            cluster=cluster,
            organisation=form.cleaned_data["organisation"],
            role=form.cleaned_data["role"],
            joined_on=form.cleaned_data["joined_on"],
        ),
        message=lambda participation: (
            _("%(organisation)s now takes part in the cluster.")
            % {"organisation": participation.organisation}
        ),
        to=manage_url(cluster, "#organisations"),
    )
    return redirected or form_page(
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
    redirected = redirect_if_saved(
        request,
        form,
        lambda: services.participation_update(
            actor=request.user,
            participation=participation,
            role=form.cleaned_data["role"],
            joined_on=form.cleaned_data["joined_on"],
            left_on=form.cleaned_data["left_on"],
        ),
        message=_("Your changes are saved."),
        to=manage_url(cluster, "#organisations"),
    )
    return redirected or form_page(
        request,
        "clusters/participation_form.html",
        {"form": form, "cluster": cluster, "participation": participation},
    )


# --- organisations ------------------------------------------------------------


@never_cache
@login_required
@require_safe
def organisation_list(request):
    require_cluster_staff(request.user)
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
        if query := fold_key(form.cleaned_data["q"]):
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


def _back_with(next_url, organisation) -> str:
    """Back to the page that asked for a new organisation, which preselects
    it; else the list of organisations."""
    if not next_url:
        return reverse("clusters:organisation_list")
    joiner = "&" if "?" in next_url else "?"
    return f"{next_url}{joiner}organisation={organisation.pk}"


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def organisation_create(request):
    require_cluster_staff(request.user)
    posted = request.method == "POST"
    form = OrganisationForm(request.POST if posted else None)
    next_url = _next_url(request)
    redirected = redirect_if_saved(
        request,
        form,
        lambda: services.organisation_save(
            actor=request.user, organisation=form.instance
        ),
        message=lambda organisation: (
            _("%(organisation)s is recorded.") % {"organisation": organisation}
        ),
        to=lambda organisation: _back_with(next_url, organisation),
    )
    return redirected or form_page(
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
    redirected = redirect_if_saved(
        request,
        form,
        lambda: services.organisation_save(
            actor=request.user, organisation=form.instance
        ),
        message=_("Your changes are saved."),
        to=reverse("clusters:organisation_list"),
    )
    return redirected or form_page(
        request,
        "clusters/organisation_form.html",
        {
            "form": form,
            "organisation": organisation,
            "organisation_name": stored_name,
            "next_url": "",
        },
    )
