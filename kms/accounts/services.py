"""Writes about users and roles."""

import logging

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from kms.accounts.models import Role, User
from kms.accounts.permissions import can_set_role

logger = logging.getLogger(__name__)

ROLE_CHANGE_FORBIDDEN = _("You may not give this role to this user.")


@transaction.atomic
def user_set_role(*, actor, user: User, role: str) -> User:
    """Give `user` a role; only admins and managers may, never to themselves."""
    if not can_set_role(actor, user, role):
        raise PermissionDenied(ROLE_CHANGE_FORBIDDEN)
    user.role = Role(role)
    user.is_superuser = user.role == Role.ADMIN
    user.is_staff = user.role in (Role.MANAGER, Role.ADMIN)
    user.full_clean()
    user.save(update_fields=["role", "is_superuser", "is_staff"])
    logger.info("user_role_set user_id=%s role=%s actor_id=%s", user.pk, role, actor.pk)
    return user
