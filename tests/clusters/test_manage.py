"""Staff pages of a cluster, the candidates' ranking, the organisations, the
cluster's hub page and the firm page's clusters."""

import datetime
import html
import re
from decimal import Decimal
from urllib.parse import urlencode

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from clusters.forms import manage as manage_forms
from clusters.models import (
    CandidateScore,
    Cluster,
    ClusterMembership,
    ClusterStatus,
    Organisation,
    Participation,
    SelectionCriterion,
    StatusChange,
)
from clusters.selectors.participants import MEMBERS_PAGE_SIZE
from clusters.services import cluster_create
from clusters.services.clusters import (
    DATE_IN_FUTURE,
    ORGANISATION_EXISTS,
    cluster_change_status,
)
from clusters.services.participants import FIRM_ALREADY_MEMBER, LEFT_BEFORE_JOINED
from clusters.validators import LOGO_NOT_IMAGE
from infospots.models import FirmMembership
from kms.accounts.models import Role
from tests.factories import (
    MINIMAL_PDF,
    ClusterFactory,
    ClusterMembershipFactory,
    FirmFactory,
    OrganisationFactory,
    ParticipationFactory,
    UserFactory,
)
from tests.samples import PNG

pytestmark = pytest.mark.django_db

JOINED = datetime.date(2026, 2, 1)
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


@pytest.fixture
def cluster(province_a):
    return ClusterFactory(
        province=province_a, name="Samsun Gıda Kümesi", slug="samsun-gida"
    )


@pytest.fixture
def cluster_member(member, cluster, info_spot_a):
    """The `member` user, whose firm is an active member of `cluster`."""
    firm = FirmFactory(
        legal_name="Bafra Pirinç Gıda Ltd. Şti.",
        province=info_spot_a.province,
        info_spot=info_spot_a,
    )
    FirmMembership.objects.create(user=member, firm=firm)
    ClusterMembershipFactory(cluster=cluster, firm=firm, joined_on=JOINED)
    return member


@pytest.fixture
def outsider(db):
    """An SME member whose firm belongs to no cluster."""
    return UserFactory(email="outsider@example.org", role=Role.MEMBER)


@pytest.fixture
def membership(cluster_member, cluster):
    return cluster.memberships.get()


@pytest.fixture
def participation(cluster):
    return ParticipationFactory(cluster=cluster, joined_on=JOINED)


ACTORS = ["anonymous", "cluster_member", "outsider", "staff_a", "staff_b", "manager"]
# Expected status per actor, in ACTORS order.
READ = [302, 200, 404, 200, 404, 200]
WRITE = [302, 403, 404, 200, 404, 200]
STAFF_ONLY = [302, 403, 403, 200, 200, 200]
NATIONAL_ONLY = [302, 403, 403, 403, 403, 200]

PAGES = [
    ("clusters:manage", lambda w: {"slug": w["cluster"].slug}, READ),
    ("clusters:update", lambda w: {"slug": w["cluster"].slug}, WRITE),
    ("clusters:status", lambda w: {"slug": w["cluster"].slug}, WRITE),
    ("clusters:scores", lambda w: {"slug": w["cluster"].slug}, WRITE),
    ("clusters:member_create", lambda w: {"slug": w["cluster"].slug}, WRITE),
    (
        "clusters:member_update",
        lambda w: {"slug": w["cluster"].slug, "pk": w["membership"].pk},
        WRITE,
    ),
    ("clusters:participation_create", lambda w: {"slug": w["cluster"].slug}, WRITE),
    (
        "clusters:participation_update",
        lambda w: {"slug": w["cluster"].slug, "pk": w["participation"].pk},
        WRITE,
    ),
    ("clusters:create", lambda w: {}, STAFF_ONLY),
    ("clusters:candidates", lambda w: {}, STAFF_ONLY),
    ("clusters:organisation_list", lambda w: {}, STAFF_ONLY),
    ("clusters:organisation_create", lambda w: {}, STAFF_ONLY),
    (
        "clusters:organisation_update",
        lambda w: {"pk": w["participation"].organisation_id},
        NATIONAL_ONLY,
    ),
]


@pytest.fixture
def world(request, cluster, membership, participation, outsider, staff_a, staff_b):
    return {
        "cluster": cluster,
        "membership": membership,
        "participation": participation,
    }


@pytest.mark.parametrize(
    ("name", "kwargs", "actor", "expected"),
    [
        (name, kwargs, actor, statuses[i])
        for name, kwargs, statuses in PAGES
        for i, actor in enumerate(ACTORS)
    ],
)
def test_scoping_matrix(client, request, world, name, kwargs, actor, expected):
    user = request.getfixturevalue(actor)
    if user.is_authenticated:
        client.force_login(user)
    response = client.get(reverse(name, kwargs=kwargs(world)))
    assert response.status_code == expected
    if expected == 302:
        assert response["Location"].startswith(reverse("account_login"))
    if expected == 200:
        assert "no-store" in response["Cache-Control"]


@pytest.mark.parametrize(
    ("name", "kwargs"),
    [(name, kwargs) for name, kwargs, statuses in PAGES if statuses is WRITE],
)
@pytest.mark.parametrize(
    ("actor", "expected"), [("cluster_member", 403), ("staff_b", 404)]
)
def test_posts_to_write_pages_are_refused_and_change_nothing(
    client, request, world, name, kwargs, actor, expected
):
    client.force_login(request.getfixturevalue(actor))
    before = (
        list(Cluster.objects.values()),
        list(StatusChange.objects.values()),
        list(ClusterMembership.objects.values()),
        list(Participation.objects.values()),
        CandidateScore.objects.count(),
    )
    response = client.post(
        reverse(name, kwargs=kwargs(world)),
        {
            "name": "Başka Bir Küme",
            "to_status": "identified",
            "changed_on": "2026-02-02",
            "role": "board",
            "joined_on": "2026-02-02",
            "left_on": "2026-02-03",
        },
    )
    assert response.status_code == expected
    after = (
        list(Cluster.objects.values()),
        list(StatusChange.objects.values()),
        list(ClusterMembership.objects.values()),
        list(Participation.objects.values()),
        CandidateScore.objects.count(),
    )
    assert after == before


# --- profile ------------------------------------------------------------------


def _profile(province, **overrides):
    return {
        "name": "Çarşamba Mobilya Kümesi",
        "province": province.pk,
        "portfolio": "creative",
        "description": "Mobilya üreticileri.",
        "changed_on": "2026-01-05",
        **overrides,
    }


def test_staff_record_a_candidate(client, staff_a, province_a):
    client.force_login(staff_a)
    response = client.post(reverse("clusters:create"), _profile(province_a))
    cluster = Cluster.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "clusters:manage", kwargs={"slug": "carsamba-mobilya-kumesi"}
    )
    assert (cluster.status, cluster.status_since, cluster.created_by) == (
        "candidate",
        datetime.date(2026, 1, 5),
        staff_a,
    )
    assert list(cluster.status_changes.values_list("to_status", "changed_by")) == [
        ("candidate", staff_a.pk)
    ]


def test_staff_choose_among_their_provinces_only(client, staff_a, province_a):
    client.force_login(staff_a)
    response = client.get(reverse("clusters:create"))
    assert list(response.context["form"].fields["province"].queryset) == [province_a]


def test_another_provinces_cluster_cannot_be_created(client, staff_a, province_b):
    client.force_login(staff_a)
    response = client.post(reverse("clusters:create"), _profile(province_b))
    assert response.status_code == 400
    assert list(response.context["form"].errors) == ["province"]
    assert not Cluster.objects.exists()


def test_a_candidate_dated_in_the_future_is_refused(client, staff_a, province_a):
    client.force_login(staff_a)
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    response = client.post(
        reverse("clusters:create"),
        _profile(province_a, changed_on=tomorrow.isoformat()),
        **EN,
    )
    assert response.status_code == 400
    assert response.context["form"].errors == {"changed_on": [str(DATE_IN_FUTURE)]}
    assert not Cluster.objects.exists()


def test_a_logo_is_stored_and_a_fake_one_refused(
    client, staff_a, province_a, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(staff_a)
    fake = SimpleUploadedFile("logo.pdf", MINIMAL_PDF, "application/pdf")
    response = client.post(
        reverse("clusters:create"), {**_profile(province_a), "logo": fake}, **EN
    )
    assert response.status_code == 400
    assert response.context["form"].errors == {"logo": [str(LOGO_NOT_IMAGE)]}
    assert not Cluster.objects.exists()
    logo = SimpleUploadedFile("logo.png", PNG, "image/png")
    response = client.post(
        reverse("clusters:create"), {**_profile(province_a), "logo": logo}
    )
    assert response.status_code == 302
    assert Cluster.objects.get().logo.name.startswith("clusters/logos/")


def test_staff_edit_a_profile(client, staff_a, cluster, province_a):
    client.force_login(staff_a)
    response = client.post(
        reverse("clusters:update", kwargs={"slug": cluster.slug}),
        _profile(province_a, name="Samsun Gıda ve Tarım Kümesi"),
    )
    assert response.status_code == 302
    cluster.refresh_from_db()
    assert (cluster.name, cluster.slug, cluster.portfolio) == (
        "Samsun Gıda ve Tarım Kümesi",
        "samsun-gida",
        "creative",
    )


# --- lifecycle ----------------------------------------------------------------


@pytest.fixture
def candidate(staff_a, province_a):
    return cluster_create(
        actor=staff_a,
        cluster=Cluster(
            name="Atakum Yazılım Kümesi", province=province_a, portfolio="ict"
        ),
        on=datetime.date(2026, 1, 5),
    )


def test_a_status_change_through_the_page_writes_the_history(
    client, staff_a, candidate
):
    client.force_login(staff_a)
    response = client.post(
        reverse("clusters:status", kwargs={"slug": candidate.slug}),
        {"to_status": "identified", "changed_on": "2026-01-20", "reason": ""},
    )
    assert response.status_code == 302
    assert response["Location"].endswith("/manage/#status")
    candidate.refresh_from_db()
    assert (candidate.status, candidate.status_since) == (
        "identified",
        datetime.date(2026, 1, 20),
    )
    assert list(
        candidate.status_changes.order_by("pk").values_list(
            "from_status", "to_status", "changed_on", "changed_by"
        )
    ) == [
        ("", "candidate", datetime.date(2026, 1, 5), staff_a.pk),
        ("candidate", "identified", datetime.date(2026, 1, 20), staff_a.pk),
    ]


def test_a_skip_without_a_reason_is_refused_on_the_page(client, staff_a, candidate):
    client.force_login(staff_a)
    response = client.post(
        reverse("clusters:status", kwargs={"slug": candidate.slug}),
        {"to_status": "active", "changed_on": "2026-01-20", "reason": ""},
        **EN,
    )
    assert response.status_code == 400
    assert list(response.context["form"].errors) == ["reason"]
    assert "give a reason" in response.context["form"].errors["reason"][0]
    candidate.refresh_from_db()
    assert candidate.status == "candidate"
    assert StatusChange.objects.count() == 1


def test_the_status_page_shows_the_dated_history(client, staff_a, candidate):
    client.force_login(staff_a)
    client.post(
        reverse("clusters:status", kwargs={"slug": candidate.slug}),
        {
            "to_status": "formed",
            "changed_on": "2026-01-20",
            "reason": "Dernek kuruldu.",
        },
    )
    response = client.get(
        reverse("clusters:status", kwargs={"slug": candidate.slug}), **EN
    )
    history = list(response.context["history"])
    assert [(c.from_status, c.to_status) for c in history] == [
        ("candidate", "formed"),
        ("", "candidate"),
    ]
    content = response.content.decode()
    assert "Dernek kuruldu." in content
    assert str(staff_a) in content


# --- selection ----------------------------------------------------------------


def _scores(values):
    criteria = SelectionCriterion.objects.order_by("order", "code")
    data = {}
    for criterion, value in zip(criteria, values, strict=True):
        data[f"score_{criterion.code}"] = "" if value is None else str(value)
        data[f"rationale_{criterion.code}"] = f"{criterion.code} gerekçesi"
    return data


def test_staff_score_a_candidate(client, staff_a, candidate):
    client.force_login(staff_a)
    response = client.post(
        reverse("clusters:scores", kwargs={"slug": candidate.slug}),
        _scores([5, 4, 3, 2]),
    )
    assert response.status_code == 302
    assert sorted(
        CandidateScore.objects.values_list("criterion__code", "score", "rationale")
    ) == [
        ("demand", 4, "demand gerekçesi"),
        ("economic-impact", 5, "economic-impact gerekçesi"),
        ("factor-conditions", 2, "factor-conditions gerekçesi"),
        ("networking", 3, "networking gerekçesi"),
    ]


def test_a_rationale_without_a_score_saves_none_of_the_scores(
    client, staff_a, candidate
):
    client.force_login(staff_a)
    response = client.post(
        reverse("clusters:scores", kwargs={"slug": candidate.slug}),
        _scores([5, 4, 3, None]),
        **EN,
    )
    assert response.status_code == 400
    assert response.context["form"].errors == {
        "score_factor-conditions": ["Give a score from 1 to 5."]
    }
    assert not CandidateScore.objects.exists()


def test_candidates_are_ranked_by_weighted_total(
    client, staff_a, manager, province_a, province_b
):
    def scored(name, province, values):
        cluster = ClusterFactory(name=name, province=province, status="candidate")
        for criterion, value in zip(
            SelectionCriterion.objects.order_by("order", "code"), values, strict=True
        ):
            if value is not None:
                CandidateScore.objects.create(
                    cluster=cluster, criterion=criterion, score=value
                )
        return cluster

    scored("Orta Küme", province_a, [3, 3, 3, 3])
    scored("Güçlü Küme", province_a, [5, 5, 4, 4])
    scored("Eksik Küme", province_a, [5, None, None, None])
    scored("Trabzon Kümesi", province_b, [5, 5, 5, 5])
    ClusterFactory(name="Aktif Küme", province=province_a, status="active")
    client.force_login(staff_a)
    response = client.get(reverse("clusters:candidates"), **EN)
    assert [
        (r.cluster.name, r.total, r.scored) for r in response.context["ranking"]
    ] == [
        ("Güçlü Küme", Decimal("4.55"), 4),
        ("Orta Küme", Decimal("3.00"), 4),
        ("Eksik Küme", Decimal("1.50"), 1),
    ]
    content = response.content.decode()
    assert "1 of 4 scored" in content
    assert "Trabzon Kümesi" not in content
    client.force_login(manager)
    response = client.get(reverse("clusters:candidates"))
    assert response.context["ranking"][0].cluster.name == "Trabzon Kümesi"


def test_ranking_query_count_does_not_depend_on_candidates(
    client, staff_a, province_a, django_assert_num_queries
):
    client.force_login(staff_a)
    ClusterFactory(province=province_a, status="candidate")
    url = reverse("clusters:candidates")
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    for cluster in ClusterFactory.create_batch(
        20, province=province_a, status="candidate"
    ):
        for criterion in SelectionCriterion.objects.all():
            CandidateScore.objects.create(cluster=cluster, criterion=criterion, score=4)
    cache.clear()  # as cold as the first request (the menu's counts)
    with django_assert_num_queries(len(one.captured_queries)):
        response = client.get(url)
    assert len(response.context["ranking"]) == 21


# --- participants through the pages ---------------------------------------------


def test_staff_add_a_member_firm(client, staff_a, cluster, info_spot_a):
    firm = FirmFactory(province=info_spot_a.province, info_spot=info_spot_a)
    client.force_login(staff_a)
    response = client.post(
        reverse("clusters:member_create", kwargs={"slug": cluster.slug}),
        {"firm": firm.pk, "role": "founding", "joined_on": "2026-02-10"},
    )
    assert response.status_code == 302
    assert response["Location"].endswith("/manage/#members")
    assert list(cluster.memberships.values_list("firm", "role", "joined_on")) == [
        (firm.pk, "founding", datetime.date(2026, 2, 10))
    ]


def test_the_firm_list_holds_the_actors_firms_of_the_clusters_provinces(
    client, staff_a, manager, cluster, info_spot_a, info_spot_b, province_b
):
    here = FirmFactory(province=info_spot_a.province, info_spot=info_spot_a)
    there = FirmFactory(province=info_spot_b.province, info_spot=info_spot_b)
    url = reverse("clusters:member_create", kwargs={"slug": cluster.slug})
    client.force_login(staff_a)
    assert list(client.get(url).context["form"].fields["firm"].queryset) == [here]
    client.force_login(manager)
    assert list(client.get(url).context["form"].fields["firm"].queryset) == [here]
    cluster.other_provinces.add(province_b)
    assert set(client.get(url).context["form"].fields["firm"].queryset) == {
        here,
        there,
    }
    client.force_login(staff_a)
    response = client.post(
        url, {"firm": there.pk, "role": "member", "joined_on": "2026-02-10"}
    )
    assert response.status_code == 400
    assert list(response.context["form"].errors) == ["firm"]
    assert not ClusterMembership.objects.exists()


def test_a_firm_joining_twice_is_refused_on_the_page(
    client, staff_a, cluster, membership
):
    client.force_login(staff_a)
    response = client.post(
        reverse("clusters:member_create", kwargs={"slug": cluster.slug}),
        {"firm": membership.firm_id, "role": "member", "joined_on": "2026-02-10"},
        **EN,
    )
    assert response.status_code == 400
    assert response.context["form"].errors == {
        "firm": [str(FIRM_ALREADY_MEMBER % {"date": "1 Feb 2026"})]
    }
    assert ClusterMembership.objects.count() == 1


# --- the firm search of "add a member firm" -------------------------------------

FIRM_SELECT = re.compile(r'<select name="firm"[^>]*>(.*?)</select>', re.S)
OPTION = re.compile(r'<option value="(\d+)"( selected)?>([^<]*)</option>')


def _offered(response) -> list[str]:
    """The firms the select offers, as their labels ("*" marks the chosen)."""
    select = FIRM_SELECT.search(response.content.decode()).group(1)
    return [
        f"{'*' if chosen else ''}{html.unescape(label)}"
        for _pk, chosen, label in OPTION.findall(select)
    ]


def _status(response) -> str:
    found = re.search(
        r'<p id="member-firm-status"[^>]*>(.*?)</p>', response.content.decode(), re.S
    )
    return " ".join(html.unescape(re.sub(r"<[^>]+>", "", found.group(1))).split())


@pytest.fixture
def registry(info_spot_a, info_spot_b):
    """Firms of Samsun, the cluster's province, and one of Trabzon."""
    samsun = {"province": info_spot_a.province, "info_spot": info_spot_a}
    return {
        "carsamba": FirmFactory(legal_name="Çarşamba Pirinç A.Ş.", **samsun),
        "bafra": FirmFactory(legal_name="Bafra Pirinç Gıda Ltd. Şti.", **samsun),
        "atakum": FirmFactory(
            legal_name="Atakum Yazılım A.Ş.", tax_id="4540536920", **samsun
        ),
        "uzungol": FirmFactory(
            legal_name="Uzungöl Pirinç A.Ş.",
            province=info_spot_b.province,
            info_spot=info_spot_b,
        ),
    }


def _member_url(cluster, **query):
    url = reverse("clusters:member_create", kwargs={"slug": cluster.slug})
    return f"{url}?{urlencode(query)}" if query else url


def test_the_firm_search_offers_matching_firms_by_name(
    client, staff_a, cluster, registry
):
    client.force_login(staff_a)
    response = client.get(_member_url(cluster, q="PİRİNÇ"), **EN)
    assert response.status_code == 200
    assert _offered(response) == [
        "Bafra Pirinç Gıda Ltd. Şti. · Samsun",
        "Çarşamba Pirinç A.Ş. · Samsun",
    ]
    assert _status(response) == "2 firms match “PİRİNÇ”."
    response = client.get(_member_url(cluster, q="bafra pirinc"), **EN)
    assert _offered(response) == ["Bafra Pirinç Gıda Ltd. Şti. · Samsun"]
    assert _status(response) == "1 firm matches “bafra pirinc”."


def test_the_firm_search_finds_a_tax_id(client, staff_a, cluster, registry):
    client.force_login(staff_a)
    response = client.get(_member_url(cluster, q="454 053 6920"))
    assert _offered(response) == ["Atakum Yazılım A.Ş. · Samsun"]


def test_the_firm_search_stays_in_the_clusters_provinces_and_the_users_view(
    client, staff_a, manager, cluster, registry, province_b
):
    client.force_login(manager)
    assert _offered(client.get(_member_url(cluster, q="uzungol"))) == []
    cluster.other_provinces.add(province_b)
    assert _offered(client.get(_member_url(cluster, q="uzungol"))) == [
        "Uzungöl Pirinç A.Ş. · Trabzon"
    ]
    # Staff of Samsun do not see Trabzon's firms, whatever the cluster reaches.
    client.force_login(staff_a)
    response = client.get(_member_url(cluster, q="uzungol"), **EN)
    assert _offered(response) == []
    assert _status(response) == (
        "No firm of the provinces the cluster reaches matches “uzungol”."
    )


def test_without_a_search_the_first_firms_by_name_are_offered(
    client, staff_a, cluster, registry, monkeypatch
):
    client.force_login(staff_a)
    response = client.get(_member_url(cluster), **EN)
    assert _offered(response) == [
        "Atakum Yazılım A.Ş. · Samsun",
        "Bafra Pirinç Gıda Ltd. Şti. · Samsun",
        "Çarşamba Pirinç A.Ş. · Samsun",
    ]
    assert _status(response) == (
        "All the firms of the provinces the cluster reaches are listed."
    )
    monkeypatch.setattr(manage_forms, "FIRMS_SHOWN", 2)
    response = client.get(_member_url(cluster), **EN)
    assert _offered(response) == [
        "Atakum Yazılım A.Ş. · Samsun",
        "Bafra Pirinç Gıda Ltd. Şti. · Samsun",
    ]
    assert _status(response) == (
        "The first 2 firms by name are listed: search to find the others."
    )
    response = client.get(_member_url(cluster, q="a"), **EN)
    assert _status(response) == (
        "More than 2 firms match “a”: the first 2 by name are listed. Add a word "
        "to narrow the search."
    )


def test_at_most_fifty_firms_are_offered(client, staff_a, cluster, info_spot_a):
    FirmFactory.create_batch(51, province=info_spot_a.province, info_spot=info_spot_a)
    client.force_login(staff_a)
    assert len(_offered(client.get(_member_url(cluster)))) == 50


def test_a_firm_not_offered_may_be_chosen_all_the_same(
    client, staff_a, cluster, registry, monkeypatch
):
    """The select shows a search; the choice is checked against every firm
    of the cluster's provinces the user sees."""
    monkeypatch.setattr(manage_forms, "FIRMS_SHOWN", 1)
    client.force_login(staff_a)
    response = client.post(
        _member_url(cluster, q="atakum"),
        {"firm": registry["carsamba"].pk, "role": "member", "joined_on": "2026-02-10"},
    )
    assert response.status_code == 302
    assert list(cluster.memberships.values_list("firm", flat=True)) == [
        registry["carsamba"].pk
    ]


def test_a_refused_post_keeps_the_chosen_firm(
    client, staff_a, cluster, registry, monkeypatch
):
    monkeypatch.setattr(manage_forms, "FIRMS_SHOWN", 1)
    client.force_login(staff_a)
    response = client.post(
        _member_url(cluster),
        {"firm": registry["carsamba"].pk, "role": "member", "joined_on": ""},
    )
    assert response.status_code == 400
    assert list(response.context["form"].errors) == ["joined_on"]
    assert _offered(response) == [
        "*Çarşamba Pirinç A.Ş. · Samsun",
        "Atakum Yazılım A.Ş. · Samsun",
    ]
    assert not ClusterMembership.objects.exists()


def test_the_search_works_without_javascript_and_with_htmx(
    client, staff_a, cluster, registry
):
    client.force_login(staff_a)
    url = _member_url(cluster)
    page = client.get(_member_url(cluster, q="pirinc"), **EN)
    content = page.content.decode()
    assert f'<form method="get" action="{url}" role="search"' in content
    assert 'name="q" id="member-firm-q" value="pirinc"' in content
    assert f'hx-get="{url}"' in content
    assert 'hx-target="#id_firm"' in content
    assert "HX-Request" in page["Vary"]
    # htmx asks for the select alone, and the search's result for the status.
    response = client.get(
        _member_url(cluster, q="pirinc"), HTTP_HX_REQUEST="true", **EN
    )
    content = response.content.decode()
    assert response.status_code == 200
    assert content.lstrip().startswith('<select name="firm"')
    assert "<html" not in content
    assert 'id="member-firm-status"' in content
    assert 'hx-swap-oob="innerHTML"' in content
    assert _offered(response) == _offered(page)
    assert _status(response) == "2 firms match “pirinc”."
    assert "HX-Request" in response["Vary"]


def test_the_membership_edit_page_has_no_firm_search(client, staff_a, membership):
    client.force_login(staff_a)
    response = client.get(
        reverse(
            "clusters:member_update",
            kwargs={"slug": membership.cluster.slug, "pk": membership.pk},
        )
    )
    assert response.status_code == 200
    assert 'id="member-firm-q"' not in response.content.decode()


@pytest.mark.parametrize("htmx", [False, True])
def test_the_member_firm_page_query_count_does_not_depend_on_firms(
    client, staff_a, cluster, info_spot_a, django_assert_num_queries, htmx
):
    headers = {"HTTP_HX_REQUEST": "true"} if htmx else {}
    FirmFactory(province=info_spot_a.province, info_spot=info_spot_a)
    client.force_login(staff_a)
    url = _member_url(cluster, q="gida")
    with CaptureQueriesContext(connection) as one:
        assert client.get(url, **headers).status_code == 200
    FirmFactory.create_batch(199, province=info_spot_a.province, info_spot=info_spot_a)
    cache.clear()  # as cold as the first request (the menu's counts)
    with django_assert_num_queries(len(one.captured_queries)):
        response = client.get(url, **headers)
    assert len(_offered(response)) == 50


def test_a_huge_membership_id_is_not_found(client, staff_a, cluster):
    client.force_login(staff_a)
    url = reverse(
        "clusters:member_update",
        kwargs={"slug": cluster.slug, "pk": 99999999999999999999},
    )
    assert client.get(url).status_code == 404


def test_staff_record_that_a_firm_left(client, staff_a, cluster, membership):
    client.force_login(staff_a)
    url = reverse(
        "clusters:member_update", kwargs={"slug": cluster.slug, "pk": membership.pk}
    )
    response = client.post(
        url,
        {"role": "member", "joined_on": "2026-02-01", "left_on": "2026-01-01"},
        **EN,
    )
    assert response.status_code == 400
    assert response.context["form"].errors == {"left_on": [str(LEFT_BEFORE_JOINED)]}
    response = client.post(
        url, {"role": "board", "joined_on": "2026-02-01", "left_on": "2026-03-01"}
    )
    assert response.status_code == 302
    membership.refresh_from_db()
    assert (membership.role, membership.left_on) == ("board", datetime.date(2026, 3, 1))


def test_a_membership_of_another_cluster_is_not_found(
    client, staff_a, cluster, province_a
):
    other = ClusterMembershipFactory(cluster=ClusterFactory(province=province_a))
    client.force_login(staff_a)
    response = client.get(
        reverse("clusters:member_update", kwargs={"slug": cluster.slug, "pk": other.pk})
    )
    assert response.status_code == 404


def test_staff_add_and_update_an_organisation(client, staff_a, cluster):
    university = OrganisationFactory(name="Ondokuz Mayıs Üniversitesi")
    client.force_login(staff_a)
    response = client.post(
        reverse("clusters:participation_create", kwargs={"slug": cluster.slug}),
        {"organisation": university.pk, "role": "partner", "joined_on": "2026-02-10"},
    )
    assert response.status_code == 302
    participation = cluster.participations.get()
    response = client.post(
        reverse(
            "clusters:participation_update",
            kwargs={"slug": cluster.slug, "pk": participation.pk},
        ),
        {"role": "supporter", "joined_on": "2026-02-10", "left_on": "2026-03-01"},
    )
    assert response.status_code == 302
    participation.refresh_from_db()
    assert (participation.role, participation.left_on) == (
        "supporter",
        datetime.date(2026, 3, 1),
    )


# --- organisations --------------------------------------------------------------


def test_organisations_are_searched_filtered_and_counted(
    client, staff_a, cluster, province_a
):
    omu = OrganisationFactory(name="Ondokuz Mayıs Üniversitesi")
    OrganisationFactory(name="Samsun Ticaret ve Sanayi Odası", kind="support")
    ParticipationFactory(cluster=cluster, organisation=omu)
    ParticipationFactory(cluster=ClusterFactory(province=province_a), organisation=omu)
    ParticipationFactory(
        cluster=ClusterFactory(province=province_a),
        organisation=omu,
        left_on=datetime.date(2026, 3, 1),
    )
    client.force_login(staff_a)
    url = reverse("clusters:organisation_list")
    response = client.get(url, {"q": "ONDOKUZ MAYIS"})
    assert [(o.name, o.n_clusters) for o in response.context["organisations"]] == [
        ("Ondokuz Mayıs Üniversitesi", 2)
    ]
    response = client.get(url, {"kind": "support"})
    assert [o.name for o in response.context["organisations"]] == [
        "Samsun Ticaret ve Sanayi Odası"
    ]
    assert client.get(url, {"kind": "nonsense"}).status_code == 400


def test_organisation_list_query_count_does_not_depend_on_rows(
    client, staff_a, django_assert_num_queries
):
    client.force_login(staff_a)
    OrganisationFactory()
    url = reverse("clusters:organisation_list")
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    for organisation in OrganisationFactory.create_batch(24):
        ParticipationFactory(organisation=organisation)
    cache.clear()  # as cold as the first request (the menu's counts)
    with django_assert_num_queries(len(one.captured_queries)):
        response = client.get(url)
    assert len(response.context["organisations"]) == 25


def test_staff_record_an_organisation_and_return_to_the_cluster(
    client, staff_a, cluster
):
    client.force_login(staff_a)
    back = reverse("clusters:participation_create", kwargs={"slug": cluster.slug})
    response = client.post(
        reverse("clusters:organisation_create"),
        {"name": "Samsun Üniversitesi", "kind": "university", "next": back},
    )
    organisation = Organisation.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"{back}?organisation={organisation.pk}"
    response = client.get(response["Location"])
    assert response.context["form"]["organisation"].value() == organisation.pk


def test_an_organisation_recorded_twice_is_refused(client, staff_a):
    OrganisationFactory(name="Samsun Üniversitesi")
    client.force_login(staff_a)
    response = client.post(
        reverse("clusters:organisation_create"),
        {"name": "SAMSUN ÜNİVERSİTESİ", "kind": "university"},
        **EN,
    )
    assert response.status_code == 400
    assert response.context["form"].errors == {
        "name": [str(ORGANISATION_EXISTS % {"name": "Samsun Üniversitesi"})]
    }
    assert Organisation.objects.count() == 1


def test_an_external_next_address_is_ignored(client, staff_a):
    client.force_login(staff_a)
    response = client.post(
        reverse("clusters:organisation_create"),
        {
            "name": "Samsun Üniversitesi",
            "kind": "university",
            "next": "https://evil.example/",
        },
    )
    assert response["Location"] == reverse("clusters:organisation_list")


def test_managers_correct_an_organisation(client, manager):
    organisation = OrganisationFactory(name="Samsun Universitesi")
    client.force_login(manager)
    response = client.post(
        reverse("clusters:organisation_update", kwargs={"pk": organisation.pk}),
        {"name": "Samsun Üniversitesi", "kind": "university"},
    )
    assert response.status_code == 302
    organisation.refresh_from_db()
    assert organisation.name == "Samsun Üniversitesi"


def test_staff_cannot_post_a_change_to_an_organisation(client, staff_a):
    organisation = OrganisationFactory(name="Samsun Universitesi")
    client.force_login(staff_a)
    response = client.post(
        reverse("clusters:organisation_update", kwargs={"pk": organisation.pk}),
        {"name": "Başka", "kind": "public"},
    )
    assert response.status_code == 403
    organisation.refresh_from_db()
    assert (organisation.name, organisation.kind) == (
        "Samsun Universitesi",
        "university",
    )


# --- the hub --------------------------------------------------------------------


def test_managers_see_edit_buttons_and_members_do_not(
    client, staff_a, cluster_member, cluster, membership, participation
):
    edit = reverse(
        "clusters:member_update", kwargs={"slug": cluster.slug, "pk": membership.pk}
    )
    status = reverse("clusters:status", kwargs={"slug": cluster.slug})
    client.force_login(staff_a)
    content = client.get(
        reverse("clusters:manage", kwargs={"slug": cluster.slug})
    ).content.decode()
    assert edit in content
    assert status in content
    client.force_login(cluster_member)
    response = client.get(reverse("clusters:manage", kwargs={"slug": cluster.slug}))
    content = response.content.decode()
    assert response.context["can_manage"] is False
    assert edit not in content
    assert status not in content
    assert "Bafra Pirinç Gıda Ltd. Şti." in content


def test_the_hub_counts_participants_by_helix(
    client, staff_a, cluster, membership, participation
):
    ParticipationFactory(
        cluster=cluster, organisation=OrganisationFactory(kind="public")
    )
    ParticipationFactory(
        cluster=cluster,
        organisation=OrganisationFactory(kind="large_company"),
    )
    ClusterMembershipFactory(cluster=cluster, left_on=datetime.date(2026, 3, 1))
    client.force_login(staff_a)
    response = client.get(
        reverse("clusters:manage", kwargs={"slug": cluster.slug}), **EN
    )
    assert [(h.label, h.count) for h in response.context["helix"]] == [
        ("Industry", 2),
        ("Academia and research", 1),
        ("Public bodies", 1),
        ("Support and finance", 0),
    ]
    assert response.context["active_members"] == 1
    assert [m.is_active for m in response.context["memberships"]] == [True, False]


def test_the_hub_shows_the_selection_scores_of_a_candidate(client, staff_a, candidate):
    criterion = SelectionCriterion.objects.get(code="demand")
    CandidateScore.objects.create(cluster=candidate, criterion=criterion, score=4)
    client.force_login(staff_a)
    response = client.get(reverse("clusters:manage", kwargs={"slug": candidate.slug}))
    selection = response.context["selection"]
    assert (selection.scored, selection.total) == (1, 1)


@pytest.mark.parametrize("actor", ["staff_a", "cluster_member"])
def test_hub_query_count_does_not_depend_on_participants(
    client,
    request,
    actor,
    cluster,
    membership,
    participation,
    django_assert_num_queries,
):
    client.force_login(request.getfixturevalue(actor))
    url = reverse("clusters:manage", kwargs={"slug": cluster.slug})
    ClusterMembershipFactory.create_batch(4, cluster=cluster)
    with CaptureQueriesContext(connection) as few:
        assert len(client.get(url).context["memberships"]) == 5
    ClusterMembershipFactory.create_batch(115, cluster=cluster)
    ParticipationFactory.create_batch(10, cluster=cluster)
    cache.clear()  # as cold as the first request (the menu's counts)
    with django_assert_num_queries(len(few.captured_queries)):
        response = client.get(url)
    assert len(response.context["memberships"]) == MEMBERS_PAGE_SIZE
    assert response.context["active_members"] == 120


def test_the_hub_pages_its_members_current_ones_first_by_date(client, staff_a, cluster):
    firms = [
        ClusterMembershipFactory(
            cluster=cluster, firm__legal_name=f"Firma {n:03d}"
        ).firm
        for n in range(MEMBERS_PAGE_SIZE + 5)
    ]
    gone = ClusterMembershipFactory(
        cluster=cluster,
        firm__legal_name="Aaa Ayrıldı",
        joined_on=datetime.date(2020, 1, 1),
        left_on=datetime.date(2025, 6, 1),
    )
    client.force_login(staff_a)
    url = reverse("clusters:manage", kwargs={"slug": cluster.slug})
    first = client.get(url, **EN)
    assert [m.firm for m in first.context["memberships"]] == (firms[:MEMBERS_PAGE_SIZE])
    page = first.content.decode()
    assert (
        f"Member firms 1 to {MEMBERS_PAGE_SIZE} of 56: current members first, "
        "each in the order they joined."
    ) in page
    assert f'href="{url}?page=2"' in page
    second = client.get(url, {"page": 2}, **EN)
    assert [m.firm for m in second.context["memberships"]] == [
        *firms[MEMBERS_PAGE_SIZE:],
        gone.firm,
    ]
    assert second.context["active_members"] == MEMBERS_PAGE_SIZE + 5


def test_the_hub_keeps_its_content_until_a_cluster_row_or_a_firm_changes(
    client, staff_a, cluster, membership, django_assert_num_queries
):
    client.force_login(staff_a)
    url = reverse("clusters:manage", kwargs={"slug": cluster.slug})
    assert "Bafra Pirinç Gıda" in client.get(url, **EN).content.decode()
    # Warm: the session; the cluster comes from the cache with the content.
    with django_assert_num_queries(1):
        client.get(url, **EN)
    ClusterMembershipFactory(cluster=cluster, firm__legal_name="Yeni Üye A.Ş.")
    assert "Yeni Üye A.Ş." in client.get(url, **EN).content.decode()
    firm = membership.firm
    firm.legal_name = "Bafra Çeltik Ltd. Şti."
    firm.save()
    page = client.get(url, **EN).content.decode()
    assert "Bafra Çeltik" in page
    assert "Bafra Pirinç Gıda" not in page
    cluster_change_status(
        actor=staff_a,
        cluster=cluster,
        to_status=ClusterStatus.DORMANT,
        reason="Toplantılar durdu",
        changed_on=timezone.localdate(),
    )
    assert "Toplantılar durdu" in client.get(url, **EN).content.decode()


def test_a_kept_hub_is_never_served_to_another_province(
    client, staff_a, staff_b, manager, cluster, membership
):
    """The hub is kept with its lookup, for the reader's provinces: another
    province's staff still get a 404, whoever filled the cache first."""
    url = reverse("clusters:manage", kwargs={"slug": cluster.slug})
    for reader in (staff_a, manager):
        client.force_login(reader)
        assert client.get(url).status_code == 200
        assert client.get(url).status_code == 200  # kept
    client.force_login(staff_b)
    assert client.get(url).status_code == 404
    assert client.get(url).status_code == 404


def test_a_cluster_moved_to_another_province_leaves_its_staff_at_once(
    client, staff_a, staff_b, cluster, province_b
):
    url = reverse("clusters:manage", kwargs={"slug": cluster.slug})
    client.force_login(staff_a)
    assert client.get(url).status_code == 200
    cluster.province = province_b
    cluster.save()
    assert client.get(url).status_code == 404
    client.force_login(staff_b)
    assert client.get(url).status_code == 200


def test_the_hub_is_drawn_for_each_kind_of_reader(
    client, staff_a, manager, member, cluster, membership
):
    """Managing it or reading it as a member firm's user: each sees their own
    content, whoever filled the cache first; the frame is the reader's."""
    url = reverse("clusters:manage", kwargs={"slug": cluster.slug})
    edit = reverse("clusters:update", args=[cluster.slug])
    client.force_login(manager)
    assert edit in client.get(url, **EN).content.decode()
    client.force_login(member)
    page = client.get(url, **EN).content.decode()
    assert edit not in page
    assert "Your firm is a member of this cluster" in page
    assert "member@example.org" in page
    assert "manager@example.org" not in page
    client.force_login(staff_a)
    page = client.get(url, **EN).content.decode()
    assert edit in page
    assert "Your firm is a member of this cluster" not in page


def test_the_hub_is_cached_for_each_language(client, staff_a, cluster, membership):
    client.force_login(staff_a)
    url = reverse("clusters:manage", kwargs={"slug": cluster.slug})
    assert "Add a member firm" in client.get(url, **EN).content.decode()
    turkish = client.get(url, HTTP_ACCEPT_LANGUAGE="tr").content.decode()
    assert "Add a member firm" not in turkish


# --- the firm page ----------------------------------------------------------------


def test_the_firm_page_shows_its_clusters(client, staff_a, cluster, info_spot_a):
    firm = FirmFactory(province=info_spot_a.province, info_spot=info_spot_a)
    past = ClusterFactory(province=info_spot_a.province, name="Eski Küme")
    ClusterMembershipFactory(
        cluster=past,
        firm=firm,
        joined_on=datetime.date(2025, 1, 1),
        left_on=datetime.date(2025, 6, 1),
    )
    ClusterMembershipFactory(cluster=cluster, firm=firm, role="founding")
    client.force_login(staff_a)
    response = client.get(firm.get_absolute_url(), **EN)
    content = response.content.decode()
    assert "In a cluster" in content
    assert content.index("Samsun Gıda Kümesi") < content.index("Eski Küme")
    assert "Founding member" in content
    assert reverse("clusters:manage", kwargs={"slug": cluster.slug}) in content


def test_the_firm_page_hides_a_candidate_cluster_from_its_member(
    client, member, info_spot_a
):
    firm = FirmFactory(province=info_spot_a.province, info_spot=info_spot_a)
    FirmMembership.objects.create(user=member, firm=firm)
    candidate = ClusterFactory(
        province=info_spot_a.province, name="Gizli Aday", status="candidate"
    )
    ClusterMembershipFactory(
        cluster=candidate,
        firm=firm,
        joined_on=datetime.date(2025, 1, 1),
        left_on=datetime.date(2025, 6, 1),
    )
    client.force_login(member)
    response = client.get(firm.get_absolute_url(), **EN)
    content = response.content.decode()
    assert "Gizli Aday" not in content
    assert "In a cluster" not in content


def test_firm_page_query_count_does_not_depend_on_memberships(
    client, staff_a, info_spot_a, django_assert_num_queries
):
    firm = FirmFactory(province=info_spot_a.province, info_spot=info_spot_a)
    ClusterMembershipFactory(firm=firm, cluster=ClusterFactory())
    client.force_login(staff_a)
    with CaptureQueriesContext(connection) as one:
        client.get(firm.get_absolute_url())
    for cluster in ClusterFactory.create_batch(5):
        ClusterMembershipFactory(firm=firm, cluster=cluster)
    cache.clear()  # as cold as the first request (the menu's counts)
    with django_assert_num_queries(len(one.captured_queries)):
        client.get(firm.get_absolute_url())


def test_the_firm_pages_clusters_are_kept_until_a_cluster_row_changes(
    client, staff_a, cluster, info_spot_a, django_assert_num_queries
):
    firm = FirmFactory(province=info_spot_a.province, info_spot=info_spot_a)
    client.force_login(staff_a)
    url = firm.get_absolute_url()
    assert (
        "The firm is not a member of any cluster."
        in client.get(url, **EN).content.decode()
    )
    with CaptureQueriesContext(connection) as warm:
        client.get(url, **EN)
    assert not [q for q in warm.captured_queries if "clusters_" in q["sql"]]
    membership = ClusterMembershipFactory(cluster=cluster, firm=firm)
    page = client.get(url, **EN).content.decode()
    assert "Samsun Gıda Kümesi" in page
    assert "In a cluster" in page
    cluster.name = "Samsun Gıda ve Tarım Kümesi"
    cluster.save()
    assert "Samsun Gıda ve Tarım Kümesi" in client.get(url, **EN).content.decode()
    membership.left_on = timezone.localdate()
    membership.save()
    assert "Current member" not in client.get(url, **EN).content.decode()


def test_the_firm_pages_clusters_are_the_readers_own(
    client, staff_a, staff_b, manager, info_spot_a, province_b
):
    """A candidate of another province is named to its staff and to
    national roles only, whoever filled the cache first."""
    firm = FirmFactory(province=info_spot_a.province, info_spot=info_spot_a)
    candidate = ClusterFactory(
        province=province_b, name="Trabzon Adayı", status="candidate"
    )
    ClusterMembershipFactory(cluster=candidate, firm=firm)
    url = firm.get_absolute_url()
    client.force_login(manager)
    assert "Trabzon Adayı" in client.get(url, **EN).content.decode()
    client.force_login(staff_a)
    for _ in range(2):
        page = client.get(url, **EN).content.decode()
        assert "Trabzon Adayı" not in page
        assert "The firm is a member of a cluster of another province" in page
    client.force_login(staff_b)
    assert client.get(url, **EN).status_code == 404
