"""Readers' comments, reports, votes, bookmarks and follows."""

from django.contrib import admin
from django.db import transaction
from django.db.models import Q
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from infospots.scoping import ScopedAdminMixin
from kms.core.admin import ReadOnlyAdminMixin

from ..models import (
    Bookmark,
    Comment,
    CommentFlag,
    CommentStatus,
    Follow,
    HelpfulVote,
)
from ..permissions import is_moderator
from ..services.engagement import comment_hide, comment_restore
from .mixins import PrivateLedgerAdminMixin

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
class CommentAdmin(ScopedAdminMixin, ReadOnlyAdminMixin, admin.ModelAdmin):
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
class CommentFlagAdmin(ScopedAdminMixin, ReadOnlyAdminMixin, admin.ModelAdmin):
    """Readers' reports. They are settled by restoring or hiding the comment
    (Comments), never deleted one by one: the comment's count of reports is
    kept by the services."""

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
