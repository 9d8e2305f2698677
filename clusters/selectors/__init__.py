"""Reads of the clusters app. Other apps import from here only."""

from .core import (
    RankedCandidate,
    candidate_ranking,
    clusters_identified,
    clusters_with_completed_activities,
    firms_in_clusters,
)

__all__ = [
    "RankedCandidate",
    "candidate_ranking",
    "clusters_identified",
    "clusters_with_completed_activities",
    "firms_in_clusters",
]
