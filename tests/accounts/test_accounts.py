"""Sign-up, login and the account pages (django-allauth)."""

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.urls import reverse

from kms.accounts.models import Role, User

pytestmark = pytest.mark.django_db

PASSWORD = "Kümelenme-2026!"


def test_sign_up_creates_a_member_and_sends_a_verification_mail(client):
    response = client.post(
        reverse("account_signup"),
        {"email": "Firma@Example.org", "password1": PASSWORD, "password2": PASSWORD},
    )
    assert response.status_code == 302
    user = User.objects.get(email="firma@example.org")
    assert user.role == Role.MEMBER
    assert not EmailAddress.objects.get(user=user).verified
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["firma@example.org"]


def test_nobody_chooses_their_own_role_at_sign_up(client):
    client.post(
        reverse("account_signup"),
        {
            "email": "sneaky@example.org",
            "password1": PASSWORD,
            "password2": PASSWORD,
            "role": Role.ADMIN,
            "is_superuser": "on",
        },
    )
    user = User.objects.get(email="sneaky@example.org")
    assert (user.role, user.is_superuser, user.is_staff) == (Role.MEMBER, False, False)


def test_sign_up_errors_are_shown_next_to_the_field(client):
    response = client.post(
        reverse("account_signup"),
        {"email": "not-an-email", "password1": "x", "password2": "y"},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 200
    assert response.context["form"].errors["email"]
    assert "invalid-feedback" in response.content.decode()
    assert not User.objects.filter(email="not-an-email").exists()


def test_login_with_email_and_password(client, staff_a):
    EmailAddress.objects.create(
        user=staff_a, email=staff_a.email, verified=True, primary=True
    )
    page = client.get(reverse("account_login")).content.decode()
    assert 'name="login"' in page
    assert 'name="password"' in page
    response = client.post(
        reverse("account_login"), {"login": staff_a.email, "password": "kms-demo-2026"}
    )
    assert response.status_code == 302
    assert client.get("/").context["user"] == staff_a


def test_wrong_password_is_refused_with_a_message(client, staff_a):
    response = client.post(
        reverse("account_login"),
        {"login": staff_a.email, "password": "wrong"},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    assert not client.get("/").context["user"].is_authenticated


@pytest.mark.parametrize(
    "name",
    ["account_login", "account_signup", "account_reset_password"],
)
def test_public_account_pages_use_the_site_layout(client, name):
    response = client.get(reverse(name))
    assert response.status_code == 200
    assert "base.html" in [t.name for t in response.templates]


@pytest.mark.parametrize("name", ["account_email", "account_change_password"])
def test_account_management_pages_need_a_login(client, member, name):
    assert client.get(reverse(name)).status_code == 302
    client.force_login(member)
    response = client.get(reverse(name))
    assert response.status_code == 200
    assert "base.html" in [t.name for t in response.templates]


def test_logout_ends_the_session(client, member):
    client.force_login(member)
    response = client.post(reverse("account_logout"))
    assert response.status_code == 302
    assert not client.get("/").context["user"].is_authenticated


def test_repeated_failed_logins_lock_the_account_for_a_while(client, staff_a):
    for _attempt in range(6):
        client.post(
            reverse("account_login"), {"login": staff_a.email, "password": "wrong"}
        )
    response = client.post(
        reverse("account_login"),
        {"login": staff_a.email, "password": "kms-demo-2026"},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert "Too many failed login attempts" in str(response.context["form"].errors)
    assert not client.get("/").context["user"].is_authenticated


def test_an_address_too_long_to_store_is_refused_not_cut(client):
    email = "a" * 250 + "@example.org"
    response = client.post(
        reverse("account_signup"),
        {"email": email, "password1": PASSWORD, "password2": PASSWORD},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 200
    assert "at most 254 characters" in str(response.context["form"].errors["email"])
    assert not User.objects.exists()


def test_the_same_address_in_other_letter_case_is_refused(client, member):
    response = client.post(
        reverse("account_signup"),
        {"email": "MEMBER@Example.org", "password1": PASSWORD, "password2": PASSWORD},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 200
    assert response.context["form"].errors["email"]
    assert User.objects.count() == 1
