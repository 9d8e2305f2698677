"""Staff pages of the SME registry: list, export, create, edit, detail."""

import hashlib
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, gettext_lazy, ngettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe
from openpyxl import Workbook

from kms.core.downloads import csv_download, xlsx_download, xlsx_row
from kms.core.forms import form_page, redirect_if_saved
from kms.core.generations import cached
from kms.core.http import typed_number
from kms.core.pagecache import public_page

from ..contacts import firm_contacts
from ..filters import PAGE_SIZES, FirmFilter
from ..forms import AnnualFiguresForm, FirmForm, ServiceForm
from ..hooks import firm_page_sections
from ..models import Firm, Service
from ..permissions import can_edit_firm, can_register_firms
from ..scoping import province_scope
from ..selectors import (
    FILTER_CHOICES,
    FIRM_ROWS,
    FIRMS,
    SERVICES,
    firm_change_history,
    firm_generation,
    firm_timeline,
    firms_for_list,
    home_info_spot,
    likely_duplicates,
    public_directory,
    with_reached_flags,
)
from ..services import (
    annual_figures_save,
    firm_register,
    firm_update,
    service_record,
)
from ..validators import normalise_identifier, spreadsheet_safe


def _filtered_firms(request):
    return FirmFilter(
        request.GET, queryset=firms_for_list(user=request.user), user=request.user
    )


# How long what a list's filters give is kept for a list nobody opens
# again (a search typed once); any write to what it shows makes it stale
# before (kms.core.generations).
LIST_TIMEOUT = 60 * 60


def _list_key(request, kind: str, *, ignore=()) -> str:
    """A cache key for the reader's provinces, language and query."""
    query = request.GET.copy()
    for name in ignore:
        query.pop(name, None)
    digest = hashlib.sha256(
        urlencode(sorted(query.lists()), doseq=True).encode()
    ).hexdigest()
    scope = province_scope(user=request.user)
    return f"firm-list-{kind}:{scope.cache_key}:{get_language()}:{digest}"


@never_cache
@login_required
@require_safe
def firm_list(request):
    """The firm list. Its content is the same for everyone who sees the
    same provinces and asks the same in the same language: it is kept in
    the cache until a firm, a service or an option of the filters changes.
    The frame around it (account menu, CSRF token) is drawn for each
    request. A member's list (their own firm) is drawn each time."""
    if not province_scope(user=request.user).any:
        return _list_page(request, _filtered_firms(request))

    def compute():
        filterset = _filtered_firms(request)
        return {
            "html": _list_content(request, filterset),
            "status": 400 if filterset.errors else 200,
        }

    content = cached(
        _list_key(request, "content"),
        depends_on=(FIRMS, SERVICES, FILTER_CHOICES),
        compute=compute,
        timeout=LIST_TIMEOUT,
        # A filter that makes no sense is answered afresh each time.
        keep=lambda content: content["status"] == 200,
    )
    return _framed(request, content["html"], status=content["status"])


def _framed(request, content, *, status):
    return render(
        request,
        "infospots/firm_list.html",
        {"content": mark_safe(content)},  # noqa: S308 - drawn by our templates
        status=status,
    )


def _list_state(request, filterset) -> dict:
    """The filter form, drawn, and how many firms the filters leave: what
    the list costs whatever page it shows (the form's options are about 150
    widgets, 30 ms to draw; the count a pass over the filtered firms).

    Kept in the cache for the reader's provinces, language and filters
    until a firm, a service (for a filter on "reached") or an option of the
    filters changes, so that paging through a list counts once. A member's
    list (their own firm) and a form with errors are drawn each time.
    """

    def compute():
        return {"form": str(filterset.form), "count": filterset.qs.count()}

    if not province_scope(user=request.user).any or filterset.errors:
        return compute()
    depends_on = [FIRMS, FILTER_CHOICES]
    if request.GET.get("reached"):
        depends_on.append(SERVICES)
    return cached(
        _list_key(request, "state", ignore=("page", "size")),
        depends_on=depends_on,
        compute=compute,
        timeout=LIST_TIMEOUT,
    )


def _list_content(request, filterset, *, refusal=None) -> str:
    """The list's content: filters, the page of firms, paging. It depends on
    nothing of the reader's but their provinces: it is drawn without the
    request."""
    size = request.GET.get("size")
    per_page = int(size) if size in {str(s) for s in PAGE_SIZES} else PAGE_SIZES[0]
    state = _list_state(request, filterset)
    paginator = Paginator(filterset.qs, per_page)
    paginator.count = state["count"]
    page = paginator.get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    unordered = query.copy()
    unordered.pop("ordering", None)
    return render_to_string(
        "infospots/includes/firm_list_content.html",
        {
            "filter": filterset,
            "filter_form": mark_safe(state["form"]),  # noqa: S308 - drawn by Django
            "page_obj": page,
            "firms": with_reached_flags(page.object_list),
            "query": query.urlencode(),
            "unordered_query": unordered.urlencode(),
            "ordering": request.GET.get("ordering", ""),
            "page_sizes": PAGE_SIZES,
            "can_register": can_register_firms(request.user),
            "refusal": refusal,
        },
    )


def _list_page(request, filterset, *, refusal=None):
    """The list drawn afresh. A filter that makes no sense, or a refused
    export, is a 400 whose message stands next to its field (or above the
    list)."""
    return _framed(
        request,
        _list_content(request, filterset, refusal=refusal),
        status=400 if filterset.errors or refusal else 200,
    )


EXPORT_FILTERS_INVALID = gettext_lazy(
    "Nothing was exported: correct the filters marked below, then export again."
)
# %(limit)s and %(count)s are the numbers as written in the page's language;
# "rows" (the limit itself) picks the plural form.
XLSX_TOO_MANY = ngettext_lazy(
    "An Excel file holds at most %(limit)s firm and this list has %(count)s. "
    "Narrow the filters, or export CSV, which has no limit.",
    "An Excel file holds at most %(limit)s firms and this list has %(count)s. "
    "Narrow the filters, or export CSV, which has no limit.",
    "rows",
)


def _export(request, write, *, row_limit=None):
    """Export the list's filtered rows with `write`, or show the list saying
    why not: invalid filters never export everything."""
    filterset = _filtered_firms(request)
    if not filterset.is_valid():
        return _list_page(request, filterset, refusal=EXPORT_FILTERS_INVALID)
    if row_limit is not None:
        count = filterset.qs.count()
        if count > row_limit:
            refusal = XLSX_TOO_MANY % {
                "limit": number_format(row_limit, force_grouping=True),
                "count": number_format(count, force_grouping=True),
                "rows": row_limit,
            }
            return _list_page(request, filterset, refusal=refusal)
    return write(_export_rows(filterset.qs.with_reached()))


def _export_rows(firms):
    header = [
        _("Legal name"),
        _("Trade name"),
        _("Tax id"),
        _("MERSİS number"),
        _("Province"),
        _("District"),
        _("NACE division"),
        _("Size class"),
        _("Reached"),
        _("Info Spot"),
        _("Registered at"),
        _("Listed publicly"),
    ]
    yield header
    for firm in firms.iterator(chunk_size=2000):
        yield [
            spreadsheet_safe(value)
            for value in (
                firm.legal_name,
                firm.trade_name,
                firm.tax_id,
                firm.mersis_number,
                firm.province.name,
                firm.district,
                firm.primary_nace.code,
                firm.get_size_class_display(),
                _("yes") if firm.reached else _("no"),
                firm.info_spot.name,
                # A date: each format writes it as the reader's language does.
                timezone.localdate(firm.created_at),
                _("yes") if firm.listed_publicly else _("no"),
            )
        ]


def _export_filename(extension):
    return f"firms-{timezone.localdate():%Y-%m-%d}.{extension}"


@never_cache
@login_required
@require_safe
def firm_export_csv(request):
    return _export(request, _csv_response)


def _csv_response(rows):
    return csv_download(rows, filename=_export_filename("csv"))


@never_cache
@login_required
@require_safe
def firm_export_xlsx(request):
    return _export(request, _xlsx_response, row_limit=settings.KMS_XLSX_EXPORT_MAX_ROWS)


def _xlsx_response(rows):
    # Built in memory (a workbook is a zip): the row limit bounds the time
    # and memory one request may take.
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("Firms"))
    for row in rows:
        sheet.append(xlsx_row(sheet, row))
    return xlsx_download(workbook, filename=_export_filename("xlsx"))


def scoped_firm(request, pk):
    """A firm the user may see; another province's firm is a 404 like a missing one."""
    return get_object_or_404(
        Firm.objects.for_user(request.user).select_related(
            "province", "primary_nace__section", "info_spot", "registered_by"
        ),
        pk=pk,
    )


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def firm_create(request):
    if not can_register_firms(request.user):
        raise PermissionDenied
    form = FirmForm(
        request.POST if request.method == "POST" else None, user=request.user
    )
    redirected = redirect_if_saved(
        request,
        form,
        lambda: firm_register(
            actor=request.user,
            firm=form.instance,
            secondary_naces=form.cleaned_data["secondary_naces"],
        ),
        to=Firm.get_absolute_url,
    )
    return redirected or form_page(request, "infospots/firm_form.html", {"form": form})


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def firm_update_view(request, pk):
    firm = scoped_firm(request, pk)
    if not can_edit_firm(request.user, firm):
        raise PermissionDenied
    form = FirmForm(
        request.POST if request.method == "POST" else None,
        instance=firm,
        user=request.user,
    )
    redirected = redirect_if_saved(
        request,
        form,
        lambda: firm_update(
            actor=request.user,
            firm=form.instance,
            secondary_naces=form.cleaned_data["secondary_naces"],
        ),
        to=Firm.get_absolute_url,
    )
    return redirected or form_page(
        request, "infospots/firm_form.html", {"form": form, "firm": firm}
    )


# How long a firm's page is kept at most: the names of the users it shows
# (who registered it, gave a service, changed it) are not watched; a write
# to the firm, its services, figures or activities makes it stale at once.
FIRM_PAGE_TIMEOUT = 60 * 60


@never_cache
@login_required
@require_safe
def firm_detail(request, pk):
    """A firm's page. Its own records (identity, figures, services, history)
    are kept in the cache for the firm, the reader's provinces and the
    language, until one of them changes. Its contacts (personal data, which
    an erasure must remove everywhere) and what other apps add are read for
    each request, as is the frame.

    For staff and national roles whether the page answers at all follows
    from the firm's province and theirs, so the lookup is kept with the
    records: a kept page costs no query of its own. A member's own firm is
    looked up for each request (what a member sees follows from their firm)."""
    scope = province_scope(user=request.user)
    if scope.any:
        page = cached(
            f"firm-page:{pk}:{scope.cache_key}:{get_language()}",
            depends_on=(FIRM_ROWS, FILTER_CHOICES, firm_generation(pk)),
            compute=lambda: _firm_page(scoped_firm(request, pk), request.user),
            timeout=FIRM_PAGE_TIMEOUT,
        )
        # The key carries the provinces: checked again all the same.
        if not scope.allows(page["province_id"]):
            raise Http404
        firm = _firm_known(
            id=pk, legal_name=page["legal_name"], province_id=page["province_id"]
        )
    else:
        firm = scoped_firm(request, pk)
        page = cached(
            f"firm-page:{pk}:member:{get_language()}",
            depends_on=(FIRM_ROWS, FILTER_CHOICES, firm_generation(pk)),
            compute=lambda: _firm_page(firm, request.user),
            timeout=FIRM_PAGE_TIMEOUT,
        )
    can_edit = page["can_edit"]
    return render(
        request,
        "infospots/firm_detail.html",
        {
            "firm": firm,
            "can_edit": can_edit,
            # Drawn by our templates, from the firm's records.
            "parts": {name: mark_safe(html) for name, html in page["parts"].items()},  # noqa: S308
            "contacts": firm_contacts(user=request.user, firm=firm),
            "sections": firm_page_sections(request, firm),
        },
    )


def _firm_known(**values) -> Firm:
    """The firm as far as `values` tell it, as if read from the database:
    what the frame, the contacts and other apps' sections read of it. Any
    other field would be read on first use."""
    names = [f.attname for f in Firm._meta.concrete_fields if f.attname in values]
    return Firm.from_db(None, names, [values[name] for name in names])


def _firm_page(firm, user) -> dict:
    """What a firm's page keeps in the cache: its records drawn, and the
    little the view needs of the firm besides (never a contact)."""
    can_edit = can_edit_firm(user, firm)
    return {
        "province_id": firm.province_id,
        "legal_name": firm.legal_name,
        "can_edit": can_edit,
        "parts": _firm_parts(firm, can_edit),
    }


def _firm_parts(firm, can_edit) -> dict:
    """The parts of a firm's page drawn from its own records, without the
    request."""
    context = {
        "firm": firm,
        "can_edit": can_edit,
        "secondary_naces": firm.secondary_naces.all(),
        "figures": firm.annual_figures.select_related("regulation"),
        "services": firm_timeline(firm=firm),
        "history": firm_change_history(firm=firm) if can_edit else None,
    }
    parts = {
        name: render_to_string(f"infospots/includes/firm_detail_{name}.html", context)
        for name in ("top", "records")
    }
    parts["history"] = (
        render_to_string("infospots/includes/firm_detail_history.html", context)
        if can_edit
        else ""
    )
    return parts


HISTORY_PAGE_SIZE = 50


@never_cache
@login_required
@require_safe
def firm_history(request, pk):
    """Every change of a firm, 50 a page, for those who may edit it."""
    firm = scoped_firm(request, pk)
    if not can_edit_firm(request.user, firm):
        raise PermissionDenied
    number = max(typed_number(request.GET.get("page"), digits=6) or 1, 1)
    history = firm_change_history(
        firm=firm,
        offset=(number - 1) * HISTORY_PAGE_SIZE,
        limit=HISTORY_PAGE_SIZE,
    )
    return render(
        request,
        "infospots/firm_history.html",
        {"firm": firm, "history": history, "number": number},
    )


@never_cache
@login_required
@require_safe
def firm_duplicates(request):
    """htmx: likely duplicates of the firm being typed in."""
    if not can_register_firms(request.user):
        raise PermissionDenied
    firms, elsewhere = likely_duplicates(
        user=request.user,
        tax_id=normalise_identifier(request.GET.get("tax_id", ""))[:11],
        legal_name=request.GET.get("legal_name", "")[:300],
        province_id=typed_number(request.GET.get("province")),
        exclude_pk=typed_number(request.GET.get("exclude")),
    )
    return render(
        request,
        "infospots/includes/duplicates.html",
        {"duplicates": firms, "elsewhere": elsewhere},
    )


def _service_form_view(request, firm, service):
    if not can_edit_firm(request.user, firm):
        raise PermissionDenied
    form = ServiceForm(
        request.POST if request.method == "POST" else None, instance=service, firm=firm
    )
    redirected = redirect_if_saved(
        request,
        form,
        lambda: service_record(actor=request.user, service=form.instance),
        to=firm.get_absolute_url() + "#services",
    )
    return redirected or form_page(
        request,
        "infospots/service_form.html",
        {"form": form, "firm": firm, "service": service},
    )


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def service_create(request, pk):
    firm = scoped_firm(request, pk)
    # Preselect where the service was most likely given: the user's own Info
    # Spot when it serves the firm's province, else the one that registered it.
    spot = home_info_spot(user=request.user) or firm.info_spot
    return _service_form_view(request, firm, Service(firm=firm, info_spot=spot))


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def service_update(request, pk, service_pk):
    firm = scoped_firm(request, pk)
    service = get_object_or_404(firm.services, pk=service_pk)
    return _service_form_view(request, firm, service)


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def figures_create(request, pk):
    firm = scoped_firm(request, pk)
    if not can_edit_firm(request.user, firm):
        raise PermissionDenied
    form = AnnualFiguresForm(request.POST if request.method == "POST" else None)
    redirected = redirect_if_saved(
        request,
        form,
        lambda: annual_figures_save(actor=request.user, firm=firm, **form.cleaned_data),
        to=firm.get_absolute_url() + "#figures",
    )
    return redirected or form_page(
        request, "infospots/figures_form.html", {"form": form, "firm": firm}
    )


@require_safe
@public_page("infospots", "clusters")
def firm_directory(request):
    page = Paginator(public_directory(), 50).get_page(request.GET.get("page"))
    return render(
        request,
        "infospots/firm_directory.html",
        {"page_obj": page, "firms": page.object_list, "query": ""},
    )
