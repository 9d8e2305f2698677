import pytest
from django.db import IntegrityError

from kms.accounts.models import Role, User

pytestmark = pytest.mark.django_db


def test_users_log_in_with_a_lowercased_email_and_have_no_username():
    user = User.objects.create_user("Ayse.Yilmaz@Example.ORG", "secret-pass-123")
    assert user.email == "ayse.yilmaz@example.org"
    assert User.USERNAME_FIELD == "email"
    assert "username" not in {field.name for field in User._meta.fields}
    assert user.role == Role.MEMBER
    assert user.check_password("secret-pass-123")


def test_email_is_unique_in_the_database():
    User.objects.create_user("dup@example.org", "x")
    with pytest.raises(IntegrityError):
        User.objects.create_user("dup@example.org", "y")


def test_email_is_unique_whatever_its_letter_case():
    User.objects.create(email="sme@example.org")
    with pytest.raises(IntegrityError):
        User.objects.create(email="SME@example.org")


def test_superusers_have_the_admin_role():
    user = User.objects.create_superuser("root@example.org", "x")
    assert (user.role, user.is_superuser, user.is_staff) == (Role.ADMIN, True, True)
    assert user.is_national


def test_staff_is_not_national(staff_a):
    assert staff_a.is_info_spot_staff
    assert not staff_a.is_national
