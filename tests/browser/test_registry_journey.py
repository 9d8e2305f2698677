"""Info-spot staff register a firm, meet a duplicate and export the list.

Screenshots land in test-artifacts/screenshots/.
"""

import datetime as dt
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from infospots.models import Firm, NaceDivision
from infospots.validators import complete_vkn
from tests.browser.helpers import expect_status, goto_status, log_in, to_english

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_staff_register_a_firm_meet_a_duplicate_and_export(
    page, demo_site, screenshots
):
    page.set_viewport_size({"width": 1280, "height": 900})
    log_in(page, demo_site, "staff.samsun@example.org")
    page.goto(demo_site + "/firms/")
    expect(page.locator("h1")).to_have_text("Firmalar")
    page.get_by_role("link", name="Firma kaydet").click()

    # A firm that exists: the warning appears while typing.
    existing = Firm.objects.get(legal_name__startswith="Bafra Pirinç")
    page.fill("#id_legal_name", "BAFRA PİRİNÇ GIDA")
    warning = page.locator("#duplicates .alert-warning")
    expect(warning).to_contain_text("Bafra Pirinç Gıda San. Ltd. Şti.")
    page.fill("#id_tax_id", existing.tax_id)
    page.select_option(
        "#id_primary_nace", value=str(NaceDivision.objects.get(code="10").pk)
    )
    page.screenshot(path=screenshots / "10-firm-duplicate-warning.png", full_page=True)
    expect_status(page, 400)
    page.get_by_role("button", name="Kaydet").click()
    expect(page.locator("#id_tax_id_error")).to_contain_text("zaten kayıtlı")
    page.screenshot(path=screenshots / "11-firm-duplicate-refused.png", full_page=True)

    # A new firm, typed the way people type tax ids.
    page.fill("#id_legal_name", "Atakum Robotik Otomasyon A.Ş.")
    page.fill("#id_tax_id", "454 053 6920")
    page.get_by_role("button", name="Kaydet").click()
    expect(page.locator("h1")).to_have_text("Atakum Robotik Otomasyon A.Ş.")
    expect(page.get_by_text("4540536920")).to_be_visible()
    page.screenshot(path=screenshots / "12-firm-registered.png", full_page=True)

    page.goto(demo_site + "/firms/?q=robotik")
    expect(page.locator("tbody tr")).to_have_count(1)
    with page.expect_download() as download:
        page.get_by_role("link", name="CSV olarak indir").click()
    content = download.value.path().read_text(encoding="utf-8-sig")
    assert "Atakum Robotik Otomasyon A.Ş." in content
    assert "Bafra" not in content
    page.screenshot(path=screenshots / "13-firm-list-search.png", full_page=True)


def test_staff_edit_a_firm_record_a_service_and_read_its_history(
    page, demo_site, screenshots
):
    page.set_viewport_size({"width": 1280, "height": 900})
    firm = Firm.objects.get(legal_name__startswith="Bafra Pirinç")
    log_in(page, demo_site, "staff.samsun@example.org")
    page.goto(f"{demo_site}/firms/{firm.pk}/edit/")
    page.fill("#id_trade_name", "Bafra Pirinç Çiftliği")
    page.get_by_role("button", name="Kaydet").click()
    history = page.locator("#history tbody tr").first
    expect(history).to_contain_text(
        f"Kısa unvan: {firm.trade_name} yeni değer: Bafra Pirinç Çiftliği"
    )
    expect(history).to_contain_text("Personel Samsun")

    # A service: the staff member's Info Spot is chosen; tomorrow is refused.
    page.get_by_role("link", name="Hizmet kaydet").click()
    expect(page.locator("#id_info_spot option:checked")).to_have_text(
        "Samsun Küme Bilgi Noktası"
    )
    page.select_option("#id_kind", "consulting")
    page.fill("#id_hours", "3")
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    page.fill("#id_date", tomorrow.isoformat())
    expect_status(page, 400)
    page.get_by_role("button", name="Kaydet").click()
    expect(page.locator("#id_date_error")).to_contain_text("ileri bir tarih olamaz")
    page.screenshot(path=screenshots / "14-service-future-date.png", full_page=True)
    page.fill("#id_date", timezone.localdate().isoformat())
    page.get_by_role("button", name="Kaydet").click()
    expect(page.locator("#services")).to_contain_text("Danışmanlık")
    page.locator("#history").scroll_into_view_if_needed()
    page.screenshot(path=screenshots / "15-firm-history.png", full_page=True)


def test_staff_of_another_province_get_a_404(page, demo_site):
    firm = Firm.objects.filter(province__name="Samsun").first()
    log_in(page, demo_site, "staff.trabzon@example.org")
    goto_status(page, f"{demo_site}/firms/{firm.pk}/", 404)


BAD_FILE = (
    "legal_name,tax_id,primary_nace,district\n"
    "Sürmene Bıçak Sanayi Ltd. Şti.,4540536921,25,Sürmene\n"
    "Maçka Orman Ürünleri A.Ş.,9990001234,99.9,Maçka\n"
)
GOOD_FILE = (
    "legal_name,tax_id,primary_nace,district\n"
    "Sürmene Bıçak Sanayi Ltd. Şti.,4540536920,25,Sürmene\n"
    f"Maçka Orman Ürünleri A.Ş.,{complete_vkn('611234567')},16,Maçka\n"
)


def upload(page, content):
    page.set_input_files(
        "input[name=file]",
        files=[
            {"name": "firms.csv", "mimeType": "text/csv", "buffer": content.encode()}
        ],
    )
    page.get_by_role("button", name="Upload and check").click()


def test_staff_import_a_file_with_errors_then_a_clean_one(
    page, demo_site, screenshots, real_worker
):
    """The checks and the commit run in a Celery worker; the page follows them."""
    page.set_viewport_size({"width": 1280, "height": 900})
    log_in(page, demo_site, "staff.trabzon@example.org")
    to_english(page)
    page.goto(demo_site + "/firms/import/")
    page.screenshot(path=screenshots / "20-import-form.png", full_page=True)

    upload(page, BAD_FILE)
    problems = page.locator("main table tbody tr")
    expect(problems.first).to_be_visible()
    expect(page.get_by_role("button", name=re.compile("^Commit"))).to_have_count(0)
    text = page.locator("main").inner_text()
    assert "check digits" in text
    page.screenshot(path=screenshots / "21-import-errors.png", full_page=True)
    assert not Firm.objects.filter(legal_name__startswith="Sürmene").exists()

    page.goto(demo_site + "/firms/import/")
    upload(page, GOOD_FILE)
    commit = page.get_by_role("button", name="Commit 2 new / 0 updated firms")
    expect(commit).to_be_visible()
    page.screenshot(path=screenshots / "22-import-preview.png", full_page=True)
    commit.click()
    expect(page.get_by_text("The import is complete.")).to_be_visible()
    page.screenshot(path=screenshots / "23-import-done.png", full_page=True)
    assert set(
        Firm.objects.filter(
            province__name="Trabzon", district__in=["Sürmene", "Maçka"]
        ).values_list("legal_name", flat=True)
    ) == {"Sürmene Bıçak Sanayi Ltd. Şti.", "Maçka Orman Ürünleri A.Ş."}
