"""Forms of the site core."""

from django import forms
from django.contrib.auth.forms import UserCreationForm
from django.core.exceptions import ValidationError

from ..models import User


class UserAdminCreationForm(UserCreationForm):
    """Admin's "add user" form: the e-mail is the login, stored in lower case."""

    class Meta:
        model = User
        fields = ["email"]

    def clean_email(self):
        return User.objects.normalize_email(self.cleaned_data["email"]).lower()


class StyledFormMixin:
    """Bootstrap classes on every widget and the site's field layout.

    `{{ form }}` renders templates/includes/form.html: each label, control,
    help text and error stays together, errors next to their field.
    """

    template_name = "includes/form.html"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput):
                css = "form-check-input"
            elif isinstance(widget, forms.Select | forms.SelectMultiple):
                css = "form-select"
            else:
                css = "form-control"
            widget.attrs["class"] = f"{widget.attrs.get('class', '')} {css}".strip()

    def add_error(self, field, error):
        """Mark the fields in error, also when a service's errors arrive
        after validation (run_service)."""
        super().add_error(field, error)
        for name in self.errors:
            if name in self.fields:
                widget = self.fields[name].widget
                css = widget.attrs.get("class", "").split()
                if "is-invalid" not in css:
                    widget.attrs["class"] = " ".join([*css, "is-invalid"])


def run_service(form, save):
    """Run a service for a view; its ValidationErrors land on the form.

    Returns what the service returned, or None when it refused (the form then
    shows the errors next to their fields).
    """
    try:
        return save()
    except ValidationError as error:
        if hasattr(error, "error_dict"):
            # Errors about fields this form does not show go above the form.
            for field, errors in error.error_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            form.add_error(None, error)
        return None
