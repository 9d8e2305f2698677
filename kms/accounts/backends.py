"""Authorisation backend that gives project managers their permissions."""

from .permissions import manager_has_perm


class ManagerPermissionBackend:
    """Grants managers the model permissions of the programme's apps.

    Roles are the unit of authority in KMS; this keeps Django admin in step
    with them without per-user permission rows. It authenticates nobody.
    """

    def authenticate(self, request, **credentials):
        return None

    def get_user(self, user_id):
        return None

    def has_perm(self, user_obj, perm, obj=None):
        return manager_has_perm(user_obj, perm)

    def has_module_perms(self, user_obj, app_label):
        return manager_has_perm(user_obj, f"{app_label}.")
