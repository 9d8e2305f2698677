"""Partner search: who may post, the public list, a post's page, answers
seen only by the poster's side (who speaks for the cluster or firm today,
not whoever wrote the post), and the e-mail to the author."""

import datetime
import time

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format

from clusters.forms.partners import POSTER_NOT_ALLOWED
from clusters.models import PartnerInterest, PartnerPost
from clusters.permissions import (
    can_close_partner_post,
    can_post_for_firm,
    is_partner_poster_side,
)
from clusters.selectors.partners import (
    partner_overview,
    postable_clusters,
    postable_firms,
)
from clusters.services.partners import (
    CLOSE_FORBIDDEN,
    EXPIRES_NOT_AFTER_TODAY,
    EXPIRES_TOO_LATE,
    INTEREST_ALREADY,
    MESSAGE_REQUIRED,
    OWN_POST,
    POST_FORBIDDEN,
    POST_NOT_OPEN,
    latest_expiry,
    partner_interest_express,
    partner_post_close,
    partner_post_create,
)
from clusters.tasks import send_partner_interest
from infospots.models import FirmMembership, NaceSection, StaffAssignment
from kms.accounts.models import Role
from tests.factories import (
    ClusterFactory,
    ClusterMembershipFactory,
    FirmFactory,
    PartnerPostFactory,
    UserFactory,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("eager_tasks")]

LIST_URL = reverse("clusters:partner_list")
CREATE_URL = reverse("clusters:partner_create")
ANSWERER_EMAIL = "answerer@example.org"


def _today():
    return timezone.localdate()


def _in_days(days):
    return _today() + datetime.timedelta(days=days)


def _detail_url(post):
    return reverse("clusters:partner_detail", kwargs={"pk": post.pk})


def _interest_url(post):
    return reverse("clusters:partner_interest", kwargs={"pk": post.pk})


def _close_url(post):
    return reverse("clusters:partner_close", kwargs={"pk": post.pk})


def _log_in(client, user):
    """Log `user` in; the anonymous actor stays logged out."""
    if user.is_authenticated:
        client.force_login(user)


def _en(text) -> str:
    with translation.override("en"):
        return str(text)


@pytest.fixture
def cluster(province_a):
    return ClusterFactory(name="Samsun Gıda Kümesi", province=province_a)


@pytest.fixture
def member_firm(cluster):
    """A Samsun firm with an active membership of `cluster`, listed publicly."""
    return ClusterMembershipFactory(
        cluster=cluster,
        firm__legal_name="Karadeniz Un Sanayi A.Ş.",
        firm__listed_publicly=True,
    ).firm


@pytest.fixture
def unlisted_firm(cluster):
    """A Samsun member firm of `cluster` that did not agree to be listed."""
    return ClusterMembershipFactory(
        cluster=cluster,
        firm__legal_name="Gizli Makine San. A.Ş.",
        firm__listed_publicly=False,
    ).firm


@pytest.fixture
def unlisted_member(unlisted_firm):
    """A user of `unlisted_firm`."""
    user = UserFactory(email="unlisted@example.org")
    FirmMembership.objects.create(user=user, firm=unlisted_firm)
    return user


@pytest.fixture
def cluster_member(member, member_firm):
    """The `member` actor, a user of a member firm of `cluster`."""
    FirmMembership.objects.create(user=member, firm=member_firm)
    return member


@pytest.fixture
def outsider(province_a):
    """An SME member whose firm is in no cluster."""
    user = UserFactory(email="outsider@example.org", first_name="Ali", last_name="Ak")
    firm = FirmFactory(legal_name="Bafra Tekstil Ltd. Şti.", province=province_a)
    FirmMembership.objects.create(user=user, firm=firm)
    return user


@pytest.fixture
def answerer(province_b):
    """A member of a Trabzon firm who answers posts."""
    user = UserFactory(email=ANSWERER_EMAIL, first_name="Zeynep", last_name="Kaya")
    firm = FirmFactory(legal_name="Trabzon Fındık A.Ş.", province=province_b)
    FirmMembership.objects.create(user=user, firm=firm)
    return user


@pytest.fixture
def cluster_post(cluster, staff_a):
    return PartnerPostFactory(
        cluster=cluster, author=staff_a, topic="Ortak fuar katılımı"
    )


@pytest.fixture
def closed_post(cluster, staff_a):
    return PartnerPostFactory(
        cluster=cluster,
        author=staff_a,
        topic="Kapanmış ilan",
        closed_at=timezone.now(),
    )


def _new_post(**fields):
    values = {
        "kind": "offer",
        "topic": "Ortak ihracat pazarlaması",
        "description": "Almanya fuarına birlikte katılacak firmalar.",
        "expires_on": _in_days(30),
    }
    values.update(fields)
    return PartnerPost(**values)


def _form_data(poster, **fields):
    data = {
        "poster": poster,
        "kind": "request",
        "topic": "Ambalaj tedarikçisi arıyoruz",
        "description": "Yılda 10.000 koli.\nNumune gönderebiliriz.",
        "sectors": [NaceSection.objects.get(code="C").pk],
        "expires_on": _in_days(30).isoformat(),
    }
    data.update(fields)
    return data


# --- who may post ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("actor", "allowed"),
    [
        ("cluster_member", False),
        ("outsider", False),
        ("staff_a", True),
        ("staff_b", False),
        ("manager", True),
        ("admin_user", True),
    ],
)
def test_who_may_post_for_a_cluster(request, cluster, actor, allowed):
    user = request.getfixturevalue(actor)
    assert postable_clusters(user=user).filter(pk=cluster.pk).exists() is allowed


@pytest.mark.parametrize(
    ("actor", "allowed"),
    [
        ("cluster_member", True),
        ("outsider", False),
        ("staff_a", True),
        ("staff_b", False),
        ("manager", True),
        ("admin_user", True),
    ],
)
def test_who_may_post_for_a_member_firm(request, member_firm, actor, allowed):
    user = request.getfixturevalue(actor)
    assert postable_firms(user=user).filter(pk=member_firm.pk).exists() is allowed


@pytest.mark.parametrize("actor", ["cluster_member", "staff_b", "outsider"])
def test_the_service_refuses_a_cluster_post_to_others(request, cluster, actor):
    user = request.getfixturevalue(actor)
    with pytest.raises(PermissionDenied, match=str(POST_FORBIDDEN)):
        partner_post_create(actor=user, post=_new_post(cluster=cluster))
    assert not PartnerPost.objects.exists()


@pytest.mark.parametrize("actor", ["outsider", "staff_b"])
def test_the_service_refuses_a_firm_post_to_others(request, member_firm, actor):
    user = request.getfixturevalue(actor)
    with pytest.raises(PermissionDenied, match=str(POST_FORBIDDEN)):
        partner_post_create(actor=user, post=_new_post(firm=member_firm))
    assert not PartnerPost.objects.exists()


def test_a_firm_that_left_its_cluster_cannot_post(cluster_member, staff_a, member_firm):
    member_firm.cluster_memberships.update(left_on=_today())
    assert list(postable_firms(user=cluster_member)) == []
    assert list(postable_firms(user=staff_a)) == []
    with pytest.raises(PermissionDenied):
        partner_post_create(actor=cluster_member, post=_new_post(firm=member_firm))
    assert not PartnerPost.objects.exists()


def test_a_candidate_cluster_cannot_post(staff_a, province_a):
    candidate = ClusterFactory(province=province_a, status="candidate")
    assert list(postable_clusters(user=staff_a)) == []
    with pytest.raises(PermissionDenied):
        partner_post_create(actor=staff_a, post=_new_post(cluster=candidate))
    assert not PartnerPost.objects.exists()


def test_a_member_firm_posts_and_its_text_is_cleaned(cluster_member, member_firm):
    post = partner_post_create(
        actor=cluster_member,
        post=_new_post(
            firm=member_firm,
            topic="  Ortak\x07 ihracat\n pazarlaması ",
            description="Birinci satır\x1b.\r\nİkinci satır\u202e.",
        ),
        sectors=NaceSection.objects.filter(code__in=["C", "G"]),
    )
    post.refresh_from_db()
    assert (post.topic, post.description, post.author, post.firm, post.cluster) == (
        "Ortak ihracat pazarlaması",
        "Birinci satır.\r\nİkinci satır.",
        cluster_member,
        member_firm,
        None,
    )
    assert list(post.sectors.values_list("code", flat=True)) == ["C", "G"]


def test_the_form_offers_only_whom_the_user_may_post_for(
    client, staff_b, province_b, cluster, member_firm
):
    trabzon = ClusterFactory(name="Trabzon Fındık Kümesi", province=province_b)
    client.force_login(staff_b)
    response = client.get(CREATE_URL, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    with translation.override("en"):
        assert response.context["form"].fields["poster"].choices == [
            ("Clusters", [(f"cluster-{trabzon.pk}", "Trabzon Fındık Kümesi")]),
        ]


def test_a_forged_poster_is_refused_next_to_the_field(
    client, staff_b, province_b, cluster
):
    ClusterFactory(name="Trabzon Fındık Kümesi", province=province_b)
    client.force_login(staff_b)
    response = client.post(
        CREATE_URL, _form_data(f"cluster-{cluster.pk}"), HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 400
    assert response.context["form"].errors == {"poster": [_en(POSTER_NOT_ALLOWED)]}
    assert not PartnerPost.objects.exists()


@pytest.mark.parametrize("actor", ["unlisted_member", "staff_a", "manager"])
def test_a_firm_not_listed_publicly_cannot_post(request, unlisted_firm, actor):
    user = request.getfixturevalue(actor)
    assert postable_firms(user=user).filter(pk=unlisted_firm.pk).exists() is False
    assert can_post_for_firm(user, unlisted_firm) is False
    with pytest.raises(PermissionDenied, match=str(POST_FORBIDDEN)):
        partner_post_create(actor=user, post=_new_post(firm=unlisted_firm))
    assert not PartnerPost.objects.exists()


def test_the_user_of_an_unlisted_firm_has_nobody_to_post_for(client, unlisted_member):
    client.force_login(unlisted_member)
    assert client.get(CREATE_URL).status_code == 403
    assert client.get(LIST_URL).context["can_post"] is False


def test_a_forged_unlisted_firm_is_refused_next_to_the_field(
    client, staff_a, cluster, member_firm, unlisted_firm
):
    client.force_login(staff_a)
    form = client.get(CREATE_URL, HTTP_ACCEPT_LANGUAGE="en").context["form"]
    with translation.override("en"):
        assert [
            (str(group), options) for group, options in form.fields["poster"].choices
        ] == [
            ("", "Choose a cluster or a firm"),
            ("Clusters", [(f"cluster-{cluster.pk}", "Samsun Gıda Kümesi")]),
            (
                "Firms",
                [(f"firm-{member_firm.pk}", "Karadeniz Un Sanayi A.Ş. (Samsun)")],
            ),
        ]
    response = client.post(
        CREATE_URL, _form_data(f"firm-{unlisted_firm.pk}"), HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 400
    assert response.context["form"].errors == {"poster": [_en(POSTER_NOT_ALLOWED)]}
    assert _en(POSTER_NOT_ALLOWED) in response.content.decode()
    assert not PartnerPost.objects.exists()


def test_a_huge_sector_id_is_refused_next_to_the_field(client, staff_a, cluster):
    # SQLite cannot bind an integer past 64 bits: the form must refuse it
    # before the query (kms.core.forms' bounded ModelMultipleChoiceField).
    client.force_login(staff_a)
    response = client.post(
        CREATE_URL,
        _form_data(f"cluster-{cluster.pk}", sectors=["99999999999999999999"]),
    )
    assert response.status_code == 400
    assert list(response.context["form"].errors) == ["sectors"]
    assert not PartnerPost.objects.exists()


@pytest.mark.parametrize("actor", ["outsider", "staff_b"])
def test_users_with_nobody_to_post_for_get_403(client, request, cluster, actor):
    client.force_login(request.getfixturevalue(actor))
    assert client.get(CREATE_URL).status_code == 403


def test_the_create_page_needs_a_login(client):
    response = client.get(CREATE_URL)
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_staff_post_for_their_cluster_through_the_form(client, staff_a, cluster):
    client.force_login(staff_a)
    response = client.post(CREATE_URL, _form_data(f"cluster-{cluster.pk}"))
    post = PartnerPost.objects.get()
    assert response.status_code == 302
    assert response.url == _detail_url(post)
    assert (post.kind, post.cluster, post.firm, post.author) == (
        "request",
        cluster,
        None,
        staff_a,
    )
    assert post.description == "Yılda 10.000 koli.\nNumune gönderebiliriz."


def test_staff_post_for_a_member_firm_of_their_province(client, staff_a, member_firm):
    client.force_login(staff_a)
    response = client.post(CREATE_URL, _form_data(f"firm-{member_firm.pk}"))
    assert response.status_code == 302
    assert PartnerPost.objects.get().firm == member_firm


def test_the_cluster_page_link_preselects_the_cluster(client, staff_a, cluster):
    ClusterFactory(province=cluster.province)
    client.force_login(staff_a)
    response = client.get(CREATE_URL, {"for": f"cluster-{cluster.pk}"})
    assert response.context["form"]["poster"].value() == f"cluster-{cluster.pk}"


# --- validation ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("expires_on", "message"),
    [
        (lambda today: today, EXPIRES_NOT_AFTER_TODAY),
        (lambda today: today - datetime.timedelta(days=3), EXPIRES_NOT_AFTER_TODAY),
    ],
)
def test_a_closing_date_not_after_today_is_refused(
    client, staff_a, cluster, expires_on, message
):
    client.force_login(staff_a)
    data = _form_data(
        f"cluster-{cluster.pk}", expires_on=expires_on(_today()).isoformat()
    )
    response = client.post(CREATE_URL, data, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert response.context["form"].errors == {"expires_on": [_en(message)]}
    assert not PartnerPost.objects.exists()


def test_a_closing_date_more_than_a_year_ahead_is_refused(client, staff_a, cluster):
    latest = latest_expiry(_today())
    client.force_login(staff_a)
    data = _form_data(
        f"cluster-{cluster.pk}",
        expires_on=(latest + datetime.timedelta(days=1)).isoformat(),
    )
    response = client.post(CREATE_URL, data, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    with translation.override("en"):
        expected = str(EXPIRES_TOO_LATE) % {"date": date_format(latest)}
    assert response.context["form"].errors == {"expires_on": [expected]}
    assert expected in response.content.decode()
    assert not PartnerPost.objects.exists()


def test_a_closing_date_exactly_a_year_ahead_is_accepted(staff_a, cluster):
    latest = latest_expiry(_today())
    post = partner_post_create(
        actor=staff_a, post=_new_post(cluster=cluster, expires_on=latest)
    )
    assert post.expires_on == latest


def test_missing_fields_are_named_next_to_them(client, staff_a, cluster):
    client.force_login(staff_a)
    data = _form_data(f"cluster-{cluster.pk}", topic="", description="", kind="")
    response = client.post(CREATE_URL, data, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert response.context["form"].errors == {
        "kind": ["This field is required."],
        "topic": ["This field is required."],
        "description": ["This field is required."],
    }
    assert not PartnerPost.objects.exists()


def test_a_description_of_control_characters_only_is_empty(staff_a, cluster):
    with pytest.raises(ValidationError) as error:
        partner_post_create(
            actor=staff_a,
            post=_new_post(cluster=cluster, description="\x07\x1b ", expires_on=None),
        )
    assert set(error.value.message_dict) == {"description", "expires_on"}
    assert not PartnerPost.objects.exists()


# --- the public list ---------------------------------------------------------------


def test_the_public_list_shows_open_public_posts_only(
    client, cluster, closed_post, province_a, member_firm, unlisted_firm
):
    open_post = PartnerPostFactory(cluster=cluster, topic="Açık ilan")
    PartnerPostFactory(cluster=cluster, topic="Süresi dolmuş", expires_on=_in_days(-1))
    PartnerPostFactory(
        cluster=ClusterFactory(province=province_a, status="candidate"),
        topic="Aday kümenin ilanı",
    )
    PartnerPostFactory(
        cluster=ClusterFactory(province=province_a, identified_on=None),
        topic="Hiç belirlenmemiş kümenin ilanı",
    )
    PartnerPostFactory(cluster=None, firm=unlisted_firm, topic="Listelenmeyen firma")
    firm_post = PartnerPostFactory(cluster=None, firm=member_firm, topic="Firma ilanı")
    response = client.get(LIST_URL)
    assert response.status_code == 200
    assert list(response.context["posts"]) == [firm_post, open_post]
    assert list(PartnerPost.objects.public()) == [firm_post, open_post]


def test_a_firm_that_stops_being_listed_leaves_the_public_list(
    client, member_firm, cluster_member
):
    post = PartnerPostFactory(cluster=None, firm=member_firm, author=cluster_member)
    member_firm.listed_publicly = False
    member_firm.save(update_fields=["listed_publicly"])
    assert list(client.get(LIST_URL).context["posts"]) == []
    assert client.get(_detail_url(post)).status_code == 404
    client.force_login(cluster_member)
    assert client.get(_detail_url(post)).status_code == 200


def test_the_list_names_the_poster_but_no_person(client, member_firm, cluster_member):
    PartnerPostFactory(
        cluster=None,
        firm=member_firm,
        author=cluster_member,
        topic="Firma ilanı",
    )
    page = client.get(LIST_URL, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Karadeniz Un Sanayi A.Ş. <span" in page
    assert "(Samsun)" in page
    assert cluster_member.email not in page
    assert cluster_member.last_name not in page
    assert "bi-megaphone" in page
    assert "Offer</span>" in page


def test_the_service_stores_the_folded_search_key(staff_a, cluster):
    post = partner_post_create(
        actor=staff_a,
        post=_new_post(
            cluster=cluster,
            topic="  GIDA\x07 Ambalajı ",
            description="İhracat  için\nŞirket, ÇAĞRI.",
        ),
    )
    post.refresh_from_db()
    assert post.search_key == "gida ambalaji ihracat icin sirket, cagri."


def test_the_list_filters_by_kind_sector_and_folded_text(client, cluster, staff_a):
    food = NaceSection.objects.get(code="C")
    trade = NaceSection.objects.get(code="G")
    flour = partner_post_create(
        actor=staff_a,
        post=_new_post(
            cluster=cluster,
            kind="offer",
            topic="GIDA ambalajı",
            description="Koli ve kavanoz.",
        ),
        sectors=[food],
    )
    export = partner_post_create(
        actor=staff_a,
        post=_new_post(
            cluster=cluster,
            kind="request",
            topic="Ortak pazar",
            description="İhracat için şirket arıyoruz.",
        ),
        sectors=[trade, food],
    )

    def listed(**query):
        return list(client.get(LIST_URL, query).context["posts"])

    assert listed(kind="offer") == [flour]
    assert listed(kind="request") == [export]
    assert listed(sector=trade.pk) == [export]
    assert listed(sector=food.pk) == [export, flour]
    assert listed(q="gıda") == [flour]
    assert listed(q="ihracat sirket") == [export]
    assert listed(q="IHRACAT pazar") == [export]
    assert listed(q="ihracat gida") == []
    assert listed(q="kavanoz, KOLİ") == [flour]
    assert listed(q="!!") == [export, flour]


def test_bad_filters_answer_400_next_to_the_field(client, cluster_post):
    response = client.get(LIST_URL, {"sector": "999", "kind": "x"})
    assert response.status_code == 400
    assert set(response.context["form"].errors) == {"sector", "kind"}
    assert list(response.context["posts"]) == []


@pytest.mark.parametrize("count", [1, 25])
def test_the_list_has_a_fixed_number_of_queries(
    client, cluster, member_firm, django_assert_num_queries, count
):
    sectors = list(NaceSection.objects.filter(code__in=["A", "C"]))
    for number in range(count):
        post = PartnerPostFactory(
            cluster=cluster if number % 2 else None,
            firm=None if number % 2 else member_firm,
        )
        post.sectors.set(sectors)
    # count, the page's posts, their sectors, the filter's sector choices, and
    # the provinces of base.html's footer
    with django_assert_num_queries(5):
        response = client.get(LIST_URL, {"page": "1"})
    assert len(response.context["posts"]) == min(count, 20)


def test_the_new_post_button_shows_for_those_who_may_post(
    client, cluster, staff_a, outsider
):
    client.force_login(outsider)
    assert client.get(LIST_URL).context["can_post"] is False
    client.force_login(staff_a)
    assert client.get(LIST_URL).context["can_post"] is True


# --- a post's page -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("actor", "status"),
    [
        ("anonymous", 404),
        ("outsider", 404),
        ("staff_b", 404),
        ("cluster_member", 200),
        ("staff_a", 200),
        ("manager", 200),
    ],
)
def test_a_closed_post_is_seen_by_its_side_only(
    client, request, closed_post, actor, status
):
    _log_in(client, request.getfixturevalue(actor))
    assert client.get(_detail_url(closed_post)).status_code == status


@pytest.mark.parametrize(
    ("actor", "status"),
    [
        ("anonymous", 404),
        ("outsider", 404),
        ("staff_b", 404),
        ("cluster_member", 200),
        ("staff_a", 200),
    ],
)
def test_an_expired_firm_post_is_seen_by_its_side_only(
    client, request, member_firm, actor, status
):
    post = PartnerPostFactory(
        cluster=None, firm=member_firm, expires_on=_in_days(-1), author=None
    )
    _log_in(client, request.getfixturevalue(actor))
    assert client.get(_detail_url(post)).status_code == status


def test_an_open_post_is_public(client, cluster_post):
    response = client.get(_detail_url(cluster_post), HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Ortak fuar katılımı" in page
    assert "Log in to express interest" in page
    assert response.context["answers"] == []


def test_the_description_is_escaped_with_line_breaks(client, cluster, staff_a):
    post = PartnerPostFactory(
        cluster=cluster, description="<script>alert(1)</script>\nİkinci satır"
    )
    page = client.get(_detail_url(post)).content.decode()
    assert "<p>&lt;script&gt;alert(1)&lt;/script&gt;<br>İkinci satır</p>" in page
    assert "<script>alert(1)" not in page


@pytest.fixture
def answered_post(cluster_post, answerer):
    PartnerInterest.objects.create(
        post=cluster_post,
        user=answerer,
        firm=answerer.firm_membership.firm,
        message="Biz de katılmak isteriz.",
    )
    return cluster_post


@pytest.mark.parametrize(
    ("actor", "sees_answers"),
    [
        ("anonymous", False),
        ("outsider", False),
        ("staff_b", False),
        ("cluster_member", True),
        ("staff_a", True),
        ("manager", True),
    ],
)
def test_answers_are_seen_by_the_poster_side_only(
    client, request, answered_post, actor, sees_answers
):
    _log_in(client, request.getfixturevalue(actor))
    page = client.get(_detail_url(answered_post)).content.decode()
    assert (ANSWERER_EMAIL in page) is sees_answers
    assert ("Biz de katılmak isteriz." in page) is sees_answers
    assert ("Trabzon Fındık A.Ş." in page) is sees_answers


@pytest.mark.parametrize("count", [1, 6])
def test_the_detail_page_has_a_fixed_number_of_queries(
    client, cluster_post, staff_a, django_assert_num_queries, count
):
    for number in range(count):
        PartnerInterest.objects.create(
            post=cluster_post,
            user=UserFactory(),
            firm=FirmFactory(),
            message=f"İlgileniyoruz {number}.",
        )
    client.force_login(staff_a)
    with django_assert_num_queries(10):
        response = client.get(_detail_url(cluster_post))
    assert len(response.context["answers"]) == count


# --- the poster side: who speaks for the cluster or firm today ---------------------


@pytest.fixture
def side_posts(cluster, member_firm, unlisted_firm, answerer):
    """One post of each kind, none with an author: authorship gives no right."""
    trabzon_firm = answerer.firm_membership.firm
    closed = timezone.now()
    return {
        "cluster open": PartnerPostFactory(cluster=cluster, author=None),
        "cluster closed": PartnerPostFactory(
            cluster=cluster, author=None, closed_at=closed
        ),
        "firm open": PartnerPostFactory(cluster=None, firm=member_firm, author=None),
        "unlisted open": PartnerPostFactory(
            cluster=None, firm=unlisted_firm, author=None
        ),
        "trabzon closed": PartnerPostFactory(
            cluster=None, firm=trabzon_firm, author=None, closed_at=closed
        ),
    }


PUBLIC_POSTS = {"cluster open", "firm open"}
SAMSUN_POSTS = {"cluster open", "cluster closed", "firm open", "unlisted open"}


@pytest.mark.parametrize(
    ("actor", "side", "closes"),
    [
        ("anonymous", set(), set()),
        ("outsider", set(), set()),
        (
            "cluster_member",
            {"cluster open", "cluster closed", "firm open"},
            {"firm open"},
        ),
        (
            "unlisted_member",
            {"cluster open", "cluster closed", "unlisted open"},
            {"unlisted open"},
        ),
        ("answerer", {"trabzon closed"}, {"trabzon closed"}),
        ("staff_a", SAMSUN_POSTS, SAMSUN_POSTS),
        ("staff_b", {"trabzon closed"}, {"trabzon closed"}),
        (
            "manager",
            {*SAMSUN_POSTS, "trabzon closed"},
            {*SAMSUN_POSTS, "trabzon closed"},
        ),
    ],
)
def test_the_poster_side_predicates_and_their_queryset_twins_agree(
    request, side_posts, actor, side, closes
):
    user = request.getfixturevalue(actor)
    names = {post.pk: name for name, post in side_posts.items()}

    def named(posts):
        return {names[post.pk] for post in posts}

    assert {n for n, p in side_posts.items() if is_partner_poster_side(user, p)} == (
        side
    )
    assert {n for n, p in side_posts.items() if can_close_partner_post(user, p)} == (
        closes
    )
    assert named(PartnerPost.objects.poster_side(user)) == side
    assert named(PartnerPost.objects.visible_to(user)) == PUBLIC_POSTS | side
    assert named(PartnerPost.objects.public()) == PUBLIC_POSTS


def _remove_from_firm(user, info_spot_b):
    FirmMembership.objects.filter(user=user).delete()


def _move_to_trabzon(user, info_spot_b):
    StaffAssignment.objects.filter(user=user).update(info_spot=info_spot_b)


@pytest.mark.parametrize(
    ("author", "poster", "leave"),
    [
        ("cluster_member", "member_firm", _remove_from_firm),
        ("staff_a", "member_firm", _move_to_trabzon),
        ("staff_a", "cluster", _move_to_trabzon),
    ],
)
def test_an_author_who_no_longer_speaks_for_the_poster_loses_the_post(
    client, request, monkeypatch, info_spot_b, answerer, author, poster, leave
):
    user = request.getfixturevalue(author)
    target = request.getfixturevalue(poster)
    field = "cluster" if poster == "cluster" else "firm"
    post = partner_post_create(actor=user, post=_new_post(**{field: target}))
    interest = PartnerInterest.objects.create(
        post=post,
        user=answerer,
        firm=answerer.firm_membership.firm,
        message="Biz de varız.",
    )
    assert is_partner_poster_side(user, post) is True
    leave(user, info_spot_b)
    user = type(user).objects.get(pk=user.pk)  # the province scope is cached
    assert is_partner_poster_side(user, post) is False
    assert can_close_partner_post(user, post) is False
    assert list(PartnerPost.objects.poster_side(user)) == []

    events = []
    monkeypatch.setattr(
        "clusters.services.partners.logger.info",
        lambda message, *args: events.append(message % args),
    )
    assert send_partner_interest.apply(args=[interest.pk]).get() is False
    assert mail.outbox == []
    assert events == [
        f"partner_interest_mail_skipped interest_id={interest.pk} "
        "reason=author_left_side"
    ]

    client.force_login(user)
    response = client.get(_detail_url(post))
    assert response.status_code == 200  # still open: public
    assert (response.context["poster_side"], response.context["answers"]) == (
        False,
        [],
    )
    assert "Biz de varız." not in response.content.decode()
    assert response.context["can_close"] is False
    assert client.post(_close_url(post)).status_code == 403
    post.refresh_from_db()
    assert post.closed_at is None

    PartnerPost.objects.filter(pk=post.pk).update(closed_at=timezone.now())
    assert client.get(_detail_url(post)).status_code == 404


# --- expressing interest -----------------------------------------------------------


def test_a_member_expresses_interest_and_the_author_is_emailed(
    client,
    answerer,
    cluster_post,
    staff_a,
    settings,
    django_capture_on_commit_callbacks,
):
    settings.LANGUAGE_CODE = "en"
    settings.SITE_URL = "https://kms.example.org/"
    client.force_login(answerer)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            _interest_url(cluster_post), {"message": "Standı paylaşalım.\x07"}
        )
    assert response.status_code == 302
    assert response.url == _detail_url(cluster_post) + "#interest"
    interest = PartnerInterest.objects.get()
    assert (interest.user, interest.firm.legal_name, interest.message) == (
        answerer,
        "Trabzon Fındık A.Ş.",
        "Standı paylaşalım.",
    )
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [staff_a.email]
    assert message.reply_to == [ANSWERER_EMAIL]
    assert message.subject == "[KMS] New interest in your post: Ortak fuar katılımı"
    assert f"https://kms.example.org/clusters/partners/{cluster_post.pk}/" in (
        message.body
    )
    assert "Zeynep Kaya" in message.body
    assert ANSWERER_EMAIL in message.body
    assert "Standı paylaşalım." in message.body
    page = client.get(_detail_url(cluster_post), HTTP_ACCEPT_LANGUAGE="en")
    assert page.context["own_interest"] == interest
    assert page.context["interest_form"] is None


def test_interest_twice_is_refused_and_nothing_is_written(
    client, answerer, answered_post, django_capture_on_commit_callbacks
):
    client.force_login(answerer)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = client.post(
            _interest_url(answered_post),
            {"message": "Bir daha."},
            HTTP_ACCEPT_LANGUAGE="en",
        )
    assert response.status_code == 400
    assert response.context["interest_form"].non_field_errors() == [
        _en(INTEREST_ALREADY)
    ]
    assert _en(INTEREST_ALREADY) in response.content.decode()
    assert list(PartnerInterest.objects.values_list("message", flat=True)) == [
        "Biz de katılmak isteriz."
    ]
    assert callbacks == []
    assert mail.outbox == []


def test_the_database_refuses_a_second_interest_too(
    answerer, answered_post, monkeypatch
):
    # Both requests passed the existence check: the unique constraint decides.
    monkeypatch.setattr(
        "clusters.services.partners.PartnerInterest.objects.filter",
        lambda **kw: PartnerInterest.objects.none(),
    )
    with pytest.raises(ValidationError) as error:
        partner_interest_express(actor=answerer, post=answered_post, message="Yine")
    assert error.value.messages == [_en(INTEREST_ALREADY)]
    monkeypatch.undo()
    assert PartnerInterest.objects.count() == 1


@pytest.mark.parametrize("actor", ["staff_a", "cluster_member", "manager"])
def test_the_poster_side_cannot_answer(client, request, cluster_post, actor):
    client.force_login(request.getfixturevalue(actor))
    response = client.post(
        _interest_url(cluster_post), {"message": "Biz"}, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 400
    assert response.context["interest_form"].non_field_errors() == [_en(OWN_POST)]
    assert not PartnerInterest.objects.exists()


def test_a_message_is_required(client, answerer, cluster_post):
    client.force_login(answerer)
    response = client.post(
        _interest_url(cluster_post), {"message": " \x07 "}, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 400
    assert response.context["interest_form"].errors == {
        "message": [_en(MESSAGE_REQUIRED)]
    }
    assert not PartnerInterest.objects.exists()


def test_an_expired_post_takes_no_answers(answerer, cluster_post):
    PartnerPost.objects.filter(pk=cluster_post.pk).update(expires_on=_in_days(-1))
    with pytest.raises(ValidationError) as error:
        partner_interest_express(actor=answerer, post=cluster_post, message="Biz")
    assert error.value.messages == [_en(POST_NOT_OPEN)]
    assert not PartnerInterest.objects.exists()


def test_a_closed_post_answers_404_to_an_answer(client, answerer, closed_post):
    client.force_login(answerer)
    response = client.post(_interest_url(closed_post), {"message": "Biz"})
    assert response.status_code == 404
    assert not PartnerInterest.objects.exists()


def test_anonymous_answers_go_to_the_login_page(client, cluster_post):
    response = client.post(_interest_url(cluster_post), {"message": "Biz"})
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))
    assert not PartnerInterest.objects.exists()


def test_a_get_on_the_answer_and_close_addresses_is_405(client, cluster_post):
    assert client.get(_interest_url(cluster_post)).status_code == 405
    assert client.get(_close_url(cluster_post)).status_code == 405


def test_no_mail_when_the_author_is_gone(answerer, answered_post, staff_a):
    staff_a.delete()
    interest = PartnerInterest.objects.get()
    assert send_partner_interest.apply(args=[interest.pk]).get() is False
    assert mail.outbox == []


def test_the_task_returns_quietly_when_the_answer_is_gone(answered_post):
    interest = PartnerInterest.objects.get()
    interest.delete()
    assert send_partner_interest.apply(args=[interest.pk]).get() is False
    assert mail.outbox == []


# --- closing -----------------------------------------------------------------------


def test_the_poster_closes_a_post_and_it_leaves_the_list(client, staff_a, cluster_post):
    client.force_login(staff_a)
    response = client.post(_close_url(cluster_post))
    assert response.status_code == 302
    cluster_post.refresh_from_db()
    assert cluster_post.closed_at is not None
    assert list(client.get(LIST_URL).context["posts"]) == []
    assert client.get(_detail_url(cluster_post)).context["state"] == "closed"


@pytest.mark.parametrize("actor", ["outsider", "staff_b", "cluster_member"])
def test_others_cannot_close_a_post(client, request, cluster_post, actor):
    client.force_login(request.getfixturevalue(actor))
    assert client.post(_close_url(cluster_post)).status_code == 403
    cluster_post.refresh_from_db()
    assert cluster_post.closed_at is None


def test_the_close_service_names_the_refusal(outsider, cluster_post):
    with pytest.raises(PermissionDenied, match=str(CLOSE_FORBIDDEN)):
        partner_post_close(actor=outsider, post=cluster_post)


def test_another_province_closed_post_answers_404_to_close(
    client, staff_b, closed_post
):
    client.force_login(staff_b)
    assert client.post(_close_url(closed_post)).status_code == 404


def test_a_firm_user_closes_their_firm_post(cluster_member, member_firm, staff_b):
    post = PartnerPostFactory(cluster=None, firm=member_firm, author=None)
    closed = partner_post_close(actor=cluster_member, post=post)
    assert closed.closed_at is not None


# --- the cluster page's overview ---------------------------------------------------


def test_the_overview_counts_answers_and_shows_them_to_the_cluster_side(
    answered_post, closed_post, cluster, staff_a, cluster_member
):
    overview = partner_overview(cluster=cluster, user=cluster_member)
    assert overview["partner_answers_visible"] is True
    assert overview["can_post_partner"] is False
    assert [(p.topic, p.n_interests, p.state) for p in overview["partner_posts"]] == [
        ("Kapanmış ilan", 0, "closed"),
        ("Ortak fuar katılımı", 1, "open"),
    ]
    assert [a.user.email for a in overview["partner_posts"][1].answers] == [
        ANSWERER_EMAIL
    ]
    assert partner_overview(cluster=cluster, user=staff_a)["can_post_partner"] is True


def test_the_overview_hides_answers_from_others(answered_post, cluster, staff_b):
    overview = partner_overview(cluster=cluster, user=staff_b)
    assert overview["partner_answers_visible"] is False
    assert not hasattr(overview["partner_posts"][0], "answers")


# --- a real worker -----------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_a_real_worker_sends_the_interest_email(
    reference_data, real_worker, mailoutbox, settings
):
    settings.SITE_URL = "https://kms.example.org"
    # A manager: on the side of every cluster, so the e-mail goes out.
    author = UserFactory(email="poster@example.org", role=Role.MANAGER)
    cluster = ClusterFactory()
    post = PartnerPostFactory(cluster=cluster, author=author)
    answerer = UserFactory(email=ANSWERER_EMAIL)
    partner_interest_express(actor=answerer, post=post, message="Biz de varız.")
    deadline = time.monotonic() + 30
    while not mailoutbox and time.monotonic() < deadline:
        time.sleep(0.1)
    assert [m.to for m in mailoutbox] == [["poster@example.org"]]
    assert f"https://kms.example.org/clusters/partners/{post.pk}/" in (
        mailoutbox[0].body
    )


@pytest.mark.parametrize(
    ("actor", "sees_answers"), [("cluster_member", True), ("staff_b", False)]
)
def test_the_cluster_page_part_lists_posts_and_answers_for_the_side_only(
    request, answered_post, cluster, actor, sees_answers
):
    user = request.getfixturevalue(actor)
    with translation.override("en"):
        html = render_to_string(
            "clusters/includes/manage_partners.html",
            {"cluster": cluster, **partner_overview(cluster=cluster, user=user)},
        )
    assert "Ortak fuar katılımı" in html
    assert (ANSWERER_EMAIL in html) is sees_answers
