"""Staff pages of the spreadsheet import: upload, preview, progress, commit."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe

from kms.core.downloads import XLSX_CONTENT_TYPE, download
from kms.core.forms import StyledFormMixin

from .. import imports
from ..models import ImportJob, ImportStatus, InfoSpot
from ..permissions import can_register_firms
from ..scoping import province_scope

ALREADY_STARTED = _("This import has already been started or finished.")


class FirmImportForm(StyledFormMixin, forms.Form):
    info_spot = forms.ModelChoiceField(
        label=_("Info Spot"),
        queryset=InfoSpot.objects.none(),
        help_text=_(
            "Every firm of the file is registered in this Info Spot's province."
        ),
    )
    file = forms.FileField(
        label=_("Spreadsheet"),
        help_text=_(
            "CSV (UTF-8, comma or semicolon separated) or Excel workbook (.xlsx)."
        ),
        widget=forms.FileInput(
            attrs={"accept": f".csv,.xlsx,text/csv,{XLSX_CONTENT_TYPE}"}
        ),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        if province_scope(user=user).everything:
            spots = InfoSpot.objects.active()
        else:
            # Staff import into the Info Spot they work at, nowhere else.
            spots = InfoSpot.objects.filter(staff_assignments__user=user)
        spots = spots.select_related("province").order_by("province__plate", "name")
        field = self.fields["info_spot"]
        field.queryset = spots
        field.label_from_instance = lambda spot: f"{spot.name} ({spot.province.name})"
        only = list(spots[:2])
        if len(only) == 1:
            field.initial = only[0]
            field.disabled = True
        self.file_format = None
        self.sheet = None

    def clean_file(self):
        upload = self.cleaned_data["file"]
        try:
            self.file_format, self.sheet = imports.inspect_upload(upload)
        except imports.ImportFileError as error:
            raise forms.ValidationError(error.message, code="bad_file") from None
        return upload


def _require_import_rights(user):
    if not can_register_firms(user):
        raise PermissionDenied


def _scoped_job(request, pk):
    """A job of the user's province; another province's is a 404 like a missing one."""
    _require_import_rights(request.user)
    return get_object_or_404(
        ImportJob.objects.for_user(request.user).select_related(
            "info_spot", "province", "created_by", "committed_by"
        ),
        pk=pk,
    )


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def firm_import(request):
    _require_import_rights(request.user)
    posted = request.method == "POST"
    form = FirmImportForm(
        request.POST if posted else None,
        request.FILES if posted else None,
        user=request.user,
    )
    if posted and form.is_valid():
        job = imports.import_job_create(
            actor=request.user,
            info_spot=form.cleaned_data["info_spot"],
            upload=form.cleaned_data["file"],
            file_format=form.file_format,
            total_rows=len(form.sheet.rows),
        )
        return redirect(job)
    jobs = (
        ImportJob.objects.for_user(request.user)
        .select_related("info_spot", "created_by")
        .defer("errors")[:10]
    )
    return render(
        request,
        "infospots/import_form.html",
        {
            "form": form,
            "jobs": jobs,
            "columns": imports.describe_columns(),
            "max_rows": imports.max_import_rows(),
            "max_bytes": imports.max_import_bytes(),
        },
        status=400 if form.errors else 200,
    )


@never_cache
@login_required
@require_safe
def firm_import_template(request, fmt):
    _require_import_rights(request.user)
    name = gettext("firm-import-template")
    if fmt == "csv":
        content, content_type = imports.template_csv(), "text/csv; charset=utf-8"
    else:
        content, content_type = imports.template_xlsx(), XLSX_CONTENT_TYPE
    return download(content, filename=f"{name}.{fmt}", content_type=content_type)


def _progress_context(job):
    if job.status == ImportStatus.IMPORTING:
        done = min(imports.written_rows(job), job.created_count + job.updated_count)
        total = job.created_count + job.updated_count
    else:
        done, total = job.processed_rows, job.total_rows
    percent = int(done * 100 / total) if total else 0
    return {"job": job, "done": done, "total": total, "percent": percent}


@never_cache
@login_required
@require_safe
def firm_import_detail(request, pk):
    job = _scoped_job(request, pk)
    return render(
        request,
        "infospots/import_detail.html",
        {
            **_progress_context(job),
            "shown_errors": len(job.errors),
            "changes": job.created_count + job.updated_count,
        },
    )


@never_cache
@login_required
@require_safe
def firm_import_progress(request, pk):
    """htmx: the progress bar, polled while the job runs.

    Once the job has stopped running, the whole page reloads to show the
    preview or the result (htmx honours HX-Refresh).
    """
    job = _scoped_job(request, pk)
    response = render(request, "infospots/import_progress.html", _progress_context(job))
    if not job.is_running and request.headers.get("HX-Request"):
        response["HX-Refresh"] = "true"
    return response


@never_cache
@login_required
def firm_import_commit(request, pk):
    job = _scoped_job(request, pk)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    if not imports.import_job_request_commit(actor=request.user, job=job):
        messages.info(request, ALREADY_STARTED)
    return redirect(job)
