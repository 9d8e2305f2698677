"""Nothing anyone writes runs script in another visitor's browser.

Every vector of tests/knowledge/xss_corpus.txt goes through every field a user can
write, through the services the pages use, and the real pages are parsed
with tests.knowledge.xss.dangerous_markup: article title, summary, body, tags and
organisation (article page, list, search results, category and tag pages,
feeds), vote reasons, comments and flag reasons, return reasons, revision
notes and the revision comparison, attachment names, and the forms that
echo what was typed back on a 400. Many vectors share a page to keep it
quick; each failure names the page and what survived.

PostgreSQL text cannot hold NUL, and the site's forms refuse it
(ProhibitNullCharactersValidator), so in stored fields NUL becomes U+FFFD,
as a browser's HTML parser would read it; render_markdown gets it raw.
"""

import math

import pytest
from defusedxml.ElementTree import fromstring
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils.html import escape

from kms.knowledge.models import Article, Attachment, Comment
from kms.knowledge.search import search
from kms.knowledge.services import render_markdown
from kms.knowledge.services.articles import (
    TAG_MAX_LENGTH,
    article_publish,
    article_return,
    article_save,
    article_submit,
    clean_tag_name,
)
from kms.knowledge.services.attachments import MAX_ATTACHMENTS, attachment_add
from kms.knowledge.services.engagement import article_vote, comment_create, comment_flag
from tests import samples
from tests.factories import (
    ArticleFactory,
    AttachmentFactory,
    CategoryFactory,
    UserFactory,
)
from tests.knowledge.xss import CORPUS, dangerous_markup

pytestmark = pytest.mark.django_db

SEARCHES = ["alert", "script", "javascript", "onerror", "svg", "img"]


def storable(vector: str, limit: int | None = None) -> str:
    text = vector.replace("\x00", "\ufffd")
    return text[:limit] if limit else text


def tag_name(vector: str) -> str:
    """The vector as a tag: tidied, cut to the tag length, given a letter
    when it has none (a tag needs one)."""
    name = " ".join(storable(vector).split())[:TAG_MAX_LENGTH]
    try:
        clean_tag_name(name)
    except ValidationError:
        name = f"x {name}"[:TAG_MAX_LENGTH]
    return name


def packed(limit: int) -> list[list[str]]:
    """The corpus in groups whose vectors, joined by spaces, fit `limit`
    characters: one group per article keeps the pages few."""
    groups, group = [], []
    for vector in CORPUS:
        if group and len(" ".join([*group, vector])) > limit:
            groups.append(group)
            group = []
        group.append(vector)
    return [*groups, group]


# A title holds 200 characters, so does an organisation.
GROUPS = packed(200)


class Pages:
    """Fetches pages and keeps what survived on each."""

    def __init__(self, client):
        self.client = client
        self.survivors: dict[str, list[str]] = {}
        self.fetched = 0

    def get(self, url, *, status=200, **kwargs) -> str:
        response = self.client.get(url, **kwargs)
        assert response.status_code == status, url
        html = response.content.decode()
        self.check(url, html)
        return html

    def post(self, url, data, *, status) -> str:
        response = self.client.post(url, data)
        assert response.status_code == status, url
        html = response.content.decode()
        self.check(f"POST {url}", html)
        return html

    def check(self, where, html):
        self.fetched += 1
        found = dangerous_markup(html)
        if found:
            self.survivors[where] = found

    def pages(self, url, *, params=None, per_page=20, total=None) -> int:
        """Every page of a paginated list; returns how many were read."""
        params = dict(params or {})
        count = math.ceil(total / per_page) if total else 1
        for number in range(1, count + 1):
            self.get(url, data={**params, "page": number})
        return count


@pytest.fixture
def author(db):
    return UserFactory(email="yazar@example.org")


@pytest.fixture
def category(db):
    return CategoryFactory(slug="xss", name_tr="Güvenlik", name_en="Security")


def write(author, category, group, *, index, note="") -> Article:
    """An article whose every field holds the group's vectors; its body
    holds each vector as a paragraph of its own."""
    text = storable(" ".join(group))
    return article_save(
        actor=author,
        article=Article(
            title=text[:200],
            summary=text[:400],
            body_markdown="\n\n".join(storable(vector) for vector in group),
            organisation=text[:200],
            language="tr" if index % 2 else "en",
            category=category,
        ),
        tag_names=[tag_name(vector) for vector in group],
        note=note,
    )


def publish(article, *, author, moderator) -> Article:
    article_submit(actor=author, article=article)
    return article_publish(actor=moderator, article=article)


def test_the_corpus_has_at_least_100_distinct_vectors():
    assert len(CORPUS) >= 100
    assert len(set(CORPUS)) == len(CORPUS)


def test_the_checker_sees_each_kind_of_survivor():
    assert dangerous_markup("<p>Merhaba <b>dünya</b></p>") == []
    assert dangerous_markup('<script src="/static/js/kms.js" defer></script>') == []
    assert dangerous_markup("<script>alert(1)</script>") == [
        "script src=None text='alert(1)'"
    ]
    assert dangerous_markup("<img src=x onerror=alert(1)>") == ["img@onerror"]
    assert dangerous_markup('<a href=" JAVA&#9;SCRIPT:alert(1)">x</a>') == [
        "a@href=javascript:alert(1)"
    ]
    assert dangerous_markup('<a href="java script:alert(1)">x</a>') == []
    assert dangerous_markup(
        '<textarea><b title="</textarea><img src=x onerror=alert(1)>">'
    ) == ["img@onerror"]
    assert dangerous_markup('<div style="width:expression(alert(1))">') == ["div@style"]
    assert dangerous_markup('<meta http-equiv="refresh" content="0;url=/">') == [
        "meta http-equiv=refresh"
    ]
    assert dangerous_markup('<form action="https://evil.example/"></form>') == [
        "form@action=https://evil.example/"
    ]


def test_the_markdown_renderer_keeps_no_vector():
    survivors = {
        vector: found
        for vector in CORPUS
        if (found := dangerous_markup(render_markdown(vector)))
    }
    assert survivors == {}


def test_article_fields_votes_lists_search_tags_and_feeds(
    client, author, manager, category
):
    articles = []
    for index, group in enumerate(GROUPS):
        article = publish(
            write(author, category, group, index=index),
            author=author,
            moderator=manager,
        )
        article_vote(
            actor=manager,
            article=article,
            helpful=False,
            reason=storable(" ".join(group), 500),
        )
        articles.append(article)
    pages = Pages(client)

    # The article page, as the moderator who voted (their reason is shown
    # back to them in the vote form).
    client.force_login(manager)
    unshown = []
    for article in articles:
        html = pages.get(article.get_absolute_url())
        if escape(article.title) not in html:
            unshown.append(article.title)
    assert unshown == []

    client.logout()
    list_pages = pages.pages(reverse("kms:article_list"), total=len(articles))
    for query in SEARCHES:
        found = search(Article.objects.all(), query).count
        pages.pages(reverse("kms:article_list"), params={"q": query}, total=found)
    pages.pages(reverse("kms:category", args=[category.slug]), total=len(articles))
    tags = {tag for article in articles for tag in article.tags.all()}
    for tag in tags:
        pages.get(reverse("kms:tag", args=[tag.slug]))
    # Feeds: readers show an item's description (and Atom summary) as HTML.
    for name in ("kms:feed", "kms:feed_atom"):
        feed = fromstring(client.get(reverse(name)).content)
        for element in feed.iter():
            if element.tag.rpartition("}")[2] in {"description", "summary", "content"}:
                pages.check(f"{name}: {element.text!r:.60}", element.text or "")

    assert pages.survivors == {}
    assert list_pages == math.ceil(len(GROUPS) / 20)
    assert len(tags) > 100


def test_comments_and_flag_reasons(client, member, manager):
    article = ArticleFactory()
    flagger = UserFactory(email="bildiren@example.org")
    for group in packed(300):
        comment = comment_create(
            actor=member, article=article, body=storable("\n".join(group))
        )
        comment_flag(actor=flagger, comment=comment, reason=storable(" ".join(group)))
    comments = Comment.objects.filter(flag_count=1).count()
    pages = Pages(client)
    for reader in (None, member, flagger, manager):
        if reader is None:
            client.logout()
        else:
            client.force_login(reader)
        html = pages.get(article.get_absolute_url())
        assert html.count('class="kms-comment-body"') == comments
    pages.get(reverse("kms:moderation"))
    assert pages.survivors == {}
    assert comments == len(packed(300))


def test_revisions_return_reasons_and_review_pages(client, author, manager, category):
    drafts = []
    for index, group in enumerate(GROUPS):
        article = write(author, category, group, index=index)
        # A second revision: the next group, and this one as its note.
        other = GROUPS[(index + 1) % len(GROUPS)]
        text = storable(" ".join(other))
        article.title = text[:200]
        article.summary = text[:400]
        article.body_markdown = "\n\n".join(storable(vector) for vector in other)
        article = article_save(
            actor=author,
            article=article,
            tag_names=[tag_name(vector) for vector in other],
            note=storable(" ".join(group), 200),
        )
        article_submit(actor=author, article=article)
        article_return(
            actor=manager, article=article, reason=storable("\n".join(group))
        )
        drafts.append(article)
    pages = Pages(client)

    client.force_login(author)
    for article in drafts:
        revisions = reverse("kms:revisions", args=[article.slug])
        pages.get(revisions)
        pages.get(revisions, data={"a": 1, "b": 2})
        pages.get(article.get_absolute_url())
    pages.pages(reverse("kms:my_articles"), per_page=25, total=len(drafts))

    # Sent again: the moderator sees the earlier reason on the review page.
    for article in drafts:
        article_submit(actor=author, article=article)
    client.force_login(manager)
    for article in drafts:
        pages.get(reverse("kms:article_review", args=[article.slug]))
    pages.pages(reverse("kms:moderation"), per_page=50, total=len(drafts))
    assert pages.survivors == {}


def test_attachment_names(client, author, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    per_article = MAX_ATTACHMENTS // 2
    articles = []
    for start in range(0, len(CORPUS), per_article):
        article = ArticleFactory(author=author)
        for vector in CORPUS[start : start + per_article]:
            # Through the service (which cleans the name) and, as an old or
            # imported row might be, stored as typed.
            attachment_add(
                actor=author,
                article=article,
                upload=SimpleUploadedFile(f"{storable(vector)}.pdf", samples.PDF),
            )
            AttachmentFactory(article=article, original_name=storable(vector, 255))
        articles.append(article)
    pages = Pages(client)
    client.force_login(author)
    for article in articles:
        pages.get(article.get_absolute_url())
        pages.get(reverse("kms:attachments", args=[article.slug]))
    headers = []
    for attachment in Attachment.objects.all():
        response = client.get(reverse("kms:attachment_download", args=[attachment.pk]))
        headers.append(response["Content-Disposition"])
    assert len(headers) == 2 * len(CORPUS)
    assert [h for h in headers if not h.startswith("attachment; filename")] == []
    assert [h for h in headers if "\n" in h or "\r" in h] == []
    assert pages.survivors == {}


def test_forms_echo_what_was_typed_escaped(client, author, settings, tmp_path):
    """A refused form comes back with the input in it: still escaped."""
    settings.MEDIA_ROOT = tmp_path / "media"
    article = ArticleFactory(author=author)
    pages = Pages(client)
    client.force_login(author)
    for group in GROUPS:
        text = storable(" ".join(group))
        # No category chosen: the form is refused and shown again.
        pages.post(
            reverse("kms:article_create"),
            {
                "title": text[:200],
                "summary": text[:400],
                "body_markdown": "\n\n".join(storable(vector) for vector in group),
                "tags": ", ".join(tag_name(vector) for vector in group),
                "organisation": text[:200],
                "language": "tr",
                "visibility": "public",
            },
            status=400,
        )
        pages.post(
            reverse("kms:attachments", args=[article.slug]),
            {"file": SimpleUploadedFile(f"{text}.p", samples.PDF)},
            status=400,
        )
    # Too long a comment comes back in its text area.
    pages.post(
        reverse("kms:comment_create", args=[article.slug]),
        {"body": storable("\n".join(CORPUS))},
        status=400,
    )
    assert Article.objects.count() == 1
    assert pages.survivors == {}
