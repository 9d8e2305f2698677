"""Reference data (regions, provinces, NACE Rev.2) and the Info Spots."""

from django.conf import settings
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from .querysets import InfoSpotQuerySet


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


class InfoSpot(models.Model):
    """A Cluster Info Spot: the programme's office in one province."""

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    province = models.ForeignKey(
        Province,
        on_delete=models.PROTECT,
        related_name="info_spots",
        verbose_name=_("province"),
    )
    host_institution = models.CharField(_("host institution"), max_length=250)
    address = models.TextField(_("address"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    website = models.URLField(_("website"), blank=True)
    opened_on = models.DateField(_("opening date"), null=True, blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    objects = InfoSpotQuerySet.as_manager()

    class Meta:
        verbose_name = _("Info Spot")
        verbose_name_plural = _("Info Spots")
        ordering = ["province__plate", "name"]

    def __str__(self):
        return self.name


class StaffAssignment(models.Model):
    """Links an info-spot staff member to the one Info Spot (province) they serve."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="staff_assignment",
        verbose_name=_("user"),
    )
    info_spot = models.ForeignKey(
        InfoSpot,
        on_delete=models.PROTECT,
        related_name="staff_assignments",
        verbose_name=_("Info Spot"),
    )
    assigned_at = models.DateTimeField(_("assigned at"), auto_now=True)

    class Meta:
        verbose_name = _("staff assignment")
        verbose_name_plural = _("staff assignments")
        ordering = ["info_spot", "user__email"]

    def __str__(self):
        return f"{self.user} → {self.info_spot}"
