"""Actors every test can ask for, and the browser-test plumbing."""

import importlib
import os
import shutil
from pathlib import Path

import pytest
from celery.contrib.testing.worker import start_worker
from django.apps import apps
from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache

from infospots.models import Province
from kms.accounts.models import Role
from kms.celery import app
from kms.core import generations
from tests.factories import InfoSpotFactory, StaffFactory, UserFactory

ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_HINT = (
    "browser tests skipped: Chromium not found at /usr/bin/chromium "
    "(enable with: sudo apt-get install -y chromium)"
)


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Rate-limit counters, heartbeats and cached values must not leak
    between tests, nor what the process keeps of them."""
    cache.clear()
    generations.forget_process()


@pytest.fixture(autouse=True)
def _sessions_in_the_database(settings):
    """The same queries with and without Redis: with it the site reads
    sessions from the cache (settings.SESSION_ENGINE), which would take the
    session's query out of every count a test pins. tests/site/test_sessions.py
    checks that engine itself."""
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.db"


@pytest.fixture
def anonymous():
    return AnonymousUser()


@pytest.fixture
def province_a(db):
    return Province.objects.get(name="Samsun")


@pytest.fixture
def province_b(db):
    return Province.objects.get(name="Trabzon")


@pytest.fixture
def info_spot_a(province_a):
    return InfoSpotFactory(province=province_a, slug="samsun")


@pytest.fixture
def info_spot_b(province_b):
    return InfoSpotFactory(province=province_b, slug="trabzon")


@pytest.fixture
def member(db):
    return UserFactory(email="member@example.org", role=Role.MEMBER)


@pytest.fixture
def staff_a(info_spot_a):
    return StaffFactory(email="staff.a@example.org", assignment__info_spot=info_spot_a)


@pytest.fixture
def staff_b(info_spot_b):
    return StaffFactory(email="staff.b@example.org", assignment__info_spot=info_spot_b)


@pytest.fixture
def manager(db):
    return UserFactory(email="manager@example.org", role=Role.MANAGER, is_staff=True)


@pytest.fixture
def admin_user(db):
    return UserFactory(
        email="admin@example.org", role=Role.ADMIN, is_staff=True, is_superuser=True
    )


# The data migrations whose rows every test may rely on.
REFERENCE_DATA = [
    "infospots.migrations.0002_reference_data",
    "infospots.migrations.0004_size_regulations_and_search_index",
    "clusters.migrations.0002_reference_data",
]


@pytest.fixture
def reference_data(django_db_blocker):
    """Provinces, NACE, size regulations, criteria and grant schemes, loaded
    again (idempotently) for tests whose database was flushed: transactional
    tests and live servers run after one another, each flush removes the
    migrations' rows, and serialized rollback cannot be relied on to bring
    them back (see tests/browser/conftest.py)."""
    with django_db_blocker.unblock():
        for module in REFERENCE_DATA:
            importlib.import_module(module).load(apps, None)


@pytest.fixture
def eager_tasks():
    """Tasks run inline in the caller, also when REDIS_URL points at a real
    broker (as in CI): for tests of what a task does, not of its delivery."""
    eager = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = eager


@pytest.fixture
def real_worker(settings):
    """A worker thread consuming from the configured broker.

    Redis (and the Redis cache) when REDIS_URL is set, as in CI; otherwise
    Celery's in-memory transport. Either way the task crosses a real broker
    and runs in a worker, not eagerly in the caller.
    """
    app.conf.task_always_eager = False
    try:
        with start_worker(app, perform_ping_check=False, shutdown_timeout=10):
            yield
    finally:
        app.conf.task_always_eager = settings.CELERY_TASK_ALWAYS_EAGER


# --- browser tests ---------------------------------------------------------


def pytest_configure(config):
    # Playwright drives the browser from an event loop in the test thread;
    # the ORM calls of live_server tests are still synchronous and safe.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    # Failed browser launches leave playwright-* folders in TMPDIR.
    tmp = ARTIFACTS / "tmp"
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)
    os.environ["TMPDIR"] = str(tmp)


def pytest_collection_modifyitems(config, items):
    browser_items = [item for item in items if "browser" in item.keywords]
    if not browser_items or Path(CHROMIUM).exists():
        return
    if os.environ.get("CI") == "true":
        raise pytest.UsageError(
            "CI=true but Chromium is missing at /usr/bin/chromium: "
            "browser tests must run in CI (.ci/run installs it)."
        )
    config._kms_browser_hint = True
    skip = pytest.mark.skip(reason=CHROMIUM_HINT)
    for item in browser_items:
        item.add_marker(skip)


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    if getattr(config, "_kms_browser_hint", False):
        terminalreporter.write_line(CHROMIUM_HINT)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args, browser_name):
    if browser_name != "chromium":
        return browser_type_launch_args
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
        ],
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    # A Turkish visitor's browser, as most of the portal's users have.
    return {**browser_context_args, "locale": "tr-TR"}


@pytest.fixture(scope="session")
def screenshots():
    """Folder where browser tests leave screenshots for people to look at."""
    folder = ARTIFACTS / "screenshots"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    return folder
