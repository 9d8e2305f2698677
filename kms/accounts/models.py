"""Accounts: the users of the portal and their roles (app label `kms`)."""

from django.contrib.auth.models import AbstractUser
from django.contrib.auth.models import UserManager as DjangoUserManager
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from kms.core.changes import TrackedQuerySet


class Role(models.TextChoices):
    MEMBER = "member", _("SME member")
    STAFF = "staff", _("Info-spot staff")
    MANAGER = "manager", _("Project manager")
    ADMIN = "admin", _("Administrator")


NATIONAL_ROLES = frozenset({Role.MANAGER, Role.ADMIN})


class UserManager(DjangoUserManager.from_queryset(TrackedQuerySet)):
    """Users log in with their e-mail address; there is no username."""

    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields.update(is_staff=True, is_superuser=True, role=Role.ADMIN)
        return self._create_user(email, password, **extra_fields)


class User(AbstractUser):
    """A person with an account. The role is set by admins and managers only."""

    username = None
    email = models.EmailField(_("e-mail address"), unique=True)
    role = models.CharField(
        _("role"),
        max_length=16,
        choices=Role.choices,
        default=Role.MEMBER,
        db_index=True,
        help_text=_("Set by administrators and project managers, never by the user."),
    )
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)

    objects = UserManager()

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS = []

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["email"]
        constraints = [
            models.UniqueConstraint(
                Lower("email"),
                name="kms_user_email_case_insensitive_unique",
                violation_error_message=_(
                    "A user with this e-mail address already exists."
                ),
            )
        ]

    def __str__(self):
        return self.get_full_name() or self.email

    @property
    def is_national(self) -> bool:
        """Managers and admins see every province."""
        return self.is_active and (self.is_superuser or self.role in NATIONAL_ROLES)

    @property
    def is_info_spot_staff(self) -> bool:
        return self.is_active and self.role == Role.STAFF
