"""Reads of partner search."""


def partner_overview(*, cluster, user) -> dict:
    """Context for the partner-search part of the cluster's internal page (stub)."""
    return {}
