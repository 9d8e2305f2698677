"""Every Django admin page opens, searches and filters without error."""

import pytest
from django.contrib import admin
from django.urls import reverse

from kms.models import Role
from kms.services import ROLE_CHANGE_FORBIDDEN

pytestmark = pytest.mark.django_db

REGISTERED = sorted(
    (model._meta.app_label, model._meta.model_name) for model in admin.site._registry
)
# Rows only the portal itself writes: the admin shows them, never adds them.
READ_ONLY = {
    ("infospots", "importjob"),
    # Clusters change on the portal's pages, where their rules hold.
    *(
        ("clusters", name)
        for name in (
            "cluster",
            "statuschange",
            "candidatescore",
            "clustermembership",
            "participation",
            "actionplan",
            "activity",
            "evidence",
            "cooperation",
            "grantapplication",
            "partnerpost",
            "partnerinterest",
        )
    ),
    # Written by the computation of the programme targets only.
    ("benchmarking", "snapshot"),
    ("benchmarking", "computerun"),
}


@pytest.mark.parametrize(("app", "model"), REGISTERED)
def test_admin_changelist_and_add_pages_open(admin_client, info_spot_a, app, model):
    changelist = reverse(f"admin:{app}_{model}_changelist")
    assert admin_client.get(changelist).status_code == 200
    assert admin_client.get(changelist, {"q": "Samsun"}).status_code == 200
    add = admin_client.get(reverse(f"admin:{app}_{model}_add"))
    assert add.status_code == (403 if (app, model) in READ_ONLY else 200)


@pytest.mark.parametrize(
    ("app", "model"),
    [
        (a, m)
        for a, m in REGISTERED
        if a in ("kms", "infospots", "clusters", "benchmarking")
    ],
)
def test_managers_read_the_programme_tables(client, manager, app, model):
    client.force_login(manager)
    assert client.get(reverse(f"admin:{app}_{model}_changelist")).status_code == 200


def test_managers_cannot_open_third_party_tables(client, manager):
    client.force_login(manager)
    url = reverse("admin:django_celery_beat_periodictask_changelist")
    assert client.get(url).status_code == 403


def test_manager_changes_a_role_through_the_admin(client, manager, member):
    client.force_login(manager)
    url = reverse("admin:kms_user_change", args=[member.pk])
    data = {
        "email": member.email,
        "first_name": "Ali",
        "last_name": "Veli",
        "organisation": "",
        "role": Role.STAFF,
        "is_active": "on",
    }
    response = client.post(url, data)
    assert response.status_code == 302
    member.refresh_from_db()
    assert (member.role, member.first_name) == (Role.STAFF, "Ali")


def test_manager_cannot_hand_out_the_admin_role(client, manager, member):
    client.force_login(manager)
    url = reverse("admin:kms_user_change", args=[member.pk])
    data = {
        "email": member.email,
        "first_name": "",
        "last_name": "",
        "organisation": "",
        "role": Role.ADMIN,
        "is_active": "on",
        "is_superuser": "on",
    }
    response = client.post(url, data)
    assert response.status_code == 200
    assert "role" in response.context["adminform"].form.errors
    member.refresh_from_db()
    assert (member.role, member.is_superuser) == (Role.MEMBER, False)


def test_manager_cannot_edit_their_own_role(client, manager):
    client.force_login(manager)
    url = reverse("admin:kms_user_change", args=[manager.pk])
    data = {
        "email": manager.email,
        "first_name": "",
        "last_name": "",
        "organisation": "",
        "role": Role.MEMBER,
        "is_active": "on",
    }
    client.post(url, data)
    manager.refresh_from_db()
    assert manager.role == Role.MANAGER


def test_admin_assigns_staff_to_an_info_spot(admin_client, member, info_spot_b):
    response = admin_client.post(
        reverse("admin:infospots_staffassignment_add"),
        {"user": member.pk, "info_spot": info_spot_b.pk},
    )
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.role == Role.STAFF
    assert member.staff_assignment.info_spot == info_spot_b


def test_managers_cannot_change_an_admins_password_or_record(
    client, manager, admin_user
):
    client.force_login(manager)
    password_url = reverse("admin:auth_user_password_change", args=[admin_user.pk])
    response = client.post(
        password_url,
        {"password1": "Taken-over-2026!", "password2": "Taken-over-2026!"},
    )
    assert response.status_code == 403
    response = client.post(
        reverse("admin:kms_user_change", args=[admin_user.pk]),
        {"first_name": "Hacked", "role": Role.MEMBER, "is_active": ""},
    )
    assert response.status_code == 403
    admin_user.refresh_from_db()
    assert admin_user.check_password("kms-demo-2026")
    assert (admin_user.first_name, admin_user.is_active) == ("Test", True)


def test_role_flags_and_email_are_read_only_in_the_change_form(admin_client, member):
    url = reverse("admin:kms_user_change", args=[member.pk])
    data = {
        "email": "other@example.org",
        "first_name": "",
        "last_name": "",
        "organisation": "",
        "role": Role.MEMBER,
        "is_active": "on",
        "is_superuser": "on",
        "is_staff": "on",
    }
    assert admin_client.post(url, data).status_code == 302
    member.refresh_from_db()
    assert (member.email, member.is_superuser, member.is_staff) == (
        "member@example.org",
        False,
        False,
    )


def test_admin_add_form_refuses_an_existing_address_in_other_letter_case(
    admin_client, member
):
    response = admin_client.post(
        reverse("admin:kms_user_add"),
        {
            "email": "Member@Example.org",
            "password1": "Kümelenme-2026!",
            "password2": "Kümelenme-2026!",
        },
    )
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["email"]


def test_admin_login_goes_through_the_rate_limited_login(client):
    response = client.get("/admin/login/?next=/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_assigning_an_admin_as_staff_is_refused_next_to_the_field(
    client, manager, admin_user, info_spot_a
):
    client.force_login(manager)
    response = client.post(
        reverse("admin:infospots_staffassignment_add"),
        {"user": admin_user.pk, "info_spot": info_spot_a.pk},
    )
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["user"] == [
        str(ROLE_CHANGE_FORBIDDEN)
    ]
    admin_user.refresh_from_db()
    assert admin_user.role == Role.ADMIN


def test_an_assignment_moves_its_person_but_never_changes_person(
    admin_client, staff_a, member, info_spot_b
):
    assignment = staff_a.staff_assignment
    response = admin_client.post(
        reverse("admin:infospots_staffassignment_change", args=[assignment.pk]),
        {"user": member.pk, "info_spot": info_spot_b.pk},
    )
    assert response.status_code == 302
    assignment.refresh_from_db()
    assert (assignment.user, assignment.info_spot) == (staff_a, info_spot_b)
    member.refresh_from_db()
    assert member.role == Role.MEMBER
