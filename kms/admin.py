"""Django admin of the site core."""

from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .forms import UserAdminCreationForm
from .models import Article, ArticleRevision, Category, Role, Tag, User
from .services import article_save, user_set_role
from .services.articles import (
    RESERVED_SLUG,
    RESERVED_SLUGS,
    TRANSLATION_ITSELF,
    TRANSLATION_SAME_LANGUAGE,
)

# is_staff and is_superuser follow the role (kms.services.user_set_role).
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


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["name_tr", "name_en", "parent", "position"]
    prepopulated_fields = {"slug": ["name_en"]}
    search_fields = ["name_tr", "name_en"]


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    search_fields = ["name"]


class ArticleRevisionInline(admin.TabularInline):
    """Revisions are kept as they were saved: shown, never changed here."""

    model = ArticleRevision
    fields = ["number", "created_at", "editor", "note", "title", "tag_names"]
    readonly_fields = fields
    ordering = ["-number"]
    extra = 0
    can_delete = False
    show_change_link = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class ArticleAdminForm(forms.ModelForm):
    def clean(self):
        cleaned = super().clean()
        language = cleaned.get("language")
        other = cleaned.get("translation_of")
        if other is not None and language:
            if self.instance.pk is not None and other.pk == self.instance.pk:
                self.add_error("translation_of", TRANSLATION_ITSELF)
            elif other.language == language:
                self.add_error("translation_of", TRANSLATION_SAME_LANGUAGE)
        slug = cleaned.get("slug")
        if slug in RESERVED_SLUGS:
            self.add_error("slug", RESERVED_SLUG)
        return cleaned


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    form = ArticleAdminForm
    list_display = [
        "title",
        "language",
        "category",
        "status",
        "visibility",
        "published_at",
    ]
    list_filter = ["status", "visibility", "language", "category"]
    search_fields = ["title", "summary"]
    list_select_related = ["category"]
    autocomplete_fields = ["tags", "translation_of"]
    readonly_fields = [
        "read_count",
        "created_at",
        "updated_at",
        "submitted_at",
        "reviewed_by",
        "reviewed_at",
        "review_flagged_at",
    ]
    raw_id_fields = ["author"]
    prepopulated_fields = {"slug": ["title"]}
    inlines = [ArticleRevisionInline]

    def save_model(self, request, obj, form, change):
        """Through the service: it renders the body and keeps a revision."""
        article_save(
            actor=request.user,
            article=obj,
            tags=form.cleaned_data.get("tags"),
            sectors=form.cleaned_data.get("sectors"),
            note=gettext("Saved in the administration"),
            workflow=True,
        )
