"""Knowledge-base articles, their categories, tags, revisions and files."""

from django import forms
from django.contrib import admin
from django.db import transaction
from django.db.models import Count, Exists, OuterRef
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from infospots.scoping import ScopedAdminMixin

from ..models import (
    Article,
    ArticleRevision,
    Attachment,
    Category,
    Tag,
)
from ..services import article_save
from ..services.articles import (
    RESERVED_SLUG,
    RESERVED_SLUGS,
    TRANSLATION_ITSELF,
    TRANSLATION_SAME_LANGUAGE,
)
from ..services.attachments import attachment_delete


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["name_tr", "name_en", "parent", "position"]
    # Only the categories that have sub-categories, not the whole tree twice.
    list_filter = [("parent", admin.RelatedOnlyFieldListFilter)]
    prepopulated_fields = {"slug": ["name_en"]}
    search_fields = ["name_tr", "name_en", "slug"]
    # The parent is nullable, which Django's automatic select_related skips.
    list_select_related = ["parent"]


class TagInUseFilter(admin.SimpleListFilter):
    """Unused tags are the ones to merge or remove."""

    title = _("used by articles")
    parameter_name = "in_use"

    def lookups(self, request, model_admin):
        return [("yes", _("Yes")), ("no", _("No"))]

    def queryset(self, request, queryset):
        used = Exists(Article.tags.through.objects.filter(tag=OuterRef("pk")))
        if self.value() == "yes":
            return queryset.filter(used)
        if self.value() == "no":
            return queryset.exclude(used)
        return queryset


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "article_count"]
    list_filter = [TagInUseFilter]
    prepopulated_fields = {"slug": ["name"]}
    search_fields = ["name"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(n_articles=Count("articles"))

    @admin.display(description=_("articles"), ordering="n_articles")
    def article_count(self, obj):
        return obj.n_articles


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
class ArticleAdmin(ScopedAdminMixin, admin.ModelAdmin):
    form = ArticleAdminForm
    list_display = [
        "title",
        "language",
        "category",
        "author",
        "province",
        "status",
        "visibility",
        "published_at",
    ]
    list_filter = [
        "status",
        "visibility",
        "language",
        "category",
        ("province", admin.RelatedOnlyFieldListFilter),
    ]
    search_fields = ["title", "summary", "=slug", "author__email"]
    list_select_related = ["category", "author", "province"]
    date_hierarchy = "published_at"
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


@admin.register(Attachment)
class AttachmentAdmin(ScopedAdminMixin, admin.ModelAdmin):
    """Files are added on the article's page, where their content is checked.

    The admin may take one down: deleting goes through the service, which
    also removes the stored file once the transaction commits.
    """

    list_display = [
        "original_name",
        "article",
        "content_type",
        "size",
        "uploaded_by",
        "created_at",
    ]
    list_filter = ["content_type", "article__language"]
    search_fields = ["original_name", "article__title", "uploaded_by__email"]
    list_select_related = ["article", "uploaded_by"]
    date_hierarchy = "created_at"
    # The file is served through the article's download view, which checks
    # who may read it; the media link here would not.
    exclude = ["file"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def delete_model(self, request, obj):
        attachment_delete(actor=request.user, attachment=obj)

    @transaction.atomic
    def delete_queryset(self, request, queryset):
        for attachment in queryset.select_related("article"):
            attachment_delete(actor=request.user, attachment=attachment)
