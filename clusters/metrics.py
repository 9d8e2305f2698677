"""The programme's metrics over the clusters' records (kms.core.metrics)."""

import datetime as dt

from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from infospots.selectors import SMES_WITHOUT_FIGURES
from kms.core.metrics import Caveat, Metric, register

from .models import GrantApplication, GrantStatus
from .selectors import (
    clusters_identified,
    clusters_with_completed_activities,
    firms_in_clusters,
)


def smes_in_clusters(as_of: dt.date):
    """SMEs (by their size class that year) with a cluster membership
    running on `as_of`."""
    return firms_in_clusters(as_of=as_of).smes(on=as_of)


register(
    Metric(
        code="smes_in_clusters",
        label=_("SMEs in clusters"),
        unit=ngettext_lazy("SME", "SMEs"),
        depends_on=(
            "infospots.Firm",
            "infospots.AnnualFigures",
            "clusters.ClusterMembership",
        ),
        records=smes_in_clusters,
        caveat=Caveat(
            text=SMES_WITHOUT_FIGURES,
            records=lambda as_of: smes_in_clusters(as_of).without_size_class(),
        ),
        help_text=_(
            "Small and medium-sized firms with a running cluster membership. "
            "Large firms do not count; a firm without figures does."
        ),
    )
)

register(
    Metric(
        code="clusters_identified",
        label=_("Clusters identified"),
        unit=ngettext_lazy("cluster", "clusters"),
        depends_on=("clusters.Cluster",),
        records=lambda as_of: clusters_identified(as_of=as_of),
        help_text=_(
            "Clusters that had reached “identified” or a later step, by their "
            "home province (a cluster dissolved later still counts)."
        ),
    )
)

register(
    Metric(
        code="clusters_completed",
        label=_("Clusters with completed activities"),
        unit=ngettext_lazy("cluster", "clusters"),
        depends_on=("clusters.Cluster", "clusters.ActionPlan", "clusters.Activity"),
        records=lambda as_of: clusters_with_completed_activities(as_of=as_of),
        help_text=_(
            "Clusters with an action plan whose activities were all completed "
            "(cancelled ones aside), by their home province."
        ),
    )
)


def grants_approved(as_of: dt.date):
    return GrantApplication.objects.filter(
        status=GrantStatus.APPROVED, decided_on__lte=as_of
    ).select_related("cluster", "scheme")


register(
    Metric(
        code="grants_approved",
        label=_("Grant applications approved"),
        unit=ngettext_lazy("application", "applications"),
        depends_on=("clusters.GrantApplication", "clusters.Cluster"),
        records=grants_approved,
        province_path="cluster__province",
    )
)
