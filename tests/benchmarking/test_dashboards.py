"""The national and province dashboards and the home page's headline numbers:
who reads them, that every number is a snapshot's (never a recount), the
drill-down links, and query counts that do not grow with the snapshots."""

import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from benchmarking.dashboards import MonthIncrease, StatusCount
from benchmarking.models import (
    ComputeRun,
    Programme,
    ProvinceTarget,
    Snapshot,
    Status,
    Target,
)
from benchmarking.services import month_ends, snapshots_compute
from infospots.models import Province
from tests.factories import (
    ClusterFactory,
    FirmFactory,
    ServiceFactory,
    StaffFactory,
)

pytestmark = pytest.mark.django_db

D = dt.date
ISTANBUL = ZoneInfo("Europe/Istanbul")
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}
NATIONAL = reverse("benchmarking:dashboard")
ACTORS = ["anonymous", "member", "staff_a", "staff_b", "manager", "admin_user"]
PILOT_PLATES = (19, 27, 46, 55, 61)


def _login(client, request, actor):
    if actor != "anonymous":
        client.force_login(request.getfixturevalue(actor))


def _province_url(key):
    return reverse("benchmarking:province", args=[key])


@pytest.fixture
def programme(db):
    return Programme.objects.create(
        name="KOBİ Ağları",
        slug="kobi",
        starts_on=D(2024, 1, 1),
        ends_on=D(2027, 12, 31),
    )


def _target(programme, code, metric, value, order):
    return Target.objects.create(
        programme=programme,
        code=code,
        title_tr=f"{code} (tr)",
        title_en=f"{code} (en)",
        metric=metric,
        target_value=value,
        deadline=D(2027, 12, 31),
        order=order,
    )


@pytest.fixture
def targets(programme):
    return {
        "reached": _target(programme, "reached", "smes_reached", 400, 1),
        "identified": _target(programme, "identified", "clusters_identified", 12, 2),
        "articles": _target(programme, "articles", "articles_published", 50, 3),
    }


def snap(target, on, value, province=None, target_value=None, status=""):
    """A snapshot written directly: no record behind it, so a page showing
    its value has read it rather than counted anything."""
    if province is None and target_value is None:
        target_value = target.target_value
    return Snapshot.objects.create(
        target=target,
        province=province,
        on=on,
        value=Decimal(value),
        target_value=target_value,
        status=status,
    )


@pytest.fixture
def computed(targets, province_a, province_b):
    """Figures of 2026-03-31 (and a month before), computed at noon."""
    reached, identified, articles = targets.values()
    ProvinceTarget.objects.create(target=reached, province=province_a, target_value=80)
    ProvinceTarget.objects.create(target=reached, province=province_b, target_value=80)
    for on, value in [(D(2026, 2, 28), 100), (D(2026, 3, 31), 123)]:
        snap(reached, on, value, status=Status.AT_RISK)
        snap(reached, on, value - 55, province_a, 80, Status.ON_TRACK)
        snap(reached, on, 7, province_b, 80, Status.OFF_TRACK)
        snap(identified, on, 12, status=Status.ACHIEVED)
        snap(identified, on, 5, province_a)
        snap(articles, on, 9, status=Status.OFF_TRACK)
    run = ComputeRun.objects.create(as_of=D(2026, 3, 31), trigger="nightly")
    ComputeRun.objects.filter(pk=run.pk).update(
        finished_at=dt.datetime(2026, 3, 31, 12, 0, tzinfo=ISTANBUL)
    )
    return targets


# --- who reads them ----------------------------------------------------------


@pytest.mark.parametrize(
    ("actor", "status"), list(zip(ACTORS, [302, 403, 200, 200, 200, 200], strict=True))
)
def test_national_dashboard_access(client, request, computed, actor, status):
    _login(client, request, actor)
    assert client.get(NATIONAL).status_code == status


@pytest.mark.parametrize("key", ["55", "samsun"])
@pytest.mark.parametrize(
    ("actor", "status"), list(zip(ACTORS, [302, 403, 200, 404, 200, 200], strict=True))
)
def test_province_dashboard_access(client, request, computed, key, actor, status):
    _login(client, request, actor)
    assert client.get(_province_url(key)).status_code == status


@pytest.mark.parametrize("key", ["99", "atlantis", "055", "0", "²", "\u0665\u0665"])
def test_an_unknown_province_is_404(client, manager, key):
    client.force_login(manager)
    assert client.get(_province_url(key)).status_code == 404


def test_a_member_gets_403_even_for_an_unknown_province(client, member):
    client.force_login(member)
    assert client.get(_province_url("atlantis")).status_code == 403


def test_the_menu_offers_the_dashboard_to_staff_and_national_roles_only(
    client, member, staff_a, manager
):
    link = f'href="{NATIONAL}"'
    for user, shown in [(member, False), (staff_a, True), (manager, True)]:
        client.force_login(user)
        assert (link in client.get("/").content.decode()) is shown


# --- the numbers are the snapshots' -------------------------------------------


def test_national_numbers_come_from_the_latest_snapshots(client, manager, computed):
    client.force_login(manager)
    response = client.get(NATIONAL, **EN)
    page = response.content.decode()
    # 123 SMEs reached: no firm exists, so only the snapshot can say so.
    assert ">123</a>" in page
    assert "/ 400 SMEs" in page
    assert "31 % of the target" in page  # 123 / 400
    assert 'aria-valuenow="31"' in page
    rows = response.context["dashboard"].targets
    assert [(r.target.code, r.current.value, r.current.status) for r in rows] == [
        ("reached", Decimal(123), Status.AT_RISK),
        ("identified", Decimal(12), Status.ACHIEVED),
        ("articles", Decimal(9), Status.OFF_TRACK),
    ]
    assert response.context["dashboard"].on == D(2026, 3, 31)


def test_statuses_are_words_with_icons(client, manager, computed):
    client.force_login(manager)
    page = client.get(NATIONAL, **EN).content.decode()
    assert (
        '<span class="badge text-bg-warning"><i class="bi bi-exclamation-triangle"'
        ' aria-hidden="true"></i> At risk</span>'
    ) in page
    assert '<i class="bi bi-check-circle-fill" aria-hidden="true"></i> Achieved' in page
    assert '<i class="bi bi-x-octagon" aria-hidden="true"></i> Off track' in page
    assert "How the status is decided" in page
    assert "progress is at least 75 % of the share of the time gone by." in page


def test_the_watermark_is_on_every_dashboard(client, manager, computed):
    client.force_login(manager)
    for url in [NATIONAL, _province_url("55")]:
        page = client.get(url, **EN).content.decode()
        assert "Computed on 31 Mar 2026, 12:00, figures as of 31 Mar 2026." in page


def test_without_a_computation_the_dashboard_says_not_computed_yet(
    client, manager, targets
):
    client.force_login(manager)
    page = client.get(NATIONAL, **EN).content.decode()
    assert "Not computed yet." in page
    assert "No province has figures yet." in page


def test_without_an_active_programme_the_dashboard_says_so(client, manager, programme):
    Programme.objects.update(is_active=False)
    client.force_login(manager)
    response = client.get(NATIONAL, **EN)
    assert response.status_code == 200
    assert "No programme is running yet." in response.content.decode()


def test_the_latest_active_programme_is_shown(client, manager, computed, programme):
    Programme.objects.create(
        name="Older", slug="older", starts_on=D(2020, 1, 1), ends_on=D(2022, 1, 1)
    )
    client.force_login(manager)
    assert client.get(NATIONAL).context["dashboard"].programme == programme


def test_the_trend_keeps_the_last_snapshot_of_each_month(client, manager, computed):
    reached = computed["reached"]
    snap(reached, D(2026, 2, 10), 90, status=Status.AT_RISK)
    client.force_login(manager)
    row = client.get(NATIONAL).context["dashboard"].targets[0]
    assert [(p.on, p.value, p.percent) for p in row.trend] == [
        (D(2026, 2, 28), Decimal(100), 25),
        (D(2026, 3, 31), Decimal(123), 31),
    ]


def test_provinces_show_their_value_against_their_own_target(
    client, manager, computed, province_a, province_b
):
    client.force_login(manager)
    response = client.get(NATIONAL, **EN)
    rows = response.context["dashboard"].provinces
    assert [
        (row.province, [(c.value, c.target_value, c.status) for c in row.cells])
        for row in rows
    ] == [
        (
            province_a,
            [
                (Decimal(68), Decimal(80), Status.ON_TRACK),
                (Decimal(5), None, ""),
                (Decimal(0), None, ""),  # computed, nothing counted there
            ],
        ),
        (
            province_b,
            [
                (Decimal(7), Decimal(80), Status.OFF_TRACK),
                (Decimal(0), None, ""),
                (Decimal(0), None, ""),
            ],
        ),
    ]
    page = response.content.decode()
    assert f'<a href="{_province_url("samsun")}">Samsun</a>' in page
    assert f'<a href="{_province_url("trabzon")}">Trabzon</a>' in page


def test_staff_see_national_figures_and_only_their_own_province(
    client, staff_a, computed, province_a
):
    client.force_login(staff_a)
    response = client.get(NATIONAL, **EN)
    dashboard = response.context["dashboard"]
    assert [row.province for row in dashboard.provinces] == [province_a]
    assert dashboard.targets[0].current.value == Decimal(123)
    assert "Trabzon" not in response.content.decode()


def test_province_dashboard_shows_its_share(client, staff_a, computed):
    client.force_login(staff_a)
    response = client.get(_province_url("samsun"), **EN)
    rows = response.context["dashboard"].targets
    assert [
        (r.current.value, r.current.target_value, r.national_value, r.share_of_national)
        for r in rows
    ] == [
        (Decimal(68), Decimal(80), Decimal(123), 55),
        (Decimal(5), None, Decimal(12), 42),
        (Decimal(0), None, Decimal(9), 0),
    ]
    page = response.content.decode()
    assert "85 % of the target" in page  # 68 / 80
    assert "55 % of the national value (123)." in page
    assert "No target of its own for this province." in page


def test_firms_reached_per_month_are_the_snapshots_increases(
    client, manager, computed, province_a
):
    reached = computed["reached"]
    snap(reached, D(2026, 1, 31), 80, status=Status.AT_RISK)
    snap(reached, D(2026, 1, 31), 40, province_a, 80, Status.OFF_TRACK)
    client.force_login(manager)
    dashboard = client.get(_province_url("samsun")).context["dashboard"]
    assert dashboard.reached_per_month == (
        MonthIncrease(on=D(2026, 2, 28), increase=Decimal(5)),  # 40 -> 45
        MonthIncrease(on=D(2026, 3, 31), increase=Decimal(23)),  # 45 -> 68
    )


def test_clusters_by_status_count_the_provinces_clusters(
    client, manager, computed, province_a, province_b
):
    ClusterFactory.create_batch(2, province=province_a, status="active")
    ClusterFactory(province=province_a, status="candidate", identified_on=None)
    ClusterFactory(province=province_b, status="active")
    client.force_login(manager)
    response = client.get(_province_url("samsun"), **EN)
    counts = response.context["dashboard"].clusters_by_status
    assert [(c.status, c.count) for c in counts] == [
        ("candidate", 1),
        ("identified", 0),
        ("priority", 0),
        ("formed", 0),
        ("active", 2),
        ("dormant", 0),
        ("dissolved", 0),
    ]
    assert StatusCount("active", "Active", 2) in counts
    assert '<i class="bi bi-check-circle" aria-hidden="true"></i> Active' in (
        response.content.decode()
    )


# --- drill-down ------------------------------------------------------------------


def test_national_numbers_link_to_their_lists(client, manager, computed):
    client.force_login(manager)
    links = [r.current.link for r in client.get(NATIONAL).context["dashboard"].targets]
    assert links == [
        "/firms/?reached=true&size_class=sme",
        "/dashboard/records/identified/",
        "/dashboard/records/articles/",
    ]
    for link in links:
        assert client.get(link).status_code == 200


def test_province_numbers_link_to_their_lists_in_that_province(
    client, staff_a, computed, province_a
):
    client.force_login(staff_a)
    response = client.get(_province_url("55"))
    links = [r.current.link for r in response.context["dashboard"].targets]
    assert links == [
        f"/firms/?reached=true&size_class=sme&province={province_a.pk}",
        f"/dashboard/records/identified/?province={province_a.pk}",
        f"/dashboard/records/articles/?province={province_a.pk}",
    ]
    page = response.content.decode()
    assert (
        f'href="/firms/?reached=true&amp;size_class=sme&amp;province={province_a.pk}"'
        in page
    )
    # The lists accept the filters: the links open them.
    for link in links:
        assert client.get(link).status_code == 200


def test_staff_open_no_national_list_and_no_other_provinces(
    client, staff_a, computed, province_b
):
    client.force_login(staff_a)
    links = [r.current.link for r in client.get(NATIONAL).context["dashboard"].targets]
    assert links == ["", "", ""]
    records = reverse("benchmarking:records", args=["identified"])
    assert client.get(records).status_code == 404
    assert client.get(records, {"province": province_b.pk}).status_code == 404
    assert client.get(records, {"province": "x"}).status_code == 404


# --- query counts -------------------------------------------------------------------


def _history(targets, days, provinces):
    """Snapshots of every target on `days`, nationally and in `provinces`."""
    rows = []
    for on in days:
        for target in targets.values():
            rows.append(
                Snapshot(target=target, on=on, value=3, target_value=10, status="")
            )
            rows.extend(
                Snapshot(target=target, province=p, on=on, value=1, status="")
                for p in provinces
            )
    Snapshot.objects.bulk_create(rows)


def _days(count):
    return month_ends(D(2024, 1, 1), D(2027, 12, 31))[:count]


def _cold_and_warm(client, url, django_assert_num_queries, cold, warm):
    """A first request computes the content (the cache emptied), the next
    one reads it from the cache."""
    cache.clear()
    with django_assert_num_queries(cold):
        assert client.get(url).status_code == 200
    with django_assert_num_queries(warm):
        assert client.get(url).status_code == 200


# Cold: session, user, (staff: their province,) watermark, programme,
# targets, snapshots, the navigation's two moderation counts and the
# footer's provinces. Warm: the session (the user, the staff's province and
# the footer are kept by the process, kms.core.generations).
@pytest.mark.parametrize(
    ("actor", "cold", "warm"), [("manager", 9, 1), ("staff_a", 10, 1)]
)
def test_national_dashboard_query_count_is_fixed(
    client, request, django_assert_num_queries, targets, actor, cold, warm
):
    _login(client, request, actor)
    pilots = list(Province.objects.filter(plate__in=PILOT_PLATES))
    _history(targets, _days(3), pilots[:1])
    _cold_and_warm(client, NATIONAL, django_assert_num_queries, cold, warm)
    Snapshot.objects.all().delete()
    _history(targets, _days(36), pilots)
    _cold_and_warm(client, NATIONAL, django_assert_num_queries, cold, warm)


def test_province_dashboard_query_count_is_fixed(
    client, staff_a, django_assert_num_queries, targets, province_a
):
    client.force_login(staff_a)
    pilots = list(Province.objects.filter(plate__in=PILOT_PLATES))
    url = _province_url("55")
    _history(targets, _days(3), [province_a])
    # Warm: the session (the province is kept by the process too).
    _cold_and_warm(client, url, django_assert_num_queries, 12, 1)
    Snapshot.objects.all().delete()
    _history(targets, _days(36), pilots)
    ClusterFactory.create_batch(5, province=province_a)
    _cold_and_warm(client, url, django_assert_num_queries, 12, 1)


# --- the cached content ----------------------------------------------------------


def _value_of_reached(client, url):
    """The number on the "reached" target's card."""
    page = client.get(url, **EN).content.decode()
    card = page[page.index('id="target-') :]
    return card[card.index('title="Show the records behind this number">') :][
        len('title="Show the records behind this number">') :
    ].split("<", 1)[0]


def test_a_recomputation_shows_on_the_next_request(
    client, manager, computed, django_capture_on_commit_callbacks
):
    client.force_login(manager)
    assert _value_of_reached(client, NATIONAL) == "123"
    assert _value_of_reached(client, NATIONAL) == "123"  # from the cache
    reached = computed["reached"]
    with django_capture_on_commit_callbacks(execute=True):
        snap(reached, D(2026, 4, 30), 150, status=Status.ON_TRACK)
        ComputeRun.objects.create(as_of=D(2026, 4, 30), trigger="change")
    assert _value_of_reached(client, NATIONAL) == "150"


def test_a_snapshots_computation_shows_on_both_dashboards(
    client, manager, targets, province_a, django_capture_on_commit_callbacks
):
    client.force_login(manager)
    today = timezone.localdate()
    firm = FirmFactory(province=province_a)
    ServiceFactory(firm=firm, date=today)
    snapshots_compute(as_of=today, trigger="test")
    assert _value_of_reached(client, NATIONAL) == "1"
    assert _value_of_reached(client, _province_url("samsun")) == "1"
    ServiceFactory(firm=FirmFactory(province=province_a), date=today)
    with django_capture_on_commit_callbacks(execute=True):
        snapshots_compute(as_of=today, trigger="test")
    assert _value_of_reached(client, NATIONAL) == "2"
    assert _value_of_reached(client, _province_url("samsun")) == "2"


def test_a_changed_target_shows_on_the_next_request(client, manager, computed):
    client.force_login(manager)
    assert "reached (en)" in client.get(NATIONAL, **EN).content.decode()
    reached = computed["reached"]
    reached.title_en = "SMEs reached so far"
    reached.save()
    page = client.get(NATIONAL, **EN).content.decode()
    assert "SMEs reached so far" in page
    assert "reached (en)" not in page


def test_a_clusters_new_status_shows_on_the_province_dashboard(
    client, manager, computed, province_a
):
    cluster = ClusterFactory(province=province_a, status="active")
    client.force_login(manager)
    counts = client.get(_province_url("samsun")).context["dashboard"].clusters_by_status
    assert [(c.status, c.count) for c in counts if c.count] == [("active", 1)]
    cluster.status = "dormant"
    cluster.save()
    counts = client.get(_province_url("samsun")).context["dashboard"].clusters_by_status
    assert [(c.status, c.count) for c in counts if c.count] == [("dormant", 1)]


def _main(client, url, **headers):
    """The page's own content, without the frame (whose footer names every
    province with an Info Spot)."""
    page = client.get(url, **headers).content.decode()
    return page[page.index('<main id="main"') : page.index("</main>")]


def test_staff_of_two_provinces_never_see_each_others_cached_content(
    client, staff_a, staff_b, computed
):
    client.force_login(staff_a)
    page_a = _main(client, NATIONAL, **EN)
    assert 'href="/dashboard/samsun/">Samsun</a>' in page_a
    client.force_login(staff_b)
    page_b = _main(client, NATIONAL, **EN)
    assert 'href="/dashboard/trabzon/">Trabzon</a>' in page_b
    assert "Samsun" not in page_b
    client.force_login(staff_a)
    assert "Trabzon" not in _main(client, NATIONAL, **EN)


def test_a_managers_cached_content_is_not_shown_to_staff(
    client, manager, staff_b, computed
):
    client.force_login(manager)
    assert "Samsun" in _main(client, NATIONAL, **EN)
    client.force_login(staff_b)
    page = _main(client, NATIONAL, **EN)
    assert "Samsun" not in page
    # Staff open no national list: their national numbers link nowhere.
    assert reverse("benchmarking:records", args=["reached"]) + '"' not in page


def test_each_language_is_cached_apart(client, manager, computed):
    client.force_login(manager)
    english = client.get(NATIONAL, **EN).content.decode()
    turkish = client.get(NATIONAL, HTTP_ACCEPT_LANGUAGE="tr").content.decode()
    assert "reached (en)" in english
    assert "reached (tr)" not in english
    assert "reached (tr)" in turkish
    assert "reached (en)" not in turkish
    assert "reached (en)" in client.get(NATIONAL, **EN).content.decode()


@pytest.mark.parametrize("url", [NATIONAL, _province_url("samsun")])
def test_the_frame_is_each_readers_own(client, staff_a, computed, url):
    """The account menu and the CSRF token around the cached content are
    drawn for each request."""
    colleague = StaffFactory(
        email="colleague@example.org",
        assignment__info_spot=staff_a.staff_assignment.info_spot,
    )
    client.force_login(staff_a)
    first = client.get(url, **EN)
    client.force_login(colleague)
    second = client.get(url, **EN)
    assert "staff.a@example.org" in first.content.decode()
    assert "colleague@example.org" in second.content.decode()
    assert "staff.a@example.org" not in second.content.decode()
    token = 'name="csrfmiddlewaretoken" value="'
    assert (
        first.content.decode().split(token)[1][:20]
        != (second.content.decode().split(token)[1][:20])
    )


# --- the home page's headline numbers ----------------------------------------------


def test_home_shows_the_headline_numbers_to_everyone(client, computed):
    page = client.get("/", **EN).content.decode()
    assert "Progress towards the programme's targets" in page
    assert "123 <span" in page
    assert "/ 400 SMEs" in page
    assert "reached (en)" in page
    assert "National figures as of 31 Mar 2026" in page
    assert '<i class="bi bi-exclamation-triangle" aria-hidden="true"></i> At risk' in (
        page
    )
    # Public aggregates only: no province breakdown, no dashboard link.
    assert "Samsun</a>" not in page
    assert NATIONAL not in page


def test_home_has_no_headline_numbers_before_any_snapshot(client, targets):
    page = client.get("/", **EN).content.decode()
    assert "Progress towards the programme" not in page


def test_home_query_count_does_not_grow_with_the_snapshots(
    client, django_assert_num_queries, targets, province_a
):
    _history(targets, _days(3), [province_a])
    with django_assert_num_queries(8) as few:
        client.get("/")
    Snapshot.objects.all().delete()
    _history(targets, _days(36), list(Province.objects.filter(plate__in=PILOT_PLATES)))
    cache.clear()  # as cold as the first request (the footer's provinces)
    with django_assert_num_queries(len(few.captured_queries)):
        client.get("/")
