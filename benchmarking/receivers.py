"""Changes to the records the metrics count mark the snapshots as stale.

A receiver only notes the change (services.records_changed); the recompute
runs in Celery within a minute (tasks.recompute_if_changed). The watched
models are the registered metrics' dependencies (kms.core.metrics) and the
programme's own tables. Rows saved or deleted one by one send post_save and
post_delete; bulk writes (imports, `update()`, `bulk_create`) send
kms.core.changes.rows_changed.
"""

from django.apps import apps
from django.db import transaction
from django.db.models.signals import post_delete, post_save

from clusters.models import Cluster
from kms.core.changes import rows_changed
from kms.core.generations import bump_on_change
from kms.core.metrics import registry

from .dashboards import CLUSTERS, SNAPSHOTS
from .models import ComputeRun, Programme, ProvinceTarget, Snapshot, Target
from .services import records_changed

OWN = ("benchmarking.Programme", "benchmarking.Target", "benchmarking.ProvinceTarget")


def _changed(sender, **kwargs):
    # Once the change is committed: a recompute that ran before would not
    # see it, and a rolled-back change asks for nothing.
    transaction.on_commit(records_changed)


def connect() -> tuple[str, ...]:
    """Listen to every watched model; answers their labels. The dashboards'
    cached content goes stale with any write to what they show."""
    bump_on_change(SNAPSHOTS, Programme, Target, ProvinceTarget, Snapshot, ComputeRun)
    bump_on_change(CLUSTERS, Cluster)
    watched = tuple(sorted({*registry.dependencies(), *OWN}))
    for label in watched:
        model = apps.get_model(label)
        for signal in (post_save, post_delete, rows_changed):
            signal.connect(_changed, sender=model, dispatch_uid=f"benchmarking-{label}")
    return watched
