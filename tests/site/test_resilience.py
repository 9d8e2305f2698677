"""The portal with its infrastructure failing, its rate-limit page and its mails."""

import json
import runpy
import socket

import pytest
import redis.connection
from allauth.account.models import EmailAddress
from django.conf import settings as django_settings
from django.core import mail
from django.urls import reverse

from benchmarking.services import records_changed
from kms import settings as kms_settings
from kms.site import views as core_views

pytestmark = pytest.mark.django_db

# Nothing listens there.
CLOSED_PORT = "redis://127.0.0.1:6399/0"


def production_cache(monkeypatch, location):
    """The CACHES that kms/settings.py builds for REDIS_URL=`location`: the
    backend and options under test are production's own, whether or not the
    test run itself has a REDIS_URL."""
    monkeypatch.setenv("REDIS_URL", location)
    monkeypatch.setenv("DEBUG", "true")
    return runpy.run_path(kms_settings.__file__)["CACHES"]


@pytest.fixture
def redis_down(settings, monkeypatch):
    settings.CACHES = production_cache(monkeypatch, CLOSED_PORT)
    settings.REDIS_URL = CLOSED_PORT


@pytest.fixture
def silent_redis(settings, monkeypatch):
    """A Redis that accepts connections and never answers."""
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen()
        location = f"redis://127.0.0.1:{server.getsockname()[1]}/0"
        settings.CACHES = production_cache(monkeypatch, location)
        yield


@pytest.fixture
def verified_member(member):
    EmailAddress.objects.create(
        user=member, email=member.email, verified=True, primary=True
    )
    return member


def log_in(client, user):
    return client.post(
        reverse("account_login"),
        {"login": user.email, "password": django_settings.DEMO_PASSWORD},
    )


def test_production_cache_is_django_redis_ignoring_exceptions(monkeypatch):
    cache = production_cache(monkeypatch, CLOSED_PORT)["default"]
    assert cache["BACKEND"] == "kms.core.cache.RedisCache"
    assert cache["LOCATION"] == CLOSED_PORT
    assert cache["OPTIONS"]["IGNORE_EXCEPTIONS"] is True


def test_login_succeeds_with_redis_down(client, verified_member, redis_down):
    response = log_in(client, verified_member)
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(verified_member.pk)


def test_password_reset_and_change_answer_with_redis_down(
    client, verified_member, redis_down
):
    reset = client.post(
        reverse("account_reset_password"), {"email": verified_member.email}
    )
    assert reset.status_code == 302
    assert len(mail.outbox) == 1
    client.force_login(verified_member)
    changed = client.post(
        reverse("account_change_password"),
        {
            "oldpassword": django_settings.DEMO_PASSWORD,
            "password1": "Yeni-parola-2026!",
            "password2": "Yeni-parola-2026!",
        },
    )
    assert changed.status_code == 302
    verified_member.refresh_from_db()
    assert verified_member.check_password("Yeni-parola-2026!")


def test_noting_changed_records_does_not_fail_with_redis_down(redis_down):
    assert records_changed() is None


def test_healthz_names_the_cache_when_redis_is_down(client, redis_down, monkeypatch):
    monkeypatch.setattr(core_views, "_check_workers", lambda: True)
    response = client.get("/healthz")
    assert response.status_code == 503
    body = json.loads(response.content)
    assert body["down"] == ["cache"]
    assert body["checks"]["cache"] == "down"


def test_a_silent_redis_costs_a_login_one_timeout_not_one_per_cache_call(
    client, verified_member, silent_redis, monkeypatch
):
    """A login makes about twenty cache calls; each connection attempt to a
    silent Redis waits for the socket timeout. After the first one fails the
    pool pauses, so the login tries to connect once, not twenty times."""
    attempts = []
    connect = redis.connection.AbstractConnection.connect

    def counted(self, *args, **kwargs):
        attempts.append(self)
        return connect(self, *args, **kwargs)

    monkeypatch.setattr(redis.connection.AbstractConnection, "connect", counted)
    response = log_in(client, verified_member)
    assert response.status_code == 302
    assert len(attempts) == 1


# --- rate limits -----------------------------------------------------------


def test_too_many_password_resets_answer_the_sites_429_page(client, member):
    # allauth allows five resets a minute for one address.
    for _attempt in range(5):
        response = client.post(
            reverse("account_reset_password"), {"email": member.email}
        )
        assert response.status_code == 302
    response = client.post(
        reverse("account_reset_password"),
        {"email": member.email},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 429
    assert "429.html" in [t.name for t in response.templates]
    page = response.content.decode()
    assert 'id="main"' in page  # the site's layout, not allauth's bare page
    assert "Too many attempts" in page
    assert "Wait a few minutes" in page


# --- account mails ---------------------------------------------------------


def test_account_mails_greet_with_the_portals_name_not_the_host(client, member):
    client.post(
        reverse("account_reset_password"),
        {"email": member.email},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    body = mail.outbox[0].body
    assert body.startswith("Hello from KMS!")
    assert "Thank you for using KMS" in body
    assert "testserver!" not in body
