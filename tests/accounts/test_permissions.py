import pytest

pytestmark = pytest.mark.django_db


def test_managers_hold_the_programme_apps_permissions(manager):
    assert manager.has_perm("infospots.change_infospot")
    assert manager.has_perm("kms.view_user")
    assert manager.has_module_perms("infospots")


def test_managers_do_not_hold_third_party_permissions(manager):
    assert not manager.has_perm("django_celery_beat.change_periodictask")
    assert not manager.has_module_perms("sessions")


@pytest.mark.parametrize("actor", ["anonymous", "member", "staff_a"])
def test_other_roles_hold_no_model_permissions(request, actor):
    user = request.getfixturevalue(actor)
    assert not user.has_perm("infospots.view_infospot")
    assert not user.has_module_perms("infospots")


def test_admins_hold_every_permission(admin_user):
    assert admin_user.has_perm("django_celery_beat.change_periodictask")
