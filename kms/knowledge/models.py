"""Models of the knowledge base (app label `knowledge`).

The tables keep the names they had when the knowledge base lived in the
`kms` app (`kms_article`, ...): migration knowledge.0001 moved the models
without touching a row.
"""

import os
import uuid

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from infospots.scoping import ScopedQuerySet
from kms.core.uploads import StoredFile

from .querysets import ArticleQuerySet


class ArticleLanguage(models.TextChoices):
    TURKISH = "tr", _("Turkish")
    ENGLISH = "en", _("English")


class Visibility(models.TextChoices):
    PUBLIC = "public", _("Public")
    MEMBERS = "members", _("Members only")


class ArticleStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Awaiting review")
    RETURNED = "returned", _("Returned to the author")
    PUBLISHED = "published", _("Published")


class Category(models.Model):
    """A node of the small category tree of the knowledge base."""

    name_tr = models.CharField(_("name (Turkish)"), max_length=120)
    name_en = models.CharField(_("name (English)"), max_length=120)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("parent category"),
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        db_table = "kms_category"
        verbose_name = _("category")
        verbose_name_plural = _("categories")
        ordering = ["position", "slug"]

    def __str__(self):
        return self.name

    @property
    def name(self) -> str:
        return self.name_en if (get_language() or "tr")[:2] == "en" else self.name_tr


class Tag(models.Model):
    name = models.CharField(_("name"), max_length=60, unique=True)
    slug = models.SlugField(_("slug"), max_length=60, unique=True)

    class Meta:
        db_table = "kms_tag"
        verbose_name = _("tag")
        verbose_name_plural = _("tags")
        ordering = ["name"]

    def __str__(self):
        return self.name


class Article(models.Model):
    """A knowledge article. `body_html` is rendered from Markdown and sanitised
    by the article services on every save; pages show only `body_html`."""

    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=220, unique=True)
    summary = models.CharField(_("summary"), max_length=400)
    body_markdown = models.TextField(_("text (Markdown)"))
    body_html = models.TextField(editable=False, default="")
    language = models.CharField(
        _("language"), max_length=2, choices=ArticleLanguage.choices
    )
    translation_of = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="translations",
        verbose_name=_("same article in the other language"),
    )
    category = models.ForeignKey(
        Category,
        on_delete=models.PROTECT,
        related_name="articles",
        verbose_name=_("category"),
    )
    tags = models.ManyToManyField(
        Tag,
        blank=True,
        related_name="articles",
        verbose_name=_("tags"),
        db_table="kms_article_tags",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="articles",
        verbose_name=_("author"),
    )
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    visibility = models.CharField(
        _("visibility"),
        max_length=8,
        choices=Visibility.choices,
        default=Visibility.PUBLIC,
    )
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=ArticleStatus.choices,
        default=ArticleStatus.DRAFT,
        db_index=True,
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    created_at = models.DateTimeField(_("added at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last update"), auto_now=True)
    read_count = models.PositiveIntegerField(_("reads"), default=0, editable=False)
    sectors = models.ManyToManyField(
        "infospots.NaceSection",
        blank=True,
        related_name="articles",
        verbose_name=_("sectors"),
        db_table="kms_article_sectors",
    )
    # The author's province when the article was written: staff of that
    # province moderate it. Empty for national authors (managers review).
    province = models.ForeignKey(
        "infospots.Province",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="articles",
        verbose_name=_("province"),
    )
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="reviewed_articles",
        verbose_name=_("reviewed by"),
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    return_reason = models.TextField(_("reason for returning"), blank=True)
    # Denormalised by the vote service (recounted from HelpfulVote rows) so
    # lists can sort by helpfulness without aggregating 100,000 articles.
    helpful_yes = models.PositiveIntegerField(default=0, editable=False)
    helpful_no = models.PositiveIntegerField(default=0, editable=False)
    # When the owner was last asked to review an article not updated for
    # 12 months (see the freshness task).
    review_flagged_at = models.DateTimeField(null=True, blank=True, editable=False)
    # Folded words of title and summary (and, for trigram matching, without
    # diacritics), kept by article_save.
    search_text = models.TextField(editable=False, default="")
    # Weighted full-text vector (PostgreSQL only), kept by article_save.
    search_vector = SearchVectorField(null=True, editable=False)

    # The province whose staff moderate it (infospots.scoping).
    province_path = "province"
    objects = ArticleQuerySet.as_manager()

    class Meta:
        db_table = "kms_article"
        verbose_name = _("article")
        verbose_name_plural = _("articles")
        ordering = ["-published_at", "-pk"]
        indexes = [
            models.Index(fields=["status", "visibility", "-published_at"]),
            # The list's sorts over published articles, for visitors and
            # members alike (docs/loadtests/search.md).
            models.Index(
                fields=["-published_at", "-id"],
                condition=models.Q(status="published"),
                name="kms_article_newest_idx",
            ),
            models.Index(
                fields=["-read_count"],
                condition=models.Q(status="published"),
                name="kms_article_most_read_idx",
            ),
            models.Index(
                fields=["-helpful_yes"],
                condition=models.Q(status="published"),
                name="kms_article_most_helpful_idx",
            ),
            # Related articles: the newest of a category, without reading
            # the whole category (docs/loadtests/search.md).
            models.Index(
                fields=["category", "-published_at", "-id"],
                condition=models.Q(status="published"),
                name="kms_article_category_new_idx",
            ),
            # The sitemap's lastmod: the latest change without loading
            # every article.
            models.Index(
                fields=["-updated_at"],
                condition=models.Q(status="published"),
                name="kms_article_updated_idx",
            ),
            # The moderation queue: a province's waiting articles, the
            # longest waiting first, without sorting every waiting article.
            models.Index(
                fields=["province", "submitted_at", "id"],
                condition=models.Q(status="submitted"),
                name="kms_article_waiting_idx",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("kms:article_detail", kwargs={"slug": self.slug})


class SearchWord(models.Model):
    """A word of the titles, summaries and tags of published articles: what
    search corrects a word that matches nothing to (kms.knowledge.search).

    Kept by kms.knowledge.search: words are added when an article is saved
    or published, and the whole vocabulary is rebuilt by `reindex_articles`
    and nightly (a word no longer used goes then).
    """

    # Lower-cased with the rules of the article's language, diacritics kept
    # ("kümelenme"): what the corrected query searches for.
    word = models.CharField(_("word"), max_length=60, unique=True)
    # `word` folded without diacritics ("kumelenme"): what is compared with
    # the query (trigram-indexed on PostgreSQL).
    key = models.CharField(_("key"), max_length=60, db_index=True)
    # Published articles using the word at the last rebuild (1 for a word
    # added since): the more used of two equally close words wins.
    articles = models.PositiveIntegerField(_("articles"), default=0)
    # Whether a public article uses it: visitors are never offered a word
    # that only members-only articles contain.
    public = models.BooleanField(_("in a public article"), default=False)

    class Meta:
        verbose_name = _("search word")
        verbose_name_plural = _("search words")

    def __str__(self):
        return self.word


class ArticleRevision(models.Model):
    """One saved state of an article; every edit adds one, none is changed."""

    article = models.ForeignKey(
        Article,
        on_delete=models.CASCADE,
        related_name="revisions",
        verbose_name=_("article"),
    )
    number = models.PositiveIntegerField(_("revision"))
    title = models.CharField(_("title"), max_length=200)
    summary = models.CharField(_("summary"), max_length=400)
    body_markdown = models.TextField(_("text (Markdown)"))
    language = models.CharField(
        _("language"), max_length=2, choices=ArticleLanguage.choices
    )
    category = models.ForeignKey(
        Category,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("category"),
    )
    visibility = models.CharField(
        _("visibility"), max_length=8, choices=Visibility.choices
    )
    tag_names = models.TextField(_("tags"), blank=True)
    editor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("edited by"),
    )
    note = models.CharField(_("note"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("saved at"), auto_now_add=True)

    province_path = "article__province"
    objects = ScopedQuerySet.as_manager()

    class Meta:
        db_table = "kms_articlerevision"
        verbose_name = _("revision")
        verbose_name_plural = _("revisions")
        ordering = ["article", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["article", "number"], name="kms_revision_number_unique"
            )
        ]

    def __str__(self):
        return f"{self.article_id} #{self.number}"


def attachment_path(instance, filename):
    """A generated name: the uploader's file name never reaches the disk."""
    extension = os.path.splitext(filename)[1].lower()[:10]
    return f"attachments/{uuid.uuid4().hex}{extension}"


class Attachment(StoredFile):
    article = models.ForeignKey(
        Article,
        on_delete=models.CASCADE,
        related_name="attachments",
        verbose_name=_("article"),
    )
    file = models.FileField(_("file"), upload_to=attachment_path, max_length=200)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    created_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    province_path = "article__province"
    objects = ScopedQuerySet.as_manager()

    class Meta:
        db_table = "kms_attachment"
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["article", "pk"]


class HelpfulVote(models.Model):
    """A member's answer to "Was this helpful?"; one per member and article."""

    article = models.ForeignKey(
        Article,
        on_delete=models.CASCADE,
        related_name="votes",
        verbose_name=_("article"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="helpful_votes",
        verbose_name=_("user"),
    )
    helpful = models.BooleanField(_("helpful"))
    reason = models.CharField(_("reason"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("voted at"), auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    province_path = "article__province"
    objects = ScopedQuerySet.as_manager()

    class Meta:
        db_table = "kms_helpfulvote"
        verbose_name = _("helpful vote")
        verbose_name_plural = _("helpful votes")
        constraints = [
            models.UniqueConstraint(
                fields=["article", "user"],
                name="kms_one_vote_per_member",
                violation_error_message=_("You have already voted on this article."),
            )
        ]

    def __str__(self):
        return f"{self.article_id} {self.user_id} {self.helpful}"


class CommentStatus(models.TextChoices):
    VISIBLE = "visible", _("Visible")
    HIDDEN = "hidden", _("Hidden by a moderator")


class Comment(models.Model):
    """A member's comment: plain text, escaped when shown."""

    article = models.ForeignKey(
        Article,
        on_delete=models.CASCADE,
        related_name="comments",
        verbose_name=_("article"),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="article_comments",
        verbose_name=_("author"),
    )
    body = models.TextField(_("comment"), max_length=2000)
    status = models.CharField(
        _("status"),
        max_length=8,
        choices=CommentStatus.choices,
        default=CommentStatus.VISIBLE,
        db_index=True,
    )
    flag_count = models.PositiveIntegerField(default=0, editable=False)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("moderated by"),
    )
    moderated_at = models.DateTimeField(_("moderated at"), null=True, blank=True)
    created_at = models.DateTimeField(_("written at"), auto_now_add=True)

    province_path = "article__province"
    objects = ScopedQuerySet.as_manager()

    class Meta:
        db_table = "kms_comment"
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        ordering = ["article", "created_at", "pk"]
        indexes = [models.Index(fields=["status", "flag_count"])]

    def __str__(self):
        return f"{self.article_id}: {self.body[:40]}"


class CommentFlag(models.Model):
    comment = models.ForeignKey(
        Comment,
        on_delete=models.CASCADE,
        related_name="flags",
        verbose_name=_("comment"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("flagged by"),
    )
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("flagged at"), auto_now_add=True)

    province_path = "comment__article__province"
    objects = ScopedQuerySet.as_manager()

    class Meta:
        db_table = "kms_commentflag"
        verbose_name = _("comment flag")
        verbose_name_plural = _("comment flags")
        constraints = [
            models.UniqueConstraint(
                fields=["comment", "user"],
                name="kms_one_flag_per_member",
                violation_error_message=_("You have already flagged this comment."),
            )
        ]

    def __str__(self):
        return f"{self.comment_id} {self.user_id}"


class Bookmark(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="bookmarks",
        verbose_name=_("user"),
    )
    article = models.ForeignKey(
        Article,
        on_delete=models.CASCADE,
        related_name="bookmarks",
        verbose_name=_("article"),
    )
    created_at = models.DateTimeField(_("saved at"), auto_now_add=True)

    province_path = "article__province"
    objects = ScopedQuerySet.as_manager()

    class Meta:
        db_table = "kms_bookmark"
        verbose_name = _("bookmark")
        verbose_name_plural = _("bookmarks")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "article"], name="kms_one_bookmark_per_article"
            )
        ]

    def __str__(self):
        return f"{self.user_id} {self.article_id}"


class Follow(models.Model):
    """A member follows one category or one tag and gets a weekly digest."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="follows",
        verbose_name=_("user"),
    )
    category = models.ForeignKey(
        Category,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="follows",
        verbose_name=_("category"),
    )
    tag = models.ForeignKey(
        Tag,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="follows",
        verbose_name=_("tag"),
    )
    created_at = models.DateTimeField(_("followed since"), auto_now_add=True)
    last_digest_at = models.DateTimeField(_("last digest"), null=True, blank=True)

    class Meta:
        db_table = "kms_follow"
        verbose_name = _("follow")
        verbose_name_plural = _("follows")
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(category__isnull=False, tag__isnull=True)
                    | models.Q(category__isnull=True, tag__isnull=False)
                ),
                name="kms_follow_one_category_or_tag",
            ),
            models.UniqueConstraint(
                fields=["user", "category"],
                condition=models.Q(category__isnull=False),
                name="kms_follow_category_once",
            ),
            models.UniqueConstraint(
                fields=["user", "tag"],
                condition=models.Q(tag__isnull=False),
                name="kms_follow_tag_once",
            ),
        ]

    def __str__(self):
        return f"{self.user_id} → {self.category or self.tag}"
