"""The national and province dashboards of the programme's targets.

They read snapshots only (benchmarking.dashboards): a page view never counts
records. Info-spot staff and national roles read them; members get 403.
"""

from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from infospots.scoping import visible_provinces

from .. import dashboards
from ..permissions import dashboard_scope


@never_cache
@login_required
@require_safe
def national_dashboard(request):
    dashboard_scope(request.user)
    dashboard = dashboards.national_dashboard(user=request.user)
    charts = dashboards.national_charts(dashboard) if dashboard.programme else None
    return render(
        request,
        "benchmarking/dashboard.html",
        {
            "dashboard": dashboard,
            "charts": charts,
            "trend_table": dashboards.chart_rows(charts["trend"]) if charts else [],
        },
    )


@never_cache
@login_required
@require_safe
def province_dashboard(request, province):
    """`province` is a plate number (55) or a slug (samsun). Another
    province's staff get the same 404 as for a province that does not exist."""
    dashboard_scope(request.user)
    # A plate has one or two digits; anything longer is looked up as a slug.
    plate = province.isascii() and province.isdigit() and len(province) <= 2
    lookup = {"plate": int(province)} if plate else {"slug": province}
    province = get_object_or_404(visible_provinces(user=request.user), **lookup)
    dashboard = dashboards.province_dashboard(province=province)
    return render(
        request,
        "benchmarking/province_dashboard.html",
        {"dashboard": dashboard, "charts": dashboards.province_charts(dashboard)},
    )
