"""What the knowledge base keeps in the cache for readers with a session
(kms.core.generations): the content of the lists and searches, and the
shared parts of an article page. A write shows on the next request; nothing
of one reader's (members-only articles, a bookmark, a CSRF token) reaches
another."""

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kms.knowledge.models import Article
from kms.knowledge.services.articles import (
    article_publish,
    article_save,
    article_submit,
)
from tests.factories import ArticleFactory, CategoryFactory

pytestmark = pytest.mark.django_db

LIST = reverse("kms:article_list")


@pytest.fixture(autouse=True)
def _english(client):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"


def with_session(client):
    """A visitor whose browser sends a session cookie (say, after logging
    out): not served by the page cache, so the view answers."""
    client.cookies[settings.SESSION_COOKIE_NAME] = "no-such-session"
    return client


def searched(client, query="ihracat") -> str:
    response = client.get(LIST, {"q": query})
    assert response.status_code == 200
    return response.content.decode()


# --- lists and searches --------------------------------------------------------


def test_a_new_article_shows_in_a_kept_search_at_once(client, member, staff_a, manager):
    ArticleFactory(title="İhracat rehberi")
    client.force_login(member)
    assert "1 article found for" in searched(client)
    article = article_save(
        actor=staff_a,
        article=Article(
            title="İhracat destekleri",
            summary="Özet",
            body_markdown="İhracat.",
            language="tr",
            category=CategoryFactory(),
        ),
    )
    article_submit(actor=staff_a, article=article)
    assert "İhracat destekleri" not in searched(client)
    article_publish(actor=manager, article=article)
    page = searched(client)
    assert "2 articles found for" in page
    assert "destekleri" in page


def test_a_kept_search_is_read_without_searching_again(client, member):
    ArticleFactory.create_batch(3, title="İhracat rehberi")
    client.force_login(member)
    client.get(LIST, {"q": "ihracat"})
    with CaptureQueriesContext(connection) as kept:
        page = searched(client)
    assert "3 articles found for" in page
    assert [q["sql"] for q in kept if "kms_article" in q["sql"]] == []


@pytest.mark.parametrize("first", ["member", "visitor"])
def test_members_only_articles_never_reach_a_visitors_kept_search(
    client, member, first
):
    """Whoever searches first, each visibility class is served its own."""
    ArticleFactory(title="İhracat herkese")
    ArticleFactory(title="İhracat üyelere", visibility="members")
    member_client = client.__class__(HTTP_ACCEPT_LANGUAGE="en")
    member_client.force_login(member)
    visitor = with_session(client)
    order = [member_client, visitor] if first == "member" else [visitor, member_client]
    pages = {id(c): searched(c) for c in order}
    assert "üyelere" in pages[id(member_client)]
    assert "herkese" in pages[id(member_client)]
    assert "üyelere" not in pages[id(visitor)]
    assert "herkese" in pages[id(visitor)]


def test_a_kept_list_is_drawn_in_the_readers_language(client, member):
    ArticleFactory(title="İhracat rehberi")
    client.force_login(member)
    assert "1 article found for" in searched(client)
    page = client.get(LIST, {"q": "ihracat"}, HTTP_ACCEPT_LANGUAGE="tr")
    assert "1 article found for" not in page.content.decode()


def test_a_kept_category_page_keeps_its_own_follow_button(client, member):
    """The heading (a follow form, with its CSRF token) is drawn for each
    reader; the list below it is kept."""
    category = CategoryFactory(slug="kb")
    ArticleFactory(category=category)
    url = reverse("kms:category", args=["kb"])
    client.force_login(member)
    first = client.get(url).content.decode()
    assert "csrfmiddlewaretoken" in first
    client.post(reverse("kms:follow"), {"category": category.pk, "action": "follow"})
    second = client.get(url).content.decode()
    assert "Follow the category" in first
    assert "Unfollow the category" in second
