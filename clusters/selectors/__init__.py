"""Reads of the clusters app. Other apps import from here only."""

from .core import (
    FirmClusters,
    RankedCandidate,
    candidate_ranking,
    clusters_identified,
    clusters_with_completed_activities,
    firm_cluster_memberships,
    firms_in_clusters,
)
from .directory import (
    ClusterProfile,
    ProvinceCount,
    cluster_profile,
    clusters_by_province,
    directory_clusters,
    directory_provinces,
)

__all__ = [
    "ClusterProfile",
    "FirmClusters",
    "ProvinceCount",
    "RankedCandidate",
    "candidate_ranking",
    "cluster_profile",
    "clusters_by_province",
    "clusters_identified",
    "clusters_with_completed_activities",
    "directory_clusters",
    "directory_provinces",
    "firm_cluster_memberships",
    "firms_in_clusters",
]
