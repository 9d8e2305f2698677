"""Home page, health check, language switch, error pages, admin access."""

import json

import pytest
from django.urls import reverse

from kms.site import views

pytestmark = pytest.mark.django_db


def test_home_shows_the_programme_and_its_info_spots(client, info_spot_a, info_spot_b):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    page = response.content.decode()
    assert info_spot_a.name in page
    assert info_spot_b.host_institution in page
    assert response.context["facts"].info_spots == 2
    assert response.context["facts"].rcop_provinces == 43


@pytest.mark.parametrize("actor", ["member", "staff_a", "manager", "admin_user"])
def test_home_answers_every_role(client, request, actor):
    client.force_login(request.getfixturevalue(actor))
    assert client.get("/").status_code == 200


def test_home_query_count_does_not_grow_with_info_spots(
    client, django_assert_max_num_queries, province_a
):
    from tests.factories import InfoSpotFactory

    InfoSpotFactory(province=province_a)
    # The programme's headline numbers take one of these while no snapshot
    # exists (two once computed: tests/benchmarking/test_dashboards.py).
    with django_assert_max_num_queries(7) as one:
        client.get("/")
    InfoSpotFactory.create_batch(20, province=province_a)
    with django_assert_max_num_queries(len(one.captured_queries)):
        client.get("/")


def test_home_is_turkish_by_default_and_english_on_request(client):
    assert client.get("/").context["LANGUAGE_CODE"] == "tr"
    assert client.get("/", HTTP_ACCEPT_LANGUAGE="en").context["LANGUAGE_CODE"] == "en"


def test_language_switch_remembers_the_choice(client):
    response = client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert response.status_code == 302
    assert response.cookies["django_language"].value == "en"
    assert client.get("/").context["LANGUAGE_CODE"] == "en"


def test_healthz_reports_ok(client, monkeypatch):
    # tests/site/test_tasks.py pings a real worker; here one is assumed alive.
    monkeypatch.setattr(views, "_check_workers", lambda: True)
    response = client.get("/healthz")
    assert response.status_code == 200
    body = json.loads(response.content)
    assert body["status"] == "ok"
    assert body["checks"]["database"] == "ok"
    assert body["checks"]["cache"] == "ok"


def test_healthz_answers_503_naming_what_is_down(client, settings, monkeypatch):
    # Nothing listens on port 1: the cache (Redis) is really down.
    settings.REDIS_URL = "redis://127.0.0.1:1/0"
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": settings.REDIS_URL,
        },
        "process": settings.CACHES["process"],
    }
    monkeypatch.setattr(views, "_check_workers", lambda: True)
    response = client.get("/healthz")
    assert response.status_code == 503
    body = json.loads(response.content)
    assert body["down"] == ["cache"]
    assert body["checks"] == {"database": "ok", "cache": "down", "celery": "ok"}


def test_healthz_checks_workers_when_redis_is_configured(client, settings, monkeypatch):
    settings.REDIS_URL = "redis://127.0.0.1:6379/0"
    monkeypatch.setattr(views.celery_app.control, "ping", lambda timeout: [])
    response = client.get("/healthz")
    assert response.status_code == 503
    assert json.loads(response.content)["down"] == ["celery"]


def test_missing_pages_use_the_sites_404(client):
    response = client.get("/no-such-page/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 404
    assert "404.html" in [t.name for t in response.templates]
    assert 'id="main"' in response.content.decode()


@pytest.mark.urls("tests.site.urls_failing")
def test_server_errors_answer_with_the_standalone_500_page(client):
    client.raise_request_exception = False
    response = client.get("/boom/")
    assert response.status_code == 500
    page = response.content.decode()
    assert "<html" in page
    assert "css/kms.css" in page


@pytest.mark.urls("tests.site.urls_failing")
@pytest.mark.parametrize(
    ("path", "status", "template"),
    [
        ("/bad-request/", 400, "400.html"),
        ("/forbidden/", 403, "403.html"),
    ],
)
def test_client_errors_use_the_sites_pages(client, path, status, template):
    response = client.get(path, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == status
    assert template in [t.name for t in response.templates]
    assert 'id="main"' in response.content.decode()


def test_a_failed_csrf_check_explains_itself(info_spot_a):
    from django.test import Client

    response = Client(enforce_csrf_checks=True).post(
        reverse("set_language"), {"language": "en"}, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 403
    assert "403_csrf.html" in [t.name for t in response.templates]
    assert "Nothing was saved" in response.content.decode()


def test_footer_names_the_provinces_with_an_info_spot(client, info_spot_a, info_spot_b):
    page = client.get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Cluster Info Spots in Samsun, Trabzon." in page


@pytest.mark.parametrize(
    ("actor", "status"),
    [
        ("anonymous", 302),
        ("member", 302),
        ("staff_a", 302),
        ("manager", 200),
        ("admin_user", 200),
    ],
)
def test_only_national_roles_reach_django_admin(client, request, actor, status):
    user = request.getfixturevalue(actor)
    if user.is_authenticated:
        client.force_login(user)
    assert client.get("/admin/").status_code == status


def test_head_requests_are_answered_like_get(client, monkeypatch):
    monkeypatch.setattr(views, "_check_workers", lambda: True)
    assert client.head("/").status_code == 200
    assert client.head("/healthz").status_code == 200


def test_the_language_switcher_is_a_get_link_that_sets_a_cookie(client):
    response = client.get(
        reverse("choose_language"), {"language": "en", "next": "/kms/"}
    )
    assert response.status_code == 302
    assert response["Location"] == "/kms/"
    assert response.cookies["django_language"].value == "en"
    assert client.get("/kms/").context["LANGUAGE_CODE"] == "en"


@pytest.mark.parametrize(
    ("params", "location"),
    [
        ({"language": "en", "next": "https://evil.example/"}, "/"),
        ({"language": "xx", "next": "/kms/"}, "/kms/"),
    ],
)
def test_the_language_switcher_refuses_other_sites_and_languages(
    client, params, location
):
    response = client.get(reverse("choose_language"), params)
    assert response["Location"] == location
    assert ("django_language" in response.cookies) == (params["language"] == "en")


def test_the_frames_language_form_carries_no_csrf_token(client):
    page = client.get("/").content.decode()
    assert 'action="/language/" method="get"' in page
    assert "csrfmiddlewaretoken" not in page
