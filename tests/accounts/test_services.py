import pytest
from django.core.exceptions import PermissionDenied

from kms.accounts.models import Role
from kms.accounts.services import ROLE_CHANGE_FORBIDDEN, user_set_role

pytestmark = pytest.mark.django_db


def test_admin_makes_a_member_manager(admin_user, member):
    user_set_role(actor=admin_user, user=member, role=Role.MANAGER)
    member.refresh_from_db()
    assert (member.role, member.is_staff, member.is_superuser) == (
        Role.MANAGER,
        True,
        False,
    )


def test_admin_role_makes_a_superuser_and_back(admin_user, manager):
    user_set_role(actor=admin_user, user=manager, role=Role.ADMIN)
    manager.refresh_from_db()
    assert manager.is_superuser
    user_set_role(actor=admin_user, user=manager, role=Role.MEMBER)
    manager.refresh_from_db()
    assert (manager.is_superuser, manager.is_staff) == (False, False)


@pytest.mark.parametrize(
    ("actor_name", "target_name", "role"),
    [
        ("manager", "member", Role.ADMIN),  # managers never create admins
        ("manager", "admin_user", Role.MEMBER),  # nor demote them
        ("staff_a", "member", Role.STAFF),  # staff set no roles
        ("member", "member", Role.MANAGER),  # nobody sets their own role
        ("manager", "manager", Role.ADMIN),
        ("admin_user", "admin_user", Role.MEMBER),
    ],
)
def test_forbidden_role_changes_change_nothing(request, actor_name, target_name, role):
    actor = request.getfixturevalue(actor_name)
    target = request.getfixturevalue(target_name)
    before = (target.role, target.is_staff, target.is_superuser)
    with pytest.raises(PermissionDenied) as exc:
        user_set_role(actor=actor, user=target, role=role)
    assert exc.value.args[0] == ROLE_CHANGE_FORBIDDEN
    target.refresh_from_db()
    assert (target.role, target.is_staff, target.is_superuser) == before


def test_anonymous_cannot_set_roles(anonymous, member):
    with pytest.raises(PermissionDenied):
        user_set_role(actor=anonymous, user=member, role=Role.MANAGER)
