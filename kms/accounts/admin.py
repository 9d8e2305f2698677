"""Users and their roles in Django admin."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from kms.accounts.forms import UserAdminCreationForm
from kms.accounts.models import Role, User
from kms.accounts.services import user_set_role

# is_staff and is_superuser follow the role (kms.accounts.services.user_set_role).
ROLE_FLAGS = ("is_staff", "is_superuser")
SUPERUSER_ONLY_FIELDS = ("groups", "user_permissions")


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    ordering = ["email"]
    list_display = [
        "email",
        "first_name",
        "last_name",
        "role",
        "is_active",
        "last_login",
    ]
    list_filter = ["role", "is_active", "is_superuser"]
    search_fields = ["email", "first_name", "last_name", "organisation"]
    readonly_fields = ["last_login", "date_joined", *ROLE_FLAGS]
    add_form = UserAdminCreationForm
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (_("Personal info"), {"fields": ("first_name", "last_name", "organisation")}),
        (_("Role"), {"fields": ("role", "is_active")}),
        (
            _("Django permissions"),
            {
                "classes": ("collapse",),
                "fields": ROLE_FLAGS + SUPERUSER_ONLY_FIELDS,
            },
        ),
        (_("Important dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (None, {"classes": ("wide",), "fields": ("email", "password1", "password2")}),
    )

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if not request.user.is_superuser:
            fields += SUPERUSER_ONLY_FIELDS
        if obj is not None:
            # E-mail changes go through allauth, which verifies the new address.
            fields.append("email")
            if obj.pk == request.user.pk:
                fields.append("role")  # nobody sets their own role
        return fields

    def has_change_permission(self, request, obj=None):
        """Only admins change admins (password included)."""
        if obj is not None and (obj.is_superuser or obj.role == Role.ADMIN):
            return request.user.is_superuser
        return super().has_change_permission(request, obj)

    def formfield_for_choice_field(self, db_field, request, **kwargs):
        if db_field.name == "role" and not request.user.is_superuser:
            kwargs["choices"] = [c for c in Role.choices if c[0] != Role.ADMIN]
        return super().formfield_for_choice_field(db_field, request, **kwargs)

    def has_delete_permission(self, request, obj=None):
        # Accounts are deactivated, not deleted, except by admins.
        return request.user.is_superuser

    def save_model(self, request, obj, form, change):
        """Role changes go through the service (admin wraps this in a transaction)."""
        role_changed = change and "role" in form.changed_data
        new_role = obj.role
        if role_changed:
            obj.role = form.initial["role"]
        super().save_model(request, obj, form, change)
        if role_changed:
            user_set_role(actor=request.user, user=obj, role=new_role)
