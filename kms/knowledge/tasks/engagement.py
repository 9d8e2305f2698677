"""Celery tasks of the knowledge base's engagement: the weekly digest."""

import logging

from celery import shared_task
from django.contrib.auth import get_user_model

from kms.core.enqueue import enqueue

from ..services.engagement import digest_send
from ..services.reads import flush_reads

logger = logging.getLogger(__name__)


@shared_task(name="knowledge.send_weekly_digests", ignore_result=True)
def send_weekly_digests() -> int:
    """Enqueue one digest task per active user who follows something.

    Scheduled by beat (CELERY_BEAT_SCHEDULE "weekly-digest"); returns how
    many tasks it enqueued.
    """
    user_ids = list(
        get_user_model()
        .objects.filter(is_active=True, follows__isnull=False)
        .values_list("pk", flat=True)
        .distinct()
        .order_by("pk")
    )
    for user_id in user_ids:
        enqueue(send_digest, user_id, inline_fallback=True)
    logger.info("digests_enqueued count=%s", len(user_ids))
    return len(user_ids)


@shared_task(
    name="knowledge.send_digest",
    ignore_result=True,
    autoretry_for=(OSError,),
    retry_backoff=60,
    retry_kwargs={"max_retries": 5},
)
def send_digest(user_id: int) -> int:
    """Send one user's digest; nothing when the user is gone or nothing is new.

    Retried when the mail server cannot be reached (OSError covers SMTP and
    socket errors): the follows are marked as sent only when the mail went.
    """
    user = get_user_model().objects.filter(pk=user_id).first()
    if user is None:
        return 0
    return digest_send(user=user)


@shared_task(name="knowledge.flush_read_counts", ignore_result=True)
def flush_read_counts() -> int:
    """Write the article reads counted in Redis (beat: every minute)."""
    return flush_reads()
