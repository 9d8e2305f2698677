"""Programme targets and their computed progress (snapshots).

Province path: a snapshot's or a province target's `province` (None on a
national snapshot). Targets and programmes are national data.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from infospots.models import Province
from infospots.scoping import ScopedQuerySet
from kms.core.metrics import Metric
from kms.core.metrics import registry as metrics


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


class Direction(models.TextChoices):
    AT_LEAST = "at_least", _("At least the target value")
    AT_MOST = "at_most", _("At most the target value (a ceiling)")
    BETWEEN = "between", _("Between the lower bound and the target value")


class AppliesTo(models.TextChoices):
    NATIONAL = "national", _("The national value")
    EACH_PROVINCE = (
        "each_province",
        _("Each of its provinces: every one must reach its own value"),
    )


class Target(models.Model):
    """One target of a programme: a metric, a value to reach, a deadline.

    The metric is a code of the metric registry (kms.core.metrics), checked
    by `clean()`: a new metric needs no migration here.
    """

    programme = models.ForeignKey(
        Programme,
        on_delete=models.CASCADE,
        related_name="targets",
        verbose_name=_("programme"),
    )
    code = models.SlugField(_("code"), max_length=40)
    title_tr = models.CharField(_("title (Turkish)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200)
    metric = models.CharField(_("metric"), max_length=32)
    # The metric's parameters, e.g. {"kind": "training"} for services
    # delivered of one type; checked against the metric by `clean()`.
    parameters = models.JSONField(_("parameters"), default=dict, blank=True)
    target_value = models.DecimalField(
        _("target value"), max_digits=12, decimal_places=2
    )
    lower_bound = models.DecimalField(
        _("lower bound"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("For “between”: the least value that counts as reached."),
    )
    direction = models.CharField(
        _("direction"),
        max_length=8,
        choices=Direction.choices,
        default=Direction.AT_LEAST,
    )
    applies_to = models.CharField(
        _("applies to"),
        max_length=16,
        choices=AppliesTo.choices,
        default=AppliesTo.NATIONAL,
        help_text=_(
            "“Each of its provinces”: the provinces listed below, each with its "
            "own value; the target's status is its worst province's."
        ),
    )
    deadline = models.DateField(_("deadline"))
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
                condition=models.Q(target_value__gt=0),
                name="target_value_positive",
                violation_error_message=_("The target value must be positive."),
            ),
            models.CheckConstraint(
                # NULL passes a CHECK: the bound is asked for explicitly.
                condition=models.Q(
                    direction="between",
                    lower_bound__isnull=False,
                    lower_bound__gte=0,
                    lower_bound__lt=models.F("target_value"),
                )
                | (~models.Q(direction="between") & models.Q(lower_bound__isnull=True)),
                name="target_lower_bound_for_between_only",
                violation_error_message=_(
                    "“Between” needs a lower bound below the target value; the "
                    "other directions take none."
                ),
            ),
        ]

    def __str__(self):
        return self.title

    def clean(self):
        definition = metrics.get(self.metric)
        if definition is None:
            raise ValidationError({"metric": METRIC_UNKNOWN})
        allowed = {parameter.name: parameter for parameter in definition.parameters}
        parameters = self.parameters or {}
        if not isinstance(parameters, dict):
            raise ValidationError({"parameters": PARAMETERS_INVALID})
        for name, value in parameters.items():
            choices = allowed[name].choices() if name in allowed else ()
            if value not in {code for code, _label in choices}:
                raise ValidationError(
                    {"parameters": PARAMETER_NOT_OF_METRIC % {"name": name}}
                )

    @property
    def title(self) -> str:
        english = (get_language() or "tr")[:2] == "en"
        return self.title_en if english else self.title_tr

    @property
    def definition(self) -> Metric | None:
        """The registered metric the target is measured with."""
        return metrics.get(self.metric)

    @property
    def unit(self) -> str:
        """What is counted, in the reader's language ("400 SMEs")."""
        definition = self.definition
        return definition.unit_for(self.target_value) if definition else ""

    @property
    def per_province(self) -> bool:
        return self.applies_to == AppliesTo.EACH_PROVINCE


METRIC_UNKNOWN = _("Choose one of the metrics the portal computes.")
PARAMETERS_INVALID = _("The parameters must be names with values.")
PARAMETER_NOT_OF_METRIC = _("“%(name)s” is not a valid choice for this metric.")


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
    # Of `value`, how many records were counted on an assumption the
    # metric spells out (kms.core.metrics.Caveat), e.g. SMEs without figures.
    caveat_value = models.DecimalField(
        _("counted on an assumption"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
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
