"""Chainable row filters of the clusters app, province scoping first of all.

`Cluster.objects.managed_by(user)`: the clusters a user may change: national
roles all, staff those of their province, nobody else any.
`Cluster.objects.for_user(user)`: the clusters whose internal pages a user
may read: those they manage, and for an SME member the clusters their firm
is an active member of. `public()`: what the directory shows to everyone.
"""

import datetime as dt

from django.db import models
from django.utils import timezone


def _scope(user):
    from infospots.selectors import province_scope

    return province_scope(user=user)


class ClusterQuerySet(models.QuerySet):
    def public(self):
        """Clusters identified once and not candidates (again): the public
        directory. A candidate dropped at once (dissolved) never shows."""
        return self.filter(identified_on__isnull=False).exclude(status="candidate")

    def managed_by(self, user):
        scope = _scope(user)
        if scope.everything:
            return self
        if scope.province_ids:
            return self.filter(province__in=scope.province_ids)
        return self.none()

    def for_user(self, user):
        scope = _scope(user)
        if scope.everything or scope.province_ids:
            return self.managed_by(user)
        if user.is_authenticated and user.is_active:
            from .models import ClusterMembership

            own = ClusterMembership.objects.active().filter(
                firm__memberships__user=user
            )
            return self.filter(pk__in=own.values("cluster_id"))
        return self.none()

    def visible_to(self, user):
        """The public ones, and any other the user may read."""
        return self.filter(
            models.Q(pk__in=self.public().values("pk"))
            | models.Q(pk__in=self.for_user(user).values("pk"))
        )


class OrganisationQuerySet(models.QuerySet):
    def universities(self):
        return self.filter(kind="university")


class MembershipQuerySet(models.QuerySet):
    """Member firms and participating organisations: periods with dates."""

    def active(self):
        return self.filter(left_on__isnull=True)

    def as_of(self, day: dt.date):
        """Memberships running on `day` (joined by then, not yet left)."""
        return self.filter(joined_on__lte=day).filter(
            models.Q(left_on__isnull=True) | models.Q(left_on__gt=day)
        )


class ActivityQuerySet(models.QuerySet):
    def completed(self):
        return self.filter(status="completed")


class PartnerPostQuerySet(models.QuerySet):
    """Twins of the partner-search predicates in permissions.py: a post is
    public while open and its cluster public or its firm listed; its poster
    side (who speaks for the cluster or firm today) sees it always."""

    @staticmethod
    def _open_q(today: dt.date | None = None) -> models.Q:
        return models.Q(
            closed_at__isnull=True, expires_on__gte=today or timezone.localdate()
        )

    @staticmethod
    def _public_q() -> models.Q:
        from .models import Cluster

        return PartnerPostQuerySet._open_q() & (
            models.Q(cluster__in=Cluster.objects.public().values("pk"))
            | models.Q(firm__listed_publicly=True)
        )

    @staticmethod
    def _poster_side_q(user) -> models.Q:
        """Twin of `permissions.is_partner_poster_side`."""
        if not (user and user.is_authenticated and user.is_active):
            return models.Q(pk__in=[])
        from infospots.models import FirmMembership

        from .models import Cluster

        side = models.Q(
            cluster__in=Cluster.objects.for_user(user).values("pk")
        ) | models.Q(firm__in=FirmMembership.objects.filter(user=user).values("firm"))
        scope = _scope(user)
        if scope.everything:
            side |= models.Q(firm__isnull=False)
        elif scope.province_ids:
            side |= models.Q(firm__province__in=scope.province_ids)
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


class ActionPlanQuerySet(models.QuerySet):
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
