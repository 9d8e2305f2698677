"""Writes of the infospots app."""

import logging

from django.core.exceptions import PermissionDenied
from django.db import transaction

from kms.models import Role
from kms.permissions import can_set_role
from kms.services import ROLE_CHANGE_FORBIDDEN, user_set_role

from .models import InfoSpot, StaffAssignment

logger = logging.getLogger(__name__)


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
