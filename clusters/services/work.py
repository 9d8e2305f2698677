"""Writes of a cluster's work: action plans and their activities, evidence
files, university-industry cooperation, grant applications.

Each rule that a model constraint also states is checked here first, so its
message lands on the field it is about; the database constraints remain the
last line. Whether a plan's activities are completed is never written: it is
derived from the activities (ActionPlanQuerySet.with_progress).
"""

import logging

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from kms.core.text import one_line, without_controls
from kms.core.uploads import save_checked_upload

from ..models import (
    ActionPlan,
    Activity,
    ActivityStatus,
    ClusterMembership,
    Cooperation,
    Evidence,
    GrantApplication,
    GrantScheme,
    GrantStatus,
    OrganisationKind,
)
from ..models.work import FIRST_PLAN_YEAR, LAST_PLAN_YEAR
from ..permissions import can_manage_cluster
from .clusters import DATE_IN_FUTURE, NOT_YOUR_PROVINCE

logger = logging.getLogger(__name__)

MAX_EVIDENCE_FILES = 10

PLAN_YEAR_TAKEN = _("This cluster already has an action plan for that year.")
PLAN_YEAR_OUT_OF_RANGE = _("Give a year from %(first)d to %(last)d.")
ACTIVITY_ENDS_BEFORE_START = _("An activity cannot end before it starts.")
ACTIVITY_OUTSIDE_PLAN_YEAR = _(
    "The activity must start in the year of its action plan (%(year)d)."
)
ACTIVITY_COMPLETED_BEFORE_START = _(
    "An activity cannot be completed before it has started."
)
PARTICIPANTS_NOT_MEMBERS = _(
    "Only firms that are members of the cluster (now or during the activity) "
    "can take part: %(firms)s is not."
)
TOO_MANY_EVIDENCE_FILES = ngettext_lazy(
    "An activity can have at most %(max)d evidence file. Remove it before "
    "adding another.",
    "An activity can have at most %(max)d evidence files. Remove one before "
    "adding another.",
    "max",
)
COOPERATION_FIRM_NOT_MEMBER = _(
    "This firm is not, and has never been, a member of the cluster."
)
COOPERATION_NOT_UNIVERSITY = _(
    "A university-industry cooperation is with a university or research body."
)
COOPERATION_ENDS_BEFORE_START = _("A cooperation cannot end before it starts.")
GRANT_APPROVED_NEEDS_AMOUNT = _("An approved application needs the amount granted.")
GRANT_AMOUNT_ONLY_WHEN_APPROVED = _(
    "Only an approved application has an amount granted."
)
GRANT_NEEDS_SUBMITTED_ON = _("A submitted application needs the date it was submitted.")
GRANT_NEEDS_DECIDED_ON = _(
    "An approved or rejected application needs the date of the decision."
)
GRANT_DECIDED_ON_TOO_EARLY = _(
    "Only an approved or rejected application has a decision date."
)
GRANT_DECIDED_BEFORE_SUBMITTED = _("The decision cannot come before the submission.")
GRANT_AMOUNT_REQUESTED_POSITIVE = _("The amount requested must be positive.")
GRANT_SCHEME_CLOSED = _("This scheme is not open to new applications.")


def _add(errors: dict, field: str, message, code: str, **params) -> None:
    """Record a rule's message on `field`, unless the field already has one."""
    if field not in errors:
        errors[field] = [ValidationError(message, code=code, params=params or None)]


def _validate(instance, errors: dict) -> None:
    """Raise the rules' errors together with the model's own field checks.

    A field with a rule's message is not checked again by the model (one
    message per field, the specific one). The model's constraints are not
    validated here: each has its rule with the message on its field, and the
    database enforces them.
    """
    try:
        instance.full_clean(
            exclude=set(errors), validate_unique=False, validate_constraints=False
        )
    except ValidationError as error:
        for field, messages in error.error_dict.items():
            errors.setdefault(field, messages)
    if errors:
        raise ValidationError(errors)


def _check_manager(actor, cluster) -> None:
    if not can_manage_cluster(actor, cluster):
        raise PermissionDenied(NOT_YOUR_PROVINCE)


# --- action plans and activities --------------------------------------------


@transaction.atomic
def plan_create(*, actor, cluster, year, objectives: str = "") -> ActionPlan:
    """Start a cluster's action plan for a year (one per year)."""
    _check_manager(actor, cluster)
    plan = ActionPlan(
        cluster=cluster,
        year=year,
        objectives=without_controls(objectives or "").strip(),
        created_by=actor,
    )
    errors = {}
    if isinstance(year, int):
        if not FIRST_PLAN_YEAR <= year <= LAST_PLAN_YEAR:
            _add(
                errors,
                "year",
                PLAN_YEAR_OUT_OF_RANGE,
                "out_of_range",
                first=FIRST_PLAN_YEAR,
                last=LAST_PLAN_YEAR,
            )
        elif ActionPlan.objects.filter(cluster=cluster, year=year).exists():
            _add(errors, "year", PLAN_YEAR_TAKEN, "duplicate")
    _validate(plan, errors)
    try:
        with transaction.atomic():  # a savepoint: the race loser sees a message
            plan.save()
    except IntegrityError:
        raise ValidationError(
            {"year": ValidationError(PLAN_YEAR_TAKEN, code="duplicate")}
        ) from None
    logger.info(
        "clusters.plan.created plan=%s cluster=%s user=%s",
        plan.pk,
        cluster.pk,
        actor.pk,
    )
    return plan


def _ineligible_participants(activity: Activity, firms: list) -> list:
    """The firms among `firms` without a membership of the activity's cluster
    that is active or was running at some time during the activity."""
    if not firms:
        return []
    running = Q(left_on__isnull=True)
    if activity.starts_on is not None and activity.ends_on is not None:
        running |= Q(joined_on__lte=activity.ends_on, left_on__gt=activity.starts_on)
    members = set(
        ClusterMembership.objects.filter(
            running,
            cluster_id=activity.plan.cluster_id,
            firm__in=[firm.pk for firm in firms],
        ).values_list("firm_id", flat=True)
    )
    return [firm for firm in firms if firm.pk not in members]


@transaction.atomic
def activity_save(*, actor, activity: Activity, participants=None) -> Activity:
    """Add an activity to its plan or change it.

    `participants`: the participating firms (None leaves them as they are,
    and they are checked again against the activity's new dates).
    """
    if activity.pk is not None:
        # An activity stays in its plan.
        stored = Activity.objects.select_for_update().get(pk=activity.pk)
        activity.plan_id = stored.plan_id
    activity.plan = ActionPlan.objects.select_related("cluster").get(
        pk=activity.plan_id
    )
    plan = activity.plan
    _check_manager(actor, plan.cluster)
    activity.title = one_line(activity.title or "")
    activity.outputs = without_controls(activity.outputs or "").strip()
    errors = {}
    starts_on, ends_on = activity.starts_on, activity.ends_on
    if starts_on is not None:
        if ends_on is not None and ends_on < starts_on:
            _add(errors, "ends_on", ACTIVITY_ENDS_BEFORE_START, "ends_before_start")
        if starts_on.year != plan.year:
            _add(
                errors,
                "starts_on",
                ACTIVITY_OUTSIDE_PLAN_YEAR,
                "outside_plan_year",
                year=plan.year,
            )
        if (
            activity.status == ActivityStatus.COMPLETED
            and starts_on > timezone.localdate()
        ):
            _add(
                errors,
                "status",
                ACTIVITY_COMPLETED_BEFORE_START,
                "completed_before_start",
            )
    if participants is not None:
        firms = list(participants)
    elif activity.pk is not None:
        firms = list(activity.participants.all())
    else:
        firms = []
    outsiders = _ineligible_participants(activity, firms)
    if outsiders:
        _add(
            errors,
            "participants",
            PARTICIPANTS_NOT_MEMBERS,
            "not_member",
            firms=", ".join(str(firm) for firm in outsiders),
        )
    _validate(activity, errors)
    created = activity.pk is None
    activity.save()
    if participants is not None:
        activity.participants.set(firms)
    logger.info(
        "clusters.activity.%s activity=%s plan=%s user=%s",
        "created" if created else "updated",
        activity.pk,
        plan.pk,
        actor.pk,
    )
    return activity


# --- evidence files ---------------------------------------------------------


@transaction.atomic
def evidence_add(*, actor, activity: Activity, upload) -> Evidence:
    """Attach a file that shows the activity happened, under a generated name.

    The content must match the extension (kms.core.filekinds); a refused file
    leaves nothing behind, neither a row nor a file.
    """
    # The row lock makes the count below hold while this file is added.
    activity = (
        Activity.objects.select_for_update()
        .select_related("plan__cluster")
        .get(pk=activity.pk)
    )
    _check_manager(actor, activity.plan.cluster)
    if activity.evidence.count() >= MAX_EVIDENCE_FILES:
        raise ValidationError(
            {
                "file": ValidationError(
                    TOO_MANY_EVIDENCE_FILES,
                    code="too_many",
                    params={"max": MAX_EVIDENCE_FILES},
                )
            }
        )
    evidence = save_checked_upload(
        Evidence(activity=activity, uploaded_by=actor), upload
    )
    transaction.on_commit(
        lambda: logger.info(
            "clusters.evidence.added evidence=%s activity=%s user=%s size=%s",
            evidence.pk,
            activity.pk,
            actor.pk,
            evidence.size,
        )
    )
    return evidence


@transaction.atomic
def evidence_delete(*, actor, evidence: Evidence) -> None:
    """Remove an evidence file; the stored file goes after commit."""
    evidence = Evidence.objects.select_related("activity__plan__cluster").get(
        pk=evidence.pk
    )
    _check_manager(actor, evidence.activity.plan.cluster)
    storage, name, pk = evidence.file.storage, evidence.file.name, evidence.pk
    activity_id = evidence.activity_id
    evidence.delete()

    def remove_file():
        storage.delete(name)
        logger.info(
            "clusters.evidence.deleted evidence=%s activity=%s user=%s",
            pk,
            activity_id,
            actor.pk,
        )

    transaction.on_commit(remove_file)


# --- university-industry cooperation ----------------------------------------


@transaction.atomic
def cooperation_save(*, actor, cooperation: Cooperation) -> Cooperation:
    """Record a cooperation between a member firm and a university, or change it."""
    if cooperation.pk is not None:
        # A stored cooperation stays in its cluster.
        cooperation.cluster_id = (
            Cooperation.objects.select_for_update()
            .values_list("cluster_id", flat=True)
            .get(pk=cooperation.pk)
        )
    _check_manager(actor, cooperation.cluster)
    cooperation.title = one_line(cooperation.title or "")
    cooperation.notes = without_controls(cooperation.notes or "").strip()
    errors = {}
    if (
        cooperation.firm_id is not None
        and not ClusterMembership.objects.filter(
            cluster_id=cooperation.cluster_id, firm_id=cooperation.firm_id
        ).exists()
    ):
        _add(errors, "firm", COOPERATION_FIRM_NOT_MEMBER, "not_member")
    if (
        cooperation.university_id is not None
        and cooperation.university.kind != OrganisationKind.UNIVERSITY
    ):
        _add(errors, "university", COOPERATION_NOT_UNIVERSITY, "not_university")
    if (
        cooperation.started_on is not None
        and cooperation.ended_on is not None
        and cooperation.ended_on < cooperation.started_on
    ):
        _add(errors, "ended_on", COOPERATION_ENDS_BEFORE_START, "ends_before_start")
    _validate(cooperation, errors)
    created = cooperation.pk is None
    cooperation.save()
    logger.info(
        "clusters.cooperation.%s cooperation=%s cluster=%s user=%s",
        "created" if created else "updated",
        cooperation.pk,
        cooperation.cluster_id,
        actor.pk,
    )
    return cooperation


# --- grant applications -----------------------------------------------------

DECIDED = frozenset({GrantStatus.APPROVED, GrantStatus.REJECTED})


def _grant_errors(grant: GrantApplication, *, scheme_changed: bool) -> dict:
    errors = {}
    today = timezone.localdate()
    status = grant.status
    if grant.amount_requested is not None and grant.amount_requested <= 0:
        _add(
            errors,
            "amount_requested",
            GRANT_AMOUNT_REQUESTED_POSITIVE,
            "not_positive",
        )
    if status == GrantStatus.APPROVED:
        if grant.amount_granted is None or grant.amount_granted <= 0:
            _add(errors, "amount_granted", GRANT_APPROVED_NEEDS_AMOUNT, "required")
    elif grant.amount_granted is not None:
        _add(errors, "amount_granted", GRANT_AMOUNT_ONLY_WHEN_APPROVED, "not_approved")
    if status != GrantStatus.PREPARING and grant.submitted_on is None:
        _add(errors, "submitted_on", GRANT_NEEDS_SUBMITTED_ON, "required")
    if grant.submitted_on is not None and grant.submitted_on > today:
        _add(errors, "submitted_on", DATE_IN_FUTURE, "future")
    if status in DECIDED:
        if grant.decided_on is None:
            _add(errors, "decided_on", GRANT_NEEDS_DECIDED_ON, "required")
    elif grant.decided_on is not None:
        _add(errors, "decided_on", GRANT_DECIDED_ON_TOO_EARLY, "not_decided")
    if grant.decided_on is not None:
        if grant.submitted_on is not None and grant.decided_on < grant.submitted_on:
            _add(
                errors,
                "decided_on",
                GRANT_DECIDED_BEFORE_SUBMITTED,
                "decided_before_submitted",
            )
        if grant.decided_on > today:
            _add(errors, "decided_on", DATE_IN_FUTURE, "future")
    if (
        scheme_changed
        and grant.scheme_id is not None
        and not GrantScheme.objects.filter(pk=grant.scheme_id, is_active=True).exists()
    ):
        _add(errors, "scheme", GRANT_SCHEME_CLOSED, "closed")
    return errors


@transaction.atomic
def grant_save(*, actor, grant: GrantApplication) -> GrantApplication:
    """Record a cluster's grant application, or change it.

    A new application (or one moved to another scheme) needs a scheme open to
    applications; one already made keeps its scheme after it closes.
    """
    stored_scheme_id = None
    if grant.pk is not None:
        # A stored application stays in its cluster.
        grant.cluster_id, stored_scheme_id = (
            GrantApplication.objects.select_for_update()
            .values_list("cluster_id", "scheme_id")
            .get(pk=grant.pk)
        )
    _check_manager(actor, grant.cluster)
    grant.title = one_line(grant.title or "")
    grant.assistance_notes = without_controls(grant.assistance_notes or "").strip()
    errors = _grant_errors(grant, scheme_changed=grant.scheme_id != stored_scheme_id)
    _validate(grant, errors)
    created = grant.pk is None
    grant.save()
    logger.info(
        "clusters.grant.%s grant=%s cluster=%s status=%s user=%s",
        "created" if created else "updated",
        grant.pk,
        grant.cluster_id,
        grant.status,
        actor.pk,
    )
    return grant
