"""Finding articles: indexing, search on both databases, snippets, filters,
sorts, category and tag pages, related articles, query counts."""

import datetime
import io
import re

import pytest
from celery import current_app
from django.contrib.postgres.lookups import TrigramSimilar
from django.core.management import CommandError, call_command
from django.db import connection
from django.db.models import F, Value
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from infospots.models import NaceSection
from kms.core.text import lower
from kms.knowledge.filters import PAGE_SIZE
from kms.knowledge.models import Article, SearchWord, Tag
from kms.knowledge.search import (
    body_text,
    excerpt,
    highlight,
    matching,
    parse_query,
    rebuild_search_words,
    search_text_for,
    similarity,
)
from kms.knowledge.search import finding as search_module
from kms.knowledge.search import (
    search as search_articles,
)
from kms.knowledge.selectors.search import related_articles
from kms.knowledge.services.articles import article_publish, article_save
from kms.knowledge.views import articles as article_views
from tests.factories import ArticleFactory, CategoryFactory, UserFactory

pytestmark = pytest.mark.django_db

POSTGRESQL = connection.vendor == "postgresql"
postgresql_only = pytest.mark.skipif(
    not POSTGRESQL,
    reason="PostgreSQL full-text and trigram search (CI's PostgreSQL run covers it)",
)
sqlite_only = pytest.mark.skipif(
    POSTGRESQL, reason="the SQLite search path (CI's SQLite run covers it)"
)

LIST = reverse("kms:article_list")


@pytest.fixture(autouse=True)
def _every_search_rendered(settings, monkeypatch):
    """These tests read what the view found (its context), so each request
    is rendered: the page cache is tested in tests/core/test_pagecache.py,
    the lists' content kept for signed-in readers in test_kept_pages.py."""
    settings.PUBLIC_PAGE_CACHE_SECONDS = 0
    monkeypatch.setattr(article_views, "LIST_TIMEOUT", 0)


def day(number: int) -> datetime.datetime:
    return datetime.datetime(
        2026, 1, 1, 9, 0, tzinfo=datetime.UTC
    ) + datetime.timedelta(days=number)


def titles(response) -> list[str]:
    return [article.title for article in response.context["articles"]]


def search(client, query, **params):
    return titles(client.get(LIST, {"q": query, **params}))


@pytest.fixture
def turkish_articles():
    """Turkish and English articles written the way authors write them."""
    return {
        "istanbul": ArticleFactory(
            title="İSTANBUL'da ihracat fırsatları",
            summary="Küçük firmalar için İhracat rehberi.",
            body_markdown="Kümelenmeler ve **verimliliğin** artması.",
            published_at=day(1),
        ),
        "isik": ArticleFactory(
            title="Işık sektöründe kümelenme",
            summary="IŞIK üreticileri bir araya geliyor.",
            body_markdown="Samsun merkezli firmalar.",
            published_at=day(2),
        ),
        "export": ArticleFactory(
            title="Export markets for SMEs",
            summary="Innovation support for exporters.",
            body_markdown="The exporters of Samsun meet buyers.",
            language="en",
            published_at=day(3),
        ),
        "verimlilik": ArticleFactory(
            title="Verimlilik ölçümü",
            summary="Kıyaslama ile verimlilik.",
            body_markdown="Emek verimliliği nasıl ölçülür?",
            published_at=day(4),
        ),
    }


# --- folding and indexing -------------------------------------------------------------


def test_lower_follows_the_language_and_keeps_the_length():
    assert lower("İSTANBUL IŞIK") == "istanbul ışık"
    assert lower("INNOVATION İ", "en") == "innovation i"
    text = "İİIıŞ ẞ Ärger"
    assert len(lower(text)) == len(text)


def test_search_text_holds_title_then_the_rest_without_diacritics():
    assert search_text_for(
        title="İhracat Pazarları",
        summary="Küçük firmalar, KÜÇÜK pazarlar",
        tag_names=["Kümelenme", "NBS"],
    ) == (
        " ihracat pazarlari | kucuk firmalar pazarlar kumelenme nbs"
        " | pazarları küçük kümelenme "
    )


def test_the_body_is_indexed_as_plain_text_with_blocks_apart():
    article = Article(body_html="<ul><li>İhracat</li><li>pazar</li></ul><p>a&amp;b</p>")
    assert body_text(article).split() == ["İhracat", "pazar", "a&b"]


def test_indexing_an_article_includes_its_tags():
    article = ArticleFactory(
        title="Hibe programları",
        summary="Özet",
        tags=[Tag.objects.create(name="Şeker", slug="seker")],
    )
    article.refresh_from_db()
    assert (
        article.search_text
        == " hibe programlari | ozet seker | programları özet şeker "
    )


def test_reindex_articles_restores_the_search_columns():
    article = ArticleFactory(title="Kümelenme araçları", summary="Rehber")
    expected = Article.objects.values_list("search_text", "search_vector").get()
    Article.objects.update(search_text="", search_vector=None)
    call_command("reindex_articles", verbosity=0)
    assert Article.objects.values_list("search_text", "search_vector").get() == expected
    assert "kumelenme" in Article.objects.get(pk=article.pk).search_text


# --- queries --------------------------------------------------------------------------


def test_a_query_is_parsed_into_turkish_and_english_forms():
    parsed = parse_query("  IHRACAT   İstanbul, kümelenme ")
    assert parsed.text == "ıhracat istanbul, kümelenme"
    assert parsed.variants == (("ıhracat", "ihracat"), ("istanbul",), ("kümelenme",))
    assert parsed.keys == ("ihracat", "istanbul", "kumelenme")
    assert not parse_query("  !!! ")


@pytest.mark.parametrize(
    "query", ["İSTANBUL", "istanbul", "Istanbul", "ISTANBUL", "istanbul'da"]
)
def test_istanbul_however_written_finds_the_same_article(
    client, turkish_articles, query
):
    assert search(client, query) == ["İSTANBUL'da ihracat fırsatları"]


@pytest.mark.parametrize("query", ["ihracat", "İhracat", "IHRACAT", "İHRACAT"])
def test_ihracat_however_written_finds_the_same_article(
    client, turkish_articles, query
):
    assert search(client, query) == ["İSTANBUL'da ihracat fırsatları"]


@pytest.mark.parametrize("query", ["IŞIK", "ışık", "isik", "ISIK"])
def test_dotless_i_words_are_found_with_or_without_the_dots(
    client, turkish_articles, query
):
    assert search(client, query) == ["Işık sektöründe kümelenme"]


@pytest.mark.parametrize("query", ["kumelenme", "KÜMELENME", "Kümelenme"])
def test_queries_without_diacritics_find_turkish_words(client, turkish_articles, query):
    assert "Işık sektöründe kümelenme" in search(client, query)


def test_every_word_of_the_query_must_match(client, turkish_articles):
    assert search(client, "verimlilik kıyaslama") == ["Verimlilik ölçümü"]
    assert search(client, "verimlilik ihracat pazarları") == []


def test_a_query_without_words_lists_everything_newest_first(client, turkish_articles):
    assert search(client, " ?! ") == [
        "Verimlilik ölçümü",
        "Export markets for SMEs",
        "Işık sektöründe kümelenme",
        "İSTANBUL'da ihracat fırsatları",
    ]


def test_members_only_articles_are_found_by_members_only(client, member):
    ArticleFactory(title="Açık hibe rehberi")
    ArticleFactory(title="Üyelere özel hibe rehberi", visibility="members")
    ArticleFactory(title="Taslak hibe rehberi", status="draft", published_at=None)
    assert search(client, "hibe") == ["Açık hibe rehberi"]
    client.force_login(member)
    assert sorted(search(client, "hibe")) == [
        "Açık hibe rehberi",
        "Üyelere özel hibe rehberi",
    ]


def test_title_matches_rank_first(client):
    ArticleFactory(title="Pazar analizi", summary="Kümelenme için", published_at=day(9))
    ArticleFactory(title="Kümelenme rehberi", summary="Özet", published_at=day(1))
    assert search(client, "kümelenme") == ["Kümelenme rehberi", "Pazar analizi"]


@sqlite_only
def test_sqlite_matches_word_starts_and_ranks_title_hits_then_newest(client):
    ArticleFactory(title="Tekstil", summary="İhracatçılar için", published_at=day(5))
    ArticleFactory(title="Tekstilde ihracat", summary="Özet", published_at=day(1))
    ArticleFactory(title="Dış ticaret", summary="Ürün ihracatı", published_at=day(9))
    ArticleFactory(title="Pazarlama", summary="Hizmetihracat", published_at=day(9))
    assert search(client, "İHRACAT") == [
        "Tekstilde ihracat",
        "Dış ticaret",
        "Tekstil",
    ]


@sqlite_only
def test_sqlite_searches_title_summary_and_tags_not_the_body(client):
    ArticleFactory(
        title="Başlık",
        summary="Özet",
        tags=[Tag.objects.create(name="Kıyaslama", slug="kiyaslama")],
    )
    ArticleFactory(title="Başka", summary="Özet", body_markdown="kıyaslama")
    assert search(client, "kiyaslama") == ["Başlık"]


@postgresql_only
def test_postgresql_finds_words_in_the_body_through_the_stemmer(
    client, turkish_articles
):
    # "verimliliğin" in the body is stemmed to "verimlilik"; the Turkish
    # stemmer also folds "kümelenmeler" onto "kümelenme".
    assert search(client, "kümelenmeler") == [
        "Işık sektöründe kümelenme",
        "İSTANBUL'da ihracat fırsatları",
    ]
    assert search(client, "VERİMLİLİK") == [
        "Verimlilik ölçümü",
        "İSTANBUL'da ihracat fırsatları",
    ]


@postgresql_only
def test_postgresql_uses_the_english_configuration_for_english_queries(
    client, turkish_articles
):
    assert search(client, "the exporter") == ["Export markets for SMEs"]
    assert search(client, "INNOVATIONS") == ["Export markets for SMEs"]


@postgresql_only
@pytest.mark.parametrize("query", ["kumelanme", "kümelenmw", "ihracst", "verimlilk"])
def test_postgresql_forgives_a_typo(client, turkish_articles, query):
    assert search(client, query) != []


@postgresql_only
def test_postgresql_corrects_only_a_word_that_matches_nothing(client):
    ArticleFactory(title="Verimlilik ölçümü", published_at=day(1))
    ArticleFactory(title="Verimlilk (yazım hatası)", published_at=day(2))
    assert search(client, "verimlilik") == ["Verimlilik ölçümü"]
    assert search(client, "verimlilk") == ["Verimlilk (yazım hatası)"]
    # Nothing matches "verimliik": it is corrected to the closest word.
    assert search(client, "verimliik") == ["Verimlilik ölçümü"]


@postgresql_only
def test_postgresql_ranks_a_near_miss_in_the_title_first(client):
    ArticleFactory(
        title="UR-GE başvurusu",
        summary="Kümelenme projeleri için",
        published_at=day(9),
    )
    ArticleFactory(
        title="Kümelenme yol haritası", summary="Adımlar", published_at=day(1)
    )
    assert search(client, "kumelenme") == [
        "Kümelenme yol haritası",
        "UR-GE başvurusu",
    ]


@postgresql_only
def test_postgresql_weights_the_title_above_summary_above_body(client):
    ArticleFactory(
        title="Özet", summary="Özet", body_markdown="Hibe", published_at=day(9)
    )
    ArticleFactory(
        title="Hibe", summary="Özet", body_markdown="Metin", published_at=day(1)
    )
    ArticleFactory(
        title="Özet", summary="Hibe", body_markdown="Metin", published_at=day(5)
    )
    assert search(client, "hibe") == ["Hibe", "Özet", "Özet"]
    ranks = sorted(
        (a.search_rank for a in matching(Article.objects.all(), "hibe")),
        reverse=True,
    )
    assert ranks[0] > ranks[1] > ranks[2] > 0


def explain(queryset) -> str:
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        # A handful of rows is read sequentially; forbid that to see whether
        # the condition can use the indexes at all (the benchmark shows the
        # planner choosing them by itself on 100,000 rows).
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(f"EXPLAIN {sql}", params)
        return "\n".join(row[0] for row in cursor.fetchall())


@postgresql_only
def test_postgresql_search_uses_the_gin_indexes(django_assert_max_num_queries):
    ArticleFactory(title="Kümelenme")
    exact = matching(Article.objects.all(), "kümelenme")
    assert "Bitmap Index Scan on kms_article_search_vector_gin" in explain(exact)
    # A near miss is corrected through the vocabulary's trigram index and
    # never compares the articles themselves with the query.
    words = SearchWord.objects.filter(TrigramSimilar(F("key"), Value("kumelenmw")))
    assert "Bitmap Index Scan on knowledge_searchword_key_trgm" in explain(words)
    with CaptureQueriesContext(connection) as near:
        found = search_articles(Article.objects.all(), "kumelenmw")
    assert found.ids == (Article.objects.get().pk,)
    assert found.searched == "kümelenme"
    article_queries = [
        q["sql"] for q in near.captured_queries if '"kms_article"' in q["sql"]
    ]
    assert article_queries
    assert not [sql for sql in article_queries if "%" in sql or "similarity" in sql]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_indexes WHERE indexname = %s",
            ["kms_article_search_text_trgm"],
        )
        assert cursor.fetchone() == (0,)


# --- correcting a query through the vocabulary ----------------------------------------


def test_similarity_is_pg_trgms():
    assert round(similarity("verimlilk", "verimlilik"), 3) == 0.615
    assert round(similarity("fuarr", "fuar"), 3) == 0.571
    assert similarity("ihracat", "ihracat") == 1


@pytest.mark.parametrize(
    ("query", "searched"),
    [
        ("verimlilk", "verimlilik"),
        ("VERIMLILK", "verimlilik"),
        ("ihracat fuarr", "ihracat fuar"),
    ],
)
def test_a_misspelt_word_is_corrected_and_the_page_says_so(
    client, turkish_articles, query, searched
):
    ArticleFactory(title="İhracat fuarı", summary="Fuar rehberi", published_at=day(5))
    response = client.get(LIST, {"q": query}, HTTP_ACCEPT_LANGUAGE="en")
    assert titles(response)
    assert response.context["searched"] == searched
    html = response.content.decode()
    typed = parse_query(query).text
    assert f"Showing results for “{searched}”: no article matches “{typed}”." in html
    assert f"found for “{searched}”" in html


def test_a_word_without_its_diacritics_is_searched_with_them(client):
    ArticleFactory(title="Işık sektöründe kümelenme", summary="Özet")
    response = client.get(LIST, {"q": "isik sektorunde"})
    assert titles(response) == ["Işık sektöründe kümelenme"]
    if POSTGRESQL:
        # The full text is searched for the words as written in articles.
        assert response.context["searched"] == "ışık sektöründe"
    else:
        # SQLite matches words without diacritics directly.
        assert response.context["searched"] == "isik sektorunde"


def test_a_query_matching_nothing_close_is_not_corrected(client, turkish_articles):
    response = client.get(LIST, {"q": "xqzwvj"}, HTTP_ACCEPT_LANGUAGE="en")
    assert titles(response) == []
    assert response.context["searched"] == "xqzwvj"
    assert "Showing results for" not in response.content.decode()


def test_visitors_are_never_offered_a_word_of_a_members_only_article(client, member):
    ArticleFactory(title="Gizlilikçi yöntemler", visibility="members")
    ArticleFactory(title="Açık yöntemler")
    assert search(client, "gizlilikci") == []
    assert search(client, "gizlilikçl") == []
    assert "gizlilikçi" not in client.get(LIST, {"q": "gizlilikçl"}).content.decode()
    client.force_login(member)
    assert search(client, "gizlilikçl") == ["Gizlilikçi yöntemler"]


def test_the_vocabulary_takes_the_words_of_published_articles_only(member, manager):
    draft = Article(
        title="Taslak makale",
        summary="Özet",
        body_markdown="Metin",
        language="tr",
        category=CategoryFactory(),
        status="submitted",
    )
    article_save(actor=UserFactory(), article=draft)
    assert not SearchWord.objects.filter(word="taslak").exists()
    article_publish(actor=manager, article=draft)
    word = SearchWord.objects.get(word="taslak")
    assert (word.key, word.public, word.articles) == ("taslak", True, 1)
    # A word with diacritics is kept with them, and keyed without them.
    assert SearchWord.objects.get(word="makale").key == "makale"
    ArticleFactory(title="Özel döküman", visibility="members")
    assert SearchWord.objects.filter(
        word="döküman", key="dokuman", public=False
    ).exists()


def test_rebuilding_the_vocabulary_counts_and_forgets_unpublished_words():
    kept = ArticleFactory(title="Hibe rehberi", summary="Hibe")
    ArticleFactory(title="Hibe başvurusu", summary="Özet")
    gone = ArticleFactory(title="Eskimiş duyuru", summary="Özet")
    Article.objects.filter(pk=gone.pk).update(status="draft")
    Article.objects.filter(pk=kept.pk).update(visibility="members")
    assert rebuild_search_words() == SearchWord.objects.count()
    assert SearchWord.objects.get(word="hibe").articles == 2
    assert SearchWord.objects.get(word="rehberi").public is False
    assert not SearchWord.objects.filter(word="eskimiş").exists()
    SearchWord.objects.all().delete()
    call_command("reindex_articles", verbosity=0)
    assert SearchWord.objects.get(word="hibe").articles == 2


def test_beat_rebuilds_the_vocabulary_every_night(settings):
    ArticleFactory(title="Hibe rehberi")
    SearchWord.objects.create(word="eskimiş", key="eskimis", articles=1)
    entry = settings.CELERY_BEAT_SCHEDULE["rebuild-search-words"]
    assert entry["task"] == "knowledge.rebuild_search_words"
    assert current_app.tasks[entry["task"]]() == SearchWord.objects.count()
    assert not SearchWord.objects.filter(word="eskimiş").exists()
    assert SearchWord.objects.filter(word="hibe").exists()


# --- what a search reads -------------------------------------------------------------


def test_a_search_reads_the_newest_matches_only_and_says_there_are_more(
    client, monkeypatch
):
    monkeypatch.setattr(search_module, "POOL_SIZE", 3)
    for number in range(5):
        ArticleFactory(
            title=f"Hibe {number}", published_at=day(number), read_count=number % 2
        )
    response = client.get(LIST, {"q": "hibe"}, HTTP_ACCEPT_LANGUAGE="en")
    assert titles(response) == ["Hibe 4", "Hibe 3", "Hibe 2"]
    assert response.context["capped"] is True
    html = response.content.decode()
    assert "More than 3 articles found for “hibe”" in html
    assert "add a word or a filter to narrow the search" in html
    # The most read of those newest matches.
    assert titles(client.get(LIST, {"q": "hibe", "sort": "reads"})) == [
        "Hibe 3",
        "Hibe 4",
        "Hibe 2",
    ]
    assert titles(client.get(LIST, {"q": "hibe 2"})) == ["Hibe 2"]


def test_the_windows_change_what_a_search_costs_never_what_it_finds(
    client, monkeypatch
):
    for number in range(6):
        ArticleFactory(title=f"Hibe {number}", published_at=day(number))
    ArticleFactory(title="Pazar", published_at=day(9))
    expected = search(client, "hibe")
    monkeypatch.setattr(search_module, "POOL_SIZE", 4)
    newest_four = expected[:4]
    for starts in ([day(30)], [day(4), day(1)], [day(-30), day(-60)], []):
        monkeypatch.setattr(
            search_module, "_window_starts", lambda *, public_only, s=starts: s
        )
        monkeypatch.setattr(search_module, "WINDOWS", (2, 5))
        assert search(client, "hibe") == newest_four


def test_a_list_counts_its_first_rows_only(client, monkeypatch):
    monkeypatch.setattr(article_views, "LIST_CAP", 3)
    ArticleFactory.create_batch(4)
    response = client.get(LIST, HTTP_ACCEPT_LANGUAGE="en")
    assert response.context["capped"] is True
    assert response.context["page_obj"].paginator.count == 3
    html = response.content.decode()
    assert "More than 3 articles" in html
    assert "search or filter to find others" in html


# --- snippets -------------------------------------------------------------------------


def test_highlight_escapes_then_marks_the_matching_words():
    assert highlight("<b>İhracat</b> & IHRACATÇI ihracatta", ["ihracat"]) == (
        "&lt;b&gt;<mark>İhracat</mark>&lt;/b&gt; &amp; <mark>IHRACATÇI</mark>"
        " <mark>ihracatta</mark>"
    )
    assert highlight("Pazar ve pazarlar", ["pazarlar"]) == (
        "<mark>Pazar</mark> ve <mark>pazarlar</mark>"
    )
    assert highlight("<i>x</i>", []) == "&lt;i&gt;x&lt;/i&gt;"


def test_excerpt_shows_the_words_around_the_first_match():
    text = " ".join(f"w{n}" for n in range(60)) + " Kümelenme " + "son " * 40
    assert excerpt(text, ["kumelenme"], before=2, after=3) == (
        "… w58 w59 <mark>Kümelenme</mark> son son son …"
    )
    assert excerpt("Kısa metin", ["yok"]) is None


def test_the_list_marks_query_words_in_titles_and_snippets(client):
    ArticleFactory(
        title="<script>alert(1)</script> Kümelenme",
        summary="Özet <b>kalın</b>",
        body_markdown="Uzun bir metin. " * 30 + "Burada **kümelenme** geçiyor.",
    )
    page = client.get(LIST, {"q": "KUMELENME"}).content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt; <mark>Kümelenme</mark>" in page
    assert "<script>alert(1)" not in page
    assert "metin. Burada <mark>kümelenme</mark> geçiyor." in page


# --- the page -------------------------------------------------------------------------


def test_the_list_shows_count_badges_and_an_empty_state(client, member):
    ArticleFactory(
        title="Üye makalesi", visibility="members", read_count=17281, helpful_yes=3
    )
    client.force_login(member)
    page = client.get(LIST, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "1 article" in page
    assert "Members only" in page
    assert "Read 17,281 times" in page
    assert "3 people found it helpful" in page
    assert 'lang="tr"' in page
    empty = client.get(LIST, {"q": "yokyok"}, HTTP_ACCEPT_LANGUAGE="en")
    assert "No article matches “yokyok”." in empty.content.decode()


def test_the_page_title_names_the_folded_query_and_search_is_not_indexed(client):
    ArticleFactory(title="İhracat")
    page = client.get(LIST, {"q": "  İHRACAT  "}, HTTP_ACCEPT_LANGUAGE="en")
    html = page.content.decode()
    assert "<title>Search: ihracat · Knowledge base · KMS</title>" in html
    assert '<meta name="robots" content="noindex, follow">' in html
    assert '<link rel="canonical" href="http://testserver/kms/">' in html
    plain = client.get(LIST).content.decode()
    assert "noindex" not in plain
    assert 'type="application/rss+xml"' in plain
    assert f'href="{reverse("kms:feed_atom")}"' in plain


def test_pagination_keeps_the_query_and_filters(client):
    ArticleFactory.create_batch(PAGE_SIZE + 1, language="en", title="Grant guide")
    response = client.get(LIST, {"q": "grant", "language": "en", "sort": "newest"})
    assert len(response.context["articles"]) == PAGE_SIZE
    assert "?q=grant&amp;language=en&amp;sort=newest&amp;page=2" in (
        response.content.decode()
    )
    second = client.get(LIST, {"q": "grant", "language": "en", "page": 2})
    assert len(second.context["articles"]) == 1
    assert 'href="http://testserver/kms/?page=2"' in second.content.decode()


# --- filters and sorts ----------------------------------------------------------------


def test_the_category_filter_includes_subcategories(client):
    parent = CategoryFactory(slug="markets")
    child = CategoryFactory(slug="markets-asia", parent=parent)
    grandchild = CategoryFactory(slug="markets-asia-japan", parent=child)
    ArticleFactory(title="Parent", category=parent)
    ArticleFactory(title="Child", category=child)
    ArticleFactory(title="Grandchild", category=grandchild)
    ArticleFactory(title="Elsewhere")
    assert sorted(titles(client.get(LIST, {"category": "markets"}))) == [
        "Child",
        "Grandchild",
        "Parent",
    ]
    assert sorted(titles(client.get(LIST, {"category": "markets-asia"}))) == [
        "Child",
        "Grandchild",
    ]


def test_tag_sector_language_and_date_filters(client):
    grants = Tag.objects.create(name="Hibe", slug="hibe")
    manufacturing = NaceSection.objects.get(code="C")
    tagged = ArticleFactory(title="Tagged", tags=[grants], published_at=day(1))
    sector = ArticleFactory(title="Sector", published_at=day(10))
    sector.sectors.add(manufacturing)
    ArticleFactory(title="English", language="en", published_at=day(20))
    assert titles(client.get(LIST, {"tag": "hibe"})) == [tagged.title]
    assert titles(client.get(LIST, {"sector": "C"})) == ["Sector"]
    assert titles(client.get(LIST, {"language": "en"})) == ["English"]
    dates = {"published_after": "2026-01-05", "published_before": "2026-01-11"}
    assert titles(client.get(LIST, dates)) == ["Sector"]


def test_an_invalid_filter_answers_400_next_to_the_field(client):
    ArticleFactory()
    response = client.get(
        LIST, {"category": "no-such-category"}, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 400
    assert response.context["articles"] == []
    assert response.context["filter"].errors["category"] == [
        "Select a valid choice. no-such-category is not one of the available choices."
    ]
    assert 'id="id_category_error"' in response.content.decode()


def test_sorts(client):
    ArticleFactory(title="Old, much read", published_at=day(1), read_count=50)
    ArticleFactory(title="New", published_at=day(9), helpful_yes=1)
    ArticleFactory(title="Middle, helpful", published_at=day(5), helpful_yes=7)
    assert titles(client.get(LIST)) == ["New", "Middle, helpful", "Old, much read"]
    assert titles(client.get(LIST, {"sort": "reads"}))[0] == "Old, much read"
    assert titles(client.get(LIST, {"sort": "helpful"})) == [
        "Middle, helpful",
        "New",
        "Old, much read",
    ]
    # Relevance without a query is the newest first, not an error.
    response = client.get(LIST, {"sort": "relevance"})
    assert response.status_code == 200
    assert titles(response) == ["New", "Middle, helpful", "Old, much read"]


def test_relevance_is_the_default_sort_with_a_query_only(client):
    ArticleFactory(title="Pazar", summary="Hibe", published_at=day(9))
    ArticleFactory(title="Hibe", summary="Özet", published_at=day(1))
    with_query = client.get(LIST, {"q": "hibe"})
    assert with_query.context["sort"] == "relevance"
    assert titles(with_query) == ["Hibe", "Pazar"]
    assert titles(client.get(LIST, {"q": "hibe", "sort": "newest"})) == [
        "Pazar",
        "Hibe",
    ]
    without = client.get(LIST)
    assert without.context["sort"] == "newest"
    assert "relevance" not in without.content.decode()


def test_the_default_sort_is_submitted_empty_so_a_new_query_ranks(client):
    """Browsing by date then typing a query must not keep "newest"."""
    ArticleFactory(title="Pazar", summary="Hibe", published_at=day(1))
    ArticleFactory(title="Hibe", summary="Özet", published_at=day(9))
    browsing = client.get(LIST).content.decode()
    assert '<option value="" selected>' in browsing
    searched = client.get(LIST, {"q": "hibe", "sort": ""})
    assert searched.context["sort"] == "relevance"
    assert titles(searched) == ["Hibe", "Pazar"]


# --- category and tag pages -----------------------------------------------------------


def test_the_category_page_lists_its_tree_with_title_description_and_feed(client):
    parent = CategoryFactory(slug="grants", name_en="Grant schemes", name_tr="Hibeler")
    child = CategoryFactory(slug="grants-eu", name_en="EU grants", parent=parent)
    ArticleFactory(title="Parent article", category=parent, published_at=day(1))
    ArticleFactory(title="Child article", category=child, published_at=day(2))
    ArticleFactory(title="Members article", category=child, visibility="members")
    ArticleFactory(title="Other")
    url = reverse("kms:category", args=["grants"])
    response = client.get(url, HTTP_ACCEPT_LANGUAGE="en")
    html = response.content.decode()
    assert titles(response) == ["Child article", "Parent article"]
    assert "<title>Grant schemes · Knowledge base · KMS</title>" in html
    assert (
        '<meta name="description" content="Practical articles for SMEs in the '
        'category “Grant schemes”, in Turkish and English.">'
    ) in html
    feed = reverse("kms:category_feed", args=["grants"])
    assert (
        '<link rel="alternate" type="application/rss+xml" '
        f'title="Grant schemes (RSS)" href="{feed}">'
    ) in html
    assert f'href="{reverse("kms:category", args=["grants-eu"])}"' in html
    assert f'<link rel="canonical" href="http://testserver{url}">' in html
    assert "id_category" not in html
    turkish = client.get(url, HTTP_ACCEPT_LANGUAGE="tr").content.decode()
    assert "<title>Hibeler · Bilgi bankası · KMS</title>" in turkish


def test_the_category_page_searches_within_the_category(client):
    category = CategoryFactory(slug="tools")
    ArticleFactory(title="Kümelenme aracı", category=category)
    ArticleFactory(title="Kümelenme haberi")
    response = client.get(reverse("kms:category", args=["tools"]), {"q": "kümelenme"})
    assert titles(response) == ["Kümelenme aracı"]


def test_the_tag_page_lists_tagged_articles(client):
    tag = Tag.objects.create(name="Kümelenme", slug="kumelenme")
    ArticleFactory(title="Tagged", tags=[tag])
    ArticleFactory(title="Untagged")
    response = client.get(
        reverse("kms:tag", args=["kumelenme"]), HTTP_ACCEPT_LANGUAGE="en"
    )
    html = response.content.decode()
    assert titles(response) == ["Tagged"]
    assert "<title>Articles tagged “Kümelenme” · Knowledge base · KMS</title>" in html
    assert f'href="{reverse("kms:tag_feed", args=["kumelenme"])}"' in html
    assert "id_tag" not in html


@pytest.mark.parametrize("name", ["kms:category", "kms:tag"])
def test_unknown_category_or_tag_answers_404(client, name):
    assert client.get(reverse(name, args=["nothing-here"])).status_code == 404


# --- the article page: related articles and translations ------------------------------


def test_related_articles_share_tags_category_or_sectors_in_three_queries(
    member, anonymous, django_assert_num_queries
):
    tag, other_tag = (
        Tag.objects.create(name="Hibe", slug="hibe"),
        Tag.objects.create(name="KOSGEB", slug="kosgeb"),
    )
    section = NaceSection.objects.get(code="C")
    article = ArticleFactory(title="Article", tags=[tag, other_tag])
    article.sectors.add(section)
    ArticleFactory(
        title="Same category", category=article.category, published_at=day(1)
    )
    ArticleFactory(title="Two tags", tags=[tag, other_tag], published_at=day(1))
    ArticleFactory(title="One tag", tags=[tag], published_at=day(2))
    ArticleFactory(title="Members", tags=[tag, other_tag], visibility="members")
    ArticleFactory(title="Draft", tags=[tag], status="draft", published_at=None)
    ArticleFactory(title="Unrelated")
    ArticleFactory(title="Same sector").sectors.add(section)
    with django_assert_num_queries(3):
        related = related_articles(article=article, user=anonymous)
    assert [a.title for a in related] == [
        "Two tags",
        "One tag",
        "Same category",
        "Same sector",
    ]
    # Members read the members-only article too (as many shared tags, newer).
    assert [
        a.title for a in related_articles(article=article, user=member, limit=2)
    ] == ["Members", "Two tags"]


@pytest.mark.parametrize("actor", ["anonymous", "member"])
def test_related_articles_never_show_what_the_reader_may_not_read(
    request, django_assert_num_queries, actor
):
    user = request.getfixturevalue(actor)
    tag = Tag.objects.create(name="Hibe", slug="hibe")
    article = ArticleFactory(title="Article", tags=[tag], published_at=day(1))
    hidden = {
        "Members": {"visibility": "members"},
        "Draft": {"status": "draft", "published_at": None},
        "Submitted": {"status": "submitted", "published_at": None},
        "Returned": {"status": "returned", "published_at": None},
    }
    for title, fields in hidden.items():
        # Newer than any readable one: first in line if they leaked.
        ArticleFactory(title=title, tags=[tag], category=article.category, **fields)
    ArticleFactory(title="Readable", tags=[tag], published_at=day(2))
    with CaptureQueriesContext(connection) as small:
        related = related_articles(article=article, user=user)
    expected = ["Members", "Readable"] if user.is_authenticated else ["Readable"]
    assert [a.title for a in related] == expected
    # Sixty more sharing the tag and the category: as many queries, and
    # still nothing unreadable.
    ArticleFactory.create_batch(
        60, title="Old", tags=[tag], category=article.category, published_at=day(0)
    )
    with django_assert_num_queries(len(small.captured_queries)):
        related = related_articles(article=article, user=user, limit=10)
    unreadable = {"Draft", "Submitted", "Returned", "Article"}
    if not user.is_authenticated:
        unreadable.add("Members")
    assert not {a.title for a in related} & unreadable
    assert len(related) == 10


def test_the_article_page_shows_related_articles_and_visible_translations(
    client, member
):
    original = ArticleFactory(title="İhracat rehberi", language="tr")
    english = ArticleFactory(
        title="Export guide", language="en", translation_of=original
    )
    ArticleFactory(
        title="Guide (members)",
        language="en",
        translation_of=original,
        visibility="members",
    )
    ArticleFactory(title="Aynı kategori", category=original.category)
    page = client.get(
        original.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en"
    ).content.decode()
    assert f'<a href="{english.get_absolute_url()}" hreflang="en" lang="en">' in page
    assert "Read in English" in page
    assert "Guide (members)" not in page
    assert "Aynı kategori" in page
    host = "http://testserver"
    assert f'<link rel="canonical" href="{host}{original.get_absolute_url()}">' in page
    english_url = f"{host}{english.get_absolute_url()}"
    assert f'<link rel="alternate" hreflang="en" href="{english_url}">' in page
    category_url = reverse("kms:category", args=[original.category.slug])
    assert f'<li class="breadcrumb-item"><a href="{category_url}">' in page
    back = client.get(english.get_absolute_url()).content.decode()
    assert f'<a href="{original.get_absolute_url()}" hreflang="tr" lang="tr">' in back


# --- query counts ---------------------------------------------------------------------


@pytest.mark.parametrize("capped", [False, True], ids=["whole", "capped"])
@pytest.mark.parametrize("actor", ["anonymous", "member"])
@pytest.mark.parametrize(
    "params",
    [
        {},
        {"q": "ihracat"},
        {"q": "İHRACAT kumelenme", "sort": "reads"},
        {"q": "ihracat kümelenmw"},
        {"category": "kb", "tag": "hibe", "sector": "C", "language": "tr"},
        {"q": "ihracat", "published_after": "2020-01-01", "sort": "helpful"},
    ],
    ids=["plain", "search", "search-sorted", "misspelt", "filters", "search-filters"],
)
def test_list_query_count_does_not_depend_on_rows(
    client, request, django_assert_num_queries, monkeypatch, actor, params, capped
):
    """3 articles, then 60: as many queries. Capped, the 60 are more than a
    list counts or a search reads (40 here): still as many."""
    if capped:
        monkeypatch.setattr(article_views, "LIST_CAP", 40)
        monkeypatch.setattr(search_module, "POOL_SIZE", 40)
    user = request.getfixturevalue(actor)
    if user.is_authenticated:
        client.force_login(user)
    category = CategoryFactory(slug="kb")
    tag = Tag.objects.create(name="Hibe", slug="hibe")
    section = NaceSection.objects.get(code="C")

    def make(count):
        for article in ArticleFactory.create_batch(
            count,
            category=category,
            tags=[tag],
            title="İhracat ve kümelenme",
            body_markdown="Kümelenme ile **ihracat** artar.",
            visibility="members" if user.is_authenticated else "public",
        ):
            article.sectors.add(section)

    make(3)
    # Where a search looks first is cached (kms.knowledge.search.WINDOWS).
    assert client.get(LIST, params).status_code == 200
    with CaptureQueriesContext(connection) as small:
        assert client.get(LIST, params).status_code == 200
    few = len(small.captured_queries)  # before the next request resets the log
    make(57)
    # New authors are new users: every process reads its reader again once.
    assert client.get(LIST, params).status_code == 200
    with django_assert_num_queries(few):
        response = client.get(LIST, params)
    assert len(response.context["articles"]) == PAGE_SIZE
    assert response.context["page_obj"].paginator.count == (40 if capped else 60)
    assert response.context["capped"] is capped


@pytest.mark.parametrize("name", ["kms:category", "kms:tag"])
def test_category_and_tag_query_count_does_not_depend_on_rows(
    client, django_assert_num_queries, name
):
    category = CategoryFactory(slug="kb")
    tag = Tag.objects.create(name="Hibe", slug="hibe")
    slug = "kb" if name == "kms:category" else "hibe"
    ArticleFactory.create_batch(3, category=category, tags=[tag])
    url = reverse(name, args=[slug])
    for params in ({}, {"q": "ihracat"}):
        client.get(url, params)
        with CaptureQueriesContext(connection) as small:
            client.get(url, params)
        ArticleFactory.create_batch(30, category=category, tags=[tag])
        with django_assert_num_queries(len(small.captured_queries)):
            response = client.get(url, params)
        assert len(response.context["articles"]) == PAGE_SIZE


def test_the_article_page_links_its_tags_to_their_pages(client):
    tag = Tag.objects.create(name="Kümelenme", slug="kumelenme")
    article = ArticleFactory(tags=[tag])
    page = client.get(article.get_absolute_url()).content.decode()
    assert f'href="{reverse("kms:tag", args=["kumelenme"])}"' in page


def test_the_filter_form_keeps_the_chosen_values(client):
    CategoryFactory(slug="kb", name_tr="Bilgi")
    params = {"category": "kb", "language": "en", "published_after": "2026-01-05"}
    html = client.get(LIST, params).content.decode()
    assert '<option value="kb" selected>Bilgi</option>' in html
    assert '<option value="en" selected>' in html
    assert 'id="id_published_after" value="2026-01-05"' in html


def test_an_unknown_sort_answers_400_next_to_the_select(client):
    response = client.get(LIST, {"sort": "cheapest"})
    assert response.status_code == 400
    assert 'id="id_sort_error"' in response.content.decode()


def test_an_invalid_date_answers_400(client):
    response = client.get(LIST, {"published_before": "31.02.2026"})
    assert response.status_code == 400
    assert list(response.context["filter"].errors) == ["published"]


def test_the_search_box_and_sort_select_belong_to_the_filter_form(client):
    html = client.get(LIST, {"q": "x"}).content.decode()
    form_id = re.search(r'<form id="([\w-]+)" method="get"', html).group(1)
    assert f'name="q" value="x" maxlength="200" form="{form_id}"' in html
    assert (
        '<select name="sort" id="id_sort" class="form-select form-select-sm" '
        f'form="{form_id}"'
    ) in html


# --- the benchmark command (here it measures nothing, it must only run) ---------


@postgresql_only
def test_the_benchmark_creates_indexes_explains_and_times_pages():
    out = io.StringIO()
    call_command("loadtest_search", articles=60, runs=1, stdout=out)
    report = out.getvalue()
    assert "60 articles" in report
    assert report.count("Execution Time:") == 14
    assert "| search 'kumelenme' |" in report
    assert Article.objects.filter(search_vector__isnull=True).count() == 0
    # Run again, it measures the same articles and makes none.
    call_command("loadtest_search", articles=60, runs=1, stdout=io.StringIO())
    assert Article.objects.count() == 60


@sqlite_only
def test_the_benchmark_refuses_sqlite():
    with pytest.raises(CommandError, match="PostgreSQL only"):
        call_command("loadtest_search", articles=10, runs=1)
