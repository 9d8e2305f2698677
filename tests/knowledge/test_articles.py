"""The knowledge base, first slice: reading, visibility, search, sanitising."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kms.knowledge.models import Article
from kms.knowledge.services import article_save, render_markdown
from kms.knowledge.services.reads import flush_reads
from tests.factories import ArticleFactory, CategoryFactory
from tests.knowledge.xss import dangerous_markup

pytestmark = pytest.mark.django_db

XSS_VECTORS = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "<svg onload=alert(1)>",
    "<svg><script>alert(1)</script></svg>",
    '<a href="javascript:alert(1)">x</a>',
    "[x](javascript:alert(1))",
    "[x](JaVaScRiPt:alert(1))",
    "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "![x](javascript:alert(1))",
    '<iframe src="https://evil.example"></iframe>',
    "<body onload=alert(1)>",
    '<div style="background:url(javascript:alert(1))">x</div>',
    '<a href="https://x.org" onclick="alert(1)">x</a>',
    '"><script>alert(1)</script>',
    '<math><mi xlink:href="javascript:alert(1)">x</mi></math>',
    '<object data="javascript:alert(1)"></object>',
    '<embed src="javascript:alert(1)">',
    '<form action="javascript:alert(1)"><button>x</button></form>',
    "<input autofocus onfocus=alert(1)>",
    "<details open ontoggle=alert(1)>",
    "<style>body{background:red}</style>",
    '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
]


DANGEROUS = [
    "<script",
    "javascript:",
    "onerror",
    "onload",
    "onclick",
    "onfocus",
    "ontoggle",
    "<iframe",
    "<svg",
    "<object",
    "<embed",
    "<form",
    "<style",
    "<meta",
    "data:text/html",
]


@pytest.mark.parametrize("vector", XSS_VECTORS)
def test_the_markdown_body_keeps_no_script(vector):
    html = render_markdown(f"Metin {vector} son")
    assert dangerous_markup(html) == []
    assert [word for word in DANGEROUS if word in html.lower()] == []


@pytest.mark.parametrize("vector", XSS_VECTORS)
def test_titles_and_summaries_are_escaped_on_the_page(client, vector):
    article = ArticleFactory(title=f"Başlık {vector}", summary=vector)
    page = client.get(article.get_absolute_url()).content.decode()
    main = page.split('id="main"', 1)[1]
    assert dangerous_markup(main) == []


def test_saving_renders_and_sanitises_the_body(member):
    article = article_save(
        actor=member,
        article=Article(
            title="Kümelenme rehberi",
            summary="Kısa özet",
            body_markdown="# Başlık\n\n<script>alert(1)</script>[bağlantı](https://example.org)",
            language="tr",
            category=CategoryFactory(),
        ),
    )
    assert article.slug == "kumelenme-rehberi"
    assert article.author == member
    assert "<script" not in article.body_html
    assert (
        '<a href="https://example.org" rel="noopener noreferrer">' in article.body_html
    )


@pytest.mark.parametrize(
    ("changes", "anonymous", "member_status"),
    [
        ({}, 200, 200),
        ({"visibility": "members"}, 404, 200),
        ({"status": "draft", "published_at": None}, 404, 404),
        ({"status": "submitted"}, 404, 404),
    ],
)
def test_who_may_read_an_article(client, member, changes, anonymous, member_status):
    article = ArticleFactory(**changes)
    url = reverse("kms:article_detail", args=[article.slug])
    assert client.get(url).status_code == anonymous
    client.force_login(member)
    assert client.get(url).status_code == member_status


def test_members_only_articles_are_not_listed_to_visitors(client, member):
    ArticleFactory(title="Açık makale")
    ArticleFactory(title="Üyelere özel", visibility="members")
    titles = [
        a.title for a in client.get(reverse("kms:article_list")).context["articles"]
    ]
    assert titles == ["Açık makale"]
    client.force_login(member)
    response = client.get(reverse("kms:article_list"))
    assert sorted(a.title for a in response.context["articles"]) == [
        "Açık makale",
        "Üyelere özel",
    ]


def test_a_members_reads_are_counted_once_per_session(client, member):
    article = ArticleFactory()
    client.force_login(member)
    for _visit in range(3):
        client.get(article.get_absolute_url())
    flush_reads()  # with Redis, reads wait there for the flush
    article.refresh_from_db()
    assert article.read_count == 1


def test_a_visitors_every_visit_is_counted_without_a_session(client):
    # Visits served from the page cache are counted too (its hit handler).
    article = ArticleFactory()
    for _visit in range(3):
        response = client.get(article.get_absolute_url())
        assert not response.cookies
    flush_reads()
    article.refresh_from_db()
    assert article.read_count == 3


@pytest.mark.parametrize(
    ("earlier_reads", "shown"), [(0, "Read 1 time ·"), (1, "Read 2 times ·")]
)
def test_the_read_count_has_its_plural(client, earlier_reads, shown):
    # The visit itself is the first or second read.
    article = ArticleFactory(read_count=earlier_reads)
    page = client.get(article.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en")
    assert shown in page.content.decode()


def test_the_article_page_shows_reads_and_date_in_both_languages(client):
    article = ArticleFactory(read_count=17281)
    english = client.get(article.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en")
    assert "Read 17,282 times · Added 25 May 2026" in english.content.decode()
    turkish = client.get(article.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="tr")
    assert " 25.05.2026" in turkish.content.decode()


@pytest.mark.parametrize("query", ["İHRACAT", "ihracat", "Ihracat", "ihracatta"])
def test_search_folds_turkish_case(client, query):
    ArticleFactory(title="İhracatta yeni pazarlar")
    # Its body must not mention ihracat: PostgreSQL searches bodies too.
    ArticleFactory(
        title="Verimlilik ölçümü", summary="Kıyaslama", body_markdown="Ölçüm."
    )
    response = client.get(reverse("kms:article_list"), {"q": query})
    assert [a.title for a in response.context["articles"]] == [
        "İhracatta yeni pazarlar"
    ]


def test_list_query_count_does_not_depend_on_rows(client, django_assert_num_queries):
    ArticleFactory()
    with CaptureQueriesContext(connection) as one:
        client.get(reverse("kms:article_list"))
    ArticleFactory.create_batch(19)
    cache.clear()  # as cold as the first request (the footer's provinces)
    with django_assert_num_queries(len(one.captured_queries)):
        response = client.get(reverse("kms:article_list"))
    assert len(response.context["articles"]) == 20
