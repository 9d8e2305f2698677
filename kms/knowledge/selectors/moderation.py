"""Reads of authoring and moderation: the queue, the navigation counts, an
author's articles and what an article page offers its reader to do."""

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone

from infospots.scoping import province_scope
from kms.core.generations import cached

from ..models import Article, ArticleStatus, Comment, CommentStatus
from ..permissions import (
    can_edit_article,
    can_moderate_article,
    can_review_article,
    can_see_revisions,
    can_submit_article,
    is_moderator,
)

# Published articles neither updated nor published for this long are stale.
STALE_AFTER = dt.timedelta(days=365)

# What a list of articles never shows: the text and its search index, most
# of a row's bytes (a page of 50 read about 1 MB for titles and dates).
ARTICLE_TEXT = ("summary", "body_markdown", "body_html", "search_text", "search_vector")


def moderation_queue(*, user):
    """Submitted articles `user` may review, the longest waiting first.

    Their own articles are left out: another moderator reviews those.
    """
    return (
        Article.objects.in_provinces_of(user)
        .filter(status=ArticleStatus.SUBMITTED)
        .exclude(author=user)
        .select_related("author", "province", "category")
        .defer(*ARTICLE_TEXT)
        .order_by("submitted_at", "pk")
    )


def flagged_comments(*, user):
    """Visible comments that readers flagged, on articles `user` moderates."""
    return (
        Comment.objects.in_provinces_of(user)
        .filter(
            status=CommentStatus.VISIBLE,
            flag_count__gt=0,
            article__status=ArticleStatus.PUBLISHED,
        )
        .select_related("article")
        .defer(*(f"article__{field}" for field in ARTICLE_TEXT))
        .order_by("-flag_count", "created_at", "pk")
    )


@dataclass(frozen=True)
class ModerationCounts:
    """What waits for a moderator, for the badge in the navigation."""

    articles: int
    comments: int

    @property
    def total(self) -> int:
        return self.articles + self.comments


# The cache generation of what waits for moderators (kms.core.generations),
# bumped by every write to articles and comments (KnowledgeConfig.ready).
MODERATION = "knowledge-moderation"


def moderation_counts(*, user) -> ModerationCounts:
    """None for anyone but a moderator; for a moderator two COUNT queries,
    kept in the cache until an article or a comment changes: the navigation
    shows them on every page."""
    if not is_moderator(user):
        return ModerationCounts(articles=0, comments=0)
    # Per user (their own articles are left out) and per scope (a new
    # assignment is a new queue).
    scope = province_scope(user=user)
    return cached(
        f"moderation-counts:{user.pk}:{scope.cache_key}",
        depends_on=(MODERATION,),
        compute=lambda: ModerationCounts(
            articles=moderation_queue(user=user).count(),
            comments=flagged_comments(user=user).count(),
        ),
    )


def my_articles(*, user):
    """The articles `user` wrote, the most recently changed first."""
    return (
        Article.objects.filter(author=user)
        .select_related("category")
        .order_by("-updated_at", "-pk")
    )


def is_stale(article: Article, *, now=None) -> bool:
    """Published, and neither updated nor published for a year (the note
    readers see; the weekly task flags the same articles to their owner)."""
    if article.status != ArticleStatus.PUBLISHED or article.published_at is None:
        return False
    cutoff = (now or timezone.now()) - STALE_AFTER
    return article.updated_at < cutoff and article.published_at < cutoff


@dataclass(frozen=True)
class ArticleTools:
    """What the article page offers the current user, and its notes."""

    can_edit: bool
    can_submit: bool
    can_review: bool
    can_moderate: bool
    can_see_revisions: bool
    is_author: bool
    is_stale: bool


def article_tools(*, user, article: Article) -> ArticleTools:
    return ArticleTools(
        can_edit=can_edit_article(user, article),
        can_submit=can_submit_article(user, article),
        can_review=can_review_article(user, article),
        can_moderate=can_moderate_article(user, article),
        can_see_revisions=can_see_revisions(user, article),
        is_author=user.is_authenticated and article.author_id == user.pk,
        is_stale=is_stale(article),
    )
