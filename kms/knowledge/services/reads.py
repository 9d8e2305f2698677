"""Counting an article's reads without writing to the database on every read.

A read is one `HINCRBY` in Redis; `flush_reads` (Celery beat, every minute)
adds the counted reads to the articles in one transaction. Without Redis
(`make run`, the tests on SQLite) or while it is down, a read is written at
once. Reads reach the article page from the page cache too
(kms.core.pagecache: a visitor served a stored page is counted by the
`knowledge.article_read` hit handler).

A read changes no content: the counts are written with a plain QuerySet, so
they neither mark the metrics stale (kms.core.changes) nor replace the
stored pages. A worker killed between taking the counted reads and writing
them loses at most a minute of reads.
"""

import logging
import uuid
from collections.abc import Mapping

from django.conf import settings
from django.core.cache import cache
from django.db import models, transaction
from django.db.models import F
from redis.exceptions import RedisError

from kms.accounts.permissions import is_signed_in

from ..models import Article

logger = logging.getLogger(__name__)

READ_SESSION_KEY = "kms_articles_read"
_PENDING = "knowledge:article-reads"


def _redis():
    """The cache's Redis client (django-redis), if the cache is Redis."""
    if not settings.REDIS_URL:
        return None
    from django_redis import get_redis_connection

    try:
        return get_redis_connection("default")
    except NotImplementedError:  # another cache backend
        return None


def _pending_key() -> str:
    return cache.make_key(_PENDING)


def _write(counts: Mapping[int, int]) -> None:
    plain = models.QuerySet(model=Article)
    with transaction.atomic():
        for pk, reads in sorted(counts.items()):
            plain.filter(pk=pk).update(read_count=F("read_count") + reads)


def count_read(article_pk: int) -> None:
    """One more read of the article (kept in Redis until the next flush)."""
    redis = _redis()
    if redis is not None:
        try:
            redis.hincrby(_pending_key(), str(article_pk), 1)
            return
        except RedisError:
            logger.warning("article_read_redis_unreachable article=%s", article_pk)
    _write({article_pk: 1})


def article_read(*, article: Article, user, session) -> bool:
    """Count a read of the article page; answers whether it was counted.

    A signed-in reader is counted once per session. A visitor without an
    account is counted on every visit: remembering them would take a session,
    and a page that sets a cookie cannot be kept for everyone."""
    if is_signed_in(user):
        seen = set(session.get(READ_SESSION_KEY, []))
        if article.pk in seen:
            return False
        seen.add(article.pk)
        session[READ_SESSION_KEY] = sorted(seen)[-500:]
    count_read(article.pk)
    return True


def flush_reads() -> int:
    """Write the reads counted in Redis to their articles; answers how many."""
    redis = _redis()
    if redis is None:
        return 0
    taken = f"{_pending_key()}:flushing:{uuid.uuid4().hex}"
    try:
        redis.rename(_pending_key(), taken)
    except RedisError:  # nothing counted since the last flush (or Redis down)
        return 0
    counts = {int(pk): int(reads) for pk, reads in redis.hgetall(taken).items()}
    _write(counts)
    redis.delete(taken)
    return sum(counts.values())
