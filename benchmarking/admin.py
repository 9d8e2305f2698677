"""Django admin of the benchmarking app: programmes and their targets are
data managers keep; snapshots and computations are read-only."""

from django.contrib import admin
from django.core.exceptions import ValidationError
from django.forms.models import BaseInlineFormSet
from django.utils.translation import gettext_lazy as _

from kms.core.admin import ReadOnlyAdminMixin

from .forms import TargetForm, parameter_fields, target_form
from .models import (
    AppliesTo,
    ComputeRun,
    Programme,
    ProvinceTarget,
    Snapshot,
    Target,
)

EACH_PROVINCE_NEEDS_PROVINCES = _(
    "A target for each province lists its provinces, each with its own value."
)


class TargetFormMixin:
    """The metric among the registered ones, with a field per parameter."""

    def get_fields(self, request, obj=None):
        fields = [*TargetForm.Meta.fields, *parameter_fields()]
        if isinstance(self, admin.TabularInline):
            fields.remove("programme")  # the inline's parent
        return fields

    def get_form(self, request, obj=None, **kwargs):
        return super().get_form(request, obj, form=target_form(), **kwargs)

    def get_formset(self, request, obj=None, **kwargs):
        return super().get_formset(request, obj, form=target_form(), **kwargs)


class TargetInline(TargetFormMixin, admin.TabularInline):
    model = Target
    extra = 0
    show_change_link = True


@admin.register(Programme)
class ProgrammeAdmin(admin.ModelAdmin):
    list_display = ["name", "starts_on", "ends_on", "is_active"]
    list_filter = ["is_active"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [TargetInline]


class ProvinceTargetFormSet(BaseInlineFormSet):
    def clean(self):
        super().clean()
        kept = [
            form
            for form in self.forms
            if form.cleaned_data and not form.cleaned_data.get("DELETE")
        ]
        if self.instance.applies_to == AppliesTo.EACH_PROVINCE and not kept:
            raise ValidationError(EACH_PROVINCE_NEEDS_PROVINCES)


class ProvinceTargetInline(admin.TabularInline):
    model = ProvinceTarget
    formset = ProvinceTargetFormSet
    extra = 0
    autocomplete_fields = ["province"]


@admin.register(Target)
class TargetAdmin(TargetFormMixin, admin.ModelAdmin):
    list_display = [
        "code",
        "title_tr",
        "programme",
        "metric_label",
        "target_value",
        "direction",
        "applies_to",
        "deadline",
    ]
    list_filter = ["programme", "metric", "applies_to"]
    search_fields = ["code", "title_tr", "title_en"]
    list_select_related = ["programme"]
    inlines = [ProvinceTargetInline]

    @admin.display(description=_("metric"), ordering="metric")
    def metric_label(self, target):
        # A metric no longer in the code shows its code.
        return target.definition or target.metric


@admin.register(Snapshot)
class SnapshotAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["target", "province", "on", "value", "target_value", "status"]
    list_filter = ["target__programme", "status", "on"]
    search_fields = ["target__code", "province__name"]
    list_select_related = ["target", "province"]
    date_hierarchy = "on"


@admin.register(ComputeRun)
class ComputeRunAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["as_of", "trigger", "started_at", "finished_at", "snapshots"]
    list_filter = ["trigger"]
    search_fields = ["trigger"]
    date_hierarchy = "started_at"
