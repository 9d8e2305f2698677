"""A cluster's work: action plans and activities with their evidence files,
university-industry cooperation, grant applications.

Reads (the plan page, evidence downloads) are for the cluster's internal
readers: its managers and its member firms' users. Writes are for its
managers; a member who can read the page gets 403, anybody else 404.
"""

import logging

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import (
    require_http_methods,
    require_POST,
    require_safe,
)

from kms.core.downloads import checked_file_response
from kms.core.filekinds import ACCEPT, max_attachment_bytes
from kms.core.forms import form_page, redirect_if_saved

from ..forms.work import (
    ActivityForm,
    CooperationForm,
    EvidenceForm,
    GrantForm,
    PlanForm,
)
from ..models import (
    Activity,
    Cluster,
    Cooperation,
    Evidence,
    GrantApplication,
)
from ..permissions import can_manage_cluster
from ..selectors.work import plan_activities, plans_with_progress
from ..services import work as services
from .common import manage_url, managed_cluster, readable_cluster

logger = logging.getLogger(__name__)


def _plan_url(cluster: Cluster, year: int, anchor: str = "") -> str:
    return (
        reverse("clusters:plan_detail", kwargs={"slug": cluster.slug, "year": year})
        + anchor
    )


# --- action plans -----------------------------------------------------------


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def plan_create(request, slug):
    cluster = managed_cluster(request, slug)
    posted = request.method == "POST"
    form = PlanForm(request.POST if posted else None)
    redirected = redirect_if_saved(
        request,
        form,
        lambda: services.plan_create(
            actor=request.user, cluster=cluster, **form.cleaned_data
        ),
        message=lambda plan: (
            _("The action plan for %(year)d is started.") % {"year": plan.year}
        ),
        to=lambda plan: _plan_url(cluster, plan.year),
    )
    return redirected or form_page(
        request, "clusters/plan_form.html", {"form": form, "cluster": cluster}
    )


def _plan_page(request, cluster, year, *, failed_upload=None, status=200):
    """The plan page; `failed_upload`: (activity pk, refused EvidenceForm)."""
    plan = get_object_or_404(plans_with_progress(cluster=cluster), year=year)
    can_manage = can_manage_cluster(request.user, cluster)
    activities = plan_activities(plan=plan)
    if failed_upload is not None:
        for activity in activities:
            if activity.pk == failed_upload[0]:
                activity.upload_form = failed_upload[1]
    return render(
        request,
        "clusters/plan_detail.html",
        {
            "cluster": cluster,
            "plan": plan,
            "activities": activities,
            "can_manage": can_manage,
            "accept": ACCEPT,
            "max_bytes": max_attachment_bytes(),
            "max_evidence": services.MAX_EVIDENCE_FILES,
        },
        status=status,
    )


@never_cache
@login_required
@require_safe
def plan_detail(request, slug, year):
    cluster = readable_cluster(request, slug)
    return _plan_page(request, cluster, year)


# --- activities -------------------------------------------------------------


def _activity_form_page(request, cluster, plan, activity):
    posted = request.method == "POST"
    form = ActivityForm(
        request.POST if posted else None, instance=activity, cluster=cluster
    )
    redirected = redirect_if_saved(
        request,
        form,
        lambda: services.activity_save(
            actor=request.user,
            activity=form.instance,
            participants=form.cleaned_data["participants"],
        ),
        message=lambda saved: _("“%(title)s” is saved.") % {"title": saved.title},
        to=lambda saved: _plan_url(cluster, plan.year, f"#activity-{saved.pk}"),
    )
    return redirected or form_page(
        request,
        "clusters/activity_form.html",
        {"form": form, "cluster": cluster, "plan": plan, "activity": activity},
    )


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def activity_create(request, slug, year):
    cluster = managed_cluster(request, slug)
    plan = get_object_or_404(cluster.action_plans, year=year)
    return _activity_form_page(request, cluster, plan, Activity(plan=plan))


def _cluster_activity(cluster, pk) -> Activity:
    return get_object_or_404(
        Activity.objects.filter(plan__cluster=cluster).select_related("plan"), pk=pk
    )


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def activity_update(request, slug, pk):
    cluster = managed_cluster(request, slug)
    activity = _cluster_activity(cluster, pk)
    return _activity_form_page(request, cluster, activity.plan, activity)


# --- evidence files ---------------------------------------------------------


@require_POST
@never_cache
@login_required
def evidence_upload(request, slug, pk):
    """Attach a file to an activity; a refused one shows the plan page again
    with the message under that activity's upload field."""
    cluster = managed_cluster(request, slug)
    activity = _cluster_activity(cluster, pk)
    form = EvidenceForm(request.POST, request.FILES)
    redirected = redirect_if_saved(
        request,
        form,
        lambda: services.evidence_add(
            actor=request.user, activity=activity, upload=form.cleaned_data["file"]
        ),
        message=lambda added: (
            _("“%(name)s” is attached.") % {"name": added.original_name}
        ),
        to=_plan_url(cluster, activity.plan.year, f"#activity-{activity.pk}"),
    )
    return redirected or _plan_page(
        request,
        cluster,
        activity.plan.year,
        failed_upload=(activity.pk, form),
        status=400,
    )


@require_POST
@login_required
def evidence_delete(request, slug, pk):
    """Remove an evidence file."""
    cluster = managed_cluster(request, slug)
    evidence = get_object_or_404(
        Evidence.objects.filter(activity__plan__cluster=cluster).select_related(
            "activity__plan"
        ),
        pk=pk,
    )
    services.evidence_delete(actor=request.user, evidence=evidence)
    messages.success(
        request, _("“%(name)s” is removed.") % {"name": evidence.original_name}
    )
    return redirect(
        _plan_url(
            cluster, evidence.activity.plan.year, f"#activity-{evidence.activity_id}"
        )
    )


@login_required
@require_safe
def evidence_download(request, slug, pk):
    """The file, for the cluster's internal readers; otherwise 404.

    Always a download (never shown inline), with the type stored when it was
    checked, so a browser neither renders nor sniffs it.
    """
    evidence = get_object_or_404(
        Evidence.objects.filter(
            activity__plan__cluster__in=Cluster.objects.for_user(request.user)
            .filter(slug=slug)
            .values("pk")
        ),
        pk=pk,
    )
    return checked_file_response(evidence)


# --- university-industry cooperation ----------------------------------------


def _cooperation_form_page(request, cluster, cooperation):
    posted = request.method == "POST"
    form = CooperationForm(
        request.POST if posted else None, instance=cooperation, cluster=cluster
    )
    redirected = redirect_if_saved(
        request,
        form,
        lambda: services.cooperation_save(
            actor=request.user, cooperation=form.instance
        ),
        message=lambda saved: _("“%(title)s” is saved.") % {"title": saved.title},
        to=manage_url(cluster, "#cooperation"),
    )
    return redirected or form_page(
        request,
        "clusters/cooperation_form.html",
        {"form": form, "cluster": cluster, "cooperation": cooperation},
    )


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def cooperation_create(request, slug):
    cluster = managed_cluster(request, slug)
    return _cooperation_form_page(request, cluster, Cooperation(cluster=cluster))


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def cooperation_update(request, slug, pk):
    cluster = managed_cluster(request, slug)
    cooperation = get_object_or_404(cluster.cooperations, pk=pk)
    return _cooperation_form_page(request, cluster, cooperation)


# --- grant applications -----------------------------------------------------


def _grant_form_page(request, cluster, grant):
    posted = request.method == "POST"
    form = GrantForm(request.POST if posted else None, instance=grant)
    redirected = redirect_if_saved(
        request,
        form,
        lambda: services.grant_save(actor=request.user, grant=form.instance),
        message=lambda saved: _("“%(title)s” is saved.") % {"title": saved.title},
        to=manage_url(cluster, "#grants"),
    )
    return redirected or form_page(
        request,
        "clusters/grant_form.html",
        {"form": form, "cluster": cluster, "grant": grant},
    )


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def grant_create(request, slug):
    cluster = managed_cluster(request, slug)
    return _grant_form_page(request, cluster, GrantApplication(cluster=cluster))


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def grant_update(request, slug, pk):
    cluster = managed_cluster(request, slug)
    grant = get_object_or_404(cluster.grant_applications, pk=pk)
    return _grant_form_page(request, cluster, grant)
