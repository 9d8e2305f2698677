"""Member firms and participating organisations: the services' rules."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import date_format

from clusters.models import ClusterMembership, Participation
from clusters.selectors import firms_in_clusters
from clusters.services import (
    membership_add,
    membership_update,
    participation_add,
    participation_update,
)
from clusters.services import participants as participants_module
from clusters.services.clusters import DATE_IN_FUTURE, NOT_YOUR_PROVINCE
from clusters.services.participants import (
    FIRM_ALREADY_MEMBER,
    FIRM_NOT_AVAILABLE,
    FIRM_OUTSIDE_CLUSTER,
    FIRM_PERIOD_OVERLAPS,
    JOINED_REQUIRED,
    LEFT_BEFORE_JOINED,
    ORGANISATION_ALREADY_PARTICIPATES,
    ORGANISATION_PERIOD_OVERLAPS,
    ORGANISATION_REQUIRED,
)
from tests.factories import (
    ClusterFactory,
    ClusterMembershipFactory,
    FirmFactory,
    OrganisationFactory,
    ParticipationFactory,
)

pytestmark = pytest.mark.django_db

JOINED = datetime.date(2026, 2, 1)
LEFT = datetime.date(2026, 3, 1)


@pytest.fixture
def cluster(province_a):
    return ClusterFactory(province=province_a, name="Samsun Gıda Kümesi")


@pytest.fixture
def firm(info_spot_a):
    return FirmFactory(
        legal_name="Bafra Pirinç Gıda Ltd. Şti.",
        province=info_spot_a.province,
        info_spot=info_spot_a,
    )


@pytest.fixture
def firm_b(info_spot_b):
    return FirmFactory(
        legal_name="Uzungöl Fındık A.Ş.",
        province=info_spot_b.province,
        info_spot=info_spot_b,
    )


def _tomorrow():
    return timezone.localdate() + datetime.timedelta(days=1)


def _messages(error):
    return error.value.message_dict


# --- member firms -------------------------------------------------------------


def test_staff_add_a_firm_of_their_province(staff_a, cluster, firm):
    membership = membership_add(
        actor=staff_a, cluster=cluster, firm=firm, role="founding", joined_on=JOINED
    )
    assert (
        membership.cluster,
        membership.firm,
        membership.role,
        membership.joined_on,
        membership.left_on,
        membership.added_by,
    ) == (cluster, firm, "founding", JOINED, None, staff_a)
    assert list(firms_in_clusters()) == [firm]


@pytest.mark.parametrize("actor", ["staff_b", "member"])
def test_only_those_who_manage_the_cluster_add_members(request, actor, cluster, firm):
    with pytest.raises(PermissionDenied, match=str(NOT_YOUR_PROVINCE)):
        membership_add(
            actor=request.getfixturevalue(actor),
            cluster=cluster,
            firm=firm,
            joined_on=JOINED,
        )
    assert not ClusterMembership.objects.exists()


def test_a_firm_the_actor_cannot_see_is_refused_without_naming_it(
    staff_a, province_b, cluster, firm_b
):
    cluster.other_provinces.add(province_b)
    with pytest.raises(ValidationError) as error:
        membership_add(actor=staff_a, cluster=cluster, firm=firm_b, joined_on=JOINED)
    assert _messages(error) == {"firm": [str(FIRM_NOT_AVAILABLE)]}
    assert "Uzungöl" not in str(FIRM_NOT_AVAILABLE)
    assert not ClusterMembership.objects.exists()


def test_a_firm_outside_the_clusters_provinces_is_refused(manager, cluster, firm_b):
    with pytest.raises(ValidationError) as error:
        membership_add(actor=manager, cluster=cluster, firm=firm_b, joined_on=JOINED)
    assert _messages(error) == {
        "firm": [
            str(FIRM_OUTSIDE_CLUSTER % {"province": "Trabzon", "provinces": "Samsun"})
        ]
    }
    assert not ClusterMembership.objects.exists()


def test_a_firm_of_a_province_the_cluster_reaches_is_accepted(
    manager, province_b, cluster, firm_b
):
    cluster.other_provinces.add(province_b)
    membership = membership_add(
        actor=manager, cluster=cluster, firm=firm_b, joined_on=JOINED
    )
    assert membership.firm == firm_b


def test_joining_in_the_future_is_refused(staff_a, cluster, firm):
    with pytest.raises(ValidationError) as error:
        membership_add(actor=staff_a, cluster=cluster, firm=firm, joined_on=_tomorrow())
    assert _messages(error) == {"joined_on": [str(DATE_IN_FUTURE)]}
    assert not ClusterMembership.objects.exists()


def test_joining_without_a_date_is_refused(staff_a, cluster, firm):
    with pytest.raises(ValidationError) as error:
        membership_add(actor=staff_a, cluster=cluster, firm=firm, joined_on=None)
    assert _messages(error) == {"joined_on": [str(JOINED_REQUIRED)]}


def test_an_unknown_role_is_refused(staff_a, cluster, firm):
    with pytest.raises(ValidationError) as error:
        membership_add(
            actor=staff_a, cluster=cluster, firm=firm, role="chair", joined_on=JOINED
        )
    assert list(_messages(error)) == ["role"]
    assert not ClusterMembership.objects.exists()


def test_a_firm_already_a_member_is_refused(staff_a, cluster, firm):
    ClusterMembershipFactory(cluster=cluster, firm=firm, joined_on=JOINED)
    with pytest.raises(ValidationError) as error:
        membership_add(actor=staff_a, cluster=cluster, firm=firm, joined_on=LEFT)
    assert _messages(error) == {
        "firm": [str(FIRM_ALREADY_MEMBER % {"date": date_format(JOINED)})]
    }
    assert ClusterMembership.objects.count() == 1


def test_a_new_period_overlapping_an_earlier_one_is_refused(staff_a, cluster, firm):
    ClusterMembershipFactory(cluster=cluster, firm=firm, joined_on=JOINED, left_on=LEFT)
    with pytest.raises(ValidationError) as error:
        membership_add(
            actor=staff_a,
            cluster=cluster,
            firm=firm,
            joined_on=datetime.date(2026, 2, 15),
        )
    assert _messages(error) == {
        "firm": [
            str(
                FIRM_PERIOD_OVERLAPS
                % {"joined": date_format(JOINED), "left": date_format(LEFT)}
            )
        ]
    }
    assert ClusterMembership.objects.count() == 1


def test_a_firm_that_left_may_join_again(staff_a, cluster, firm):
    ClusterMembershipFactory(cluster=cluster, firm=firm, joined_on=JOINED, left_on=LEFT)
    again = membership_add(actor=staff_a, cluster=cluster, firm=firm, joined_on=LEFT)
    assert again.is_active
    assert ClusterMembership.objects.count() == 2


def test_the_database_refuses_a_second_active_membership_with_the_same_message(
    staff_a, cluster, firm, monkeypatch
):
    """A concurrent request that passed the check first: the partial unique
    constraint refuses it, and the service words it like the check."""
    ClusterMembershipFactory(cluster=cluster, firm=firm, joined_on=JOINED)
    monkeypatch.setattr(participants_module, "_overlapping", lambda *a, **k: None)
    with pytest.raises(ValidationError) as error:
        membership_add(actor=staff_a, cluster=cluster, firm=firm, joined_on=LEFT)
    assert _messages(error) == {
        "firm": [str(FIRM_ALREADY_MEMBER % {"date": date_format(JOINED)})]
    }
    assert ClusterMembership.objects.count() == 1


def test_the_database_refuses_leaving_before_joining(cluster, firm):
    with pytest.raises(IntegrityError), transaction.atomic():
        ClusterMembership.objects.create(
            cluster=cluster, firm=firm, joined_on=LEFT, left_on=JOINED
        )


def test_leaving_is_setting_the_date_it_left(staff_a, cluster, firm):
    membership = ClusterMembershipFactory(cluster=cluster, firm=firm, joined_on=JOINED)
    membership_update(
        actor=staff_a,
        membership=membership,
        role="board",
        joined_on=JOINED,
        left_on=LEFT,
    )
    membership.refresh_from_db()
    assert (membership.role, membership.left_on) == ("board", LEFT)
    assert not firms_in_clusters().exists()


@pytest.mark.parametrize(
    ("left_on", "message"),
    [
        (datetime.date(2026, 1, 31), LEFT_BEFORE_JOINED),
        ("tomorrow", DATE_IN_FUTURE),
    ],
)
def test_a_wrong_date_it_left_is_refused(staff_a, cluster, firm, left_on, message):
    membership = ClusterMembershipFactory(cluster=cluster, firm=firm, joined_on=JOINED)
    with pytest.raises(ValidationError) as error:
        membership_update(
            actor=staff_a,
            membership=membership,
            role="member",
            joined_on=JOINED,
            left_on=_tomorrow() if left_on == "tomorrow" else left_on,
        )
    assert _messages(error) == {"left_on": [str(message)]}
    membership.refresh_from_db()
    assert membership.left_on is None


def test_reopening_a_past_period_while_another_runs_is_refused(staff_a, cluster, firm):
    past = ClusterMembershipFactory(
        cluster=cluster, firm=firm, joined_on=JOINED, left_on=LEFT
    )
    ClusterMembershipFactory(cluster=cluster, firm=firm, joined_on=LEFT)
    with pytest.raises(ValidationError) as error:
        membership_update(
            actor=staff_a,
            membership=past,
            role="member",
            joined_on=JOINED,
            left_on=None,
        )
    assert _messages(error) == {
        "firm": [str(FIRM_ALREADY_MEMBER % {"date": date_format(LEFT)})]
    }
    past.refresh_from_db()
    assert past.left_on == LEFT


def test_staff_of_another_province_cannot_change_a_membership(staff_b, cluster, firm):
    membership = ClusterMembershipFactory(cluster=cluster, firm=firm, joined_on=JOINED)
    with pytest.raises(PermissionDenied):
        membership_update(
            actor=staff_b,
            membership=membership,
            role="board",
            joined_on=JOINED,
            left_on=LEFT,
        )
    membership.refresh_from_db()
    assert (membership.role, membership.left_on) == ("member", None)


# --- participating organisations ---------------------------------------------


def test_staff_add_an_organisation(staff_a, cluster):
    university = OrganisationFactory(name="Ondokuz Mayıs Üniversitesi")
    participation = participation_add(
        actor=staff_a,
        cluster=cluster,
        organisation=university,
        role="coordinator",
        joined_on=JOINED,
    )
    assert (
        participation.organisation,
        participation.role,
        participation.joined_on,
        participation.added_by,
    ) == (university, "coordinator", JOINED, staff_a)


def test_staff_of_another_province_cannot_add_an_organisation(staff_b, cluster):
    with pytest.raises(PermissionDenied):
        participation_add(
            actor=staff_b,
            cluster=cluster,
            organisation=OrganisationFactory(),
            joined_on=JOINED,
        )
    assert not Participation.objects.exists()


def test_an_organisation_is_required(staff_a, cluster):
    with pytest.raises(ValidationError) as error:
        participation_add(
            actor=staff_a, cluster=cluster, organisation=None, joined_on=JOINED
        )
    assert _messages(error) == {"organisation": [str(ORGANISATION_REQUIRED)]}


def test_an_organisation_taking_part_already_is_refused(staff_a, cluster):
    existing = ParticipationFactory(cluster=cluster, joined_on=JOINED)
    with pytest.raises(ValidationError) as error:
        participation_add(
            actor=staff_a,
            cluster=cluster,
            organisation=existing.organisation,
            joined_on=LEFT,
        )
    assert _messages(error) == {
        "organisation": [
            str(ORGANISATION_ALREADY_PARTICIPATES % {"date": date_format(JOINED)})
        ]
    }
    assert Participation.objects.count() == 1


def test_an_organisations_overlapping_period_is_refused(staff_a, cluster):
    existing = ParticipationFactory(cluster=cluster, joined_on=JOINED, left_on=LEFT)
    with pytest.raises(ValidationError) as error:
        participation_add(
            actor=staff_a,
            cluster=cluster,
            organisation=existing.organisation,
            joined_on=datetime.date(2026, 1, 10),
        )
    assert _messages(error) == {
        "organisation": [
            str(
                ORGANISATION_PERIOD_OVERLAPS
                % {"joined": date_format(JOINED), "left": date_format(LEFT)}
            )
        ]
    }
    assert Participation.objects.count() == 1


def test_the_database_refuses_a_second_active_participation_with_the_same_message(
    staff_a, cluster, monkeypatch
):
    existing = ParticipationFactory(cluster=cluster, joined_on=JOINED)
    monkeypatch.setattr(participants_module, "_overlapping", lambda *a, **k: None)
    with pytest.raises(ValidationError) as error:
        participation_add(
            actor=staff_a,
            cluster=cluster,
            organisation=existing.organisation,
            joined_on=LEFT,
        )
    assert _messages(error) == {
        "organisation": [
            str(ORGANISATION_ALREADY_PARTICIPATES % {"date": date_format(JOINED)})
        ]
    }
    assert Participation.objects.count() == 1


def test_an_organisation_leaves(staff_a, cluster):
    participation = ParticipationFactory(cluster=cluster, joined_on=JOINED)
    participation_update(
        actor=staff_a,
        participation=participation,
        role="supporter",
        joined_on=JOINED,
        left_on=LEFT,
    )
    participation.refresh_from_db()
    assert (participation.role, participation.left_on) == ("supporter", LEFT)


def test_an_organisation_cannot_leave_before_it_joined(staff_a, cluster):
    participation = ParticipationFactory(cluster=cluster, joined_on=LEFT)
    with pytest.raises(ValidationError) as error:
        participation_update(
            actor=staff_a,
            participation=participation,
            role="partner",
            joined_on=LEFT,
            left_on=JOINED,
        )
    assert _messages(error) == {"left_on": [str(LEFT_BEFORE_JOINED)]}
    participation.refresh_from_db()
    assert participation.left_on is None
