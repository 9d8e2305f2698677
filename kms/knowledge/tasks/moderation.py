"""Celery tasks of article moderation: decision e-mails and the freshness check.

The services enqueue these by name (kms.core.enqueue), so the tasks may
import them.
"""

import datetime as dt
import logging
from smtplib import SMTPException

from celery import shared_task
from django.contrib.auth import get_user_model

from ..models import Article
from ..services.moderation import (
    review_decision_send,
    stale_articles_flag,
    stale_notice_send,
)

logger = logging.getLogger(__name__)

MAIL_RETRY = {
    "autoretry_for": (SMTPException, ConnectionError, TimeoutError),
    "retry_backoff": 60,
    "max_retries": 5,
}


@shared_task(name="knowledge.send_review_decision", ignore_result=True, **MAIL_RETRY)
def send_review_decision(article_id: int, decided_at: str) -> bool:
    """Tell the author of `article_id` the decision taken at `decided_at`."""
    article = Article.objects.select_related("author").filter(pk=article_id).first()
    if article is None:
        return False
    return review_decision_send(
        article=article, decided_at=dt.datetime.fromisoformat(decided_at)
    )


@shared_task(name="knowledge.send_stale_notice", ignore_result=True, **MAIL_RETRY)
def send_stale_notice(user_id: int, article_ids: list[int]) -> bool:
    """Ask an owner to review their articles that are still flagged."""
    user = get_user_model().objects.filter(pk=user_id).first()
    if user is None:
        return False
    articles = (
        Article.objects.published()
        .filter(pk__in=article_ids, author=user, review_flagged_at__isnull=False)
        .order_by("title", "pk")
    )
    return stale_notice_send(user=user, articles=articles)


@shared_task(name="knowledge.flag_stale_articles", ignore_result=True)
def flag_stale_articles() -> int:
    """Weekly (beat): flag articles not updated for a year, e-mail owners."""
    return stale_articles_flag()
