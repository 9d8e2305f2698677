"""Celery tasks of the site itself: a heartbeat and session clean-up."""

import logging

from celery import shared_task
from django.contrib.sessions.models import Session
from django.core.cache import cache
from django.utils import timezone

logger = logging.getLogger(__name__)

HEARTBEAT_CACHE_KEY = "kms:celery:heartbeat"


@shared_task(name="site.heartbeat", ignore_result=True)
def heartbeat() -> str:
    """Record that workers (and beat, which schedules this) are alive."""
    stamp = timezone.now().isoformat()
    cache.set(HEARTBEAT_CACHE_KEY, stamp, timeout=None)
    return stamp


@shared_task(name="site.clear_expired_sessions", ignore_result=True)
def clear_expired_sessions() -> int:
    """Delete expired database sessions; idempotent."""
    deleted, _rows = Session.objects.filter(expire_date__lt=timezone.now()).delete()
    logger.info("sessions_cleared count=%s", deleted)
    return deleted
