"""Engagement: helpful votes, comments and their moderation, bookmarks,
follows, the weekly digest and its unsubscribe link."""

import datetime as dt

import pytest
from django.conf import settings
from django.core import mail
from django.core.cache import cache
from django.db import IntegrityError, connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import escape

from kms.knowledge.models import (
    Article,
    Bookmark,
    Comment,
    CommentFlag,
    CommentStatus,
    Follow,
    HelpfulVote,
    Tag,
)
from kms.knowledge.selectors.moderation import flagged_comments
from kms.knowledge.services.engagement import (
    FLAG_ALREADY,
    FOLLOW_ONE_TARGET,
    article_vote,
    comment_flag,
    digest_send,
    unsubscribe_token,
)
from kms.knowledge.tasks.engagement import send_weekly_digests
from tests.factories import (
    ArticleFactory,
    CategoryFactory,
    CommentFactory,
    UserFactory,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("eager_tasks")]


@pytest.fixture(autouse=True)
def _english():
    """Pages and messages in English, whatever the catalogue translates."""
    with translation.override("en"):
        yield


@pytest.fixture
def client():
    return Client(headers={"accept-language": "en"})


def _login_url(next_url):
    return f"{reverse('account_login')}?next={next_url.replace('#', '%23')}"


# --- "Was this helpful?" ---------------------------------------------------------


def test_a_second_vote_changes_the_first_and_never_adds_a_row(member):
    article = ArticleFactory()
    article_vote(actor=member, article=article, helpful=True)
    article_vote(actor=member, article=article, helpful=False, reason="Eksik.")
    assert list(HelpfulVote.objects.values_list("user", "helpful", "reason")) == [
        (member.pk, False, "Eksik.")
    ]
    article.refresh_from_db()
    assert (article.helpful_yes, article.helpful_no) == (0, 1)


def test_the_database_refuses_a_second_vote_row(member):
    article = ArticleFactory()
    HelpfulVote.objects.create(article=article, user=member, helpful=True)
    with pytest.raises(IntegrityError), transaction.atomic():
        HelpfulVote.objects.create(article=article, user=member, helpful=False)
    assert HelpfulVote.objects.count() == 1


def test_counts_are_recounted_from_the_votes(member, staff_a, manager):
    article = ArticleFactory()
    # A stale counter is put right by the next vote, not incremented.
    Article.objects.filter(pk=article.pk).update(helpful_yes=99, helpful_no=42)
    article_vote(actor=member, article=article, helpful=True)
    article_vote(actor=staff_a, article=article, helpful=True)
    article_vote(actor=manager, article=article, helpful=False)
    article.refresh_from_db()
    assert (article.helpful_yes, article.helpful_no) == (2, 1)


def test_the_reason_is_kept_only_for_a_no(member):
    article = ArticleFactory()
    vote = article_vote(actor=member, article=article, helpful=True, reason="x")
    assert vote.reason == ""


def test_a_member_votes_on_the_page_and_sees_the_counts(client, member):
    article = ArticleFactory()
    HelpfulVote.objects.create(article=article, user=UserFactory(), helpful=True)
    client.force_login(member)
    response = client.post(
        reverse("kms:article_vote", args=[article.slug]),
        {"helpful": "no", "reason": "Örnek yok."},
    )
    assert response.status_code == 302
    assert response["Location"] == f"{article.get_absolute_url()}#helpful"
    page = client.get(article.get_absolute_url()).content.decode()
    assert "1 found this helpful · 1 did not" in page
    assert "Örnek yok." in page


def test_anonymous_visitors_see_the_counts_and_cannot_vote(client):
    article = ArticleFactory()
    HelpfulVote.objects.create(article=article, user=UserFactory(), helpful=True)
    Article.objects.filter(pk=article.pk).update(helpful_yes=1)
    page = client.get(article.get_absolute_url()).content.decode()
    assert "1 found this helpful · 0 did not" in page
    assert "Log in to vote" in page
    assert 'name="helpful"' not in page

    response = client.post(
        reverse("kms:article_vote", args=[article.slug]), {"helpful": "yes"}
    )
    assert response.status_code == 302
    assert response["Location"] == _login_url(f"{article.get_absolute_url()}#helpful")
    assert HelpfulVote.objects.count() == 1
    article.refresh_from_db()
    assert (article.helpful_yes, article.helpful_no) == (1, 0)


def test_a_too_long_reason_is_refused_next_to_the_field(client, member):
    article = ArticleFactory()
    client.force_login(member)
    response = client.post(
        reverse("kms:article_vote", args=[article.slug]),
        {"helpful": "no", "reason": "x" * 501},
    )
    assert response.status_code == 400
    assert response.context["form"].errors["reason"] == [
        "Ensure this value has at most 500 characters (it has 501)."
    ]
    assert HelpfulVote.objects.count() == 0


def test_nobody_votes_on_an_unpublished_article(client, member):
    article = ArticleFactory(status="draft", published_at=None)
    client.force_login(member)
    response = client.post(
        reverse("kms:article_vote", args=[article.slug]), {"helpful": "yes"}
    )
    assert response.status_code == 404
    assert HelpfulVote.objects.count() == 0


def test_an_unpublished_article_shows_no_votes_or_comments(client, member):
    article = ArticleFactory(author=member, status="draft", published_at=None)
    client.force_login(member)
    response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    assert response.context["engagement"] is None
    assert 'id="helpful"' not in response.content.decode()
    assert 'id="comments"' not in response.content.decode()


def test_members_only_articles_answer_404_to_anonymous_writes(client):
    article = ArticleFactory(visibility="members")
    for name in ("kms:article_vote", "kms:comment_create", "kms:bookmark"):
        response = client.post(reverse(name, args=[article.slug]), {"body": "x"})
        assert response.status_code == 404
    assert HelpfulVote.objects.count() == Comment.objects.count() == 0


# --- comments --------------------------------------------------------------------

XSS_COMMENTS = [
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(1)">',
    '"><svg onload=alert(1)>',
    "<a href='javascript:alert(1)'>x</a>",
    "</textarea><script>alert(1)</script>",
]


@pytest.mark.parametrize("vector", XSS_COMMENTS)
def test_comments_are_shown_escaped(client, member, vector):
    article = ArticleFactory()
    client.force_login(member)
    response = client.post(
        reverse("kms:comment_create", args=[article.slug]),
        {"body": f"Satır bir\n{vector}"},
    )
    comment = Comment.objects.get()
    assert response["Location"] == f"{article.get_absolute_url()}#comment-{comment.pk}"
    client.logout()
    page = client.get(article.get_absolute_url()).content.decode()
    body = page.split(f'id="comment-{comment.pk}"', 1)[1].split("</article>", 1)[0]
    assert vector not in page
    assert "<script" not in body
    assert "<img" not in body
    assert "<svg" not in body
    assert "<a " not in body
    assert f"Satır bir<br>{escape(vector)}" in body


def test_a_comment_shows_the_author_name_not_the_address(client, member):
    article = ArticleFactory()
    author = UserFactory(
        first_name="Ayşe", last_name="Yılmaz", email="ayse@firma.example"
    )
    CommentFactory(article=article, author=author, body="İlk yorum")
    page = client.get(article.get_absolute_url()).content.decode()
    assert "Ayşe Yılmaz" in page
    assert "ayse@firma.example" not in page
    assert "Log in to comment" in page


@pytest.mark.parametrize("body", ["", "   ", "x" * 2001])
def test_empty_or_too_long_comments_are_refused(client, member, body):
    article = ArticleFactory()
    client.force_login(member)
    response = client.post(
        reverse("kms:comment_create", args=[article.slug]), {"body": body}
    )
    assert response.status_code == 400
    assert response.context["form"].errors["body"]
    assert Comment.objects.count() == 0


def test_anonymous_visitors_cannot_comment(client):
    article = ArticleFactory()
    response = client.post(
        reverse("kms:comment_create", args=[article.slug]), {"body": "Merhaba"}
    )
    assert response["Location"] == _login_url(f"{article.get_absolute_url()}#comments")
    assert Comment.objects.count() == 0


def test_members_comment_on_members_only_articles(client, member):
    article = ArticleFactory(visibility="members")
    client.force_login(member)
    client.post(reverse("kms:comment_create", args=[article.slug]), {"body": "Evet"})
    assert list(Comment.objects.values_list("author", "body")) == [(member.pk, "Evet")]


def test_a_comment_is_flagged_once_per_reader(client, member, staff_a):
    comment = CommentFactory(author=member)
    client.force_login(staff_a)
    url = reverse("kms:comment_flag", args=[comment.pk])
    first = client.post(url, {"reason": "Reklam"})
    again = client.post(url, {"reason": "Yine reklam"})
    assert first["Location"] == (
        f"{comment.article.get_absolute_url()}#comment-{comment.pk}"
    )
    assert again.status_code == 400
    assert str(FLAG_ALREADY) in again.content.decode()
    assert list(CommentFlag.objects.values_list("user", "reason")) == [
        (staff_a.pk, "Reklam")
    ]
    comment.refresh_from_db()
    assert comment.flag_count == 1
    comment_flag(actor=UserFactory(), comment=comment)
    comment.refresh_from_db()
    assert comment.flag_count == 2


def test_nobody_flags_their_own_comment(client, member):
    comment = CommentFactory(author=member)
    client.force_login(member)
    page = client.get(comment.article.get_absolute_url()).content.decode()
    assert reverse("kms:comment_flag", args=[comment.pk]) not in page
    response = client.post(reverse("kms:comment_flag", args=[comment.pk]))
    assert response.status_code == 403
    assert CommentFlag.objects.count() == 0


@pytest.fixture
def samsun_comment(province_a, member):
    article = ArticleFactory(province=province_a)
    comment = CommentFactory(article=article, author=member, body="Gizlenecek yorum")
    CommentFlag.objects.create(comment=comment, user=UserFactory(), reason="Spam")
    Comment.objects.filter(pk=comment.pk).update(flag_count=1)
    return comment


def test_staff_of_the_province_hide_and_restore_a_comment(
    client, staff_a, samsun_comment
):
    comment = samsun_comment
    url = reverse("kms:comment_moderate", args=[comment.pk])
    client.force_login(staff_a)
    response = client.post(url, {"action": "hide"})
    assert response["Location"] == (
        f"{comment.article.get_absolute_url()}#comment-{comment.pk}"
    )
    comment.refresh_from_db()
    assert (comment.status, comment.moderated_by) == (CommentStatus.HIDDEN, staff_a)

    moderator_page = client.get(comment.article.get_absolute_url()).content.decode()
    assert "Gizlenecek yorum" in moderator_page
    assert "Hidden by a moderator" in moderator_page
    client.logout()
    reader_page = client.get(comment.article.get_absolute_url()).content.decode()
    assert "Gizlenecek yorum" not in reader_page
    assert f'id="comment-{comment.pk}"' not in reader_page

    client.force_login(staff_a)
    client.post(url, {"action": "restore"})
    comment.refresh_from_db()
    assert (comment.status, comment.flag_count) == (CommentStatus.VISIBLE, 0)
    assert CommentFlag.objects.count() == 0


@pytest.mark.parametrize("actor", ["member", "staff_b"])
def test_others_get_404_when_moderating_and_nothing_changes(
    client, request, samsun_comment, actor
):
    client.force_login(request.getfixturevalue(actor))
    response = client.post(
        reverse("kms:comment_moderate", args=[samsun_comment.pk]), {"action": "hide"}
    )
    assert response.status_code == 404
    samsun_comment.refresh_from_db()
    assert (samsun_comment.status, samsun_comment.moderated_by) == (
        CommentStatus.VISIBLE,
        None,
    )


def test_a_hidden_comment_is_404_to_other_provinces(client, staff_b, samsun_comment):
    Comment.objects.filter(pk=samsun_comment.pk).update(status=CommentStatus.HIDDEN)
    client.force_login(staff_b)
    attempts = [
        ("kms:comment_moderate", {"action": "restore"}),
        ("kms:comment_flag", {}),
    ]
    for name, data in attempts:
        response = client.post(reverse(name, args=[samsun_comment.pk]), data)
        assert response.status_code == 404
    samsun_comment.refresh_from_db()
    assert (samsun_comment.status, samsun_comment.flag_count) == (
        CommentStatus.HIDDEN,
        1,
    )


def test_comments_on_national_articles_are_moderated_by_managers(
    client, staff_a, manager, member
):
    comment = CommentFactory(article=ArticleFactory(province=None), author=member)
    url = reverse("kms:comment_moderate", args=[comment.pk])
    client.force_login(staff_a)
    assert client.post(url, {"action": "hide"}).status_code == 404
    client.force_login(manager)
    assert client.post(url, {"action": "hide"}).status_code == 302
    comment.refresh_from_db()
    assert comment.status == CommentStatus.HIDDEN


def test_the_moderation_queue_counts_flagged_comments_of_its_province(
    staff_a, staff_b, manager, samsun_comment
):
    assert list(flagged_comments(user=staff_a)) == [samsun_comment]
    assert list(flagged_comments(user=manager)) == [samsun_comment]
    assert list(flagged_comments(user=staff_b)) == []


# --- bookmarks -------------------------------------------------------------------


def test_bookmark_toggle(client, member):
    article = ArticleFactory()
    url = reverse("kms:bookmark", args=[article.slug])
    client.force_login(member)
    response = client.post(url, {"action": "save"})
    assert response["Location"] == f"{article.get_absolute_url()}#engagement"
    client.post(url, {"action": "save"})
    assert Bookmark.objects.filter(user=member, article=article).count() == 1
    assert "Saved" in client.get(article.get_absolute_url()).content.decode()
    client.post(url, {"action": "remove"})
    assert Bookmark.objects.count() == 0
    client.post(url)
    assert Bookmark.objects.count() == 1
    client.post(url)
    assert Bookmark.objects.count() == 0


def test_bookmark_goes_back_only_to_this_site(client, member):
    article = ArticleFactory()
    client.force_login(member)
    url = reverse("kms:bookmark", args=[article.slug])
    saved = client.post(url, {"action": "save", "next": reverse("kms:saved")})
    assert saved["Location"] == reverse("kms:saved")
    evil = client.post(url, {"action": "remove", "next": "https://evil.example/"})
    assert evil["Location"] == f"{article.get_absolute_url()}#engagement"


def test_saved_articles_list_visible_articles_newest_saved_first(client, member):
    first, second = ArticleFactory(title="Birinci"), ArticleFactory(title="İkinci")
    members_only = ArticleFactory(title="Üyelere", visibility="members")
    withdrawn = ArticleFactory(title="Geri çekildi")
    for article in (first, members_only, second, withdrawn):
        Bookmark.objects.create(user=member, article=article)
    Bookmark.objects.create(user=UserFactory(), article=first)
    Article.objects.filter(pk=withdrawn.pk).update(status="draft")
    client.force_login(member)
    response = client.get(reverse("kms:saved"))
    assert [b.article.title for b in response.context["bookmarks"]] == [
        "İkinci",
        "Üyelere",
        "Birinci",
    ]


def test_saved_articles_keep_a_fixed_number_of_queries(
    client, member, django_assert_num_queries
):
    client.force_login(member)
    Bookmark.objects.create(user=member, article=ArticleFactory())
    with CaptureQueriesContext(connection) as one:
        assert len(client.get(reverse("kms:saved")).context["bookmarks"]) == 1
    for _n in range(19):
        Bookmark.objects.create(user=member, article=ArticleFactory())
    cache.clear()  # as cold as the first request (the user, the footer)
    with django_assert_num_queries(len(one.captured_queries)):
        assert len(client.get(reverse("kms:saved")).context["bookmarks"]) == 20


# --- follows ---------------------------------------------------------------------


def test_follow_and_unfollow_a_category_and_a_tag(client, member):
    category = CategoryFactory()
    tag = Tag.objects.create(name="ihracat", slug="ihracat")
    client.force_login(member)
    url = reverse("kms:follow")
    response = client.post(url, {"category": category.pk, "action": "follow"})
    assert response["Location"] == reverse("kms:following")
    client.post(url, {"category": category.pk, "action": "follow"})
    client.post(url, {"tag": tag.pk, "action": "follow"})
    assert set(Follow.objects.filter(user=member).values_list("category", "tag")) == {
        (category.pk, None),
        (None, tag.pk),
    }
    page = client.get(reverse("kms:following")).content.decode()
    assert category.name in page
    assert "ihracat" in page

    client.post(url, {"tag": tag.pk, "action": "unfollow"})
    assert list(Follow.objects.values_list("category", "tag")) == [(category.pk, None)]


def test_follow_needs_exactly_one_target(client, member):
    category = CategoryFactory()
    tag = Tag.objects.create(name="ihracat", slug="ihracat")
    client.force_login(member)
    for data in ({"action": "follow"}, {"category": category.pk, "tag": tag.pk}):
        response = client.post(reverse("kms:follow"), {"action": "follow", **data})
        assert response.status_code == 400
        assert str(FOLLOW_ONE_TARGET) in response.content.decode()
    assert Follow.objects.count() == 0


def test_the_article_page_offers_to_follow_its_category_and_tags(client, member):
    article = ArticleFactory()
    tag = Tag.objects.create(name="Dış ticaret", slug="dis-ticaret")
    article.tags.add(tag)
    Follow.objects.create(user=member, tag=tag)
    client.force_login(member)
    page = client.get(article.get_absolute_url()).content.decode()
    assert f"Follow the category “{article.category.name}”" in page
    assert "Unfollow the tag “Dış ticaret”" in page


# --- the weekly digest -----------------------------------------------------------


@pytest.fixture
def digest_world(member):
    """What a member follows, and articles in and out of the digest."""
    now = timezone.now()
    parent = CategoryFactory(name_tr="Pazarlar", name_en="Markets")
    child = CategoryFactory(parent=parent, name_tr="Avrupa", name_en="Europe")
    other = CategoryFactory()
    tag = Tag.objects.create(name="hibe", slug="hibe")
    Follow.objects.create(user=member, category=parent)
    Follow.objects.create(user=member, tag=tag)
    recent = now - dt.timedelta(days=2)
    tagged = ArticleFactory(title="Hibe çağrısı", category=other, published_at=recent)
    tagged.tags.add(tag)
    ArticleFactory(title="<b>Almanya</b> & pazar", category=child, published_at=recent)
    ArticleFactory(
        title="Üyelere özel rehber",
        category=parent,
        visibility="members",
        published_at=now - dt.timedelta(days=1),
    )
    ArticleFactory(title="Taslak yazı", category=parent, status="draft")
    ArticleFactory(
        title="Bekleyen yazı", category=parent, status="submitted", published_at=None
    )
    ArticleFactory(title="Başka konu", category=other, published_at=recent)
    ArticleFactory(
        title="Eski yazı", category=parent, published_at=now - dt.timedelta(days=10)
    )
    return {"parent": parent, "tag": tag}


def test_the_digest_lists_new_articles_of_what_the_member_follows(member, digest_world):
    UserFactory()  # follows nothing: no task, no mail
    assert send_weekly_digests.apply().get() == 1
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [member.email]
    assert message.subject.startswith("[KMS] ")
    text = message.body
    html = message.alternatives[0][0]
    for title in ("Hibe çağrısı", "<b>Almanya</b> & pazar", "Üyelere özel rehber"):
        assert title in text
    for title in ("Taslak yazı", "Bekleyen yazı", "Başka konu", "Eski yazı"):
        assert title not in text
        assert title not in html
    assert "&lt;b&gt;Almanya&lt;/b&gt; &amp; pazar" in html
    assert "<b>Almanya" not in html
    unsubscribe = f"/kms/unsubscribe/{unsubscribe_token(member)}/"
    assert message.extra_headers["List-Unsubscribe"] == (
        f"<{settings.SITE_URL}{unsubscribe}>"
    )
    assert unsubscribe in text
    assert unsubscribe in html


def test_the_digest_is_sent_once_and_then_only_for_newer_articles(member, digest_world):
    send_weekly_digests.apply()
    send_weekly_digests.apply()
    assert len(mail.outbox) == 1
    assert Follow.objects.filter(last_digest_at__isnull=True).count() == 0

    ArticleFactory(
        title="Yeni hibe", category=digest_world["parent"], published_at=timezone.now()
    )
    send_weekly_digests.apply()
    assert len(mail.outbox) == 2
    assert "Yeni hibe" in mail.outbox[1].body
    assert "Hibe çağrısı" not in mail.outbox[1].body


def test_a_digest_that_could_not_be_sent_is_sent_next_time(
    member, digest_world, monkeypatch
):
    def refuse(message, fail_silently=False):
        raise OSError("mail server down")

    monkeypatch.setattr("django.core.mail.EmailMultiAlternatives.send", refuse)
    with pytest.raises(OSError, match="mail server down"):
        digest_send(user=member)
    assert Follow.objects.filter(last_digest_at__isnull=False).count() == 0
    monkeypatch.undo()
    assert digest_send(user=member) == 3
    assert len(mail.outbox) == 1


def test_no_digest_when_nothing_is_new(member):
    Follow.objects.create(user=member, category=CategoryFactory())
    assert digest_send(user=member) == 0
    assert mail.outbox == []


# --- unsubscribe -----------------------------------------------------------------


def test_unsubscribe_without_login_ends_every_follow(client, member):
    other = UserFactory()
    Follow.objects.create(user=member, category=CategoryFactory())
    Follow.objects.create(user=member, tag=Tag.objects.create(name="a", slug="a"))
    Follow.objects.create(user=other, category=CategoryFactory())
    url = reverse("kms:unsubscribe", args=[unsubscribe_token(member)])
    page = client.get(url)
    assert page.status_code == 200
    assert "You follow 2 categories and tags" in page.content.decode()
    assert Follow.objects.filter(user=member).count() == 2

    response = client.post(url)
    assert response["Location"] == url
    assert list(Follow.objects.values_list("user", flat=True)) == [other.pk]
    assert "You follow nothing" in client.get(url).content.decode()


def test_mail_clients_unsubscribe_in_one_click_without_a_csrf_token(member):
    Follow.objects.create(user=member, category=CategoryFactory())
    client = Client(enforce_csrf_checks=True)
    response = client.post(
        reverse("kms:unsubscribe", args=[unsubscribe_token(member)]),
        {"List-Unsubscribe": "One-Click"},
    )
    assert response.status_code == 302
    assert Follow.objects.count() == 0


def test_a_tampered_unsubscribe_token_answers_404(client, member):
    Follow.objects.create(user=member, category=CategoryFactory())
    token = unsubscribe_token(member)
    other_token = unsubscribe_token(UserFactory())
    assert token != other_token
    for bad in (token[:-1] + ("A" if token[-1] != "A" else "B"), "nonsense"):
        url = reverse("kms:unsubscribe", args=[bad])
        assert client.get(url).status_code == 404
        response = client.post(url)
        assert response.status_code == 404
        assert "This unsubscribe link is not valid" in response.content.decode()
    assert Follow.objects.count() == 1
