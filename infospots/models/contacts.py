"""People at firms and what they consented to (KVKK / GDPR).

Province path: `contact.firm.province`.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from ..querysets import ContactQuerySet
from ..scoping import ScopedQuerySet
from .firms import Firm


class Contact(models.Model):
    """A person at a firm. Erasure anonymises the row and its history."""

    firm = models.ForeignKey(
        Firm, on_delete=models.CASCADE, related_name="contacts", verbose_name=_("firm")
    )
    full_name = models.CharField(_("full name"), max_length=160)
    position = models.CharField(_("role at the firm"), max_length=120, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    created_at = models.DateTimeField(_("added at"), auto_now_add=True)
    erased_at = models.DateTimeField(_("erased at"), null=True, blank=True)

    province_path = "firm__province"
    member_path = "firm__memberships__user"
    objects = ContactQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")
        ordering = ["full_name", "pk"]

    def __str__(self):
        return self.full_name


class InformationNotice(models.Model):
    """A version of the information notice (aydınlatma metni) shown to people."""

    version = models.CharField(_("version"), max_length=20, unique=True)
    title = models.CharField(_("title"), max_length=200)
    text = models.TextField(_("text"))
    published_on = models.DateField(_("published on"), default=timezone.localdate)

    class Meta:
        verbose_name = _("information notice")
        verbose_name_plural = _("information notices")
        ordering = ["-published_on", "-version"]

    def __str__(self):
        return f"{self.title} ({self.version})"


class ConsentAction(models.TextChoices):
    GIVEN = "given", _("Consent given")
    WITHDRAWN = "withdrawn", _("Consent withdrawn")


class ConsentChannel(models.TextChoices):
    IN_PERSON = "in_person", _("In person")
    PAPER = "paper", _("Signed form")
    PHONE = "phone", _("Phone")
    EMAIL = "email", _("E-mail")
    WEB = "web", _("Web site")


class ConsentRecord(models.Model):
    """One entry of a contact's consent ledger. Entries are never edited."""

    contact = models.ForeignKey(
        Contact,
        on_delete=models.CASCADE,
        related_name="consents",
        verbose_name=_("contact"),
    )
    notice = models.ForeignKey(
        InformationNotice,
        on_delete=models.PROTECT,
        related_name="consents",
        verbose_name=_("information notice shown"),
    )
    action = models.CharField(_("action"), max_length=10, choices=ConsentAction.choices)
    channel = models.CharField(
        _("channel"), max_length=10, choices=ConsentChannel.choices
    )
    recorded_at = models.DateTimeField(_("when"), default=timezone.now)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )

    province_path = "contact__firm__province"
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("consent record")
        verbose_name_plural = _("consent records")
        ordering = ["-recorded_at", "-pk"]

    def __str__(self):
        return f"{self.get_action_display()} · {self.notice.version}"


class ContactErasure(models.Model):
    """The kept log of every erasure: who erased which contact, when, why."""

    contact = models.ForeignKey(
        Contact,
        on_delete=models.SET_NULL,
        null=True,
        related_name="erasures",
        verbose_name=_("contact"),
    )
    firm = models.ForeignKey(
        Firm,
        on_delete=models.SET_NULL,
        null=True,
        related_name="contact_erasures",
        verbose_name=_("firm"),
    )
    erased_at = models.DateTimeField(_("erased at"), default=timezone.now)
    erased_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("erased by"),
    )
    reason = models.CharField(_("reason"), max_length=300)

    province_path = "firm__province"
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("contact erasure")
        verbose_name_plural = _("contact erasures")
        ordering = ["-erased_at"]

    def __str__(self):
        return f"#{self.contact_id} · {date_format(timezone.localtime(self.erased_at))}"
