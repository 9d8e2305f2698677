"""Content kept in the cache for the knowledge base's pages."""

import logging

from kms.core import generations

logger = logging.getLogger(__name__)


def cached(key: str, *, compute, **kwargs):
    """kms.core.generations.cached, and the value computed afresh when the
    cache raises instead of answering: a page must render with the cache
    down (production's django-redis ignores its errors; a backend without
    that option raises). An error of `compute` itself is raised as it is."""
    computing_failed = False

    def computing():
        nonlocal computing_failed
        try:
            return compute()
        except Exception:
            computing_failed = True
            raise

    try:
        return generations.cached(key, compute=computing, **kwargs)
    except Exception:
        if computing_failed:
            raise
        logger.warning("knowledge_cache_unreachable key=%s", key.split(":")[0])
        return compute()
