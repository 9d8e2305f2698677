"""The quarterly progress report (XLSX) and the snapshots (CSV) downloads.

For info-spot staff and national roles: staff get the national rows and
their own province's, national roles every province's.
"""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from kms.core.downloads import csv_download, xlsx_download
from kms.core.http import bad_request

from ..permissions import dashboard_scope
from ..reports import (
    TARGET_UNKNOWN,
    ReportError,
    progress_report,
    report_workbook,
    snapshot_rows,
)
from ..selectors import active_programme


def _programme():
    programme = active_programme()
    if programme is None:
        raise Http404
    return programme


@never_cache
@login_required
@require_safe
def report_xlsx(request):
    scope = dashboard_scope(request.user)
    programme = _programme()
    try:
        report = progress_report(
            programme=programme, scope=scope, quarter=request.GET.get("quarter")
        )
    except ReportError as error:
        return bad_request(request, str(error))
    return xlsx_download(
        report_workbook(report),
        filename=f"progress-report-{programme.slug}-{report.quarter}.xlsx",
    )


@never_cache
@login_required
@require_safe
def snapshots_csv(request):
    scope = dashboard_scope(request.user)
    programme = _programme()
    target = None
    code = request.GET.get("target")
    if code:
        target = programme.targets.filter(code=code).first()
        if target is None:
            # Cut to a target code's length.
            return bad_request(request, TARGET_UNKNOWN % {"code": code[:40]})
    # csv_download makes the rows in the request's language, dates included.
    rows = snapshot_rows(programme=programme, scope=scope, target=target)
    name = "-".join(
        [
            "snapshots",
            programme.slug,
            *([target.code] if target else []),
            f"{timezone.localdate():%Y-%m-%d}",
        ]
    )
    return csv_download(rows, filename=f"{name}.csv")
