"""Sessions read from the cache with the request's generations.

Django's cached_db engine (the session in Redis, written through to the
database), except that its read of the session also brings the generations
every request reads (kms.core.generations), in the same round trip: a
signed-in page whose content is kept then asks Redis once in all.
"""

from django.conf import settings
from django.contrib.sessions.backends import cached_db

from . import generations


class SessionStore(cached_db.SessionStore):
    def load(self):
        if settings.SESSION_CACHE_ALIAS == "default":  # the generations' cache
            try:
                data = generations.get_along(self.cache_key)
            except Exception:  # as cached_db: a cache error is a miss
                data = None
            if data is not None:
                return data
        return super().load()  # the cache again, then the database
