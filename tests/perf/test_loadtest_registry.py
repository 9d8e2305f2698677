"""The registry load-test command runs end to end (here it measures nothing)."""

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from infospots.models import Firm, ImportJob, ImportStatus, Province
from tests.factories import FirmFactory, InfoSpotFactory, ServiceFactory

pytestmark = pytest.mark.django_db


def test_the_loadtest_needs_firms_first():
    with pytest.raises(CommandError, match="loadtest_data first"):
        call_command("loadtest_registry", rows=5, runs=1, stdout=io.StringIO())


# Committed transactions: the import's tasks are enqueued on commit.
@pytest.mark.django_db(transaction=True)
def test_the_loadtest_times_the_list_and_imports_three_times(
    eager_tasks, reference_data
):
    spot = InfoSpotFactory(province=Province.objects.get(plate=55))
    for _ in range(3):
        ServiceFactory(firm=FirmFactory(province=spot.province, info_spot=spot))
    out = io.StringIO()
    call_command("loadtest_registry", rows=12, runs=1, stdout=out)
    report = out.getvalue()
    assert "| list, search by tax id | Samsun staff |" in report
    assert "| export.csv, NACE division 10 |" in report
    assert "| new firms |" in report
    assert "12 created, 0 updated, 0 unchanged |" in report
    assert "0 created, 0 updated, 12 unchanged |" in report
    assert "0 created, 12 updated, 0 unchanged |" in report
    assert Firm.objects.filter(trade_name__startswith="Değişti").count() == 12
    assert set(ImportJob.objects.values_list("status", flat=True)) == {
        ImportStatus.DONE,
        ImportStatus.READY,
    }
    with pytest.raises(CommandError, match="already"):
        call_command("loadtest_registry", rows=12, runs=1, stdout=io.StringIO())
