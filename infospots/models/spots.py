"""Info Spots and the staff who work at them."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from kms.core.changes import TrackedQuerySet

from .reference import Province


class InfoSpotQuerySet(TrackedQuerySet):
    def active(self):
        return self.filter(is_active=True)


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
    description = models.TextField(
        _("what it offers"),
        blank=True,
        help_text=_("Plain text shown on the Info Spot's public page."),
    )
    address = models.TextField(_("address"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    website = models.URLField(_("website"), blank=True)
    opened_on = models.DateField(_("opening date"), null=True, blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    # Public: every Info Spot and its page are for everyone.
    province_path = None
    objects = InfoSpotQuerySet.as_manager()

    class Meta:
        verbose_name = _("Info Spot")
        verbose_name_plural = _("Info Spots")
        ordering = ["province__plate", "name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("infospots:info_spot_detail", kwargs={"slug": self.slug})


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

    # Who works where is set by managers (Django admin); not a province's row.
    province_path = None

    # Bulk writes say so: every page reads who works where (scoping).
    objects = TrackedQuerySet.as_manager()

    class Meta:
        verbose_name = _("staff assignment")
        verbose_name_plural = _("staff assignments")
        ordering = ["info_spot", "user__email"]

    def __str__(self):
        return f"{self.user} → {self.info_spot}"
