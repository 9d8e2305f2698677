"""What the firm page shows of a firm's clusters."""

import datetime

import pytest

from clusters.selectors import firm_cluster_memberships
from infospots.scoping import province_scope
from tests.factories import ClusterFactory, ClusterMembershipFactory, FirmFactory

pytestmark = pytest.mark.django_db


def test_a_hidden_candidate_is_not_named_but_still_counts(
    staff_a, staff_b, province_a, province_b, django_assert_num_queries
):
    firm = FirmFactory(province=province_a)
    public = ClusterMembershipFactory(
        firm=firm,
        cluster=ClusterFactory(province=province_a),
        left_on=datetime.date(2026, 5, 1),
    )
    candidate = ClusterMembershipFactory(
        firm=firm, cluster=ClusterFactory(province=province_b, status="candidate")
    )
    province_scope(user=staff_a)  # asked once per request, by every page
    with django_assert_num_queries(2):
        seen_by_a = firm_cluster_memberships(firm=firm, user=staff_a)
    assert seen_by_a.memberships == (public,)
    assert seen_by_a.in_a_cluster
    assert seen_by_a.managed == {public.cluster_id}
    seen_by_b = firm_cluster_memberships(firm=firm, user=staff_b)
    assert seen_by_b.memberships == (candidate, public)
    assert seen_by_b.managed == {candidate.cluster_id}


def test_a_firm_that_left_every_cluster_is_not_in_one(staff_a, province_a):
    membership = ClusterMembershipFactory(
        cluster=ClusterFactory(province=province_a),
        left_on=datetime.date(2026, 5, 1),
    )
    clusters = firm_cluster_memberships(firm=membership.firm, user=staff_a)
    assert (clusters.memberships, clusters.in_a_cluster) == ((membership,), False)
