"""Programme targets and their computed progress (snapshots).

Province path: a snapshot's or a province target's `province` (None on a
national snapshot). Targets and programmes are national data.
"""

from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from infospots.models import Province, ServiceKind
from infospots.scoping import ScopedQuerySet


class Programme(models.Model):
    """A programme with a start and an end, whose targets are tracked."""

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    starts_on = models.DateField(_("start"))
    ends_on = models.DateField(_("end"))
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")
        ordering = ["-starts_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gt=models.F("starts_on")),
                name="programme_ends_after_start",
                violation_error_message=_("A programme must end after it starts."),
            )
        ]

    def __str__(self):
        return self.name


class Metric(models.TextChoices):
    """The metrics the code computes (benchmarking.selectors.METRICS).

    Efficiency, benchmarking and training metrics join when those
    capabilities exist: a target is only ever offered a metric that exists.
    """

    SMES_REACHED = "smes_reached", _("SMEs reached")
    SMES_IN_CLUSTERS = "smes_in_clusters", _("SMEs in clusters")
    CLUSTERS_IDENTIFIED = "clusters_identified", _("Clusters identified")
    CLUSTERS_COMPLETED = (
        "clusters_completed",
        _("Clusters with completed activities"),
    )
    GRANTS_APPROVED = "grants_approved", _("Grant applications approved")
    SERVICES_DELIVERED = "services_delivered", _("Services delivered")
    ARTICLES_PUBLISHED = "articles_published", _("Knowledge articles published")


class Direction(models.TextChoices):
    AT_LEAST = "at_least", _("At least the target value")
    AT_MOST = "at_most", _("At most the target value")


class Target(models.Model):
    """One target of a programme: a metric, a value to reach, a deadline."""

    programme = models.ForeignKey(
        Programme,
        on_delete=models.CASCADE,
        related_name="targets",
        verbose_name=_("programme"),
    )
    code = models.SlugField(_("code"), max_length=40)
    title_tr = models.CharField(_("title (Turkish)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200)
    metric = models.CharField(_("metric"), max_length=32, choices=Metric.choices)
    target_value = models.DecimalField(
        _("target value"), max_digits=12, decimal_places=2
    )
    unit = models.CharField(
        _("unit"), max_length=40, help_text=_("What is counted: SMEs, clusters…")
    )
    direction = models.CharField(
        _("direction"),
        max_length=8,
        choices=Direction.choices,
        default=Direction.AT_LEAST,
    )
    deadline = models.DateField(_("deadline"))
    # Services delivered can be counted for one type of service only.
    service_kind = models.CharField(
        _("type of service"),
        max_length=24,
        choices=ServiceKind.choices,
        blank=True,
        help_text=_("For “services delivered”: count only this type (or all)."),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("target")
        verbose_name_plural = _("targets")
        ordering = ["programme", "order", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "code"],
                name="target_code_unique_in_programme",
                violation_error_message=_(
                    "The programme already has a target with this code."
                ),
            ),
            models.CheckConstraint(
                condition=models.Q(service_kind="")
                | models.Q(metric="services_delivered"),
                name="target_service_kind_for_services_only",
                violation_error_message=_(
                    "A type of service applies to “services delivered” only."
                ),
            ),
            models.CheckConstraint(
                condition=models.Q(target_value__gt=0),
                name="target_value_positive",
                violation_error_message=_("The target value must be positive."),
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def title(self) -> str:
        english = (get_language() or "tr")[:2] == "en"
        return self.title_en if english else self.title_tr


class ProvinceTarget(models.Model):
    """A province's own share of a target (the pilot provinces')."""

    target = models.ForeignKey(
        Target,
        on_delete=models.CASCADE,
        related_name="province_targets",
        verbose_name=_("target"),
    )
    province = models.ForeignKey(
        Province,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("province"),
    )
    target_value = models.DecimalField(
        _("target value"), max_digits=12, decimal_places=2
    )

    # The programme's targets are national data, shown to every dashboard
    # reader, not a province's rows.
    province_path = None

    class Meta:
        verbose_name = _("province target")
        verbose_name_plural = _("province targets")
        ordering = ["target", "province__plate"]
        constraints = [
            models.UniqueConstraint(
                fields=["target", "province"],
                name="province_target_once",
                violation_error_message=_(
                    "This province already has a value for this target."
                ),
            ),
            models.CheckConstraint(
                condition=models.Q(target_value__gt=0),
                name="province_target_value_positive",
                violation_error_message=_("The target value must be positive."),
            ),
        ]

    def __str__(self):
        return f"{self.target} · {self.province}"


class Status(models.TextChoices):
    ACHIEVED = "achieved", _("Achieved")
    ON_TRACK = "on_track", _("On track")
    AT_RISK = "at_risk", _("At risk")
    OFF_TRACK = "off_track", _("Off track")


class Snapshot(models.Model):
    """A target's value on one day, nationally (province None) or in one
    province, and its status then. Written only by snapshots_compute."""

    target = models.ForeignKey(
        Target,
        on_delete=models.CASCADE,
        related_name="snapshots",
        verbose_name=_("target"),
    )
    province = models.ForeignKey(
        Province,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("province"),
    )
    on = models.DateField(_("date"))
    value = models.DecimalField(_("value"), max_digits=14, decimal_places=2)
    # The target this row is measured against (the province's own, the
    # national one, or none for a province without its own share).
    target_value = models.DecimalField(
        _("target value"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, blank=True
    )
    computed_at = models.DateTimeField(_("computed at"), auto_now=True)

    # A province's rows are its own; national rows (no province) are added
    # for every dashboard reader by the reads that show them.
    province_path = "province"
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("snapshot")
        verbose_name_plural = _("snapshots")
        ordering = ["target", "province", "on"]
        constraints = [
            models.UniqueConstraint(
                fields=["target", "province", "on"],
                name="snapshot_once_per_province_day",
            ),
            models.UniqueConstraint(
                fields=["target", "on"],
                condition=models.Q(province__isnull=True),
                name="snapshot_once_per_national_day",
            ),
        ]
        indexes = [models.Index(fields=["on", "target"])]

    def __str__(self):
        return f"{self.target} · {self.province or '—'} · {self.on}"


class ComputeRun(models.Model):
    """One computation of snapshots: the last finished one is the watermark
    every dashboard shows."""

    as_of = models.DateField(_("as of"))
    started_at = models.DateTimeField(_("started at"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    snapshots = models.PositiveIntegerField(_("snapshots written"), default=0)
    trigger = models.CharField(_("trigger"), max_length=20)

    class Meta:
        verbose_name = _("computation")
        verbose_name_plural = _("computations")
        ordering = ["-started_at", "-pk"]
        indexes = [models.Index(fields=["finished_at"])]

    def __str__(self):
        return f"{self.as_of} ({self.trigger})"
