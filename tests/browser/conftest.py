"""The demo site behind the browser journeys."""

import pytest
from django.core.management import call_command


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
