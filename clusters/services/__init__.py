"""Writes of the clusters app. Other apps import from here only."""

from .clusters import (
    candidate_scores_save,
    cluster_change_status,
    cluster_create,
    cluster_update,
    organisation_save,
)

__all__ = [
    "candidate_scores_save",
    "cluster_change_status",
    "cluster_create",
    "cluster_update",
    "organisation_save",
]
