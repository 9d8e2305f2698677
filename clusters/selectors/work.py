"""Reads of a cluster's work: plans, activities, cooperation, grants.

A plan's progress (how many activities are still open, the day its
activities were completed) comes from ActionPlanQuerySet.with_progress: it
is derived from the activities, never stored.
"""

from django.db.models import F, Prefetch, QuerySet

from infospots.models import Firm
from kms.core.filekinds import CONTENT_TYPES

from ..models import ActionPlan, Activity, Cluster, Evidence
from ..permissions import can_manage_cluster


def plans_with_progress(*, cluster: Cluster) -> QuerySet[ActionPlan]:
    """The cluster's plans, latest year first, with their derived progress.

    Besides the counts of with_progress, `n_counted`: the activities that
    count toward completion (all but the cancelled ones).
    """
    return (
        ActionPlan.objects.filter(cluster=cluster)
        .with_progress()
        .annotate(n_counted=F("n_activities") - F("n_cancelled"))
        .order_by("-year")
    )


def plan_activities(*, plan: ActionPlan) -> list[Activity]:
    """A plan's activities in date order, with their participating firms
    (`firms`) and evidence files (`files`, each with its `icon`).

    Three queries whatever the number of activities.
    """
    activities = list(
        plan.activities.order_by("starts_on", "pk").prefetch_related(
            Prefetch(
                "participants",
                queryset=Firm.objects.only("pk", "legal_name", "trade_name").order_by(
                    "legal_name", "pk"
                ),
                to_attr="firms",
            ),
            Prefetch(
                "evidence",
                queryset=Evidence.objects.order_by("uploaded_at", "pk"),
                to_attr="files",
            ),
        )
    )
    for activity in activities:
        for evidence in activity.files:
            kind = CONTENT_TYPES.get(evidence.content_type)
            evidence.icon = kind.icon if kind else "file-earmark"
    return activities


def work_overview(*, cluster: Cluster, user) -> dict:
    """Context for the work part of the cluster's internal page
    (templates/clusters/includes/manage_work.html).

    Four queries whatever the number of plans, cooperations and applications
    (one more for staff, whose province is looked up once per request).
    """
    return {
        "can_manage": can_manage_cluster(user, cluster),
        "work_plans": list(plans_with_progress(cluster=cluster)),
        "work_cooperations": list(
            cluster.cooperations.select_related("firm", "university").order_by(
                "-started_on", "pk"
            )
        ),
        "work_grants": list(
            cluster.grant_applications.select_related("scheme").order_by(
                F("submitted_on").desc(nulls_first=True), "-pk"
            )
        ),
    }
