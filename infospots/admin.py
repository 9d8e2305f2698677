"""Django admin of reference data, Info Spots and the SME registry."""

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from kms.accounts.models import Role
from kms.accounts.permissions import can_set_role
from kms.accounts.services import ROLE_CHANGE_FORBIDDEN

from .contacts import (
    NOT_YOUR_CONTACT,
    consent_errors,
    consent_record,
    contact_erase,
    contact_erase_errors,
    contact_save,
)
from .models import (
    AnnualFigures,
    ConsentRecord,
    Contact,
    ContactErasure,
    Firm,
    FirmMembership,
    InformationNotice,
    InfoSpot,
    NaceDivision,
    NaceSection,
    Province,
    Region,
    Service,
    SizeRegulation,
    StaffAssignment,
)
from .models.imports import ImportJob
from .permissions import can_edit_firm
from .scoping import ScopedAdminMixin
from .services import (
    annual_figures_save,
    firm_register,
    firm_update,
    service_record,
    staff_assign,
)


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


# --- contacts (personal data) -------------------------------------------------


class AppendOnlyAdminMixin:
    """Ledgers and logs: rows are added (through a service), never changed."""

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ActiveContactChoiceMixin:
    """The contact to pick is one of the user's, not yet erased."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "contact":
            kwargs["queryset"] = Contact.objects.for_user(request.user).active()
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(Firm)
class FirmAdmin(ScopedAdminMixin, SimpleHistoryAdmin):
    list_display = [
        "legal_name",
        "tax_id",
        "province",
        "primary_nace",
        "size_class",
        "info_spot",
        "listed_publicly",
        "created_at",
    ]
    list_filter = ["province", "size_class", "listed_publicly", "primary_nace__section"]
    search_fields = ["legal_name", "trade_name", "=tax_id", "=mersis_number"]
    list_select_related = ["province", "primary_nace", "info_spot"]
    autocomplete_fields = ["primary_nace", "secondary_naces", "info_spot"]
    readonly_fields = ["registered_by", "size_class", "created_at", "updated_at"]
    date_hierarchy = "created_at"

    def has_delete_permission(self, request, obj=None):
        # Deleting a firm would leave its contacts' personal data in their
        # history, out of reach of erasure: firms are never deleted.
        return False

    def save_model(self, request, obj, form, change):
        """Registration and edits go through the services (keys, duplicates)."""
        save = firm_update if change else firm_register
        save(actor=request.user, firm=obj)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        form.instance.secondary_naces.remove(form.instance.primary_nace)


@admin.register(FirmMembership)
class FirmMembershipAdmin(ScopedAdminMixin, admin.ModelAdmin):
    list_display = ["user", "firm", "province"]
    list_filter = ["firm__province", "user__is_active"]
    search_fields = ["user__email", "firm__legal_name", "=firm__tax_id"]
    autocomplete_fields = ["user", "firm"]
    list_select_related = ["user", "firm__province"]

    @admin.display(description=_("province"), ordering="firm__province__name")
    def province(self, obj):
        return obj.firm.province


@admin.register(Service)
class ServiceAdmin(ScopedAdminMixin, admin.ModelAdmin):
    list_display = ["firm", "kind", "date", "hours", "info_spot", "staff"]
    list_filter = ["kind", "info_spot", "date"]
    search_fields = ["firm__legal_name", "=firm__tax_id"]
    list_select_related = ["firm", "info_spot", "staff"]
    autocomplete_fields = ["firm", "staff"]
    date_hierarchy = "date"

    def save_model(self, request, obj, form, change):
        """Services go through the service (rights, the Info Spot's province)."""
        obj.pk = service_record(actor=request.user, service=obj).pk


@admin.register(AnnualFigures)
class AnnualFiguresAdmin(ScopedAdminMixin, admin.ModelAdmin):
    list_display = ["firm", "year", "employees", "net_sales", "size_class"]
    list_filter = ["year", "size_class"]
    search_fields = ["firm__legal_name", "=firm__tax_id"]
    list_select_related = ["firm"]
    readonly_fields = ["size_class", "regulation"]
    autocomplete_fields = ["firm"]

    def save_model(self, request, obj, form, change):
        """The size class is computed by the service, never typed."""
        saved = annual_figures_save(
            actor=request.user,
            firm=obj.firm,
            year=obj.year,
            employees=obj.employees,
            net_sales=obj.net_sales,
            balance_sheet_total=obj.balance_sheet_total,
        )
        obj.pk = saved.pk


@admin.register(SizeRegulation)
class SizeRegulationAdmin(admin.ModelAdmin):
    """Thresholds are data: managers add a row when the law changes."""

    list_display = [
        "name",
        "currency",
        "in_force_from",
        "in_force_until",
        "applies_to_firms",
    ]
    list_filter = ["applies_to_firms", "currency"]
    search_fields = ["name", "code"]


class _ActorFormMixin:
    """Admin forms that check who is acting; set per request by get_form."""

    actor = None


class _ActorAdminMixin:
    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        form.actor = request.user
        return form


class ContactAdminForm(_ActorFormMixin, forms.ModelForm):
    class Meta:
        model = Contact
        fields = ["firm", "full_name", "position", "phone", "email"]

    def clean_firm(self):
        firm = self.cleaned_data["firm"]
        if not can_edit_firm(self.actor, firm):
            raise ValidationError(NOT_YOUR_CONTACT)
        return firm


@admin.register(Contact)
class ContactAdmin(ScopedAdminMixin, _ActorAdminMixin, admin.ModelAdmin):
    """Contacts of the firms the user may see. Erase, never delete: deleting
    would leave the person's data in the change history."""

    form = ContactAdminForm
    list_display = ["full_name", "firm", "position", "created_at", "erased_at"]
    list_filter = [("erased_at", admin.EmptyFieldListFilter)]
    search_fields = ["full_name", "email", "firm__legal_name"]
    list_select_related = ["firm"]
    raw_id_fields = ["firm"]

    def get_readonly_fields(self, request, obj=None):
        # A contact belongs to one firm; erasure is the way out.
        return ["firm", "created_at", "erased_at"] if obj is not None else []

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "firm":
            kwargs["queryset"] = Firm.objects.for_user(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def has_change_permission(self, request, obj=None):
        if obj is not None and (
            obj.erased_at is not None or not can_edit_firm(request.user, obj.firm)
        ):
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        """Contacts are saved by the service, which records who changed them."""
        contact_save(actor=request.user, contact=obj)


@admin.register(InformationNotice)
class InformationNoticeAdmin(admin.ModelAdmin):
    list_display = ["version", "title", "published_on"]
    list_filter = ["published_on"]
    search_fields = ["version", "title"]

    def _is_referenced(self, obj):
        return obj is not None and obj.consents.exists()

    def get_readonly_fields(self, request, obj=None):
        # People consented to this very text: it must not change under them.
        if self._is_referenced(obj):
            return ["version", "title", "text", "published_on"]
        return []

    def has_delete_permission(self, request, obj=None):
        if self._is_referenced(obj):
            return False
        return super().has_delete_permission(request, obj)


class ConsentRecordAdminForm(_ActorFormMixin, forms.ModelForm):
    class Meta:
        model = ConsentRecord
        fields = ["contact", "notice", "action", "channel", "recorded_at"]

    def clean(self):
        cleaned = super().clean()
        contact = cleaned.get("contact")
        if contact is None or cleaned.get("recorded_at") is None:
            return cleaned
        if not can_edit_firm(self.actor, contact.firm):
            raise ValidationError({"contact": NOT_YOUR_CONTACT})
        errors = consent_errors(
            contact=contact,
            notice=cleaned.get("notice"),
            recorded_at=cleaned["recorded_at"],
        )
        if errors:
            raise ValidationError(errors)
        return cleaned


@admin.register(ConsentRecord)
class ConsentRecordAdmin(
    ScopedAdminMixin,
    AppendOnlyAdminMixin,
    ActiveContactChoiceMixin,
    _ActorAdminMixin,
    admin.ModelAdmin,
):
    """The consent ledger: entries are added, never changed or deleted."""

    form = ConsentRecordAdminForm
    list_display = ["contact", "action", "notice", "channel", "recorded_at"]
    list_filter = ["action", "channel", "notice"]
    search_fields = ["contact__full_name", "notice__version"]
    list_select_related = ["contact", "notice"]
    date_hierarchy = "recorded_at"
    raw_id_fields = ["contact"]
    readonly_fields = ["recorded_by"]

    def save_model(self, request, obj, form, change):
        record = consent_record(
            actor=request.user,
            contact=obj.contact,
            notice=obj.notice,
            action=obj.action,
            channel=obj.channel,
            recorded_at=obj.recorded_at,
        )
        obj.pk, obj.recorded_by = record.pk, record.recorded_by


class ContactErasureAdminForm(_ActorFormMixin, forms.ModelForm):
    class Meta:
        model = ContactErasure
        fields = ["contact", "reason"]

    def clean_contact(self):
        contact = self.cleaned_data["contact"]
        errors = contact_erase_errors(actor=self.actor, contact=contact)
        if errors:
            raise ValidationError(errors)
        return contact


@admin.register(ContactErasure)
class ContactErasureAdmin(
    ScopedAdminMixin,
    AppendOnlyAdminMixin,
    ActiveContactChoiceMixin,
    _ActorAdminMixin,
    admin.ModelAdmin,
):
    """The erasure log, kept for good. Adding an entry erases the contact."""

    form = ContactErasureAdminForm
    list_display = ["erased_at", "contact", "firm", "erased_by", "reason"]
    list_filter = ["firm__province"]
    search_fields = ["firm__legal_name", "=firm__tax_id", "reason"]
    list_select_related = ["contact", "firm", "erased_by"]
    date_hierarchy = "erased_at"
    raw_id_fields = ["contact"]

    def save_model(self, request, obj, form, change):
        erasure = contact_erase(
            actor=request.user, contact=obj.contact, reason=obj.reason
        )
        obj.pk, obj.firm, obj.erased_at = erasure.pk, erasure.firm, erasure.erased_at
        obj.erased_by = erasure.erased_by


@admin.register(ImportJob)
class ImportJobAdmin(ScopedAdminMixin, admin.ModelAdmin):
    """Spreadsheet imports, read-only: they are made on the import page."""

    list_display = [
        "original_name",
        "province",
        "info_spot",
        "status",
        "total_rows",
        "created_count",
        "updated_count",
        "refused_count",
        "created_by",
        "created_at",
    ]
    list_filter = ["status", "province"]
    search_fields = ["original_name", "info_spot__name", "created_by__email"]
    list_select_related = ["province", "info_spot", "created_by"]
    exclude = ["file"]
    date_hierarchy = "created_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
