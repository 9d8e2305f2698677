import pytest
from django.core.exceptions import PermissionDenied

from infospots.models import StaffAssignment
from infospots.scoping import province_scope
from infospots.services import staff_assign
from kms.accounts.models import Role, User
from kms.accounts.services import ROLE_CHANGE_FORBIDDEN

pytestmark = pytest.mark.django_db


def test_manager_assigns_a_member_to_an_info_spot(manager, member, info_spot_b):
    assignment = staff_assign(actor=manager, user=member, info_spot=info_spot_b)
    member.refresh_from_db()
    assert member.role == Role.STAFF
    assert assignment.info_spot == info_spot_b
    fresh = User.objects.get(pk=member.pk)
    assert province_scope(user=fresh).province_ids == {info_spot_b.province_id}


def test_reassignment_moves_staff_to_the_new_province(admin_user, staff_a, info_spot_b):
    staff_assign(actor=admin_user, user=staff_a, info_spot=info_spot_b)
    assert StaffAssignment.objects.get(user=staff_a).info_spot == info_spot_b
    assert StaffAssignment.objects.count() == 1


def test_staff_cannot_assign_anyone(staff_a, member, info_spot_a):
    with pytest.raises(PermissionDenied) as exc:
        staff_assign(actor=staff_a, user=member, info_spot=info_spot_a)
    assert exc.value.args[0] == ROLE_CHANGE_FORBIDDEN
    member.refresh_from_db()
    assert member.role == Role.MEMBER
    assert not StaffAssignment.objects.filter(user=member).exists()
