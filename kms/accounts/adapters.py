"""django-allauth adapter: the portal's rules for accounts."""

from allauth.account.adapter import DefaultAccountAdapter
from django.core.exceptions import ValidationError
from django.utils.translation import ngettext_lazy

from .models import User

EMAIL_TOO_LONG = ngettext_lazy(
    "An e-mail address can have at most %(max)d character.",
    "An e-mail address can have at most %(max)d characters.",
    "max",
)


class AccountAdapter(DefaultAccountAdapter):
    def clean_email(self, email: str) -> str:
        """Refuse addresses the user table cannot hold instead of cutting them."""
        limit = User._meta.get_field("email").max_length
        if len(email) > limit:
            raise ValidationError(EMAIL_TOO_LONG, params={"max": limit})
        return super().clean_email(email)
