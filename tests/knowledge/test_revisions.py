"""Revisions: one per save, the list, comparing any two side by side
(escaped), restoring an old one as a new revision, and the admin."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from infospots.models import FirmMembership
from kms.knowledge.models import Article, ArticleRevision
from kms.knowledge.selectors.revisions import DiffRow, Piece, diff_lines
from kms.knowledge.services.articles import (
    EDIT_FORBIDDEN,
    RESTORED_NOTE,
    article_save,
    article_submit,
    revision_restore,
)
from tests.factories import CategoryFactory, FirmFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english(client):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"


@pytest.fixture
def author(info_spot_a):
    """A member of a Samsun firm."""
    user = UserFactory(first_name="Ayşe", last_name="Yılmaz")
    firm = FirmFactory(province=info_spot_a.province, info_spot=info_spot_a)
    FirmMembership.objects.create(user=user, firm=firm)
    return user


def edited(article, actor, **changes):
    article.refresh_from_db()
    for field, value in changes.items():
        setattr(article, field, value)
    tag_names = changes.pop("tag_names", None)
    return article_save(actor=actor, article=article, tag_names=tag_names)


@pytest.fixture
def article(author):
    """Published, with two revisions: the first text and an edit."""
    first = article_save(
        actor=author,
        article=Article(
            title="İhracat rehberi",
            summary="Özet",
            body_markdown="Giriş.\n<script>alert(1)</script> eski satır\nSon.",
            language="tr",
            category=CategoryFactory(),
            status="published",
        ),
        tag_names=["ihracat", "pazar"],
    )
    article = edited(
        first,
        author,
        title="İhracat rehberi 2026",
        body_markdown="Giriş.\n<script>alert(1)</script> yeni satır\nSon.",
        tag_names=["ihracat"],
    )
    # The author's edit went back for review; a moderator published it again.
    Article.objects.filter(pk=article.pk).update(status="published")
    article.refresh_from_db()
    return article


def revisions_url(article, **params):
    url = reverse("kms:revisions", args=[article.slug])
    return url + (
        "?" + "&".join(f"{k}={v}" for k, v in params.items()) if params else ""
    )


def test_every_save_keeps_a_numbered_snapshot(article, author, staff_a):
    edited(article, staff_a, summary="Moderatör düzeltti")
    rows = list(
        ArticleRevision.objects.filter(article=article).values_list(
            "number", "title", "summary", "tag_names", "editor"
        )
    )
    assert rows == [
        (3, "İhracat rehberi 2026", "Moderatör düzeltti", "ihracat", staff_a.pk),
        (2, "İhracat rehberi 2026", "Özet", "ihracat", author.pk),
        (1, "İhracat rehberi", "Özet", "ihracat, pazar", author.pk),
    ]


@pytest.mark.parametrize(
    ("actor", "expected"),
    [
        ("author", 200),
        ("staff_a", 200),
        ("manager", 200),
        ("staff_b", 403),  # may read the published article, not its history
        ("member", 403),
    ],
)
def test_who_sees_the_revisions_of_a_published_article(
    client, request, article, actor, expected
):
    client.force_login(request.getfixturevalue(actor))
    assert client.get(revisions_url(article)).status_code == expected


def test_revisions_of_an_article_waiting_for_review(client, author, staff_b):
    draft = article_save(
        actor=author,
        article=Article(
            title="Bekleyen",
            summary="Özet",
            body_markdown="x",
            language="tr",
            category=CategoryFactory(),
        ),
    )
    article_submit(actor=author, article=draft)
    client.force_login(staff_b)
    assert client.get(revisions_url(draft)).status_code == 404
    client.logout()
    assert client.get(revisions_url(draft)).status_code == 302


def test_the_list_offers_compare_and_restore(client, article, author):
    client.force_login(author)
    response = client.get(revisions_url(article))
    page = response.content.decode()
    assert [r.number for r in response.context["revisions"]] == [2, 1]
    assert 'name="a" value="1" id="a-1" checked' in page
    assert 'name="b" value="2" id="b-2" checked' in page
    restore = reverse("kms:revision_restore", args=[article.slug, 1])
    assert f'action="{restore}"' in page
    assert reverse("kms:revision_restore", args=[article.slug, 2]) not in page
    assert "the author" in page


def test_comparing_shows_both_sides_escaped_with_changes_marked(
    client, article, author
):
    client.force_login(author)
    response = client.get(revisions_url(article, a=1, b=2))
    page = response.content.decode()
    assert response.status_code == 200
    assert "<script>alert(1)" not in page.split('id="main"', 1)[1]
    assert (
        '<td class="kms-diff-old"><span class="visually-hidden">Before: </span>'
        "&lt;script&gt;alert(1)&lt;/script&gt; <del>eski</del> satır</td>"
    ) in page
    assert (
        '<td class="kms-diff-new"><span class="visually-hidden">After: </span>'
        "&lt;script&gt;alert(1)&lt;/script&gt; <ins>yeni</ins> satır</td>"
    ) in page
    assert '<th scope="col">Revision 1</th>' in page
    assert '<th scope="col">Revision 2</th>' in page
    assert "İhracat rehberi<ins> 2026</ins>" in page  # the changed words only
    labels = [f.label for f in response.context["comparison"].fields if f.changed]
    assert [str(label) for label in labels] == ["Title", "Text (Markdown)", "Tags"]


@pytest.mark.parametrize(
    "params", [{"a": 1, "b": 9}, {"a": "x", "b": 1}, {"a": 1}, {"b": ""}]
)
def test_comparing_unknown_revisions_answers_404(client, article, author, params):
    client.force_login(author)
    assert client.get(revisions_url(article, **params)).status_code == 404


def test_restoring_makes_a_new_revision(client, article, author):
    client.force_login(author)
    response = client.post(reverse("kms:revision_restore", args=[article.slug, 1]))
    assert response.status_code == 302
    assert response["Location"] == revisions_url(article)
    article.refresh_from_db()
    # Like any edit by the author, the restored text goes back for review.
    assert (article.title, article.status) == ("İhracat rehberi", "submitted")
    assert "eski satır" in article.body_html
    assert sorted(article.tags.values_list("name", flat=True)) == ["ihracat", "pazar"]
    latest = article.revisions.order_by("-number").first()
    assert (latest.number, latest.note, latest.editor) == (
        3,
        gettext(RESTORED_NOTE) % {"number": 1},
        author,
    )
    assert latest.note == "Restored revision 1"


def test_only_editors_restore(client, article, member):
    client.force_login(member)
    url = reverse("kms:revision_restore", args=[article.slug, 1])
    assert client.post(url).status_code == 403
    with pytest.raises(PermissionDenied) as caught:
        revision_restore(actor=member, article=article, number=1)
    assert str(caught.value) == str(EDIT_FORBIDDEN)
    article.refresh_from_db()
    assert (article.title, article.revisions.count()) == ("İhracat rehberi 2026", 2)


def test_restoring_a_missing_revision_answers_404(client, article, author):
    client.force_login(author)
    url = reverse("kms:revision_restore", args=[article.slug, 7])
    assert client.post(url).status_code == 404
    assert client.get(url).status_code == 405
    assert article.revisions.count() == 2


def test_diff_rows_keep_context_and_mark_gaps():
    old = "\n".join(f"satır {n}" for n in range(1, 11))
    new = old.replace("satır 8", "satır sekiz")
    rows = diff_lines(old, new)
    assert [(row.kind, row.left_number, row.right_number) for row in rows] == [
        ("gap", None, None),  # lines 1-4 left out
        ("equal", 5, 5),
        ("equal", 6, 6),
        ("equal", 7, 7),
        ("changed", 8, 8),
        ("equal", 9, 9),
        ("equal", 10, 10),
    ]
    assert rows[4] == DiffRow(
        "changed",
        8,
        (Piece("satır ", False), Piece("8", True)),
        8,
        (Piece("satır ", False), Piece("sekiz", True)),
    )
    assert diff_lines("aynı", "aynı") == ()
    assert diff_lines("", "yeni") == (
        DiffRow("added", right_number=1, right=(Piece("yeni", True),)),
    )


def test_the_admin_saves_through_the_service_and_shows_revisions(
    admin_client, admin_user
):
    category = CategoryFactory()
    response = admin_client.post(
        reverse("admin:knowledge_article_add"),
        {
            "title": "Yönetimden yazı",
            "slug": "yonetimden-yazi",
            "summary": "Özet",
            "body_markdown": "**Kalın** <script>x</script>",
            "language": "tr",
            "category": category.pk,
            "author": admin_user.pk,
            "organisation": "",
            "visibility": "public",
            "status": "published",
            "revisions-TOTAL_FORMS": "0",
            "revisions-INITIAL_FORMS": "0",
        },
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 302
    article = Article.objects.get()
    assert article.body_html == "<p><strong>Kalın</strong> </p>"
    assert article.published_at is not None
    revision = article.revisions.get()
    assert (revision.number, revision.note) == (1, "Saved in the administration")
    change = admin_client.get(
        reverse("admin:knowledge_article_change", args=[article.pk]),
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert change.status_code == 200
    assert "Saved in the administration" in change.content.decode()


def test_the_admin_refuses_a_reserved_slug(admin_client, admin_user):
    response = admin_client.post(
        reverse("admin:knowledge_article_add"),
        {
            "title": "Mine",
            "slug": "mine",
            "summary": "Özet",
            "body_markdown": "x",
            "language": "tr",
            "category": CategoryFactory().pk,
            "author": admin_user.pk,
            "visibility": "public",
            "status": "draft",
            "revisions-TOTAL_FORMS": "0",
            "revisions-INITIAL_FORMS": "0",
        },
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["slug"] == [
        "This address is reserved for a page of the knowledge base."
    ]
    assert Article.objects.count() == 0


def test_a_published_article_edited_keeps_its_first_publication_date(author):
    article = article_save(
        actor=author,
        article=Article(
            title="Tarih",
            summary="Özet",
            body_markdown="x",
            language="tr",
            category=CategoryFactory(),
            status="published",
        ),
    )
    first = article.published_at
    assert first is not None
    assert first <= timezone.now()
    edited(article, author, summary="Yeni özet")
    assert Article.objects.get().published_at == first


def test_a_very_long_changed_line_is_compared_whole():
    from kms.knowledge.selectors.revisions import diff_lines

    old = " ".join(f"kelime{n}" for n in range(1000))
    new = " ".join(f"söz{n}" if n % 2 else f"kelime{n}" for n in range(1000))
    (row,) = diff_lines(old, new)
    assert row.kind == "changed"
    assert [(p.text, p.changed) for p in row.left] == [(old, True)]
    assert [(p.text, p.changed) for p in row.right] == [(new, True)]
