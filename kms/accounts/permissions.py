"""Who may do what with accounts, as predicates the services check."""

from django.conf import settings

from .models import Role


def is_signed_in(user) -> bool:
    """Signed in with an account that is still active."""
    return bool(user is not None and user.is_authenticated and user.is_active)


def can_set_role(actor, user, role: str) -> bool:
    """Admins set any role; managers set non-admin roles of non-admin users.

    Nobody sets their own role.
    """
    if not is_signed_in(actor) or actor.pk == user.pk:
        return False
    if actor.is_superuser or actor.role == Role.ADMIN:
        return True
    if actor.role == Role.MANAGER:
        return role != Role.ADMIN and not (user.is_superuser or user.role == Role.ADMIN)
    return False


def manager_has_perm(user, perm: str) -> bool:
    """Managers hold every model permission of the programme's own apps.

    Admins (superusers) hold all permissions through Django itself; managers
    never touch third-party tables (sessions, schedules, e-mail addresses).
    """
    if not (is_signed_in(user) and user.role == Role.MANAGER):
        return False
    app_label = perm.split(".", 1)[0]
    return app_label in settings.KMS_MANAGER_APPS
