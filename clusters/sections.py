"""What the clusters app adds to other apps' pages (through their hooks)."""

from django.template.loader import render_to_string

from .selectors import firm_cluster_memberships


def firm_clusters(request, firm) -> str:
    """The firm page's "Clusters" section: the memberships the viewer may
    see (infospots.hooks)."""
    return render_to_string(
        "clusters/includes/firm_clusters.html",
        {
            "firm": firm,
            "clusters": firm_cluster_memberships(firm=firm, user=request.user),
        },
        request=request,
    )
