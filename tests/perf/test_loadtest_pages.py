"""The page list and the search mix of `make loadtest`, and the load-test
site (trivial view, query counter) that serves them."""

import pytest
from django.db import connection
from django.http import HttpResponse
from django.test import RequestFactory
from django.urls import Resolver404, resolve

from perf.loadtest import searchmix, server
from perf.loadtest.pages import (
    ACTORS,
    PAGES_FILE,
    PageListError,
    load_mix,
    load_pages,
)
from perf.loadtest.resolve import RESOLVERS


def test_every_page_of_the_list_has_an_actor_a_target_and_names_that_resolve():
    pages = load_pages(known=set(RESOLVERS))
    assert {page.actor for page in pages} == set(ACTORS)
    assert len({(page.label, page.actor) for page in pages}) == len(pages)
    search = [page for page in pages if page.mix is not None]
    # As a visitor (kept by the page cache) and signed in (never kept).
    assert [(page.url, page.actor) for page in search] == [
        ("/kms/?q={query}", "visitor"),
        ("/kms/?q={query}", "manager"),
    ]
    assert {(page.target, page.max_p99_ms) for page in search} == {(10, 1000)}


def test_the_issues_pages_are_in_the_list():
    urls = {(page.actor, page.url) for page in load_pages()}
    for wanted in [
        ("visitor", "/"),
        ("visitor", "/kms/"),
        ("visitor", "/sitemap.xml"),
        ("visitor", "/clusters/{largest_cluster}/"),
        ("visitor", "/kms/{article}/"),
        ("visitor", "/firms/directory/"),
        ("visitor", "/infospots/"),
        ("visitor", "/kms/feed/"),
        ("staff", "/firms/?q=tekstil"),
        ("staff", "/dashboard/55/"),
        ("staff", "/kms/moderation/"),
        ("manager", "/dashboard/"),
    ]:
        assert wanted in urls


def test_a_page_fills_its_names_and_percent_encodes_the_mixs_queries():
    search = next(page for page in load_pages() if page.mix is not None)
    assert search.paths({}, ["IŞIK", "kümelenme verimlilik"]) == [
        "/kms/?q=I%C5%9EIK",
        "/kms/?q=k%C3%BCmelenme+verimlilik",
    ]
    article = next(page for page in load_pages() if page.url == "/kms/{article}/")
    assert article.paths({"article": "bench-7"}) == ["/kms/bench-7/"]


@pytest.mark.parametrize(
    ("entry", "error"),
    [
        ('label = "x"\nactor = "robot"\nurl = "/"\ntarget = 2', "actor"),
        ('label = "x"\nactor = "visitor"\nurl = "/"', "'target' is missing"),
        ('label = "x"\nactor = "visitor"\nurl = "kms/"\ntarget = 2', "path"),
        ('label = "x"\nactor = "visitor"\nurl = "/"\ntarget = 0', "positive"),
        ('label = "x"\nactor = "visitor"\nurl = "/?q={query}"\ntarget = 2', "mix"),
        ('label = "x"\nactor = "visitor"\nurl = "/{nowhere}/"\ntarget = 2', "nowhere"),
        ('label = "x"\nactor = "visitor"\nurl = "/"\ntarget = 2\nspeed = 1', "unknown"),
    ],
)
def test_a_wrong_page_entry_is_refused_with_its_reason(tmp_path, entry, error):
    path = tmp_path / "pages.toml"
    path.write_text(f"[[page]]\n{entry}\n", encoding="utf-8")
    with pytest.raises(PageListError, match=error):
        load_pages(path, known={"article"})


def test_the_search_mix_has_at_least_200_different_queries_of_every_kind():
    queries = load_mix(PAGES_FILE.parent / "search_mix.txt")
    assert len(set(queries)) == len(queries)
    assert len(queries) >= 200
    assert {"VERİMLİLİK", "IŞIK", "İHRACAT"} <= set(queries)
    assert sum(" " in query for query in queries) >= 30
    assert not any(query.startswith("#") for query in queries)


def test_the_search_mix_file_is_what_its_generator_writes():
    path = PAGES_FILE.parent / "search_mix.txt"
    assert path.read_text(encoding="utf-8") == searchmix.render()


def test_the_generated_misspellings_differ_from_their_word_by_one_edit():
    import random

    rng = random.Random(1)  # noqa: S311
    for word in ["verimlilik", "kümelenme", "export"]:
        typo = searchmix.misspell(rng, word)
        assert typo != word
        assert abs(len(typo) - len(word)) <= 1
    assert searchmix.turkish_upper("ışık ihracat") == "IŞIK İHRACAT"


def test_the_trivial_view_exists_only_in_the_load_test_site(monkeypatch):
    monkeypatch.syspath_prepend(str(server.SITE_PATH))
    from kms_loadtest_site import urls

    assert resolve("/_trivial/", urlconf=urls).func(None).content == b"ok"
    assert resolve("/kms/", urlconf=urls).url_name == "article_list"
    with pytest.raises(Resolver404):
        resolve("/_trivial/")


@pytest.mark.django_db
def test_the_query_counter_answers_only_when_asked(monkeypatch):
    monkeypatch.syspath_prepend(str(server.SITE_PATH))
    from kms_loadtest_site.middleware import QueryCountMiddleware

    def two_queries(request):
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.execute("SELECT 2")
        return HttpResponse("ok")

    middleware = QueryCountMiddleware(two_queries)
    asked = middleware(RequestFactory().get("/", HTTP_X_COUNT_QUERIES="1"))
    assert asked["X-Query-Count"] == "2"
    assert "X-Query-Count" not in middleware(RequestFactory().get("/"))
