"""Reads of the knowledge base's engagement: what an article page shows of
votes, comments, bookmarks and follows, and the lists of a member."""

from collections.abc import Sequence
from dataclasses import dataclass

from django.db import connection
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
    of its tags they follow.

    Written out once rather than compiled by the ORM on every article view
    (five querysets cost more to compile than to run)."""
    params = [
        *(article.pk, user.pk),
        *(article.pk, user.pk),
        *(user.pk, article.pk),
        *(user.pk, article.category_id),
    ]
    sql = _MARKS_SQL
    if tag_ids:
        sql += _MARKED_TAGS_SQL.format(tags=", ".join(["%s"] * len(tag_ids)))
        params += [user.pk, *tag_ids]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _marks_sql() -> tuple[str, str]:
    bookmark, vote, flag, follow, comment = (
        connection.ops.quote_name(model._meta.db_table)
        for model in (Bookmark, HelpfulVote, CommentFlag, Follow, Comment)
    )
    # SQLite allows no LIMIT in the members of a UNION, but does in
    # subqueries of FROM, as PostgreSQL does.
    marks = (
        f"SELECT * FROM (SELECT {_BOOKMARK}, article_id FROM {bookmark}"  # noqa: S608 - tables and numbers of our own
        " WHERE article_id = %s AND user_id = %s LIMIT 1) AS b"
        f" UNION ALL SELECT * FROM (SELECT CASE WHEN helpful THEN {_VOTE_YES}"
        f" ELSE {_VOTE_NO} END, id FROM {vote}"
        " WHERE article_id = %s AND user_id = %s LIMIT 1) AS v"
        f" UNION ALL SELECT {_FLAG}, f.comment_id FROM {flag} f"
        f" JOIN {comment} c ON c.id = f.comment_id"
        " WHERE f.user_id = %s AND c.article_id = %s"
        f" UNION ALL SELECT * FROM (SELECT {_FOLLOWS_CATEGORY}, category_id"
        f" FROM {follow} WHERE user_id = %s AND category_id = %s LIMIT 1) AS fc"
    )
    tags = (
        f" UNION ALL SELECT {_FOLLOWS_TAG}, tag_id FROM {follow}"  # noqa: S608 - as above
        " WHERE user_id = %s AND tag_id IN ({tags})"
    )
    return marks, tags


_MARKS_SQL, _MARKED_TAGS_SQL = _marks_sql()


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
