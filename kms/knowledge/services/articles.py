"""Writes of the knowledge base: writing, revising, reviewing and reading
articles."""

import logging

import markdown
import nh3
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.text import slugify
from django.utils.translation import gettext, ngettext_lazy
from django.utils.translation import gettext_lazy as _

from infospots.selectors import home_province
from kms.core.enqueue import enqueue_on_commit
from kms.core.text import fold, one_line, without_controls

from ..models import Article, ArticleRevision, ArticleStatus, Tag
from ..permissions import (
    can_edit_article,
    can_moderate_article,
    can_submit_article,
    can_write_articles,
    edit_needs_review,
)
from ..search import index_article, index_words

logger = logging.getLogger(__name__)

# Markdown may carry raw HTML; nh3 keeps the safe subset (no script, no event
# handlers, no javascript: or data: links) and marks links noopener.
MARKDOWN_EXTENSIONS = ["extra", "sane_lists"]
ALLOWED_URL_SCHEMES = {"http", "https", "mailto"}

# First path segments under /kms/ that name pages, not articles.
RESERVED_SLUGS = frozenset(
    {
        *("new", "mine", "saved", "follow", "following", "moderation", "feed"),
        *("category", "tag", "comments", "attachments", "unsubscribe"),
    }
)
TAG_MAX_LENGTH = Tag._meta.get_field("name").max_length

WRITE_FORBIDDEN = _("Log in to write an article.")
# Long enough for any article; keeps rendering and revision comparison cheap.
BODY_MAX_LENGTH = 100_000
# %(limit)s is the number as written in the page's language; "count" (the
# number itself) picks the plural form.
BODY_TOO_LONG = ngettext_lazy(
    "The text is too long: at most %(limit)s character. "
    "Split it into several articles or attach a document.",
    "The text is too long: at most %(limit)s characters. "
    "Split it into several articles or attach a document.",
    "count",
)
EDIT_FORBIDDEN = _(
    "You may not edit this article. An article waiting for review can be "
    "changed by its moderators only."
)
SUBMIT_FORBIDDEN = _(
    "Only the author can submit an article for review, and only a draft or "
    "a returned article."
)
REVIEW_FORBIDDEN = _("You may not review this article.")
OWN_ARTICLE_REVIEW = _(
    "You cannot publish or return your own article: another moderator reviews it."
)
NOT_AWAITING_REVIEW = _("This article is not awaiting review.")
RETURN_REASON_REQUIRED = _("Tell the author why the article is returned.")
RESERVED_SLUG = _("This address is reserved for a page of the knowledge base.")
TRANSLATION_SAME_LANGUAGE = _("Choose an article written in the other language.")
TRANSLATION_ITSELF = _("An article cannot be its own translation.")
TAG_WITHOUT_LETTERS = _("The tag “%(tag)s” needs at least one letter or digit.")
TAG_TOO_LONG = ngettext_lazy(
    "The tag “%(tag)s” is longer than %(max)d character.",
    "The tag “%(tag)s” is longer than %(max)d characters.",
    "max",
)
RESTORED_NOTE = _("Restored revision %(number)s")


def render_markdown(text: str) -> str:
    """Markdown to sanitised HTML: the only HTML an article page shows."""
    html = markdown.markdown(text, extensions=MARKDOWN_EXTENSIONS)
    return nh3.clean(html, url_schemes=ALLOWED_URL_SCHEMES)


def _unique_slug(article: Article) -> str:
    base = slugify(fold(article.title))[:200] or "article"
    slug, number = base, 1
    while (
        slug in RESERVED_SLUGS
        or Article.objects.filter(slug=slug).exclude(pk=article.pk).exists()
    ):
        number += 1
        slug = f"{base}-{number}"
    return slug


def _check_translation(article: Article) -> None:
    other = article.translation_of
    if other is None:
        return
    if article.pk is not None and other.pk == article.pk:
        raise ValidationError({"translation_of": TRANSLATION_ITSELF})
    if other.language == article.language:
        raise ValidationError({"translation_of": TRANSLATION_SAME_LANGUAGE})


def clean_tag_name(name: str) -> str:
    """One tag name as typed, with its spaces tidied; refuses unusable ones."""
    name = one_line(name)
    if len(name) > TAG_MAX_LENGTH:
        raise ValidationError(
            TAG_TOO_LONG,
            code="tag_too_long",
            params={"tag": name, "max": TAG_MAX_LENGTH},
        )
    if name and not slugify(fold(name)):
        raise ValidationError(
            TAG_WITHOUT_LETTERS, code="tag_without_letters", params={"tag": name}
        )
    return name


def tags_from_names(names) -> list[Tag]:
    """The tags called `names`, created when missing.

    Names that fold to the same slug ("İhracat", "ihracat") are one tag, the
    first spelling kept.
    """
    tags = {}
    for raw in names:
        try:
            name = clean_tag_name(raw)
        except ValidationError as error:
            raise ValidationError({"tags": error}) from None
        if not name:
            continue
        slug = slugify(fold(name))[:TAG_MAX_LENGTH]
        if slug in tags:
            continue
        tag = Tag.objects.filter(Q(slug=slug) | Q(name=name)).first()
        if tag is None:
            tag, _created = Tag.objects.get_or_create(
                slug=slug, defaults={"name": name}
            )
        tags[slug] = tag
    return list(tags.values())


def _add_revision(*, article: Article, editor, note: str) -> ArticleRevision:
    last = article.revisions.aggregate(number=Max("number"))["number"] or 0
    revision = ArticleRevision(
        article=article,
        number=last + 1,
        title=article.title,
        summary=article.summary,
        body_markdown=article.body_markdown,
        language=article.language,
        category_id=article.category_id,
        visibility=article.visibility,
        tag_names=", ".join(article.tags.values_list("name", flat=True)),
        editor=editor,
        note=note[:200],
    )
    revision.full_clean()
    revision.save()
    return revision


# Written by other services (F() counters, moderation), never by an edit.
COUNTER_FIELDS = frozenset({"read_count", "helpful_yes", "helpful_no"})
WORKFLOW_FIELDS = frozenset(
    {
        *("status", "submitted_at", "reviewed_by_id", "reviewed_at"),
        *("return_reason", "published_at"),
    }
)


def _lock(article: Article) -> Article:
    """The article's row, locked until the transaction ends."""
    return Article.objects.select_for_update().get(pk=article.pk)


@transaction.atomic
def article_save(
    *,
    actor,
    article: Article,
    tags=None,
    tag_names=None,
    sectors=None,
    note: str = "",
    workflow: bool = False,
) -> Article:
    """Save an article and keep the saved state as a new revision.

    A new article belongs to `actor` (unless an author is set) and to the
    author's province, whose staff moderate it. The body is rendered and
    sanitised here; the status does not change (a published article stays
    published), and any freshness flag is cleared. `tags` are Tag rows,
    `tag_names` names to find or create. Only with `workflow` (the Django
    admin) does the instance's status and review fields replace the stored
    ones; counters always stay as stored.
    """
    if article._state.adding:
        if not can_write_articles(actor):
            raise PermissionDenied(WRITE_FORBIDDEN)
        if article.author_id is None:
            article.author = actor
        if article.province_id is None:
            article.province = home_province(user=article.author)
    else:
        # Checked and saved against the locked row: counters and moderation
        # decisions that landed since the editor loaded the page are kept.
        current = _lock(article)
        if not can_edit_article(actor, current):
            raise PermissionDenied(EDIT_FORBIDDEN)
        kept = COUNTER_FIELDS if workflow else COUNTER_FIELDS | WORKFLOW_FIELDS
        for name in kept:
            setattr(article, name, getattr(current, name))
        if not workflow and edit_needs_review(actor, current):
            article.status = ArticleStatus.SUBMITTED
            article.submitted_at = timezone.now()
    if not article.slug:
        article.slug = _unique_slug(article)
    elif article.slug in RESERVED_SLUGS:
        raise ValidationError({"slug": RESERVED_SLUG})
    _check_translation(article)
    if article.status == ArticleStatus.PUBLISHED and article.published_at is None:
        article.published_at = timezone.now()
    article.title = one_line(article.title)
    article.summary = one_line(article.summary)
    article.organisation = one_line(article.organisation)
    article.body_markdown = without_controls(article.body_markdown)
    if len(article.body_markdown) > BODY_MAX_LENGTH:
        raise ValidationError(
            {
                "body_markdown": BODY_TOO_LONG
                % {
                    "limit": number_format(BODY_MAX_LENGTH, force_grouping=True),
                    "count": BODY_MAX_LENGTH,
                }
            }
        )
    article.body_html = render_markdown(article.body_markdown)
    article.review_flagged_at = None
    article.full_clean()
    article.save()
    if tag_names is not None:
        tags = tags_from_names(tag_names)
    if tags is not None:
        article.tags.set(tags)
    if sectors is not None:
        article.sectors.set(sectors)
    revision = _add_revision(article=article, editor=actor, note=note)
    index_article(article)
    logger.info(
        "article_saved article_id=%s revision=%s actor_id=%s",
        article.pk,
        revision.number,
        actor.pk,
    )
    return article


@transaction.atomic
def article_submit(*, actor, article: Article) -> Article:
    """The author sends a draft (or a returned article) to the moderators."""
    article = _lock(article)
    if not can_submit_article(actor, article):
        raise PermissionDenied(SUBMIT_FORBIDDEN)
    article.status = ArticleStatus.SUBMITTED
    article.submitted_at = timezone.now()
    article.full_clean()
    article.save(update_fields=["status", "submitted_at"])
    logger.info("article_submitted article_id=%s", article.pk)
    return article


def _check_review(actor, article: Article) -> None:
    if not can_moderate_article(actor, article):
        raise PermissionDenied(REVIEW_FORBIDDEN)
    if article.author_id == actor.pk:
        raise PermissionDenied(OWN_ARTICLE_REVIEW)
    if article.status != ArticleStatus.SUBMITTED:
        raise ValidationError(NOT_AWAITING_REVIEW, code="not_submitted")


def _decide(*, actor, article: Article, status: str, reason: str = "") -> Article:
    now = timezone.now()
    article.status = status
    article.reviewed_by = actor
    article.reviewed_at = now
    article.return_reason = reason
    if status == ArticleStatus.PUBLISHED and article.published_at is None:
        article.published_at = now
    article.full_clean()
    article.save(
        update_fields=[
            "status",
            "reviewed_by",
            "reviewed_at",
            "return_reason",
            "published_at",
        ]
    )
    # Search corrects misspelt queries to the words of published articles.
    index_words(article)
    enqueue_on_commit("knowledge.send_review_decision", article.pk, now.isoformat())
    logger.info(
        "article_reviewed article_id=%s status=%s actor_id=%s",
        article.pk,
        status,
        actor.pk,
    )
    return article


@transaction.atomic
def article_publish(*, actor, article: Article) -> Article:
    """A moderator publishes a submitted article; the author is e-mailed."""
    article = _lock(article)
    _check_review(actor, article)
    return _decide(actor=actor, article=article, status=ArticleStatus.PUBLISHED)


@transaction.atomic
def article_return(*, actor, article: Article, reason: str) -> Article:
    """A moderator returns a submitted article to its author with a reason."""
    article = _lock(article)
    _check_review(actor, article)
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": RETURN_REASON_REQUIRED})
    return _decide(
        actor=actor, article=article, status=ArticleStatus.RETURNED, reason=reason
    )


@transaction.atomic
def revision_restore(*, actor, article: Article, number: int) -> Article:
    """Bring back an older revision's text as a new revision."""
    if not can_edit_article(actor, article):
        raise PermissionDenied(EDIT_FORBIDDEN)
    revision = article.revisions.get(number=number)
    for field in ("title", "summary", "body_markdown", "language", "visibility"):
        setattr(article, field, getattr(revision, field))
    article.category_id = revision.category_id
    return article_save(
        actor=actor,
        article=article,
        tag_names=[name for name in revision.tag_names.split(",") if name.strip()],
        note=gettext(RESTORED_NOTE) % {"number": number},
    )
