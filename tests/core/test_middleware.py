"""NUL characters are refused with the site's 400 page before any view reads
them: PostgreSQL cannot hold them and used to answer 500."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import RequestFactory
from django.urls import reverse
from django.utils.translation import override

from infospots.models import Firm, NaceDivision
from kms.core.middleware import NUL_REFUSED, carries_nul

pytestmark = pytest.mark.django_db


def assert_refused(response):
    assert response.status_code == 400
    assert response.templates[0].name == "400.html"
    page = response.content.decode()
    with override("en"):
        assert str(NUL_REFUSED) in page
    assert 'id="main"' in page
    # Drawn inside the header middleware: the page keeps its CSP.
    assert "default-src 'self'" in response["Content-Security-Policy"]


@pytest.mark.parametrize(
    "url",
    [
        "/firms/duplicates/?tax_id=%00",
        "/firms/duplicates/?legal_name=Acme%00Ltd",
        "/firms/duplicates/?%00=1",
        "/firms/?q=%00",
        "/dashboard/snapshots.csv?target=%00",
        "/dashboard/report.xlsx?quarter=2026-Q1%00",
        "/dashboard/%00/",
        "/kms/?q=%00",
        "/clusters/%00/",
    ],
)
def test_a_nul_in_the_address_is_a_400(client, staff_a, url):
    client.force_login(staff_a)
    assert_refused(client.get(url, HTTP_ACCEPT_LANGUAGE="en"))


def test_a_nul_is_refused_for_visitors_too(client):
    assert_refused(client.get("/clusters/?q=%00", HTTP_ACCEPT_LANGUAGE="en"))


def firm_post(info_spot, **overrides):
    return {
        "legal_name": "Atakum Yazılım A.Ş.",
        "tax_id": "454 053 6920",
        "primary_nace": NaceDivision.objects.get(code="62").pk,
        "province": info_spot.province_id,
        "info_spot": info_spot.pk,
        "district": "Atakum",
        **overrides,
    }


def test_a_nul_in_a_posted_form_is_a_400(client, staff_a, info_spot_a):
    client.force_login(staff_a)
    response = client.post(
        reverse("infospots:firm_create"),
        firm_post(info_spot_a, district="Atakum\x00"),
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert_refused(response)
    assert not Firm.objects.exists()


def test_a_nul_in_a_urlencoded_form_is_a_400(client, staff_a, info_spot_a):
    client.force_login(staff_a)
    response = client.post(
        reverse("infospots:firm_create"),
        "legal_name=Acme&tax_id=4540536920%00",
        content_type="application/x-www-form-urlencoded",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert_refused(response)
    assert not Firm.objects.exists()


def test_text_without_nul_goes_through(client, staff_a, info_spot_a):
    client.force_login(staff_a)
    assert client.get("/firms/duplicates/?tax_id=4540536920").status_code == 200
    response = client.post(reverse("infospots:firm_create"), firm_post(info_spot_a))
    assert response.status_code == 302
    assert Firm.objects.count() == 1


def test_a_files_content_may_hold_nul():
    upload = SimpleUploadedFile("data.bin", b"\x00\x01binary\x00")
    request = RequestFactory().post("/", {"note": "fine", "file": upload})
    assert carries_nul(request) is False
    assert request.FILES["file"].read() == b"\x00\x01binary\x00"


def test_a_json_body_is_left_to_its_view():
    request = RequestFactory().post(
        "/", '{"a": "\\u0000"}', content_type="application/json"
    )
    assert carries_nul(request) is False
    assert request.body == b'{"a": "\\u0000"}'
