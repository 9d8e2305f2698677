"""Django admin of reference data and Info Spots."""

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError

from kms.models import Role
from kms.permissions import can_set_role
from kms.services import ROLE_CHANGE_FORBIDDEN

from .models import (
    InfoSpot,
    NaceDivision,
    NaceSection,
    Province,
    Region,
    StaffAssignment,
)
from .services import staff_assign


class ReferenceDataAdmin(admin.ModelAdmin):
    """Reference data is loaded by migrations; only admins may change it."""

    def has_add_permission(self, request):
        return request.user.is_superuser

    def has_change_permission(self, request, obj=None):
        return request.user.is_superuser

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Region)
class RegionAdmin(ReferenceDataAdmin):
    list_display = ["code", "name"]
    search_fields = ["code", "name"]


@admin.register(Province)
class ProvinceAdmin(ReferenceDataAdmin):
    list_display = ["plate", "name", "iso_code", "region", "rcop_eligible"]
    list_filter = ["rcop_eligible", "region"]
    search_fields = ["name", "iso_code", "=plate"]
    list_select_related = ["region"]
    ordering = ["plate"]


@admin.register(NaceSection)
class NaceSectionAdmin(ReferenceDataAdmin):
    list_display = ["code", "name_tr", "name_en"]
    search_fields = ["code", "name_tr", "name_en"]


@admin.register(NaceDivision)
class NaceDivisionAdmin(ReferenceDataAdmin):
    list_display = ["code", "name_tr", "name_en", "section"]
    list_filter = ["section"]
    search_fields = ["code", "name_tr", "name_en"]
    list_select_related = ["section"]


@admin.register(InfoSpot)
class InfoSpotAdmin(admin.ModelAdmin):
    list_display = ["name", "province", "host_institution", "opened_on", "is_active"]
    list_filter = ["is_active", "province__region"]
    search_fields = ["name", "host_institution", "province__name"]
    list_select_related = ["province"]
    prepopulated_fields = {"slug": ["name"]}


class StaffAssignmentForm(forms.ModelForm):
    actor = None  # set per request by StaffAssignmentAdmin.get_form

    class Meta:
        model = StaffAssignment
        fields = ["user", "info_spot"]

    def clean_user(self):
        user = self.cleaned_data["user"]
        if not can_set_role(self.actor, user, Role.STAFF):
            raise ValidationError(ROLE_CHANGE_FORBIDDEN)
        return user


@admin.register(StaffAssignment)
class StaffAssignmentAdmin(admin.ModelAdmin):
    form = StaffAssignmentForm
    list_display = ["user", "info_spot", "assigned_at"]
    list_filter = ["info_spot__province"]
    search_fields = ["user__email", "info_spot__name"]
    list_select_related = ["user", "info_spot__province"]
    autocomplete_fields = ["user", "info_spot"]

    def get_readonly_fields(self, request, obj=None):
        # An assignment belongs to one person; move people, not assignments.
        return ["user"] if obj is not None else []

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        form.actor = request.user
        return form

    def save_model(self, request, obj, form, change):
        """Assignments go through the service, which also sets the role."""
        obj.pk = staff_assign(
            actor=request.user, user=obj.user, info_spot=obj.info_spot
        ).pk
