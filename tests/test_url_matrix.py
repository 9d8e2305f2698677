"""Every named URL of the portal's own apps answers each actor as declared.

A new URL fails `test_every_portal_url_is_in_the_matrix` until it is added to
MATRIX with its expected status for every actor, so none can skip the
scoping checks.
"""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

PORTAL_APPS = ("kms", "infospots", "clusters", "benchmarking", "training")
ACTORS = ["anonymous", "member", "staff_a", "staff_b", "manager", "admin_user"]

# url name -> (reverse kwargs, expected status per actor in ACTORS order)
MATRIX = {
    "home": ({}, [200, 200, 200, 200, 200, 200]),
    "healthz": ({}, [200, 200, 200, 200, 200, 200]),
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
    client, request, monkeypatch, name, actor_index
):
    # /healthz pings workers; tests/kms/test_tasks.py does that against a real one.
    monkeypatch.setattr("kms.views._check_workers", lambda: True)
    kwargs, statuses = MATRIX[name]
    user = request.getfixturevalue(ACTORS[actor_index])
    if user.is_authenticated:
        client.force_login(user)
    response = client.get(reverse(name, kwargs=kwargs))
    assert response.status_code == statuses[actor_index]
