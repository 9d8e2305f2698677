"""Writes of the knowledge base's engagement: votes, comments, bookmarks,
follows and the weekly digest e-mail."""

import datetime as dt
import logging

from django.conf import settings
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import Count, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from kms.accounts.permissions import is_signed_in

from ..models import (
    Article,
    ArticleStatus,
    Bookmark,
    Category,
    Comment,
    CommentFlag,
    CommentStatus,
    Follow,
    HelpfulVote,
    Tag,
)
from ..permissions import can_moderate_comment

logger = logging.getLogger(__name__)

LOGIN_REQUIRED = _("Please log in first.")
ARTICLE_NOT_READABLE = _("This article is not published or not visible to you.")
COMMENT_EMPTY = _("Write a comment first.")
FLAG_OWN_COMMENT = _("You cannot report your own comment.")
FLAG_ALREADY = _("You have already reported this comment.")
FLAG_HIDDEN_COMMENT = _("This comment has already been hidden by a moderator.")
MODERATION_FORBIDDEN = _("You may not moderate comments on this article.")
FOLLOW_ONE_TARGET = _("Choose one category or one tag to follow.")

# A follow that never had a digest looks back this far.
DIGEST_FIRST_WINDOW = dt.timedelta(days=7)
# An e-mail lists at most this many articles and says how many more there are.
DIGEST_MAX_ARTICLES = 30
UNSUBSCRIBE_SALT = "kms.engagement.unsubscribe"


def _require_member(actor) -> None:
    if not is_signed_in(actor):
        raise PermissionDenied(LOGIN_REQUIRED)


def _require_readable(actor, article: Article) -> None:
    """A published article the (logged-in) actor may read.

    Logged-in members read members-only articles too, as
    `ArticleQuerySet.visible_to` says.
    """
    _require_member(actor)
    if article.status != ArticleStatus.PUBLISHED or article.published_at is None:
        raise PermissionDenied(ARTICLE_NOT_READABLE)


# --- "Was this helpful?" ---------------------------------------------------------


def _vote_count(helpful: bool):
    votes = (
        HelpfulVote.objects.filter(article=OuterRef("pk"), helpful=helpful)
        .order_by()
        .values("article")
        .annotate(total=Count("pk"))
        .values("total")
    )
    return Coalesce(Subquery(votes), Value(0))


def article_recount_votes(*, article: Article) -> None:
    """Recount the article's yes and no from its votes, in one UPDATE."""
    Article.objects.filter(pk=article.pk).update(
        helpful_yes=_vote_count(True), helpful_no=_vote_count(False)
    )
    article.refresh_from_db(fields=["helpful_yes", "helpful_no"])


@transaction.atomic
def article_vote(
    *, actor, article: Article, helpful: bool, reason: str = ""
) -> HelpfulVote:
    """Record the actor's answer; a second answer replaces the first.

    The reason is kept only for a "no".
    """
    _require_readable(actor, article)
    reason = "" if helpful else reason.strip()
    candidate = HelpfulVote(article=article, user=actor, helpful=helpful, reason=reason)
    # The pair (article, user) is unique: update_or_create below keeps it so.
    candidate.full_clean(validate_unique=False, validate_constraints=False)
    vote, created = HelpfulVote.objects.update_or_create(
        article=article, user=actor, defaults={"helpful": helpful, "reason": reason}
    )
    article_recount_votes(article=article)
    logger.info(
        "article_voted article_id=%s user_id=%s helpful=%s created=%s",
        article.pk,
        actor.pk,
        helpful,
        created,
    )
    return vote


# --- comments ------------------------------------------------------------------


@transaction.atomic
def comment_create(*, actor, article: Article, body: str) -> Comment:
    """A logged-in reader's plain-text comment on a published article."""
    _require_readable(actor, article)
    body = body.strip()
    if not body:
        raise ValidationError({"body": COMMENT_EMPTY})
    comment = Comment(article=article, author=actor, body=body)
    comment.full_clean()
    comment.save()
    logger.info(
        "comment_created comment_id=%s article_id=%s user_id=%s",
        comment.pk,
        article.pk,
        actor.pk,
    )
    return comment


@transaction.atomic
def comment_flag(*, actor, comment: Comment, reason: str = "") -> CommentFlag:
    """Report a comment to the moderators, once per reader."""
    _require_readable(actor, comment.article)
    if comment.author_id == actor.pk:
        raise PermissionDenied(FLAG_OWN_COMMENT)
    if comment.status != CommentStatus.VISIBLE:
        raise ValidationError(FLAG_HIDDEN_COMMENT)
    flag = CommentFlag(comment=comment, user=actor, reason=reason.strip())
    flag.full_clean(validate_unique=False, validate_constraints=False)
    flag, created = CommentFlag.objects.get_or_create(
        comment=comment, user=actor, defaults={"reason": flag.reason}
    )
    if not created:
        raise ValidationError(FLAG_ALREADY)
    _recount_flags(comment)
    logger.info("comment_flagged comment_id=%s user_id=%s", comment.pk, actor.pk)
    return flag


def _recount_flags(comment: Comment) -> None:
    flags = (
        CommentFlag.objects.filter(comment=OuterRef("pk"))
        .order_by()
        .values("comment")
        .annotate(total=Count("pk"))
        .values("total")
    )
    Comment.objects.filter(pk=comment.pk).update(
        flag_count=Coalesce(Subquery(flags), Value(0))
    )
    comment.refresh_from_db(fields=["flag_count"])


def _moderate(*, actor, comment: Comment, status: str) -> Comment:
    if not can_moderate_comment(actor, comment):
        raise PermissionDenied(MODERATION_FORBIDDEN)
    comment.status = status
    comment.moderated_by = actor
    comment.moderated_at = timezone.now()
    comment.full_clean()
    comment.save(update_fields=["status", "moderated_by", "moderated_at"])
    return comment


@transaction.atomic
def comment_hide(*, actor, comment: Comment) -> Comment:
    """Hide a comment from everyone but the moderators."""
    _moderate(actor=actor, comment=comment, status=CommentStatus.HIDDEN)
    logger.info("comment_hidden comment_id=%s actor_id=%s", comment.pk, actor.pk)
    return comment


@transaction.atomic
def comment_restore(*, actor, comment: Comment) -> Comment:
    """Show a comment again, or keep a reported one: its reports are settled.

    The reports are deleted so that a reviewed comment leaves the
    moderation queue; readers may report it again afterwards.
    """
    _moderate(actor=actor, comment=comment, status=CommentStatus.VISIBLE)
    comment.flags.all().delete()
    _recount_flags(comment)
    logger.info("comment_restored comment_id=%s actor_id=%s", comment.pk, actor.pk)
    return comment


# --- bookmarks -----------------------------------------------------------------


@transaction.atomic
def bookmark_toggle(*, actor, article: Article, saved: bool | None = None) -> bool:
    """Save an article to the actor's list or take it off; returns the new state.

    `saved` asks for a state (so a form sent twice does the same thing
    twice); without it the state flips.
    """
    _require_readable(actor, article)
    bookmarks = Bookmark.objects.filter(user=actor, article=article)
    if saved is None:
        saved = not bookmarks.exists()
    if saved:
        Bookmark.objects.get_or_create(user=actor, article=article)
    else:
        bookmarks.delete()
    logger.info(
        "bookmark_set article_id=%s user_id=%s saved=%s", article.pk, actor.pk, saved
    )
    return saved


# --- follows and the weekly digest -----------------------------------------------


def _follow_target(category: Category | None, tag: Tag | None) -> dict:
    if (category is None) == (tag is None):
        raise ValidationError(FOLLOW_ONE_TARGET)
    return {"category": category} if category is not None else {"tag": tag}


@transaction.atomic
def follow_create(
    *, actor, category: Category | None = None, tag: Tag | None = None
) -> Follow:
    """Follow a category (with its sub-categories) or a tag; once is enough."""
    _require_member(actor)
    target = _follow_target(category, tag)
    Follow(user=actor, **target).full_clean(
        validate_unique=False, validate_constraints=False
    )
    follow, created = Follow.objects.get_or_create(user=actor, **target)
    logger.info(
        "follow_created follow_id=%s user_id=%s created=%s",
        follow.pk,
        actor.pk,
        created,
    )
    return follow


@transaction.atomic
def follow_delete(
    *, actor, category: Category | None = None, tag: Tag | None = None
) -> int:
    """Stop following a category or a tag; returns how many follows ended."""
    _require_member(actor)
    target = _follow_target(category, tag)
    deleted, _rows = Follow.objects.filter(user=actor, **target).delete()
    logger.info("follow_deleted user_id=%s count=%s", actor.pk, deleted)
    return deleted


def unsubscribe_token(user) -> str:
    """The digest's unsubscribe token: the user's id, signed (salted, no expiry).

    The same for every digest of a user, so any of them still works.
    """
    return signing.Signer(salt=UNSUBSCRIBE_SALT).sign(str(user.pk))


def unsubscribe_user_id(token: str) -> int | None:
    """The user a token was made for, or None when it is bad or tampered with."""
    try:
        value = signing.Signer(salt=UNSUBSCRIBE_SALT).unsign(token)
    except signing.BadSignature:
        return None
    return int(value) if value.isdigit() else None


@transaction.atomic
def follow_delete_all(*, user) -> int:
    """Unsubscribe from the digest: every follow of the user ends."""
    deleted, _rows = Follow.objects.filter(user=user).delete()
    logger.info("digest_unsubscribed user_id=%s count=%s", user.pk, deleted)
    return deleted


def _with_descendants(category_ids) -> dict[int, set[int]]:
    """Each given category with every category below it (one query)."""
    if not category_ids:
        return {}
    children: dict[int | None, list[int]] = {}
    for pk, parent_id in Category.objects.values_list("pk", "parent_id"):
        children.setdefault(parent_id, []).append(pk)
    trees = {}
    for root in category_ids:
        found, todo = set(), [root]
        while todo:
            pk = todo.pop()
            if pk not in found:
                found.add(pk)
                todo.extend(children.get(pk, []))
        trees[root] = found
    return trees


def digest_articles(*, user, follows, now: dt.datetime):
    """New published articles, visible to `user`, in what the follows cover.

    A category covers its sub-categories. Each follow looks back to its last
    digest, or DIGEST_FIRST_WINDOW when it never had one.
    """
    if not follows:
        return Article.objects.none()
    trees = _with_descendants(
        [f.category_id for f in follows if f.category_id is not None]
    )
    matches = Q()
    for follow in follows:
        since = follow.last_digest_at or now - DIGEST_FIRST_WINDOW
        window = Q(published_at__gt=since, published_at__lte=now)
        if follow.category_id is not None:
            matches |= window & Q(category__in=trees[follow.category_id])
        else:
            tagged = Article.tags.through.objects.filter(tag_id=follow.tag_id)
            matches |= window & Q(pk__in=tagged.values("article_id"))
    return (
        Article.objects.visible_to(user)
        .filter(matches)
        .select_related("category")
        .order_by("-published_at", "-pk")
    )


def _absolute(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def digest_language(user) -> str:
    """The digest's language.

    Users have no stored language preference, so every digest goes out in
    the site's LANGUAGE_CODE (Turkish unless configured otherwise).
    """
    return settings.LANGUAGE_CODE


@transaction.atomic
def digest_send(*, user, now: dt.datetime | None = None) -> int:
    """Send one user their digest of new articles; returns how many it listed.

    Nothing is sent when there is nothing new. The follows are locked while
    the digest is made and marked as sent up to `now`, so a second run (or
    a task delivered twice) finds nothing new and sends nothing.
    """
    now = now or timezone.now()
    if not (user.is_active and user.email):
        return 0
    follows = list(
        Follow.objects.select_for_update(of=("self",))
        .filter(user=user)
        .select_related("category", "tag")
        .order_by("pk")
    )
    articles = digest_articles(user=user, follows=follows, now=now)
    total = articles.count()
    Follow.objects.filter(pk__in=[f.pk for f in follows]).update(last_digest_at=now)
    if total == 0:
        logger.info("digest_skipped user_id=%s", user.pk)
        return 0
    token = unsubscribe_token(user)
    unsubscribe_url = _absolute(reverse("kms:unsubscribe", kwargs={"token": token}))
    with translation.override(digest_language(user)):
        context = {
            "user": user,
            "articles": [
                (article, _absolute(article.get_absolute_url()))
                for article in articles[:DIGEST_MAX_ARTICLES]
            ],
            "total": total,
            "more": max(total - DIGEST_MAX_ARTICLES, 0),
            "follows": follows,
            "following_url": _absolute(reverse("kms:following")),
            "unsubscribe_url": unsubscribe_url,
            "site_url": settings.SITE_URL,
        }
        subject = render_to_string("knowledge/email/digest_subject.txt", context)
        message = EmailMultiAlternatives(
            subject=" ".join(subject.split()),
            body=render_to_string("knowledge/email/digest.txt", context),
            to=[user.email],
            headers={
                "List-Unsubscribe": f"<{unsubscribe_url}>",
                "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            },
        )
        message.attach_alternative(
            render_to_string("knowledge/email/digest.html", context), "text/html"
        )
    message.send()
    logger.info("digest_sent user_id=%s articles=%s", user.pk, total)
    return total
