"""The SME registry: firms, their annual figures and the support they get.

Province path: every row here reaches its province through `firm.province`
(Firm itself: `province`); infospots.scoping applies the one scoping rule.
"""

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from kms.core.dates import validate_not_future_date

from ..querysets import FirmQuerySet, ServiceQuerySet
from ..scoping import ScopedQuerySet
from ..validators import (
    validate_mersis,
    validate_not_future_figures_year,
    validate_not_future_year,
    validate_tax_id,
)
from .reference import NaceDivision, Province, SizeClass, SizeRegulation
from .spots import InfoSpot


class Firm(models.Model):
    """A small or medium-sized enterprise registered by an Info Spot."""

    legal_name = models.CharField(_("legal name"), max_length=300)
    trade_name = models.CharField(_("trade name"), max_length=200, blank=True)
    tax_id = models.CharField(
        _("tax id"),
        max_length=11,
        unique=True,
        validators=[validate_tax_id],
        help_text=_("VKN (10 digits) or, for a sole proprietor, TCKN (11 digits)."),
    )
    mersis_number = models.CharField(
        _("MERSİS number"),
        max_length=16,
        blank=True,
        validators=[validate_mersis],
    )
    trade_registry_office = models.CharField(
        _("trade registry office"), max_length=120, blank=True
    )
    trade_registry_number = models.CharField(
        _("trade registry number"), max_length=40, blank=True
    )
    primary_nace = models.ForeignKey(
        NaceDivision,
        on_delete=models.PROTECT,
        related_name="primary_firms",
        verbose_name=_("main activity (NACE division)"),
    )
    secondary_naces = models.ManyToManyField(
        NaceDivision,
        blank=True,
        related_name="secondary_firms",
        verbose_name=_("other activities (NACE divisions)"),
    )
    province = models.ForeignKey(
        Province,
        on_delete=models.PROTECT,
        related_name="firms",
        verbose_name=_("province"),
    )
    district = models.CharField(_("district"), max_length=80, blank=True)
    address = models.TextField(_("address"), blank=True)
    website = models.URLField(_("website"), blank=True)
    founded_year = models.PositiveSmallIntegerField(
        _("founding year"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1800), validate_not_future_year],
    )
    exports = models.BooleanField(_("exports"), default=False)
    export_markets = models.CharField(
        _("export markets"),
        max_length=300,
        blank=True,
        help_text=_("Countries or regions, separated by commas."),
    )
    info_spot = models.ForeignKey(
        InfoSpot,
        on_delete=models.PROTECT,
        related_name="firms",
        verbose_name=_("registered by Info Spot"),
    )
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="registered_firms",
        verbose_name=_("registered by"),
    )
    listed_publicly = models.BooleanField(
        _("listed in the public directory"),
        default=False,
        help_text=_("The firm agreed to appear (name, province, sector only)."),
    )
    # The class of the latest year's figures, kept by annual_figures_save so
    # that the list can filter on an index.
    size_class = models.CharField(
        _("size class"), max_length=8, choices=SizeClass.choices, blank=True
    )
    # Folded (Turkish-aware, ASCII) text for search and duplicate detection,
    # kept by the firm services.
    search_key = models.TextField(editable=False, default="")
    name_key = models.CharField(editable=False, max_length=300, default="")
    created_at = models.DateTimeField(_("registered at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last update"), auto_now=True)

    province_path = "province"
    member_path = "memberships__user"
    objects = FirmQuerySet.as_manager()
    history = HistoricalRecords(
        excluded_fields=["search_key", "name_key"], m2m_fields=[secondary_naces]
    )

    class Meta:
        verbose_name = _("firm")
        verbose_name_plural = _("firms")
        # name_key is folded to ASCII, so Ç sorts with C (the database's
        # collation would put it after Z).
        ordering = ["name_key", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["mersis_number"],
                condition=~models.Q(mersis_number=""),
                name="firm_mersis_unique",
                violation_error_message=_(
                    "A firm with this MERSİS number is already registered."
                ),
            ),
        ]
        indexes = [
            # National lists sort all firms by name or registration date.
            models.Index(fields=["name_key", "id"]),
            models.Index(fields=["created_at"]),
            models.Index(fields=["province", "name_key"]),
            models.Index(fields=["province", "district"]),
            models.Index(fields=["province", "size_class"]),
            models.Index(fields=["province", "created_at"]),
            models.Index(fields=["listed_publicly", "name_key"]),
        ]

    def __str__(self):
        return self.trade_name or self.legal_name

    def get_absolute_url(self):
        return reverse("infospots:firm_detail", kwargs={"pk": self.pk})


class FirmMembership(models.Model):
    """Links an SME member's account to their one firm."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="firm_membership",
        verbose_name=_("user"),
    )
    firm = models.ForeignKey(
        Firm,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("firm"),
    )

    province_path = "firm__province"
    member_path = "user"
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("firm membership")
        verbose_name_plural = _("firm memberships")

    def __str__(self):
        return f"{self.user} → {self.firm}"


class AnnualFigures(models.Model):
    """A firm's headcount and money figures for one year, and its size class."""

    firm = models.ForeignKey(
        Firm,
        on_delete=models.CASCADE,
        related_name="annual_figures",
        verbose_name=_("firm"),
    )
    year = models.PositiveSmallIntegerField(
        _("year"),
        validators=[MinValueValidator(1990), validate_not_future_figures_year],
    )
    employees = models.DecimalField(
        _("employees (annual work units)"),
        max_digits=8,
        decimal_places=2,
        validators=[MinValueValidator(0)],
    )
    net_sales = models.DecimalField(
        _("net sales (TL)"),
        max_digits=18,
        decimal_places=2,
        validators=[MinValueValidator(0)],
    )
    balance_sheet_total = models.DecimalField(
        _("balance-sheet total (TL)"),
        max_digits=18,
        decimal_places=2,
        validators=[MinValueValidator(0)],
    )
    size_class = models.CharField(
        _("size class"), max_length=8, choices=SizeClass.choices, editable=False
    )
    regulation = models.ForeignKey(
        SizeRegulation,
        on_delete=models.PROTECT,
        null=True,
        editable=False,
        verbose_name=_("regulation applied"),
    )

    province_path = "firm__province"
    member_path = "firm__memberships__user"
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("annual figures")
        verbose_name_plural = _("annual figures")
        ordering = ["firm", "-year"]
        constraints = [
            models.UniqueConstraint(
                fields=["firm", "year"],
                name="annual_figures_one_per_year",
                violation_error_message=_(
                    "This firm already has figures for that year."
                ),
            ),
            models.CheckConstraint(
                condition=models.Q(employees__gte=0)
                & models.Q(net_sales__gte=0)
                & models.Q(balance_sheet_total__gte=0),
                name="annual_figures_not_negative",
            ),
        ]

    def __str__(self):
        return f"{self.firm} {self.year}"


class ServiceKind(models.TextChoices):
    INFORMATION = "information", _("Information")
    TRAINING = "training", _("Training")
    CONSULTING = "consulting", _("Consulting")
    TECHNICAL_ASSISTANCE = "technical_assistance", _("Technical assistance")
    MATCHMAKING = "matchmaking", _("Matchmaking")
    GRANT_SUPPORT = "grant_support", _("Grant support")
    OTHER = "other", _("Other")


class Service(models.Model):
    """One support an Info Spot gave a firm. A firm with one is "reached"."""

    firm = models.ForeignKey(
        Firm, on_delete=models.CASCADE, related_name="services", verbose_name=_("firm")
    )
    info_spot = models.ForeignKey(
        InfoSpot,
        on_delete=models.PROTECT,
        related_name="services",
        verbose_name=_("Info Spot"),
    )
    kind = models.CharField(_("type"), max_length=24, choices=ServiceKind.choices)
    date = models.DateField(_("date"), validators=[validate_not_future_date])
    hours = models.DecimalField(
        _("hours"),
        max_digits=5,
        decimal_places=1,
        validators=[MinValueValidator(0)],
    )
    staff = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="services_given",
        verbose_name=_("staff member"),
    )
    notes = models.TextField(_("notes"), blank=True)
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    province_path = "firm__province"
    member_path = "firm__memberships__user"
    objects = ServiceQuerySet.as_manager()

    class Meta:
        verbose_name = _("service")
        verbose_name_plural = _("services")
        ordering = ["-date", "-pk"]
        indexes = [models.Index(fields=["firm", "date"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(hours__gte=0), name="service_hours_not_negative"
            )
        ]

    def __str__(self):
        return f"{self.get_kind_display()} · {self.firm} · {date_format(self.date)}"

    def get_absolute_url(self):
        return f"{self.firm.get_absolute_url()}#services"
