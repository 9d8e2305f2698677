"""Writes of the infospots app: staff assignments and the SME registry."""

import logging
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _

from kms.accounts.models import Role
from kms.accounts.permissions import can_set_role
from kms.accounts.services import ROLE_CHANGE_FORBIDDEN, user_set_role

from .models import (
    AnnualFigures,
    Firm,
    InfoSpot,
    Service,
    SizeRegulation,
    StaffAssignment,
)
from .permissions import can_edit_firm, can_work_in_province
from .scoping import province_scope
from .selectors import firm_name_key, firm_search_key
from .validators import normalise_identifier

logger = logging.getLogger(__name__)

NOT_YOUR_PROVINCE = _("You can only work on firms of your own province.")
INFO_SPOT_OUTSIDE_PROVINCE = _("The Info Spot must be in the firm's province.")
FIRM_EXISTS = _("This firm is already registered: %(firm)s (tax id %(tax_id)s).")
FIRM_EXISTS_ELSEWHERE = _(
    "A firm with this tax id is already registered by another province's "
    "Info Spot. Ask a project manager if it has moved to your province."
)
MERSIS_EXISTS = _("A firm with this MERSİS number is already registered: %(firm)s.")
MERSIS_EXISTS_ELSEWHERE = _(
    "A firm with this MERSİS number is already registered by another "
    "province's Info Spot."
)
NO_REGULATION = _("No size-class regulation is defined; ask a project manager.")


@transaction.atomic
def staff_assign(*, actor, user, info_spot: InfoSpot) -> StaffAssignment:
    """Make `user` info-spot staff of `info_spot` (and so of its province)."""
    if not can_set_role(actor, user, Role.STAFF):
        raise PermissionDenied(ROLE_CHANGE_FORBIDDEN)
    if user.role != Role.STAFF:
        user_set_role(actor=actor, user=user, role=Role.STAFF)
    assignment, _created = StaffAssignment.objects.update_or_create(
        user=user, defaults={"info_spot": info_spot}
    )
    logger.info(
        "staff_assigned user_id=%s info_spot_id=%s actor_id=%s",
        user.pk,
        info_spot.pk,
        actor.pk,
    )
    return assignment


# --- firms -----------------------------------------------------------------


def _refresh_keys(firm: Firm) -> None:
    firm.tax_id = normalise_identifier(firm.tax_id)
    firm.mersis_number = normalise_identifier(firm.mersis_number)
    firm.name_key = firm_name_key(firm.legal_name)
    firm.search_key = firm_search_key(firm.legal_name, firm.trade_name, firm.tax_id)


def _duplicate_errors(*, actor, firm: Firm) -> dict:
    """Messages for an existing firm with the same tax id or MERSİS number.

    They name the existing record only to someone allowed to see it.
    """
    errors = {}
    others = Firm.objects.exclude(pk=firm.pk)
    checks = [("tax_id", FIRM_EXISTS, FIRM_EXISTS_ELSEWHERE)]
    if firm.mersis_number:
        checks.append(("mersis_number", MERSIS_EXISTS, MERSIS_EXISTS_ELSEWHERE))
    for field, visible, hidden in checks:
        existing = others.filter(**{field: getattr(firm, field)}).first()
        if existing is None:
            continue
        if Firm.objects.for_user(actor).filter(pk=existing.pk).exists():
            errors[field] = ValidationError(
                visible,
                code="duplicate",
                params={"firm": existing.legal_name, "tax_id": existing.tax_id},
            )
        else:
            errors[field] = ValidationError(hidden, code="duplicate_elsewhere")
    return errors


def _save_firm(*, actor, firm: Firm, secondary_naces=None) -> Firm:
    if not can_work_in_province(actor, firm.province_id):
        raise PermissionDenied(NOT_YOUR_PROVINCE)
    if firm.info_spot_id and firm.info_spot.province_id != firm.province_id:
        raise ValidationError({"info_spot": INFO_SPOT_OUTSIDE_PROVINCE})
    _refresh_keys(firm)
    errors = _duplicate_errors(actor=actor, firm=firm)
    if errors:
        raise ValidationError(errors)
    firm.full_clean(validate_unique=False, validate_constraints=False)
    # The change history names the actor, also outside a request (imports
    # in Celery, seed_demo).
    firm._history_user = actor
    try:
        with transaction.atomic():  # a savepoint: the race loser sees a message
            firm.save()
    except IntegrityError:
        errors = _duplicate_errors(actor=actor, firm=firm)
        if not errors:
            raise
        raise ValidationError(errors) from None
    if secondary_naces is not None:
        firm.secondary_naces.set(
            [n for n in secondary_naces if n.pk != firm.primary_nace_id]
        )
    return firm


@transaction.atomic
def firm_register(*, actor, firm: Firm, secondary_naces=None) -> Firm:
    """Register a new firm in the registry (staff of its province, managers)."""
    firm.registered_by = actor
    firm = _save_firm(actor=actor, firm=firm, secondary_naces=secondary_naces)
    logger.info("firm_registered firm_id=%s actor_id=%s", firm.pk, actor.pk)
    return firm


@transaction.atomic
def firm_update(*, actor, firm: Firm, secondary_naces=None) -> Firm:
    """Save changes to a firm. Moving it to another province needs rights there."""
    original = Firm.objects.select_for_update().get(pk=firm.pk)
    if not can_edit_firm(actor, original):
        raise PermissionDenied(NOT_YOUR_PROVINCE)
    firm = _save_firm(actor=actor, firm=firm, secondary_naces=secondary_naces)
    logger.info("firm_updated firm_id=%s actor_id=%s", firm.pk, actor.pk)
    return firm


# --- annual figures ----------------------------------------------------------


def regulation_for_year(year: int) -> SizeRegulation:
    """The regulation in force in `year`; before the first one, the first one."""
    regulations = SizeRegulation.objects.filter(applies_to_firms=True)
    in_force = (
        regulations.filter(in_force_from__lte=year)
        .exclude(in_force_until__lt=year)
        .order_by("-in_force_from")
        .first()
    )
    regulation = in_force or regulations.order_by("in_force_from").first()
    if regulation is None:
        raise ValidationError(NO_REGULATION)
    return regulation


@transaction.atomic
def annual_figures_save(
    *,
    actor,
    firm: Firm,
    year: int,
    employees: Decimal,
    net_sales: Decimal,
    balance_sheet_total: Decimal,
) -> AnnualFigures:
    """Record a year's figures and classify the firm's size for that year."""
    if not can_edit_firm(actor, firm):
        raise PermissionDenied(NOT_YOUR_PROVINCE)
    # Lock the firm: two saves of the same year wait for each other instead
    # of both inserting.
    Firm.objects.select_for_update().filter(pk=firm.pk).first()
    regulation = regulation_for_year(year)
    figures = AnnualFigures.objects.filter(firm=firm, year=year).first()
    figures = figures or AnnualFigures(firm=firm, year=year)
    figures.employees = employees
    figures.net_sales = net_sales
    figures.balance_sheet_total = balance_sheet_total
    figures.regulation = regulation
    figures.size_class = regulation.classify(
        employees=employees,
        net_sales=net_sales,
        balance_sheet_total=balance_sheet_total,
    )
    figures.full_clean(exclude=["firm"], validate_unique=False)
    figures.save()
    latest = firm.annual_figures.order_by("-year").values_list("size_class", flat=True)
    size_class = latest.first()
    if firm.size_class != size_class:
        firm.size_class = size_class
        firm._history_user = actor  # the change shows in the firm's history
        firm.save(update_fields=["size_class", "updated_at"])
    return figures


# --- services delivered ---------------------------------------------------------


@transaction.atomic
def service_record(*, actor, service: Service) -> Service:
    """Record (or correct) a support given to a firm by an Info Spot."""
    if not can_edit_firm(actor, service.firm):
        raise PermissionDenied(NOT_YOUR_PROVINCE)
    if service.info_spot.province_id != service.firm.province_id:
        raise ValidationError({"info_spot": INFO_SPOT_OUTSIDE_PROVINCE})
    if service.staff_id is None and province_scope(user=actor).province_ids:
        service.staff = actor
    service.full_clean()
    service.save()
    logger.info(
        "service_recorded service_id=%s firm_id=%s", service.pk, service.firm_id
    )
    return service
