"""The Redis cache backend: django-redis, failing open and fast while Redis is down.

With `IGNORE_EXCEPTIONS`, django-redis turns a Redis outage into cache
misses: `get` answers the default, `set` and `delete` do nothing. Two things
need more:

- allauth's rate limits take a lock with `cache.add` and spin for a second
  until it succeeds, then refuse the request (429). An unreachable Redis must
  not lock everyone out of their account, so `add` reports success when
  Redis cannot be reached: the rate limits fail open, counting nothing until
  Redis is back.
- A Redis that accepts connections but never answers costs a socket timeout
  on every cache call, and a login makes about twenty (measured: 20 s). After
  a failed connection the pool refuses new ones at once for a few seconds,
  so a request pays the timeout at most once in that pause.
"""

import logging
import time

from django_redis.cache import RedisCache as DjangoRedisCache
from django_redis.cache import omit_exception
from redis import ConnectionPool as RedisConnectionPool
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)


class RedisCache(DjangoRedisCache):
    @omit_exception(return_value=True)
    def add(self, *args, **kwargs):
        return self.client.add(*args, **kwargs)


class ConnectionPool(RedisConnectionPool):
    """A pool that stops trying an unreachable Redis for `pause` seconds.

    django-redis keeps one pool per Redis URL and process, so the pause is
    shared by every thread of the process.
    """

    pause = 5.0

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._unreachable_until = 0.0

    def get_connection(self, *args, **kwargs):
        if time.monotonic() < self._unreachable_until:
            raise RedisConnectionError("Redis was unreachable moments ago")
        try:
            return super().get_connection(*args, **kwargs)
        except (RedisConnectionError, RedisTimeoutError):
            self._unreachable_until = time.monotonic() + self.pause
            logger.warning("cache_redis_unreachable pause_seconds=%s", self.pause)
            raise
