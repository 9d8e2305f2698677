"""The header kept per reader (kms.site.frame) and the request's user kept
by the process (kms.accounts.backends): never one reader's for another, and
every change shows on the next request."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import caches
from django.urls import reverse

from infospots.models import StaffAssignment
from kms.accounts.models import Role
from kms.knowledge.models import ArticleStatus
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db


def header(response) -> str:
    html = response.content.decode()
    return html[html.index('<header class="kms-header">') : html.index("</header>")]


def test_each_reader_gets_their_own_header(client, manager, member):
    client.force_login(manager)
    assert "manager@example.org" in header(client.get("/"))
    client.force_login(member)
    html = header(client.get("/"))
    assert "member@example.org" in html
    assert "manager@example.org" not in html
    assert reverse("admin:index") not in html  # the manager's menu stays theirs


def test_the_log_out_form_carries_this_requests_token(client, manager):
    """The kept header has no token of its own: the one filled in works."""
    client.force_login(manager)
    client.get("/")  # keeps the header
    client.handler.enforce_csrf_checks = True
    page = client.get("/kms/")
    token = re.search(
        r'name="csrfmiddlewaretoken" value="([^"]+)"', header(page)
    ).group(1)
    response = client.post(reverse("account_logout"), {"csrfmiddlewaretoken": token})
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


def test_the_language_switch_returns_to_this_page_escaped(client, manager):
    client.force_login(manager)
    client.get("/kms/")
    html = header(client.get("/kms/", {"q": '"><script>alert(1)</script>'}))
    assert "<script>alert(1)" not in html
    assert 'name="next" value="/kms/?q=%22%3E%3Cscript%3E' in html


def test_the_section_of_the_page_is_marked(client, manager):
    client.force_login(manager)
    home = header(client.get("/"))
    knowledge = header(client.get("/kms/"))
    assert re.search(r'class="nav-link text-nowrap active" href="/"', home)
    assert re.search(r'active" href="/kms/" aria-current="page"', knowledge)
    assert not re.search(r'active" href="/kms/"', home)


def test_a_new_role_shows_its_menu_at_once(client, member):
    client.force_login(member)
    assert reverse("admin:index") not in header(client.get("/"))
    member.role = Role.MANAGER
    member.save()
    assert reverse("admin:index") in header(client.get("/"))


def test_the_moderation_badge_counts_what_waits_now(client, manager):
    client.force_login(manager)
    assert "kms-nav-badge" not in header(client.get("/kms/"))
    ArticleFactory(status=ArticleStatus.SUBMITTED)
    html = header(client.get("/kms/"))
    assert re.search(
        r'kms-nav-badge">1<span class="visually-hidden"> öğe bekliyor', html
    )


def test_the_header_is_drawn_once_per_reader_and_section(client, manager, member):
    """The second page of the same reader and section takes the kept copy."""

    def drawn(response):
        return "includes/header.html" in [t.name for t in response.templates]

    client.force_login(manager)
    assert drawn(client.get("/kms/moderation/"))
    assert not drawn(client.get("/kms/moderation/"))
    assert drawn(client.get("/"))  # another section
    client.force_login(member)
    assert drawn(client.get("/"))  # another reader


def test_a_deactivated_user_is_signed_out_at_once_even_by_a_bulk_write(client, manager):
    client.force_login(manager)
    assert client.get(reverse("benchmarking:dashboard")).status_code == 200
    get_user_model().objects.filter(pk=manager.pk).update(is_active=False)
    response = client.get(reverse("benchmarking:dashboard"))
    assert response.status_code == 302  # to the log-in page


def test_a_new_password_elsewhere_ends_this_session(client, manager):
    client.force_login(manager)
    assert client.get(reverse("benchmarking:dashboard")).status_code == 200
    manager.set_password("another-long-passphrase")
    manager.save()
    assert client.get(reverse("benchmarking:dashboard")).status_code == 302


def test_the_user_is_kept_by_the_process_never_in_the_shared_cache(client, manager):
    """The kept user holds the password hash: it stays in the process."""
    from django.core.cache import cache

    client.force_login(manager)
    client.get("/")
    client.get("/")
    assert cache.get(f"session-user:{manager.pk}") is None
    assert caches["process"].get(f"session-user:{manager.pk}") is not None


def test_a_staff_member_moved_to_another_province_sees_it_at_once(
    client, staff_a, info_spot_b, province_a, province_b
):
    client.force_login(staff_a)
    assert client.get(f"/dashboard/{province_a.plate}/").status_code == 200
    assert client.get(f"/dashboard/{province_b.plate}/").status_code == 404
    assignment = StaffAssignment.objects.get(user=staff_a)
    assignment.info_spot = info_spot_b
    assignment.save()
    assert client.get(f"/dashboard/{province_a.plate}/").status_code == 404
    assert client.get(f"/dashboard/{province_b.plate}/").status_code == 200


def test_two_staff_members_never_share_a_scope(client, staff_a, staff_b, province_a):
    client.force_login(staff_a)
    assert client.get(f"/dashboard/{province_a.plate}/").status_code == 200
    client.force_login(staff_b)
    assert client.get(f"/dashboard/{province_a.plate}/").status_code == 404
