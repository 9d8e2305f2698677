"""Staff pages of the SME registry, and the public directory."""

import csv
import datetime
import io

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from infospots.contacts import contact_erase
from infospots.models import Firm, FirmMembership, NaceDivision
from infospots.scoping import province_scope
from infospots.services import firm_update
from tests.factories import ContactFactory, FirmFactory, ServiceFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def firms(info_spot_a, info_spot_b):
    """Two firms in province A (one reached), one in province B."""
    reached = FirmFactory(
        legal_name="Bafra Pirinç Gıda Ltd. Şti.",
        province=info_spot_a.province,
        info_spot=info_spot_a,
        listed_publicly=True,
    )
    ServiceFactory(firm=reached)
    quiet = FirmFactory(
        legal_name="Canik İnci Medikal A.Ş.",
        province=info_spot_a.province,
        info_spot=info_spot_a,
        size_class="small",
    )
    other = FirmFactory(
        legal_name="Uzungöl Fındık A.Ş.",
        province=info_spot_b.province,
        info_spot=info_spot_b,
        listed_publicly=True,
    )
    return {"reached": reached, "quiet": quiet, "other": other}


def nace(code):
    return NaceDivision.objects.get(code=code)


def names(response):
    return sorted(f.legal_name for f in response.context["firms"])


def test_staff_list_only_their_provinces_firms(client, staff_a, firms):
    client.force_login(staff_a)
    response = client.get(reverse("infospots:firm_list"))
    assert names(response) == ["Bafra Pirinç Gıda Ltd. Şti.", "Canik İnci Medikal A.Ş."]
    assert response["Cache-Control"].startswith("max-age=0, no-cache, no-store")


def test_managers_list_every_province(client, manager, firms):
    client.force_login(manager)
    assert len(names(client.get(reverse("infospots:firm_list")))) == 3


def test_members_list_only_their_own_firm(client, member, firms):
    FirmMembership.objects.create(user=member, firm=firms["quiet"])
    client.force_login(member)
    assert names(client.get(reverse("infospots:firm_list"))) == [
        "Canik İnci Medikal A.Ş."
    ]


def test_the_list_marks_each_row_reached_or_not(client, staff_a, firms):
    client.force_login(staff_a)
    response = client.get(reverse("infospots:firm_list"), HTTP_ACCEPT_LANGUAGE="en")
    flags = {f.legal_name: f.reached for f in response.context["firms"]}
    assert flags == {
        "Bafra Pirinç Gıda Ltd. Şti.": True,
        "Canik İnci Medikal A.Ş.": False,
    }
    assert response.content.decode().count("bi-check-circle") == 1


def test_filtering_on_another_province_shows_nothing(client, staff_a, firms):
    client.force_login(staff_a)
    response = client.get(
        reverse("infospots:firm_list"),
        {"province": firms["other"].province_id, "q": "Uzungöl"},
    )
    assert response.status_code == 400
    assert set(response.context["filter"].form.errors) == {"province"}
    assert names(response) == []


@pytest.mark.parametrize("query", ["PİRİNÇ", "pirinc", "Pirinç gıda", "BAFRA"])
def test_search_folds_turkish_letters(client, staff_a, firms, query):
    client.force_login(staff_a)
    response = client.get(reverse("infospots:firm_list"), {"q": query})
    assert names(response) == ["Bafra Pirinç Gıda Ltd. Şti."]


def test_search_finds_a_tax_id(client, staff_a, firms):
    client.force_login(staff_a)
    response = client.get(reverse("infospots:firm_list"), {"q": firms["quiet"].tax_id})
    assert names(response) == ["Canik İnci Medikal A.Ş."]


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"reached": "true"}, ["Bafra Pirinç Gıda Ltd. Şti."]),
        ({"reached": "false"}, ["Canik İnci Medikal A.Ş."]),
        ({"size_class": "small"}, ["Canik İnci Medikal A.Ş."]),
        (
            {"district": "İlkadım"},
            ["Bafra Pirinç Gıda Ltd. Şti.", "Canik İnci Medikal A.Ş."],
        ),
    ],
)
def test_filters(client, staff_a, firms, params, expected):
    client.force_login(staff_a)
    assert names(client.get(reverse("infospots:firm_list"), params)) == expected


def test_filter_by_nace_section(client, staff_a, firms):
    firms["quiet"].primary_nace = NaceDivision.objects.get(code="62")
    firms["quiet"].save()
    client.force_login(staff_a)
    response = client.get(
        reverse("infospots:firm_list"),
        {"section": NaceDivision.objects.get(code="62").section_id},
    )
    assert names(response) == ["Canik İnci Medikal A.Ş."]


def test_filter_by_nace_division(client, staff_a, firms):
    firms["quiet"].primary_nace = NaceDivision.objects.get(code="32")
    firms["quiet"].save()
    client.force_login(staff_a)
    response = client.get(
        reverse("infospots:firm_list"),
        {"division": NaceDivision.objects.get(code="32").pk},
    )
    assert names(response) == ["Canik İnci Medikal A.Ş."]


def test_sorting_by_name_follows_the_turkish_alphabet(client, manager, info_spot_a):
    for name in ("Zeytin A.Ş.", "Çay A.Ş.", "Dere A.Ş.", "Cam A.Ş."):
        FirmFactory(
            legal_name=name, province=info_spot_a.province, info_spot=info_spot_a
        )
    client.force_login(manager)
    response = client.get(reverse("infospots:firm_list"), {"ordering": "name"})
    assert [f.legal_name for f in response.context["firms"]] == [
        "Cam A.Ş.",
        "Çay A.Ş.",
        "Dere A.Ş.",
        "Zeytin A.Ş.",
    ]


def _queries(client, url, params=None, *, cold):
    """The queries of one request, with the cache emptied first (cold) or
    as the previous request left it (warm)."""
    if cold:
        cache.clear()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, params or {})
    assert response.status_code == 200
    return len(queries.captured_queries), response


@pytest.mark.parametrize(
    "params",
    [{"size": 50}, {"q": "firma", "size": 50}, {"reached": "false", "size": 50}],
)
def test_list_query_count_does_not_depend_on_rows(client, staff_a, info_spot_a, params):
    client.force_login(staff_a)
    url = reverse("infospots:firm_list")
    FirmFactory.create_batch(
        3, province=info_spot_a.province, info_spot=info_spot_a, legal_name="Firma"
    )
    few = _queries(client, url, params, cold=True)[0]
    few_warm = _queries(client, url, params, cold=False)[0]
    FirmFactory.create_batch(
        57, province=info_spot_a.province, info_spot=info_spot_a, legal_name="Firma"
    )
    many, response = _queries(client, url, params, cold=True)
    assert len(response.context["firms"]) == 50
    many_warm, response = _queries(client, url, params, cold=False)
    assert "60 firms" in response.content.decode() or "60 firma" in (
        response.content.decode()
    )
    assert (few, few_warm) == (many, many_warm)
    # Warm: the session (the user, their province and the footer's provinces
    # are kept by the process, kms.core.generations).
    assert many_warm == 1


def test_list_content_is_kept_until_a_firm_or_a_service_changes(
    client, staff_a, info_spot_a, django_capture_on_commit_callbacks
):
    client.force_login(staff_a)
    url = reverse("infospots:firm_list")
    firm = FirmFactory(province=info_spot_a.province, info_spot=info_spot_a)
    page = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    not_yet = '<i class="bi bi-circle" aria-hidden="true"></i> Not yet</span>'
    assert "1 firm<" in page
    assert not_yet in page
    with django_capture_on_commit_callbacks(execute=True):
        ServiceFactory(firm=firm, info_spot=info_spot_a)
    page = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert not_yet not in page
    with django_capture_on_commit_callbacks(execute=True):
        FirmFactory(
            province=info_spot_a.province, info_spot=info_spot_a, district="Bafra"
        )
    page = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "2 firms<" in page
    assert '<option value="Bafra">Bafra</option>' in page
    firm.legal_name = "Yeni Ad Ltd."
    firm.save()
    assert "Yeni Ad Ltd." in client.get(url).content.decode()


def test_staff_of_two_provinces_never_share_a_cached_list(
    client, staff_a, staff_b, firms
):
    client.force_login(staff_a)
    url = reverse("infospots:firm_list")
    assert "Bafra Pirinç" in client.get(url).content.decode()
    client.force_login(staff_b)
    page = client.get(url).content.decode()
    assert "Bafra Pirinç" not in page
    assert "Uzungöl Fındık" in page
    assert "staff.b@example.org" in page  # the frame is the reader's own
    assert "staff.a@example.org" not in page


def test_each_language_has_its_own_cached_list(client, staff_a, firms):
    client.force_login(staff_a)
    url = reverse("infospots:firm_list")
    assert (
        "Register a firm" in client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    )
    turkish = client.get(url, HTTP_ACCEPT_LANGUAGE="tr").content.decode()
    assert "Register a firm" not in turkish
    assert (
        "Register a firm" in client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    )


def test_a_filter_error_is_never_kept(client, staff_a, firms):
    client.force_login(staff_a)
    url = reverse("infospots:firm_list")
    assert client.get(url, {"reached": "maybe"}).status_code == 400
    assert client.get(url, {"reached": "maybe"}).status_code == 400
    assert client.get(url, {"reached": "true"}).status_code == 200


def test_csv_export_follows_scope_and_filters(client, staff_a, firms):
    client.force_login(staff_a)
    response = client.get(reverse("infospots:firm_export_csv"), {"reached": "true"})
    assert response["Content-Disposition"].startswith("attachment;")
    assert "no-store" in response["Cache-Control"]
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert len(rows) == 2
    assert rows[1][0] == "Bafra Pirinç Gıda Ltd. Şti."


def test_xlsx_export_follows_scope(client, staff_b, firms):
    client.force_login(staff_b)
    response = client.get(reverse("infospots:firm_export_xlsx"))
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = [row[0] for row in sheet.iter_rows(values_only=True)]
    assert values[1:] == ["Uzungöl Fındık A.Ş."]


def test_another_provinces_firm_answers_404_like_a_missing_one(client, staff_b, firms):
    client.force_login(staff_b)
    other = client.get(reverse("infospots:firm_detail", args=[firms["reached"].pk]))
    missing = client.get(reverse("infospots:firm_detail", args=[999999]))
    assert other.status_code == missing.status_code == 404


def test_a_kept_firm_page_is_never_served_to_another_province(
    client, staff_a, staff_b, manager, firms
):
    """The page is kept with its lookup, for the reader's provinces: another
    province's staff still get a 404, whoever filled the cache first."""
    url = reverse("infospots:firm_detail", args=[firms["reached"].pk])
    for reader in (staff_a, manager):
        client.force_login(reader)
        assert client.get(url).status_code == 200
        assert client.get(url).status_code == 200  # kept
    client.force_login(staff_b)
    assert client.get(url).status_code == 404
    assert client.get(url).status_code == 404
    assert (
        cache.get(
            f"firm-page:{firms['reached'].pk}:{province_scope(user=staff_b).cache_key}:tr"
        )
        is None
    )


def test_a_firm_moved_to_another_province_leaves_its_staff_at_once(
    client, staff_a, staff_b, info_spot_b, firms
):
    firm = firms["quiet"]
    url = reverse("infospots:firm_detail", args=[firm.pk])
    client.force_login(staff_a)
    assert client.get(url).status_code == 200
    firm.province = info_spot_b.province
    firm.info_spot = info_spot_b
    firm.save()
    assert client.get(url).status_code == 404
    client.force_login(staff_b)
    assert client.get(url).status_code == 200


def test_firm_page_shows_timeline_and_history_to_staff(client, staff_a, firms):
    client.force_login(staff_a)
    response = client.get(reverse("infospots:firm_detail", args=[firms["reached"].pk]))
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert len(response.context["services"]) == 1
    assert response.context["can_edit"] is True


def _edit(firm, staff, secondary_naces=None, **fields):
    for name, value in fields.items():
        setattr(firm, name, value)
    firm_update(actor=staff, firm=firm, secondary_naces=secondary_naces)


def test_firm_page_query_count_does_not_depend_on_rows(
    client, staff_a, firms, django_assert_num_queries
):
    """One row of each kind, then 50: services, figures, contacts, history."""
    firm = firms["reached"]
    ContactFactory(firm=firm)
    firm.annual_figures.create(
        year=2024, employees=3, net_sales=1000, balance_sheet_total=1000
    )
    _edit(firm, staff_a, trade_name="Bir", secondary_naces=[nace("46")])
    client.force_login(staff_a)
    url = reverse("infospots:firm_detail", args=[firm.pk])
    one = _queries(client, url, cold=True)[0]
    one_warm = _queries(client, url, cold=False)[0]
    ServiceFactory.create_batch(49, firm=firm)
    ContactFactory.create_batch(49, firm=firm)
    for year in range(1975, 2024):
        firm.annual_figures.create(
            year=year, employees=3, net_sales=1000, balance_sheet_total=1000
        )
    for n in range(49):
        _edit(
            firm,
            staff_a,
            trade_name=f"Ad {n}",
            secondary_naces=[nace("46"), nace("47")] if n % 2 else [nace("10")],
        )
    fifty, response = _queries(client, url, cold=True)
    assert fifty == one
    assert len(response.context["history"].entries) == 20
    assert response.context["history"].has_more
    assert _queries(client, url, cold=False)[0] == one_warm
    # Warm: session and the firm's contacts (three: contacts, consents,
    # history); the firm, its records and its clusters come from the cache.
    assert one_warm == 4


def test_a_kept_firm_page_without_contacts_reads_only_the_contacts(
    client, staff_a, firms
):
    client.force_login(staff_a)
    url = reverse("infospots:firm_detail", args=[firms["quiet"].pk])
    _queries(client, url, cold=True)
    # The session and the (no) contacts.
    assert _queries(client, url, cold=False)[0] == 2


def test_the_firm_page_keeps_its_records_until_one_of_them_changes(
    client, staff_a, firms, django_capture_on_commit_callbacks
):
    firm = firms["quiet"]
    client.force_login(staff_a)
    url = reverse("infospots:firm_detail", args=[firm.pk])
    warm = len(
        [q for q in _queries_of(client, url) if "infospots_service" in q]
    )  # a first request fills the cache
    assert warm == 1
    assert [q for q in _queries_of(client, url) if "infospots_service" in q] == []
    # Another firm's changes leave this page's records in the cache.
    _edit(firms["reached"], staff_a, trade_name="Başka")
    ServiceFactory(firm=firms["reached"])
    assert [q for q in _queries_of(client, url) if "infospots_service" in q] == []
    with django_capture_on_commit_callbacks(execute=True):
        ServiceFactory(firm=firm, notes="Fuar ziyareti")
    page = client.get(url).content.decode()
    assert "Fuar ziyareti" in page
    _edit(firm, staff_a, trade_name="Yeni Ticari Ad")
    assert "Yeni Ticari Ad" in client.get(url).content.decode()
    firm.annual_figures.create(
        year=2024, employees=3, net_sales=1000, balance_sheet_total=1000
    )
    assert "2024</th>" in client.get(url).content.decode()


def test_contacts_are_read_for_each_request(client, staff_a, firms):
    """Personal data is never kept in the cache: an erasure shows at once."""
    firm = firms["quiet"]
    contact = ContactFactory(firm=firm, full_name="Ayşe Yılmaz")
    client.force_login(staff_a)
    url = reverse("infospots:firm_detail", args=[firm.pk])
    assert "Ayşe Yılmaz" in client.get(url).content.decode()
    assert "Ayşe Yılmaz" in client.get(url).content.decode()
    contact_erase(actor=staff_a, contact=contact, reason="Talep üzerine")
    assert "Ayşe Yılmaz" not in client.get(url).content.decode()
    kept = [
        cache.get(f"firm-page:{firm.pk}:{scope}:{language}")
        for scope in (province_scope(user=staff_a).cache_key, "member")
        for language in ("tr", "en")
    ]
    assert any(kept)
    assert not [parts for parts in kept if "Ayşe" in str(parts)]


def test_the_firm_page_is_cached_apart_for_its_member_and_its_staff(
    client, staff_a, member, firms
):
    firm = firms["reached"]
    FirmMembership.objects.create(user=member, firm=firm)
    url = reverse("infospots:firm_detail", args=[firm.pk])
    edit = reverse("infospots:firm_update", args=[firm.pk])
    client.force_login(staff_a)
    assert edit in client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    client.force_login(member)
    page = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert edit not in page
    assert "Change history" not in page
    assert "member@example.org" in page
    assert "staff.a@example.org" not in page
    turkish = client.get(url, HTTP_ACCEPT_LANGUAGE="tr").content.decode()
    assert "Annual figures and size class" not in turkish


def _queries_of(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return [q["sql"] for q in queries.captured_queries]


def test_the_history_shows_values_before_and_after(client, staff_a, firms):
    firm = firms["quiet"]
    _edit(firm, staff_a, trade_name="İnci", exports=True, primary_nace=nace("62"))
    client.force_login(staff_a)
    response = client.get(
        reverse("infospots:firm_detail", args=[firm.pk]), HTTP_ACCEPT_LANGUAGE="en"
    )
    changes = {
        c.label: (c.old, c.new) for c in response.context["history"].entries[0].changes
    }
    assert changes["trade name"] == ("", "İnci")
    assert changes["exports"] == ("no", "yes")
    assert changes["main activity (NACE division)"][1].startswith("62 ")
    assert response.context["history"].has_more is False
    assert f'href="/firms/{firm.pk}/history/"' not in response.content.decode()


def test_the_full_history_pages_older_entries(client, staff_a, firms):
    firm = firms["quiet"]
    for n in range(60):
        _edit(firm, staff_a, trade_name=f"Ad {n}")
    client.force_login(staff_a)
    url = reverse("infospots:firm_history", args=[firm.pk])
    first = client.get(url)
    assert first.status_code == 200
    assert "no-store" in first["Cache-Control"]
    assert [c.new for c in first.context["history"].entries[0].changes] == ["Ad 59"]
    assert len(first.context["history"].entries) == 50
    second = client.get(url, {"page": 2})
    entries = second.context["history"].entries
    assert len(entries) == 11  # 10 edits and the registration
    assert entries[-1].kind == "+"
    assert second.context["history"].has_more is False
    for odd in ("x", "0", "00", "-1", "9" * 7):
        response = client.get(url, {"page": odd})
        assert response.status_code == 200
        assert response.context["number"] == 1


def valid_post(info_spot, **overrides):
    data = {
        "legal_name": "Atakum Yazılım A.Ş.",
        "tax_id": "454 053 6920",
        "primary_nace": NaceDivision.objects.get(code="62").pk,
        "province": info_spot.province_id,
        "info_spot": info_spot.pk,
        "district": "Atakum",
    }
    data.update(overrides)
    return data


def test_staff_register_a_firm(client, staff_a, info_spot_a):
    client.force_login(staff_a)
    response = client.post(reverse("infospots:firm_create"), valid_post(info_spot_a))
    firm = Firm.objects.get()
    assert response.status_code == 302
    assert response["Location"] == firm.get_absolute_url()
    assert (firm.tax_id, firm.registered_by) == ("4540536920", staff_a)


def test_a_wrong_checksum_is_shown_next_to_the_field(client, staff_a, info_spot_a):
    client.force_login(staff_a)
    response = client.post(
        reverse("infospots:firm_create"),
        valid_post(info_spot_a, tax_id="4540536921"),
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 400
    assert response.context["form"].errors["tax_id"] == [
        "This tax id is not valid: its check digits do not match."
    ]
    assert 'id="id_tax_id_error"' in response.content.decode()
    assert not Firm.objects.exists()


def test_errors_are_in_turkish_too(client, staff_a, info_spot_a):
    client.force_login(staff_a)
    response = client.post(
        reverse("infospots:firm_create"),
        valid_post(info_spot_a, tax_id="45405A6920"),
        HTTP_ACCEPT_LANGUAGE="tr",
    )
    assert response.context["form"].errors["tax_id"] == [
        "Vergi kimlik numarası yalnızca rakamlardan oluşur."
    ]


def test_a_duplicate_from_another_province_is_refused_without_its_data(
    client, staff_a, info_spot_a, firms
):
    client.force_login(staff_a)
    response = client.post(
        reverse("infospots:firm_create"),
        valid_post(info_spot_a, tax_id=firms["other"].tax_id),
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "already registered by another province" in page
    assert "Uzungöl" not in page
    assert Firm.objects.count() == 3


def test_staff_cannot_pick_another_province(client, staff_a, info_spot_b):
    client.force_login(staff_a)
    response = client.post(reverse("infospots:firm_create"), valid_post(info_spot_b))
    assert response.status_code == 400
    assert set(response.context["form"].errors) == {"province", "info_spot"}
    assert not Firm.objects.exists()


def test_duplicate_warning_while_typing(client, staff_a, info_spot_a, firms):
    client.force_login(staff_a)
    response = client.get(
        reverse("infospots:firm_duplicates"),
        {
            "legal_name": "BAFRA PİRİNÇ GIDA SAN. TİC. LTD. ŞTİ.",
            "province": info_spot_a.province_id,
        },
    )
    assert [f.pk for f in response.context["duplicates"]] == [firms["reached"].pk]


def test_duplicate_warning_hides_other_provinces(client, staff_a, info_spot_a, firms):
    client.force_login(staff_a)
    response = client.get(
        reverse("infospots:firm_duplicates"),
        {"tax_id": firms["other"].tax_id, "legal_name": "Uzungöl Fındık"},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.context["duplicates"] == []
    assert response.context["elsewhere"] is True
    assert "Uzungöl" not in response.content.decode()


def test_public_directory_lists_only_consenting_firms_without_personal_data(
    client, firms
):
    response = client.get(
        reverse("infospots:firm_directory"), HTTP_ACCEPT_LANGUAGE="en"
    )
    page = response.content.decode()
    assert names(response) == ["Bafra Pirinç Gıda Ltd. Şti.", "Uzungöl Fındık A.Ş."]
    assert firms["reached"].tax_id not in page


def test_info_spot_page_shows_its_activity_in_numbers(
    client, firms, info_spot_a, staff_a
):
    response = client.get(
        reverse("infospots:info_spot_detail", args=[info_spot_a.slug])
    )
    activity = response.context["activity"]
    assert (activity.firms_registered, activity.firms_reached) == (2, 1)
    assert activity.staff_members == 1
    assert (activity.services_last_year, activity.hours_last_year) == (1, 2)


@pytest.mark.parametrize(
    ("hours", "shown"),
    [
        ("1", '1</p><p class="kms-stat-label mb-0">hour of support'),
        ("1.4", '1</p><p class="kms-stat-label mb-0">hour of support'),
        ("2.5", '3</p><p class="kms-stat-label mb-0">hours of support'),
    ],
)
def test_info_spot_hours_are_whole_and_counted_in_words(
    client, info_spot_a, hours, shown
):
    firm = FirmFactory(province=info_spot_a.province, info_spot=info_spot_a)
    ServiceFactory(firm=firm, hours=hours, date=timezone.localdate())
    response = client.get(
        reverse("infospots:info_spot_detail", args=[info_spot_a.slug]),
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert shown in response.content.decode()


def test_an_unknown_filter_value_is_reported_next_to_its_field(client, staff_a, firms):
    client.force_login(staff_a)
    response = client.get(
        reverse("infospots:firm_list"),
        {"district": "Ortahisar", "size_class": "huge"},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 400
    errors = response.context["filter"].form.errors
    assert set(errors) == {"district", "size_class"}
    assert 'id="id_district_error"' in response.content.decode()


def test_exports_never_hand_a_formula_to_a_spreadsheet(client, staff_a, info_spot_a):
    FirmFactory(
        legal_name='=HYPERLINK("http://evil.example","Open")',
        province=info_spot_a.province,
        info_spot=info_spot_a,
    )
    client.force_login(staff_a)
    response = client.get(reverse("infospots:firm_export_xlsx"))
    cell = load_workbook(io.BytesIO(response.content)).active["A2"]
    assert cell.data_type == "s"
    assert cell.value == '\'=HYPERLINK("http://evil.example","Open")'
    text = b"".join(
        client.get(reverse("infospots:firm_export_csv")).streaming_content
    ).decode("utf-8-sig")
    assert "\n'=HYPERLINK" in text.replace('"', "")


def test_an_invalid_filter_refuses_the_export_instead_of_exporting_all(
    client, staff_a, firms
):
    client.force_login(staff_a)
    for name in ("firm_export_csv", "firm_export_xlsx"):
        response = client.get(
            reverse(f"infospots:{name}"),
            {"registered_after": "notadate", "reached": "maybe"},
            HTTP_ACCEPT_LANGUAGE="en",
        )
        assert response.status_code == 400
        assert response["Content-Type"].startswith("text/html")
        assert set(response.context["filter"].form.errors) == {"registered", "reached"}
        html = response.content.decode()
        assert "Nothing was exported: correct the filters" in html
        # The page stands at the export's address: its links lead to the list.
        assert 'action="/firms/"' in html
        assert 'href="/firms/?' in html


def test_an_excel_export_over_the_row_limit_is_refused_with_the_count(
    client, staff_a, firms, settings
):
    settings.KMS_XLSX_EXPORT_MAX_ROWS = 1
    client.force_login(staff_a)
    response = client.get(
        reverse("infospots:firm_export_xlsx"), HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 400
    assert (
        "An Excel file holds at most 1 firm and this list has 2."
        in response.content.decode()
    )
    narrowed = client.get(reverse("infospots:firm_export_xlsx"), {"reached": "true"})
    assert narrowed.status_code == 200
    rows = list(load_workbook(io.BytesIO(narrowed.content)).active.values)
    assert [row[0] for row in rows[1:]] == ["Bafra Pirinç Gıda Ltd. Şti."]


@pytest.mark.parametrize(
    "params",
    [
        {"page": "abc"},
        {"page": "99999999999999999999"},
        {"size": "9999"},
    ],
)
def test_odd_page_parameters_fall_back_to_the_first_page(
    client, staff_a, firms, params
):
    client.force_login(staff_a)
    response = client.get(reverse("infospots:firm_list"), params)
    assert response.status_code == 200
    assert len(response.context["firms"]) == 2


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"ordering": "bogus"}, "ordering"),
        ({"reached": "maybe"}, "reached"),
        ({"province": "abc"}, "province"),
        ({"province": "9" * 30}, "province"),
        ({"registered_after": "31.02.2026"}, "registered"),
        ({"q": "x" * 5000}, "q"),
    ],
)
def test_invalid_filter_values_answer_400_next_to_their_field(
    client, staff_a, firms, params, field
):
    client.force_login(staff_a)
    response = client.get(
        reverse("infospots:firm_list"), params, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 400
    assert set(response.context["filter"].form.errors) == {field}
    assert f'id="id_{field}_error"' in response.content.decode()


@pytest.mark.parametrize(
    "params",
    [
        {"province": "9" * 30, "legal_name": "Uzungöl Fındık"},
        {"exclude": "9" * 30, "tax_id": "x" * 500},
    ],
)
def test_odd_duplicate_parameters_never_break_the_warning(client, staff_a, params):
    client.force_login(staff_a)
    response = client.get(reverse("infospots:firm_duplicates"), params)
    assert response.status_code == 200
    assert response.context["duplicates"] == []


def test_registered_between_includes_both_days(client, staff_a, firms):
    Firm.objects.filter(pk=firms["quiet"].pk).update(
        created_at=timezone.make_aware(datetime.datetime(2026, 3, 31, 23, 30))  # noqa: DTZ001
    )
    client.force_login(staff_a)
    inside = client.get(
        reverse("infospots:firm_list"),
        {"registered_after": "2026-03-01", "registered_before": "2026-03-31"},
    )
    after = client.get(
        reverse("infospots:firm_list"), {"registered_after": "2026-04-01"}
    )
    assert names(inside) == ["Canik İnci Medikal A.Ş."]
    assert "Canik İnci Medikal A.Ş." not in names(after)


def test_sorting_by_size_goes_from_micro_to_large(client, manager, info_spot_a):
    for size in ("large", "micro", "", "medium", "small"):
        FirmFactory(
            legal_name=f"Firm {size or 'none'}",
            size_class=size,
            province=info_spot_a.province,
            info_spot=info_spot_a,
        )
    client.force_login(manager)
    response = client.get(reverse("infospots:firm_list"), {"ordering": "size"})
    assert [f.size_class for f in response.context["firms"]] == [
        "micro",
        "small",
        "medium",
        "large",
        "",
    ]


def test_an_empty_post_shows_the_errors(client, staff_a, info_spot_a):
    client.force_login(staff_a)
    response = client.post(reverse("infospots:firm_create"), {})
    assert response.status_code == 400
    assert "legal_name" in response.context["form"].errors


def test_staff_edit_their_provinces_firm(client, staff_a, firms):
    firm = firms["quiet"]
    client.force_login(staff_a)
    data = valid_post(firm.info_spot, tax_id=firm.tax_id, legal_name="Canik Yeni A.Ş.")
    response = client.post(reverse("infospots:firm_update", args=[firm.pk]), data)
    assert response.status_code == 302
    firm.refresh_from_db()
    assert firm.legal_name == "Canik Yeni A.Ş."
    assert firm.history.first().history_user == staff_a


@pytest.mark.parametrize(("actor", "status"), [("staff_b", 404), ("member", 403)])
def test_others_cannot_edit_and_nothing_changes(client, request, firms, actor, status):
    firm = firms["quiet"]
    # The member belongs to this very firm: they may read it, not edit it.
    FirmMembership.objects.create(user=request.getfixturevalue("member"), firm=firm)
    client.force_login(request.getfixturevalue(actor))
    data = valid_post(firm.info_spot, tax_id=firm.tax_id, legal_name="Hacked")
    assert (
        client.post(reverse("infospots:firm_update", args=[firm.pk]), data).status_code
        == status
    )
    firm.refresh_from_db()
    assert firm.legal_name == "Canik İnci Medikal A.Ş."


def test_staff_record_and_correct_a_service(client, staff_a, firms):
    firm = firms["quiet"]
    client.force_login(staff_a)
    data = {
        "kind": "consulting",
        "date": "2026-05-04",
        "hours": "2.5",
        "info_spot": firm.info_spot_id,
    }
    response = client.post(reverse("infospots:service_create", args=[firm.pk]), data)
    assert response.status_code == 302
    service = firm.services.get()
    assert (service.kind, service.staff) == ("consulting", staff_a)
    data["hours"] = "4"
    client.post(reverse("infospots:service_update", args=[firm.pk, service.pk]), data)
    service.refresh_from_db()
    assert service.hours == 4


def test_a_negative_service_duration_is_refused(client, staff_a, firms):
    firm = firms["quiet"]
    client.force_login(staff_a)
    data = {
        "kind": "consulting",
        "date": "2026-05-04",
        "hours": "-1",
        "info_spot": firm.info_spot_id,
    }
    response = client.post(reverse("infospots:service_create", args=[firm.pk]), data)
    assert response.status_code == 400
    assert "hours" in response.context["form"].errors
    assert not firm.services.exists()


def test_staff_of_another_province_cannot_record_a_service(client, staff_b, firms):
    firm = firms["quiet"]
    client.force_login(staff_b)
    data = {
        "kind": "consulting",
        "date": "2026-05-04",
        "hours": "2",
        "info_spot": firm.info_spot_id,
    }
    response = client.post(reverse("infospots:service_create", args=[firm.pk]), data)
    assert response.status_code == 404
    assert not firm.services.exists()


def test_staff_add_annual_figures_and_see_the_size_class(client, staff_a, firms):
    firm = firms["quiet"]
    client.force_login(staff_a)
    data = {
        "year": 2025,
        "employees": "12",
        "net_sales": "9000000",
        "balance_sheet_total": "5000000",
    }
    response = client.post(reverse("infospots:figures_create", args=[firm.pk]), data)
    assert response.status_code == 302
    firm.refresh_from_db()
    assert firm.size_class == "small"


def test_future_years_are_refused(client, staff_a, firms):
    firm = firms["quiet"]
    client.force_login(staff_a)
    data = {
        "year": 2999,
        "employees": "1",
        "net_sales": "1",
        "balance_sheet_total": "1",
    }
    response = client.post(reverse("infospots:figures_create", args=[firm.pk]), data)
    assert response.status_code == 400
    assert not firm.annual_figures.exists()


def test_the_service_form_preselects_the_users_info_spot(client, staff_a, firms):
    firm = firms["quiet"]
    client.force_login(staff_a)
    response = client.get(reverse("infospots:service_create", args=[firm.pk]))
    spot = staff_a.staff_assignment.info_spot
    assert response.context["form"]["info_spot"].value() == spot.pk
    assert f'<option value="{spot.pk}" selected>' in response.content.decode()


def test_a_service_dated_in_the_future_is_refused(client, staff_a, firms):
    firm = firms["quiet"]
    client.force_login(staff_a)
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    data = {
        "kind": "consulting",
        "date": tomorrow.isoformat(),
        "hours": "2",
        "info_spot": firm.info_spot_id,
    }
    response = client.post(
        reverse("infospots:service_create", args=[firm.pk]),
        data,
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 400
    assert response.context["form"].errors["date"] == [
        "The date cannot be in the future."
    ]
    assert not firm.services.exists()


def test_figures_for_a_future_year_say_so(client, staff_a, firms):
    firm = firms["quiet"]
    client.force_login(staff_a)
    data = {
        "year": timezone.localdate().year + 1,
        "employees": "12",
        "net_sales": "1000",
        "balance_sheet_total": "1000",
    }
    response = client.post(
        reverse("infospots:figures_create", args=[firm.pk]),
        data,
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 400
    assert response.context["form"].errors["year"] == [
        "Figures can be recorded for this year or earlier years only."
    ]
    assert not firm.annual_figures.exists()


def test_the_day_range_is_a_named_group_of_named_inputs(client, staff_a, firms):
    client.force_login(staff_a)
    html = client.get(
        reverse("infospots:firm_list"), HTTP_ACCEPT_LANGUAGE="en"
    ).content.decode()
    assert '<legend class="form-label fs-6 mb-2">Registered between</legend>' in html
    assert 'id="id_registered_0" aria-label="from"' in html
    assert 'id="id_registered_1" aria-label="until"' in html
    assert 'for=""' not in html
