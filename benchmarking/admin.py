"""Django admin of the benchmarking app: programmes and their targets are
data managers keep; snapshots and computations are read-only."""

from django.contrib import admin

from kms.core.admin import ReadOnlyAdminMixin

from .models import ComputeRun, Programme, ProvinceTarget, Snapshot, Target


class TargetInline(admin.TabularInline):
    model = Target
    fields = [
        "order",
        "code",
        "title_tr",
        "title_en",
        "metric",
        "service_kind",
        "target_value",
        "unit",
        "direction",
        "deadline",
    ]
    extra = 0
    show_change_link = True


@admin.register(Programme)
class ProgrammeAdmin(admin.ModelAdmin):
    list_display = ["name", "starts_on", "ends_on", "is_active"]
    list_filter = ["is_active"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [TargetInline]


class ProvinceTargetInline(admin.TabularInline):
    model = ProvinceTarget
    extra = 0
    autocomplete_fields = ["province"]


@admin.register(Target)
class TargetAdmin(admin.ModelAdmin):
    list_display = [
        "code",
        "title_tr",
        "programme",
        "metric",
        "target_value",
        "direction",
        "deadline",
    ]
    list_filter = ["programme", "metric"]
    search_fields = ["code", "title_tr", "title_en"]
    list_select_related = ["programme"]
    inlines = [ProvinceTargetInline]


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
