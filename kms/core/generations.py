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

One cache round trip per read (the generations and the value together).
A value computed while a write was committing is stored under the
generations read before it was computed, so the bump that follows the
commit makes it stale: a stale value is never served after the commit.
While the cache is unreachable nothing is stored and every read computes.
"""

import logging
import time
from collections.abc import Callable, Iterable
from typing import TypeVar

from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save

from .changes import rows_changed

logger = logging.getLogger(__name__)

T = TypeVar("T")

# A day: values not read for that long are dropped; the generations stay.
DEFAULT_TIMEOUT = 24 * 60 * 60


def _key(name: str) -> str:
    return f"generation:{name}"


def _start(name: str) -> int:
    """A generation that has never been bumped (or was evicted) starts at
    the clock, never at a number a stored value might carry already."""
    cache.add(_key(name), time.time_ns(), timeout=None)
    return cache.get(_key(name))


def bump(*names: str) -> None:
    """Make every value computed under `names` stale, now."""
    for name in names:
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


def read(names: Iterable[str], *keys: str) -> tuple[dict | None, dict]:
    """The current generations of `names` and the cached values of `keys`,
    in one round trip. The generations are None while the cache keeps
    nothing (unreachable): then nothing may be stored."""
    names = tuple(names)
    found = cache.get_many([*(_key(name) for name in names), *keys])
    generations = {name: found.get(_key(name)) for name in names}
    for name, generation in generations.items():
        if generation is None:
            generations[name] = _start(name)
    if None in generations.values():
        return None, {}
    return generations, {key: found[key] for key in keys if key in found}


def cached(
    key: str,
    *,
    depends_on: Iterable[str],
    compute: Callable[[], T],
    timeout: int = DEFAULT_TIMEOUT,
    keep: Callable[[T], bool] = lambda value: True,
) -> T:
    """The value stored under `key` if it was computed under the current
    generations of `depends_on`; otherwise `compute()`, stored if `keep`
    says so."""
    names = tuple(depends_on)
    generations, found = read(names, key)
    if generations is None:  # the cache is unreachable
        return compute()
    current = tuple(generations[name] for name in names)
    stored = found.get(key)
    if stored is not None and stored[0] == current:
        return stored[1]
    value = compute()
    if keep(value):
        cache.set(key, (current, value), timeout)
    return value
