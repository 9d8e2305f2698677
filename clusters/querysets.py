"""Chainable row filters of the clusters app.

Who sees which rows is infospots.scoping's: `Cluster.objects.
in_provinces_of(user)` are the clusters a user may change (national roles
all, staff those of their province, nobody else any); `for_user(user)` the
clusters whose internal pages a user may read: those, and for an SME member
the clusters their firm is an active member of. `public()`: what the
directory shows to everyone.
"""

import datetime as dt

from django.db import models
from django.utils import timezone

from infospots.models import Firm
from infospots.scoping import ScopedQuerySet, province_scope
from kms.accounts.permissions import is_signed_in


class ClusterQuerySet(ScopedQuerySet):
    def public(self):
        """Clusters identified once and not candidates (again): the public
        directory. A candidate dropped at once (dissolved) never shows."""
        return self.filter(identified_on__isnull=False).exclude(status="candidate")

    def for_member(self, user):
        """The clusters the member's firm belongs to today."""
        own = self.model._base_manager.filter(
            memberships__left_on__isnull=True, memberships__firm__memberships__user=user
        )
        return self.filter(pk__in=own.values("pk"))

    def visible_to(self, user):
        """The public ones, and any other the user may read."""
        return self.filter(
            models.Q(pk__in=self.public().values("pk"))
            | models.Q(pk__in=self.for_user(user).values("pk"))
        )


class OrganisationQuerySet(models.QuerySet):
    def universities(self):
        return self.filter(kind="university")


class MembershipQuerySet(ScopedQuerySet):
    """Member firms and participating organisations: periods with dates."""

    def active(self):
        return self.filter(left_on__isnull=True)

    def as_of(self, day: dt.date):
        """Memberships running on `day` (joined by then, not yet left)."""
        return self.filter(joined_on__lte=day).filter(
            models.Q(left_on__isnull=True) | models.Q(left_on__gt=day)
        )


class ActivityQuerySet(ScopedQuerySet):
    def completed(self):
        return self.filter(status="completed")


class PartnerPostQuerySet(ScopedQuerySet):
    """Twins of the partner-search predicates in permissions.py: a post is
    public while open and its cluster public or its firm listed; its poster
    side (who speaks for the cluster or firm today) sees it always."""

    @staticmethod
    def _open_q(today: dt.date | None = None) -> models.Q:
        return models.Q(
            closed_at__isnull=True, expires_on__gte=today or timezone.localdate()
        )

    def _clusters(self):
        return self.model._meta.get_field("cluster").related_model.objects

    def _public_q(self) -> models.Q:
        return self._open_q() & (
            models.Q(cluster__in=self._clusters().public().values("pk"))
            | models.Q(firm__listed_publicly=True)
        )

    def _poster_side_q(self, user) -> models.Q:
        """Twin of `permissions.is_partner_poster_side`: the clusters the user
        may read, the user's own firm, and the firms of the provinces they
        work in."""
        if not is_signed_in(user):
            return models.Q(pk__in=[])
        side = models.Q(
            cluster__in=self._clusters().for_user(user).values("pk")
        ) | models.Q(firm__in=Firm.objects.for_member(user).values("pk"))
        scope = province_scope(user=user)
        if scope.any:
            side |= models.Q(firm__isnull=False) & scope.q("firm__province")
        return side

    def open(self, today: dt.date | None = None):
        """Posts not closed by their poster whose closing date has not passed."""
        return self.filter(self._open_q(today))

    def public(self):
        """What everyone reads: open posts of a cluster the public directory
        shows, or of a firm that agreed to be listed publicly."""
        return self.filter(self._public_q())

    def poster_side(self, user):
        """Every post (open, closed, expired) the user speaks for today."""
        return self.filter(self._poster_side_q(user))

    def visible_to(self, user):
        """The public posts, and every post of the user's side."""
        return self.filter(self._public_q() | self._poster_side_q(user))


class ActionPlanQuerySet(ScopedQuerySet):
    def with_progress(self):
        """Annotate counts of activities by state and `completed_on`.

        A plan's activities are completed when at least one is completed and
        none is still planned or ongoing (cancelled ones do not count); the
        plan was completed on the day its last completed activity ended.
        """
        done = models.Q(activities__status="completed")
        return self.annotate(
            n_activities=models.Count("activities"),
            n_completed=models.Count("activities", filter=done),
            n_open=models.Count(
                "activities",
                filter=models.Q(activities__status__in=["planned", "ongoing"]),
            ),
            n_cancelled=models.Count(
                "activities", filter=models.Q(activities__status="cancelled")
            ),
            completed_on=models.Case(
                models.When(
                    models.Q(n_completed__gt=0, n_open=0),
                    then=models.Max("activities__ends_on", filter=done),
                ),
                default=None,
                output_field=models.DateField(),
            ),
        )

    def completed(self, as_of: dt.date | None = None):
        """Plans whose activities are completed (by `as_of`, when given)."""
        plans = self.with_progress().filter(completed_on__isnull=False)
        if as_of is not None:
            plans = plans.filter(completed_on__lte=as_of)
        return plans
