"""The metric registry (kms.core.metrics) as benchmarking reads it: a new
metric is one declaration; what targets make of metrics (parameters, ranges,
a target for each province); bulk writes seen; every number drilling down
to exactly the records it counted."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import ngettext_lazy, override

from benchmarking.models import (
    METRIC_UNKNOWN,
    Programme,
    ProvinceTarget,
    Snapshot,
    Status,
    Target,
)
from benchmarking.receivers import connect
from benchmarking.services import CHANGED_KEY, snapshots_compute
from clusters.models import ClusterMembership
from infospots.models import AnnualFigures, Contact, Firm, Service
from kms.core.dates import day_start
from kms.core.metrics import Metric, check_metric_dependencies, register, registry
from kms.knowledge.models import Article
from tests.factories import (
    ActionPlanFactory,
    ActivityFactory,
    ArticleFactory,
    ClusterFactory,
    ClusterMembershipFactory,
    ContactFactory,
    FirmFactory,
    GrantApplicationFactory,
    ServiceFactory,
)

pytestmark = pytest.mark.django_db

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}
TODAY = timezone.localdate()
DASHBOARD = reverse("benchmarking:dashboard")


@pytest.fixture
def programme(db):
    """Half-way through on the day the tests run."""
    return Programme.objects.create(
        name="KOBİ Ağları",
        slug="kobi",
        starts_on=TODAY - dt.timedelta(days=180),
        ends_on=TODAY + dt.timedelta(days=180),
    )


def target(programme, code, metric, value, **fields):
    return Target.objects.create(
        programme=programme,
        code=code,
        title_tr=f"{code} (tr)",
        title_en=f"{code} (en)",
        metric=metric,
        target_value=value,
        deadline=programme.ends_on,
        **fields,
    )


def national(target) -> Snapshot:
    return Snapshot.objects.get(target=target, province=None, on=TODAY)


# --- a new metric is one declaration --------------------------------------------


@pytest.fixture
def firms_registered():
    """A throwaway metric, declared as an app declares its own."""
    metric = register(
        Metric(
            code="firms_registered",
            label="Firms registered",
            unit=ngettext_lazy("firm", "firms"),
            depends_on=("infospots.Firm",),
            records=lambda as_of: Firm.objects.filter(
                created_at__lt=day_start(as_of + dt.timedelta(days=1))
            ),
        )
    )
    connect()
    yield metric
    registry.unregister(metric.code)


def test_a_new_metric_is_offered_computed_drilled_into_and_shown(
    client, manager, programme, firms_registered, info_spot_a, info_spot_b
):
    client.force_login(manager)
    add = reverse("admin:benchmarking_target_add")
    assert '<option value="firms_registered">Firms registered</option>' in (
        client.get(add).content.decode()
    )
    response = client.post(
        add,
        {
            "programme": programme.pk,
            "order": 1,
            "code": "registered",
            "title_tr": "Kayıtlı firmalar",
            "title_en": "Firms registered",
            "metric": "firms_registered",
            "target_value": 10,
            "direction": "at_least",
            "applies_to": "national",
            "deadline": programme.ends_on.isoformat(),
            "province_targets-TOTAL_FORMS": 0,
            "province_targets-INITIAL_FORMS": 0,
        },
    )
    assert response.status_code == 302
    registered = Target.objects.get(code="registered")
    samsun = FirmFactory.create_batch(2, province=info_spot_a.province)
    trabzon = FirmFactory(province=info_spot_b.province)

    snapshots_compute(trigger="test")

    assert national(registered).value == 3
    response = client.get(DASHBOARD, **EN)
    row = next(
        r for r in response.context["dashboard"].targets if r.target == registered
    )
    assert (row.current.value, row.current.link) == (
        3,
        "/dashboard/records/registered/",
    )
    assert "/ 10 firms" in response.content.decode()
    listed = client.get(row.current.link, {"province": info_spot_a.province.pk})
    assert {firm.pk for firm in listed.context["records"]} == {f.pk for f in samsun}
    assert trabzon.legal_name not in listed.content.decode()


def test_a_target_of_a_metric_no_longer_in_the_code_keeps_its_history(
    programme, firms_registered
):
    gone = target(programme, "gone", "firms_registered", 10)
    snapshots_compute(trigger="test")
    registry.unregister("firms_registered")
    snapshots_compute(as_of=TODAY + dt.timedelta(days=1), trigger="test")
    assert list(Snapshot.objects.filter(target=gone).values_list("on", flat=True)) == [
        TODAY
    ]


def test_a_target_names_a_registered_metric(programme):
    unknown = Target(
        programme=programme,
        code="x",
        title_tr="x",
        title_en="x",
        metric="smes_reeched",
        target_value=1,
        deadline=programme.ends_on,
    )
    with pytest.raises(ValidationError) as refused:
        unknown.full_clean()
    assert refused.value.message_dict == {"metric": [str(METRIC_UNKNOWN)]}


def test_a_metric_parameter_is_asked_in_the_admin_and_kept(client, manager, programme):
    client.force_login(manager)
    add = reverse("admin:benchmarking_target_add")
    data = {
        "programme": programme.pk,
        "order": 1,
        "code": "trainings",
        "title_tr": "Eğitim",
        "title_en": "Trainings",
        "target_value": 100,
        "direction": "at_least",
        "applies_to": "national",
        "deadline": programme.ends_on.isoformat(),
        "parameter_kind": "training",
        "province_targets-TOTAL_FORMS": 0,
        "province_targets-INITIAL_FORMS": 0,
    }
    refused = client.post(add, {**data, "metric": "smes_reached"}, **EN)
    assert refused.status_code == 200
    assert refused.context["adminform"].form.errors == {
        "parameter_kind": ["The metric chosen takes no “type of service”."]
    }
    assert client.post(add, {**data, "metric": "services_delivered"}).status_code == 302
    assert Target.objects.get().parameters == {"kind": "training"}


def test_units_come_from_the_metric_in_the_readers_language():
    metric = registry.get("smes_reached")
    with override("en"):
        assert (metric.unit_for(1), metric.unit_for(400)) == ("SME", "SMEs")
    with override("tr"):
        assert metric.unit_for(400) == "KOBİ"


def test_a_metric_gives_records_or_a_computation_not_both():
    with pytest.raises(ValueError, match="give `records` or `compute`"):
        Metric(code="x", label="x", unit="x", depends_on=())


def test_the_check_refuses_a_dependency_whose_bulk_writes_go_unseen():
    # Information notices have Django's plain manager: no TrackedQuerySet.
    metric = register(
        Metric(
            code="untracked",
            label="x",
            unit="x",
            depends_on=("infospots.InformationNotice", "infospots.Nothing"),
            records=lambda as_of: Firm.objects.none(),
        )
    )
    try:
        errors = [error.id for error in check_metric_dependencies()]
    finally:
        registry.unregister(metric.code)
    assert errors == ["kms.E102", "kms.E101"]


def test_the_portals_metrics_pass_the_check():
    assert check_metric_dependencies() == []


# --- bulk writes are seen --------------------------------------------------------


@pytest.mark.parametrize(
    "write",
    [
        "services bulk_create",
        "firms update",
        "figures bulk_update",
        "memberships update",
        "articles update",
    ],
)
def test_bulk_writes_to_what_a_metric_counts_ask_for_a_recompute(
    write, django_capture_on_commit_callbacks, info_spot_a
):
    firm = FirmFactory(province=info_spot_a.province)
    figures = AnnualFigures.objects.create(
        firm=firm, year=2025, employees=1, net_sales=1, balance_sheet_total=1
    )
    ClusterMembershipFactory(firm=firm)
    ArticleFactory()
    writes = {
        "services bulk_create": lambda: Service.objects.bulk_create(
            [ServiceFactory.build(firm=firm, info_spot=info_spot_a)]
        ),
        "firms update": lambda: Firm.objects.update(listed_publicly=True),
        "figures bulk_update": lambda: AnnualFigures.objects.bulk_update(
            [figures], ["employees"]
        ),
        "memberships update": lambda: ClusterMembership.objects.update(left_on=TODAY),
        "articles update": lambda: Article.objects.update(read_count=1),
    }
    cache.delete(CHANGED_KEY)
    with django_capture_on_commit_callbacks(execute=True):
        writes[write]()
    assert cache.get(CHANGED_KEY) is True


def test_bulk_writes_no_metric_reads_ask_for_nothing(
    django_capture_on_commit_callbacks,
):
    ContactFactory()
    cache.delete(CHANGED_KEY)
    with django_capture_on_commit_callbacks(execute=True):
        Contact.objects.update(position="Müdür")
    assert cache.get(CHANGED_KEY) is None


# --- what targets make of metrics --------------------------------------------------


def test_a_target_for_each_province_is_as_good_as_its_worst_province(
    client, manager, programme, province_a, province_b
):
    identified = target(
        programme, "identified", "clusters_identified", 4, applies_to="each_province"
    )
    for province in (province_a, province_b):
        ProvinceTarget.objects.create(
            target=identified, province=province, target_value=2
        )
    ClusterFactory.create_batch(
        2, province=province_a, identified_on=TODAY - dt.timedelta(days=30)
    )

    snapshots_compute(trigger="test")

    # Nationally 2 of 4 half-way is on track, but Trabzon has none of its 2.
    assert (national(identified).value, national(identified).status) == (
        2,
        Status.OFF_TRACK,
    )
    client.force_login(manager)
    response = client.get(DASHBOARD, **EN)
    row = response.context["dashboard"].targets[0]
    assert [(h.province, h.progress.value) for h in row.held_back_by] == [
        (province_b, 0)
    ]
    page = response.content.decode()
    assert "Held back by:" in page
    assert "in each of its provinces" in page


def test_a_range_reads_reached_within_it(client, manager, programme, province_a):
    identified = target(
        programme,
        "identified",
        "clusters_identified",
        12,
        direction="between",
        lower_bound=5,
    )
    ClusterFactory.create_batch(
        6, province=province_a, identified_on=TODAY - dt.timedelta(days=30)
    )
    snapshots_compute(trigger="test")
    assert national(identified).status == Status.ACHIEVED
    client.force_login(manager)
    page = client.get(DASHBOARD, **EN).content.decode()
    assert "/ 5–12 clusters" in page
    assert "between 5 and 12" in page


def test_a_range_needs_its_lower_bound_below_the_target(programme):
    wrong = Target(
        programme=programme,
        code="x",
        title_tr="x",
        title_en="x",
        metric="clusters_identified",
        target_value=12,
        direction="between",
        deadline=programme.ends_on,
    )
    with pytest.raises(ValidationError, match="needs a lower bound below"):
        wrong.full_clean()


def test_the_dashboard_says_how_many_smes_were_counted_without_figures(
    client, manager, programme, info_spot_a
):
    reached = target(programme, "reached", "smes_reached", 400)
    for _ in range(2):
        ServiceFactory(firm=FirmFactory(province=info_spot_a.province), date=TODAY)
    snapshots_compute(trigger="test")
    assert national(reached).caveat_value == 2
    client.force_login(manager)
    page = client.get(DASHBOARD, **EN).content.decode()
    assert "2 of them have no figures for the year and are counted as SMEs." in page


# --- every number opens exactly the records it counted ----------------------------


@pytest.fixture
def everything_counted(programme, province_a, province_b, info_spot_a, info_spot_b):
    """A record of every metric in two provinces, and a target for each."""
    for spot in (info_spot_a, info_spot_b):
        firm = FirmFactory(province=spot.province, info_spot=spot)
        ServiceFactory(firm=firm, info_spot=spot, date=TODAY, kind="training")
        large = FirmFactory(province=spot.province, info_spot=spot, size_class="large")
        AnnualFigures.objects.create(
            firm=large,
            year=TODAY.year,
            employees=300,
            net_sales=10**9,
            balance_sheet_total=10**9,
            size_class="large",
        )
        ServiceFactory(firm=large, info_spot=spot, date=TODAY)
        cluster = ClusterFactory(
            province=spot.province, identified_on=TODAY - dt.timedelta(days=10)
        )
        ClusterMembershipFactory(cluster=cluster, firm=firm)
        ClusterMembershipFactory(cluster=cluster, firm=large)
        ActivityFactory(
            plan=ActionPlanFactory(cluster=cluster),
            status="completed",
            starts_on=TODAY,
            ends_on=TODAY,
        )
        GrantApplicationFactory(
            cluster=cluster,
            status="approved",
            submitted_on=TODAY,
            decided_on=TODAY,
            amount_granted=Decimal(1000),
        )
        ArticleFactory(province=spot.province)
    return [target(programme, m.code.replace("_", "-"), m.code, 100) for m in registry]


def _listed(client, link) -> set[int]:
    context = client.get(link).context
    rows = context["firms"] if "firms" in context else context["records"]
    return {row.pk for row in rows}


@pytest.mark.parametrize("province", ["province_a", None])
def test_every_number_opens_exactly_the_records_it_counted(
    request, client, manager, everything_counted, province
):
    province_id = request.getfixturevalue(province).pk if province else None
    snapshots_compute(trigger="test")
    client.force_login(manager)
    if province_id is None:
        rows = client.get(DASHBOARD).context["dashboard"].targets
    else:
        rows = (
            client.get(reverse("benchmarking:province", args=["55"]))
            .context["dashboard"]
            .targets
        )
    assert len(rows) == len(everything_counted) == 7
    for row in rows:
        counted = row.target.definition.records_in(TODAY, province_id)
        expected = {record.pk for record in counted}
        assert _listed(client, row.current.link) == expected, row.target.code
        assert row.current.value == len(expected), row.target.code
