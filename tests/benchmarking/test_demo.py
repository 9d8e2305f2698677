"""The demo programme: its targets and the snapshots backfilled from the
dated demo records."""

import datetime as dt

import pytest
from django.core.management import call_command
from django.utils import timezone

from benchmarking.models import Programme, ProvinceTarget, Snapshot

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded(settings):
    settings.DEBUG = True
    call_command("seed_demo", stdout=None)


def test_the_programme_has_the_targets_whose_metrics_exist(seeded):
    programme = Programme.objects.get(slug="kobi-aglari")
    assert list(programme.targets.values_list("code", "metric", "target_value")) == [
        ("smes-reached", "smes_reached", 400),
        ("smes-in-clusters", "smes_in_clusters", 200),
        ("clusters-completed", "clusters_completed", 15),
        ("clusters-identified", "clusters_identified", 12),
        ("grants-approved", "grants_approved", 10),
    ]
    assert ProvinceTarget.objects.filter(target__code="clusters-completed").count() == 5


def test_monthly_snapshots_have_a_shape(seeded):
    reached = Snapshot.objects.filter(
        target__code="smes-reached", province=None
    ).order_by("on")
    days = list(reached.values_list("on", flat=True))
    assert days[0] == dt.date(2024, 1, 31)
    assert days[-1] == timezone.localdate()
    values = list(reached.values_list("value", flat=True))
    # History from the dated records: it grows, it does not start full.
    assert values == sorted(values)
    assert values[0] < values[-1]


def test_seeding_again_adds_no_snapshot(seeded, settings):
    before = Snapshot.objects.count()
    call_command("seed_demo", stdout=None)
    assert Snapshot.objects.count() == before
