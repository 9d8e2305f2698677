"""Partner search: posting cooperation offers and requests, closing them,
answering them, and the e-mail that tells the author about an answer."""

import datetime as dt
import logging

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from infospots.models import Firm
from kms.accounts.permissions import is_signed_in
from kms.core.enqueue import enqueue_on_commit
from kms.core.text import fold_key, one_line, without_controls

from ..models import PartnerInterest, PartnerPost
from ..permissions import (
    can_close_partner_post,
    can_post_for_cluster,
    can_post_for_firm,
    is_partner_poster_side,
)
from ..selectors.partners import partner_post_state

logger = logging.getLogger(__name__)

LOGIN_REQUIRED = _("Please log in first.")
POST_FORBIDDEN = _(
    "You cannot post for this cluster or firm: only those who manage a cluster, "
    "and member firms of a cluster listed in the public firm directory, post here."
)
EXPIRES_NOT_AFTER_TODAY = _("The closing date must be after today.")
EXPIRES_TOO_LATE = _(
    "A post stays open for at most a year: choose %(date)s or an earlier date."
)
POST_NOT_OPEN = _("This post is closed: it takes no more answers.")
OWN_POST = _(
    "You speak for the cluster or firm that made this post: "
    "you cannot answer it yourself."
)
INTEREST_ALREADY = _("You have already expressed interest in this post.")
MESSAGE_REQUIRED = _("Write a few words to the poster.")
CLOSE_FORBIDDEN = _("Only the poster can close this post.")


def latest_expiry(today: dt.date) -> dt.date:
    """The last day a post made on `today` may stay open: a year later."""
    try:
        return today.replace(year=today.year + 1)
    except ValueError:  # 29 February
        return today.replace(year=today.year + 1, day=28)


def _check_expiry(expires_on: dt.date | None) -> None:
    if expires_on is None:
        return  # full_clean() says the field is required
    today = timezone.localdate()
    if expires_on <= today:
        raise ValidationError(
            {"expires_on": ValidationError(EXPIRES_NOT_AFTER_TODAY, code="past")}
        )
    latest = latest_expiry(today)
    if expires_on > latest:
        raise ValidationError(
            {
                "expires_on": ValidationError(
                    EXPIRES_TOO_LATE,
                    code="too_late",
                    params={"date": date_format(latest)},
                )
            }
        )


@transaction.atomic
def partner_post_create(*, actor, post: PartnerPost, sectors=()) -> PartnerPost:
    """Publish a cooperation offer or request for a cluster or a firm.

    `post.cluster` or `post.firm` says whom it speaks for; the actor must be
    allowed to post for it (see permissions). The post keeps its folded text
    in `search_key` for the list's search.
    """
    if post.cluster_id is not None and post.firm_id is None:
        allowed = can_post_for_cluster(actor, post.cluster)
    elif post.firm_id is not None and post.cluster_id is None:
        allowed = can_post_for_firm(actor, post.firm)
    else:
        allowed = False
    if not allowed:
        raise PermissionDenied(POST_FORBIDDEN)
    post.topic = one_line(post.topic)
    post.description = without_controls(post.description).strip()
    post.search_key = fold_key(f"{post.topic} {post.description}")
    post.author = actor
    post.closed_at = None
    errors = {}
    for check in (post.full_clean, lambda: _check_expiry(post.expires_on)):
        try:
            check()
        except ValidationError as error:
            errors = error.update_error_dict(errors)
    if errors:
        raise ValidationError(errors)
    post.save()
    post.sectors.set(sectors)
    logger.info(
        "partner_post_created post_id=%s kind=%s cluster_id=%s firm_id=%s user_id=%s",
        post.pk,
        post.kind,
        post.cluster_id,
        post.firm_id,
        actor.pk,
    )
    return post


@transaction.atomic
def partner_post_close(*, actor, post: PartnerPost) -> PartnerPost:
    """The poster side closes a post (those who manage its cluster, or the
    firm's side): it leaves the public list and takes no more answers.
    Closing a closed post changes nothing."""
    post = (
        PartnerPost.objects.select_for_update(of=("self",))
        .select_related("cluster", "firm")
        .get(pk=post.pk)
    )
    if not can_close_partner_post(actor, post):
        raise PermissionDenied(CLOSE_FORBIDDEN)
    if post.closed_at is None:
        post.closed_at = timezone.now()
        post.save(update_fields=["closed_at"])
        logger.info("partner_post_closed post_id=%s user_id=%s", post.pk, actor.pk)
    return post


@transaction.atomic
def partner_interest_express(
    *, actor, post: PartnerPost, message: str
) -> PartnerInterest:
    """A logged-in user answers an open post, once; the author is e-mailed
    (while still on the post's side, see `partner_interest_notify`).

    The answer carries the user's name, firm and e-mail address to the
    poster's side (the form says so).
    """
    if not is_signed_in(actor):
        raise PermissionDenied(LOGIN_REQUIRED)
    # Locked so that a close and an answer do not cross.
    post = (
        PartnerPost.objects.select_for_update(of=("self",))
        .select_related("cluster", "firm")
        .get(pk=post.pk)
    )
    if partner_post_state(post) != "open":
        raise ValidationError(POST_NOT_OPEN, code="not_open")
    if is_partner_poster_side(actor, post):
        raise ValidationError(OWN_POST, code="own_post")
    message = without_controls(message or "").strip()
    if not message:
        raise ValidationError(
            {"message": ValidationError(MESSAGE_REQUIRED, code="required")}
        )
    if PartnerInterest.objects.filter(post=post, user=actor).exists():
        raise ValidationError(INTEREST_ALREADY, code="duplicate")
    interest = PartnerInterest(
        post=post,
        user=actor,
        firm=Firm.objects.filter(memberships__user=actor).first(),
        message=message,
    )
    interest.full_clean(validate_unique=False, validate_constraints=False)
    try:
        with transaction.atomic():  # a savepoint: the race loser sees a message
            interest.save()
    except IntegrityError:
        raise ValidationError(INTEREST_ALREADY, code="duplicate") from None
    enqueue_on_commit("clusters.send_partner_interest", interest.pk)
    logger.info(
        "partner_interest_expressed interest_id=%s post_id=%s user_id=%s",
        interest.pk,
        post.pk,
        actor.pk,
    )
    return interest


def partner_interest_notify(*, interest: PartnerInterest) -> bool:
    """E-mail the post's author who answered, with a link to the post.

    Nobody is written to when the author's account is gone or closed, or when
    the author no longer speaks for the post's cluster or firm (moved to
    another province, removed from the firm): the answer would reach someone
    outside the poster side. Users have no stored language (as for kms's
    decision e-mails, which fall back to it): the mail is in the site's
    language, settings.LANGUAGE_CODE. Replies go to the person who answered.
    Returns whether it sent.
    """
    post = interest.post
    author = post.author
    if author is None or not (author.is_active and author.email):
        logger.info(
            "partner_interest_mail_skipped interest_id=%s reason=no_author",
            interest.pk,
        )
        return False
    if not is_partner_poster_side(author, post):
        logger.info(
            "partner_interest_mail_skipped interest_id=%s reason=author_left_side",
            interest.pk,
        )
        return False
    context = {
        "user": author,
        "post": post,
        "interest": interest,
        "post_url": settings.SITE_URL.rstrip("/") + post.get_absolute_url(),
        "site_url": settings.SITE_URL,
    }
    with translation.override(settings.LANGUAGE_CODE):
        subject = render_to_string(
            "clusters/email/partner_interest_subject.txt", context
        )
        body = render_to_string("clusters/email/partner_interest_body.txt", context)
    EmailMessage(
        " ".join(subject.split()),
        body,
        None,
        [author.email],
        reply_to=[interest.user.email],
    ).send()
    logger.info(
        "partner_interest_mail_sent interest_id=%s post_id=%s", interest.pk, post.pk
    )
    return True
