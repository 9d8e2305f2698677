"""Staff pages of the people at a firm: contacts, consent, export, erasure.

Every page holds personal data: it is reached only through a firm the user
may see and edit (anything else answers 404, like a missing row) and is never
cached.
"""

import json
import logging

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.serializers.json import DjangoJSONEncoder
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe

from kms.core.forms import form_page, redirect_if_saved

from ..contacts import (
    CONTACT_ERASED_READ_ONLY,
    consent_record,
    contact_consents,
    contact_erase,
    contact_export_data,
    contact_history,
    contact_save,
)
from ..forms import ConsentForm, ContactEraseForm, ContactForm
from ..models import Contact, InformationNotice
from ..permissions import can_edit_firm
from .firms import scoped_firm

logger = logging.getLogger(__name__)


def _contacts_firm(request, pk):
    """A firm whose contacts the user may see: staff of its province, managers.

    The firm's own members and other provinces' staff get the 404 of a
    missing firm.
    """
    firm = scoped_firm(request, pk)
    if not can_edit_firm(request.user, firm):
        raise Http404
    return firm


def _scoped_contact(request, pk, contact_pk):
    firm = _contacts_firm(request, pk)
    contact = get_object_or_404(firm.contacts, pk=contact_pk)
    contact.firm = firm
    return firm, contact


def _firm_contacts_url(firm):
    return firm.get_absolute_url() + "#contacts"


def _refuse_if_erased(request, firm, contact):
    if contact.erased_at is None:
        return None
    messages.error(request, CONTACT_ERASED_READ_ONLY)
    return redirect(_firm_contacts_url(firm))


def _contact_form_view(request, firm, contact):
    form = ContactForm(
        request.POST if request.method == "POST" else None, instance=contact
    )
    redirected = redirect_if_saved(
        request,
        form,
        lambda: contact_save(actor=request.user, contact=form.instance),
        message=_("The contact has been saved."),
        to=_firm_contacts_url(firm),
    )
    if redirected:
        return redirected
    history = contact_history(contact=contact) if contact.pk else []
    return form_page(
        request,
        "infospots/contact_form.html",
        {"form": form, "firm": firm, "contact": contact, "history": history},
    )


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def contact_create(request, pk):
    firm = _contacts_firm(request, pk)
    return _contact_form_view(request, firm, Contact(firm=firm))


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def contact_update(request, pk, contact_pk):
    firm, contact = _scoped_contact(request, pk, contact_pk)
    refused = _refuse_if_erased(request, firm, contact)
    return refused or _contact_form_view(request, firm, contact)


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def contact_consent(request, pk, contact_pk):
    firm, contact = _scoped_contact(request, pk, contact_pk)
    refused = _refuse_if_erased(request, firm, contact)
    if refused:
        return refused
    form = ConsentForm(request.POST if request.method == "POST" else None)
    redirected = redirect_if_saved(
        request,
        form,
        lambda: consent_record(
            actor=request.user, contact=contact, **form.cleaned_data
        ),
        message=_("The consent has been recorded."),
        to=_firm_contacts_url(firm),
    )
    return redirected or form_page(
        request,
        "infospots/contact_consent.html",
        {
            "form": form,
            "firm": firm,
            "contact": contact,
            "consents": contact_consents(contact=contact),
            "has_notices": InformationNotice.objects.exists(),
        },
    )


@never_cache
@login_required
@require_safe
def contact_export(request, pk, contact_pk):
    _firm, contact = _scoped_contact(request, pk, contact_pk)
    data = contact_export_data(contact=contact)
    logger.info(
        "contact_exported contact_id=%s actor_id=%s", contact.pk, request.user.pk
    )
    response = HttpResponse(
        json.dumps(data, ensure_ascii=False, indent=2, cls=DjangoJSONEncoder),
        content_type="application/json; charset=utf-8",
    )
    response["Content-Disposition"] = (
        f'attachment; filename="contact-{contact.pk}.json"'
    )
    return response


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def contact_erase_view(request, pk, contact_pk):
    firm, contact = _scoped_contact(request, pk, contact_pk)
    form = ContactEraseForm(request.POST if request.method == "POST" else None)
    redirected = redirect_if_saved(
        request,
        form,
        lambda: contact_erase(
            actor=request.user, contact=contact, reason=form.cleaned_data["reason"]
        ),
        message=_("The contact has been erased and the erasure has been logged."),
        to=_firm_contacts_url(firm),
    )
    return redirected or form_page(
        request,
        "infospots/contact_erase.html",
        {"form": form, "firm": firm, "contact": contact},
    )
