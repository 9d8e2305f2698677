"""The page cache for visitors (kms.core.pagecache): what it keeps, for
whom, and when a change shows. A response rendered by its view carries the
templates it used; one served from the cache carries none."""

import datetime as dt

import pytest
from django.db import transaction
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from clusters.models import Cluster
from kms.core import generations, pagecache
from kms.knowledge.models import Article
from tests.factories import (
    ArticleFactory,
    ClusterFactory,
    InfoSpotFactory,
    ServiceFactory,
)

pytestmark = pytest.mark.django_db


def rendered(response) -> bool:
    return bool(response.templates)


def test_a_visitors_second_request_is_served_from_the_cache(client):
    article = ArticleFactory(title="Fuar hazırlığı")
    first = client.get(article.get_absolute_url())
    second = client.get(article.get_absolute_url())
    assert rendered(first)
    assert not rendered(second)
    assert second.status_code == 200
    assert second.content == first.content
    assert second["ETag"] == first["ETag"]
    assert second["Cache-Control"] == "public, no-cache"
    assert second["Content-Length"] == str(len(first.content))
    assert "Accept-Language" in second["Vary"]


@pytest.mark.parametrize("articles", [1, 40])
def test_a_stored_page_costs_no_query_whatever_the_data(
    client, django_assert_num_queries, articles
):
    ArticleFactory.create_batch(articles)
    client.get("/kms/")
    with django_assert_num_queries(0):
        assert client.get("/kms/").status_code == 200


def test_a_matching_etag_gets_a_304(client):
    first = client.get("/kms/")
    again = client.get("/kms/", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    assert again.content == b""


def test_a_proxy_may_keep_pages_when_configured(client, settings):
    settings.PUBLIC_PAGE_PROXY_SECONDS = 30
    response = client.get("/kms/")
    assert "s-maxage=30" in response["Cache-Control"]
    assert "public" in response["Cache-Control"]


@pytest.mark.parametrize(
    "url", ["/", "/kms/", "/clusters/", "/firms/directory/", "/infospots/"]
)
def test_public_pages_set_no_cookie_for_a_visitor(client, url):
    InfoSpotFactory()
    response = client.get(url)
    assert response.status_code == 200
    assert not response.cookies
    assert response["Cache-Control"] == "public, no-cache"


def test_each_language_is_its_own_page(client):
    turkish = client.get("/kms/", HTTP_ACCEPT_LANGUAGE="tr")
    english = client.get("/kms/", HTTP_ACCEPT_LANGUAGE="en")
    assert rendered(english)
    assert 'lang="tr"' in turkish.content.decode()
    assert 'lang="en"' in english.content.decode()
    assert not rendered(client.get("/kms/", HTTP_ACCEPT_LANGUAGE="en"))


def test_the_query_string_is_part_of_the_page(client):
    client.get("/kms/?q=fuar")
    assert rendered(client.get("/kms/?q=ihracat"))
    assert not rendered(client.get("/kms/?q=fuar"))


# -- privacy -------------------------------------------------------------


def test_a_members_page_is_never_kept_for_visitors(client, member):
    ArticleFactory(title="Yalnız üyelere", visibility="members")
    client.force_login(member)
    as_member = client.get("/kms/").content.decode()
    assert "Yalnız üyelere" in as_member
    assert "member@example.org" in as_member
    client.logout()
    as_visitor = client.get("/kms/")
    assert rendered(as_visitor)
    assert "Yalnız üyelere" not in as_visitor.content.decode()
    assert "member@example.org" not in as_visitor.content.decode()


def test_a_member_never_gets_the_visitors_page(client, member):
    client.get("/kms/")
    client.force_login(member)
    response = client.get("/kms/")
    assert rendered(response)
    assert "member@example.org" in response.content.decode()
    assert "private" in response["Cache-Control"]


def test_a_visitor_with_pending_messages_gets_a_fresh_page(client):
    client.get("/kms/")
    client.cookies["messages"] = "anything"
    assert rendered(client.get("/kms/"))


def _middleware(view):
    def get_response(request):
        request._public_page_sections = ("knowledge",)
        return view(request)

    return pagecache.PublicPageCacheMiddleware(get_response)


def _anonymous_get(path="/kms/x/"):
    from django.contrib.auth.models import AnonymousUser

    request = RequestFactory().get(path)
    request.user = AnonymousUser()
    return request


def test_a_page_with_a_csrf_token_is_never_kept():
    calls = []

    def view(request):
        calls.append(1)
        return HttpResponse(f"<form>{get_token(request)}</form>")

    middleware = _middleware(view)
    middleware(_anonymous_get())
    middleware(_anonymous_get())
    assert len(calls) == 2


@pytest.mark.parametrize(
    "response",
    [
        HttpResponse("not found", status=404),
        HttpResponse("yours", headers={"Cache-Control": "private"}),
        HttpResponse("personal", headers={"Cache-Control": "no-store"}),
    ],
)
def test_errors_and_private_answers_are_never_kept(response):
    calls = []

    def view(request):
        calls.append(1)
        return response

    middleware = _middleware(view)
    middleware(_anonymous_get())
    middleware(_anonymous_get())
    assert len(calls) == 2


def test_a_page_rendered_while_its_rows_changed_is_not_served():
    # The view reads the old rows, then a write commits before it answers:
    # the page was kept under the generations read before the view ran.
    calls = []

    def view(request):
        calls.append(1)
        if len(calls) == 1:
            generations.bump("app:knowledge")
        return HttpResponse("page")

    middleware = _middleware(view)
    middleware(_anonymous_get())
    middleware(_anonymous_get())
    middleware(_anonymous_get())
    assert len(calls) == 2


def test_a_cache_that_is_down_serves_every_page(client, settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
        },
        "process": settings.CACHES["process"],
    }
    article = ArticleFactory(title="Önbelleksiz")
    for _ in range(2):
        response = client.get(article.get_absolute_url())
        assert response.status_code == 200
        assert rendered(response)
        assert response["Cache-Control"] == "private"


def test_only_the_projects_apps_are_sections():
    with pytest.raises(ValueError, match="sessions"):
        pagecache.public_page("sessions")


# -- a change shows on the next request after its commit ---------------------


@pytest.fixture
def on_commit(django_capture_on_commit_callbacks):
    """Run what waits for the commit, as the commit would."""

    def commit():
        return django_capture_on_commit_callbacks(execute=True)

    return commit


def test_a_published_article_shows_on_the_list(client, on_commit):
    article = ArticleFactory(
        title="Yeni yayımlanan makale", status="draft", published_at=None
    )
    assert "Yeni yayımlanan makale" not in client.get("/kms/").content.decode()
    with on_commit():
        article.status = "published"
        article.published_at = timezone.now()
        article.save()
    response = client.get("/kms/")
    assert rendered(response)
    assert "Yeni yayımlanan makale" in response.content.decode()


def test_an_edited_article_shows_its_new_title(client, on_commit):
    article = ArticleFactory(title="Eski başlık")
    client.get(article.get_absolute_url())
    with on_commit():
        article.title = "Yeni başlık"
        article.save()
    assert "Yeni başlık" in client.get(article.get_absolute_url()).content.decode()


@pytest.mark.parametrize(
    "change", [{"status": "hidden"}, {"status": "draft", "published_at": None}]
)
def test_a_hidden_or_unpublished_article_disappears(client, on_commit, change):
    article = ArticleFactory(title="Geri çekilen makale")
    assert client.get(article.get_absolute_url()).status_code == 200
    client.get("/kms/")
    with on_commit():
        Article.objects.filter(pk=article.pk).update(**change)
    assert client.get(article.get_absolute_url()).status_code == 404
    assert "Geri çekilen makale" not in client.get("/kms/").content.decode()


def test_a_new_service_shows_on_the_info_spot_page(client, info_spot_a, on_commit):
    url = reverse("infospots:info_spot_detail", args=[info_spot_a.slug])
    assert client.get(url).context["activity"].services_last_year == 0
    with on_commit():
        ServiceFactory(
            firm__info_spot=info_spot_a,
            date=timezone.localdate() - dt.timedelta(days=1),
        )
    assert client.get(url).context["activity"].services_last_year == 1


def test_a_changed_cluster_shows_on_the_directory_and_its_page(client, on_commit):
    cluster = ClusterFactory(name="Eski Küme Adı")
    page = reverse("clusters:detail", args=[cluster.slug])
    client.get("/clusters/")
    client.get(page)
    with on_commit():
        Cluster.objects.filter(pk=cluster.pk).update(name="Yeni Küme Adı")
    assert "Yeni Küme Adı" in client.get("/clusters/").content.decode()
    assert "Yeni Küme Adı" in client.get(page).content.decode()


def test_a_change_in_another_app_keeps_the_page(client):
    client.get("/kms/")
    ClusterFactory()
    assert not rendered(client.get("/kms/"))


@pytest.mark.django_db(transaction=True)
def test_the_commit_itself_replaces_a_page_rendered_during_the_transaction(client):
    # A page rendered before the commit (from the old rows) but stored after
    # the write's first bump must not outlive the commit.
    article = ArticleFactory(title="İlk hali")
    with transaction.atomic():
        article.title = "Son hali"
        article.save()
        stale = pagecache.PublicPageCacheMiddleware(
            lambda request: _old_page(request, "İlk hali")
        )
        request = RequestFactory().get(article.get_absolute_url())
        stale(request)
    response = client.get(article.get_absolute_url())
    assert "Son hali" in response.content.decode()


def _old_page(request, title):
    from django.contrib.auth.models import AnonymousUser

    request.user = AnonymousUser()
    request._public_page_sections = ("knowledge",)
    return HttpResponse(title)
