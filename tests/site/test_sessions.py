"""Sessions: read from Redis when there is one, kept in the database always.

tests/conftest.py pins the database engine for every other test, so that
the query counts they pin are the same with and without Redis; these tests
check the engine the site runs with Redis.
"""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.core.test_generations import Trips
from tests.test_settings import run_django

pytestmark = pytest.mark.django_db

CACHED_DB = "kms.core.sessions"
ENGINE = "import django; django.setup(); from django.conf import settings as s;" + (
    "print(s.SESSION_ENGINE)"
)


def test_with_redis_sessions_are_read_from_the_cache():
    result = run_django(
        "-c", ENGINE, DEBUG="true", REDIS_URL="redis://127.0.0.1:6379/3"
    )
    assert result.stdout.split() == [CACHED_DB]


def test_without_redis_sessions_live_in_the_database_only():
    # Each process's own memory would keep a session another one ended.
    result = run_django("-c", ENGINE, DEBUG="true")
    assert result.stdout.split() == ["django.contrib.sessions.backends.db"]


@pytest.fixture
def cached_sessions(settings):
    settings.SESSION_ENGINE = CACHED_DB


def _session_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    return response, [q["sql"] for q in queries if "django_session" in q["sql"]]


def test_a_signed_in_request_reads_no_session_row(client, cached_sessions, manager):
    client.force_login(manager)
    response, queries = _session_queries(client, reverse("kms:my_articles"))
    assert (response.status_code, queries) == (200, [])


def test_a_session_outlives_the_cache(client, cached_sessions, manager):
    client.force_login(manager)
    cache.clear()
    response, queries = _session_queries(client, reverse("kms:my_articles"))
    assert response.status_code == 200
    assert len(queries) == 1
    response, queries = _session_queries(client, reverse("kms:my_articles"))
    assert (response.status_code, queries) == (200, [])


def test_logging_out_ends_the_cached_session(client, cached_sessions, manager):
    client.force_login(manager)
    key = client.cookies["sessionid"].value
    assert client.get(reverse("kms:my_articles")).status_code == 200
    client.post(reverse("account_logout"))
    client.cookies["sessionid"] = key  # the old cookie, kept by someone
    assert client.get(reverse("kms:my_articles")).status_code == 302


def test_a_kept_signed_in_page_asks_the_cache_once(
    client, cached_sessions, manager, monkeypatch
):
    """The session's read brings the generations along (kms.core.sessions):
    the user, the menu's counts, the footer and the content are then the
    process's copies."""
    client.force_login(manager)
    url = reverse("benchmarking:dashboard")
    assert client.get(url).status_code == 200  # keeps what it shows
    trips = Trips(monkeypatch)
    assert client.get(url).status_code == 200
    assert trips.count == 1
