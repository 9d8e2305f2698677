import pytest
from django.core.management import CommandError, call_command

from infospots.models import InfoSpot, StaffAssignment
from infospots.scoping import province_scope
from kms.accounts.models import Role, User

pytestmark = pytest.mark.django_db

PILOTS = ["corum", "gaziantep", "kahramanmaras", "samsun", "trabzon"]


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    """The demo writes attachment files: keep them out of the project."""
    settings.MEDIA_ROOT = tmp_path


def seed(**options):
    call_command("seed_demo", **options)


def test_seed_creates_the_pilot_info_spots_and_an_account_per_role(settings):
    settings.DEBUG = True
    seed()
    assert sorted(InfoSpot.objects.values_list("slug", flat=True)) == PILOTS
    roles = dict(User.objects.values_list("email", "role"))
    assert roles == {
        "admin@example.org": Role.ADMIN,
        "manager@example.org": Role.MANAGER,
        "sme@example.org": Role.MEMBER,
        "sme.trabzon@example.org": Role.MEMBER,
        **{f"staff.{slug}@example.org": Role.STAFF for slug in PILOTS},
    }
    samsun_staff = User.objects.get(email="staff.samsun@example.org")
    assert province_scope(user=samsun_staff).province_ids == {
        InfoSpot.objects.get(slug="samsun").province_id
    }
    gaib = InfoSpot.objects.get(slug="gaziantep").host_institution
    assert "İhracatçı Birlikleri" in gaib


def test_seed_is_idempotent(settings):
    settings.DEBUG = True
    seed()
    seed()
    assert InfoSpot.objects.count() == 5
    assert User.objects.count() == 9
    assert StaffAssignment.objects.count() == 5


def test_demo_accounts_log_in_with_demo_password(client, settings):
    settings.DEBUG = True
    settings.DEMO_PASSWORD = "another-demo-pass"
    seed()
    assert client.login(email="staff.trabzon@example.org", password="another-demo-pass")


def test_if_empty_leaves_an_existing_site_alone(settings, member):
    settings.DEBUG = True
    seed(if_empty=True)
    assert User.objects.count() == 1
    assert not InfoSpot.objects.exists()


def test_seed_refuses_to_run_in_production_unless_forced(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG is off"):
        seed()
    assert not User.objects.exists()
    seed(force=True)
    assert User.objects.count() == 9
