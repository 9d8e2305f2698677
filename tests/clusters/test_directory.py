"""The public cluster directory, each cluster's public profile and its logo."""

import datetime
import json
import re
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.translation import override

from clusters.selectors import ProvinceCount
from clusters.selectors.directory import PublicMember
from infospots.models import FirmMembership, Province
from tests import samples
from tests.factories import (
    ActionPlanFactory,
    ActivityFactory,
    ClusterFactory,
    ClusterMembershipFactory,
    ContactFactory,
    FirmFactory,
    GrantApplicationFactory,
    OrganisationFactory,
    ParticipationFactory,
)

pytestmark = pytest.mark.django_db

DIRECTORY = reverse("clusters:directory")


@pytest.fixture(autouse=True)
def _english():
    with override("en"):
        yield


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def province(name):
    return Province.objects.get(name=name)


def listed(response):
    return [c.name for c in response.context["clusters"]]


def get(client, url, params=None):
    return client.get(url, params or {}, HTTP_ACCEPT_LANGUAGE="en")


@pytest.fixture
def clusters():
    """Public clusters in Samsun, Trabzon (reaching Samsun and Ordu) and
    Çorum, and a Samsun candidate."""
    samsun = ClusterFactory(
        name="KARADENİZ GIDA KÜMESİ",
        slug="karadeniz-gida",
        description="",
        portfolio="food",
        status="active",
    )
    trabzon = ClusterFactory(
        name="Trabzon Mobilya Kümesi",
        slug="trabzon-mobilya",
        description="Ahşap ve mobilya üreticileri.",
        province=province("Trabzon"),
        portfolio="construction",
        status="formed",
    )
    trabzon.other_provinces.set([province("Samsun"), province("Ordu")])
    corum = ClusterFactory(
        name="Çorum Makine Kümesi",
        slug="corum-makine",
        description="",
        province=province("Çorum"),
        portfolio="engineering",
        status="identified",
    )
    candidate = ClusterFactory(
        name="Samsun Medikal Kümesi",
        slug="samsun-medikal",
        description="",
        province=province("Gaziantep"),
        portfolio="health",
        status="candidate",
    )
    return {
        "samsun": samsun,
        "trabzon": trabzon,
        "corum": corum,
        "candidate": candidate,
    }


# --- the directory ------------------------------------------------------------


def test_directory_lists_public_clusters_by_name_and_never_candidates(client, clusters):
    response = get(client, DIRECTORY)
    assert response.status_code == 200
    assert listed(response) == [
        "Çorum Makine Kümesi",
        "KARADENİZ GIDA KÜMESİ",
        "Trabzon Mobilya Kümesi",
    ]
    assert "Samsun Medikal" not in response.content.decode()


def test_province_filter_offers_provinces_with_public_clusters_only(client, clusters):
    response = get(client, DIRECTORY)
    choices = [
        p.name for p in response.context["filter"].form.fields["province"].queryset
    ]
    # Gaziantep has only a candidate.
    assert choices == ["Çorum", "Ordu", "Samsun", "Trabzon"]


def test_province_filter_includes_clusters_reaching_the_province(client, clusters):
    samsun = get(client, DIRECTORY, {"province": province("Samsun").pk})
    ordu = get(client, DIRECTORY, {"province": province("Ordu").pk})
    assert listed(samsun) == ["KARADENİZ GIDA KÜMESİ", "Trabzon Mobilya Kümesi"]
    assert listed(ordu) == ["Trabzon Mobilya Kümesi"]


def test_portfolio_filter(client, clusters):
    response = get(client, DIRECTORY, {"portfolio": "construction"})
    assert listed(response) == ["Trabzon Mobilya Kümesi"]


def test_status_filter_offers_public_statuses_only(client, clusters):
    formed = get(client, DIRECTORY, {"status": "formed"})
    candidate = get(client, DIRECTORY, {"status": "candidate"})
    assert listed(formed) == ["Trabzon Mobilya Kümesi"]
    assert "candidate" not in dict(
        formed.context["filter"].form.fields["status"].choices
    )
    assert candidate.status_code == 400
    assert "status" in candidate.context["filter"].errors
    assert 'id="id_status_error"' in candidate.content.decode()
    assert "Samsun Medikal Kümesi" not in listed(candidate)


@pytest.mark.parametrize(
    ("q", "expected"),
    [
        ("gıda", ["KARADENİZ GIDA KÜMESİ"]),
        ("GIDA", ["KARADENİZ GIDA KÜMESİ"]),
        ("karadeniz gida", ["KARADENİZ GIDA KÜMESİ"]),
        (
            "KÜME",
            ["Çorum Makine Kümesi", "KARADENİZ GIDA KÜMESİ", "Trabzon Mobilya Kümesi"],
        ),
        # Every word must match; the description counts too.
        ("ahşap mobilya", ["Trabzon Mobilya Kümesi"]),
        ("gıda mobilya", []),
        # A candidate is never found.
        ("medikal", []),
    ],
)
def test_text_search_folds_turkish_letters_and_needs_every_word(
    client, clusters, q, expected
):
    assert listed(get(client, DIRECTORY, {"q": q})) == expected


def test_filters_combine(client, clusters):
    response = get(
        client, DIRECTORY, {"province": province("Samsun").pk, "portfolio": "food"}
    )
    assert listed(response) == ["KARADENİZ GIDA KÜMESİ"]


def test_sorting_by_members_and_newest(client, clusters):
    ClusterMembershipFactory.create_batch(2, cluster=clusters["corum"])
    ClusterMembershipFactory(cluster=clusters["trabzon"])
    ClusterMembershipFactory(
        cluster=clusters["samsun"], left_on=datetime.date(2026, 3, 1)
    )
    by_members = get(client, DIRECTORY, {"sort": "members"})
    newest = get(client, DIRECTORY, {"sort": "newest"})
    assert listed(by_members) == [
        "Çorum Makine Kümesi",
        "Trabzon Mobilya Kümesi",
        "KARADENİZ GIDA KÜMESİ",
    ]
    assert listed(newest) == [
        "Çorum Makine Kümesi",
        "Trabzon Mobilya Kümesi",
        "KARADENİZ GIDA KÜMESİ",
    ]


def test_rows_count_active_members_and_organisations(client, clusters):
    ClusterMembershipFactory.create_batch(3, cluster=clusters["samsun"])
    ClusterMembershipFactory(
        cluster=clusters["samsun"], left_on=datetime.date(2026, 3, 1)
    )
    ParticipationFactory.create_batch(2, cluster=clusters["samsun"])
    ParticipationFactory(cluster=clusters["samsun"], left_on=datetime.date(2026, 3, 1))
    response = get(client, DIRECTORY, {"portfolio": "food"})
    (row,) = response.context["clusters"]
    assert (row.member_count, row.organisation_count) == (3, 2)
    page = response.content.decode()
    assert "3 member firms" in page
    assert "2 organisations" in page


def test_chart_counts_clusters_per_home_province_for_the_filters(client, clusters):
    ClusterFactory(name="Samsun Turizm Kümesi", portfolio="tourism")
    response = get(client, DIRECTORY)
    filtered = get(client, DIRECTORY, {"portfolio": "food"})
    assert response.context["by_province"] == [
        ProvinceCount(province="Çorum", plate=19, clusters=1),
        ProvinceCount(province="Samsun", plate=55, clusters=2),
        ProvinceCount(province="Trabzon", plate=61, clusters=1),
    ]
    data = re.search(
        r'<script id="cluster-map-data" type="application/json">(.*?)</script>',
        response.content.decode(),
    ).group(1)
    assert json.loads(data) == {
        "labels": ["Çorum", "Samsun", "Trabzon"],
        "values": [1, 2, 1],
    }
    assert filtered.context["by_province"] == [
        ProvinceCount(province="Samsun", plate=55, clusters=1)
    ]


def test_chart_numbers_are_also_a_table(client, clusters):
    page = get(client, DIRECTORY).content.decode()
    assert '<th scope="row">Samsun</th><td class="text-end">1</td>' in page
    assert "vendor/chartjs/chart.umd.min.js" in page
    assert "js/cluster-map.js" in page


def test_directory_pages_twenty_clusters(client):
    ClusterFactory.create_batch(25)
    first = get(client, DIRECTORY)
    second = get(client, DIRECTORY, {"page": 2})
    assert len(first.context["clusters"]) == 20
    assert len(second.context["clusters"]) == 5
    assert "25 clusters" in first.content.decode()


@pytest.mark.parametrize(
    ("params", "status"),
    [
        ({"page": "abc"}, 200),
        ({"page": "999"}, 200),
        ({"q": "x" * 5000}, 400),
        ({"sort": "bogus"}, 400),
        ({"province": "abc"}, 400),
        ({"province": "9" * 30}, 400),
        ({"portfolio": "<script>"}, 400),
    ],
)
def test_odd_parameters_never_break_the_directory(client, clusters, params, status):
    response = get(client, DIRECTORY, params)
    assert response.status_code == status
    assert "<script>" not in listed(response)


def test_invalid_filter_shows_its_error_next_to_the_field(client, clusters):
    response = get(client, DIRECTORY, {"province": province("Gaziantep").pk})
    assert response.status_code == 400
    assert response.context["filter"].errors["province"] == [
        "Select a valid choice. That choice is not one of the available choices."
    ]
    assert 'id="id_province_error"' in response.content.decode()


def test_directory_query_count_does_not_depend_on_rows(
    client, django_assert_num_queries
):
    def cluster(n):
        c = ClusterFactory(logo="clusters/logos/x.png")
        c.other_provinces.set([province("Ordu")])
        ClusterMembershipFactory(cluster=c)
        ParticipationFactory(cluster=c)
        return c

    cluster(0)
    params = {
        "portfolio": "food",
        "province": province("Samsun").pk,
        "q": "kume",
        "sort": "members",
    }
    with CaptureQueriesContext(connection) as one:
        get(client, DIRECTORY, params)
    for n in range(24):
        cluster(n)
    with django_assert_num_queries(len(one.captured_queries)):
        response = get(client, DIRECTORY, params)
    assert len(response.context["clusters"]) == 20


def test_the_main_navigation_links_the_directory(client, clusters):
    page = get(client, DIRECTORY).content.decode()
    assert re.search(
        r'class="nav-link text-nowrap active" href="/clusters/" aria-current="page"',
        page,
    )


# --- the public profile --------------------------------------------------------


def detail(cluster):
    return reverse("clusters:detail", kwargs={"slug": cluster.slug})


@pytest.mark.parametrize("actor", ["anonymous", "member", "staff_b"])
def test_a_candidate_is_404_to_the_public_and_other_provinces(client, request, actor):
    candidate = ClusterFactory(status="candidate")
    if actor != "anonymous":
        client.force_login(request.getfixturevalue(actor))
    assert get(client, detail(candidate)).status_code == 404


@pytest.mark.parametrize("actor", ["staff_a", "manager", "member"])
def test_a_candidate_is_visible_to_its_managers_and_members(client, request, actor):
    candidate = ClusterFactory(status="candidate")
    user = request.getfixturevalue(actor)
    if actor == "member":
        membership = ClusterMembershipFactory(cluster=candidate)
        FirmMembership.objects.create(user=user, firm=membership.firm)
    client.force_login(user)
    response = get(client, detail(candidate))
    assert response.status_code == 200
    assert "Not public yet: candidate." in response.content.decode()


def test_a_public_cluster_is_visible_to_everyone_without_candidate_notice(client):
    cluster = ClusterFactory(status="priority")
    response = get(client, detail(cluster))
    assert response.status_code == 200
    assert "Not public yet" not in response.content.decode()
    assert (
        get(client, reverse("clusters:detail", kwargs={"slug": "nope"})).status_code
        == 404
    )


def test_profile_shows_the_clusters_facts(client):
    coordinator = OrganisationFactory(
        name="Samsun Ticaret ve Sanayi Odası", kind="support"
    )
    cluster = ClusterFactory(
        name="Samsun Gıda Kümesi",
        status="active",
        status_since=datetime.date(2026, 1, 15),
        description="Birinci satır <b>kalın değil</b>\nİkinci satır",
        website="https://gida.example",
        founded_on=datetime.date(2024, 5, 2),
        coordinator=coordinator,
    )
    cluster.other_provinces.set([province("Ordu")])
    cluster.naces.set(list(cluster.naces.model.objects.filter(code__in=["10", "11"])))
    page = get(client, detail(cluster)).content.decode()
    assert '<i class="bi bi-check-circle" aria-hidden="true"></i> Active</span>' in page
    assert "since 15 Jan 2026" in page
    assert "Food" in page
    assert "Ordu" in page
    assert '<span class="font-monospace">10</span> Manufacture of food products' in page
    assert "Samsun Ticaret ve Sanayi Odası" in page
    assert (
        'href="https://gida.example" class="text-break" rel="noopener nofollow"' in page
    )
    assert "2 May 2024" in page
    assert "<p>Birinci satır &lt;b&gt;kalın değil&lt;/b&gt;<br>İkinci satır</p>" in page


def test_unlisted_firms_are_counted_but_never_named(client):
    cluster = ClusterFactory()
    shown = FirmFactory(legal_name="Bafra Pirinç Ltd. Şti.", listed_publicly=True)
    hidden = FirmFactory(legal_name="Gizli Gıda A.Ş.", listed_publicly=False)
    former = FirmFactory(legal_name="Eski Üye A.Ş.", listed_publicly=True)
    ClusterMembershipFactory(cluster=cluster, firm=shown, role="founding")
    ClusterMembershipFactory(cluster=cluster, firm=hidden)
    ClusterMembershipFactory.create_batch(3, cluster=cluster)  # not listed either
    ClusterMembershipFactory(
        cluster=cluster, firm=former, left_on=datetime.date(2026, 3, 1)
    )
    ContactFactory(firm=shown, full_name="Ayşe Kişi", email="ayse@bafra.example")
    response = get(client, detail(cluster))
    page = response.content.decode()
    profile = response.context["profile"]
    assert profile.member_count == 5
    assert profile.listed_members == (
        PublicMember(
            name="Bafra Pirinç Ltd. Şti.",
            province="Samsun",
            nace_code="10",
            nace_name="Manufacture of food products",
            role="Founding member",
            joined_on=datetime.date(2026, 2, 1),
        ),
    )
    assert "5 member firms" in page
    assert "and 4 more firms not listed publicly" in page
    assert "Gizli Gıda" not in page
    assert "Eski Üye" not in page
    for secret in (shown.tax_id, hidden.tax_id, "Ayşe Kişi", "ayse@bafra.example"):
        assert secret not in page


def test_participants_at_a_glance_and_by_type(client):
    cluster = ClusterFactory()
    ClusterMembershipFactory.create_batch(2, cluster=cluster)
    ParticipationFactory(
        cluster=cluster,
        organisation=OrganisationFactory(name="Arçelik A.Ş.", kind="large_company"),
    )
    ParticipationFactory(
        cluster=cluster,
        organisation=OrganisationFactory(name="Ondokuz Mayıs Üniversitesi"),
        role="coordinator",
    )
    ParticipationFactory(
        cluster=cluster,
        organisation=OrganisationFactory(name="Samsun Valiliği", kind="public"),
    )
    ParticipationFactory(
        cluster=cluster,
        organisation=OrganisationFactory(name="KOSGEB", kind="support"),
    )
    ParticipationFactory(
        cluster=cluster,
        organisation=OrganisationFactory(name="Ziraat Bankası", kind="finance"),
    )
    ParticipationFactory(
        cluster=cluster,
        organisation=OrganisationFactory(name="Ayrılan Dernek", kind="other"),
        left_on=datetime.date(2026, 3, 1),
    )
    response = get(client, detail(cluster))
    profile = response.context["profile"]
    assert [(h.helix, h.count) for h in profile.helix] == [
        ("industry", 3),
        ("academia", 1),
        ("government", 1),
        ("support", 2),
    ]
    assert [
        (g.kind, [(p.name, p.role) for p in g.participants])
        for g in profile.organisation_groups
    ] == [
        ("university", [("Ondokuz Mayıs Üniversitesi", "Coordinator")]),
        ("public", [("Samsun Valiliği", "Partner")]),
        ("support", [("KOSGEB", "Partner")]),
        ("finance", [("Ziraat Bankası", "Partner")]),
        ("large_company", [("Arçelik A.Ş.", "Partner")]),
    ]
    assert profile.organisation_count == 5
    assert "Ayrılan Dernek" not in response.content.decode()


def test_profile_shows_completed_plan_years_and_approved_grants(client):
    cluster = ClusterFactory()
    done = ActionPlanFactory(cluster=cluster, year=2025)
    ActivityFactory(plan=done, ends_on=datetime.date(2026, 3, 11))
    ActivityFactory(plan=done, status="cancelled")
    running = ActionPlanFactory(cluster=cluster, year=2026)
    ActivityFactory(plan=running)
    ActivityFactory(plan=running, status="ongoing")
    GrantApplicationFactory(
        cluster=cluster,
        status="approved",
        decided_on=datetime.date(2026, 5, 1),
        amount_granted=Decimal("250000"),
    )
    GrantApplicationFactory(
        cluster=cluster,
        status="approved",
        decided_on=datetime.date(2026, 5, 1),
        amount_granted=Decimal("100000"),
    )
    GrantApplicationFactory(cluster=cluster, status="rejected")
    GrantApplicationFactory(
        cluster=ClusterFactory(), status="approved", amount_granted=9
    )
    response = get(client, detail(cluster))
    profile = response.context["profile"]
    assert [(y.year, y.completed_on) for y in profile.completed_years] == [
        (2025, datetime.date(2026, 3, 11))
    ]
    assert (profile.grants_approved, profile.granted_total) == (2, Decimal("350000"))
    page = response.content.decode()
    assert "2025: activities completed" in page
    assert "2026: activities completed" not in page
    assert "2 grant applications approved, 350,000 TL granted" in page


@pytest.mark.parametrize(
    ("actor", "shown"),
    [("anonymous", False), ("staff_b", False), ("staff_a", True), ("manager", True)],
)
def test_manage_button_for_those_who_may_read_internals(client, request, actor, shown):
    cluster = ClusterFactory()
    if actor != "anonymous":
        client.force_login(request.getfixturevalue(actor))
    page = get(client, detail(cluster)).content.decode()
    manage = reverse("clusters:manage", kwargs={"slug": cluster.slug})
    assert (f'href="{manage}"' in page) is shown


@pytest.mark.parametrize("actor", ["anonymous", "staff_a"])
def test_profile_query_count_does_not_depend_on_participants(
    client, request, actor, django_assert_num_queries
):
    cluster = ClusterFactory(coordinator=OrganisationFactory())
    cluster.other_provinces.set([province("Ordu")])
    ClusterMembershipFactory(cluster=cluster, firm__listed_publicly=True)
    ParticipationFactory(cluster=cluster)
    ActivityFactory(plan=ActionPlanFactory(cluster=cluster, year=2024))
    if actor != "anonymous":
        client.force_login(request.getfixturevalue(actor))
    with CaptureQueriesContext(connection) as one:
        get(client, detail(cluster))
    ClusterMembershipFactory.create_batch(
        15, cluster=cluster, firm__listed_publicly=True
    )
    ClusterMembershipFactory.create_batch(14, cluster=cluster)
    for kind in ("university", "public", "support", "finance", "large_company"):
        ParticipationFactory.create_batch(2, cluster=cluster, organisation__kind=kind)
    for year in (2025, 2026):
        ActivityFactory.create_batch(
            3, plan=ActionPlanFactory(cluster=cluster, year=year)
        )
    GrantApplicationFactory.create_batch(
        3, cluster=cluster, status="approved", amount_granted=1000
    )
    cache.clear()  # as cold as the first request (a moderator's menu counts)
    with django_assert_num_queries(len(one.captured_queries)):
        response = get(client, detail(cluster))
    profile = response.context["profile"]
    assert (profile.member_count, len(profile.listed_members)) == (30, 16)
    assert profile.organisation_count == 11


def test_profile_pages_its_listed_members_by_name(client, django_assert_num_queries):
    """5 members, then 120: as many queries, and a page of 50 (ordered by
    name, then by membership) instead of every member."""
    cluster = ClusterFactory()

    def members(count, start):
        for number in range(start, start + count):
            ClusterMembershipFactory(
                cluster=cluster,
                firm=FirmFactory(
                    legal_name=f"Firma {number:03d} A.Ş.", listed_publicly=True
                ),
            )

    members(5, 0)
    ClusterMembershipFactory.create_batch(2, cluster=cluster)  # not listed
    with CaptureQueriesContext(connection) as small:
        first = get(client, detail(cluster))
    assert [m.name for m in first.context["profile"].listed_members] == [
        f"Firma {n:03d} A.Ş." for n in range(5)
    ]
    members(115, 5)
    with django_assert_num_queries(len(small.captured_queries)):
        response = get(client, detail(cluster), {"page": 3})
    profile = response.context["profile"]
    assert profile.member_count == 122
    assert profile.listed_member_count == 120
    assert profile.unlisted_member_count == 2
    assert [m.name for m in profile.listed_members] == [
        f"Firma {n:03d} A.Ş." for n in range(100, 120)
    ]
    page = response.content.decode()
    assert "Page 3 of 3" in page
    assert 'href="?page=2"' in page
    assert "122 member firms" in page
    assert "and 2 more firms not listed publicly" in page
    assert "Firma 099" not in page
    first_page = get(client, detail(cluster)).context["profile"].listed_members
    assert len(first_page) == 50
    assert first_page[0].name == "Firma 000 A.Ş."
    # Anything that is not a page number shows the first page.
    assert get(client, detail(cluster), {"page": "²"}).status_code == 200


# --- the logo --------------------------------------------------------------------


def logo_url(cluster):
    return reverse("clusters:logo", kwargs={"slug": cluster.slug})


def with_logo(cluster, name="logo.png", content=samples.PNG):
    cluster.logo.save(name, ContentFile(content))
    return cluster


def test_logo_is_served_inline_with_its_type_and_nosniff(client):
    cluster = with_logo(ClusterFactory(slug="samsun-gida"))
    response = get(client, logo_url(cluster))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == samples.PNG
    assert response["Content-Type"] == "image/png"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"] == 'inline; filename="samsun-gida.png"'
    assert response["Cache-Control"] == "public, max-age=3600"


def test_directory_and_profile_show_the_logo(client):
    cluster = with_logo(ClusterFactory())
    src = f'src="{logo_url(cluster)}"'
    assert src in get(client, DIRECTORY).content.decode()
    assert src in get(client, detail(cluster)).content.decode()


def test_a_candidates_logo_is_404_to_the_public_and_private_to_its_staff(
    client, staff_a
):
    cluster = with_logo(ClusterFactory(status="candidate"))
    assert get(client, logo_url(cluster)).status_code == 404
    client.force_login(staff_a)
    response = get(client, logo_url(cluster))
    assert response.status_code == 200
    assert "private" in response["Cache-Control"]
    assert "public" not in response["Cache-Control"]


def test_no_logo_or_a_file_that_is_not_a_logo_is_404(client):
    without = ClusterFactory()
    svg = with_logo(ClusterFactory(), name="logo.svg", content=b"<svg/>")
    assert get(client, logo_url(without)).status_code == 404
    assert get(client, logo_url(svg)).status_code == 404


def test_a_missing_logo_file_is_404(client, media):
    cluster = ClusterFactory(logo="clusters/logos/gone.png")
    assert get(client, logo_url(cluster)).status_code == 404
