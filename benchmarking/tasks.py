"""Celery tasks of the benchmarking app: the programme targets' snapshots."""

from celery import shared_task

from .services import snapshots_compute, snapshots_recompute_if_changed


@shared_task(name="benchmarking.compute_snapshots", ignore_result=True)
def compute_snapshots(trigger: str = "nightly") -> int:
    """Today's snapshots of every active programme (idempotent)."""
    return snapshots_compute(trigger=trigger).snapshots


@shared_task(name="benchmarking.recompute_if_changed", ignore_result=True)
def recompute_if_changed() -> int:
    """Run by beat every minute: today's snapshots when records changed."""
    run = snapshots_recompute_if_changed()
    return run.snapshots if run else 0
