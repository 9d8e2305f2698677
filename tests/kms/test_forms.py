"""The bridge between forms and services."""

from django import forms
from django.core.exceptions import ValidationError

from kms.forms import run_service


class ReasonForm(forms.Form):
    reason = forms.CharField()


def refuse(errors):
    def save():
        raise ValidationError(errors)

    return save


def test_a_service_error_lands_next_to_its_field():
    form = ReasonForm(data={"reason": "x"})
    assert form.is_valid()
    assert run_service(form, refuse({"reason": "Too short."})) is None
    assert form.errors == {"reason": ["Too short."]}


def test_an_error_about_a_field_the_form_lacks_goes_above_the_form():
    form = ReasonForm(data={"reason": "x"})
    assert form.is_valid()
    assert run_service(form, refuse({"title": "Missing title."})) is None
    assert form.non_field_errors() == ["Missing title."]
