"""Turkish ships complete, and the committed .mo matches the .po."""

import importlib
from pathlib import Path

import django_filters
import polib
import pytest
from django.apps import apps
from django.test import override_settings
from django.utils import translation
from django.utils.functional import Promise

PO = Path(__file__).resolve().parent.parent / "locale" / "tr" / "LC_MESSAGES"


def test_every_turkish_message_is_translated_and_none_is_fuzzy():
    catalogue = polib.pofile(str(PO / "django.po"))
    assert catalogue.untranslated_entries() == []
    assert catalogue.fuzzy_entries() == []
    assert len(catalogue.translated_entries()) > 100


def test_compiled_catalogue_matches_the_source():
    source = {
        (e.msgctxt, e.msgid): (e.msgstr, tuple(sorted(e.msgstr_plural.items())))
        for e in polib.pofile(str(PO / "django.po")).translated_entries()
    }
    compiled = {
        (e.msgctxt, e.msgid): (e.msgstr, tuple(sorted(e.msgstr_plural.items())))
        for e in polib.mofile(str(PO / "django.mo"))
        if e.msgid
    }
    assert compiled == source


@override_settings(LANGUAGE_CODE="tr")
def test_turkish_is_used_at_run_time():
    with translation.override("tr"):
        assert translation.gettext("Info-spot staff") != "Info-spot staff"
        assert translation.gettext("Log in") == "Giriş yap"


def test_field_names_start_with_a_turkish_capital_i():
    """Django capitalises field names with str.upper(), turning "ilçe" into
    "Ilçe"; their translations therefore start capitalised already."""
    catalogue = polib.pofile(str(PO / "django.po"))
    lower_i = [
        e.msgid
        for e in catalogue.translated_entries()
        if e.msgid[:1].islower() and not e.msgid_plural and e.msgstr.startswith("i")
    ]
    assert lower_i == []


def _subclasses(cls):
    for sub in cls.__subclasses__():
        yield sub
        yield from _subclasses(sub)


def _filtersets():
    """The FilterSets of the portal's apps (their filters modules imported)."""
    names = {config.name for config in apps.get_app_configs()}
    for name in names:
        try:
            importlib.import_module(f"{name}.filters")
        except ModuleNotFoundError:
            continue
    return sorted(
        (
            f
            for f in _subclasses(django_filters.FilterSet)
            if f.__module__ in {f"{name}.filters" for name in names}
        ),
        key=lambda f: f"{f.__module__}.{f.__qualname__}",
    )


@pytest.mark.parametrize(
    "filterset",
    _filtersets(),
    ids=lambda f: f"{f.__module__}.{f.__qualname__}",
)
def test_every_fixed_filter_choice_is_translated_when_shown(filterset):
    """A label formatted at import (django-filter's "%s (descending)") is
    frozen in the language active then: every fixed choice is a lazy
    translation, looked up for each page."""
    frozen = [
        (name, value, label)
        for name, field in filterset.base_filters.items()
        for value, label in field.extra.get("choices") or []
        if not isinstance(label, Promise)
    ]
    assert frozen == []
