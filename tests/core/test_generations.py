"""kms.core.generations: a cached value lives until a write to what it was
computed from, whatever the timer."""

import pytest
from django.core.cache import cache
from django.core.signals import request_finished, request_started
from django.db import transaction

from infospots.models import Firm, NaceDivision
from kms.core import generations
from kms.core.generations import bump, bump_for_write, bump_on_change, cached
from tests.factories import FirmFactory


class Counter:
    def __init__(self):
        self.calls = 0

    def __call__(self):
        self.calls += 1
        return self.calls


def test_a_value_is_computed_once_until_its_generation_is_bumped():
    compute = Counter()
    assert cached("k", depends_on=("a",), compute=compute) == 1
    assert cached("k", depends_on=("a",), compute=compute) == 1
    bump("a")
    assert cached("k", depends_on=("a",), compute=compute) == 2
    assert cached("k", depends_on=("a",), compute=compute) == 2


def test_any_of_several_generations_makes_a_value_stale():
    compute = Counter()
    cached("k", depends_on=("a", "b"), compute=compute)
    bump("c")
    assert cached("k", depends_on=("a", "b"), compute=compute) == 1
    bump("b")
    assert cached("k", depends_on=("a", "b"), compute=compute) == 2


def test_an_evicted_generation_never_restarts_at_a_stored_number():
    compute = Counter()
    cached("k", depends_on=("a",), compute=compute)
    cache.delete("generation:a")
    assert cached("k", depends_on=("a",), compute=compute) == 2


def test_without_a_cache_every_read_computes(monkeypatch):
    """Redis down: every read misses (IGNORE_EXCEPTIONS), nothing is kept."""
    compute = Counter()
    monkeypatch.setattr(generations.cache, "get_many", lambda keys: {})
    monkeypatch.setattr(generations.cache, "get", lambda key, default=None: None)
    assert cached("k", depends_on=("a",), compute=compute) == 1
    assert cached("k", depends_on=("a",), compute=compute) == 2


@pytest.mark.django_db(transaction=True)
def test_a_write_bumps_at_once_and_again_at_its_commit(reference_data):
    """A value computed while the write commits, from what the database
    showed before, is stale once the commit is through."""
    compute = Counter()
    cached("k", depends_on=("a",), compute=compute)
    with transaction.atomic():
        bump_for_write("a")
        assert cached("k", depends_on=("a",), compute=compute) == 2
        # Another request computing now would still see the old rows.
        assert cached("k", depends_on=("a",), compute=compute) == 2
    assert cached("k", depends_on=("a",), compute=compute) == 3


@pytest.mark.django_db(transaction=True)
def test_a_rolled_back_write_bumps_only_once(reference_data):
    compute = Counter()
    cached("k", depends_on=("a",), compute=compute)
    with transaction.atomic():
        bump_for_write("a")
        transaction.set_rollback(True)
    assert cached("k", depends_on=("a",), compute=compute) == 2
    assert cached("k", depends_on=("a",), compute=compute) == 2


@pytest.mark.django_db
def test_saves_deletions_bulk_writes_and_links_bump_the_generation():
    bump_on_change("test-firms", Firm)
    compute = Counter()

    def read():
        return cached("firms", depends_on=("test-firms",), compute=compute)

    firm = FirmFactory()
    assert read() == read() == 1
    firm.trade_name = "Yeni ad"
    firm.save()
    assert read() == 2
    Firm.objects.filter(pk=firm.pk).update(trade_name="Bir daha")  # a bulk write
    assert read() == 3
    firm.secondary_naces.add(NaceDivision.objects.first())
    assert read() == 4
    firm.delete()
    assert read() == 5


# --- within a request: one round trip, the process's copy --------------------


class Trips:
    """Counts the round trips to the shared cache (a LocMemCache's get_many
    calls its get: one trip)."""

    def __init__(self, monkeypatch):
        self.count = 0
        self.inside = False
        for method in ("get", "get_many"):
            original = getattr(generations.cache, method)

            def counted(*args, _original=original, **kwargs):
                if self.inside:
                    return _original(*args, **kwargs)
                self.count += 1
                self.inside = True
                try:
                    return _original(*args, **kwargs)
                finally:
                    self.inside = False

            monkeypatch.setattr(generations.cache, method, counted)


@pytest.fixture
def in_request():
    """What Django's request_started and request_finished do."""
    request_started.send(sender=None)
    yield
    request_finished.send(sender=None)


def test_a_request_reads_the_generations_once_and_keeps_what_it_found(
    monkeypatch, in_request
):
    compute = Counter()
    for key in ("one", "two"):
        cached(key, depends_on=("a", "b"), compute=compute)
    request_finished.send(sender=None)
    request_started.send(sender=None)  # the next request
    trips = Trips(monkeypatch)
    assert cached("one", depends_on=("a", "b"), compute=compute) == 1
    assert cached("two", depends_on=("a", "b"), compute=compute) == 2
    assert trips.count == 1  # the generations; both values from the process
    assert compute.calls == 2


def test_a_write_in_the_request_is_read_by_the_same_request(in_request):
    compute = Counter()
    assert cached("k", depends_on=("a",), compute=compute) == 1
    bump("a")
    assert cached("k", depends_on=("a",), compute=compute) == 2


def test_a_write_elsewhere_shows_on_the_next_request(in_request):
    """Another process bumps: this request keeps what it read, the next
    one computes afresh, not from this process's copy."""
    compute = Counter()
    assert cached("k", depends_on=("a",), compute=compute) == 1
    cache.incr("generation:a")  # another process's bump
    assert cached("k", depends_on=("a",), compute=compute) == 1
    request_finished.send(sender=None)
    request_started.send(sender=None)
    assert cached("k", depends_on=("a",), compute=compute) == 2


def test_a_value_found_in_the_shared_cache_is_found_by_another_process(in_request):
    compute = Counter()
    assert cached("k", depends_on=("a",), compute=compute) == 1
    generations.forget_process()  # another process: nothing of its own
    request_started.send(sender=None)
    assert cached("k", depends_on=("a",), compute=compute) == 1
    assert compute.calls == 1


def test_a_value_not_shared_stays_in_the_process(in_request):
    compute = Counter()
    assert cached("k", depends_on=("a",), compute=compute, shared=False) == 1
    assert cached("k", depends_on=("a",), compute=compute, shared=False) == 1
    assert cache.get("k") is None
    request_finished.send(sender=None)  # outside a request: computed each time
    assert cached("k", depends_on=("a",), compute=compute, shared=False) == 2
