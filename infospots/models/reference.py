"""Reference data: NUTS-2 regions, provinces, NACE Rev.2, size-class rules."""

from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


class BilingualNameMixin:
    """`name` in the active language for rows that carry `name_tr` and `name_en`."""

    @property
    def name(self) -> str:
        language = (get_language() or "tr")[:2]
        return self.name_en if language == "en" else self.name_tr


class Region(models.Model):
    """A NUTS-2 statistical region (TR83, TR90, ...)."""

    code = models.CharField(_("code"), max_length=4, unique=True)
    name = models.CharField(_("name"), max_length=120)

    class Meta:
        verbose_name = _("NUTS-2 region")
        verbose_name_plural = _("NUTS-2 regions")
        ordering = ["code"]

    def __str__(self):
        return f"{self.code} {self.name}"


class Province(models.Model):
    """One of Turkey's 81 provinces (il)."""

    plate = models.PositiveSmallIntegerField(_("plate code"), unique=True)
    name = models.CharField(_("name"), max_length=60, unique=True)
    slug = models.SlugField(_("slug"), max_length=60, unique=True)
    iso_code = models.CharField(_("ISO 3166-2 code"), max_length=6, unique=True)
    region = models.ForeignKey(
        Region,
        on_delete=models.PROTECT,
        related_name="provinces",
        verbose_name=_("NUTS-2 region"),
    )
    rcop_eligible = models.BooleanField(
        _("RCOP eligible"),
        default=False,
        help_text=_(
            "Covered by the Regional Competitiveness Operational Programme "
            "(income per head below three quarters of the national average)."
        ),
    )

    class Meta:
        verbose_name = _("province")
        verbose_name_plural = _("provinces")
        # Plate codes follow the Turkish alphabet, which the database's
        # collation does not (it sorts Ç, İ, Ş after Z).
        ordering = ["plate"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(plate__gte=1, plate__lte=81),
                name="province_plate_1_81",
            )
        ]

    def __str__(self):
        return self.name


class NaceSection(BilingualNameMixin, models.Model):
    """A NACE Rev.2 section (A-U)."""

    code = models.CharField(_("code"), max_length=1, unique=True)
    name_tr = models.CharField(_("name (Turkish)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200)

    class Meta:
        verbose_name = _("NACE section")
        verbose_name_plural = _("NACE sections")
        ordering = ["code"]

    def __str__(self):
        return f"{self.code} – {self.name}"


class NaceDivision(BilingualNameMixin, models.Model):
    """A NACE Rev.2 division (two digits, 01-99)."""

    code = models.CharField(_("code"), max_length=2, unique=True)
    section = models.ForeignKey(
        NaceSection,
        on_delete=models.PROTECT,
        related_name="divisions",
        verbose_name=_("section"),
    )
    name_tr = models.CharField(_("name (Turkish)"), max_length=250)
    name_en = models.CharField(_("name (English)"), max_length=250)

    class Meta:
        verbose_name = _("NACE division")
        verbose_name_plural = _("NACE divisions")
        ordering = ["code"]

    def __str__(self):
        return f"{self.code} – {self.name}"


class SizeClass(models.TextChoices):
    MICRO = "micro", _("Micro")
    SMALL = "small", _("Small")
    MEDIUM = "medium", _("Medium")
    LARGE = "large", _("Large")


class SizeRegulation(models.Model):
    """A legal definition of SME size classes, in force over a span of years.

    A class applies when annual work units are below its employee limit and
    either net sales or the balance-sheet total is at most its money limit
    (the rule shared by the Turkish KOBİ regulations and EU 2003/361).
    """

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=200)
    currency = models.CharField(_("currency"), max_length=3, default="TRY")
    in_force_from = models.PositiveSmallIntegerField(_("in force from (year)"))
    in_force_until = models.PositiveSmallIntegerField(
        _("in force until (year)"), null=True, blank=True
    )
    applies_to_firms = models.BooleanField(
        _("used for the registry's size classes"),
        default=True,
        help_text=_(
            "Regulations kept only for comparison (such as the EU definition) "
            "are not used to classify registered firms."
        ),
    )
    micro_employees = models.DecimalField(
        _("micro: fewer employees than"), max_digits=8, decimal_places=2
    )
    micro_sales = models.DecimalField(
        _("micro: net sales at most"), max_digits=18, decimal_places=2
    )
    micro_balance = models.DecimalField(
        _("micro: balance-sheet total at most"), max_digits=18, decimal_places=2
    )
    small_employees = models.DecimalField(
        _("small: fewer employees than"), max_digits=8, decimal_places=2
    )
    small_sales = models.DecimalField(
        _("small: net sales at most"), max_digits=18, decimal_places=2
    )
    small_balance = models.DecimalField(
        _("small: balance-sheet total at most"), max_digits=18, decimal_places=2
    )
    medium_employees = models.DecimalField(
        _("medium: fewer employees than"), max_digits=8, decimal_places=2
    )
    medium_sales = models.DecimalField(
        _("medium: net sales at most"), max_digits=18, decimal_places=2
    )
    medium_balance = models.DecimalField(
        _("medium: balance-sheet total at most"), max_digits=18, decimal_places=2
    )

    class Meta:
        verbose_name = _("size-class regulation")
        verbose_name_plural = _("size-class regulations")
        ordering = ["-in_force_from"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(in_force_until__isnull=True)
                | models.Q(in_force_until__gte=models.F("in_force_from")),
                name="size_regulation_span_ordered",
            )
        ]

    def __str__(self):
        return self.name

    def classify(self, *, employees, net_sales, balance_sheet_total) -> str:
        """The size class of a firm's figures under this regulation."""
        for size, prefix in (
            (SizeClass.MICRO, "micro"),
            (SizeClass.SMALL, "small"),
            (SizeClass.MEDIUM, "medium"),
        ):
            if employees < getattr(self, f"{prefix}_employees") and (
                net_sales <= getattr(self, f"{prefix}_sales")
                or balance_sheet_total <= getattr(self, f"{prefix}_balance")
            ):
                return size
        return SizeClass.LARGE
