from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    """Users and roles. The label stays `kms`, as it was when the portal had
    one app: `AUTH_USER_MODEL = "kms.User"`, the `kms_user` table and the
    `kms` migrations are the accounts'."""

    name = "kms.accounts"
    label = "kms"
    verbose_name = _("Accounts")

    def ready(self):
        # The user of a request, kept by the process (backends), is read
        # afresh after any write to it.
        from kms.core.generations import bump_on_change

        from .backends import USERS
        from .models import User

        bump_on_change(USERS, User)
