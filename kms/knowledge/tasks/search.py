"""Celery task of the knowledge base's search: the nightly vocabulary."""

import logging

from celery import shared_task

from ..search import rebuild_search_words

logger = logging.getLogger(__name__)


@shared_task(name="knowledge.rebuild_search_words", ignore_result=True)
def rebuild_search_words_task() -> int:
    """Rebuild the vocabulary that misspelt queries are corrected to, so that
    the words of articles since edited, hidden or unpublished go (saving and
    publishing only add words). Scheduled by beat
    (CELERY_BEAT_SCHEDULE "rebuild-search-words"); returns the number of
    words."""
    count = rebuild_search_words()
    logger.info("search_words_rebuilt count=%s", count)
    return count
