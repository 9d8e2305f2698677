"""Contacts at firms: consent ledger, export and erasure (KVKK / GDPR)."""

import datetime as dt
import json
from types import SimpleNamespace

import pytest
from django.contrib import admin
from django.contrib.admin.models import ADDITION, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from infospots.admin import ContactAdmin, ContactErasureAdmin
from infospots.contacts import (
    CONSENT_BEFORE_NOTICE,
    CONSENT_IN_FUTURE,
    CONTACT_ALREADY_ERASED,
    CONTACT_ERASED_READ_ONLY,
    NOT_YOUR_CONTACT,
    consent_record,
    contact_erase,
    contact_export_data,
    contact_history,
    contact_save,
    erased_name,
    firm_contacts,
)
from infospots.models import (
    ConsentRecord,
    Contact,
    ContactErasure,
    FirmMembership,
)
from infospots.permissions import can_edit_firm
from tests.factories import (
    ConsentRecordFactory,
    ContactFactory,
    FirmFactory,
    InformationNoticeFactory,
    StaffFactory,
)

pytestmark = pytest.mark.django_db

ACTORS = ["anonymous", "member", "staff_a", "staff_b", "manager", "admin_user"]
# Contacts are for the staff of the firm's province and national roles; the
# firm's own member and other provinces' staff get the 404 of a missing row.
EXPECTED = [302, 404, 200, 404, 200, 200]
REFUSED = ["anonymous", "member", "staff_b"]
PERSONAL = {
    "full_name": "Ayşe Yılmaz",
    "position": "Dış Ticaret Müdürü",
    "phone": "+90 362 555 0101",
    "email": "ayse.yilmaz@firma.example",
}


@pytest.fixture
def firm_a(info_spot_a, member):
    """A Samsun firm; the member belongs to it."""
    firm = FirmFactory(province=info_spot_a.province, info_spot=info_spot_a)
    FirmMembership.objects.create(user=member, firm=firm)
    return firm


@pytest.fixture
def contact(firm_a):
    return ContactFactory(firm=firm_a, **PERSONAL)


@pytest.fixture
def notice(db):
    return InformationNoticeFactory(version="2024-1", title="Aydınlatma Metni")


def _snapshot():
    """Everything a contact write could change, to prove that nothing did."""
    return (
        list(Contact.objects.order_by("pk").values()),
        list(Contact.history.order_by("history_id").values()),
        list(ConsentRecord.objects.order_by("pk").values()),
        list(ContactErasure.objects.order_by("pk").values()),
    )


def _login(client, request, actor):
    user = request.getfixturevalue(actor)
    if user.is_authenticated:
        client.force_login(user)
    return user


# --- services: save -----------------------------------------------------------


def test_staff_adds_a_contact_and_the_history_names_them(firm_a, staff_a):
    contact = contact_save(actor=staff_a, contact=Contact(firm=firm_a, **PERSONAL))
    contact.refresh_from_db()
    assert (contact.full_name, contact.email) == (
        PERSONAL["full_name"],
        PERSONAL["email"],
    )
    record = contact.history.get()
    assert (record.history_type, record.history_user) == ("+", staff_a)


def test_a_change_is_in_the_history_with_who_and_what(contact, manager):
    contact.phone = "+90 362 555 0199"
    contact_save(actor=manager, contact=contact)
    latest = contact_history(contact=contact)[0]
    assert (latest.kind, latest.user) == ("changed", manager)
    assert [(f.old, f.new) for f in latest.fields] == [
        ("+90 362 555 0101", "+90 362 555 0199")
    ]


def test_an_invalid_e_mail_is_refused(contact, staff_a):
    contact.email = "not an address"
    with pytest.raises(ValidationError) as exc:
        contact_save(actor=staff_a, contact=contact)
    assert "email" in exc.value.message_dict
    contact.refresh_from_db()
    assert contact.email == PERSONAL["email"]


@pytest.mark.parametrize("actor", ["member", "staff_b"])
def test_others_cannot_add_or_change_contacts(request, firm_a, contact, actor):
    user = request.getfixturevalue(actor)
    before = _snapshot()
    with pytest.raises(PermissionDenied) as exc:
        contact_save(actor=user, contact=Contact(firm=firm_a, full_name="Ali Veli"))
    assert exc.value.args[0] == NOT_YOUR_CONTACT
    contact.full_name = "Changed"
    with pytest.raises(PermissionDenied):
        contact_save(actor=user, contact=contact)
    assert _snapshot() == before


def test_a_contact_cannot_move_to_another_firm(contact, manager, info_spot_b):
    contact.firm = FirmFactory(province=info_spot_b.province, info_spot=info_spot_b)
    before = _snapshot()
    with pytest.raises(ValidationError):
        contact_save(actor=manager, contact=contact)
    assert _snapshot() == before


# --- services: consent --------------------------------------------------------


def test_staff_records_consent_now_by_default(contact, notice, staff_a):
    before = timezone.now()
    record = consent_record(
        actor=staff_a, contact=contact, notice=notice, action="given", channel="paper"
    )
    assert record.recorded_by == staff_a
    assert record.recorded_at >= before
    assert list(contact.consents.values_list("action", "notice__version")) == [
        ("given", "2024-1")
    ]


def test_consent_may_be_recorded_in_the_past(contact, notice, staff_a):
    when = timezone.now() - dt.timedelta(days=30)
    record = consent_record(
        actor=staff_a,
        contact=contact,
        notice=notice,
        action="withdrawn",
        channel="email",
        recorded_at=when,
    )
    record.refresh_from_db()
    assert (record.action, record.recorded_at) == ("withdrawn", when)


def test_consent_in_the_future_is_refused(contact, notice, staff_a):
    with pytest.raises(ValidationError) as exc:
        consent_record(
            actor=staff_a,
            contact=contact,
            notice=notice,
            action="given",
            channel="phone",
            recorded_at=timezone.now() + dt.timedelta(hours=1),
        )
    assert exc.value.message_dict == {"recorded_at": [str(CONSENT_IN_FUTURE)]}
    assert not ConsentRecord.objects.exists()


def test_consent_before_the_notice_was_published_is_refused(contact, notice, staff_a):
    with pytest.raises(ValidationError) as exc:
        consent_record(
            actor=staff_a,
            contact=contact,
            notice=notice,
            action="given",
            channel="phone",
            recorded_at=dt.datetime(2023, 6, 1, 10, tzinfo=dt.UTC),
        )
    assert exc.value.message_dict == {
        "notice": [str(CONSENT_BEFORE_NOTICE) % {"date": "01.01.2024"}]
    }
    assert not ConsentRecord.objects.exists()


@pytest.mark.parametrize("actor", ["member", "staff_b"])
def test_others_cannot_record_consent(request, contact, notice, actor):
    before = _snapshot()
    with pytest.raises(PermissionDenied):
        consent_record(
            actor=request.getfixturevalue(actor),
            contact=contact,
            notice=notice,
            action="given",
            channel="paper",
        )
    assert _snapshot() == before


# --- services: erasure --------------------------------------------------------


def _edited_and_consented(contact, actor, notice):
    contact.phone = "+90 362 555 0102"
    contact_save(actor=actor, contact=contact)
    contact.position = "Genel Müdür"
    contact_save(actor=actor, contact=contact)
    consent_record(
        actor=actor, contact=contact, notice=notice, action="given", channel="paper"
    )


def test_erasure_anonymises_the_row_and_every_history_record(contact, notice, staff_a):
    _edited_and_consented(contact, staff_a, notice)
    erasure = contact_erase(actor=staff_a, contact=contact, reason="Kişinin talebi")

    contact.refresh_from_db()
    placeholder = erased_name(contact.pk)
    assert (contact.full_name, contact.position, contact.phone, contact.email) == (
        placeholder,
        "",
        "",
        "",
    )
    assert contact.erased_at == erasure.erased_at
    personal = set(
        contact.history.values_list("full_name", "position", "phone", "email")
    )
    assert personal == {(placeholder, "", "", "")}
    assert contact.history.count() == 4  # created, two changes, the erasure
    assert contact.history.first().history_user == staff_a
    assert not Contact.history.filter(full_name__contains="Ayşe").exists()


def test_erasure_is_logged_and_keeps_the_consent_ledger(contact, notice, manager):
    _edited_and_consented(contact, manager, notice)
    contact_erase(actor=manager, contact=contact, reason="Kişinin talebi")
    erasure = ContactErasure.objects.get()
    assert (erasure.contact, erasure.firm, erasure.erased_by, erasure.reason) == (
        contact,
        contact.firm,
        manager,
        "Kişinin talebi",
    )
    assert contact.consents.count() == 1


def test_erasure_clears_the_name_from_the_admin_change_log(contact, admin_user):
    LogEntry.objects.log_actions(
        user_id=admin_user.pk, queryset=[contact], action_flag=ADDITION
    )
    contact_erase(actor=admin_user, contact=contact, reason="Talep")
    entry = LogEntry.objects.get(
        content_type=ContentType.objects.get_for_model(Contact)
    )
    assert entry.object_repr == erased_name(contact.pk)


def test_erasing_twice_is_refused(contact, staff_a):
    contact_erase(actor=staff_a, contact=contact, reason="Talep")
    before = _snapshot()
    with pytest.raises(ValidationError) as exc:
        contact_erase(actor=staff_a, contact=contact, reason="Yine")
    assert exc.value.messages == [str(CONTACT_ALREADY_ERASED)]
    assert _snapshot() == before


def test_an_erasure_needs_a_reason(contact, staff_a):
    before = _snapshot()
    with pytest.raises(ValidationError) as exc:
        contact_erase(actor=staff_a, contact=contact, reason="  ")
    assert list(exc.value.message_dict) == ["reason"]
    assert _snapshot() == before


def test_an_erased_contact_cannot_be_changed_nor_consent(contact, notice, staff_a):
    contact_erase(actor=staff_a, contact=contact, reason="Talep")
    before = _snapshot()
    contact.full_name = "Ayşe Yılmaz"
    with pytest.raises(ValidationError) as exc:
        contact_save(actor=staff_a, contact=contact)
    assert exc.value.messages == [str(CONTACT_ERASED_READ_ONLY)]
    with pytest.raises(ValidationError):
        consent_record(
            actor=staff_a, contact=contact, notice=notice, action="given", channel="web"
        )
    assert _snapshot() == before


@pytest.mark.parametrize("actor", ["member", "staff_b"])
def test_others_cannot_erase(request, contact, actor):
    before = _snapshot()
    with pytest.raises(PermissionDenied):
        contact_erase(
            actor=request.getfixturevalue(actor), contact=contact, reason="Talep"
        )
    assert _snapshot() == before


def test_the_erasure_log_outlives_the_contact_and_the_firm(contact, staff_a):
    contact_erase(actor=staff_a, contact=contact, reason="Talep")
    contact.firm.delete()
    erasure = ContactErasure.objects.get()
    assert (erasure.contact, erasure.firm, erasure.reason) == (None, None, "Talep")


def test_the_erasure_log_cannot_be_deleted_nor_changed_in_the_admin(
    admin_client, contact, admin_user
):
    erasure = contact_erase(actor=admin_user, contact=contact, reason="Talep")
    delete_url = reverse("admin:infospots_contacterasure_delete", args=[erasure.pk])
    assert admin_client.post(delete_url, {"post": "yes"}).status_code == 403
    assert ContactErasure.objects.filter(pk=erasure.pk).exists()
    model_admin = ContactErasureAdmin(ContactErasure, None)
    assert not model_admin.has_change_permission(None, erasure)


def test_a_contact_erased_through_the_admin_is_logged(admin_client, contact):
    url = reverse("admin:infospots_contacterasure_add")
    response = admin_client.post(url, {"contact": contact.pk, "reason": "Talep"})
    assert response.status_code == 302
    contact.refresh_from_db()
    assert contact.full_name == erased_name(contact.pk)
    assert ContactErasure.objects.get().reason == "Talep"


def test_contacts_cannot_be_deleted_in_the_admin(admin_client, contact):
    url = reverse("admin:infospots_contact_delete", args=[contact.pk])
    assert admin_client.post(url, {"post": "yes"}).status_code == 403
    assert Contact.objects.filter(pk=contact.pk).exists()


def test_the_contact_admin_list_is_scoped(contact, info_spot_b):
    other = ContactFactory(
        firm=FirmFactory(province=info_spot_b.province, info_spot=info_spot_b)
    )
    user = StaffFactory(is_staff=True, assignment__info_spot=info_spot_b)
    queryset = ContactAdmin(Contact, admin.site).get_queryset(
        SimpleNamespace(user=user)
    )
    assert list(queryset) == [other]


# --- selectors: export and the firm page --------------------------------------


def test_export_holds_the_ledger_and_history_and_no_other_person(
    contact, notice, staff_a
):
    _edited_and_consented(contact, staff_a, notice)
    other = ContactFactory(firm=contact.firm, full_name="Mehmet Demir")
    ConsentRecordFactory(contact=other, notice=notice)

    data = contact_export_data(contact=contact)

    assert data["contact"]["full_name"] == "Ayşe Yılmaz"
    assert data["contact"]["phone"] == "+90 362 555 0102"
    assert [(c["action"], c["notice"]["version"]) for c in data["consents"]] == [
        ("given", "2024-1")
    ]
    assert data["consents"][0]["notice"]["text"] == notice.text
    assert [h["phone"] for h in data["history"]] == [
        "+90 362 555 0101",
        "+90 362 555 0102",
        "+90 362 555 0102",
    ]
    assert data["erasures"] == []
    text = json.dumps(data, ensure_ascii=False, default=str)
    assert "Mehmet" not in text
    assert other.email not in text


def test_export_after_erasure_holds_the_log_and_no_personal_data(contact, staff_a):
    contact_erase(actor=staff_a, contact=contact, reason="Talep")
    contact.refresh_from_db()
    data = contact_export_data(contact=contact)
    assert [e["reason"] for e in data["erasures"]] == ["Talep"]
    text = json.dumps(data, ensure_ascii=False, default=str)
    for value in PERSONAL.values():
        assert value not in text


def test_the_firm_section_is_none_for_members_and_other_provinces(
    contact, member, staff_b
):
    assert firm_contacts(user=member, firm=contact.firm) is None
    assert firm_contacts(user=staff_b, firm=contact.firm) is None


def _render_section(user, firm):
    with translation.override("en"):
        return render_to_string(
            "infospots/includes/firm_contacts.html",
            {
                "firm": firm,
                "can_edit": can_edit_firm(user, firm),
                "contacts": firm_contacts(user=user, firm=firm),
            },
        )


def test_the_firm_section_shows_consent_state_links_and_erased_rows(
    contact, notice, staff_a
):
    ConsentRecordFactory(contact=contact, notice=notice, action="withdrawn")
    erased = ContactFactory(firm=contact.firm, full_name="Mehmet Demir")
    contact_erase(actor=staff_a, contact=erased, reason="Talep")
    quiet = ContactFactory(firm=contact.firm, full_name="Zeynep Kaya")

    html = _render_section(staff_a, contact.firm)

    assert 'href="tel:+903625550101"' in html
    assert f'href="mailto:{PERSONAL["email"]}"' in html
    assert "Consent withdrawn" in html
    assert "notice 2024-1" in html
    assert "No consent recorded" in html
    assert quiet.full_name in html
    assert "Erased on" in html
    assert "Mehmet" not in html
    assert reverse("infospots:contact_erase", args=[contact.firm_id, contact.pk]) in (
        html
    )
    assert "Recent changes to contacts" in html


def test_the_firm_section_is_empty_for_the_firms_member(contact, member):
    assert _render_section(member, contact.firm).strip() == ""


@pytest.mark.parametrize("count", [1, 10])
def test_the_firm_section_query_count_is_fixed(
    django_assert_num_queries, firm_a, notice, staff_a, count
):
    for _ in range(count):
        contact = contact_save(actor=staff_a, contact=ContactFactory.build(firm=firm_a))
        ConsentRecordFactory(contact=contact, notice=notice)
    can_edit_firm(staff_a, firm_a)  # the province scope, cached per request
    # The contacts, their consents, their history.
    with django_assert_num_queries(3):
        html = _render_section(staff_a, firm_a)
    assert html.count("Consent given") == count


def test_a_firm_without_contacts_costs_one_query(
    django_assert_num_queries, firm_a, staff_a
):
    can_edit_firm(staff_a, firm_a)
    with django_assert_num_queries(1):
        html = _render_section(staff_a, firm_a)
    assert "No contacts recorded for this firm yet." in html


# --- views --------------------------------------------------------------------

PAGES = ["contact_update", "contact_consent", "contact_erase", "contact_export"]


@pytest.mark.parametrize("actor_index", range(len(ACTORS)), ids=ACTORS)
@pytest.mark.parametrize("name", PAGES)
def test_contact_pages_answer_each_actor(
    client, request, contact, notice, name, actor_index
):
    _login(client, request, ACTORS[actor_index])
    response = client.get(
        reverse(f"infospots:{name}", args=[contact.firm_id, contact.pk])
    )
    assert response.status_code == EXPECTED[actor_index]
    if response.status_code == 200:
        assert "no-store" in response["Cache-Control"]


@pytest.mark.parametrize("actor_index", range(len(ACTORS)), ids=ACTORS)
def test_the_add_page_answers_each_actor(client, request, firm_a, actor_index):
    _login(client, request, ACTORS[actor_index])
    response = client.get(reverse("infospots:contact_create", args=[firm_a.pk]))
    assert response.status_code == EXPECTED[actor_index]


def test_anonymous_visitors_are_sent_to_log_in(client, contact):
    url = reverse("infospots:contact_export", args=[contact.firm_id, contact.pk])
    response = client.get(url)
    assert response.url.startswith(reverse("account_login"))


def test_a_contact_of_another_firm_is_not_found(client, contact, staff_a, info_spot_a):
    client.force_login(staff_a)
    other_firm = FirmFactory(province=info_spot_a.province, info_spot=info_spot_a)
    url = reverse("infospots:contact_export", args=[other_firm.pk, contact.pk])
    assert client.get(url).status_code == 404


def _posts(contact, notice):
    firm = contact.firm_id
    now = timezone.localtime().strftime("%Y-%m-%dT%H:%M")
    return {
        "create": (
            reverse("infospots:contact_create", args=[firm]),
            {"full_name": "Ali Veli", "position": "", "phone": "", "email": ""},
        ),
        "update": (
            reverse("infospots:contact_update", args=[firm, contact.pk]),
            {**PERSONAL, "phone": "+90 362 555 0999"},
        ),
        "consent": (
            reverse("infospots:contact_consent", args=[firm, contact.pk]),
            {
                "notice": notice.pk,
                "action": "given",
                "channel": "in_person",
                "recorded_at": now,
            },
        ),
        "erase": (
            reverse("infospots:contact_erase", args=[firm, contact.pk]),
            {"reason": "Kişinin talebi"},
        ),
    }


@pytest.mark.parametrize("action", ["create", "update", "consent", "erase"])
@pytest.mark.parametrize("actor", REFUSED)
def test_refused_posts_change_nothing(client, request, contact, notice, actor, action):
    _login(client, request, actor)
    url, data = _posts(contact, notice)[action]
    before = _snapshot()
    response = client.post(url, data)
    assert response.status_code == (302 if actor == "anonymous" else 404)
    assert _snapshot() == before


@pytest.mark.parametrize("actor", ["staff_a", "manager"])
def test_staff_and_managers_work_on_contacts(client, request, contact, notice, actor):
    user = _login(client, request, actor)
    posts = _posts(contact, notice)
    firm_url = contact.firm.get_absolute_url() + "#contacts"
    for action in ["create", "update", "consent", "erase"]:
        url, data = posts[action]
        response = client.post(url, data)
        assert (action, response.status_code, response.url) == (action, 302, firm_url)
    assert Contact.objects.filter(full_name="Ali Veli").exists()
    record = ConsentRecord.objects.get()
    assert (record.contact, record.recorded_by, record.notice) == (
        contact,
        user,
        notice,
    )
    contact.refresh_from_db()
    assert contact.erased_at is not None
    assert ContactErasure.objects.get().erased_by == user
    assert not Contact.history.filter(phone="+90 362 555 0999").exists()


def test_an_invalid_contact_is_shown_again_with_errors(client, firm_a, staff_a):
    client.force_login(staff_a)
    url = reverse("infospots:contact_create", args=[firm_a.pk])
    response = client.post(url, {"full_name": "", "email": "nope"})
    assert response.status_code == 400
    assert set(response.context["form"].errors) == {"full_name", "email"}
    assert 'id="id_email_error"' in response.content.decode()
    assert not Contact.objects.exists()


def test_consent_in_the_future_is_shown_next_to_the_field(
    client, contact, notice, staff_a
):
    client.force_login(staff_a)
    url = reverse("infospots:contact_consent", args=[contact.firm_id, contact.pk])
    tomorrow = timezone.localtime() + dt.timedelta(days=1)
    response = client.post(
        url,
        {
            "notice": notice.pk,
            "action": "given",
            "channel": "phone",
            "recorded_at": tomorrow.strftime("%Y-%m-%dT%H:%M"),
        },
    )
    assert response.status_code == 400
    assert response.context["form"].errors == {"recorded_at": [str(CONSENT_IN_FUTURE)]}
    assert 'id="id_recorded_at_error"' in response.content.decode()
    assert not ConsentRecord.objects.exists()


def test_the_consent_page_shows_the_ledger(client, contact, notice, staff_a):
    ConsentRecordFactory(contact=contact, notice=notice, recorded_by=staff_a)
    client.force_login(staff_a)
    url = reverse("infospots:contact_consent", args=[contact.firm_id, contact.pk])
    response = client.get(url)
    assert list(response.context["consents"]) == list(contact.consents.all())
    assert "2024-1" in response.content.decode()


def test_an_erasure_without_reason_is_refused(client, contact, staff_a):
    client.force_login(staff_a)
    before = _snapshot()
    url = reverse("infospots:contact_erase", args=[contact.firm_id, contact.pk])
    response = client.post(url, {"reason": ""})
    assert response.status_code == 400
    assert list(response.context["form"].errors) == ["reason"]
    assert _snapshot() == before


def test_erasing_twice_through_the_page_is_refused(client, contact, staff_a):
    contact_erase(actor=staff_a, contact=contact, reason="Talep")
    client.force_login(staff_a)
    before = _snapshot()
    url = reverse("infospots:contact_erase", args=[contact.firm_id, contact.pk])
    response = client.post(url, {"reason": "Yine"})
    assert response.status_code == 400
    assert str(CONTACT_ALREADY_ERASED) in response.content.decode()
    assert _snapshot() == before


@pytest.mark.parametrize("name", ["contact_update", "contact_consent"])
def test_an_erased_contact_cannot_be_edited_through_the_pages(
    client, contact, staff_a, name
):
    contact_erase(actor=staff_a, contact=contact, reason="Talep")
    client.force_login(staff_a)
    before = _snapshot()
    url = reverse(f"infospots:{name}", args=[contact.firm_id, contact.pk])
    response = client.post(url, {**PERSONAL})
    assert response.status_code == 302
    assert _snapshot() == before


def test_the_edit_page_shows_who_changed_what(client, contact, staff_a):
    contact.phone = "+90 362 555 0777"
    contact_save(actor=staff_a, contact=contact)
    client.force_login(staff_a)
    url = reverse("infospots:contact_update", args=[contact.firm_id, contact.pk])
    response = client.get(url)
    history = response.context["history"]
    assert [(c.kind, c.user) for c in history] == [
        ("changed", staff_a),
        ("created", None),
    ]
    assert "+90 362 555 0777" in response.content.decode()


def test_the_export_is_a_json_attachment_never_cached(client, contact, notice, manager):
    ConsentRecordFactory(contact=contact, notice=notice)
    client.force_login(manager)
    url = reverse("infospots:contact_export", args=[contact.firm_id, contact.pk])
    response = client.get(url)
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response["Content-Disposition"] == (
        f'attachment; filename="contact-{contact.pk}.json"'
    )
    assert "no-store" in response["Cache-Control"]
    body = response.content.decode()
    assert "Ayşe Yılmaz" in body  # ensure_ascii=False: readable Turkish
    data = json.loads(body)
    assert data["contact"]["id"] == contact.pk
    assert [c["notice"]["version"] for c in data["consents"]] == ["2024-1"]
