"""Cached reads that a write makes stale at once: generations.

A generation is a number kept in the cache for one kind of data ("firms",
"dashboards"). Every committed write to the models behind it bumps it, and
a cached value is stored with the generations it was computed under: a
read whose generations differ computes the value again. So a change shows
on the next request after its commit, with no timer, and the cache never
has to be searched for the keys a write makes stale.

    value = cached(
        f"firm-districts:{scope_key}",
        depends_on=("firms",),
        compute=lambda: sorted(...),
    )

and, once at start (an AppConfig.ready), which writes bump which generation:

    bump_on_change("firms", Firm)

A value computed while a write was committing is stored under the
generations read before it was computed, so the bump that follows the
commit makes it stale: a stale value is never served after the commit.
While the cache is unreachable nothing is stored and every read computes.

Within a request (between Django's request_started and request_finished)
the generations are read once, on the first read, together with every
generation a write bumps (`bump_on_change`), and a value found is kept in
the process too (the "process" cache, a LocMemCache): the next request
that finds the same generations takes it from there without a round trip.
So a signed-in page that shows several cached values (its content, the
menu's scope, the moderation badge, the footer) costs one round trip for
them all. Outside a request (Celery, commands, tests) every read goes to
the cache, as before.
"""

import logging
import threading
import time
from collections.abc import Callable, Iterable
from typing import TypeVar

from django.core.cache import cache, caches
from django.core.signals import request_finished, request_started
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save

from .changes import rows_changed

logger = logging.getLogger(__name__)

T = TypeVar("T")

# A day: values not read for that long are dropped; the generations stay.
DEFAULT_TIMEOUT = 24 * 60 * 60
# The longest a process keeps a value it found: a value that lives for a
# while only (a timeout in place of a generation) lives that long plus this.
PROCESS_TIMEOUT = 5 * 60


# Generation names a write bumps: read together on a request's first read.
_WATCHED: set[str] = set()

# The generations read in the current request (None outside one).
_request = threading.local()


def _begin_request(**kwargs) -> None:
    _request.generations = {}


def _end_request(**kwargs) -> None:
    _request.generations = None


request_started.connect(_begin_request, dispatch_uid="kms-generations-begin")
request_finished.connect(_end_request, dispatch_uid="kms-generations-end")


def _read_in_request() -> dict | None:
    return getattr(_request, "generations", None)


def _process_cache():
    """Values kept in this process (settings.CACHES["process"])."""
    return caches["process"]


def _key(name: str) -> str:
    return f"generation:{name}"


def watch(*names: str) -> None:
    """Read `names` on every request's first read (bump_on_change does so
    for its own): a page then asks for them in that one round trip."""
    _WATCHED.update(names)


def forget_process() -> None:
    """Drop what this process keeps (tests: every test starts afresh)."""
    _end_request()
    _process_cache().clear()


def _start(name: str) -> int:
    """A generation that has never been bumped (or was evicted) starts at
    the clock, never at a number a stored value might carry already."""
    cache.add(_key(name), time.time_ns(), timeout=None)
    return cache.get(_key(name))


def bump(*names: str) -> None:
    """Make every value computed under `names` stale, now."""
    in_request = _read_in_request()
    for name in names:
        if in_request is not None:
            in_request.pop(name, None)  # this request reads the new one
        try:
            cache.incr(_key(name))
        except ValueError:  # no such key yet: a new start is a new number
            _start(name)
        except Exception:  # a cache that raises while down: the write stands
            logger.warning("generation_bump_failed name=%s", name)


def bump_for_write(*names: str) -> None:
    """Bump `names` for a write: now, and again once the transaction
    commits. A value another request computes in between, from what the
    database showed before the commit, is stale by the second bump; the
    first one lets the writer's own transaction (and a test, which never
    commits) read its write at once."""
    bump(*names)
    transaction.on_commit(lambda: bump(*names))


def bump_on_change(name: str, *models) -> None:
    """Bump `name` after every committed write to `models`: rows saved or
    deleted one by one, many-to-many links, and bulk writes of models whose
    queryset is a kms.core.changes.TrackedQuerySet."""

    def changed(sender, action="post", **kwargs):
        if not action.startswith("pre"):  # m2m_changed: once, after the change
            bump_for_write(name)

    watch(name)
    for model in models:
        uid = f"generation-{name}-{model._meta.label}"
        for signal in (post_save, post_delete, rows_changed):
            signal.connect(changed, sender=model, dispatch_uid=uid, weak=False)
        for field in model._meta.local_many_to_many:
            m2m_changed.connect(
                changed,
                sender=field.remote_field.through,
                dispatch_uid=f"{uid}-{field.name}",
                weak=False,
            )


def bump_per_row(name_of: Callable[[object], str], bulk: str, *models) -> None:
    """Bump `name_of(row)` after every committed write to one row of
    `models` (saved, deleted, its many-to-many links changed), and `bulk`
    after a bulk write, which names no row: values kept for one row (a
    firm's page) then depend on `(bulk, name_of(row))` and stay fresh while
    other rows change."""

    def saved(sender, instance, **kwargs):
        bump_for_write(name_of(instance))

    def bulk_written(sender, **kwargs):
        bump_for_write(bulk)

    for model in models:
        uid = f"generation-row-{bulk}-{model._meta.label}"
        post_save.connect(saved, sender=model, dispatch_uid=uid, weak=False)
        post_delete.connect(saved, sender=model, dispatch_uid=uid, weak=False)
        rows_changed.connect(bulk_written, sender=model, dispatch_uid=uid, weak=False)
        for field in model._meta.local_many_to_many:

            def linked(sender, instance, action, model=model, **kwargs):
                if action.startswith("pre"):
                    return
                if isinstance(instance, model):
                    bump_for_write(name_of(instance))
                else:  # linked from the other side: rows of `model` by pk
                    bump_for_write(bulk)

            m2m_changed.connect(
                linked,
                sender=field.remote_field.through,
                dispatch_uid=f"{uid}-{field.name}",
                weak=False,
            )


def get_along(key: str, default=None):
    """The cached value of `key`; on a request's first read, fetched in one
    round trip with the generations it will read (the session's read,
    kms.core.sessions)."""
    if _read_in_request() != {} or not _WATCHED:  # outside a request, or read
        return cache.get(key, default)
    _fresh, found = _fetch(_WATCHED, (key,))
    return found.get(key, default)


def _fetch(names, keys) -> tuple[dict, dict]:
    """The generations of `names` found in the cache, kept for the rest of
    the request, and everything found (the values of `keys` too): one
    round trip."""
    names = sorted(names)
    fetch = [*(_key(name) for name in names), *keys]
    found = cache.get_many(fetch) if fetch else {}
    fresh = {name: found[_key(name)] for name in names if _key(name) in found}
    in_request = _read_in_request()
    if in_request is not None:
        in_request.update(fresh)
    return fresh, found


def _quietly(call, *args):
    """A cache call that a cache down (without IGNORE_EXCEPTIONS) only misses."""
    try:
        return call(*args)
    except Exception:
        logger.warning("generation_cache_failed")
        return None


def read(names: Iterable[str], *keys: str) -> tuple[dict | None, dict]:
    """The current generations of `names` and the cached values of `keys`,
    in one round trip (none for generations this request has read). The
    generations are None while the cache keeps nothing (unreachable): then
    nothing may be stored."""
    names = tuple(names)
    in_request = _read_in_request()
    wanted = {name for name in names if in_request is None or name not in in_request}
    if in_request == {} and wanted:  # the request's first read: the rest too
        wanted |= _WATCHED
    try:
        fresh, found = _fetch(wanted, keys)
    except Exception:  # a cache without IGNORE_EXCEPTIONS, down
        logger.warning("generation_read_failed")
        return None, {}
    generations = {}
    for name in names:
        generation = fresh.get(name)
        if generation is None and in_request is not None:
            generation = in_request.get(name)
        if generation is None:
            try:
                generation = _start(name)
            except Exception:  # a cache without IGNORE_EXCEPTIONS, down
                generation = None
            if generation is None:  # the cache is unreachable
                return None, {}
            if in_request is not None:
                in_request[name] = generation
        generations[name] = generation
    return generations, {key: found[key] for key in keys if key in found}


def cached(
    key: str,
    *,
    depends_on: Iterable[str],
    compute: Callable[[], T],
    timeout: int = DEFAULT_TIMEOUT,
    keep: Callable[[T], bool] = lambda value: True,
    shared: bool = True,
) -> T:
    """The value stored under `key` if it was computed under the current
    generations of `depends_on`; otherwise `compute()`, stored if `keep`
    says so. A value that is not `shared` is kept by this process only,
    during requests, never in the shared cache (a user's password hash)."""
    names = tuple(depends_on)
    in_request = _read_in_request() is not None
    if not shared and not in_request:
        return compute()
    if in_request:  # the process may hold it: ask the cache for it only then
        generations, _ = read(names)
        found = {}
    else:
        generations, found = read(names, key)
    if generations is None:  # the cache is unreachable
        return compute()
    current = tuple(generations[name] for name in names)
    if in_request:
        kept = _process_cache().get(key)
        if kept is not None and kept[0] == current:
            return kept[1]
        found = {key: _quietly(cache.get, key)} if shared else {}
    stored = found.get(key)
    if stored is not None and stored[0] == current:
        value = stored[1]
    else:
        value = compute()
        if not keep(value):
            return value
        if shared:
            _quietly(cache.set, key, (current, value), timeout)
    if in_request:
        _process_cache().set(key, (current, value), min(timeout, PROCESS_TIMEOUT))
    return value
