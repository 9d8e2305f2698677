"""Snapshots follow the registry within a minute, through a real worker."""

import datetime as dt
import time
from decimal import Decimal

import pytest
from django.conf import settings as django_settings
from django.utils import timezone

from benchmarking.models import Programme, Snapshot, Target
from benchmarking.services import snapshots_compute
from benchmarking.tasks import recompute_if_changed
from infospots.models import Service
from infospots.services import service_record
from tests.factories import FirmFactory, InfoSpotFactory, StaffFactory


def test_beat_asks_every_minute_and_every_night():
    schedule = django_settings.CELERY_BEAT_SCHEDULE
    assert schedule["recompute-snapshots-if-changed"] == {
        "task": "benchmarking.recompute_if_changed",
        "schedule": 60.0,
    }
    assert schedule["compute-snapshots"]["task"] == ("benchmarking.compute_snapshots")


@pytest.mark.django_db(transaction=True)
def test_a_new_service_moves_smes_reached_through_a_worker(reference_data, real_worker):
    today = timezone.localdate()
    programme = Programme.objects.create(
        name="KOBİ Ağları",
        slug="kobi-aglari",
        starts_on=today - dt.timedelta(days=100),
        ends_on=today + dt.timedelta(days=265),
    )
    target = Target.objects.create(
        programme=programme,
        code="reached",
        title_tr="Ulaşılan KOBİ",
        title_en="SMEs reached",
        metric="smes_reached",
        target_value=400,
        deadline=programme.ends_on,
    )
    snapshots_compute(trigger="test")
    national = Snapshot.objects.filter(target=target, province=None, on=today)
    assert national.get().value == 0

    spot = InfoSpotFactory(slug="samsun-worker")
    staff = StaffFactory(assignment__info_spot=spot)
    firm = FirmFactory(province=spot.province, info_spot=spot)
    service_record(
        actor=staff,
        service=Service(
            firm=firm,
            info_spot=spot,
            staff=staff,
            kind="information",
            date=today,
            hours=1,
        ),
    )
    # What beat sends every minute; the worker finds the change and computes.
    recompute_if_changed.delay()
    deadline = time.monotonic() + 30
    while national.get().value == 0 and time.monotonic() < deadline:
        time.sleep(0.2)
    assert national.get().value == Decimal(1)
