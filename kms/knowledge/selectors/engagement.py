"""Reads of the knowledge base's engagement: what an article page shows of
votes, comments, bookmarks and follows, and the lists of a member."""

from dataclasses import dataclass

from django.db.models import Q

from infospots.scoping import province_scope
from kms.accounts.permissions import is_signed_in

from ..models import (
    Article,
    ArticleStatus,
    Bookmark,
    Comment,
    CommentFlag,
    CommentStatus,
    Follow,
    HelpfulVote,
)
from ..permissions import can_moderate_article


@dataclass(frozen=True)
class ArticleEngagement:
    """What the article page shows below the text, for one reader."""

    helpful_yes: int
    helpful_no: int
    my_vote: HelpfulVote | None
    bookmarked: bool
    comments: tuple[Comment, ...]
    can_moderate: bool
    flagged_comment_ids: frozenset[int]
    followed_category_ids: frozenset[int]
    followed_tag_ids: frozenset[int]


def article_engagement(*, user, article: Article) -> ArticleEngagement | None:
    """Votes, comments, bookmark and follows of a published article.

    None for an article that is not published (a draft its author or a
    moderator is looking at): nobody votes on or discusses those.
    """
    if article.status != ArticleStatus.PUBLISHED:
        return None
    member = is_signed_in(user)
    can_moderate = member and can_moderate_article(user, article)
    comments = article_comments(user=user, article=article, moderator=can_moderate)
    if not member:
        return ArticleEngagement(
            helpful_yes=article.helpful_yes,
            helpful_no=article.helpful_no,
            my_vote=None,
            bookmarked=False,
            comments=tuple(comments),
            can_moderate=False,
            flagged_comment_ids=frozenset(),
            followed_category_ids=frozenset(),
            followed_tag_ids=frozenset(),
        )
    follows = list(Follow.objects.filter(user=user).values_list("category", "tag"))
    return ArticleEngagement(
        helpful_yes=article.helpful_yes,
        helpful_no=article.helpful_no,
        my_vote=HelpfulVote.objects.filter(article=article, user=user).first(),
        bookmarked=Bookmark.objects.filter(article=article, user=user).exists(),
        comments=tuple(comments),
        can_moderate=can_moderate,
        flagged_comment_ids=frozenset(
            CommentFlag.objects.filter(user=user, comment__article=article).values_list(
                "comment_id", flat=True
            )
        ),
        followed_category_ids=frozenset(c for c, _t in follows if c is not None),
        followed_tag_ids=frozenset(t for _c, t in follows if t is not None),
    )


def article_comments(*, user, article: Article, moderator: bool = False):
    """The comments a reader sees: visible ones, and hidden ones for moderators."""
    comments = Comment.objects.filter(article=article).select_related("author")
    if not moderator:
        comments = comments.filter(status=CommentStatus.VISIBLE)
    return comments.order_by("created_at", "pk")


def readable_comments(*, user):
    """Comments on articles the user may read, as a flag or a moderator finds them.

    Hidden comments count only for their moderators; for others they answer
    404 like missing ones.
    """
    comments = Comment.objects.filter(
        article__in=Article.objects.visible_to(user)
    ).select_related("article", "author")
    scope = province_scope(user=user)
    if scope.everything:  # national roles moderate everything
        return comments
    if not scope.any:
        return comments.filter(status=CommentStatus.VISIBLE)
    return comments.filter(
        Q(status=CommentStatus.VISIBLE) | scope.q(Comment.province_path)
    )


def saved_articles(*, user):
    """The user's bookmarks of articles they may still read, newest saved first."""
    return (
        Bookmark.objects.filter(user=user, article__in=Article.objects.visible_to(user))
        .select_related("article", "article__category")
        .order_by("-created_at", "-pk")
    )


def user_follows(*, user):
    """What the user follows, categories in tree order and tags by name."""
    return (
        Follow.objects.filter(user=user)
        .select_related("category", "tag")
        .order_by("category__position", "category__slug", "tag__name", "pk")
    )


def is_following(*, user, category=None, tag=None) -> bool:
    """Whether the user follows this category or tag (for a follow button)."""
    if not is_signed_in(user):
        return False
    if category is not None:
        return Follow.objects.filter(user=user, category=category).exists()
    return Follow.objects.filter(user=user, tag=tag).exists()
