"""Reads of the knowledge base's engagement: what an article page shows of
votes, comments, bookmarks and follows, and the lists of a member."""

from collections.abc import Sequence
from dataclasses import dataclass

from django.db.models import Case, Q, Value, When

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
from .search import union_all


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


# The kinds of the reader's own marks on an article (_reader_marks).
_BOOKMARK, _VOTE_YES, _VOTE_NO, _FLAG, _FOLLOWS_CATEGORY, _FOLLOWS_TAG = range(6)


def article_engagement(
    *, user, article: Article, tag_ids: Sequence[int] = ()
) -> ArticleEngagement | None:
    """Votes, comments, bookmark and follows of a published article: whether
    the reader follows its category and its tags `tag_ids` (their follow
    buttons), never the rest of what they follow.

    None for an article that is not published (a draft its author or a
    moderator is looking at): nobody votes on or discusses those.

    Two queries for a signed-in reader: the comments, and the reader's own
    marks (bookmark, vote, reports, follows) in one (_reader_marks). A
    vote's reason is read only if the template shows it (a "No" vote).
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
    marks: dict[int, set[int]] = {}
    for kind, pk in _reader_marks(user=user, article=article, tag_ids=tag_ids):
        marks.setdefault(kind, set()).add(pk)
    my_vote = None
    for kind in (_VOTE_YES, _VOTE_NO):
        for pk in marks.get(kind, ()):
            # The reason stays deferred: read only for a "No" (the form's text).
            my_vote = HelpfulVote.from_db(
                None,
                ["id", "article_id", "user_id", "helpful"],
                [pk, article.pk, user.pk, kind == _VOTE_YES],
            )
    return ArticleEngagement(
        helpful_yes=article.helpful_yes,
        helpful_no=article.helpful_no,
        my_vote=my_vote,
        bookmarked=_BOOKMARK in marks,
        comments=tuple(comments),
        can_moderate=can_moderate,
        flagged_comment_ids=frozenset(marks.get(_FLAG, ())),
        followed_category_ids=frozenset(marks.get(_FOLLOWS_CATEGORY, ())),
        followed_tag_ids=frozenset(marks.get(_FOLLOWS_TAG, ())),
    )


def _reader_marks(*, user, article: Article, tag_ids: Sequence[int]):
    """(kind, id) of what `user` marked on `article`, in one query of
    indexed, bounded selects: their bookmark and vote (one each at most),
    the comments they reported, whether they follow its category and which
    of its tags they follow."""
    parts = [
        Bookmark.objects.filter(article=article, user=user)
        .order_by()
        .annotate(kind=Value(_BOOKMARK))
        .values_list("kind", "article_id")[:1],
        HelpfulVote.objects.filter(article=article, user=user)
        .annotate(
            kind=Case(
                When(helpful=True, then=Value(_VOTE_YES)), default=Value(_VOTE_NO)
            )
        )
        .values_list("kind", "pk")[:1],
        CommentFlag.objects.filter(user=user, comment__article=article)
        .annotate(kind=Value(_FLAG))
        .values_list("kind", "comment_id"),
        Follow.objects.filter(user=user, category_id=article.category_id)
        .annotate(kind=Value(_FOLLOWS_CATEGORY))
        .values_list("kind", "category_id")[:1],
    ]
    if tag_ids:
        parts.append(
            Follow.objects.filter(user=user, tag_id__in=tag_ids)
            .annotate(kind=Value(_FOLLOWS_TAG))
            .values_list("kind", "tag_id")[: len(tag_ids)]
        )
    return union_all(parts)


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
