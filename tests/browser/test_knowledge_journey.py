"""The knowledge base in a real browser: a visitor searches and reads in
Turkish, a member reads, votes, saves, comments and writes in English, a
moderator of the member's province returns one article and publishes
another, and staff of another province cannot open what waits in Samsun.

Screenshots land in test-artifacts/screenshots/ (30- onwards). In the Turkish
UI the assertions use only words translated already, or the articles' own
text, so that they hold before and after the remaining translations.
"""

import re

import pytest
from django.utils import timezone, translation
from playwright.sync_api import expect

from kms.accounts.models import User
from kms.knowledge.models import (
    Article,
    ArticleStatus,
    Bookmark,
    Category,
    Comment,
    HelpfulVote,
    Visibility,
)
from kms.knowledge.services.articles import (
    RETURN_REASON_REQUIRED,
    article_save,
    article_submit,
)
from kms.knowledge.services.reads import flush_reads
from tests.browser.helpers import (
    eventually,
    expect_status,
    goto_status,
    log_in,
    to_english,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

MEMBER = "sme@example.org"  # Zeynep Karadeniz, member of a Samsun firm
MODERATOR = "staff.samsun@example.org"
OTHER_STAFF = "staff.trabzon@example.org"

# Published, public, Turkish: found by "ihracat".
EXPORT_ARTICLE = "İhracat pazarı seçimi: veriye dayalı beş adım"
CLUSTER_ARTICLE = "Kümelenme yol haritası: analizden eylem planına"
# Published, members only.
MEMBERS_TR = "kobiler-icin-siber-guvenlik-10-temel-onlem"
MEMBERS_EN_TITLE = "How the SME efficiency benchmark compares you with peers"
# Submitted by the member (seeded), in the Samsun queue.
WAITING_TITLE = "Küçük atölyede 5S: altı ayda ne değişti?"
WAITING_SLUG = "kucuk-atolyede-5s-alti-ayda-ne-degisti"
# The member's own draft (seeded).
MEMBER_DRAFT_SLUG = "tarim-fuarlarinda-stand-butcesi"
# The moderator's own draft (seeded).
OWN_DRAFT_SLUG = "samsun-medical-devices-cluster-notes-for-the-first-review"

NEW_TITLE = "Gürcistan'a ilk sevkiyatımız: fındık ezmesinde şartname dersleri"
NEW_SUMMARY = "Batum'daki alıcımızla ilk yılımızda öğrendiğimiz üç şey."
NEW_BODY = """\
İlk sevkiyattan önce alıcının şartnamesini satır satır okuduk.

## Öğrendiklerimiz

- Etiketin Gürcüce çevirisini alıcı onaylamalı
- Analiz raporu laboratuvardan İngilizce istenmeli
- Palet yüksekliği konteyner tipine göre seçilmeli

Ayrıntılar için [KOSGEB destekleri](https://www.kosgeb.gov.tr/) sayfasına bakın.
"""
RETURN_REASON = "Fotoğraflardaki işçilerin yüzleri görünüyor; izinlerini ekleyin."


def open_account_menu_link(page, name):
    page.get_by_role("button", name="Account").click()
    page.get_by_role("link", name=name).click()


def search(page, label, button, query):
    page.get_by_label(label).fill(query)
    page.get_by_role("button", name=button, exact=True).click()
    expect(page).to_have_url(re.compile(r"[?&]q="))


def result_titles(page):
    return page.get_by_role("main").get_by_role("heading", level=3).all_inner_texts()


def result_count(page):
    """The number in the results heading ("12 articles found for …")."""
    heading = page.get_by_role("heading", level=2, name=re.compile(r"\d"))
    expect(heading).to_be_visible()
    return int(re.search(r"\d+", heading.inner_text().replace(".", "")).group())


READ_LINE = re.compile(
    r"Toplam ([\d.]+) defa okunmuştur · Ekleme Tarihi: (\d\d\.\d\d\.\d{4})"
)


def read_line(page):
    line = page.get_by_role("main").get_by_text(READ_LINE)
    expect(line).to_be_visible()
    reads, added = READ_LINE.search(line.inner_text()).groups()
    return int(reads.replace(".", "")), added


def test_visitor_searches_and_reads_in_turkish(open_page, demo_site, screenshots):
    page = open_page()
    page.goto(demo_site + "/kms/")
    expect(page.locator("html")).to_have_attribute("lang", "tr")
    expect(page.get_by_role("heading", level=1, name="Bilgi bankası")).to_be_visible()
    # Every public article, and nothing members-only.
    public = Article.objects.published().filter(visibility=Visibility.PUBLIC)
    assert Article.objects.published().filter(visibility=Visibility.MEMBERS).exists()
    assert result_count(page) == public.count()
    expect(page.get_by_text("Yalnızca üyelere")).to_have_count(0)
    page.screenshot(path=screenshots / "30-kms-list-tr.png", full_page=True)

    search(page, "Makalelerde ara", "Ara", "ihracat")
    found = result_count(page)
    titles = result_titles(page)
    assert found >= 5
    assert EXPORT_ARTICLE in titles
    page.screenshot(path=screenshots / "31-search-ihracat-tr.png", full_page=True)

    search(page, "Makalelerde ara", "Ara", "İHRACAT")
    assert result_count(page) == found
    assert result_titles(page) == titles

    # No diacritics: "kumelenme" finds "Kümelenme".
    search(page, "Makalelerde ara", "Ara", "kumelenme")
    expect(
        page.get_by_role("main").get_by_role("link", name=CLUSTER_ARTICLE)
    ).to_be_visible()
    # Ranked by relevance, though the visitor had been browsing by date.
    assert result_titles(page)[0] == CLUSTER_ARTICLE
    page.screenshot(path=screenshots / "32-search-kumelenme-tr.png", full_page=True)

    # Members-only articles are not found either.
    search(page, "Makalelerde ara", "Ara", "siber güvenlik")
    expect(page.get_by_role("link", name=re.compile("siber güvenlik"))).to_have_count(0)

    # Read an article: each visit of a visitor without an account counts.
    article = Article.objects.get(title=EXPORT_ARTICLE)
    before = article.read_count
    search(page, "Makalelerde ara", "Ara", "ihracat")
    page.get_by_role("main").get_by_role("link", name=EXPORT_ARTICLE).click()
    expect(page.get_by_role("heading", level=1, name=EXPORT_ARTICLE)).to_be_visible()
    reads, added = read_line(page)
    assert reads == before + 1
    assert added == timezone.localtime(article.published_at).strftime("%d.%m.%Y")
    page.screenshot(path=screenshots / "33-article-tr.png", full_page=True)
    # The reload is the page kept for visitors (its count as rendered), and
    # one more read, written to the article by the next flush.
    page.reload()
    assert read_line(page) == (before + 1, added)
    flush_reads()
    article.refresh_from_db()
    assert article.read_count == before + 2

    members_only = Article.objects.get(slug=MEMBERS_TR)
    goto_status(page, f"{demo_site}/kms/{MEMBERS_TR}/", 404)
    page.screenshot(path=screenshots / "34-members-only-404-tr.png", full_page=True)
    assert Article.objects.get(pk=members_only.pk).read_count == members_only.read_count


def test_member_reads_votes_saves_comments_and_writes_in_english(
    open_page, demo_site, screenshots
):
    member = User.objects.get(email=MEMBER)
    page = open_page()
    log_in(page, demo_site, MEMBER)
    to_english(page)

    # A members-only article, found through search.
    page.goto(demo_site + "/kms/")
    search(page, "Search articles", "Search", "benchmark")
    result = page.get_by_role("listitem").filter(
        has=page.get_by_role("link", name=MEMBERS_EN_TITLE)
    )
    expect(result.get_by_text("Members only")).to_be_visible()
    result.get_by_role("link", name=MEMBERS_EN_TITLE).click()
    expect(page.get_by_role("heading", level=1, name=MEMBERS_EN_TITLE)).to_be_visible()
    expect(page.get_by_text(re.compile(r"Read [\d,]+ times · Added"))).to_be_visible()
    page.screenshot(path=screenshots / "35-members-article-en.png", full_page=True)

    # "Was this helpful?" No, with a reason; the counts follow.
    article = Article.objects.get(title=MEMBERS_EN_TITLE)
    yes, no = article.helpful_yes, article.helpful_no
    expect(page.get_by_text(f"{yes} found this helpful · {no} did not")).to_be_visible()
    earlier = HelpfulVote.objects.filter(article=article, user=member).first()
    if earlier is not None:  # the demo's votes are random: one vote each
        yes, no = (yes - 1, no) if earlier.helpful else (yes, no - 1)
    reason = "A worked example with real figures from a Samsun firm would help."
    page.get_by_label(re.compile("^If it was not, what was missing")).fill(reason)
    page.get_by_role("button", name="No", exact=True).click()
    expect(
        page.get_by_text("Thank you: you told us this article did not help.")
    ).to_be_visible()
    expect(
        page.get_by_text(f"{yes} found this helpful · {no + 1} did not")
    ).to_be_visible()
    expect(page.get_by_role("button", name="No", exact=True)).to_have_attribute(
        "aria-pressed", "true"
    )
    page.screenshot(path=screenshots / "36-voted-no-en.png", full_page=True)
    vote = HelpfulVote.objects.get(article=article, user=member)
    assert (vote.helpful, vote.reason) == (False, reason)

    # Save it, and find it among the saved articles.
    page.get_by_role("button", name="Save for later").click()
    expect(page.get_by_role("button", name=re.compile("^Saved"))).to_be_visible()
    assert Bookmark.objects.filter(article=article, user=member).exists()
    open_account_menu_link(page, "Saved articles")
    expect(
        page.get_by_role("heading", level=1, name="My saved articles")
    ).to_be_visible()
    saved = page.get_by_role("main").get_by_role("link", name=MEMBERS_EN_TITLE)
    expect(saved).to_be_visible()
    page.screenshot(path=screenshots / "37-saved-articles-en.png", full_page=True)

    # Comment.
    saved.click()
    comment = "We compared our figures last month: the peer group was spot on."
    page.get_by_label("Your comment").fill(comment)
    page.get_by_role("button", name="Publish the comment").click()
    expect(page.get_by_text("Your comment has been published.")).to_be_visible()
    expect(
        page.get_by_role("article", name="Zeynep Karadeniz").filter(has_text=comment)
    ).to_be_visible()
    assert Comment.objects.filter(article=article, author=member, body=comment).exists()
    page.screenshot(path=screenshots / "38-comment-en.png", full_page=True)

    # Write an article: Markdown with a list and a link, saved as a draft.
    open_account_menu_link(page, "Write an article")
    expect(
        page.get_by_role("heading", level=1, name="Write an article")
    ).to_be_visible()
    form = page.get_by_role("main")
    form.get_by_label("Title").fill(NEW_TITLE)
    form.get_by_label("Summary").fill(NEW_SUMMARY)
    form.get_by_label(re.compile("^Text")).fill(NEW_BODY)
    form.get_by_label(re.compile("^Language")).select_option("tr")
    form.get_by_label(re.compile("^Category")).select_option(label="Export markets")
    form.get_by_label("Tags").fill("ihracat, Gürcistan, fındık")
    page.screenshot(path=screenshots / "39-new-article-form-en.png", full_page=True)
    page.get_by_role("button", name="Save draft").click()

    expect(page.get_by_role("heading", level=1, name=NEW_TITLE)).to_be_visible()
    expect(page.get_by_text("Your draft is saved.")).to_be_visible()
    expect(page.get_by_role("status").filter(has_text="Draft.")).to_be_visible()
    body = page.get_by_role("main").get_by_role("article").first
    expect(
        body.get_by_role("listitem").filter(has_text="Palet yüksekliği")
    ).to_be_visible()
    expect(body.get_by_role("link", name="KOSGEB destekleri")).to_have_attribute(
        "href", "https://www.kosgeb.gov.tr/"
    )
    written = Article.objects.get(title=NEW_TITLE)
    assert (written.author, written.status) == (member, ArticleStatus.DRAFT)
    assert written.province.name == "Samsun"
    page.screenshot(path=screenshots / "40-draft-saved-en.png", full_page=True)

    page.get_by_role("button", name="Submit for review").click()
    expect(page.get_by_text("Your article is sent for review.")).to_be_visible()
    expect(
        page.get_by_role("status").filter(has_text="Awaiting review.")
    ).to_be_visible()
    page.screenshot(path=screenshots / "41-submitted-en.png", full_page=True)

    open_account_menu_link(page, "My articles")
    row = page.get_by_role("listitem").filter(
        has=page.get_by_role("link", name=NEW_TITLE)
    )
    expect(row).to_contain_text("Awaiting review")
    expect(
        row.get_by_role("button", name=re.compile("Submit for review"))
    ).to_have_count(0)
    page.screenshot(path=screenshots / "42-my-articles-en.png", full_page=True)
    written.refresh_from_db()
    assert written.status == ArticleStatus.SUBMITTED


def submitted_by_member() -> Article:
    """The member's article of the journey above, written and submitted."""
    member = User.objects.get(email=MEMBER)
    article = article_save(
        actor=member,
        article=Article(
            title=NEW_TITLE,
            summary=NEW_SUMMARY,
            body_markdown=NEW_BODY,
            language="tr",
            category=Category.objects.get(slug="export-markets"),
            organisation=member.organisation,
        ),
        tag_names=["ihracat", "Gürcistan"],
    )
    return article_submit(actor=member, article=article)


def waiting_in_samsun(moderator) -> int:
    """What the moderator's badge counts: articles of Samsun awaiting review
    (not their own) and flagged visible comments on Samsun articles."""
    articles = (
        Article.objects.filter(status=ArticleStatus.SUBMITTED, province__name="Samsun")
        .exclude(author=moderator)
        .count()
    )
    comments = Comment.objects.filter(
        article__province__name="Samsun", status="visible", flag_count__gt=0
    ).count()
    return articles + comments


def moderation_link(page, count):
    nav = page.get_by_role("navigation", name="Main navigation")
    return nav.get_by_role(
        "link", name=re.compile(rf"^Moderation\s+{count}\s+items? waits?$")
    )


def test_moderator_returns_one_article_and_publishes_another(
    open_page, demo_site, screenshots, real_worker, mailoutbox
):
    article = submitted_by_member()
    moderator = User.objects.get(email=MODERATOR)
    waiting = waiting_in_samsun(moderator)
    assert waiting == 3  # the seeded 5S article, this one, a flagged comment

    page = open_page()
    log_in(page, demo_site, MODERATOR)
    to_english(page)
    expect(moderation_link(page, waiting)).to_be_visible()
    moderation_link(page, waiting).click()
    expect(page.get_by_role("heading", level=1, name="Moderation")).to_be_visible()
    expect(
        page.get_by_role("heading", level=2, name="2 articles await review")
    ).to_be_visible()
    rows = page.get_by_role("row")
    expect(rows.nth(1)).to_contain_text(WAITING_TITLE)  # the longest waiting first
    expect(rows.nth(2)).to_contain_text(NEW_TITLE)
    expect(rows.nth(2)).to_contain_text("Samsun")
    page.screenshot(path=screenshots / "43-moderation-queue-en.png", full_page=True)

    # Return the seeded 5S article with a reason.
    page.get_by_role("link", name=WAITING_TITLE).click()
    expect(page.get_by_role("heading", level=1, name=WAITING_TITLE)).to_be_visible()
    page.get_by_label("Reason for returning").fill(RETURN_REASON)
    page.screenshot(path=screenshots / "44-review-return-en.png", full_page=True)
    page.get_by_role("button", name="Return to the author").click()
    expect(
        page.get_by_text(f"“{WAITING_TITLE}” is returned to its author")
    ).to_be_visible()
    expect(
        page.get_by_role("heading", level=2, name="One article awaits review")
    ).to_be_visible()
    expect(moderation_link(page, waiting - 1)).to_be_visible()
    returned = Article.objects.get(slug=WAITING_SLUG)
    assert (returned.status, returned.return_reason) == (
        ArticleStatus.RETURNED,
        RETURN_REASON,
    )
    assert returned.reviewed_by == moderator

    # The member's article: a return needs a reason; then publish it.
    page.get_by_role("link", name=NEW_TITLE).click()
    expect_status(page, 400)
    page.get_by_role("button", name="Return to the author").click()
    with translation.override("en"):
        expect(page.get_by_text(str(RETURN_REASON_REQUIRED))).to_be_visible()
    article.refresh_from_db()
    assert article.status == ArticleStatus.SUBMITTED
    page.screenshot(
        path=screenshots / "45-review-reason-missing-en.png", full_page=True
    )
    page.get_by_role("button", name="Publish").click()
    expect(page.get_by_text(f"“{NEW_TITLE}” is published")).to_be_visible()
    expect(page.get_by_text("No article awaits review.")).to_be_visible()
    expect(moderation_link(page, waiting - 2)).to_be_visible()
    page.screenshot(path=screenshots / "46-queue-empty-en.png", full_page=True)
    article.refresh_from_db()
    assert article.status == ArticleStatus.PUBLISHED
    assert article.published_at is not None

    # Their own draft, submitted: no Review button, no Publish on the review
    # page, and it does not join their queue.
    page.goto(f"{demo_site}/kms/{OWN_DRAFT_SLUG}/")
    page.get_by_role("button", name="Submit for review").click()
    expect(
        page.get_by_role("status").filter(has_text="Awaiting review.")
    ).to_be_visible()
    expect(
        page.get_by_role("main").get_by_role("link", name="Review", exact=True)
    ).to_have_count(0)
    page.screenshot(path=screenshots / "47-own-article-en.png", full_page=True)
    page.goto(f"{demo_site}/kms/{OWN_DRAFT_SLUG}/review/")
    expect(
        page.get_by_text("This is your own article: another moderator reviews it.")
    ).to_be_visible()
    expect(page.get_by_role("button", name="Publish")).to_have_count(0)
    expect(page.get_by_role("button", name="Return to the author")).to_have_count(0)
    page.screenshot(path=screenshots / "48-own-article-review-en.png", full_page=True)
    expect(moderation_link(page, waiting - 2)).to_be_visible()
    own = Article.objects.get(slug=OWN_DRAFT_SLUG)
    assert own.status == ArticleStatus.SUBMITTED

    # Both decisions reach the author by e-mail, sent by the worker.
    eventually(lambda: len(mailoutbox) == 2)
    assert {tuple(m.to) for m in mailoutbox} == {(MEMBER,)}
    assert any(NEW_TITLE in m.body for m in mailoutbox)
    assert any(RETURN_REASON in m.body for m in mailoutbox)

    # The author, back in the Turkish UI, sees the reason on My articles.
    author = open_page()
    log_in(author, demo_site, MEMBER)
    author.goto(demo_site + "/kms/mine/")
    row = author.get_by_role("listitem").filter(
        has=author.get_by_role("link", name=WAITING_TITLE)
    )
    expect(row.get_by_text(RETURN_REASON)).to_be_visible()
    author.screenshot(path=screenshots / "49-author-sees-reason-tr.png", full_page=True)

    # An anonymous visitor finds the published article and reads it.
    visitor = open_page()
    visitor.goto(demo_site + "/kms/")
    search(visitor, "Makalelerde ara", "Ara", "şartname")
    visitor.get_by_role("main").get_by_role("link", name=NEW_TITLE).click()
    expect(visitor.get_by_role("heading", level=1, name=NEW_TITLE)).to_be_visible()
    assert read_line(visitor) == (
        1,
        timezone.localtime(article.published_at).strftime("%d.%m.%Y"),
    )
    expect(
        visitor.get_by_role("main").get_by_role("link", name="KOSGEB destekleri")
    ).to_be_visible()
    visitor.screenshot(path=screenshots / "50-published-article-tr.png", full_page=True)


def test_staff_of_another_province_get_a_404_on_the_review_page(
    open_page, demo_site, screenshots
):
    waiting = Article.objects.get(slug=WAITING_SLUG)
    assert (waiting.status, waiting.author.email, waiting.province.name) == (
        ArticleStatus.SUBMITTED,
        MEMBER,
        "Samsun",
    )
    page = open_page()
    log_in(page, demo_site, OTHER_STAFF)
    for slug in (WAITING_SLUG, MEMBER_DRAFT_SLUG):
        goto_status(page, f"{demo_site}/kms/{slug}/review/", 404)
        goto_status(page, f"{demo_site}/kms/{slug}/", 404)
    page.goto(demo_site + "/kms/moderation/")
    expect(page.get_by_role("link", name=WAITING_TITLE)).to_have_count(0)
    goto_status(page, f"{demo_site}/kms/{WAITING_SLUG}/review/", 404)
    page.screenshot(path=screenshots / "51-other-province-404.png", full_page=True)
    waiting.refresh_from_db()
    assert waiting.status == ArticleStatus.SUBMITTED
