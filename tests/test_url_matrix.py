"""Every named URL of the portal's own apps answers each actor as declared.

A new URL fails `test_every_portal_url_is_in_the_matrix` until it is added to
MATRIX with its expected status for every actor, so none can skip the
scoping checks.
"""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from infospots.models import FirmMembership
from tests.factories import ArticleFactory, FirmFactory, ServiceFactory

PORTAL_APPS = ("kms", "infospots", "clusters", "benchmarking", "training")
ACTORS = ["anonymous", "member", "staff_a", "staff_b", "manager", "admin_user"]

ALL = [200, 200, 200, 200, 200, 200]
LOGGED_IN = [302, 200, 200, 200, 200, 200]
STAFF = [302, 403, 200, 200, 200, 200]
# A row of province A (Samsun) whose firm the member belongs to: staff of
# province B get the same 404 as for a missing row.
READ_A = [302, 200, 200, 404, 200, 200]
WRITE_A = [302, 403, 200, 404, 200, 200]
CONTACTS_A = [302, 404, 200, 404, 200, 200]
MISSING = [302, 404, 404, 404, 404, 404]

# url name -> (reverse kwargs, or a function of the `world` fixture giving
# them; expected status per actor in ACTORS order)
MATRIX = {
    "home": ({}, ALL),
    "healthz": ({}, ALL),
    "kms:article_list": ({}, ALL),
    "kms:article_detail": (lambda w: {"slug": w["article"].slug}, ALL),
    "infospots:info_spot_list": ({}, ALL),
    "infospots:info_spot_detail": (lambda w: {"slug": w["firm"].info_spot.slug}, ALL),
    "infospots:firm_directory": ({}, ALL),
    "infospots:firm_list": ({}, LOGGED_IN),
    "infospots:firm_export_csv": ({}, LOGGED_IN),
    "infospots:firm_export_xlsx": ({}, LOGGED_IN),
    "infospots:firm_create": ({}, STAFF),
    "infospots:firm_duplicates": ({}, STAFF),
    "infospots:firm_detail": (lambda w: {"pk": w["firm"].pk}, READ_A),
    "infospots:firm_update": (lambda w: {"pk": w["firm"].pk}, WRITE_A),
    "infospots:figures_create": (lambda w: {"pk": w["firm"].pk}, WRITE_A),
    "infospots:service_create": (lambda w: {"pk": w["firm"].pk}, WRITE_A),
    "infospots:service_update": (
        lambda w: {"pk": w["firm"].pk, "service_pk": w["service"].pk},
        WRITE_A,
    ),
    # Contacts (personal data): staff of the province and national roles only;
    # the firm's own member gets a 404. A missing contact is a 404 for all;
    # tests/infospots/test_contacts.py walks the real rows.
    "infospots:contact_create": (lambda w: {"pk": w["firm"].pk}, CONTACTS_A),
    "infospots:contact_update": (
        lambda w: {"pk": w["firm"].pk, "contact_pk": 999999},
        MISSING,
    ),
    "infospots:contact_consent": (
        lambda w: {"pk": w["firm"].pk, "contact_pk": 999999},
        MISSING,
    ),
    "infospots:contact_export": (
        lambda w: {"pk": w["firm"].pk, "contact_pk": 999999},
        MISSING,
    ),
    "infospots:contact_erase": (
        lambda w: {"pk": w["firm"].pk, "contact_pk": 999999},
        MISSING,
    ),
    # Spreadsheet import: staff and national roles. A missing job is a 404 for
    # them (members are refused first); tests/infospots/test_imports.py walks
    # real jobs of both provinces.
    "infospots:firm_import": ({}, STAFF),
    "infospots:firm_import_template": ({"fmt": "xlsx"}, STAFF),
    "infospots:firm_import_detail": ({"pk": 999999}, [302, 403, 404, 404, 404, 404]),
    "infospots:firm_import_progress": (
        {"pk": 999999},
        [302, 403, 404, 404, 404, 404],
    ),
    "infospots:firm_import_commit": ({"pk": 999999}, [302, 403, 404, 404, 404, 404]),
}


@pytest.fixture
def world(info_spot_a, member):
    """A firm of province A with a service, the member linked to it."""
    firm = FirmFactory(province=info_spot_a.province, info_spot=info_spot_a)
    FirmMembership.objects.create(user=member, firm=firm)
    return {
        "firm": firm,
        "service": ServiceFactory(firm=firm),
        "article": ArticleFactory(),
    }


def portal_url_names():
    def walk(patterns, namespace=""):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                inner = (
                    f"{namespace}{pattern.namespace}:"
                    if pattern.namespace
                    else namespace
                )
                yield from walk(pattern.url_patterns, inner)
            elif isinstance(pattern, URLPattern) and pattern.name:
                module = getattr(pattern.callback, "__module__", "")
                if module.split(".")[0] in PORTAL_APPS:
                    yield f"{namespace}{pattern.name}"

    return set(walk(get_resolver().url_patterns))


def test_every_portal_url_is_in_the_matrix():
    assert portal_url_names() == set(MATRIX)


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(MATRIX))
@pytest.mark.parametrize("actor_index", range(len(ACTORS)), ids=ACTORS)
def test_url_answers_each_actor_as_declared(
    client, request, monkeypatch, world, name, actor_index
):
    # /healthz pings workers; tests/kms/test_tasks.py does that against a real one.
    monkeypatch.setattr("kms.views.core._check_workers", lambda: True)
    kwargs, statuses = MATRIX[name]
    if callable(kwargs):
        kwargs = kwargs(world)
    user = request.getfixturevalue(ACTORS[actor_index])
    if user.is_authenticated:
        client.force_login(user)
    response = client.get(reverse(name, kwargs=kwargs))
    assert response.status_code == statuses[actor_index]
