"""The records behind a target's number: the list its drill-down opens when
the metric names no list of its own.

The metric's `records` give exactly what was counted; the list shows them as
they stand today, in the reader's provinces only (a national list for
national roles only), 50 a page, with a fixed number of queries however
many there are.
"""

from django.contrib.auth.decorators import login_required
from django.db.models import F
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from infospots.scoping import visible_provinces
from kms.core.http import typed_number

from ..models import Snapshot
from ..permissions import dashboard_scope
from ..selectors import active_programme

PAGE_SIZE = 50


@never_cache
@login_required
@require_safe
def target_records(request, code):
    scope = dashboard_scope(request.user)
    programme = active_programme()
    if programme is None:
        raise Http404
    target = get_object_or_404(programme.targets, code=code)
    metric = target.definition
    if metric is None or metric.records is None:
        raise Http404
    province = None
    if "province" in request.GET:
        # Another province, like a missing one, is a 404.
        pk = typed_number(request.GET["province"])
        province = get_object_or_404(visible_provinces(user=request.user), pk=pk)
    elif not scope.everything:
        raise Http404  # a national list is for national roles
    page = max(typed_number(request.GET.get("page"), digits=9) or 1, 1)
    records = (
        metric.records_in(
            timezone.localdate(),
            province.pk if province else None,
            **(target.parameters or {}),
        )
        # Where each record counts, for a list of all provinces.
        .annotate(counted_in=F(f"{metric.province_path}__name"))
        .order_by("pk")
    )
    rows = list(records[(page - 1) * PAGE_SIZE : page * PAGE_SIZE + 1])
    counted = (
        Snapshot.objects.filter(target=target, province=province)
        .order_by("-on")
        .only("on", "value")
        .first()
    )
    return render(
        request,
        "benchmarking/records.html",
        {
            "target": target,
            "metric": metric,
            "province": province,
            "records": rows[:PAGE_SIZE],
            "page": page,
            "has_next": len(rows) > PAGE_SIZE,
            "first_number": (page - 1) * PAGE_SIZE + 1,
            "counted": counted,
        },
    )
