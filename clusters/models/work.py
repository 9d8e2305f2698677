"""A cluster's work: action plans and activities, university-industry
cooperation, grant applications.

Province path: through `cluster.province` (activities through their plan).
"""

import os
import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from infospots.models import Firm
from infospots.models.reference import BilingualNameMixin
from infospots.scoping import ScopedQuerySet
from kms.core.uploads import StoredFile

from ..querysets import ActionPlanQuerySet, ActivityQuerySet
from .clusters import Cluster, Organisation

FIRST_PLAN_YEAR, LAST_PLAN_YEAR = 2000, 2100


class ActionPlan(models.Model):
    """A cluster's plan for one year. Whether its activities are completed is
    derived from them (selectors.plan_progress), never typed."""

    cluster = models.ForeignKey(
        Cluster,
        on_delete=models.CASCADE,
        related_name="action_plans",
        verbose_name=_("cluster"),
    )
    year = models.PositiveSmallIntegerField(
        _("year"),
        validators=[
            MinValueValidator(FIRST_PLAN_YEAR),
            MaxValueValidator(LAST_PLAN_YEAR),
        ],
    )
    objectives = models.TextField(_("objectives"), blank=True, max_length=5000)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    province_path = "cluster__province"
    objects = ActionPlanQuerySet.as_manager()

    class Meta:
        verbose_name = _("action plan")
        verbose_name_plural = _("action plans")
        ordering = ["cluster", "-year"]
        constraints = [
            models.UniqueConstraint(
                fields=["cluster", "year"],
                name="one_plan_per_cluster_year",
                violation_error_message=_(
                    "This cluster already has an action plan for that year."
                ),
            )
        ]

    def __str__(self):
        return f"{self.cluster} · {self.year}"


class ActivityKind(models.TextChoices):
    TRAINING = "training", _("Training")
    B2B = "b2b", _("B2B meeting")
    FAIR = "fair", _("Trade fair")
    STUDY_VISIT = "study_visit", _("Study visit")
    JOINT_PROJECT = "joint_project", _("Joint project")
    ASSISTANCE = "assistance", _("Technical assistance")
    GRANT_PREPARATION = "grant", _("Grant preparation")
    OTHER = "other", _("Other")


class ActivityStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    ONGOING = "ongoing", _("Ongoing")
    COMPLETED = "completed", _("Completed")
    CANCELLED = "cancelled", _("Cancelled")


class Activity(models.Model):
    plan = models.ForeignKey(
        ActionPlan,
        on_delete=models.CASCADE,
        related_name="activities",
        verbose_name=_("action plan"),
    )
    kind = models.CharField(_("type"), max_length=16, choices=ActivityKind.choices)
    title = models.CharField(_("title"), max_length=200)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=ActivityStatus.choices,
        default=ActivityStatus.PLANNED,
    )
    participants = models.ManyToManyField(
        Firm,
        blank=True,
        related_name="cluster_activities",
        verbose_name=_("participating firms"),
    )
    outputs = models.TextField(_("outputs"), blank=True, max_length=5000)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last update"), auto_now=True)

    province_path = "plan__cluster__province"
    objects = ActivityQuerySet.as_manager()

    class Meta:
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        ordering = ["plan", "starts_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")),
                name="activity_ends_after_start",
                violation_error_message=_("An activity cannot end before it starts."),
            )
        ]
        indexes = [models.Index(fields=["status", "ends_on"])]

    def __str__(self):
        return self.title


def evidence_path(instance, filename):
    return (
        f"clusters/evidence/{uuid.uuid4().hex}{os.path.splitext(filename)[1].lower()}"
    )


class Evidence(StoredFile):
    """A file that shows an activity happened (attendance list, photo, report)."""

    activity = models.ForeignKey(
        Activity,
        on_delete=models.CASCADE,
        related_name="evidence",
        verbose_name=_("activity"),
    )
    file = models.FileField(_("file"), upload_to=evidence_path)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    province_path = "activity__plan__cluster__province"
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("evidence file")
        verbose_name_plural = _("evidence files")
        ordering = ["activity", "uploaded_at", "pk"]


class CooperationKind(models.TextChoices):
    JOINT_PROJECT = "joint_project", _("Joint project")
    CONTRACT = "contract", _("Contract (research, testing, consulting)")
    LICENCE = "licence", _("Licence or technology transfer")
    OTHER = "other", _("Other")


class Cooperation(models.Model):
    """A university-industry cooperation between a member firm and a
    university or research body."""

    cluster = models.ForeignKey(
        Cluster,
        on_delete=models.CASCADE,
        related_name="cooperations",
        verbose_name=_("cluster"),
    )
    firm = models.ForeignKey(
        Firm,
        on_delete=models.CASCADE,
        related_name="university_cooperations",
        verbose_name=_("firm"),
    )
    university = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="cooperations",
        verbose_name=_("university or research body"),
    )
    kind = models.CharField(_("type"), max_length=16, choices=CooperationKind.choices)
    title = models.CharField(_("title"), max_length=200)
    started_on = models.DateField(_("started on"))
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    amount = models.DecimalField(
        _("value (TL)"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    notes = models.TextField(_("notes"), blank=True, max_length=5000)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    province_path = "cluster__province"
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("university-industry cooperation")
        verbose_name_plural = _("university-industry cooperations")
        ordering = ["cluster", "-started_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ended_on__isnull=True)
                | models.Q(ended_on__gte=models.F("started_on")),
                name="cooperation_ends_after_start",
                violation_error_message=_("A cooperation cannot end before it starts."),
            ),
            models.CheckConstraint(
                condition=models.Q(amount__isnull=True) | models.Q(amount__gte=0),
                name="cooperation_amount_not_negative",
            ),
        ]

    def __str__(self):
        return self.title


class GrantScheme(BilingualNameMixin, models.Model):
    """A grant programme clusters apply to (data, kept by managers)."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name_tr = models.CharField(_("name (Turkish)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200)
    provider = models.CharField(_("provider"), max_length=200)
    website = models.URLField(_("website"), blank=True)
    is_active = models.BooleanField(_("open to applications"), default=True)

    class Meta:
        verbose_name = _("grant scheme")
        verbose_name_plural = _("grant schemes")
        ordering = ["code"]

    def __str__(self):
        return self.name


class GrantStatus(models.TextChoices):
    PREPARING = "preparing", _("Preparing")
    SUBMITTED = "submitted", pgettext_lazy("grant status", "Submitted")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")


class GrantApplication(models.Model):
    """A cluster's application to a grant scheme, and the Info Spot's help."""

    cluster = models.ForeignKey(
        Cluster,
        on_delete=models.CASCADE,
        related_name="grant_applications",
        verbose_name=_("cluster"),
    )
    scheme = models.ForeignKey(
        GrantScheme,
        on_delete=models.PROTECT,
        related_name="applications",
        verbose_name=_("scheme"),
    )
    title = models.CharField(_("project title"), max_length=200)
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=GrantStatus.choices,
        default=GrantStatus.PREPARING,
    )
    submitted_on = models.DateField(_("submitted on"), null=True, blank=True)
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    amount_requested = models.DecimalField(
        _("amount requested (TL)"),
        max_digits=14,
        decimal_places=2,
        validators=[MinValueValidator(0)],
    )
    amount_granted = models.DecimalField(
        _("amount granted (TL)"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    assistance_hours = models.DecimalField(
        _("Info Spot assistance (hours)"),
        max_digits=7,
        decimal_places=1,
        default=0,
        validators=[MinValueValidator(0)],
    )
    assistance_notes = models.TextField(
        _("technical assistance given by the Info Spot"),
        blank=True,
        max_length=5000,
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last update"), auto_now=True)

    province_path = "cluster__province"
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("grant application")
        verbose_name_plural = _("grant applications")
        ordering = ["cluster", "-submitted_on", "pk"]
        constraints = [
            models.CheckConstraint(
                # NULL > 0 is unknown, which a CHECK lets through: say it.
                condition=~models.Q(status="approved")
                | models.Q(amount_granted__isnull=False, amount_granted__gt=0),
                name="grant_approved_has_amount",
                violation_error_message=_(
                    "An approved application needs the amount granted."
                ),
            ),
            models.CheckConstraint(
                condition=models.Q(status="approved")
                | models.Q(amount_granted__isnull=True),
                name="grant_amount_only_when_approved",
                violation_error_message=_(
                    "Only an approved application has an amount granted."
                ),
            ),
            models.CheckConstraint(
                condition=models.Q(status="preparing")
                | models.Q(submitted_on__isnull=False),
                name="grant_submitted_has_date",
                violation_error_message=_(
                    "A submitted application needs the date it was submitted."
                ),
            ),
            models.CheckConstraint(
                condition=models.Q(decided_on__isnull=True)
                | models.Q(decided_on__gte=models.F("submitted_on")),
                name="grant_decided_after_submitted",
                violation_error_message=_(
                    "The decision cannot come before the submission."
                ),
            ),
            models.CheckConstraint(
                condition=models.Q(amount_requested__gt=0),
                name="grant_amount_requested_positive",
                violation_error_message=_("The amount requested must be positive."),
            ),
        ]
        indexes = [models.Index(fields=["status", "decided_on"])]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        manage = reverse("clusters:manage", kwargs={"slug": self.cluster.slug})
        return f"{manage}#grants"
