"""The demo site behind the browser journeys."""

import importlib

import pytest
from django.apps import apps
from django.core.management import call_command

REFERENCE_DATA = [
    importlib.import_module("infospots.migrations.0002_reference_data"),
    importlib.import_module(
        "infospots.migrations.0004_size_regulations_and_search_index"
    ),
    importlib.import_module("clusters.migrations.0002_reference_data"),
]


@pytest.fixture
def demo_site(live_server, settings):
    """The live server with the demo data of `seed_demo`.

    Live-server tests flush the database after each test, and Django's
    serialized rollback cannot restore it under Playwright (its greenlet sees
    another connection object), so the migrations' reference rows are loaded
    again here.
    """
    for migration in REFERENCE_DATA:
        migration.load(apps, None)
    settings.DEBUG = True  # seed_demo refuses to run otherwise
    call_command("seed_demo")
    settings.DEBUG = False
    return live_server.url
