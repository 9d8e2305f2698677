"""Contacts at firms and their personal data (KVKK / GDPR).

Services (writes) and selectors (reads) of the contact registry, kept apart
from services.py so the personal-data rules are read in one place: consent is
an append-only ledger, export hands a person everything held about them, and
erasure anonymises the row and every historical record of it.
"""

import datetime as dt
import logging
from dataclasses import dataclass

from django.conf import settings
from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from .models import ConsentRecord, Contact, ContactErasure, Firm, InformationNotice
from .permissions import can_edit_firm
from .selectors import FieldChange

logger = logging.getLogger(__name__)

NOT_YOUR_CONTACT = _("You can only work on contacts of firms of your own province.")
CONTACT_ERASED_READ_ONLY = _("This contact has been erased; it cannot be changed.")
CONTACT_ALREADY_ERASED = _("This contact has already been erased.")
CONTACT_MOVED = _("A contact cannot be moved to another firm.")
CONSENT_IN_FUTURE = _("The time of consent cannot be in the future.")
CONSENT_BEFORE_NOTICE = _(
    "This version of the information notice was published on %(date)s, "
    "after the time of consent."
)
ERASURE_REASON_REQUIRED = _("Give the reason for the erasure.")
ERASED_NAME = _("Erased contact #%(id)s")

# The personal fields of a contact: what erasure blanks, what history shows.
PERSONAL_FIELDS = ("full_name", "position", "phone", "email")


def erased_name(contact_id: int) -> str:
    """The placeholder stored instead of an erased person's name.

    Worded in the site's language, not the eraser's, so that every erased row
    reads the same whoever erased it.
    """
    with translation.override(settings.LANGUAGE_CODE):
        return gettext(ERASED_NAME) % {"id": contact_id}


# --- services ---------------------------------------------------------------


@transaction.atomic
def contact_save(*, actor, contact: Contact) -> Contact:
    """Add a contact to a firm, or save changes to one (not once erased)."""
    if contact.pk is not None:
        original = Contact.objects.select_for_update().get(pk=contact.pk)
        if not can_edit_firm(actor, original.firm):
            raise PermissionDenied(NOT_YOUR_CONTACT)
        if original.firm_id != contact.firm_id:
            raise ValidationError(CONTACT_MOVED)
        if original.erased_at is not None:
            raise ValidationError(CONTACT_ERASED_READ_ONLY)
    elif not can_edit_firm(actor, contact.firm):
        raise PermissionDenied(NOT_YOUR_CONTACT)
    contact.full_clean()
    contact._history_user = actor
    contact.save()
    logger.info(
        "contact_saved contact_id=%s firm_id=%s actor_id=%s",
        contact.pk,
        contact.firm_id,
        actor.pk,
    )
    return contact


def consent_errors(
    *, contact: Contact, notice: InformationNotice, recorded_at: dt.datetime
) -> dict:
    """Why a consent entry cannot be recorded, by field (empty when it can)."""
    errors = {}
    if contact.erased_at is not None:
        errors["__all__"] = [CONTACT_ERASED_READ_ONLY]
    if recorded_at > timezone.now():
        errors["recorded_at"] = [CONSENT_IN_FUTURE]
    elif notice is not None and timezone.localdate(recorded_at) < notice.published_on:
        errors["notice"] = [
            ValidationError(
                CONSENT_BEFORE_NOTICE,
                params={"date": date_format(notice.published_on)},
            )
        ]
    return errors


@transaction.atomic
def consent_record(
    *,
    actor,
    contact: Contact,
    notice: InformationNotice,
    action: str,
    channel: str,
    recorded_at: dt.datetime | None = None,
) -> ConsentRecord:
    """Append one entry to a contact's consent ledger; entries are never edited."""
    locked = (
        Contact.objects.select_for_update().select_related("firm").get(pk=contact.pk)
    )
    if not can_edit_firm(actor, locked.firm):
        raise PermissionDenied(NOT_YOUR_CONTACT)
    recorded_at = recorded_at or timezone.now()
    errors = consent_errors(contact=locked, notice=notice, recorded_at=recorded_at)
    if errors:
        raise ValidationError(errors)
    record = ConsentRecord(
        contact=locked,
        notice=notice,
        action=action,
        channel=channel,
        recorded_at=recorded_at,
        recorded_by=actor,
    )
    record.full_clean()
    record.save()
    logger.info(
        "consent_recorded consent_id=%s contact_id=%s action=%s actor_id=%s",
        record.pk,
        locked.pk,
        action,
        actor.pk,
    )
    return record


def contact_erase_errors(*, actor, contact: Contact) -> list:
    """Why `actor` may not erase `contact` (empty when they may)."""
    if not can_edit_firm(actor, contact.firm):
        return [NOT_YOUR_CONTACT]
    if contact.erased_at is not None:
        return [CONTACT_ALREADY_ERASED]
    return []


@transaction.atomic
def contact_erase(*, actor, contact: Contact, reason: str) -> ContactErasure:
    """Anonymise a contact everywhere, history included, and log the erasure.

    The consent ledger stays: its entries hold no personal field besides the
    link to the (now anonymous) contact, and they prove what was agreed.
    """
    locked = (
        Contact.objects.select_for_update().select_related("firm").get(pk=contact.pk)
    )
    if not can_edit_firm(actor, locked.firm):
        raise PermissionDenied(NOT_YOUR_CONTACT)
    if locked.erased_at is not None:
        raise ValidationError(CONTACT_ALREADY_ERASED, code="already_erased")
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": ERASURE_REASON_REQUIRED})
    now = timezone.now()
    erasure = ContactErasure(
        contact=locked, firm=locked.firm, erased_at=now, erased_by=actor, reason=reason
    )
    erasure.full_clean()

    anonymous = {
        "full_name": erased_name(locked.pk),
        "position": "",
        "phone": "",
        "email": "",
    }
    for field, value in anonymous.items():
        setattr(locked, field, value)
    locked.erased_at = now
    locked._history_user = actor
    locked._change_reason = "erasure"
    locked.save()
    # Every earlier version of the row, not only the live one.
    locked.history.all().update(**anonymous)
    # Django admin's change log names the object it logged (its change
    # messages hold field names only).
    LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(Contact),
        object_id=str(locked.pk),
    ).update(object_repr=anonymous["full_name"])
    erasure.save()

    for field, value in anonymous.items():
        setattr(contact, field, value)
    contact.erased_at = now
    logger.info(
        "contact_erased contact_id=%s firm_id=%s erasure_id=%s actor_id=%s",
        locked.pk,
        locked.firm_id,
        erasure.pk,
        actor.pk,
    )
    return erasure


# --- selectors ----------------------------------------------------------------


@dataclass(frozen=True)
class ContactChange:
    """One version of a contact: who made it, when, and which fields moved."""

    contact_id: int
    name: str
    date: dt.datetime
    user: object  # the User, or None for changes made outside a request
    kind: str  # "created", "changed", "erased", "deleted"
    kind_label: str
    fields: tuple[FieldChange, ...]


CHANGE_KINDS = {
    "created": pgettext_lazy("contact history", "Added"),
    "changed": pgettext_lazy("contact history", "Changed"),
    "erased": pgettext_lazy("contact history", "Erased"),
    "deleted": pgettext_lazy("contact history", "Deleted"),
}


def _as_text(value) -> str:
    return "" if value is None else str(value)


def _changes(records) -> list[ContactChange]:
    """Turn history records (oldest first) into changes, newest first."""
    labels = {
        name: Contact._meta.get_field(name).verbose_name for name in PERSONAL_FIELDS
    }
    previous = {}
    changes = []
    for record in records:
        before = previous.get(record.id)
        if record.history_type == "+" or before is None:
            kind = "created"
        elif record.history_type == "-":
            kind = "deleted"
        elif record.erased_at is not None and before.erased_at is None:
            kind = "erased"
        else:
            kind = "changed"
        fields = tuple(
            FieldChange(
                label=labels[name],
                old=_as_text(getattr(before, name)) if before else "",
                new=_as_text(getattr(record, name)),
            )
            for name in PERSONAL_FIELDS
            if kind in ("changed", "created")
            and getattr(record, name) != (getattr(before, name) if before else "")
        )
        changes.append(
            ContactChange(
                contact_id=record.id,
                name=record.full_name,
                date=record.history_date,
                user=record.history_user,
                kind=kind,
                kind_label=CHANGE_KINDS[kind],
                fields=fields,
            )
        )
        previous[record.id] = record
    changes.reverse()
    return changes


def contact_history(*, contact: Contact) -> list[ContactChange]:
    """Every version of one contact, newest first (one query)."""
    records = contact.history.select_related("history_user").order_by(
        "history_date", "history_id"
    )
    return _changes(records)


@dataclass(frozen=True)
class FirmContacts:
    """What the firm page shows about the people at a firm."""

    active: list  # Contacts with consent_action, consent_version, consent_at
    erased: list  # erased Contacts: only their id and erasure date are shown
    changes: list  # the latest ContactChange rows of the firm's contacts


FIRM_PAGE_CHANGES = 20


def firm_contacts(*, user, firm: Firm) -> FirmContacts | None:
    """The firm's contacts with their latest consent, and recent changes.

    None for whoever may not see them: contacts are for the staff of the
    firm's province and national roles, not for the firm's own members.
    Read for each request (never cached: an erasure shows at once), so kept
    cheap: one query for a firm without contacts, most of them (a contact
    is never deleted nor moved to another firm, so such a firm has no
    contact history either), three whatever the number of contacts.
    """
    if not can_edit_firm(user, firm):
        return None
    contacts = list(Contact.objects.filter(firm_id=firm.pk))
    if not contacts:
        return FirmContacts(active=[], erased=[], changes=[])
    # Each contact's latest consent (the ledger's own order): a contact has
    # a handful of records, read once for all contacts.
    latest = {}
    for record in ConsentRecord.objects.filter(contact__firm_id=firm.pk).values(
        "contact_id", "action", "notice__version", "recorded_at"
    ):
        latest.setdefault(record["contact_id"], record)
    for contact in contacts:
        record = latest.get(contact.pk, {})
        contact.consent_action = record.get("action")
        contact.consent_version = record.get("notice__version")
        contact.consent_at = record.get("recorded_at")
    records = (
        Contact.history.filter(firm_id=firm.pk)
        .select_related("history_user")
        .order_by("history_date", "history_id")
    )
    return FirmContacts(
        active=[c for c in contacts if c.erased_at is None],
        erased=sorted(
            (c for c in contacts if c.erased_at is not None),
            key=lambda c: c.erased_at,
            reverse=True,
        ),
        changes=_changes(records)[:FIRM_PAGE_CHANGES],
    )


def contact_consents(*, contact: Contact):
    """A contact's consent ledger, newest first."""
    return contact.consents.select_related("notice", "recorded_by")


def _when(value) -> str | None:
    return timezone.localtime(value).isoformat() if value else None


def _who(user) -> str | None:
    return str(user) if user else None


def contact_export_data(*, contact: Contact) -> dict:
    """Everything the portal holds about a person, for handing it to them."""
    consents = [
        {
            "action": record.action,
            "action_label": str(record.get_action_display()),
            "channel": record.channel,
            "channel_label": str(record.get_channel_display()),
            "recorded_at": _when(record.recorded_at),
            "recorded_by": _who(record.recorded_by),
            "notice": {
                "version": record.notice.version,
                "title": record.notice.title,
                "published_on": record.notice.published_on.isoformat(),
                "text": record.notice.text,
            },
        }
        for record in contact_consents(contact=contact)
    ]
    history = [
        {
            "date": _when(record.history_date),
            "type": record.get_history_type_display(),
            "changed_by": _who(record.history_user),
            **{name: getattr(record, name) for name in PERSONAL_FIELDS},
            "erased_at": _when(record.erased_at),
        }
        for record in contact.history.select_related("history_user").order_by(
            "history_date", "history_id"
        )
    ]
    erasures = [
        {
            "erased_at": _when(erasure.erased_at),
            "erased_by": _who(erasure.erased_by),
            "reason": erasure.reason,
        }
        for erasure in contact.erasures.select_related("erased_by").order_by(
            "erased_at"
        )
    ]
    return {
        "exported_at": _when(timezone.now()),
        "contact": {
            "id": contact.pk,
            "firm": {"id": contact.firm_id, "legal_name": contact.firm.legal_name},
            **{name: getattr(contact, name) for name in PERSONAL_FIELDS},
            "added_at": _when(contact.created_at),
            "erased_at": _when(contact.erased_at),
        },
        "consents": consents,
        "history": history,
        "erasures": erasures,
    }
