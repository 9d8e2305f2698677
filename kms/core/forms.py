"""What every form of the portal shares: styling, checked keys, date
inputs, how a service's refusal lands on a form, and how a form view ends."""

import functools

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import models
from django.forms.models import construct_instance
from django.http import HttpResponseRedirect
from django.shortcuts import render

# Every backend the portal runs on stores keys in at most 64 signed bits.
KEY_MIN = -(2**63)
KEY_MAX = 2**63 - 1


class DateInput(forms.DateInput):
    """The browser's date picker, given and sending ISO dates (YYYY-MM-DD)."""

    input_type = "date"

    def __init__(self, attrs=None, format="%Y-%m-%d"):
        super().__init__(attrs, format)


class CheckedKeysMixin:
    """For a ModelMultipleChoiceField: values that cannot be a key of the
    queryset's model are refused before any query.

    Django checks each value by building a query, which accepts any integer,
    then asks the database for all of them at once: SQLite raises
    OverflowError on a 20-digit id (a 500); PostgreSQL copes only because
    psycopg sends it as a numeric. Here a value that is not a key (for
    integer keys: not an integer, or beyond 64 bits) gets the field's
    `invalid_pk_value` error, as "abc" always did.
    """

    def _key_field(self):
        meta = self.queryset.model._meta
        field = meta.get_field(self.to_field_name) if self.to_field_name else meta.pk
        while field.is_relation:
            field = field.target_field
        return field

    def _is_key(self, field, value) -> bool:
        if isinstance(value, self.queryset.model):
            return True
        try:
            key = field.to_python(value)
        except ValidationError:
            return False
        if isinstance(field, models.IntegerField):
            return key is not None and KEY_MIN <= key <= KEY_MAX
        return True

    def _check_values(self, value):
        try:
            values = frozenset(value)
        except TypeError:
            return super()._check_values(value)  # The "invalid list" error.
        field = self._key_field()
        for pk in values:
            self.validate_no_null_characters(pk)
            if not self._is_key(field, pk):
                raise ValidationError(
                    self.error_messages["invalid_pk_value"],
                    code="invalid_pk_value",
                    params={"pk": pk},
                )
        return super()._check_values(value)


class CheckedModelMultipleChoiceField(CheckedKeysMixin, forms.ModelMultipleChoiceField):
    """A ModelMultipleChoiceField that refuses non-keys before querying."""


@functools.cache
def _checked(field_class):
    """`field_class` (a ModelMultipleChoiceField) with its values checked."""
    if issubclass(field_class, CheckedKeysMixin):
        return field_class
    if field_class is forms.ModelMultipleChoiceField:
        return CheckedModelMultipleChoiceField
    return type(
        f"Checked{field_class.__name__}",
        (CheckedKeysMixin, field_class),
        {"__module__": field_class.__module__},
    )


class StyledFormMixin:
    """Bootstrap classes on every widget and the site's field layout.

    `{{ form }}` renders templates/includes/form.html: each label, control,
    help text and error stays together, errors next to their field.

    Multiple choices of model rows check their values before querying
    (CheckedKeysMixin), in every form of the portal. Single choices need not:
    Django answers "not one of the available choices" to a key out of range.
    """

    template_name = "includes/form.html"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            # Each form has its own copy of its fields: only this one changes.
            if isinstance(field, forms.ModelMultipleChoiceField):
                field.__class__ = _checked(type(field))
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


class ServiceValidatedModelForm(StyledFormMixin, forms.ModelForm):
    """A model form whose model is validated by a service, not by the form.

    The form checks the shape of each field (present, not too long, a date,
    one of the choices) and copies the cleaned values onto its instance; it
    runs none of Django's model validation. The service validates the model
    (`full_clean()`) and what the database's constraints enforce (a folded
    name used once, dates in order, amounts that fit the status), and raises
    ValidationErrors keyed by field, which `run_service` puts next to their
    fields. Django's model validation in the form would instead report the
    check constraints above the form, and run the model's checks twice.
    """

    def _post_clean(self):
        try:
            self.instance = construct_instance(
                self, self.instance, self._meta.fields, self._meta.exclude
            )
        except ValidationError as error:
            self._update_errors(error)


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


def redirect_if_saved(request, form, save, *, to, message=None):
    """The end of a form view: run one service, say so, and redirect.

    On a POST whose `form` is valid, runs `save` (a function that calls one
    service) through `run_service`. If the service returned something, adds
    `message` as a success message and returns a redirect to `to`.
    Otherwise returns None, and the view renders its page: the blank form on
    a GET, or the form with its errors (the service's too) after a POST.

    `to` is a URL and `message` a text, or either one a function of what the
    service returned (`to=Firm.get_absolute_url`):

        form = FirmForm(request.POST if request.method == "POST" else None)
        redirected = redirect_if_saved(
            request,
            form,
            lambda: firm_register(actor=request.user, firm=form.instance),
            message=_("The firm is registered."),
            to=Firm.get_absolute_url,
        )
        return redirected or form_page(request, "firm_form.html", {"form": form})

    A function, not a class-based view, and the page stays in the view: the
    views are functions read top to bottom, their lookups (a scoped 404, a
    403) come first, and some answer a refusal with another page (the plan
    page, an htmx partial, a 403), which a class would hide in hooks.
    """
    if request.method != "POST" or not form.is_valid():
        return None
    result = run_service(form, save)
    if result is None:
        return None
    if message is not None:
        messages.success(request, message(result) if callable(message) else message)
    return HttpResponseRedirect(to(result) if callable(to) else to)


def form_page(request, template, context):
    """A form page: with its errors and a 400, or as asked with a 200."""
    status = 400 if context["form"].errors else 200
    return render(request, template, context, status=status)
