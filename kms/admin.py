"""Django admin of the site core."""

from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.db import transaction
from django.db.models import Count, Exists, OuterRef, Q
from django.utils.text import Truncator
from django.utils.translation import gettext, ngettext_lazy
from django.utils.translation import gettext_lazy as _

from .forms import UserAdminCreationForm
from .models import (
    Article,
    ArticleRevision,
    Attachment,
    Bookmark,
    Category,
    Comment,
    CommentFlag,
    CommentStatus,
    Follow,
    HelpfulVote,
    Role,
    Tag,
    User,
)
from .permissions import is_moderator
from .querysets import moderation_scope
from .services import article_save, user_set_role
from .services.articles import (
    RESERVED_SLUG,
    RESERVED_SLUGS,
    TRANSLATION_ITSELF,
    TRANSLATION_SAME_LANGUAGE,
)
from .services.attachments import attachment_delete
from .services.engagement import comment_hide, comment_restore

# is_staff and is_superuser follow the role (kms.services.user_set_role).
ROLE_FLAGS = ("is_staff", "is_superuser")
SUPERUSER_ONLY_FIELDS = ("groups", "user_permissions")

COMMENTS_HIDDEN = ngettext_lazy(
    "%(count)d comment is hidden from readers.",
    "%(count)d comments are hidden from readers.",
    "count",
)
COMMENTS_RESTORED = ngettext_lazy(
    "%(count)d comment is shown to readers and its reports are cleared.",
    "%(count)d comments are shown to readers and their reports are cleared.",
    "count",
)


class ModerationScopedAdminMixin:
    """Rows are scoped through their article's province (`province_path`), as
    the moderation pages are: everything for managers and admins, the
    articles of their province for staff, nothing for anyone else."""

    province_path = "article__province"

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        scope = moderation_scope(request.user, self.province_path)
        return queryset.none() if scope is None else queryset.filter(scope)


class PrivateLedgerAdminMixin:
    """A member's own votes, bookmarks and follows: on the site nobody but
    the member sees them, so here only the national roles do."""

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        return queryset if request.user.is_national else queryset.none()


class ReadOnlyAdminMixin:
    """Rows written on the site, through the services (members' ledgers, a
    cluster's life): the admin shows them and adds, changes or deletes none."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


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
class ArticleAdmin(ModerationScopedAdminMixin, admin.ModelAdmin):
    province_path = "province"
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
class AttachmentAdmin(ModerationScopedAdminMixin, admin.ModelAdmin):
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


class ReportedFilter(admin.SimpleListFilter):
    title = _("reported by readers")
    parameter_name = "reported"

    def lookups(self, request, model_admin):
        return [("yes", _("Yes")), ("no", _("No"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(flag_count__gt=0)
        if self.value() == "no":
            return queryset.filter(flag_count=0)
        return queryset


@admin.register(Comment)
class CommentAdmin(ModerationScopedAdminMixin, ReadOnlyAdminMixin, admin.ModelAdmin):
    """Comments are moderated, never edited or deleted: the actions hide and
    restore them through the same services as the moderation page, so the
    moderator's rights and the settling of reports hold here too."""

    list_display = [
        "excerpt",
        "article",
        "author",
        "status",
        "flag_count",
        "created_at",
        "moderated_by",
    ]
    list_filter = ["status", ReportedFilter, "article__language"]
    search_fields = ["body", "article__title", "author__email"]
    list_select_related = ["article", "author", "moderated_by"]
    date_hierarchy = "created_at"
    fields = [
        "article",
        "author",
        "body",
        "status",
        "flag_count",
        "created_at",
        "moderated_by",
        "moderated_at",
    ]
    readonly_fields = fields
    actions = ["hide_comments", "restore_comments"]

    @admin.display(description=_("comment"))
    def excerpt(self, obj):
        return Truncator(obj.body).chars(80)

    def has_moderate_permission(self, request):
        return is_moderator(request.user)

    @transaction.atomic
    def _moderate(self, request, queryset, service, done_message):
        """One transaction: a comment the service refuses (PermissionDenied,
        answered 403) leaves every selected comment as it was."""
        comments = list(queryset.select_related("article"))
        for comment in comments:
            service(actor=request.user, comment=comment)
        self.message_user(request, done_message % {"count": len(comments)})

    @admin.action(description=_("Hide the selected comments"), permissions=["moderate"])
    def hide_comments(self, request, queryset):
        # Hiding a hidden comment again would only replace who hid it.
        queryset = queryset.filter(status=CommentStatus.VISIBLE)
        self._moderate(request, queryset, comment_hide, COMMENTS_HIDDEN)

    @admin.action(
        description=_("Show the selected comments and clear their reports"),
        permissions=["moderate"],
    )
    def restore_comments(self, request, queryset):
        queryset = queryset.filter(Q(status=CommentStatus.HIDDEN) | Q(flag_count__gt=0))
        self._moderate(request, queryset, comment_restore, COMMENTS_RESTORED)


@admin.register(CommentFlag)
class CommentFlagAdmin(
    ModerationScopedAdminMixin, ReadOnlyAdminMixin, admin.ModelAdmin
):
    """Readers' reports. They are settled by restoring or hiding the comment
    (Comments), never deleted one by one: the comment's count of reports is
    kept by the services."""

    province_path = "comment__article__province"
    list_display = ["comment", "user", "reason", "created_at"]
    list_filter = ["comment__status"]
    search_fields = ["reason", "comment__body", "user__email"]
    list_select_related = ["comment", "user"]
    date_hierarchy = "created_at"


@admin.register(HelpfulVote)
class HelpfulVoteAdmin(PrivateLedgerAdminMixin, ReadOnlyAdminMixin, admin.ModelAdmin):
    """Answers to "Was this helpful?". Not deleted here: the article's
    yes and no counts are recounted from these rows by the vote service."""

    list_display = ["article", "user", "helpful", "reason", "created_at"]
    list_filter = ["helpful", "article__language"]
    search_fields = ["article__title", "user__email", "reason"]
    list_select_related = ["article", "user"]
    date_hierarchy = "created_at"


@admin.register(Bookmark)
class BookmarkAdmin(PrivateLedgerAdminMixin, ReadOnlyAdminMixin, admin.ModelAdmin):
    """A member's reading list: theirs to change, nobody else's; it sends
    nothing and shows nothing to others, so there is nothing to take down."""

    list_display = ["user", "article", "created_at"]
    list_filter = ["article__language"]
    search_fields = ["user__email", "article__title"]
    list_select_related = ["user", "article"]
    date_hierarchy = "created_at"


class FollowTargetFilter(admin.SimpleListFilter):
    title = _("follows")
    parameter_name = "target"

    def lookups(self, request, model_admin):
        return [("category", _("a category")), ("tag", _("a tag"))]

    def queryset(self, request, queryset):
        if self.value() == "category":
            return queryset.filter(category__isnull=False)
        if self.value() == "tag":
            return queryset.filter(tag__isnull=False)
        return queryset


@admin.register(Follow)
class FollowAdmin(PrivateLedgerAdminMixin, admin.ModelAdmin):
    """What members follow for the weekly digest.

    Added only by the member. Deleting one is allowed: it stops that digest
    exactly as the member's own unsubscribe link does (nothing is counted
    from these rows), for a member who asks by e-mail or whose mail bounces.
    """

    list_display = ["user", "target", "created_at", "last_digest_at"]
    list_filter = [
        FollowTargetFilter,
        ("last_digest_at", admin.EmptyFieldListFilter),
    ]
    search_fields = [
        "user__email",
        "category__name_tr",
        "category__name_en",
        "tag__name",
    ]
    list_select_related = ["user", "category", "tag"]
    date_hierarchy = "created_at"

    @admin.display(description=_("category or tag"))
    def target(self, obj):
        return obj.category or obj.tag

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
