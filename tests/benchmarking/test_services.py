"""Snapshots: the status rule, the computation, the recompute on change."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import transaction

from benchmarking.models import (
    PARAMETER_NOT_OF_METRIC,
    ComputeRun,
    Programme,
    ProvinceTarget,
    Snapshot,
    Status,
    Target,
)
from benchmarking.selectors import watermark
from benchmarking.services import (
    CHANGED_KEY,
    elapsed_share,
    month_ends,
    snapshots_compute,
    snapshots_recompute_if_changed,
    target_status,
)
from benchmarking.tasks import recompute_if_changed
from tests.factories import FirmFactory, ServiceFactory

pytestmark = pytest.mark.django_db

D = dt.date


@pytest.mark.parametrize(
    ("value", "elapsed", "direction", "status"),
    [
        ("400", "0.5", "at_least", Status.ACHIEVED),
        ("401", "0.9", "at_least", Status.ACHIEVED),
        ("200", "0.5", "at_least", Status.ON_TRACK),
        ("150", "0.5", "at_least", Status.AT_RISK),  # 0.375 = 0.75 x 0.5
        ("149", "0.5", "at_least", Status.OFF_TRACK),
        ("0", "0", "at_least", Status.ON_TRACK),
        ("12", "0.5", "at_most", Status.ON_TRACK),
        ("12", "1", "at_most", Status.ACHIEVED),
        ("13", "0.5", "at_most", Status.OFF_TRACK),
        # Between 5 and 12: reached from 5 up, off track above 12, and
        # below 5 measured against 5 as "at least" is.
        ("5", "0.5", "between", Status.ACHIEVED),
        ("12", "0.1", "between", Status.ACHIEVED),
        ("13", "0.5", "between", Status.OFF_TRACK),
        ("3", "0.5", "between", Status.ON_TRACK),  # 0.6 >= 0.5
        ("2", "0.5", "between", Status.AT_RISK),  # 0.4 >= 0.375
        ("1", "0.5", "between", Status.OFF_TRACK),
        ("0", "1", "between", Status.OFF_TRACK),
    ],
)
def test_the_status_rule(value, elapsed, direction, status):
    target = Decimal(400) if direction == "at_least" else Decimal(12)
    assert (
        target_status(
            value=Decimal(value),
            target_value=target,
            direction=direction,
            elapsed=Decimal(elapsed),
            lower_bound=Decimal(5) if direction == "between" else None,
        )
        == status
    )


def test_elapsed_share_is_clamped():
    start, deadline = D(2026, 1, 1), D(2026, 12, 31)
    assert elapsed_share(start=start, deadline=deadline, on=D(2025, 6, 1)) == 0
    assert elapsed_share(start=start, deadline=deadline, on=D(2027, 6, 1)) == 1
    assert elapsed_share(start=start, deadline=D(2026, 1, 11), on=D(2026, 1, 6)) == (
        Decimal("0.5")
    )


@pytest.fixture
def reached_target(province_a):
    programme = Programme.objects.create(
        name="KOBİ Ağları",
        slug="kobi-aglari",
        starts_on=D(2026, 1, 1),
        ends_on=D(2026, 12, 31),
    )
    target = Target.objects.create(
        programme=programme,
        code="reached",
        title_tr="Ulaşılan KOBİ",
        title_en="SMEs reached",
        metric="smes_reached",
        target_value=400,
        deadline=D(2026, 12, 31),
    )
    ProvinceTarget.objects.create(target=target, province=province_a, target_value=4)
    return target


def _rows(on):
    return sorted(
        (s.province.name if s.province else "—", s.value, s.target_value, s.status)
        for s in Snapshot.objects.filter(on=on).select_related("province")
    )


def test_compute_writes_national_and_province_rows(
    reached_target, info_spot_a, info_spot_b
):
    for spot in (info_spot_a, info_spot_a, info_spot_b):
        ServiceFactory(
            firm=FirmFactory(province=spot.province, info_spot=spot),
            date=D(2026, 3, 1),
        )
    run = snapshots_compute(as_of=D(2026, 7, 2), trigger="test")
    # Half the year gone: Samsun's 2 of 4 is on track, the nation's 3 of 400
    # is off track, Trabzon has no share of its own so no status.
    assert _rows(D(2026, 7, 2)) == [
        ("Samsun", Decimal(2), Decimal(4), "on_track"),
        ("Trabzon", Decimal(1), None, ""),
        ("—", Decimal(3), Decimal(400), "off_track"),
    ]
    assert (run.snapshots, run.trigger) == (3, "test")
    assert watermark().as_of == D(2026, 7, 2)


def test_a_province_target_with_nothing_yet_has_a_zero_row(reached_target):
    snapshots_compute(as_of=D(2026, 2, 1), trigger="test")
    assert _rows(D(2026, 2, 1)) == [
        ("Samsun", Decimal(0), Decimal(4), "off_track"),
        ("—", Decimal(0), Decimal(400), "off_track"),
    ]


def test_computing_a_day_twice_replaces_its_rows(reached_target, info_spot_a):
    snapshots_compute(as_of=D(2026, 5, 1), trigger="test")
    ServiceFactory(
        firm=FirmFactory(province=info_spot_a.province, info_spot=info_spot_a),
        date=D(2026, 4, 1),
    )
    snapshots_compute(as_of=D(2026, 5, 1), trigger="test")
    assert Snapshot.objects.filter(on=D(2026, 5, 1)).count() == 2
    assert Snapshot.objects.get(on=D(2026, 5, 1), province=None).value == 1


def test_days_before_the_programme_are_not_computed(reached_target):
    run = snapshots_compute(as_of=D(2025, 12, 31), trigger="test")
    assert (run.snapshots, Snapshot.objects.count()) == (0, 0)


def test_a_change_asks_for_one_recompute(
    reached_target, info_spot_a, django_capture_on_commit_callbacks
):
    cache.delete(CHANGED_KEY)
    assert snapshots_recompute_if_changed() is None
    with django_capture_on_commit_callbacks(execute=True):
        ServiceFactory(
            firm=FirmFactory(province=info_spot_a.province, info_spot=info_spot_a)
        )
    assert cache.get(CHANGED_KEY) is True
    assert recompute_if_changed.apply().get() == 2
    # However many changes came, one recompute ran; the next finds nothing.
    assert recompute_if_changed.apply().get() == 0
    assert list(ComputeRun.objects.values_list("trigger", flat=True)) == ["change"]


def test_a_change_counts_only_once_committed(info_spot_a):
    cache.delete(CHANGED_KEY)

    @transaction.atomic
    def register_then_fail():
        FirmFactory(province=info_spot_a.province, info_spot=info_spot_a)
        raise RuntimeError("rolled back")

    with pytest.raises(RuntimeError):
        register_then_fail()
    assert cache.get(CHANGED_KEY) is None


def test_month_ends():
    assert month_ends(D(2026, 1, 15), D(2026, 4, 10)) == [
        D(2026, 1, 31),
        D(2026, 2, 28),
        D(2026, 3, 31),
        D(2026, 4, 10),
    ]
    assert month_ends(D(2026, 11, 2), D(2026, 12, 31)) == [
        D(2026, 11, 30),
        D(2026, 12, 31),
    ]


def test_backfill_computes_every_month_end_from_the_dated_records(
    reached_target, info_spot_a
):
    firm = FirmFactory(province=info_spot_a.province, info_spot=info_spot_a)
    ServiceFactory(firm=firm, date=D(2026, 2, 10))
    call_command("backfill_snapshots", until=D(2026, 4, 15))
    national = Snapshot.objects.filter(province=None).order_by("on")
    assert list(national.values_list("on", "value")) == [
        (D(2026, 1, 31), Decimal(0)),
        (D(2026, 2, 28), Decimal(1)),
        (D(2026, 3, 31), Decimal(1)),
        (D(2026, 4, 15), Decimal(1)),
    ]


def test_services_of_one_type_are_counted_for_a_target_of_that_type(
    reached_target, info_spot_a
):
    firm = FirmFactory(province=info_spot_a.province, info_spot=info_spot_a)
    ServiceFactory(firm=firm, kind="training", date=D(2026, 3, 1))
    ServiceFactory(firm=firm, kind="consulting", date=D(2026, 3, 2))
    Target.objects.create(
        programme=reached_target.programme,
        code="training",
        title_tr="Eğitim hizmetleri",
        title_en="Training services",
        metric="services_delivered",
        parameters={"kind": "training"},
        target_value=100,
        deadline=D(2026, 12, 31),
    )
    Target.objects.create(
        programme=reached_target.programme,
        code="services",
        title_tr="Tüm hizmetler",
        title_en="All services",
        metric="services_delivered",
        target_value=100,
        deadline=D(2026, 12, 31),
    )
    snapshots_compute(as_of=D(2026, 4, 1), trigger="test")
    national = Snapshot.objects.filter(province=None, on=D(2026, 4, 1))
    assert dict(national.values_list("target__code", "value")) == {
        "reached": Decimal(1),
        "training": Decimal(1),
        "services": Decimal(2),
    }


def test_a_type_of_service_only_for_services_delivered(reached_target):
    reached_target.parameters = {"kind": "training"}
    with pytest.raises(ValidationError) as refused:
        reached_target.full_clean()
    assert refused.value.message_dict == {
        "parameters": [PARAMETER_NOT_OF_METRIC % {"name": "kind"}]
    }
