"""Clusters, their lifecycle and their selection.

Province path: a cluster's home `province`; every other row of this app
reaches it through its `cluster` (organisations are shared records and belong
to no province). infospots.scoping applies the one scoping rule.
"""

import itertools
import os
import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from infospots.models import NaceDivision, Province
from infospots.models.reference import BilingualNameMixin
from infospots.scoping import ScopedQuerySet

from ..querysets import ClusterQuerySet, OrganisationQuerySet


class Portfolio(models.TextChoices):
    """The ESCA comparative sector portfolios."""

    FOOD = "food", _("Food")
    BIOTECHNOLOGY = "biotechnology", _("Biotechnology")
    HEALTH = "health", _("Health and medical")
    CONSTRUCTION = "construction", _("Construction")
    TOURISM = "tourism", _("Sports, leisure and tourism")
    ENERGY = "energy", _("Energy and environment")
    CREATIVE = "creative", _("Creative industries")
    ENGINEERING = "engineering", _("Production and engineering")
    AVIATION = "aviation", _("Aviation and space")
    ICT = "ict", _("ICT")
    MATERIALS = "materials", _("New materials and chemistry")
    TRANSPORTATION = "transportation", _("Transportation")


class ClusterStatus(models.TextChoices):
    CANDIDATE = "candidate", _("Candidate")
    IDENTIFIED = "identified", _("Identified")
    PRIORITY = "priority", _("Priority")
    FORMED = "formed", _("Formed")
    ACTIVE = "active", _("Active")
    DORMANT = "dormant", _("Dormant")
    DISSOLVED = "dissolved", _("Dissolved")


# The lifecycle: each status may move to the next without a reason; any
# other move (a skip, a step back, dissolving) needs one.
LIFECYCLE = [
    ClusterStatus.CANDIDATE,
    ClusterStatus.IDENTIFIED,
    ClusterStatus.PRIORITY,
    ClusterStatus.FORMED,
    ClusterStatus.ACTIVE,
]
REGULAR_STEPS = frozenset(
    {
        *itertools.pairwise(LIFECYCLE),
        (ClusterStatus.ACTIVE, ClusterStatus.DORMANT),
        (ClusterStatus.DORMANT, ClusterStatus.ACTIVE),
    }
)
# Reaching one of these makes a cluster identified (dormant and dissolved do
# not: a candidate dropped at once never was).
IDENTIFYING = frozenset(LIFECYCLE[1:])


class OrganisationKind(models.TextChoices):
    UNIVERSITY = "university", _("University or research body")
    PUBLIC = "public", _("Public body")
    SUPPORT = "support", _("Support institution")
    FINANCE = "finance", _("Finance institution")
    LARGE_COMPANY = "large_company", _("Large company")
    OTHER = "other", _("Other organisation")


class Helix(models.TextChoices):
    """The triple helix (and the support around it) at a glance."""

    INDUSTRY = "industry", _("Industry")
    ACADEMIA = "academia", _("Academia and research")
    GOVERNMENT = "government", _("Public bodies")
    SUPPORT = "support", _("Support and finance")


HELIX_OF_KIND = {
    OrganisationKind.UNIVERSITY: Helix.ACADEMIA,
    OrganisationKind.PUBLIC: Helix.GOVERNMENT,
    OrganisationKind.SUPPORT: Helix.SUPPORT,
    OrganisationKind.FINANCE: Helix.SUPPORT,
    OrganisationKind.LARGE_COMPANY: Helix.INDUSTRY,
    OrganisationKind.OTHER: Helix.SUPPORT,
}


class Organisation(models.Model):
    """A university, public body, support or finance institution or large
    company: one record, reusable across clusters."""

    name = models.CharField(_("name"), max_length=250)
    kind = models.CharField(_("type"), max_length=16, choices=OrganisationKind.choices)
    province = models.ForeignKey(
        Province,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="organisations",
        verbose_name=_("province"),
    )
    website = models.URLField(_("website"), blank=True)
    # Folded name, kept by the service: one record per organisation.
    name_key = models.CharField(editable=False, max_length=250, default="")
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    # A shared, public record: its seat is where it is, not whose it is.
    province_path = None
    objects = OrganisationQuerySet.as_manager()

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name_key", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["name_key"],
                name="organisation_name_unique",
                violation_error_message=_(
                    "An organisation with this name is already recorded."
                ),
            )
        ]

    def __str__(self):
        return self.name

    @property
    def helix(self) -> str:
        return HELIX_OF_KIND[self.kind]


def logo_path(instance, filename):
    return f"clusters/logos/{uuid.uuid4().hex}{os.path.splitext(filename)[1].lower()}"


class Cluster(models.Model):
    """Firms of one sector in one region that cooperate, with the
    universities, public bodies and support institutions around them."""

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("address"), max_length=200, unique=True)
    province = models.ForeignKey(
        Province,
        on_delete=models.PROTECT,
        related_name="clusters",
        verbose_name=_("home province"),
    )
    other_provinces = models.ManyToManyField(
        Province,
        blank=True,
        related_name="reached_by_clusters",
        verbose_name=_("other provinces it reaches"),
    )
    portfolio = models.CharField(
        _("sector portfolio"), max_length=16, choices=Portfolio.choices
    )
    naces = models.ManyToManyField(
        NaceDivision,
        blank=True,
        related_name="clusters",
        verbose_name=_("NACE divisions"),
    )
    coordinator = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="coordinated_clusters",
        verbose_name=_("coordinating organisation"),
    )
    description = models.TextField(
        _("description"),
        blank=True,
        max_length=10000,
        help_text=_("Plain text shown on the public profile."),
    )
    website = models.URLField(_("website"), blank=True)
    founded_on = models.DateField(_("founding date"), null=True, blank=True)
    logo = models.FileField(_("logo"), upload_to=logo_path, blank=True)
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=ClusterStatus.choices,
        default=ClusterStatus.CANDIDATE,
        editable=False,
    )
    # The date of the latest status change, kept by cluster_change_status.
    status_since = models.DateField(_("status since"), editable=False)
    # The day it first reached identified or a later step of the lifecycle,
    # kept by cluster_change_status: from then on the cluster is public and
    # counts as identified, whatever becomes of it.
    identified_on = models.DateField(
        _("identified on"), null=True, blank=True, editable=False
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="created_clusters",
        verbose_name=_("created by"),
    )
    # Folded name and description for search, kept by the services.
    name_key = models.CharField(editable=False, max_length=200, default="")
    search_key = models.TextField(editable=False, default="")
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last update"), auto_now=True)

    province_path = "province"
    objects = ClusterQuerySet.as_manager()

    class Meta:
        verbose_name = _("cluster")
        verbose_name_plural = _("clusters")
        ordering = ["name_key", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["province", "name_key"],
                name="cluster_name_unique_in_province",
                violation_error_message=_(
                    "A cluster with this name already exists in this province."
                ),
            ),
        ]
        indexes = [
            models.Index(fields=["status", "name_key"]),
            models.Index(fields=["identified_on"]),
            models.Index(fields=["province", "status"]),
            models.Index(fields=["portfolio", "name_key"]),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("clusters:detail", kwargs={"slug": self.slug})

    @property
    def is_public(self) -> bool:
        return self.identified_on is not None and self.status != ClusterStatus.CANDIDATE


class StatusChange(models.Model):
    """One step of a cluster's life: who moved it, when, from what to what, why."""

    cluster = models.ForeignKey(
        Cluster,
        on_delete=models.CASCADE,
        related_name="status_changes",
        verbose_name=_("cluster"),
    )
    from_status = models.CharField(
        pgettext_lazy("status change", "from"),
        max_length=12,
        choices=ClusterStatus.choices,
        blank=True,
    )
    to_status = models.CharField(
        pgettext_lazy("status change", "to"),
        max_length=12,
        choices=ClusterStatus.choices,
    )
    changed_on = models.DateField(_("date"))
    reason = models.TextField(_("reason"), blank=True, max_length=2000)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("changed by"),
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    province_path = "cluster__province"
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")
        ordering = ["cluster", "changed_on", "pk"]
        indexes = [models.Index(fields=["to_status", "changed_on"])]

    def __str__(self):
        return f"{self.cluster}: {self.from_status} → {self.to_status}"


class SelectionCriterion(BilingualNameMixin, models.Model):
    """One of the criteria candidates are scored on, with its weight (data)."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name_tr = models.CharField(_("name (Turkish)"), max_length=120)
    name_en = models.CharField(_("name (English)"), max_length=120)
    description_tr = models.TextField(_("description (Turkish)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    weight = models.DecimalField(
        _("weight"),
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(0)],
        help_text=_("Relative weight in the candidate's total score."),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("selection criterion")
        verbose_name_plural = _("selection criteria")
        ordering = ["order", "code"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(weight__gte=0), name="criterion_weight_not_negative"
            )
        ]

    def __str__(self):
        return self.name

    @property
    def description(self) -> str:
        from django.utils.translation import get_language

        english = (get_language() or "tr")[:2] == "en"
        return self.description_en if english else self.description_tr


SCORE_MIN, SCORE_MAX = 1, 5


class CandidateScore(models.Model):
    """A candidate cluster's score (1-5) on one selection criterion."""

    cluster = models.ForeignKey(
        Cluster,
        on_delete=models.CASCADE,
        related_name="scores",
        verbose_name=_("cluster"),
    )
    criterion = models.ForeignKey(
        SelectionCriterion,
        on_delete=models.PROTECT,
        related_name="scores",
        verbose_name=_("criterion"),
    )
    score = models.PositiveSmallIntegerField(
        _("score"),
        validators=[MinValueValidator(SCORE_MIN), MaxValueValidator(SCORE_MAX)],
        help_text=_("1 (weak) to 5 (strong)."),
    )
    rationale = models.TextField(_("rationale"), blank=True, max_length=2000)
    scored_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("scored by"),
    )
    scored_at = models.DateTimeField(_("scored at"), auto_now=True)

    province_path = "cluster__province"
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("candidate score")
        verbose_name_plural = _("candidate scores")
        ordering = ["cluster", "criterion__order"]
        constraints = [
            models.UniqueConstraint(
                fields=["cluster", "criterion"], name="score_once_per_criterion"
            ),
            models.CheckConstraint(
                condition=models.Q(score__gte=SCORE_MIN, score__lte=SCORE_MAX),
                name="score_1_to_5",
            ),
        ]

    def __str__(self):
        return f"{self.cluster} · {self.criterion}: {self.score}"
