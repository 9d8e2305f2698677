"""The national and province dashboards of the programme's targets.

They read snapshots only (benchmarking.dashboards): a page view never counts
records. Info-spot staff and national roles read them; members get 403.

Their content is the same for everyone who sees the same provinces in the
same language, so it is rendered once and kept in the cache until a
snapshot, a target or (on a province's page) a cluster changes
(kms.core.generations): a page view then costs the frame around it. The
frame (account menu, CSRF token, messages) is drawn for each request and
never cached.
"""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.translation import get_language
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from infospots.selectors import visible_province
from kms.core.generations import cached

from .. import dashboards
from ..permissions import dashboard_scope


def _national_fragment(user) -> dict:
    dashboard = dashboards.national_dashboard(user=user)
    charts = dashboards.national_charts(dashboard) if dashboard.programme else None
    html = render_to_string(
        "benchmarking/includes/national_dashboard.html",
        {
            "dashboard": dashboard,
            "charts": charts,
            "trend_table": dashboards.chart_rows(charts["trend"]) if charts else [],
        },
    )
    return {"html": html, "charts": charts is not None}


@never_cache
@login_required
@require_safe
def national_dashboard(request):
    scope = dashboard_scope(request.user)
    # The content depends on the provinces the reader sees (staff: theirs
    # beside the national figures, with no national drill-down) and on the
    # language; on nothing else of the reader's.
    fragment = cached(
        f"dashboard:national:{scope.cache_key}:{get_language()}",
        depends_on=(dashboards.SNAPSHOTS,),
        compute=lambda: _national_fragment(request.user),
    )
    return render(request, "benchmarking/dashboard.html", {"fragment": fragment})


def _province_fragment(province) -> dict:
    dashboard = dashboards.province_dashboard(province=province)
    html = render_to_string(
        "benchmarking/includes/province_dashboard.html",
        {"dashboard": dashboard, "charts": dashboards.province_charts(dashboard)},
    )
    return {"html": html}


@never_cache
@login_required
@require_safe
def province_dashboard(request, province):
    """`province` is a plate number (55) or a slug (samsun). Another
    province's staff get the same 404 as for a province that does not exist."""
    dashboard_scope(request.user)
    # A plate has one or two digits; anything longer is looked up as a slug.
    plate = province.isascii() and province.isdigit() and len(province) <= 2
    province = visible_province(
        user=request.user,
        plate=int(province) if plate else None,
        slug="" if plate else province,
    )
    if province is None:
        raise Http404
    # Whoever may open the province reads the same page of it.
    fragment = cached(
        f"dashboard:province:{province.pk}:{get_language()}",
        depends_on=(dashboards.SNAPSHOTS, dashboards.CLUSTERS),
        compute=lambda: _province_fragment(province),
    )
    return render(
        request,
        "benchmarking/province_dashboard.html",
        {"province": province, "fragment": fragment},
    )
