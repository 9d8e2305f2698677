import pytest
from django.urls import reverse
from tests.factories import ClusterFactory, ActionPlanFactory
from tests.infospots.test_firm_views import valid_post
from infospots.models import NaceDivision

pytestmark = pytest.mark.django_db
HUGE = "99999999999999999999"

@pytest.mark.parametrize("field", ["secondary_naces", "primary_nace", "province"])
def test_firm(client, staff_a, info_spot_a, field):
    client.force_login(staff_a)
    client.raise_request_exception = True
    r = client.post(reverse("infospots:firm_create"), valid_post(info_spot_a, **{field: HUGE}))
    print(field, r.status_code)

@pytest.mark.parametrize("field", ["naces", "other_provinces", "province", "coordinator"])
def test_cluster(client, staff_a, province_a, field):
    client.force_login(staff_a)
    data = {"name": "X Kümesi", "province": province_a.pk, "portfolio": "creative", "description": "d", "changed_on": "2026-01-05", field: HUGE}
    r = client.post(reverse("clusters:create"), data)
    print(field, r.status_code)

def test_activity(client, staff_a, province_a):
    c = ClusterFactory(province=province_a, slug="s")
    ActionPlanFactory(cluster=c, year=2025)
    client.force_login(staff_a)
    r = client.post(reverse("clusters:activity_create", args=[c.slug, 2025]), {"kind": "training", "title": "t", "starts_on": "2025-03-10", "status": "planned", "participants": HUGE})
    print(r.status_code)
