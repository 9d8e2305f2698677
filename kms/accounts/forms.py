"""Forms about accounts."""

from django.contrib.auth.forms import UserCreationForm

from .models import User


class UserAdminCreationForm(UserCreationForm):
    """Admin's "add user" form: the e-mail is the login, stored in lower case."""

    class Meta:
        model = User
        fields = ["email"]

    def clean_email(self):
        return User.objects.normalize_email(self.cleaned_data["email"]).lower()
