"""Writing articles: the form, tags and sectors, provinces, reserved slugs,
who may edit and submit, the article page of unpublished articles, and the
author's own list."""

import datetime as dt

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from infospots.models import FirmMembership, NaceSection
from infospots.selectors import home_province
from kms.knowledge.models import Article, ArticleRevision, ArticleStatus, Tag
from kms.knowledge.services.articles import (
    BODY_MAX_LENGTH,
    BODY_TOO_LONG,
    EDIT_FORBIDDEN,
    RESERVED_SLUG,
    RESERVED_SLUGS,
    SUBMIT_FORBIDDEN,
    TRANSLATION_SAME_LANGUAGE,
    article_publish,
    article_save,
    article_submit,
)
from tests.factories import ArticleFactory, CategoryFactory, FirmFactory, UserFactory

pytestmark = pytest.mark.django_db

NEW = reverse("kms:article_create")


@pytest.fixture(autouse=True)
def _english(client):
    """Pages in English, whatever the catalogue translates."""
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"


@pytest.fixture
def samsun_member(member, info_spot_a):
    """The member, working for a firm of Samsun (province A)."""
    firm = FirmFactory(province=info_spot_a.province, info_spot=info_spot_a)
    FirmMembership.objects.create(user=member, firm=firm)
    return member


@pytest.fixture
def category():
    return CategoryFactory()


def form_data(category, **changes):
    data = {
        "title": "Kümelenme ile ihracat",
        "summary": "Küçük firmalar birlikte nasıl ihracat yapar?",
        "body_markdown": "## Neden?\n\n**Birlikte** daha güçlüyüz.",
        "language": "tr",
        "translation_of": "",
        "category": category.pk,
        "tags": "İhracat, hibe programları",
        "organisation": "Samsun TSO",
        "visibility": "public",
    }
    data.update(changes)
    return data


def article_by(author, **fields):
    """An article of `author` saved through the service (so with revisions)."""
    defaults = {
        "title": "Verimlilik rehberi",
        "summary": "Özet",
        "body_markdown": "Birinci satır.",
        "language": "tr",
        "category": CategoryFactory(),
    }
    return article_save(actor=author, article=Article(**{**defaults, **fields}))


# --- writing --------------------------------------------------------------


def test_a_member_writes_a_draft_of_their_firms_province(client, samsun_member):
    category = CategoryFactory()
    sectors = NaceSection.objects.filter(code__in=["C", "J"])
    client.force_login(samsun_member)
    response = client.post(
        NEW, form_data(category, sectors=[s.pk for s in sectors], note="ignored")
    )
    article = Article.objects.get()
    assert response.status_code == 302
    assert response["Location"] == article.get_absolute_url()
    assert (article.slug, article.status, article.author, article.province.name) == (
        "kumelenme-ile-ihracat",
        ArticleStatus.DRAFT,
        samsun_member,
        "Samsun",
    )
    assert article.body_html == (
        "<h2>Neden?</h2>\n<p><strong>Birlikte</strong> daha güçlüyüz.</p>"
    )
    assert sorted(article.tags.values_list("name", "slug")) == [
        ("hibe programları", "hibe-programlari"),
        ("İhracat", "ihracat"),
    ]
    assert sorted(article.sectors.values_list("code", flat=True)) == ["C", "J"]
    assert list(article.revisions.values_list("number", "editor", "note")) == [
        (1, samsun_member.pk, "")
    ]


def test_the_form_offers_a_markdown_hint_and_bilingual_sectors(client, member):
    client.force_login(member)
    page = client.get(NEW).content.decode()
    assert "**bold**" in page
    assert "C – Manufacturing" in page
    assert '<legend class="form-label fs-6">Sectors</legend>' in page


@pytest.mark.parametrize(
    ("actor", "province"),
    [("staff_a", "Samsun"), ("staff_b", "Trabzon"), ("manager", None)],
)
def test_an_article_belongs_to_its_authors_province(request, actor, province):
    user = request.getfixturevalue(actor)
    article = article_by(user)
    assert (article.province.name if article.province else None) == province


def test_home_province_of_members_staff_and_others(
    samsun_member, staff_b, manager, province_a, province_b
):
    assert home_province(user=samsun_member) == province_a
    assert home_province(user=staff_b) == province_b
    assert home_province(user=manager) is None
    assert home_province(user=UserFactory()) is None
    assert home_province(user=AnonymousUser()) is None


def test_tags_that_fold_alike_are_one_tag(client, member, category):
    existing = Tag.objects.create(name="ihracat", slug="ihracat")
    client.force_login(member)
    client.post(NEW, form_data(category, tags="İhracat, IHRACAT , ihracat,,  "))
    article = Article.objects.get()
    assert list(article.tags.all()) == [existing]
    assert Tag.objects.count() == 1


def test_a_tag_without_letters_is_refused_and_nothing_is_saved(client, member):
    client.force_login(member)
    response = client.post(NEW, form_data(CategoryFactory(), tags="ihracat, !!!"))
    assert response.status_code == 400
    assert "The tag “!!!” needs at least one letter or digit." in (
        response.content.decode()
    )
    assert (Article.objects.count(), Tag.objects.count()) == (0, 0)


def test_a_missing_title_answers_400_and_saves_nothing(client, member, category):
    client.force_login(member)
    response = client.post(NEW, form_data(category, title=""))
    assert response.status_code == 400
    assert response.context["form"].errors["title"] == ["This field is required."]
    assert (Article.objects.count(), ArticleRevision.objects.count()) == (0, 0)


@pytest.mark.parametrize("title", ["New", "Moderation", "Mine", "Feed", "Tag"])
def test_reserved_slugs_are_skipped(member, title):
    article = article_by(member, title=title)
    assert article.slug == f"{title.lower()}-2"
    assert reverse("kms:article_detail", args=[article.slug]).endswith("-2/")


def test_a_reserved_slug_given_by_hand_is_refused(member):
    with pytest.raises(ValidationError) as caught:
        article_by(member, slug="mine")
    assert caught.value.message_dict == {"slug": [str(RESERVED_SLUG)]}
    assert Article.objects.count() == 0


def test_the_translation_is_given_by_its_address(client, member, category):
    english = ArticleFactory(language="en", slug="clustering-for-export")
    client.force_login(member)
    client.post(
        NEW,
        form_data(
            category,
            translation_of="https://kms.example.org/kms/clustering-for-export/",
        ),
    )
    assert Article.objects.get(language="tr").translation_of == english


def test_a_translation_in_the_same_language_is_refused(client, member, category):
    turkish = ArticleFactory(language="tr")
    client.force_login(member)
    response = client.post(NEW, form_data(category, translation_of=turkish.slug))
    assert response.status_code == 400
    assert response.context["form"].errors["translation_of"] == [
        str(TRANSLATION_SAME_LANGUAGE)
    ]
    assert Article.objects.count() == 1


def test_visitors_are_sent_to_log_in(client, category):
    response = client.post(NEW, form_data(category))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    assert Article.objects.count() == 0


# --- editing --------------------------------------------------------------


def edit_url(article):
    return reverse("kms:article_edit", args=[article.slug])


@pytest.mark.parametrize(
    ("status", "expected"),
    [("draft", 200), ("returned", 200), ("published", 200), ("submitted", 403)],
)
def test_the_author_edits_except_while_it_waits_for_review(
    client, member, status, expected
):
    article = article_by(member)
    Article.objects.filter(pk=article.pk).update(
        status=status, published_at=timezone.now() if status == "published" else None
    )
    client.force_login(member)
    assert client.get(edit_url(article)).status_code == expected


@pytest.mark.parametrize(
    ("status", "actor", "expected"),
    [
        ("draft", "staff_a", 404),  # drafts are the author's alone
        ("draft", "manager", 404),
        ("draft", "member", 404),
        ("submitted", "staff_a", 200),
        ("submitted", "staff_b", 404),  # another province's: as if missing
        ("submitted", "member", 404),
        ("submitted", "manager", 200),
        ("returned", "staff_a", 200),
        ("returned", "staff_b", 404),
        ("published", "staff_a", 200),
        ("published", "staff_b", 403),  # readable, not theirs to edit
        ("published", "member", 403),
        ("published", "admin_user", 200),
    ],
)
def test_who_else_may_edit_a_samsun_authors_article(
    client, request, info_spot_a, status, actor, expected
):
    author = UserFactory()
    firm = FirmFactory(province=info_spot_a.province, info_spot=info_spot_a)
    FirmMembership.objects.create(user=author, firm=firm)
    article = article_by(author)
    Article.objects.filter(pk=article.pk).update(
        status=status, published_at=timezone.now() if status == "published" else None
    )
    client.force_login(request.getfixturevalue(actor))
    assert client.get(edit_url(article)).status_code == expected
    assert client.get(article.get_absolute_url()).status_code == (
        404 if expected == 404 else 200
    )


def test_the_author_editing_a_published_article_sends_it_back_for_review(
    client, member
):
    article = article_by(member, title="Eski başlık")
    published_at = timezone.now() - dt.timedelta(days=400)
    Article.objects.filter(pk=article.pk).update(
        status="published",
        published_at=published_at,
        review_flagged_at=timezone.now(),
    )
    client.force_login(member)
    response = client.post(
        edit_url(article),
        form_data(article.category, title="Yeni başlık", note="Başlık düzeldi"),
    )
    assert response.status_code == 302
    article.refresh_from_db()
    assert (article.status, article.published_at, article.review_flagged_at) == (
        "submitted",
        published_at,
        None,
    )
    assert article.submitted_at is not None
    assert (article.title, article.slug) == ("Yeni başlık", "eski-baslik")
    assert list(article.revisions.values_list("number", "title", "note")) == [
        (2, "Yeni başlık", "Başlık düzeldi"),
        (1, "Eski başlık", ""),
    ]


def test_a_moderator_edits_a_submitted_article_and_it_stays_submitted(
    client, staff_a, info_spot_a
):
    author = UserFactory()
    firm = FirmFactory(province=info_spot_a.province, info_spot=info_spot_a)
    FirmMembership.objects.create(user=author, firm=firm)
    article = article_by(author)
    article_submit(actor=author, article=article)
    client.force_login(staff_a)
    client.post(edit_url(article), form_data(article.category, summary="Düzeltildi"))
    article.refresh_from_db()
    assert (article.status, article.summary, article.author) == (
        "submitted",
        "Düzeltildi",
        author,
    )
    assert article.revisions.get(number=2).editor == staff_a


def test_an_edit_keeps_reads_votes_and_decisions_made_since_the_page_loaded(
    member, manager
):
    loaded = article_by(member)
    article_submit(actor=member, article=Article.objects.get(pk=loaded.pk))
    article_publish(actor=manager, article=Article.objects.get(pk=loaded.pk))
    Article.objects.filter(pk=loaded.pk).update(read_count=7, helpful_yes=1)
    loaded.summary = "Düzeltildi"
    article_save(actor=manager, article=loaded)
    article = Article.objects.get(pk=loaded.pk)
    assert (
        article.summary,
        article.status,
        article.reviewed_by,
        article.read_count,
        article.helpful_yes,
    ) == ("Düzeltildi", "published", manager, 7, 1)
    assert article.published_at is not None


def test_a_moderator_editing_someone_elses_published_article_keeps_it_published(
    staff_a, info_spot_a
):
    author = UserFactory()
    firm = FirmFactory(province=info_spot_a.province, info_spot=info_spot_a)
    FirmMembership.objects.create(user=author, firm=firm)
    article = article_by(author)
    Article.objects.filter(pk=article.pk).update(
        status="published", published_at=timezone.now()
    )
    article.refresh_from_db()
    article.summary = "Düzeltildi"
    article_save(actor=staff_a, article=article)
    article.refresh_from_db()
    assert (article.status, article.summary) == ("published", "Düzeltildi")


def test_the_service_refuses_an_edit_while_waiting_and_changes_nothing(member):
    article = article_by(member, title="Önce")
    article_submit(actor=member, article=article)
    article.refresh_from_db()
    article.title = "Sonra"
    with pytest.raises(PermissionDenied) as caught:
        article_save(actor=member, article=article)
    assert str(caught.value) == str(EDIT_FORBIDDEN)
    article.refresh_from_db()
    assert (article.title, article.revisions.count()) == ("Önce", 1)


# --- submitting -------------------------------------------------------------


def submit_url(article):
    return reverse("kms:article_submit", args=[article.slug])


def test_the_author_submits_a_draft(client, member):
    article = article_by(member)
    client.force_login(member)
    response = client.post(submit_url(article))
    assert response.status_code == 302
    assert response["Location"] == article.get_absolute_url()
    article.refresh_from_db()
    assert article.status == "submitted"
    assert article.submitted_at is not None
    page = client.get(article.get_absolute_url()).content.decode()
    assert "Awaiting review." in page


def test_submitting_from_my_articles_comes_back_there(client, member):
    article = article_by(member)
    client.force_login(member)
    mine = reverse("kms:my_articles")
    response = client.post(submit_url(article), {"next": mine})
    assert response["Location"] == mine
    response = client.post(submit_url(article), {"next": "https://evil.example/"})
    assert response["Location"] == article.get_absolute_url()


def test_submitting_twice_explains_and_changes_nothing(client, member):
    article = article_by(member)
    article_submit(actor=member, article=article)
    submitted_at = Article.objects.get().submitted_at
    client.force_login(member)
    response = client.post(submit_url(article), follow=True)
    assert str(SUBMIT_FORBIDDEN) in response.content.decode()
    assert Article.objects.get().submitted_at == submitted_at


def test_nobody_else_submits(client, member, staff_a):
    article = article_by(member)
    Article.objects.filter(pk=article.pk).update(
        status="published", published_at=timezone.now()
    )
    client.force_login(staff_a)
    assert client.post(submit_url(article)).status_code == 403
    other = UserFactory()
    draft = article_by(member, title="Taslak")
    client.force_login(other)
    assert client.post(submit_url(draft)).status_code == 404
    assert Article.objects.get(pk=draft.pk).status == "draft"


def test_visitors_cannot_submit(client, member):
    article = article_by(member)
    response = client.post(submit_url(article))
    assert response.status_code == 302
    assert Article.objects.get().status == "draft"


# --- the article page of unpublished articles ---------------------------


def test_the_author_sees_the_draft_with_its_tools_and_reads_are_not_counted(
    client, member
):
    article = article_by(member)
    client.force_login(member)
    page = client.get(article.get_absolute_url()).content.decode()
    assert "Only you can see this article." in page
    assert f'action="{submit_url(article)}"' in page
    assert f'href="{edit_url(article)}"' in page
    assert reverse("kms:revisions", args=[article.slug]) in page
    assert reverse("kms:article_review", args=[article.slug]) not in page
    assert Article.objects.get().read_count == 0


def test_a_returned_article_shows_the_reason_escaped(client, member):
    article = article_by(member)
    Article.objects.filter(pk=article.pk).update(
        status="returned", return_reason="Kaynak ekleyin <script>alert(1)</script>"
    )
    client.force_login(member)
    page = client.get(article.get_absolute_url()).content.decode()
    assert "Returned to the author." in page
    assert "Kaynak ekleyin &lt;script&gt;alert(1)&lt;/script&gt;" in page
    mine = client.get(reverse("kms:my_articles")).content.decode()
    assert "Kaynak ekleyin &lt;script&gt;alert(1)&lt;/script&gt;" in mine


def test_readers_see_no_tools_on_a_published_article(client, member):
    article = ArticleFactory()
    client.force_login(member)
    page = client.get(article.get_absolute_url()).content.decode()
    assert "kms-article-tools" not in page
    assert "kms-status-banner" not in page


# --- my articles ---------------------------------------------------------


def test_my_articles_lists_only_mine_with_status_and_links(client, member):
    draft = article_by(member, title="Taslağım")
    stale = ArticleFactory(
        author=member,
        title="Eskimiş yazım",
        review_flagged_at=timezone.now(),
    )
    ArticleFactory(title="Başkasının yazısı")
    client.force_login(member)
    response = client.get(reverse("kms:my_articles"))
    page = response.content.decode()
    assert [(a.title, flag) for a, flag in response.context["rows"]] == [
        ("Eskimiş yazım", True),  # the most recently changed first
        ("Taslağım", False),
    ]
    assert "Başkasının yazısı" not in page
    assert "Needs review" in page
    assert f'action="{submit_url(draft)}"' in page
    assert f'action="{submit_url(stale)}"' not in page


def test_the_account_menu_offers_writing_and_my_articles(client, member):
    client.force_login(member)
    page = client.get(reverse("home")).content.decode()
    assert f'href="{NEW}"' in page
    assert f'href="{reverse("kms:my_articles")}"' in page
    assert f'href="{reverse("kms:moderation")}"' not in page


def test_every_fixed_path_under_kms_is_a_reserved_slug():
    """An article slug equal to a fixed path would be hidden by that path."""
    from kms.knowledge.urls import urlpatterns

    fixed = {
        str(pattern.pattern).split("/")[0]
        for pattern in urlpatterns
        if str(pattern.pattern) and not str(pattern.pattern).startswith("<")
    }
    assert fixed == RESERVED_SLUGS


def test_a_body_over_the_limit_is_refused_and_nothing_is_saved(
    client, member, category
):
    client.force_login(member)
    response = client.post(
        reverse("kms:article_create"),
        form_data(category, body_markdown="x" * (BODY_MAX_LENGTH + 1)),
    )
    assert response.status_code == 400
    assert response.context["form"].errors["body_markdown"] == [
        BODY_TOO_LONG % {"limit": "100,000", "count": BODY_MAX_LENGTH}
    ]
    assert Article.objects.count() == 0


def test_control_characters_are_dropped_from_what_is_saved(member):
    article = article_by(
        member,
        title="Hibe\x0brehberi\u202e",
        summary="Özet\x01",
        body_markdown="Satır\x00 bir\nSatır iki",
    )
    article.refresh_from_db()
    assert (article.title, article.summary, article.body_markdown) == (
        "Hibe rehberi",
        "Özet",
        "Satır bir\nSatır iki",
    )
