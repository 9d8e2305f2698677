"""The reference data loaded by migrations: counts and known rows."""

import pytest
from django.utils import translation

from infospots.models import NaceDivision, NaceSection, Province, Region

pytestmark = pytest.mark.django_db


def test_all_81_provinces_in_26_nuts2_regions():
    assert Province.objects.count() == 81
    assert Region.objects.count() == 26
    assert Province.objects.filter(rcop_eligible=True).count() == 43


@pytest.mark.parametrize(
    ("plate", "name", "slug", "iso", "region", "rcop"),
    [
        (1, "Adana", "adana", "TR-01", "TR62", False),
        (19, "Çorum", "corum", "TR-19", "TR83", True),
        (27, "Gaziantep", "gaziantep", "TR-27", "TRC1", True),
        (34, "İstanbul", "istanbul", "TR-34", "TR10", False),
        (46, "Kahramanmaraş", "kahramanmaras", "TR-46", "TR63", True),
        (55, "Samsun", "samsun", "TR-55", "TR83", True),
        (61, "Trabzon", "trabzon", "TR-61", "TR90", True),
        (76, "Iğdır", "igdir", "TR-76", "TRA2", True),
    ],
)
def test_known_provinces(plate, name, slug, iso, region, rcop):
    province = Province.objects.select_related("region").get(plate=plate)
    assert (province.name, province.slug, province.iso_code) == (name, slug, iso)
    assert province.region.code == region
    assert province.rcop_eligible is rcop


def test_pilot_region_is_named_after_its_provinces():
    assert Region.objects.get(code="TR83").name == "Samsun, Tokat, Çorum, Amasya"


def test_nace_has_21_sections_and_88_divisions():
    assert NaceSection.objects.count() == 21
    assert NaceDivision.objects.count() == 88
    assert NaceSection.objects.get(code="C").divisions.count() == 24


@pytest.mark.parametrize(
    ("code", "section", "name_en", "name_tr"),
    [
        (
            "01",
            "A",
            "Crop and animal production, hunting and related service activities",
            "Bitkisel ve hayvansal üretim ile avcılık ve ilgili hizmet faaliyetleri",
        ),
        ("10", "C", "Manufacture of food products", "Gıda ürünlerinin imalatı"),
        (
            "62",
            "J",
            "Computer programming, consultancy and related activities",
            "Bilgisayar programlama, danışmanlık ve ilgili faaliyetler",
        ),
        (
            "99",
            "U",
            "Activities of extraterritorial organisations and bodies",
            "Uluslararası örgütler ve temsilciliklerinin faaliyetleri",
        ),
    ],
)
def test_known_nace_divisions(code, section, name_en, name_tr):
    division = NaceDivision.objects.select_related("section").get(code=code)
    assert division.section.code == section
    assert (division.name_en, division.name_tr) == (name_en, name_tr)


def test_divisions_absent_from_nace_rev2_do_not_exist():
    missing = ["04", "34", "40", "44", "48", "54", "57", "67", "76", "83", "89"]
    assert not NaceDivision.objects.filter(code__in=missing).exists()


def test_bilingual_name_follows_the_active_language():
    section = NaceSection.objects.get(code="C")
    with translation.override("en"):
        assert section.name == "Manufacturing"
        assert str(section) == "C – Manufacturing"
    with translation.override("tr"):
        assert section.name == "İmalat"
