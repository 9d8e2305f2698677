"""Who takes part in a cluster: member firms and other organisations.

Province path: through `cluster.province`.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from infospots.models import Firm

from ..querysets import MembershipQuerySet
from .clusters import Cluster, Organisation


class MemberRole(models.TextChoices):
    FOUNDING = "founding", _("Founding member")
    BOARD = "board", _("Board member")
    MEMBER = "member", _("Member")


class ParticipationRole(models.TextChoices):
    COORDINATOR = "coordinator", _("Coordinator")
    PARTNER = "partner", _("Partner")
    SUPPORTER = "supporter", _("Supporter")


class _Period(models.Model):
    """Joined and (perhaps) left, in that order."""

    joined_on = models.DateField(_("joined on"))
    left_on = models.DateField(_("left on"), null=True, blank=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        abstract = True

    @property
    def is_active(self) -> bool:
        return self.left_on is None


class ClusterMembership(_Period):
    """A registry firm's membership of a cluster.

    A firm is "in a cluster" while it has a membership that has not ended.
    """

    cluster = models.ForeignKey(
        Cluster,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("cluster"),
    )
    firm = models.ForeignKey(
        Firm,
        on_delete=models.CASCADE,
        related_name="cluster_memberships",
        verbose_name=_("firm"),
    )
    role = models.CharField(
        _("role"), max_length=12, choices=MemberRole.choices, default=MemberRole.MEMBER
    )

    province_path = "cluster__province"
    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("member firm")
        verbose_name_plural = _("member firms")
        ordering = ["cluster", "joined_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(left_on__isnull=True)
                | models.Q(left_on__gte=models.F("joined_on")),
                name="membership_left_after_joined",
                violation_error_message=_(
                    "The date the firm left cannot be before the date it joined."
                ),
            ),
            models.UniqueConstraint(
                fields=["cluster", "firm"],
                condition=models.Q(left_on__isnull=True),
                name="membership_one_active_per_firm",
                violation_error_message=_("This firm is already a member."),
            ),
        ]
        indexes = [
            models.Index(fields=["firm", "left_on"]),
            # The hub's pages of members: current ones, then former ones,
            # each by date (a condition, not a column: PostgreSQL reads
            # "left_on IS NULL" as no equality that would keep the order).
            models.Index(
                fields=["cluster", "joined_on", "id"],
                condition=models.Q(left_on__isnull=True),
                name="membership_current_by_date",
            ),
            models.Index(
                fields=["cluster", "joined_on", "id"],
                condition=models.Q(left_on__isnull=False),
                name="membership_former_by_date",
            ),
        ]

    def __str__(self):
        return f"{self.firm} → {self.cluster}"


class Participation(_Period):
    """An organisation's part in a cluster (university, public body, ...)."""

    cluster = models.ForeignKey(
        Cluster,
        on_delete=models.CASCADE,
        related_name="participations",
        verbose_name=_("cluster"),
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="participations",
        verbose_name=_("organisation"),
    )
    role = models.CharField(
        _("role"),
        max_length=12,
        choices=ParticipationRole.choices,
        default=ParticipationRole.PARTNER,
    )

    province_path = "cluster__province"
    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("participating organisation")
        verbose_name_plural = _("participating organisations")
        ordering = ["cluster", "joined_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(left_on__isnull=True)
                | models.Q(left_on__gte=models.F("joined_on")),
                name="participation_left_after_joined",
                violation_error_message=_(
                    "The date the organisation left cannot be before the date "
                    "it joined."
                ),
            ),
            models.UniqueConstraint(
                fields=["cluster", "organisation"],
                condition=models.Q(left_on__isnull=True),
                name="participation_one_active_per_organisation",
                violation_error_message=_(
                    "This organisation already takes part in the cluster."
                ),
            ),
        ]

    def __str__(self):
        return f"{self.organisation} → {self.cluster}"
