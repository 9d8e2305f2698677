"""Writes that follow moderation: the author's decision e-mail, and the
freshness check that asks owners to review articles not updated for a year."""

import datetime as dt
import logging
from collections import defaultdict

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import F, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from kms.core.enqueue import enqueue_on_commit

from ..models import Article, ArticleStatus
from ..selectors.moderation import STALE_AFTER

logger = logging.getLogger(__name__)

# Rows flagged per UPDATE statement (SQLite limits the parameters of one).
FLAG_BATCH = 500


def _absolute(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def author_language(articles) -> str:
    """The language to write to an author about `articles`.

    Users have no stored language preference; the language they write their
    articles in is the best one known. Mixed or none: the site's language.
    """
    languages = {article.language for article in articles}
    if len(languages) == 1:
        return languages.pop()
    return settings.LANGUAGE_CODE


def _send(*, user, template: str, context: dict, language: str) -> None:
    with translation.override(language):
        context = {
            **context,
            "user": user,
            "mine_url": _absolute(reverse("kms:my_articles")),
            "site_url": settings.SITE_URL,
        }
        subject = render_to_string(f"knowledge/email/{template}_subject.txt", context)
        body = render_to_string(f"knowledge/email/{template}.txt", context)
    send_mail(" ".join(subject.split()), body, None, [user.email])


def review_decision_send(*, article: Article, decided_at: dt.datetime) -> bool:
    """E-mail the author the moderator's decision taken at `decided_at`.

    Nothing is sent when a later decision replaced it (that one has its own
    e-mail) or when the author's account is closed. Returns whether it sent.
    """
    author = article.author
    decided = article.status in {ArticleStatus.PUBLISHED, ArticleStatus.RETURNED}
    if not decided or article.reviewed_at != decided_at:
        logger.info("review_decision_skipped article_id=%s", article.pk)
        return False
    if not (author.is_active and author.email):
        return False
    _send(
        user=author,
        template="review_decision",
        language=author_language([article]),
        context={
            "article": article,
            "published": article.status == ArticleStatus.PUBLISHED,
            "article_url": _absolute(article.get_absolute_url()),
            "edit_url": _absolute(
                reverse("kms:article_edit", kwargs={"slug": article.slug})
            ),
        },
    )
    logger.info(
        "review_decision_sent article_id=%s status=%s", article.pk, article.status
    )
    return True


@transaction.atomic
def stale_articles_flag(*, now: dt.datetime | None = None) -> int:
    """Flag published articles not updated for a year; e-mail each owner once.

    An article flagged since its last update is skipped, so running this
    twice flags nothing and sends nothing new. Editing an article
    (article_save) clears its flag. Returns how many articles were flagged.
    """
    now = now or timezone.now()
    rows = list(
        Article.objects.needing_review(cutoff=now - STALE_AFTER)
        .filter(
            Q(review_flagged_at__isnull=True) | Q(review_flagged_at__lt=F("updated_at"))
        )
        .select_for_update()
        .order_by("pk")
        .values_list("pk", "author_id")
    )
    by_author = defaultdict(list)
    for start in range(0, len(rows), FLAG_BATCH):
        batch = rows[start : start + FLAG_BATCH]
        # update() leaves updated_at alone: being flagged is not an update.
        Article.objects.filter(pk__in=[pk for pk, _author in batch]).update(
            review_flagged_at=now
        )
        for pk, author_id in batch:
            by_author[author_id].append(pk)
    for author_id, article_ids in by_author.items():
        enqueue_on_commit("knowledge.send_stale_notice", author_id, article_ids)
    logger.info("stale_articles_flagged count=%s owners=%s", len(rows), len(by_author))
    return len(rows)


def stale_notice_send(*, user, articles) -> bool:
    """E-mail an owner the list of their articles flagged for review."""
    articles = list(articles)
    if not (articles and user.is_active and user.email):
        return False
    _send(
        user=user,
        template="stale_articles",
        language=author_language(articles),
        context={
            "articles": [
                (article, _absolute(article.get_absolute_url())) for article in articles
            ],
        },
    )
    logger.info("stale_notice_sent user_id=%s articles=%s", user.pk, len(articles))
    return True
