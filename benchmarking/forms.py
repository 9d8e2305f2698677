"""The target form of Django admin: metrics and their parameters come from
the metric registry (kms.core.metrics), so a new metric needs no change here."""

from django import forms
from django.utils.translation import gettext_lazy as _

from kms.core.metrics import registry

from .models import Target

PARAMETER_NOT_TAKEN = _("The metric chosen takes no “%(label)s”.")
PREFIX = "parameter_"


def parameter_fields() -> list[str]:
    """The form's names of every parameter some metric takes."""
    return [f"{PREFIX}{name}" for name in registry.parameters()]


class TargetForm(forms.ModelForm):
    """A metric among the registered ones, and one choice per parameter any
    metric takes; only the chosen metric's parameters are kept."""

    metric = forms.ChoiceField(label=_("metric"), choices=registry.choices)

    class Meta:
        model = Target
        fields = [
            "programme",
            "order",
            "code",
            "title_tr",
            "title_en",
            "metric",
            "target_value",
            "direction",
            "lower_bound",
            "applies_to",
            "deadline",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, value in (self.instance.parameters or {}).items():
            if f"{PREFIX}{name}" in self.fields:
                self.initial.setdefault(f"{PREFIX}{name}", value)

    def clean(self):
        cleaned = super().clean()
        metric = registry.get(cleaned.get("metric", ""))
        taken = {p.name for p in metric.parameters} if metric else set()
        parameters = {}
        for name, parameter in registry.parameters().items():
            value = cleaned.get(f"{PREFIX}{name}")
            if not value:
                continue
            if name in taken:
                parameters[name] = value
            else:
                self.add_error(
                    f"{PREFIX}{name}",
                    PARAMETER_NOT_TAKEN % {"label": parameter.label},
                )
        self.instance.parameters = parameters
        return cleaned


def target_form() -> type[TargetForm]:
    """TargetForm with a field for each parameter registered now (the
    registry fills once every app is ready, after admin classes load)."""
    declared = {
        f"{PREFIX}{name}": forms.ChoiceField(
            label=parameter.label,
            choices=[("", "—"), *parameter.choices()],
            required=False,
        )
        for name, parameter in registry.parameters().items()
    }
    return type("TargetForm", (TargetForm,), declared)
