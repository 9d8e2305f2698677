"""RSS and Atom feeds and sitemap.xml: public published articles only."""

import datetime

import pytest
from defusedxml import ElementTree
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.http import http_date

from kms.knowledge.models import Article, Tag
from kms.knowledge.sitemaps import ArticleSitemap
from kms.knowledge.views.feeds import FEED_SIZE
from tests.factories import ArticleFactory, CategoryFactory, InfoSpotFactory

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def day(number: int) -> datetime.datetime:
    return datetime.datetime(
        2026, 1, 1, 9, 0, tzinfo=datetime.UTC
    ) + datetime.timedelta(days=number)


def xml(response):
    assert response.status_code == 200
    return ElementTree.fromstring(response.content)


def rss_titles(response) -> list[str]:
    return [item.findtext("title") for item in xml(response).iter("item")]


@pytest.fixture
def articles():
    """A public article, a members-only one, a draft and one awaiting review,
    all in one category and with one tag."""
    category = CategoryFactory(slug="grants", name_en="Grant schemes")
    tag = Tag.objects.create(name="KOSGEB", slug="kosgeb")
    common = {"category": category, "tags": [tag]}
    return {
        "public": ArticleFactory(
            title="Açık <hibe> & rehberi",
            summary="Herkese açık özet.",
            organisation="Samsun TSO",
            published_at=day(2),
            **common,
        ),
        "members": ArticleFactory(
            title="Üyelere özel rehber", visibility="members", **common
        ),
        "draft": ArticleFactory(
            title="Taslak rehber", status="draft", published_at=None, **common
        ),
        "submitted": ArticleFactory(
            title="İncelemede rehber", status="submitted", published_at=None, **common
        ),
    }


@pytest.mark.parametrize(
    ("name", "args"),
    [
        ("kms:feed", []),
        ("kms:category_feed", ["grants"]),
        ("kms:tag_feed", ["kosgeb"]),
    ],
)
def test_rss_feeds_carry_public_published_articles_only(
    client, member, articles, name, args
):
    client.force_login(member)  # a session changes nothing: feeds are public
    response = client.get(reverse(name, args=args))
    assert response["Content-Type"] == "application/rss+xml; charset=utf-8"
    assert rss_titles(response) == ["Açık <hibe> & rehberi"]
    item = next(xml(response).iter("item"))
    assert item.findtext("link") == "http://testserver" + (
        articles["public"].get_absolute_url()
    )
    assert item.findtext("description") == "Herkese açık özet."
    assert xml(response).find("channel/item/title").text == "Açık <hibe> & rehberi"
    assert [c.text for c in item.iter("category")] == [
        articles["public"].category.name_tr,
        "KOSGEB",
    ]


def test_the_atom_feed_carries_public_published_articles_only(client, articles):
    response = client.get(reverse("kms:feed_atom"))
    assert response["Content-Type"] == "application/atom+xml; charset=utf-8"
    entries = list(xml(response).iter(f"{ATOM}entry"))
    assert [e.findtext(f"{ATOM}title") for e in entries] == ["Açık <hibe> & rehberi"]
    assert entries[0].findtext(f"{ATOM}author/{ATOM}name") == "Samsun TSO"


def test_a_feed_lists_the_newest_articles_first_and_at_most_thirty(client):
    ArticleFactory.create_batch(FEED_SIZE, published_at=day(1))
    ArticleFactory(title="Newest", published_at=day(5))
    titles = rss_titles(client.get(reverse("kms:feed")))
    assert len(titles) == FEED_SIZE
    assert titles[0] == "Newest"


def test_the_category_feed_includes_subcategories(client):
    parent = CategoryFactory(slug="markets")
    child = CategoryFactory(slug="markets-asia", parent=parent)
    ArticleFactory(title="Parent", category=parent, published_at=day(1))
    ArticleFactory(title="Child", category=child, published_at=day(2))
    ArticleFactory(title="Elsewhere")
    response = client.get(reverse("kms:category_feed", args=["markets"]))
    assert rss_titles(response) == ["Child", "Parent"]


@pytest.mark.parametrize("name", ["kms:category_feed", "kms:tag_feed"])
def test_feeds_of_unknown_categories_and_tags_answer_404(client, name):
    assert client.get(reverse(name, args=["nothing-here"])).status_code == 404


def test_the_feeds_are_named_in_the_language_of_the_request(client, articles):
    response = client.get(
        reverse("kms:category_feed", args=["grants"]), HTTP_ACCEPT_LANGUAGE="en"
    )
    channel = xml(response).find("channel")
    assert channel.findtext("title") == "KMS knowledge base: Grant schemes"
    assert channel.findtext("link") == "http://testserver/kms/category/grants/"


# --- sitemap.xml ----------------------------------------------------------------------


def sitemap_locations(client) -> list[str]:
    index = xml(client.get("/sitemap.xml"))
    locations = []
    for sitemap in index.iter(f"{SITEMAP}sitemap"):
        url = sitemap.findtext(f"{SITEMAP}loc").removeprefix("http://testserver")
        section = xml(client.get(url))
        locations += [
            loc.text.removeprefix("http://testserver")
            for loc in section.iter(f"{SITEMAP}loc")
        ]
    return locations


def test_the_sitemap_lists_public_pages_and_never_members_only_articles(
    client, member, articles
):
    spot = InfoSpotFactory(slug="samsun")
    unused = Tag.objects.create(name="Unused", slug="unused")
    members_tag = Tag.objects.create(name="Members", slug="members-tag")
    articles["members"].tags.add(members_tag)
    client.force_login(member)  # what a member sees must not leak in
    locations = sitemap_locations(client)
    assert articles["public"].get_absolute_url() in locations
    for hidden in ("members", "draft", "submitted"):
        assert articles[hidden].get_absolute_url() not in locations
    assert reverse("kms:category", args=["grants"]) in locations
    assert reverse("kms:tag", args=["kosgeb"]) in locations
    assert reverse("kms:tag", args=[unused.slug]) not in locations
    assert reverse("kms:tag", args=[members_tag.slug]) not in locations
    assert spot.get_absolute_url() in locations
    assert {"/", "/kms/", "/infospots/", "/firms/directory/"} <= set(locations)


def test_the_article_sitemap_gives_the_last_update(client, articles):
    response = client.get(reverse("sitemap_section", args=["articles"]))
    lastmods = [e.text for e in xml(response).iter(f"{SITEMAP}lastmod")]
    # The day in the site's time zone, as the sitemap writes it.
    updated = timezone.localtime(articles["public"].updated_at).date()
    assert lastmods == [updated.isoformat()]


@pytest.mark.parametrize("name", ["kms:feed", "kms:feed_atom"])
def test_feed_descriptions_are_escaped_html(client, name):
    # Feed readers render an item's description (Atom: summary) as HTML.
    ArticleFactory(summary="<script>alert(1)</script> & özet")
    feed = xml(client.get(reverse(name)))
    descriptions = [
        element.text
        for element in feed.iter()
        if element.tag.rpartition("}")[2] in {"description", "summary"}
        and element.text
        and "özet" in element.text
    ]
    assert descriptions == ["&lt;script&gt;alert(1)&lt;/script&gt; &amp; özet"]


@pytest.mark.parametrize("name", ["kms:feed", "kms:feed_atom"])
def test_control_characters_do_not_break_a_feed(client, name):
    # XML 1.0 cannot carry them: one title with a stray \x0b must not turn
    # the feed into a server error for everyone.
    ArticleFactory(title="Hibe\x0brehberi", summary="Özet\x01", organisation="A\x02")
    response = client.get(reverse(name))
    assert "Hiberehberi" in response.content.decode()


# --- sitemap.xml at scale -----------------------------------------------------------


def sitemap_pages(client) -> list[str]:
    index = xml(client.get("/sitemap.xml"))
    return [
        sitemap.findtext(f"{SITEMAP}loc").removeprefix("http://testserver")
        for sitemap in index.iter(f"{SITEMAP}sitemap")
    ]


def test_the_article_section_is_paged_by_ranges_of_ids(client, monkeypatch):
    monkeypatch.setattr(ArticleSitemap, "limit", 3)
    made = [ArticleFactory() for _ in range(7)]
    members = made[4]
    members.visibility = "members"
    members.save()
    top = made[-1].pk
    pages = [url for url in sitemap_pages(client) if "sitemap-articles" in url]
    assert pages == ["/sitemap-articles.xml"] + [
        f"/sitemap-articles.xml?p={n}" for n in range(2, (top - 1) // 3 + 2)
    ]
    listed = []
    for url in pages:
        section = xml(client.get(url))
        listed += [
            loc.text.removeprefix("http://testserver")
            for loc in section.iter(f"{SITEMAP}loc")
        ]
    public = [a.get_absolute_url() for a in made if a != members]
    assert sorted(listed) == sorted(public)
    # An item stays on the page of its id, whatever is added or removed.
    page_of_last = f"/sitemap-articles.xml?p={(top - 1) // 3 + 1}"
    assert made[-1].get_absolute_url() in client.get(page_of_last).content.decode()
    assert client.get("/sitemap-articles.xml?p=999").status_code == 404
    assert client.get("/sitemap-articles.xml?p=x").status_code == 404
    assert client.get("/sitemap-nothing.xml").status_code == 404


@pytest.mark.parametrize("url", ["/sitemap.xml", "/sitemap-articles.xml"])
def test_sitemap_query_counts_do_not_depend_on_articles(
    client, django_assert_num_queries, url
):
    ArticleFactory.create_batch(3, tags=[Tag.objects.create(name="A", slug="a")])
    with CaptureQueriesContext(connection) as small:
        client.get(url)
    ArticleFactory.create_batch(60, tags=[Tag.objects.create(name="B", slug="b")])
    with django_assert_num_queries(len(small.captured_queries)):
        response = client.get(url)
    assert response.status_code == 200


def test_the_index_gives_the_last_change_or_publication(client, articles):
    later = ArticleFactory(published_at=day(40))
    Article.objects.filter(pk=later.pk).update(updated_at=day(1))
    index = xml(client.get("/sitemap.xml"))
    lastmods = {
        sitemap.findtext(f"{SITEMAP}loc"): sitemap.findtext(f"{SITEMAP}lastmod")
        for sitemap in index.iter(f"{SITEMAP}sitemap")
    }
    last = max(articles["public"].updated_at, day(40))
    assert lastmods["http://testserver/sitemap-articles.xml"].startswith(
        last.date().isoformat()
    )


def test_a_sitemap_section_is_the_same_for_every_visitor(client, member, articles):
    anonymous = client.get("/sitemap-articles.xml")
    client.force_login(member)
    signed_in = client.get("/sitemap-articles.xml")
    assert anonymous.content == signed_in.content
    assert anonymous["Content-Type"] == "application/xml"
    assert anonymous["X-Robots-Tag"] == "noindex, noodp, noarchive"
    assert anonymous["Last-Modified"] == http_date(
        articles["public"].updated_at.timestamp()
    )
