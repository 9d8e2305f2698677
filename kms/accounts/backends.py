"""Authentication backends: the user of a request from the process's copy,
and project managers' permissions."""

from allauth.account.auth_backends import AuthenticationBackend
from django.contrib.auth.backends import ModelBackend

from kms.core.generations import cached

from .permissions import manager_has_perm

# The cache generation of users (kms.core.generations), bumped by every write
# to a user (a new password, a role, deactivation, a login), one by one or in
# bulk (AccountsConfig.ready). One for all: it is read with the session, in
# the same round trip, and a process reads each user again after a write.
USERS = "users"


class CachedUserMixin:
    """Every signed-in request asks who its user is: this process keeps the
    answer until a write to the user (or a bulk write to users). The copy
    never leaves the process: it holds the password hash, which the session
    check reads on every request."""

    def get_user(self, user_id):
        user = cached(
            f"session-user:{user_id}",
            depends_on=(USERS,),
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
