"""The programme metrics (the registry, kms.core.metrics, filled by each
app's metrics.py) against hand-counted fixtures.

Each metric answers {province id: value} for the provinces with a non-zero
value and the national value under None. Every fixture spreads its records
over two provinces (Samsun, Trabzon) and several dates, and each expected
dict was counted by hand from the records above it.
"""

from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from infospots.models import AnnualFigures, Firm
from kms.core.metrics import registry
from tests.factories import (
    ActionPlanFactory,
    ActivityFactory,
    ArticleFactory,
    ClusterFactory,
    ClusterMembershipFactory,
    FirmFactory,
    GrantApplicationFactory,
    ServiceFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

ISTANBUL = ZoneInfo("Europe/Istanbul")
NOTHING = {None: Decimal(0)}


def _assert_decimals(values):
    assert all(type(v) is Decimal for v in values.values()), values


def values_of(code):
    return lambda day, **parameters: registry.get(code).values(day, **parameters)


smes_reached = values_of("smes_reached")
services_delivered = values_of("services_delivered")
smes_in_clusters = values_of("smes_in_clusters")
clusters_identified_by = values_of("clusters_identified")
clusters_completed = values_of("clusters_completed")
grants_approved = values_of("grants_approved")
articles_published = values_of("articles_published")
METRICS = [metric.code for metric in registry]


def test_each_app_registers_the_metrics_of_its_records():
    owners = {metric.code: metric.records.__module__ for metric in registry}
    assert owners == {
        "smes_reached": "infospots.metrics",
        "services_delivered": "infospots.metrics",
        "smes_in_clusters": "clusters.metrics",
        "clusters_identified": "clusters.metrics",
        "clusters_completed": "clusters.metrics",
        "grants_approved": "clusters.metrics",
        "articles_published": "kms.knowledge.metrics",
    }


# --- SMEs reached and services delivered ------------------------------------


@pytest.fixture
def served_firms(info_spot_a, info_spot_b):
    """Services to Samsun and Trabzon firms over the first half of 2026."""
    samsun, trabzon = info_spot_a.province, info_spot_b.province
    twice = FirmFactory(province=samsun, info_spot=info_spot_a)
    ServiceFactory(firm=twice, date=date(2026, 1, 10))
    # Given by Trabzon's Info Spot: still counts where the firm is.
    ServiceFactory(firm=twice, info_spot=info_spot_b, date=date(2026, 2, 20))
    on_the_day = FirmFactory(province=samsun, info_spot=info_spot_a)
    ServiceFactory(firm=on_the_day, date=date(2026, 3, 31))
    next_day = FirmFactory(province=samsun, info_spot=info_spot_a)
    ServiceFactory(firm=next_day, date=date(2026, 4, 1))
    FirmFactory(province=samsun, info_spot=info_spot_a)  # never served
    march = FirmFactory(province=trabzon, info_spot=info_spot_b)
    ServiceFactory(firm=march, date=date(2026, 3, 15))
    may = FirmFactory(province=trabzon, info_spot=info_spot_b)
    ServiceFactory(firm=may, date=date(2026, 5, 10))
    FirmFactory(province=trabzon, info_spot=info_spot_b)  # never served
    return samsun.pk, trabzon.pk


def test_smes_reached_counts_each_served_firm_once_where_it_is(served_firms):
    samsun, trabzon = served_firms
    assert smes_reached(date(2025, 12, 31)) == NOTHING
    assert smes_reached(date(2026, 2, 28)) == {samsun: Decimal(1), None: Decimal(1)}
    assert smes_reached(date(2026, 3, 30)) == {
        samsun: Decimal(1),
        trabzon: Decimal(1),
        None: Decimal(2),
    }
    assert smes_reached(date(2026, 3, 31)) == {
        samsun: Decimal(2),
        trabzon: Decimal(1),
        None: Decimal(3),
    }
    values = smes_reached(date(2026, 6, 30))
    assert values == {samsun: Decimal(3), trabzon: Decimal(2), None: Decimal(5)}
    _assert_decimals(values)


def test_services_delivered_counts_services_not_firms(served_firms):
    samsun, trabzon = served_firms
    assert services_delivered(date(2025, 12, 31)) == NOTHING
    assert services_delivered(date(2026, 2, 28)) == {
        samsun: Decimal(2),
        None: Decimal(2),
    }
    assert services_delivered(date(2026, 3, 31)) == {
        samsun: Decimal(3),
        trabzon: Decimal(1),
        None: Decimal(4),
    }
    values = services_delivered(date(2026, 6, 30))
    assert values == {samsun: Decimal(4), trabzon: Decimal(2), None: Decimal(6)}
    _assert_decimals(values)


# --- which firms are SMEs --------------------------------------------------------


def figures(firm, year, size_class):
    AnnualFigures.objects.create(
        firm=firm,
        year=year,
        employees=Decimal(10),
        net_sales=Decimal(1000),
        balance_sheet_total=Decimal(1000),
        size_class=size_class,
    )


@pytest.fixture
def sized_firms(info_spot_a):
    """Firms served in January 2024, each with figures telling its size."""

    def firm():
        firm = FirmFactory(province=info_spot_a.province, info_spot=info_spot_a)
        ServiceFactory(firm=firm, date=date(2024, 1, 10))
        return firm

    large = firm()
    figures(large, 2024, "large")  # large from 2024 on (no later figures)
    grew = firm()
    figures(grew, 2024, "medium")
    figures(grew, 2025, "large")
    shrank = firm()
    figures(shrank, 2024, "large")
    figures(shrank, 2025, "small")
    later = firm()
    figures(later, 2025, "large")  # no figures for 2024 yet
    firm()  # no figures at all
    return info_spot_a.province.pk


def test_an_sme_metric_counts_by_the_size_class_of_the_year_counted(sized_firms):
    samsun = sized_firms
    metric = registry.get("smes_reached")
    # 2024: grew (medium), later and the firm without figures (no class yet).
    assert metric.values(date(2024, 12, 31)) == {samsun: Decimal(3), None: Decimal(3)}
    assert metric.caveat_values(date(2024, 12, 31)) == {
        samsun: Decimal(2),
        None: Decimal(2),
    }
    # 2025: shrank (small) and the firm without figures; grew and later are
    # large now.
    assert metric.values(date(2025, 6, 30)) == {samsun: Decimal(2), None: Decimal(2)}
    assert metric.caveat_values(date(2025, 6, 30)) == {
        samsun: Decimal(1),
        None: Decimal(1),
    }
    # 2026 has no figures: each firm keeps its latest earlier class.
    assert metric.values(date(2026, 3, 31)) == {samsun: Decimal(2), None: Decimal(2)}


def test_smes_in_clusters_leave_out_large_member_firms(sized_firms):
    cluster = ClusterFactory()
    for firm in Firm.objects.all():
        ClusterMembershipFactory(cluster=cluster, firm=firm, joined_on=date(2024, 1, 1))
    metric = registry.get("smes_in_clusters")
    assert metric.values(date(2025, 6, 30)) == {
        sized_firms: Decimal(2),
        None: Decimal(2),
    }
    assert metric.caveat_values(date(2025, 6, 30))[None] == Decimal(1)


# --- SMEs in clusters --------------------------------------------------------


def test_smes_in_clusters_follow_membership_dates(
    province_a, province_b, info_spot_a, info_spot_b
):
    samsun, trabzon = province_a.pk, province_b.pk
    cluster_s = ClusterFactory(province=province_a)
    cluster_s2 = ClusterFactory(province=province_a)
    cluster_t = ClusterFactory(province=province_b)

    def firm(spot):
        return FirmFactory(province=spot.province, info_spot=spot)

    def member(cluster, firm, joined_on, left_on=None):
        ClusterMembershipFactory(
            cluster=cluster, firm=firm, joined_on=joined_on, left_on=left_on
        )

    # A Samsun firm in two clusters (one of them in Trabzon): once, in Samsun.
    two_clusters = firm(info_spot_a)
    member(cluster_s, two_clusters, date(2026, 1, 10))
    member(cluster_t, two_clusters, date(2026, 2, 1))
    # Left on 31 March: no longer running on that day.
    leaver = firm(info_spot_a)
    member(cluster_s, leaver, date(2026, 1, 1), left_on=date(2026, 3, 31))
    # Joined after 31 March.
    late = firm(info_spot_a)
    member(cluster_s2, late, date(2026, 4, 1))
    # Left, then joined again.
    back = firm(info_spot_b)
    member(cluster_t, back, date(2026, 2, 15), left_on=date(2026, 5, 1))
    member(cluster_t, back, date(2026, 6, 1))
    # Joined and left on the same day: never running.
    member(cluster_t, firm(info_spot_b), date(2026, 3, 1), left_on=date(2026, 3, 1))
    firm(info_spot_b)  # never a member

    assert smes_in_clusters(date(2025, 12, 31)) == NOTHING
    assert smes_in_clusters(date(2026, 3, 1)) == {
        samsun: Decimal(2),
        trabzon: Decimal(1),
        None: Decimal(3),
    }
    assert smes_in_clusters(date(2026, 3, 30)) == {
        samsun: Decimal(2),
        trabzon: Decimal(1),
        None: Decimal(3),
    }
    assert smes_in_clusters(date(2026, 3, 31)) == {
        samsun: Decimal(1),
        trabzon: Decimal(1),
        None: Decimal(2),
    }
    assert smes_in_clusters(date(2026, 5, 15)) == {
        samsun: Decimal(2),
        None: Decimal(2),
    }
    values = smes_in_clusters(date(2026, 6, 30))
    assert values == {samsun: Decimal(2), trabzon: Decimal(1), None: Decimal(3)}
    _assert_decimals(values)


# --- clusters identified -----------------------------------------------------


def test_clusters_identified_by_the_day_they_were_identified(province_a, province_b):
    samsun, trabzon = province_a.pk, province_b.pk
    ClusterFactory(province=province_a, status="active", identified_on=date(2025, 6, 1))
    # Identified, then dissolved: it was identified all the same.
    ClusterFactory(
        province=province_a, status="dissolved", identified_on=date(2026, 2, 1)
    )
    # A candidate never identified, and one dropped at once.
    ClusterFactory(province=province_a, status="candidate", identified_on=None)
    ClusterFactory(province=province_a, status="dissolved", identified_on=None)
    ClusterFactory(
        province=province_b, status="identified", identified_on=date(2026, 3, 31)
    )
    ClusterFactory(
        province=province_b, status="priority", identified_on=date(2026, 4, 15)
    )
    # Identified, then a candidate again: identified once, it still counts.
    ClusterFactory(
        province=province_b, status="candidate", identified_on=date(2026, 1, 20)
    )

    assert clusters_identified_by(date(2025, 5, 31)) == NOTHING
    assert clusters_identified_by(date(2026, 1, 31)) == {
        samsun: Decimal(1),
        trabzon: Decimal(1),
        None: Decimal(2),
    }
    assert clusters_identified_by(date(2026, 3, 30)) == {
        samsun: Decimal(2),
        trabzon: Decimal(1),
        None: Decimal(3),
    }
    assert clusters_identified_by(date(2026, 3, 31)) == {
        samsun: Decimal(2),
        trabzon: Decimal(2),
        None: Decimal(4),
    }
    values = clusters_identified_by(date(2026, 6, 30))
    assert values == {samsun: Decimal(2), trabzon: Decimal(3), None: Decimal(5)}
    _assert_decimals(values)


# --- clusters with completed activities --------------------------------------


def _activity(plan, status, ends_on):
    return ActivityFactory(plan=plan, status=status, starts_on=ends_on, ends_on=ends_on)


def test_clusters_completed_on_their_last_completed_activity(province_a, province_b):
    samsun, trabzon = province_a.pk, province_b.pk
    # Completed on 30 April (its last completed activity); a cancelled one
    # does not hold it open.
    plan = ActionPlanFactory(cluster=ClusterFactory(province=province_a), year=2026)
    _activity(plan, "completed", date(2026, 3, 11))
    _activity(plan, "completed", date(2026, 4, 30))
    _activity(plan, "cancelled", date(2026, 6, 1))
    # Two completed plans (2025 and 2026): one cluster.
    twice = ClusterFactory(province=province_a)
    _activity(
        ActionPlanFactory(cluster=twice, year=2025), "completed", date(2025, 11, 20)
    )
    _activity(
        ActionPlanFactory(cluster=twice, year=2026), "completed", date(2026, 2, 10)
    )
    # An activity still ongoing: not completed.
    plan = ActionPlanFactory(cluster=ClusterFactory(province=province_a), year=2026)
    _activity(plan, "completed", date(2026, 2, 1))
    _activity(plan, "ongoing", date(2026, 3, 1))
    # Only cancelled activities, and no activity at all: not completed.
    plan = ActionPlanFactory(cluster=ClusterFactory(province=province_a), year=2026)
    _activity(plan, "cancelled", date(2026, 2, 1))
    ActionPlanFactory(cluster=ClusterFactory(province=province_a), year=2026)
    # Trabzon: completed on 31 March; and one only planned.
    plan = ActionPlanFactory(cluster=ClusterFactory(province=province_b), year=2026)
    _activity(plan, "completed", date(2026, 1, 20))
    _activity(plan, "completed", date(2026, 3, 31))
    plan = ActionPlanFactory(cluster=ClusterFactory(province=province_b), year=2026)
    _activity(plan, "planned", date(2026, 2, 1))

    assert clusters_completed(date(2025, 11, 19)) == NOTHING
    assert clusters_completed(date(2025, 12, 31)) == {
        samsun: Decimal(1),
        None: Decimal(1),
    }
    assert clusters_completed(date(2026, 3, 30)) == {
        samsun: Decimal(1),
        None: Decimal(1),
    }
    assert clusters_completed(date(2026, 3, 31)) == {
        samsun: Decimal(1),
        trabzon: Decimal(1),
        None: Decimal(2),
    }
    assert clusters_completed(date(2026, 4, 29)) == {
        samsun: Decimal(1),
        trabzon: Decimal(1),
        None: Decimal(2),
    }
    values = clusters_completed(date(2026, 4, 30))
    assert values == {samsun: Decimal(2), trabzon: Decimal(1), None: Decimal(3)}
    _assert_decimals(values)


# --- grant applications approved --------------------------------------------


def _grant(cluster, status, submitted_on=None, decided_on=None):
    return GrantApplicationFactory(
        cluster=cluster,
        status=status,
        submitted_on=submitted_on,
        decided_on=decided_on,
        amount_granted=Decimal(250000) if status == "approved" else None,
    )


def test_grants_approved_by_decision_date_in_the_clusters_province(
    province_a, province_b
):
    samsun, trabzon = province_a.pk, province_b.pk
    cluster_s = ClusterFactory(province=province_a)
    cluster_t = ClusterFactory(province=province_b)
    dissolved_t = ClusterFactory(province=province_b, status="dissolved")
    _grant(cluster_s, "approved", date(2026, 1, 10), date(2026, 2, 15))
    _grant(cluster_s, "approved", date(2026, 3, 1), date(2026, 4, 10))
    _grant(cluster_s, "submitted", date(2026, 2, 1))
    _grant(cluster_s, "rejected", date(2026, 1, 5), date(2026, 2, 1))
    _grant(cluster_s, "preparing")
    _grant(cluster_t, "approved", date(2026, 2, 1), date(2026, 3, 31))
    _grant(cluster_t, "rejected", date(2026, 2, 1), date(2026, 3, 1))
    # Its cluster dissolved since: the grant was approved all the same.
    _grant(dissolved_t, "approved", date(2025, 12, 1), date(2026, 1, 20))

    assert grants_approved(date(2025, 12, 31)) == NOTHING
    assert grants_approved(date(2026, 1, 31)) == {trabzon: Decimal(1), None: Decimal(1)}
    assert grants_approved(date(2026, 3, 30)) == {
        samsun: Decimal(1),
        trabzon: Decimal(1),
        None: Decimal(2),
    }
    assert grants_approved(date(2026, 3, 31)) == {
        samsun: Decimal(1),
        trabzon: Decimal(2),
        None: Decimal(3),
    }
    values = grants_approved(date(2026, 6, 30))
    assert values == {samsun: Decimal(2), trabzon: Decimal(2), None: Decimal(4)}
    _assert_decimals(values)


# --- knowledge articles published --------------------------------------------


def test_articles_published_by_province_and_nationally(province_a, province_b):
    samsun, trabzon = province_a.pk, province_b.pk
    author = UserFactory()

    def article(province, published_at, status="published"):
        ArticleFactory(
            author=author, province=province, status=status, published_at=published_at
        )

    article(province_a, datetime(2026, 1, 15, 10, 0, tzinfo=ISTANBUL))
    # 23:30 in Istanbul on 31 March (20:30 UTC): published on the 31st.
    article(province_a, datetime(2026, 3, 31, 23, 30, tzinfo=ISTANBUL))
    # 00:30 in Istanbul on 1 April (21:30 UTC on 31 March): on the 1st.
    article(province_b, datetime(2026, 4, 1, 0, 30, tzinfo=ISTANBUL))
    # National authors' articles: no province, counted nationally only.
    article(None, datetime(2026, 2, 10, 9, 0, tzinfo=ISTANBUL))
    article(None, datetime(2026, 5, 5, 9, 0, tzinfo=ISTANBUL))
    # Not published.
    article(province_a, None, status="draft")
    article(province_b, None, status="submitted")
    article(province_b, None, status="returned")

    assert articles_published(date(2025, 12, 31)) == NOTHING
    assert articles_published(date(2026, 3, 30)) == {
        samsun: Decimal(1),
        None: Decimal(2),
    }
    assert articles_published(date(2026, 3, 31)) == {
        samsun: Decimal(2),
        None: Decimal(3),
    }
    assert articles_published(date(2026, 4, 1)) == {
        samsun: Decimal(2),
        trabzon: Decimal(1),
        None: Decimal(4),
    }
    values = articles_published(date(2026, 6, 30))
    assert values == {samsun: Decimal(2), trabzon: Decimal(1), None: Decimal(5)}
    _assert_decimals(values)


# --- cost --------------------------------------------------------------------


@pytest.mark.parametrize("metric", list(METRICS))
def test_each_metric_is_one_query(
    metric, province_a, province_b, django_assert_num_queries
):
    """One set-based query whatever the number of records."""
    for province in (province_a, province_b):
        firm = FirmFactory(province=province)
        ServiceFactory(firm=firm, date=date(2026, 1, 5))
        cluster = ClusterFactory(province=province)
        ClusterMembershipFactory(cluster=cluster, firm=firm)
        _activity(ActionPlanFactory(cluster=cluster), "completed", date(2026, 3, 1))
        _grant(cluster, "approved", date(2026, 2, 1), date(2026, 3, 1))
        ArticleFactory(province=province)
    with django_assert_num_queries(1):
        values = registry.get(metric).values(date(2026, 6, 30))
    assert values == {
        province_a.pk: Decimal(1),
        province_b.pk: Decimal(1),
        None: Decimal(2),
    }
