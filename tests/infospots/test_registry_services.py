"""Services of the SME registry: registration, duplicates, size classes."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from infospots import services
from infospots.models import Firm, NaceDivision, Service, SizeClass, SizeRegulation
from infospots.selectors import firm_change_history
from infospots.services import (
    FIRM_EXISTS_ELSEWHERE,
    INFO_SPOT_OUTSIDE_PROVINCE,
    NOT_YOUR_PROVINCE,
    annual_figures_save,
    firm_register,
    firm_update,
    regulation_for_year,
    service_record,
)
from tests.factories import FirmFactory, InfoSpotFactory

pytestmark = pytest.mark.django_db


def new_firm(info_spot, **fields):
    values = {
        "legal_name": "Bafra Pirinç Gıda San. ve Tic. Ltd. Şti.",
        "tax_id": "454.053 6920",
        "primary_nace": NaceDivision.objects.get(code="10"),
        "province": info_spot.province,
        "info_spot": info_spot,
        **fields,
    }
    return Firm(**values)


def test_staff_register_a_firm_of_their_province(staff_a, info_spot_a):
    firm = firm_register(actor=staff_a, firm=new_firm(info_spot_a, trade_name="İNCİ"))
    firm.refresh_from_db()
    assert firm.tax_id == "4540536920"
    assert firm.registered_by == staff_a
    assert firm.name_key == "bafra pirinc gida"
    assert firm.search_key == "bafra pirinc gida san ve tic ltd sti inci 4540536920"
    assert firm.history.count() == 1


def test_staff_cannot_register_in_another_province(staff_b, info_spot_a):
    with pytest.raises(PermissionDenied) as exc:
        firm_register(actor=staff_b, firm=new_firm(info_spot_a))
    assert exc.value.args[0] == NOT_YOUR_PROVINCE
    assert not Firm.objects.exists()


def test_the_info_spot_must_be_in_the_firms_province(manager, info_spot_a, info_spot_b):
    firm = new_firm(info_spot_b, province=info_spot_a.province)
    with pytest.raises(ValidationError) as exc:
        firm_register(actor=manager, firm=firm)
    assert exc.value.message_dict == {"info_spot": [str(INFO_SPOT_OUTSIDE_PROVINCE)]}


def test_a_second_registration_names_the_existing_firm(staff_a, info_spot_a):
    existing = FirmFactory(province=info_spot_a.province, tax_id="4540536920")
    with pytest.raises(ValidationError) as exc:
        firm_register(actor=staff_a, firm=new_firm(info_spot_a, legal_name="Other"))
    with translation.override("en"):
        assert exc.value.message_dict == {
            "tax_id": [
                f"This firm is already registered: {existing.legal_name} "
                "(tax id 4540536920)."
            ]
        }
    assert Firm.objects.count() == 1


def test_another_provinces_firm_is_not_revealed(staff_a, info_spot_a, province_b):
    other = FirmFactory(province=province_b, tax_id="4540536920")
    with pytest.raises(ValidationError) as exc:
        firm_register(actor=staff_a, firm=new_firm(info_spot_a))
    message = exc.value.message_dict["tax_id"][0]
    assert message == str(FIRM_EXISTS_ELSEWHERE)
    assert other.legal_name not in message


def test_the_database_refuses_a_duplicate_that_slips_past_the_check(
    staff_a, info_spot_a, monkeypatch
):
    """Two staff saving the same firm at once: the loser gets the message."""
    FirmFactory(province=info_spot_a.province, tax_id="4540536920")
    real = services._duplicate_errors
    calls = []

    def blind_first_time(**kwargs):
        calls.append(1)
        return {} if len(calls) == 1 else real(**kwargs)

    monkeypatch.setattr(services, "_duplicate_errors", blind_first_time)
    with pytest.raises(ValidationError) as exc:
        firm_register(actor=staff_a, firm=new_firm(info_spot_a))
    assert list(exc.value.message_dict) == ["tax_id"]
    assert Firm.objects.count() == 1


def test_mersis_numbers_are_unique_too(staff_a, info_spot_a):
    FirmFactory(province=info_spot_a.province, mersis_number="0454053692000017")
    with pytest.raises(ValidationError) as exc:
        firm_register(
            actor=staff_a,
            firm=new_firm(info_spot_a, mersis_number="0454-0536-9200-0017"),
        )
    assert list(exc.value.message_dict) == ["mersis_number"]


@pytest.mark.parametrize(
    ("field", "value"),
    [("tax_id", "4540536921"), ("founded_year", 2999), ("mersis_number", "123")],
)
def test_bad_values_are_refused_with_nothing_written(
    staff_a, info_spot_a, field, value
):
    with pytest.raises(ValidationError) as exc:
        firm_register(actor=staff_a, firm=new_firm(info_spot_a, **{field: value}))
    assert list(exc.value.message_dict) == [field]
    assert not Firm.objects.exists()


def test_staff_of_another_province_cannot_update(staff_b, info_spot_a):
    firm = FirmFactory(province=info_spot_a.province, info_spot=info_spot_a)
    firm.legal_name = "Changed"
    with pytest.raises(PermissionDenied):
        firm_update(actor=staff_b, firm=firm)
    firm.refresh_from_db()
    assert firm.legal_name != "Changed"


def test_moving_a_firm_needs_rights_in_the_new_province(
    staff_a, info_spot_a, province_b
):
    firm = FirmFactory(province=info_spot_a.province, info_spot=info_spot_a)
    firm.province = province_b
    firm.info_spot = InfoSpotFactory(province=province_b)
    with pytest.raises(PermissionDenied):
        firm_update(actor=staff_a, firm=firm)
    assert Firm.objects.get(pk=firm.pk).province == info_spot_a.province


# --- size classes -------------------------------------------------------------


def test_the_regulation_in_force_depends_on_the_year():
    assert regulation_for_year(2019).code == "tr-kobi-2018"
    assert regulation_for_year(2023).code == "tr-kobi-2023"
    assert regulation_for_year(2026).code == "tr-kobi-2023"
    # Before the first Turkish rule the first one applies; EU is never used.
    assert regulation_for_year(2010).code == "tr-kobi-2018"


@pytest.mark.parametrize(
    ("year", "employees", "sales", "balance", "expected"),
    [
        (2020, 9, 2_900_000, 0, SizeClass.MICRO),
        (2020, 9, 8_000_000, 2_000_000, SizeClass.MICRO),  # balance suffices
        (2020, 9, 8_000_000, 8_000_000, SizeClass.SMALL),  # 2018 rule: > 3 M
        (2024, 9, 8_000_000, 8_000_000, SizeClass.MICRO),  # 2023 rule: <= 10 M
        (2024, 10, 1_000, 1_000, SizeClass.SMALL),  # 10 employees is not micro
        (2024, 249.5, 400_000_000, 1, SizeClass.MEDIUM),
        (2024, 250, 1, 1, SizeClass.LARGE),
        (2024, 100, 600_000_000, 600_000_000, SizeClass.LARGE),
    ],
)
def test_size_class_under_the_rule_of_the_year(
    staff_a, info_spot_a, year, employees, sales, balance, expected
):
    firm = FirmFactory(province=info_spot_a.province, info_spot=info_spot_a)
    figures = annual_figures_save(
        actor=staff_a,
        firm=firm,
        year=year,
        employees=Decimal(employees),
        net_sales=Decimal(sales),
        balance_sheet_total=Decimal(balance),
    )
    assert figures.size_class == expected


def test_thresholds_are_rows_that_managers_can_change(staff_a, info_spot_a):
    SizeRegulation.objects.filter(code="tr-kobi-2023").update(
        micro_sales=1000, micro_balance=1000
    )
    firm = FirmFactory(province=info_spot_a.province, info_spot=info_spot_a)
    figures = annual_figures_save(
        actor=staff_a,
        firm=firm,
        year=2025,
        employees=Decimal(3),
        net_sales=Decimal(5000),
        balance_sheet_total=Decimal(5000),
    )
    assert figures.size_class == SizeClass.SMALL


def test_the_firm_shows_the_class_of_its_latest_year(staff_a, info_spot_a):
    firm = FirmFactory(province=info_spot_a.province, info_spot=info_spot_a)
    for year, employees in ((2025, 60), (2024, 5)):
        annual_figures_save(
            actor=staff_a,
            firm=firm,
            year=year,
            employees=Decimal(employees),
            net_sales=Decimal(1000),
            balance_sheet_total=Decimal(1000),
        )
    firm.refresh_from_db()
    assert firm.size_class == SizeClass.MEDIUM
    annual_figures_save(
        actor=staff_a,
        firm=firm,
        year=2025,
        employees=Decimal(4),
        net_sales=Decimal(1000),
        balance_sheet_total=Decimal(1000),
    )
    firm.refresh_from_db()
    assert firm.size_class == SizeClass.MICRO
    assert firm.annual_figures.count() == 2


def test_negative_figures_are_refused(staff_a, info_spot_a):
    firm = FirmFactory(province=info_spot_a.province, info_spot=info_spot_a)
    with pytest.raises(ValidationError) as exc:
        annual_figures_save(
            actor=staff_a,
            firm=firm,
            year=2024,
            employees=Decimal(-1),
            net_sales=Decimal(1000),
            balance_sheet_total=Decimal(1000),
        )
    assert "employees" in exc.value.message_dict
    assert not firm.annual_figures.exists()


# --- services delivered -----------------------------------------------------------


def test_a_service_makes_the_firm_reached(staff_a, info_spot_a):
    firm = FirmFactory(province=info_spot_a.province, info_spot=info_spot_a)
    assert not Firm.objects.with_reached().get(pk=firm.pk).reached
    service = service_record(
        actor=staff_a,
        service=Service(
            firm=firm,
            info_spot=info_spot_a,
            kind="training",
            date="2026-05-04",
            hours=Decimal(3),
        ),
    )
    assert service.staff == staff_a
    assert Firm.objects.with_reached().get(pk=firm.pk).reached


def test_a_service_is_given_by_an_info_spot_of_the_firms_province(
    manager, info_spot_a, info_spot_b
):
    firm = FirmFactory(province=info_spot_a.province, info_spot=info_spot_a)
    with pytest.raises(ValidationError):
        service_record(
            actor=manager,
            service=Service(
                firm=firm,
                info_spot=info_spot_b,
                kind="training",
                date="2026-05-04",
                hours=Decimal(3),
            ),
        )
    assert not Service.objects.exists()


def test_the_history_records_activities_and_size_class_changes(staff_a, info_spot_a):
    firm = firm_register(actor=staff_a, firm=new_firm(info_spot_a))
    firm_update(
        actor=staff_a, firm=firm, secondary_naces=[NaceDivision.objects.get(code="46")]
    )
    firm_update(
        actor=staff_a,
        firm=firm,
        secondary_naces=[NaceDivision.objects.get(code="47")],
    )
    annual_figures_save(
        actor=staff_a,
        firm=firm,
        year=2025,
        employees=Decimal(3),
        net_sales=Decimal(1000),
        balance_sheet_total=Decimal(1000),
    )
    with translation.override("en"):
        entries = firm_change_history(firm=firm).entries
        changes = [c for entry in entries for c in entry.changes]
    assert ("size class", "", "Micro") in [(c.label, c.old, c.new) for c in changes]
    # The NACE links change after the row is saved: a removal, then an addition.
    naces = [c for c in changes if c.label == "other activities (NACE divisions)"]
    assert [c.old[:3] for c in naces] == ["", "46 ", ""]
    assert [c.new[:3] for c in naces] == ["47 ", "", "46 "]
    assert entries[0].user == staff_a
