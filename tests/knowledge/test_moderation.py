"""Moderation: the queue, publishing and returning, the author's e-mail after
commit, nobody approving their own article, the navigation badge, and the
freshness check."""

import datetime as dt

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from infospots.models import FirmMembership
from infospots.scoping import province_scope
from kms.knowledge.models import Article, ArticleStatus, CommentStatus
from kms.knowledge.selectors.moderation import moderation_counts, moderation_queue
from kms.knowledge.services.articles import (
    NOT_AWAITING_REVIEW,
    OWN_ARTICLE_REVIEW,
    RETURN_REASON_REQUIRED,
    article_publish,
    article_return,
    article_save,
    article_submit,
)
from kms.knowledge.services.engagement import comment_flag
from kms.knowledge.services.moderation import stale_articles_flag
from kms.knowledge.tasks.moderation import flag_stale_articles, send_review_decision
from tests.factories import (
    ArticleFactory,
    CategoryFactory,
    CommentFactory,
    FirmFactory,
    UserFactory,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("eager_tasks")]

QUEUE = reverse("kms:moderation")


@pytest.fixture(autouse=True)
def _english(client):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"


def member_of(info_spot, **fields):
    """A member working for a firm of the Info Spot's province."""
    user = UserFactory(**fields)
    firm = FirmFactory(province=info_spot.province, info_spot=info_spot)
    FirmMembership.objects.create(user=user, firm=firm)
    return user


def submitted_by(author, *, title="Pazar araştırması", language="tr", **fields):
    article = article_save(
        actor=author,
        article=Article(
            title=title,
            summary="Özet",
            body_markdown="Metin.",
            language=language,
            category=CategoryFactory(),
            **fields,
        ),
    )
    return article_submit(actor=author, article=article)


@pytest.fixture
def samsun_author(info_spot_a):
    return member_of(info_spot_a, email="yazar@example.org", first_name="Ayşe")


@pytest.fixture
def samsun_article(samsun_author):
    return submitted_by(samsun_author)


def review_url(article):
    return reverse("kms:article_review", args=[article.slug])


def unchanged(article):
    article.refresh_from_db()
    return (article.status, article.reviewed_by, article.published_at)


# --- the queue ---------------------------------------------------------------


def test_the_queue_lists_what_waits_in_scope_oldest_first(
    client, staff_a, manager, info_spot_a, info_spot_b
):
    newer = submitted_by(member_of(info_spot_a), title="Daha yeni")
    older = submitted_by(member_of(info_spot_a), title="Daha eski")
    Article.objects.filter(pk=older.pk).update(
        submitted_at=timezone.now() - dt.timedelta(days=3)
    )
    trabzon = submitted_by(member_of(info_spot_b), title="Trabzon")
    national = submitted_by(UserFactory(), title="Ulusal")  # no firm: no province
    submitted_by(staff_a, title="Kendi yazım")  # another moderator reviews it
    article_save(
        actor=staff_a,
        article=Article(
            title="Taslak",
            summary="Özet",
            body_markdown="x",
            language="tr",
            category=CategoryFactory(),
        ),
    )
    client.force_login(staff_a)
    response = client.get(QUEUE)
    assert [a.title for a in response.context["articles"]] == [
        "Daha eski",
        "Daha yeni",
    ]
    page = response.content.decode()
    assert "2 articles await review" in page
    assert "3\xa0days" in page  # waiting time
    assert review_url(newer) in page
    assert "Samsun" in page
    client.force_login(manager)
    titles = [a.title for a in client.get(QUEUE).context["articles"]]
    assert titles == ["Daha eski", "Daha yeni", "Trabzon", "Ulusal", "Kendi yazım"]
    assert [a.pk for a in moderation_queue(user=manager)][2:4] == [
        trabzon.pk,
        national.pk,
    ]


def test_members_have_no_queue(client, member):
    client.force_login(member)
    assert client.get(QUEUE).status_code == 403


def test_the_queue_counts_flagged_comments_in_scope(
    client, staff_a, samsun_author, info_spot_b
):
    samsun = ArticleFactory(
        author=samsun_author, province=samsun_author.firm_membership.firm.province
    )
    trabzon = ArticleFactory(province=info_spot_b.province)
    flagged = CommentFactory(article=samsun, flag_count=2, body="<b>spam</b>")
    CommentFactory(article=samsun, flag_count=1, status=CommentStatus.HIDDEN)
    CommentFactory(article=samsun)
    CommentFactory(article=trabzon, flag_count=3)
    client.force_login(staff_a)
    response = client.get(QUEUE)
    page = response.content.decode()
    assert response.context["flagged_count"] == 1
    assert "One flagged comment" in page
    assert f'href="{samsun.get_absolute_url()}#comment-{flagged.pk}"' in page
    assert "&lt;b&gt;spam&lt;/b&gt;" in page


# --- publishing and returning -------------------------------------------------


def test_staff_of_the_province_publish_and_the_author_is_emailed(
    client, staff_a, samsun_article, django_capture_on_commit_callbacks
):
    client.force_login(staff_a)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(review_url(samsun_article), {"decision": "publish"})
    assert response.status_code == 302
    assert response["Location"] == QUEUE
    samsun_article.refresh_from_db()
    assert samsun_article.status == ArticleStatus.PUBLISHED
    assert samsun_article.published_at == samsun_article.reviewed_at
    assert samsun_article.reviewed_by == staff_a
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["yazar@example.org"]
    assert "Pazar araştırması" in message.subject
    assert f"http://127.0.0.1:8000{samsun_article.get_absolute_url()}" in message.body
    assert client.get(samsun_article.get_absolute_url()).status_code == 200


def test_the_email_waits_for_the_commit(
    staff_a, samsun_article, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as callbacks:
        article_publish(actor=staff_a, article=samsun_article)
    assert callbacks
    assert mail.outbox == []
    for callback in callbacks:
        callback()
    assert len(mail.outbox) == 1


def test_the_email_is_in_the_authors_language(
    staff_a, samsun_author, django_capture_on_commit_callbacks
):
    article = submitted_by(
        samsun_author, title="Export <markets> & grants", language="en"
    )
    with django_capture_on_commit_callbacks(execute=True):
        article_return(actor=staff_a, article=article, reason="Add sources & dates.")
    message = mail.outbox[0]
    assert message.subject == (
        "[KMS] Your article was returned to you: Export <markets> & grants"
    )
    assert "Hello Ayşe" in message.body
    assert "Add sources & dates." in message.body
    assert "http://127.0.0.1:8000/kms/export-markets-grants/edit/" in message.body


def test_returning_needs_a_reason_that_the_author_sees(
    client, staff_a, samsun_author, samsun_article, django_capture_on_commit_callbacks
):
    client.force_login(staff_a)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            review_url(samsun_article), {"decision": "return", "reason": "   "}
        )
    assert response.status_code == 400
    assert response.context["form"].errors["reason"] == [str(RETURN_REASON_REQUIRED)]
    assert unchanged(samsun_article) == ("submitted", None, None)
    assert mail.outbox == []
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            review_url(samsun_article),
            {"decision": "return", "reason": "Kaynakları ekleyin."},
        )
    samsun_article.refresh_from_db()
    assert (samsun_article.status, samsun_article.return_reason) == (
        "returned",
        "Kaynakları ekleyin.",
    )
    assert "Kaynakları ekleyin." in mail.outbox[0].body
    client.force_login(samsun_author)
    page = client.get(samsun_article.get_absolute_url()).content.decode()
    assert "Kaynakları ekleyin." in page


def test_the_service_refuses_a_return_without_reason(staff_a, samsun_article):
    with pytest.raises(ValidationError) as caught:
        article_return(actor=staff_a, article=samsun_article, reason="")
    assert caught.value.message_dict == {"reason": [str(RETURN_REASON_REQUIRED)]}
    assert unchanged(samsun_article) == ("submitted", None, None)


def test_nobody_approves_their_own_article(
    client, staff_a, django_capture_on_commit_callbacks
):
    own = submitted_by(staff_a)
    client.force_login(staff_a)
    page = client.get(review_url(own)).content.decode()
    assert 'value="publish"' not in page
    assert "This is your own article: another moderator reviews it." in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(review_url(own), {"decision": "publish"})
    assert response.status_code == 403
    assert str(OWN_ARTICLE_REVIEW) in response.content.decode()
    assert unchanged(own) == ("submitted", None, None)
    assert mail.outbox == []
    with pytest.raises(PermissionDenied) as caught:
        article_return(actor=staff_a, article=own, reason="Kendime iade")
    assert str(caught.value) == str(OWN_ARTICLE_REVIEW)
    assert unchanged(own) == ("submitted", None, None)


def test_managers_do_not_approve_their_own_article_either(manager):
    own = submitted_by(manager)
    assert own.province is None
    with pytest.raises(PermissionDenied) as caught:
        article_publish(actor=manager, article=own)
    assert str(caught.value) == str(OWN_ARTICLE_REVIEW)
    assert unchanged(own) == ("submitted", None, None)


def test_staff_of_another_province_get_404(client, staff_b, samsun_article):
    client.force_login(staff_b)
    assert client.get(review_url(samsun_article)).status_code == 404
    assert (
        client.post(review_url(samsun_article), {"decision": "publish"}).status_code
        == 404
    )
    assert unchanged(samsun_article) == ("submitted", None, None)


def test_other_members_get_404(client, member, samsun_article):
    client.force_login(member)
    assert (
        client.post(review_url(samsun_article), {"decision": "publish"}).status_code
        == 404
    )
    assert unchanged(samsun_article) == ("submitted", None, None)


def test_national_authors_are_reviewed_by_managers_only(client, staff_a, manager):
    national = submitted_by(UserFactory())
    client.force_login(staff_a)
    assert client.get(review_url(national)).status_code == 404
    client.force_login(manager)
    assert client.post(review_url(national), {"decision": "publish"}).status_code == 302
    assert Article.objects.get(pk=national.pk).status == "published"


def test_a_published_article_is_not_reviewed_again(
    client, staff_a, manager, samsun_article
):
    article_publish(actor=staff_a, article=samsun_article)
    before = unchanged(samsun_article)
    with pytest.raises(ValidationError) as caught:
        article_publish(actor=manager, article=samsun_article)
    assert caught.value.messages == [str(NOT_AWAITING_REVIEW)]
    assert unchanged(samsun_article) == before
    client.force_login(manager)
    response = client.post(
        review_url(samsun_article), {"decision": "return", "reason": "x"}
    )
    assert response.status_code == 400
    assert unchanged(samsun_article) == before


def test_a_decision_replaced_by_a_later_one_sends_nothing(
    staff_a, samsun_author, samsun_article
):
    article_return(actor=staff_a, article=samsun_article, reason="Eksik.")
    first = Article.objects.get().reviewed_at
    article_submit(actor=samsun_author, article=samsun_article)
    article_publish(actor=staff_a, article=samsun_article)
    assert send_review_decision(samsun_article.pk, first.isoformat()) is False
    assert mail.outbox == []
    assert send_review_decision(999999, first.isoformat()) is False


def test_the_review_page_previews_the_article_escaped(client, staff_a, samsun_author):
    article = submitted_by(samsun_author, title="Başlık <script>alert(1)</script>")
    client.force_login(staff_a)
    page = client.get(review_url(article)).content.decode()
    assert "Başlık &lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<script>alert(1)" not in page
    assert 'value="publish"' in page
    assert 'value="return"' in page


def test_the_article_page_offers_review_to_moderators(client, staff_a, samsun_article):
    client.force_login(staff_a)
    page = client.get(samsun_article.get_absolute_url()).content.decode()
    assert f'href="{review_url(samsun_article)}"' in page


# --- navigation --------------------------------------------------------------


def test_moderators_see_the_waiting_count_in_the_navigation(
    client, staff_a, samsun_article
):
    CommentFactory(
        article=ArticleFactory(province=samsun_article.province), flag_count=1
    )
    client.force_login(staff_a)
    page = client.get(reverse("home")).content.decode()
    assert f'href="{QUEUE}"' in page
    assert (
        '<span class="badge rounded-pill text-bg-warning kms-nav-badge">2'
        '<span class="visually-hidden"> items wait</span></span>'
    ) in page


@pytest.mark.parametrize("more", [0, 40])
def test_the_counts_cost_two_queries(
    staff_a, samsun_article, django_assert_num_queries, more
):
    # Every page asks for the staff member's province once (the menu's
    # dashboard link does); the counts then cost two queries, however many
    # articles and comments wait.
    for _ in range(more):
        ArticleFactory(
            status="submitted", published_at=None, province=samsun_article.province
        )
        CommentFactory(
            article=ArticleFactory(province=samsun_article.province), flag_count=1
        )
    province_scope(user=staff_a)
    with django_assert_num_queries(2):
        counts = moderation_counts(user=staff_a)
    assert (counts.articles, counts.comments) == (1 + more, more)
    assert counts.total == 1 + 2 * more


def test_the_counts_are_kept_until_an_article_or_a_comment_changes(
    staff_a, samsun_author, django_assert_num_queries
):
    province_scope(user=staff_a)
    assert moderation_counts(user=staff_a).total == 0
    with django_assert_num_queries(0):
        assert moderation_counts(user=staff_a).total == 0
    article = submitted_by(samsun_author)
    assert moderation_counts(user=staff_a).articles == 1
    reader = member_of(staff_a.staff_assignment.info_spot)
    article_publish(actor=staff_a, article=article)
    assert moderation_counts(user=staff_a).articles == 0
    article.refresh_from_db()
    comment = CommentFactory(article=article)
    assert moderation_counts(user=staff_a).comments == 0
    comment_flag(actor=reader, comment=comment)
    assert moderation_counts(user=staff_a).comments == 1


def test_the_badge_follows_a_submission_on_the_next_page(
    client, staff_a, samsun_author, django_capture_on_commit_callbacks
):
    client.force_login(staff_a)
    badge = '<span class="badge rounded-pill text-bg-warning kms-nav-badge">'
    assert badge not in client.get(reverse("home")).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        submitted_by(samsun_author)
    assert f"{badge}1<" in client.get(reverse("home")).content.decode()
    assert "One article awaits review" in client.get(QUEUE).content.decode()


def test_each_moderator_has_their_own_counts(
    client, staff_a, staff_b, manager, samsun_article
):
    """Cached per user and province: an author's own article waits for the
    others, another province's for its own staff."""
    assert moderation_counts(user=staff_a).articles == 1
    assert moderation_counts(user=staff_b).articles == 0
    assert moderation_counts(user=manager).articles == 1
    own = submitted_by(staff_a, title="Kendi yazım")
    assert moderation_counts(user=staff_a).articles == 1
    assert moderation_counts(user=manager).articles == 2
    assert own.author == staff_a


def test_pages_of_non_moderators_do_not_count(client, member, samsun_article):
    client.force_login(member)
    with CaptureQueriesContext(connection) as queries:
        page = client.get(reverse("home")).content.decode()
    assert f'href="{QUEUE}"' not in page
    assert [q["sql"] for q in queries if "kms_comment" in q["sql"]] == []


# --- freshness -------------------------------------------------------------


def age(article, days):
    """Pretend the article was published and last updated `days` ago."""
    when = timezone.now() - dt.timedelta(days=days)
    Article.objects.filter(pk=article.pk).update(updated_at=when, published_at=when)


def test_stale_articles_are_flagged_once_and_their_owner_emailed_once(
    client, samsun_author, django_capture_on_commit_callbacks
):
    first = ArticleFactory(author=samsun_author, title="Eski rehber", language="en")
    second = ArticleFactory(author=samsun_author, title="Eski liste", language="en")
    fresh = ArticleFactory(author=samsun_author, title="Yeni")
    draft = ArticleFactory(author=samsun_author, status="draft", published_at=None)
    for article in (first, second, draft):
        age(article, 400)
    age(fresh, 300)
    with django_capture_on_commit_callbacks(execute=True):
        assert flag_stale_articles() == 2
    flagged = set(
        Article.objects.filter(review_flagged_at__isnull=False).values_list(
            "pk", flat=True
        )
    )
    assert flagged == {first.pk, second.pk}
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["yazar@example.org"]
    assert message.subject == "[KMS] Are your 2 articles still up to date?"
    assert "Eski liste" in message.body
    assert "Eski rehber" in message.body
    assert "Yeni" not in message.body
    with django_capture_on_commit_callbacks(execute=True):
        assert flag_stale_articles() == 0
    assert len(mail.outbox) == 1
    page = client.get(first.get_absolute_url()).content.decode()
    assert "This article was last updated over a year ago." in page
    assert "This article was last updated over a year ago." not in (
        client.get(fresh.get_absolute_url()).content.decode()
    )


def test_flagging_does_not_count_as_an_update(samsun_author):
    article = ArticleFactory(author=samsun_author)
    age(article, 400)
    before = Article.objects.get().updated_at
    stale_articles_flag()
    assert Article.objects.get().updated_at == before


def test_an_edited_article_is_fresh_and_can_be_flagged_again_a_year_later(
    samsun_author, django_capture_on_commit_callbacks
):
    article = article_save(
        actor=samsun_author,
        article=Article(
            title="Rehber",
            summary="Özet",
            body_markdown="x",
            language="tr",
            category=CategoryFactory(),
            status="published",
        ),
    )
    age(article, 400)
    stale_articles_flag()
    article.refresh_from_db()
    article_save(actor=samsun_author, article=article)
    assert Article.objects.get().review_flagged_at is None
    assert stale_articles_flag() == 0
    # The author's edit went back for review; a moderator published it again.
    Article.objects.filter(pk=article.pk).update(status="published")
    age(article, 400)
    with django_capture_on_commit_callbacks(execute=True):
        assert stale_articles_flag() == 1
    assert len(mail.outbox) == 1


# --- the queue kept in the cache ------------------------------------------------


def test_a_submitted_article_shows_in_the_kept_queue_at_once(
    client, staff_a, samsun_author
):
    client.force_login(staff_a)
    assert "No article awaits review" in client.get(QUEUE).content.decode()
    article = submitted_by(samsun_author, title="Yeni gönderilen")
    page = client.get(QUEUE).content.decode()
    assert "One article awaits review" in page
    assert review_url(article) in page
    article_publish(actor=staff_a, article=article)
    assert "No article awaits review" in client.get(QUEUE).content.decode()


def test_a_flagged_comment_shows_in_the_kept_queue_at_once(
    client, staff_a, samsun_author, info_spot_a
):
    article = ArticleFactory(author=samsun_author, province=info_spot_a.province)
    comment = CommentFactory(article=article)
    client.force_login(staff_a)
    assert "No comment is flagged" in client.get(QUEUE).content.decode()
    comment_flag(actor=member_of(info_spot_a), comment=comment)
    assert "One flagged comment" in client.get(QUEUE).content.decode()


def test_each_moderator_is_served_their_own_kept_queue(
    client, staff_a, staff_b, manager, samsun_article
):
    """Kept per moderator: their own articles wait for another moderator,
    another province's for its own staff."""
    own = submitted_by(staff_a, title="Kendi yazım")
    client.force_login(manager)
    page = client.get(QUEUE).content.decode()
    assert "2 articles await review" in page
    assert review_url(own) in page
    client.force_login(staff_a)
    page = client.get(QUEUE).content.decode()
    assert "One article awaits review" in page
    assert review_url(samsun_article) in page
    assert review_url(own) not in page
    client.force_login(staff_b)
    page = client.get(QUEUE).content.decode()
    assert "No article awaits review" in page
    assert review_url(samsun_article) not in page


def test_the_kept_queue_is_drawn_in_the_readers_language(
    client, staff_a, samsun_article
):
    client.force_login(staff_a)
    assert "One article awaits review" in client.get(QUEUE).content.decode()
    page = client.get(QUEUE, HTTP_ACCEPT_LANGUAGE="tr").content.decode()
    assert "One article awaits review" not in page
    assert review_url(samsun_article) in page


@pytest.mark.parametrize(
    ("more", "heading"),
    [(0, "One article awaits review"), (40, "41 articles await review")],
)
def test_the_queue_reads_no_article_while_it_is_kept(
    client, staff_a, samsun_article, more, heading
):
    """Drawn in as many queries for 1 and for 41 waiting articles; then
    served from the cache without reading an article or a comment."""
    for _ in range(more):
        ArticleFactory(
            status="submitted", published_at=None, province=samsun_article.province
        )
    client.force_login(staff_a)
    client.get(reverse("home"))  # the session and the menu's reads, once
    with CaptureQueriesContext(connection) as drawn:
        response = client.get(QUEUE)
    assert len(response.context["articles"]) == 1 + more
    with CaptureQueriesContext(connection) as kept:
        page = client.get(QUEUE).content.decode()
    assert heading in page
    assert [q["sql"] for q in kept if "kms_article" in q["sql"]] == []
    assert [q["sql"] for q in kept if "kms_comment" in q["sql"]] == []
    # Drawing read one page of articles (the counts were the menu's, and
    # no comment is flagged); the rest is the frame's.
    assert len(kept) == len(drawn) - 1
