"""Clusters, their lifecycle and their selection scores; organisations."""

import logging

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from kms.core.dates import FUTURE_DATE as DATE_IN_FUTURE
from kms.core.text import fold, fold_key, one_line, without_controls

from ..models import (
    IDENTIFYING,
    REGULAR_STEPS,
    CandidateScore,
    Cluster,
    ClusterStatus,
    Organisation,
    SelectionCriterion,
    StatusChange,
)
from ..permissions import (
    can_create_clusters,
    can_edit_organisations,
    can_manage_cluster,
)
from ..validators import logo_kind

logger = logging.getLogger(__name__)

NOT_YOUR_PROVINCE = _("You can only work on clusters of your own province.")
CLUSTER_NAME_TAKEN = _("A cluster with this name already exists in this province.")
STATUS_UNCHANGED = _("The cluster already has this status.")
STATUS_NEEDS_REASON = _(
    "Moving from “%(from)s” to “%(to)s” skips or leaves the lifecycle "
    "(candidate → identified → priority → formed → active): give a reason."
)
STATUS_DATE_BEFORE_LAST = _(
    "The date cannot be before the last status change (%(date)s)."
)
SCORE_OUT_OF_RANGE = _("Give a score from 1 to 5.")
ORGANISATION_EXISTS = _("This organisation is already recorded: %(name)s.")
ORGANISATIONS_FORBIDDEN = _(
    "Organisations are shared by every province; ask a project manager to change one."
)
# Addresses under /clusters/ that are pages, not clusters.
RESERVED_SLUGS = frozenset(
    {"new", "partners", "candidates", "organisations", "manage", "export"}
)


def _unique_slug(cluster: Cluster) -> str:
    base = slugify(fold(cluster.name))[:190] or "cluster"
    slug, number = base, 1
    while (
        slug in RESERVED_SLUGS
        or Cluster.objects.filter(slug=slug).exclude(pk=cluster.pk).exists()
    ):
        number += 1
        slug = f"{base}-{number}"
    return slug


def _prepare(cluster: Cluster) -> None:
    cluster.name = one_line(cluster.name)
    cluster.description = without_controls(cluster.description).strip()
    cluster.name_key = fold_key(cluster.name)
    cluster.search_key = fold_key(f"{cluster.name} {cluster.description}")


def _check_logo(cluster: Cluster, logo) -> None:
    if logo:
        try:
            logo_kind(logo)
        except ValidationError as error:
            raise ValidationError({"logo": error}) from None
        cluster.logo = logo


def _save(cluster: Cluster, *, other_provinces, naces) -> None:
    cluster.full_clean(validate_unique=False, validate_constraints=False)
    try:
        with transaction.atomic():  # a savepoint: the race loser sees a message
            cluster.save()
    except IntegrityError:
        if (
            Cluster.objects.filter(
                province_id=cluster.province_id, name_key=cluster.name_key
            )
            .exclude(pk=cluster.pk)
            .exists()
        ):
            raise ValidationError({"name": CLUSTER_NAME_TAKEN}) from None
        raise
    if other_provinces is not None:
        cluster.other_provinces.set(
            [p for p in other_provinces if p.pk != cluster.province_id]
        )
    if naces is not None:
        cluster.naces.set(naces)


def _check_name(cluster: Cluster) -> None:
    if (
        Cluster.objects.filter(
            province_id=cluster.province_id, name_key=cluster.name_key
        )
        .exclude(pk=cluster.pk)
        .exists()
    ):
        raise ValidationError({"name": CLUSTER_NAME_TAKEN})


@transaction.atomic
def cluster_create(
    *,
    actor,
    cluster: Cluster,
    other_provinces=(),
    naces=(),
    logo=None,
    on=None,
) -> Cluster:
    """Record a new candidate cluster (`on`: the date it became one)."""
    if not can_create_clusters(actor) or not can_manage_cluster(actor, cluster):
        raise PermissionDenied(NOT_YOUR_PROVINCE)
    on = on or timezone.localdate()
    if on > timezone.localdate():
        raise ValidationError({"changed_on": DATE_IN_FUTURE})
    _prepare(cluster)
    _check_name(cluster)
    _check_logo(cluster, logo)
    cluster.slug = _unique_slug(cluster)
    cluster.status = ClusterStatus.CANDIDATE
    cluster.status_since = on
    cluster.created_by = actor
    _save(cluster, other_provinces=other_provinces, naces=naces)
    StatusChange.objects.create(
        cluster=cluster,
        from_status="",
        to_status=ClusterStatus.CANDIDATE,
        changed_on=on,
        changed_by=actor,
    )
    logger.info("clusters.cluster.created cluster=%s user=%s", cluster.pk, actor.pk)
    return cluster


@transaction.atomic
def cluster_update(
    *, actor, cluster: Cluster, other_provinces=None, naces=None, logo=None
) -> Cluster:
    """Save a cluster's profile. Its address (slug) and status stay as they are."""
    stored = Cluster.objects.select_for_update().get(pk=cluster.pk)
    if not can_manage_cluster(actor, stored) or not can_manage_cluster(actor, cluster):
        raise PermissionDenied(NOT_YOUR_PROVINCE)
    cluster.slug = stored.slug
    cluster.status = stored.status
    cluster.status_since = stored.status_since
    _prepare(cluster)
    _check_name(cluster)
    _check_logo(cluster, logo)
    _save(cluster, other_provinces=other_provinces, naces=naces)
    logger.info("clusters.cluster.updated cluster=%s user=%s", cluster.pk, actor.pk)
    return cluster


@transaction.atomic
def cluster_change_status(
    *, actor, cluster: Cluster, to_status: str, reason: str = "", changed_on=None
) -> StatusChange:
    """Move a cluster along its lifecycle and record who, when and why.

    The next step needs no reason; a skip, a step back, going dormant from
    anything but active, or dissolving does.
    """
    cluster = Cluster.objects.select_for_update().get(pk=cluster.pk)
    if not can_manage_cluster(actor, cluster):
        raise PermissionDenied(NOT_YOUR_PROVINCE)
    today = timezone.localdate()
    changed_on = changed_on or today
    reason = without_controls(reason).strip()
    errors = {}
    if to_status not in ClusterStatus.values:
        errors["to_status"] = ValidationError(
            _("Choose a status."), code="invalid_choice"
        )
    elif to_status == cluster.status:
        errors["to_status"] = ValidationError(STATUS_UNCHANGED, code="unchanged")
    elif (cluster.status, to_status) not in REGULAR_STEPS and not reason:
        errors["reason"] = ValidationError(
            STATUS_NEEDS_REASON,
            code="reason_required",
            params={
                "from": ClusterStatus(cluster.status).label,
                "to": ClusterStatus(to_status).label,
            },
        )
    if changed_on > today:
        errors["changed_on"] = ValidationError(DATE_IN_FUTURE, code="future")
    elif changed_on < cluster.status_since:
        errors["changed_on"] = ValidationError(
            STATUS_DATE_BEFORE_LAST,
            code="before_last",
            params={"date": date_format(cluster.status_since)},
        )
    if errors:
        raise ValidationError(errors)
    change = StatusChange(
        cluster=cluster,
        from_status=cluster.status,
        to_status=to_status,
        changed_on=changed_on,
        reason=reason,
        changed_by=actor,
    )
    change.full_clean()
    change.save()
    identified_on = cluster.identified_on
    if identified_on is None and to_status in IDENTIFYING:
        identified_on = changed_on
    Cluster.objects.filter(pk=cluster.pk).update(
        status=to_status,
        status_since=changed_on,
        identified_on=identified_on,
        updated_at=timezone.now(),
    )
    if to_status == ClusterStatus.DISSOLVED:
        _end_participation(cluster, changed_on)
    logger.info(
        "clusters.status.changed cluster=%s from=%s to=%s user=%s",
        cluster.pk,
        change.from_status,
        to_status,
        actor.pk,
    )
    return change


def _end_participation(cluster: Cluster, day) -> None:
    """A dissolved cluster has no members: every running membership and
    participation ends on the day it was dissolved (or the day it began,
    for one recorded as beginning later)."""
    for rows in (cluster.memberships, cluster.participations):
        running = rows.active()
        running.filter(joined_on__lte=day).update(left_on=day)
        running.update(left_on=F("joined_on"))


@transaction.atomic
def candidate_scores_save(*, actor, cluster: Cluster, scores: dict) -> list:
    """Save a cluster's scores: {criterion: (score, rationale)}, all or none."""
    cluster = Cluster.objects.select_for_update().get(pk=cluster.pk)
    if not can_manage_cluster(actor, cluster):
        raise PermissionDenied(NOT_YOUR_PROVINCE)
    saved = []
    for criterion, (score, rationale) in scores.items():
        if not isinstance(criterion, SelectionCriterion):
            criterion = SelectionCriterion.objects.get(pk=criterion)
        if score is None or not 1 <= int(score) <= 5:
            raise ValidationError(
                {f"score_{criterion.code}": SCORE_OUT_OF_RANGE}, code="range"
            )
        row, _created = CandidateScore.objects.update_or_create(
            cluster=cluster,
            criterion=criterion,
            defaults={
                "score": int(score),
                "rationale": without_controls(rationale or "").strip(),
                "scored_by": actor,
            },
        )
        saved.append(row)
    logger.info("clusters.scores.saved cluster=%s user=%s", cluster.pk, actor.pk)
    return saved


@transaction.atomic
def organisation_save(*, actor, organisation: Organisation) -> Organisation:
    """Add an organisation (staff and national roles) or change one
    (national roles: the record is shared by every province)."""
    if organisation.pk is None:
        if not can_create_clusters(actor):
            raise PermissionDenied(ORGANISATIONS_FORBIDDEN)
    elif not can_edit_organisations(actor):
        raise PermissionDenied(ORGANISATIONS_FORBIDDEN)
    organisation.name = one_line(organisation.name)
    organisation.name_key = fold_key(organisation.name)
    existing = (
        Organisation.objects.filter(name_key=organisation.name_key)
        .exclude(pk=organisation.pk)
        .first()
    )
    if existing is not None:
        raise ValidationError(
            {
                "name": ValidationError(
                    ORGANISATION_EXISTS,
                    code="duplicate",
                    params={"name": existing.name},
                )
            }
        )
    organisation.full_clean(validate_unique=False, validate_constraints=False)
    try:
        with transaction.atomic():
            organisation.save()
    except IntegrityError:
        raise ValidationError(
            {"name": ValidationError(ORGANISATION_EXISTS, params={"name": ""})}
        ) from None
    return organisation
