"""The one way every cluster page finds its cluster.

Lookups go through the scoped querysets, so another province's cluster
answers 404 exactly like a missing one.
"""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.urls import reverse

from ..models import Cluster
from ..permissions import can_create_clusters, can_manage_cluster


def visible_cluster(request, slug) -> Cluster:
    """The public profile: clusters past the candidate stage, and candidates
    to those who manage them or are members."""
    return get_object_or_404(
        Cluster.objects.visible_to(request.user).select_related(
            "province", "coordinator"
        ),
        slug=slug,
    )


def readable_cluster(request, slug) -> Cluster:
    """A cluster whose internal pages the user may read, else 404."""
    return get_object_or_404(
        Cluster.objects.for_user(request.user).select_related(
            "province", "coordinator"
        ),
        slug=slug,
    )


def managed_cluster(request, slug) -> Cluster:
    """A cluster the user may change: 404 when they may not even read it,
    403 when they only read it (the users of its member firms)."""
    cluster = readable_cluster(request, slug)
    if not can_manage_cluster(request.user, cluster):
        raise PermissionDenied
    return cluster


def require_cluster_staff(user) -> None:
    """Pages for those who run clusters (staff, national roles): 403 otherwise."""
    if not can_create_clusters(user):
        raise PermissionDenied


def manage_url(cluster: Cluster, anchor: str = "") -> str:
    return reverse("clusters:manage", kwargs={"slug": cluster.slug}) + anchor
