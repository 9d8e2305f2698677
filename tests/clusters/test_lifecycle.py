"""The cluster lifecycle, candidate scores and the counted facts."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from clusters.models import Cluster, SelectionCriterion, StatusChange
from clusters.selectors import (
    candidate_ranking,
    clusters_identified,
    clusters_with_completed_activities,
    firms_in_clusters,
)
from clusters.services import (
    candidate_scores_save,
    cluster_change_status,
    cluster_create,
)
from clusters.services.clusters import (
    CLUSTER_NAME_TAKEN,
    DATE_IN_FUTURE,
    NOT_YOUR_PROVINCE,
    STATUS_DATE_BEFORE_LAST,
    STATUS_UNCHANGED,
)
from tests.factories import (
    ActionPlanFactory,
    ActivityFactory,
    ClusterFactory,
    ClusterMembershipFactory,
    ParticipationFactory,
)

pytestmark = pytest.mark.django_db

DAY = datetime.date(2026, 1, 5)


def _candidate(actor, province, name="Samsun Gıda Kümesi", on=DAY):
    return cluster_create(
        actor=actor,
        cluster=Cluster(name=name, province=province, portfolio="food"),
        on=on,
    )


def test_a_new_cluster_is_a_candidate_with_its_first_history_row(staff_a, province_a):
    cluster = _candidate(staff_a, province_a)
    assert (cluster.slug, cluster.status, cluster.status_since) == (
        "samsun-gida-kumesi",
        "candidate",
        DAY,
    )
    assert list(cluster.status_changes.values_list("from_status", "to_status")) == [
        ("", "candidate")
    ]


def test_staff_cannot_create_a_cluster_in_another_province(staff_b, province_a):
    with pytest.raises(PermissionDenied, match=str(NOT_YOUR_PROVINCE)):
        _candidate(staff_b, province_a)
    assert not Cluster.objects.exists()


def test_the_same_name_twice_in_a_province_is_refused(staff_a, province_a):
    _candidate(staff_a, province_a)
    with pytest.raises(ValidationError) as error:
        _candidate(staff_a, province_a, name="SAMSUN GIDA KÜMESİ")
    assert error.value.message_dict == {"name": [str(CLUSTER_NAME_TAKEN)]}
    assert Cluster.objects.count() == 1


def test_reserved_addresses_are_never_slugs(staff_a, province_a):
    assert _candidate(staff_a, province_a, name="Partners").slug == "partners-2"


def test_each_next_step_needs_no_reason(staff_a, province_a):
    cluster = _candidate(staff_a, province_a)
    for number, status in enumerate(
        ["identified", "priority", "formed", "active", "dormant", "active"], start=1
    ):
        cluster_change_status(
            actor=staff_a,
            cluster=cluster,
            to_status=status,
            changed_on=DAY + datetime.timedelta(days=number),
        )
    cluster.refresh_from_db()
    assert (cluster.status, cluster.status_since) == (
        "active",
        datetime.date(2026, 1, 11),
    )
    assert cluster.status_changes.count() == 7


def test_a_skip_without_a_reason_is_refused_and_writes_nothing(staff_a, province_a):
    cluster = _candidate(staff_a, province_a)
    with pytest.raises(ValidationError) as error:
        cluster_change_status(actor=staff_a, cluster=cluster, to_status="active")
    assert list(error.value.message_dict) == ["reason"]
    cluster.refresh_from_db()
    assert cluster.status == "candidate"
    assert StatusChange.objects.count() == 1


def test_a_skip_with_a_reason_is_recorded_with_it(staff_a, province_a):
    cluster = _candidate(staff_a, province_a)
    change = cluster_change_status(
        actor=staff_a,
        cluster=cluster,
        to_status="formed",
        reason="Firmalar zaten bir dernek kurmuştu.",
    )
    assert (change.from_status, change.to_status, change.changed_by) == (
        "candidate",
        "formed",
        staff_a,
    )
    assert change.reason == "Firmalar zaten bir dernek kurmuştu."


@pytest.mark.parametrize(
    ("to_status", "changed_on", "field", "message"),
    [
        ("candidate", DAY, "to_status", STATUS_UNCHANGED),
        (
            "identified",
            datetime.date(2025, 12, 31),
            "changed_on",
            STATUS_DATE_BEFORE_LAST,
        ),
        ("identified", datetime.date(2099, 1, 1), "changed_on", DATE_IN_FUTURE),
    ],
)
def test_bad_status_changes_say_why(
    staff_a, province_a, to_status, changed_on, field, message
):
    cluster = _candidate(staff_a, province_a)
    with pytest.raises(ValidationError) as error:
        cluster_change_status(
            actor=staff_a, cluster=cluster, to_status=to_status, changed_on=changed_on
        )
    assert list(error.value.message_dict) == [field]
    assert StatusChange.objects.count() == 1


def test_staff_of_another_province_cannot_move_a_cluster(staff_b, staff_a, province_a):
    cluster = _candidate(staff_a, province_a)
    with pytest.raises(PermissionDenied):
        cluster_change_status(actor=staff_b, cluster=cluster, to_status="identified")


def test_candidates_rank_by_weighted_score(staff_a, province_a):
    strong = _candidate(staff_a, province_a, name="Güçlü")
    weak = _candidate(staff_a, province_a, name="Zayıf")
    criteria = list(SelectionCriterion.objects.all())
    assert [c.weight for c in criteria] == [30, 25, 25, 20]
    candidate_scores_save(
        actor=staff_a, cluster=strong, scores=dict.fromkeys(criteria, (5, ""))
    )
    # 30*2 + 25*4 = 160 over a total weight of 100; the two unscored count 0.
    candidate_scores_save(
        actor=staff_a, cluster=weak, scores={criteria[0]: (2, ""), criteria[1]: (4, "")}
    )
    ranking = candidate_ranking(clusters=Cluster.objects.all())
    assert [(r.cluster.name, str(r.total), r.scored) for r in ranking] == [
        ("Güçlü", "5.00", 4),
        ("Zayıf", "1.60", 2),
    ]


def test_a_score_outside_1_to_5_writes_no_score(staff_a, province_a):
    cluster = _candidate(staff_a, province_a)
    criteria = list(SelectionCriterion.objects.all())
    with pytest.raises(ValidationError):
        candidate_scores_save(
            actor=staff_a,
            cluster=cluster,
            scores={criteria[0]: (4, ""), criteria[1]: (6, "")},
        )
    assert not cluster.scores.exists()


def test_identified_clusters_are_counted_from_the_dated_history(staff_a, province_a):
    cluster = _candidate(staff_a, province_a)
    cluster_change_status(
        actor=staff_a,
        cluster=cluster,
        to_status="identified",
        changed_on=datetime.date(2026, 3, 1),
    )
    cluster_change_status(
        actor=staff_a,
        cluster=cluster,
        to_status="dissolved",
        reason="Üyeler ayrıldı.",
        changed_on=datetime.date(2026, 5, 1),
    )
    assert clusters_identified(as_of=datetime.date(2026, 2, 28)).count() == 0
    assert clusters_identified(as_of=datetime.date(2026, 3, 1)).count() == 1
    assert clusters_identified().count() == 1


def test_firms_in_clusters_follow_membership_dates(province_a):
    membership = ClusterMembershipFactory(
        joined_on=datetime.date(2026, 2, 1), left_on=datetime.date(2026, 6, 1)
    )
    ClusterMembershipFactory(
        cluster=membership.cluster,
        firm=membership.firm,
        joined_on=datetime.date(2026, 9, 1),
    )
    assert firms_in_clusters(as_of=datetime.date(2026, 1, 31)).count() == 0
    assert firms_in_clusters(as_of=datetime.date(2026, 5, 31)).count() == 1
    assert firms_in_clusters(as_of=datetime.date(2026, 6, 1)).count() == 0
    assert list(firms_in_clusters()) == [membership.firm]


def test_a_plan_is_completed_when_no_activity_is_open():
    plan = ActionPlanFactory()
    ActivityFactory(plan=plan, status="completed", ends_on=datetime.date(2026, 3, 11))
    ActivityFactory(plan=plan, status="cancelled")
    open_activity = ActivityFactory(
        plan=plan,
        status="ongoing",
        starts_on=datetime.date(2026, 4, 1),
        ends_on=datetime.date(2026, 4, 30),
    )
    assert not clusters_with_completed_activities().exists()
    open_activity.status = "completed"
    open_activity.save()
    assert list(clusters_with_completed_activities()) == [plan.cluster]
    assert not clusters_with_completed_activities(
        as_of=datetime.date(2026, 4, 29)
    ).exists()
    assert clusters_with_completed_activities(as_of=datetime.date(2026, 4, 30)).exists()
    assert not clusters_with_completed_activities(year=2025).exists()


def test_a_plan_of_only_cancelled_activities_is_not_completed():
    plan = ActionPlanFactory()
    ActivityFactory(plan=plan, status="cancelled")
    assert not clusters_with_completed_activities().exists()


def test_a_candidate_dropped_at_once_is_never_public_nor_identified(
    staff_a, province_a
):
    cluster = _candidate(staff_a, province_a)
    cluster_change_status(
        actor=staff_a, cluster=cluster, to_status="dissolved", reason="Uygun değil."
    )
    assert not Cluster.objects.public().exists()
    assert not clusters_identified().exists()


def test_identified_once_stays_identified_and_public_until_a_candidate_again(
    staff_a, province_a
):
    cluster = _candidate(staff_a, province_a)
    cluster_change_status(
        actor=staff_a,
        cluster=cluster,
        to_status="identified",
        changed_on=datetime.date(2026, 2, 1),
    )
    cluster_change_status(
        actor=staff_a,
        cluster=cluster,
        to_status="dissolved",
        reason="Üyeler ayrıldı.",
        changed_on=datetime.date(2026, 3, 1),
    )
    cluster.refresh_from_db()
    assert cluster.identified_on == datetime.date(2026, 2, 1)
    assert list(Cluster.objects.public()) == [cluster]
    cluster_change_status(
        actor=staff_a,
        cluster=cluster,
        to_status="candidate",
        reason="Yeniden değerlendirilecek.",
        changed_on=datetime.date(2026, 4, 1),
    )
    assert not Cluster.objects.public().exists()
    assert list(clusters_identified()) == [cluster]


def test_dissolving_ends_every_running_membership(staff_a, province_a):
    running = ClusterMembershipFactory(
        cluster=ClusterFactory(province=province_a, status="active"),
        joined_on=datetime.date(2026, 2, 1),
    )
    cluster = running.cluster
    later = ClusterMembershipFactory(
        cluster=cluster, joined_on=datetime.date(2026, 8, 1)
    )
    left = ClusterMembershipFactory(
        cluster=cluster,
        joined_on=datetime.date(2026, 2, 1),
        left_on=datetime.date(2026, 3, 1),
    )
    participation = ParticipationFactory(cluster=cluster)
    cluster_change_status(
        actor=staff_a,
        cluster=cluster,
        to_status="dissolved",
        reason="Faaliyet kalmadı.",
        changed_on=datetime.date(2026, 6, 30),
    )
    for row in (running, later, left, participation):
        row.refresh_from_db()
    assert (running.left_on, later.left_on, left.left_on, participation.left_on) == (
        datetime.date(2026, 6, 30),
        datetime.date(2026, 8, 1),
        datetime.date(2026, 3, 1),
        datetime.date(2026, 6, 30),
    )
    assert not firms_in_clusters().exists()
