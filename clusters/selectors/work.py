"""Reads of a cluster's work: plans, activities, cooperation, grants."""


def work_overview(*, cluster, user) -> dict:
    """Context for the work part of the cluster's internal page (stub)."""
    return {}
