import datetime as dt

import pytest
from django.core.management import call_command
from django.db import transaction
from django.db.models import Count, F
from django.test import override_settings
from django.utils import timezone

from infospots.models import InfoSpot
from kms.knowledge.demo import CATEGORIES, DEMO_ACCOUNTS, TAGS, load_demo_articles
from kms.knowledge.models import (
    Article,
    ArticleRevision,
    ArticleStatus,
    Attachment,
    Bookmark,
    Category,
    Comment,
    CommentFlag,
    Follow,
    HelpfulVote,
    Tag,
    Visibility,
)
from kms.knowledge.services.articles import render_markdown

pytestmark = pytest.mark.django_db

MAGIC = {
    "application/pdf": b"%PDF-",
    "image/png": b"\x89PNG\r\n\x1a\n",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": b"PK\x03\x04",
}


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker, tmp_path_factory):
    """One seed for the whole module, rolled back at its end: every test
    runs in a savepoint inside it, so none sees another's writes."""
    media = tmp_path_factory.mktemp("media")
    with (
        django_db_blocker.unblock(),
        override_settings(
            DEBUG=True,
            MEDIA_ROOT=media,
            PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
        ),
        transaction.atomic(),
    ):
        call_command("seed_demo")
        yield media
        transaction.set_rollback(True)


def snapshot():
    """Every row the knowledge-base demo writes, as comparable values."""
    return {
        "articles": list(
            Article.objects.order_by("slug").values_list(
                "slug",
                "status",
                "visibility",
                "published_at",
                "updated_at",
                "read_count",
                "helpful_yes",
                "helpful_no",
                "translation_of__slug",
            )
        ),
        "categories": list(Category.objects.values_list("slug", "parent__slug")),
        "tags": list(Tag.objects.values_list("slug", flat=True)),
        "revisions": list(
            ArticleRevision.objects.values_list("article__slug", "number", "created_at")
        ),
        "attachments": list(Attachment.objects.values_list("pk", "file")),
        "votes": list(HelpfulVote.objects.values_list("pk", "helpful")),
        "comments": list(Comment.objects.values_list("pk", "flag_count")),
        "flags": list(CommentFlag.objects.values_list("pk", flat=True)),
        "bookmarks": list(Bookmark.objects.values_list("pk", flat=True)),
        "follows": list(Follow.objects.values_list("pk", flat=True)),
    }


def test_demo_article_files_are_consistent():
    articles = load_demo_articles()
    by_slug = {a.slug: a for a in articles}
    assert len(by_slug) == len(articles) == 52
    assert {a.category for a in articles} == {slug for slug, *_rest in CATEGORIES}
    assert set().union(*(a.tags for a in articles)) == set(TAGS)
    assert {a.author for a in articles} <= set(DEMO_ACCOUNTS)
    assert {a.language for a in articles} == {"tr", "en"}
    assert max(len(a.summary) for a in articles) <= 400
    assert max(len(a.title) for a in articles) <= 200
    translations = [a for a in articles if a.translation_of]
    assert all(
        by_slug[a.translation_of].language != a.language
        and not by_slug[a.translation_of].translation_of
        for a in translations
    )
    published = [a for a in articles if a.status == ArticleStatus.PUBLISHED]
    assert all(0 < a.published <= 3 * 365 for a in published)
    assert all((a.updated or 0) <= a.published for a in published)
    assert all(150 <= len(a.body.split()) <= 400 for a in published)


def test_seed_demo_fills_the_knowledge_base(seeded):
    articles = Article.objects.all()
    published = articles.filter(status=ArticleStatus.PUBLISHED)
    assert articles.count() == 52
    assert articles.filter(language="tr").count() == 29
    assert articles.filter(language="en").count() == 23
    assert articles.filter(translation_of__isnull=False).count() == 15
    assert published.values("category").distinct().count() == 11
    assert published.filter(visibility=Visibility.MEMBERS).count() == 6
    assert Tag.objects.count() == 20
    statuses = sorted(articles.exclude(status="published").values_list("status"))
    assert statuses == [("draft",)] * 2 + [("returned",)] + [("submitted",)] * 4


def test_demo_dates_give_the_freshness_flag_material(seeded):
    published = Article.objects.filter(status=ArticleStatus.PUBLISHED)
    now = timezone.now()
    stale = published.filter(updated_at__lt=now - dt.timedelta(days=365))
    assert stale.count() >= 10
    oldest = published.order_by("published_at").first().published_at
    newest = published.order_by("-published_at").first().published_at
    assert now - dt.timedelta(days=3 * 365) < oldest < now - dt.timedelta(days=900)
    assert newest > now - dt.timedelta(days=120)
    assert not published.filter(published_at__gt=now).exists()
    assert not published.filter(updated_at__lt=F("published_at")).exists()
    read_counts = published.values_list("read_count", flat=True)
    assert max(read_counts) > 15000
    assert min(read_counts) < 1000


def test_demo_queues_wait_for_the_right_moderators(seeded):
    samsun = InfoSpot.objects.get(slug="samsun").province
    trabzon = InfoSpot.objects.get(slug="trabzon").province
    submitted = Article.objects.filter(status=ArticleStatus.SUBMITTED)
    assert set(submitted.values_list("author__email", "province__name")) == {
        ("sme@example.org", "Samsun"),
        ("sme.trabzon@example.org", "Trabzon"),
        ("staff.gaziantep@example.org", "Gaziantep"),
        ("staff.kahramanmaras@example.org", "Kahramanmaraş"),
    }
    assert not submitted.filter(submitted_at__isnull=True).exists()
    assert submitted.filter(province=samsun).exists()
    assert submitted.filter(province=trabzon).exists()
    returned = Article.objects.get(status=ArticleStatus.RETURNED)
    assert returned.return_reason.startswith("Yazı faydalı")
    assert returned.reviewed_by.email == "staff.samsun@example.org"


def test_demo_authors_give_articles_their_province(seeded):
    rows = set(
        Article.objects.values_list("author__email", "province__name").distinct()
    )
    assert rows == {
        ("manager@example.org", None),
        ("sme@example.org", "Samsun"),
        ("sme.trabzon@example.org", "Trabzon"),
        ("staff.corum@example.org", "Çorum"),
        ("staff.gaziantep@example.org", "Gaziantep"),
        ("staff.kahramanmaras@example.org", "Kahramanmaraş"),
        ("staff.samsun@example.org", "Samsun"),
        ("staff.trabzon@example.org", "Trabzon"),
    }
    published = Article.objects.filter(status=ArticleStatus.PUBLISHED)
    assert not published.filter(reviewed_by__isnull=True).exists()
    assert not published.filter(reviewed_by=F("author")).exists()


def test_demo_attachments_are_readable_files(seeded):
    attachments = Attachment.objects.select_related("article")
    assert attachments.count() == 5
    for attachment in attachments:
        assert attachment.article.status == ArticleStatus.PUBLISHED
        with attachment.file.open("rb") as handle:
            data = handle.read()
        assert len(data) == attachment.size
        assert data.startswith(MAGIC[attachment.content_type])
        assert attachment.file.name.startswith("attachments/")
        assert attachment.original_name not in attachment.file.name


def test_demo_votes_comments_and_lists(seeded):
    for article in Article.objects.all():
        votes = HelpfulVote.objects.filter(article=article)
        assert article.helpful_yes == votes.filter(helpful=True).count()
        assert article.helpful_no == votes.filter(helpful=False).count()
        assert not votes.filter(user=article.author).exists()
    assert HelpfulVote.objects.count() > 100
    assert HelpfulVote.objects.filter(helpful=False).exclude(reason="").count() == 4
    assert Comment.objects.count() == 8
    flagged = Comment.objects.get(flag_count__gt=0)
    assert flagged.flag_count == 1 == flagged.flags.count()
    assert flagged.article.slug == (
        "kalkinma-ajansi-mali-destek-basvurusu-nasil-hazirlanir"
    )
    assert flagged.article.province.name == "Samsun"
    assert Bookmark.objects.filter(user__email="sme@example.org").count() == 3
    assert Follow.objects.filter(user__email="sme@example.org").count() == 2


def test_every_demo_article_has_its_revisions(seeded):
    counts = dict(Article.objects.values_list("slug").annotate(n=Count("revisions")))
    assert set(counts.values()) == {1, 2}
    assert sorted(slug for slug, n in counts.items() if n == 2) == [
        "exporting-to-germany-documents",
        "ur-ge-programina-basvuru-adimlari",
    ]
    first, second = ArticleRevision.objects.filter(
        article__slug="exporting-to-germany-documents"
    ).order_by("number")
    assert "LUCID" not in first.body_markdown
    assert "LUCID" in second.body_markdown


def test_seed_demo_twice_changes_nothing(seeded):
    before = snapshot()
    files = sorted(p.name for p in (seeded / "attachments").iterdir())
    call_command("seed_demo")
    assert snapshot() == before
    assert sorted(p.name for p in (seeded / "attachments").iterdir()) == files


def test_published_bodies_render_sanitised_html(seeded, client):
    published = Article.objects.filter(status=ArticleStatus.PUBLISHED)
    for article in published:
        assert article.body_html == render_markdown(article.body_markdown)
        assert "<h2>" in article.body_html
        assert "<script" not in article.body_html
    assert published.filter(body_html__contains="<table>").count() >= 20
    assert published.filter(body_html__contains='<a href="https://').count() >= 10
    article = published.get(slug="istanbul-fuarlari-takvimi-2026")
    response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    assert "TÜYAP Fuar ve Kongre Merkezi" in response.content.decode()
