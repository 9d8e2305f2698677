"""The public cluster directory, each cluster's public profile and its logo."""

import logging
import os

from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import render
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_safe

from kms.core.filekinds import EXTENSIONS
from kms.core.pagecache import public_page

from ..filters import DIRECTORY_PAGE_SIZE, ClusterFilter
from ..selectors.directory import (
    cluster_profile,
    clusters_by_province,
    directory_clusters,
)
from ..validators import LOGO_KINDS
from .common import visible_cluster

logger = logging.getLogger(__name__)

# A logo changes rarely; an hour keeps a replaced one from lingering long.
LOGO_MAX_AGE = 60 * 60


@require_safe
@public_page("clusters", "infospots")
def cluster_directory(request):
    filterset = ClusterFilter(request.GET, queryset=directory_clusters())
    clusters = filterset.qs
    page = Paginator(clusters, DIRECTORY_PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    by_province = clusters_by_province(clusters=clusters)
    return render(
        request,
        "clusters/cluster_list.html",
        {
            "filter": filterset,
            "filtered": any(v for k, v in request.GET.items() if k != "page"),
            "page_obj": page,
            "clusters": page.object_list,
            "query": query.urlencode(),
            "by_province": by_province,
            "chart": {
                "labels": [row.province for row in by_province],
                "values": [row.clusters for row in by_province],
            },
        },
        # A filter that makes no sense says so next to its field (and is
        # left out of the list): a 400, as for any bad input.
        status=400 if filterset.is_bound and filterset.errors else 200,
    )


@require_safe
@public_page("clusters", "infospots")
def cluster_detail(request, slug):
    cluster = visible_cluster(request, slug)
    return render(
        request,
        "clusters/cluster_detail.html",
        {
            "cluster": cluster,
            "profile": cluster_profile(
                cluster=cluster, user=request.user, page=request.GET.get("page")
            ),
        },
    )


@require_safe
def cluster_logo(request, slug):
    """The logo, shown inline with the type its (checked) extension says.

    Only image types a logo may be are served: a stored file of any other
    kind (written some other way than the form) answers 404.
    """
    cluster = visible_cluster(request, slug)
    if not cluster.logo:
        raise Http404
    extension = os.path.splitext(cluster.logo.name)[1].lower()
    kind = EXTENSIONS.get(extension)
    if kind not in LOGO_KINDS:
        raise Http404
    try:
        handle = cluster.logo.open("rb")
    except FileNotFoundError:
        logger.error("clusters.logo.file_missing cluster=%s", cluster.pk)
        raise Http404 from None
    response = FileResponse(
        handle,
        filename=f"{cluster.slug}{kind.extension}",
        content_type=kind.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    if cluster.is_public:
        patch_cache_control(response, public=True, max_age=LOGO_MAX_AGE)
    else:
        # A candidate's logo is seen by its managers and members only.
        patch_cache_control(response, private=True, no_cache=True)
    return response
