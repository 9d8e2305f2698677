"""Who takes part in a cluster: member firms and participating organisations.

A membership (or participation) is a period: joined, and perhaps left. One
firm may leave a cluster and join it again later, but its periods in one
cluster never overlap, and it has at most one period that has not ended
(the database's partial unique constraint says the same).
"""

import logging

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from infospots.models import Firm

from ..models import (
    Cluster,
    ClusterMembership,
    MemberRole,
    Organisation,
    Participation,
    ParticipationRole,
)
from ..permissions import can_manage_cluster
from .clusters import DATE_IN_FUTURE, NOT_YOUR_PROVINCE

logger = logging.getLogger(__name__)

# Said the same way whether the firm does not exist or belongs to a province
# the actor may not see: the message reveals nothing about it.
FIRM_NOT_AVAILABLE = _("Choose a firm from the registry of your province.")
FIRM_OUTSIDE_CLUSTER = _(
    "The firm is in %(province)s: the cluster reaches only %(provinces)s."
)
ORGANISATION_REQUIRED = _("Choose an organisation.")
JOINED_REQUIRED = _("Give the date it joined.")
LEFT_BEFORE_JOINED = _("The date it left cannot be before the date it joined.")
FIRM_ALREADY_MEMBER = _("This firm is already a member since %(date)s.")
FIRM_PERIOD_OVERLAPS = _(
    "This firm was a member from %(joined)s to %(left)s: the dates overlap that period."
)
ORGANISATION_ALREADY_PARTICIPATES = _(
    "This organisation already takes part in the cluster since %(date)s."
)
ORGANISATION_PERIOD_OVERLAPS = _(
    "This organisation took part from %(joined)s to %(left)s: the dates overlap "
    "that period."
)


def _locked_cluster(actor, cluster: Cluster) -> Cluster:
    """The cluster, locked so that concurrent additions are checked in turn."""
    cluster = Cluster.objects.select_for_update().get(pk=cluster.pk)
    if not can_manage_cluster(actor, cluster):
        raise PermissionDenied(NOT_YOUR_PROVINCE)
    return cluster


def _check_dates(errors: dict, joined_on, left_on) -> None:
    today = timezone.localdate()
    if joined_on is None:
        errors["joined_on"] = ValidationError(JOINED_REQUIRED, code="required")
    elif joined_on > today:
        errors["joined_on"] = ValidationError(DATE_IN_FUTURE, code="future")
    if left_on is not None:
        if left_on > today:
            errors["left_on"] = ValidationError(DATE_IN_FUTURE, code="future")
        elif joined_on is not None and left_on < joined_on:
            errors["left_on"] = ValidationError(
                LEFT_BEFORE_JOINED, code="left_before_joined"
            )


def _overlapping(periods, *, joined_on, left_on):
    """The first of `periods` that shares a day with [joined_on, left_on).

    Periods are half-open, as `MembershipQuerySet.as_of` reads them: a firm
    that left on a day may join again that same day.
    """
    if left_on is not None:
        periods = periods.filter(joined_on__lt=left_on)
    return (
        periods.filter(Q(left_on__isnull=True) | Q(left_on__gt=joined_on))
        .order_by("left_on", "joined_on")
        .first()
    )


def _overlap_error(other, *, active_message, past_message) -> ValidationError:
    if other.left_on is None:
        return ValidationError(
            active_message,
            code="already_member",
            params={"date": date_format(other.joined_on)},
        )
    return ValidationError(
        past_message,
        code="overlaps",
        params={
            "joined": date_format(other.joined_on),
            "left": date_format(other.left_on),
        },
    )


def _save(row, *, field: str, active_message, past_message, periods) -> None:
    """Validate and save; the loser of a race for the one open period gets
    the same message as if it had been checked first."""
    row.full_clean(validate_unique=False, validate_constraints=False)
    try:
        with transaction.atomic():  # a savepoint: the transaction goes on
            row.save()
    except IntegrityError:
        other = periods.filter(left_on__isnull=True).first()
        if other is None:
            raise
        raise ValidationError(
            {
                field: _overlap_error(
                    other, active_message=active_message, past_message=past_message
                )
            }
        ) from None


def _firm_errors(actor, cluster: Cluster, firm) -> ValidationError | None:
    if firm is None or not Firm.objects.for_user(actor).filter(pk=firm.pk).exists():
        return ValidationError(FIRM_NOT_AVAILABLE, code="not_available")
    reached = [cluster.province, *cluster.other_provinces.order_by("plate")]
    if firm.province_id not in {p.pk for p in reached}:
        return ValidationError(
            FIRM_OUTSIDE_CLUSTER,
            code="outside_cluster",
            params={
                "province": firm.province.name,
                "provinces": ", ".join(p.name for p in reached),
            },
        )
    return None


# --- member firms -----------------------------------------------------------


_FIRM_MESSAGES = {
    "active_message": FIRM_ALREADY_MEMBER,
    "past_message": FIRM_PERIOD_OVERLAPS,
}
_ORGANISATION_MESSAGES = {
    "active_message": ORGANISATION_ALREADY_PARTICIPATES,
    "past_message": ORGANISATION_PERIOD_OVERLAPS,
}


def _add_period(*, actor, row, field: str, messages: dict, errors: dict):
    """Save a new membership or participation of `row.cluster` (locked)."""
    _check_dates(errors, row.joined_on, None)
    if errors:
        raise ValidationError(errors)
    periods = type(row).objects.filter(
        cluster=row.cluster, **{field: getattr(row, field)}
    )
    other = _overlapping(periods, joined_on=row.joined_on, left_on=None)
    if other is not None:
        raise ValidationError({field: _overlap_error(other, **messages)})
    row.added_by = actor
    _save(row, field=field, periods=periods, **messages)
    logger.info(
        "clusters.%s.added cluster=%s pk=%s user=%s",
        type(row)._meta.model_name,
        row.cluster_id,
        row.pk,
        actor.pk,
    )
    return row


def _update_period(*, actor, row, field: str, messages: dict, role, joined_on, left_on):
    """Change the role and dates of a membership or participation; leaving is
    setting `left_on`."""
    model = type(row)
    cluster = _locked_cluster(actor, row.cluster)
    row = model.objects.get(pk=row.pk, cluster=cluster)
    errors = {}
    _check_dates(errors, joined_on, left_on)
    if errors:
        raise ValidationError(errors)
    periods = model.objects.filter(
        cluster=cluster, **{f"{field}_id": getattr(row, f"{field}_id")}
    ).exclude(pk=row.pk)
    other = _overlapping(periods, joined_on=joined_on, left_on=left_on)
    if other is not None:
        raise ValidationError({field: _overlap_error(other, **messages)})
    row.role, row.joined_on, row.left_on = role, joined_on, left_on
    _save(row, field=field, periods=periods, **messages)
    logger.info(
        "clusters.%s.updated cluster=%s pk=%s user=%s",
        model._meta.model_name,
        cluster.pk,
        row.pk,
        actor.pk,
    )
    return row


@transaction.atomic
def membership_add(
    *, actor, cluster: Cluster, firm, role=MemberRole.MEMBER, joined_on=None
) -> ClusterMembership:
    """Record that a registry firm joined the cluster on `joined_on`."""
    cluster = _locked_cluster(actor, cluster)
    errors = {}
    firm_error = _firm_errors(actor, cluster, firm)
    if firm_error is not None:
        errors["firm"] = firm_error
    return _add_period(
        actor=actor,
        row=ClusterMembership(
            cluster=cluster, firm=firm, role=role, joined_on=joined_on
        ),
        field="firm",
        messages=_FIRM_MESSAGES,
        errors=errors,
    )


@transaction.atomic
def membership_update(
    *, actor, membership: ClusterMembership, role, joined_on, left_on=None
) -> ClusterMembership:
    """Change a membership's role and dates; leaving is setting `left_on`."""
    return _update_period(
        actor=actor,
        row=membership,
        field="firm",
        messages=_FIRM_MESSAGES,
        role=role,
        joined_on=joined_on,
        left_on=left_on,
    )


# --- participating organisations --------------------------------------------


@transaction.atomic
def participation_add(
    *,
    actor,
    cluster: Cluster,
    organisation: Organisation | None,
    role=ParticipationRole.PARTNER,
    joined_on=None,
) -> Participation:
    """Record that an organisation joined the cluster on `joined_on`."""
    cluster = _locked_cluster(actor, cluster)
    errors = {}
    if organisation is None:
        errors["organisation"] = ValidationError(ORGANISATION_REQUIRED, code="required")
    return _add_period(
        actor=actor,
        row=Participation(
            cluster=cluster, organisation=organisation, role=role, joined_on=joined_on
        ),
        field="organisation",
        messages=_ORGANISATION_MESSAGES,
        errors=errors,
    )


@transaction.atomic
def participation_update(
    *, actor, participation: Participation, role, joined_on, left_on=None
) -> Participation:
    """Change an organisation's role and dates; leaving is setting `left_on`."""
    return _update_period(
        actor=actor,
        row=participation,
        field="organisation",
        messages=_ORGANISATION_MESSAGES,
        role=role,
        joined_on=joined_on,
        left_on=left_on,
    )
