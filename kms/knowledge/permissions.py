"""Write rights of the knowledge base, as predicates the services check."""

from infospots.scoping import province_scope
from kms.accounts.permissions import is_signed_in

from .models import ArticleStatus

# --- articles --------------------------------------------------------------
# Twins of ArticleQuerySet.readable_by and for_user (querysets.py).


def can_write_articles(user) -> bool:
    """Every active account writes articles (members, staff, national roles)."""
    return is_signed_in(user)


def can_moderate_article(user, article) -> bool:
    """Staff of the article's province, managers and admins.

    Articles without a province (national authors) are moderated by
    managers and admins only. Whether one may review one's own article is
    a separate rule (`can_review_article`).
    """
    return province_scope(user=user).allows(article.province_id)


def can_review_article(user, article) -> bool:
    """Publish or return: a moderator of the article who is not its author."""
    return (
        article.status == ArticleStatus.SUBMITTED
        and article.author_id != user.pk
        and can_moderate_article(user, article)
    )


def can_edit_article(user, article) -> bool:
    """The author, except while it waits for review; its moderators, except
    drafts; managers and admins always (Django admin is their tool)."""
    if not is_signed_in(user):
        return False
    if user.is_national:
        return True
    if article.author_id == user.pk:
        return article.status != ArticleStatus.SUBMITTED
    return article.status != ArticleStatus.DRAFT and can_moderate_article(user, article)


def edit_needs_review(user, article) -> bool:
    """A published article edited by its author, or by anyone who may not
    moderate it, goes back to the moderators: nobody publishes their own
    words unreviewed."""
    return article.status == ArticleStatus.PUBLISHED and (
        article.author_id == user.pk or not can_moderate_article(user, article)
    )


def can_submit_article(user, article) -> bool:
    """The author sends a draft or a returned article for review."""
    return (
        user.is_authenticated
        and user.is_active
        and article.author_id == user.pk
        and article.status in {ArticleStatus.DRAFT, ArticleStatus.RETURNED}
    )


def can_see_revisions(user, article) -> bool:
    """The author and the article's moderators."""
    if not is_signed_in(user):
        return False
    return article.author_id == user.pk or can_moderate_article(user, article)


def is_moderator(user) -> bool:
    """Someone with a moderation queue: info-spot staff, managers, admins."""
    return user.is_authenticated and (user.is_national or user.is_info_spot_staff)


def can_moderate_comment(user, comment) -> bool:
    """Hide or restore a comment: the moderators of its article.

    `selectors.engagement.readable_comments` is the Q-filter twin.
    """
    return can_moderate_article(user, comment.article)
