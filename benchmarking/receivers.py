"""Changes to the records the metrics count mark the snapshots as stale.

A receiver only notes the change (services.records_changed); the recompute
runs in Celery within a minute (tasks.recompute_if_changed). Apps do not
import benchmarking, so it listens rather than being called.
"""

from django.db import transaction
from django.db.models.signals import post_delete, post_save

from .services import records_changed

WATCHED = (
    "infospots.Firm",
    "infospots.Service",
    "clusters.Cluster",
    "clusters.StatusChange",
    "clusters.ClusterMembership",
    "clusters.ActionPlan",
    "clusters.Activity",
    "clusters.GrantApplication",
    "knowledge.Article",
    "benchmarking.Programme",
    "benchmarking.Target",
    "benchmarking.ProvinceTarget",
)


def _changed(sender, **kwargs):
    # Once the change is committed: a recompute that ran before would not
    # see it, and a rolled-back change asks for nothing.
    transaction.on_commit(records_changed)


for label in WATCHED:
    post_save.connect(_changed, sender=label, dispatch_uid=f"benchmarking-{label}")
    post_delete.connect(
        _changed, sender=label, dispatch_uid=f"benchmarking-del-{label}"
    )
