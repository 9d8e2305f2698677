"""Province scope: the one answer to "which provinces may this user see"."""

import pytest

from infospots.models import Province
from infospots.scoping import province_scope, visible_provinces
from kms.accounts.models import Role
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_anonymous_and_members_see_no_province(anonymous, member):
    for user in (anonymous, member):
        scope = province_scope(user=user)
        assert scope.everything is False
        assert scope.province_ids == frozenset()
        assert visible_provinces(user=user).count() == 0


def test_staff_see_only_their_info_spots_province(staff_a, province_a, province_b):
    scope = province_scope(user=staff_a)
    assert scope.province_ids == frozenset({province_a.pk})
    assert scope.allows(province_a.pk)
    assert not scope.allows(province_b.pk)
    assert list(visible_provinces(user=staff_a)) == [province_a]


def test_national_roles_see_every_province(manager, admin_user):
    for user in (manager, admin_user):
        assert province_scope(user=user).everything is True
        assert visible_provinces(user=user).count() == 81


def test_staff_role_without_an_info_spot_sees_nothing():
    user = UserFactory(role=Role.STAFF)
    assert province_scope(user=user).province_ids == frozenset()


def test_inactive_users_see_nothing(manager):
    manager.is_active = False
    assert province_scope(user=manager).everything is False


def test_scope_is_computed_once_per_user_object(staff_a, django_assert_num_queries):
    fresh = type(staff_a).objects.get(pk=staff_a.pk)
    with django_assert_num_queries(1):
        first = province_scope(user=fresh)
        second = province_scope(user=fresh)
    assert first is second


def test_scope_q_filters_rows_by_a_province_path(staff_a, province_a):
    rows = Province.objects.filter(province_scope(user=staff_a).q("pk"))
    assert list(rows) == [province_a]
