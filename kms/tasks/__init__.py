"""Celery tasks of the site core, and the one way the portal enqueues work.

Services enqueue with `enqueue_on_commit` (or `enqueue` outside a
transaction) rather than calling `delay()`/`delay_on_commit()` directly:
only these bound the wait on a broker that is down and fall back cleanly.
"""

import logging

from celery import shared_task
from django.contrib.sessions.models import Session
from django.core.cache import cache
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from kombu.exceptions import OperationalError

logger = logging.getLogger(__name__)

HEARTBEAT_CACHE_KEY = "kms:celery:heartbeat"
QUEUE_UNAVAILABLE = _(
    "The background task service is unavailable right now. "
    "Nothing was changed; please try again in a few minutes."
)


class TaskQueueUnavailable(Exception):
    """The broker refused or timed out; the task was not enqueued."""

    def __init__(self):
        super().__init__(str(QUEUE_UNAVAILABLE))


def enqueue(task, *args, inline_fallback: bool = False, **kwargs):
    """Send `task` to the broker, failing fast when the broker is down.

    The broker timeouts in settings bound the wait to a few seconds. Then the
    task runs inline when `inline_fallback` (short, must-happen work such as
    an e-mail), otherwise TaskQueueUnavailable tells the caller to answer the
    user with QUEUE_UNAVAILABLE.
    """
    try:
        return task.apply_async(args=args, kwargs=kwargs, retry=True)
    except OperationalError:
        logger.warning("task_enqueue_failed task=%s", task.name)
        if inline_fallback:
            return task.apply(args=args, kwargs=kwargs)
        raise TaskQueueUnavailable from None


def enqueue_on_commit(task, *args, **kwargs) -> None:
    """Enqueue after the current transaction commits (inline fallback on)."""
    transaction.on_commit(
        lambda: enqueue(task, *args, inline_fallback=True, **kwargs), robust=True
    )


@shared_task(ignore_result=True)
def heartbeat() -> str:
    """Record that workers (and beat, which schedules this) are alive."""
    stamp = timezone.now().isoformat()
    cache.set(HEARTBEAT_CACHE_KEY, stamp, timeout=None)
    return stamp


@shared_task(ignore_result=True)
def clear_expired_sessions() -> int:
    """Delete expired database sessions; idempotent."""
    deleted, _rows = Session.objects.filter(expire_date__lt=timezone.now()).delete()
    logger.info("sessions_cleared count=%s", deleted)
    return deleted


from . import engagement, moderation  # noqa: E402,F401
