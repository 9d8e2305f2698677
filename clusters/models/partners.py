"""Partner search: cooperation offers and requests, and who answered.

Province path: a cluster's post through `cluster.province`, a firm's
through `firm.province`. Posts are public while open; answers are not.
"""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from infospots.models import Firm, NaceSection
from infospots.scoping import ScopedQuerySet

from ..querysets import PartnerPostQuerySet
from .clusters import Cluster


class PostKind(models.TextChoices):
    OFFER = "offer", _("Offer")
    REQUEST = "request", _("Request")


class PartnerPost(models.Model):
    """A cooperation offer or request by a cluster or by a member firm."""

    kind = models.CharField(_("type"), max_length=8, choices=PostKind.choices)
    topic = models.CharField(_("topic"), max_length=200)
    description = models.TextField(_("description"), max_length=5000)
    sectors = models.ManyToManyField(
        NaceSection,
        blank=True,
        related_name="partner_posts",
        verbose_name=_("sectors"),
    )
    expires_on = models.DateField(_("open until"))
    cluster = models.ForeignKey(
        Cluster,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="partner_posts",
        verbose_name=_("cluster"),
    )
    firm = models.ForeignKey(
        Firm,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="partner_posts",
        verbose_name=_("firm"),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="partner_posts",
        verbose_name=_("posted by"),
    )
    # Folded topic and description for search, kept by the service.
    search_key = models.TextField(editable=False, default="")
    created_at = models.DateTimeField(_("posted at"), auto_now_add=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)

    province_path = ("cluster__province", "firm__province")
    objects = PartnerPostQuerySet.as_manager()

    class Meta:
        verbose_name = _("partner search post")
        verbose_name_plural = _("partner search posts")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(cluster__isnull=False, firm__isnull=True)
                | models.Q(cluster__isnull=True, firm__isnull=False),
                name="post_by_cluster_or_firm",
                violation_error_message=_(
                    "A post is made either for a cluster or for a firm."
                ),
            )
        ]
        indexes = [models.Index(fields=["expires_on", "created_at"])]

    def __str__(self):
        return self.topic

    def get_absolute_url(self):
        return reverse("clusters:partner_detail", kwargs={"pk": self.pk})

    @property
    def poster(self):
        """The cluster or the firm the post speaks for."""
        return self.cluster or self.firm


class PartnerInterest(models.Model):
    """A logged-in member's answer to a post."""

    post = models.ForeignKey(
        PartnerPost,
        on_delete=models.CASCADE,
        related_name="interests",
        verbose_name=_("post"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="partner_interests",
        verbose_name=_("user"),
    )
    firm = models.ForeignKey(
        Firm,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("firm"),
    )
    message = models.TextField(_("message"), max_length=2000)
    created_at = models.DateTimeField(_("answered at"), auto_now_add=True)

    province_path = ("post__cluster__province", "post__firm__province")
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("expression of interest")
        verbose_name_plural = _("expressions of interest")
        ordering = ["post", "created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["post", "user"],
                name="interest_once_per_user",
                violation_error_message=_(
                    "You have already expressed interest in this post."
                ),
            )
        ]

    def __str__(self):
        return f"{self.user} → {self.post}"
