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
    def open(self, today: dt.date | None = None):
        """Posts not closed by their poster whose closing date has not passed."""
        return self.filter(
            closed_at__isnull=True, expires_on__gte=today or timezone.localdate()
        )


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
