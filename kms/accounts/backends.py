"""Authentication backends: the user of a request from the process's copy,
and project managers' permissions."""

from allauth.account.auth_backends import AuthenticationBackend
from django.contrib.auth.backends import ModelBackend

from kms.core.generations import cached

from .permissions import manager_has_perm

# The cache generations of users (kms.core.generations): one per user, bumped
# by every write to that user (a new password, a role, deactivation), and one
# for all, bumped by bulk writes (AccountsConfig.ready).
USERS = "users"


def user_generation(pk) -> str:
    return f"user:{pk}"


class CachedUserMixin:
    """Every signed-in request asks who its user is: this process keeps the
    answer until a write to the user (or a bulk write to users). The copy
    never leaves the process: it holds the password hash, which the session
    check reads on every request."""

    def get_user(self, user_id):
        user = cached(
            f"session-user:{user_id}",
            depends_on=(USERS, user_generation(user_id)),
            compute=lambda: super(CachedUserMixin, self).get_user(user_id),
            keep=lambda user: user is not None,
            shared=False,
        )
        # A deactivated user was written, so is read afresh: checked anyway.
        return user if user is not None and self.user_can_authenticate(user) else None


class KmsModelBackend(CachedUserMixin, ModelBackend):
    pass


class KmsAuthenticationBackend(CachedUserMixin, AuthenticationBackend):
    """allauth's backend (log in by e-mail), with the cached user."""


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
