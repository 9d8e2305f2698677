"""The demo site behind the browser journeys, and the pages they drive.

The plain helpers the journeys share are in helpers.py.
"""

import pytest
from django.core.management import call_command

from tests.browser.helpers import watch_console


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    """Demo attachments and uploads of a journey go to a temporary folder,
    never to the project's media/. Function-scoped like pytest-django's
    `settings`, which restores MEDIA_ROOT after each test; the live server
    runs in this process and reads the setting at each request."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def demo_site(live_server, reference_data, settings):
    """The live server with the demo data of `seed_demo`.

    Live-server tests flush the database after each test, and Django's
    serialized rollback cannot restore it under Playwright (its greenlet sees
    another connection object), so the migrations' reference rows are loaded
    again first (the `reference_data` fixture).
    """
    settings.DEBUG = True  # seed_demo refuses to run otherwise
    call_command("seed_demo")
    settings.DEBUG = False
    return live_server.url


@pytest.fixture
def page(page):
    """pytest-playwright's page; any message the browser logs as an error
    fails the test, except the error statuses a test expects (helpers)."""
    watch_console(page)
    yield page
    assert page.kms_errors == []


@pytest.fixture
def open_page(new_context):
    """A fresh browser (own cookies) per actor; any message the browser logs
    as an error fails the test, except the error statuses a test expects."""
    pages = []

    def _open(width=1280, height=900):
        # Charts drawn at once, not caught halfway through their animation.
        context = new_context(reduced_motion="reduce")
        page = watch_console(context.new_page())
        page.set_viewport_size({"width": width, "height": height})
        pages.append(page)
        return page

    yield _open
    assert [error for page in pages for error in page.kms_errors] == []
