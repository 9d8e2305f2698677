"""What the knowledge base keeps in the cache for readers with a session
(kms.core.generations): the content of the lists and searches, and the
shared parts of an article page. A write shows on the next request; nothing
of one reader's (members-only articles, a bookmark, a CSRF token) reaches
another."""

import re

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kms.knowledge.models import Article, Tag
from kms.knowledge.services.articles import (
    article_publish,
    article_save,
    article_submit,
)
from kms.knowledge.views import articles as article_views
from tests.factories import (
    ArticleFactory,
    AttachmentFactory,
    CategoryFactory,
    CommentFactory,
    UserFactory,
)

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


# --- the article page ------------------------------------------------------------


def page_of(client, article) -> str:
    response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    return response.content.decode()


def test_a_comment_and_an_edit_show_on_a_kept_article_page_at_once(
    client, member, manager
):
    article = ArticleFactory(title="İhracat rehberi", body_markdown="Eski metin.")
    client.force_login(member)
    assert "No comments yet." in page_of(client, article)
    client.post(
        reverse("kms:comment_create", args=[article.slug]), {"body": "Çok faydalı."}
    )
    assert "Çok faydalı." in page_of(client, article)
    article.refresh_from_db()
    article.body_markdown = "Yeni metin."
    article_save(actor=manager, article=article)
    page = page_of(client, article)
    assert "Yeni metin." in page
    assert "Eski metin." not in page


def test_one_readers_bookmark_and_follows_never_reach_another(client, member):
    category = CategoryFactory()
    article = ArticleFactory(category=category)
    other = client.__class__(HTTP_ACCEPT_LANGUAGE="en")
    other.force_login(UserFactory())
    client.force_login(member)
    client.post(reverse("kms:bookmark", args=[article.slug]), {"action": "save"})
    client.post(reverse("kms:follow"), {"category": category.pk, "action": "follow"})
    mine = page_of(client, article)
    assert "Saved" in mine
    assert "Unfollow the category" in mine
    theirs = page_of(other, article)
    assert "Save for later" in theirs
    assert "Saved<" not in theirs
    assert "Unfollow the category" not in theirs
    # Each page's forms carry their reader's own CSRF token.
    assert client.cookies["csrftoken"].value != other.cookies["csrftoken"].value


@pytest.mark.parametrize("first", ["member", "visitor"])
def test_members_only_articles_never_reach_a_visitors_kept_article_page(
    client, member, first
):
    tag = Tag.objects.create(name="Hibe", slug="hibe")
    article = ArticleFactory(title="Açık makale", tags=[tag])
    ArticleFactory(title="Üyelere özel", tags=[tag], visibility="members")
    member_client = client.__class__(HTTP_ACCEPT_LANGUAGE="en")
    member_client.force_login(member)
    visitor = with_session(client)
    order = [member_client, visitor] if first == "member" else [visitor, member_client]
    pages = {id(c): page_of(c, article) for c in order}
    assert "Üyelere özel" in pages[id(member_client)]
    assert "Üyelere özel" not in pages[id(visitor)]


def test_the_kept_parts_hold_no_csrf_token_nor_editing_tools_for_readers(
    client, member, manager
):
    article = ArticleFactory()
    client.force_login(manager)
    assert "Add or remove files" in page_of(client, article)
    client.force_login(member)
    assert "Add or remove files" not in page_of(client, article)
    for can_edit in (True, False):
        parts = article_views._article_parts(article, user=member, can_edit=can_edit)
        assert "csrfmiddlewaretoken" not in str(parts)


@pytest.mark.parametrize("more", [0, 20])
def test_a_kept_article_page_costs_as_many_queries_however_much_it_holds(
    client, member, more
):
    """Drawn, and kept: as many queries with 1 and 21 comments, tags, files
    and related articles; kept, it reads neither tags, files nor related
    articles, and the reader's own marks in one query."""
    tags = [
        Tag.objects.create(name=f"Etiket {n}", slug=f"etiket-{n}") for n in range(3)
    ]
    article = ArticleFactory(tags=tags)
    for _ in range(1 + more):
        CommentFactory(article=article)
        ArticleFactory(tags=tags, category=article.category)
        AttachmentFactory(article=article)
    client.force_login(member)
    client.get(reverse("home"))
    with CaptureQueriesContext(connection) as drawn:
        page_of(client, article)
    with CaptureQueriesContext(connection) as kept:
        page_of(client, article)
    sql = [q["sql"] for q in kept]
    assert [s for s in sql if "kms_article_tags" in s or "kms_attachment" in s] == []
    # The article, its comments and the reader's marks (the rest is the
    # frame's: the session's user, the menu).
    assert len([s for s in sql if 'FROM "kms_article"' in s]) == 1
    assert len([s for s in sql if 'FROM "kms_comment"' in s]) == 1
    assert len([s for s in sql if 'FROM "kms_bookmark"' in s]) == 1
    assert len(drawn) > len(kept)


def test_the_kept_buttons_and_comment_form_post_with_this_readers_token(client, member):
    """The vote, save, follow and comment forms are drawn once per process
    (kms.core.fragments): the token filled in is the reader's, and works."""
    article = ArticleFactory()
    client.force_login(member)
    page_of(client, article)  # draws and keeps them
    client.handler.enforce_csrf_checks = True
    html = page_of(client, article)
    tokens = set(re.findall(r'name="csrfmiddlewaretoken" value="([^"]+)"', html))
    assert tokens
    assert "kms-fill" not in html
    token = tokens.pop()
    saved = client.post(
        reverse("kms:bookmark", args=[article.slug]),
        {"action": "save", "csrfmiddlewaretoken": token},
    )
    assert saved.status_code == 302
    commented = client.post(
        reverse("kms:comment_create", args=[article.slug]),
        {"body": "Çok yararlı bir yazı.", "csrfmiddlewaretoken": token},
    )
    assert commented.status_code == 302
    html = page_of(client, article)
    assert "Çok yararlı bir yazı." in html
    assert "Saved" in html  # the reader's new marks: another kept copy
