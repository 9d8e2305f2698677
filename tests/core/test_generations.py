"""kms.core.generations: a cached value lives until a write to what it was
computed from, whatever the timer."""

import pytest
from django.core.cache import cache
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
