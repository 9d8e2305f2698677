"""Writes of the knowledge base: saving and reading articles."""

import markdown
import nh3
from django.db import transaction
from django.db.models import F
from django.utils.text import slugify

from ..models import Article
from ..search import index_article
from ..text import fold

# Markdown may carry raw HTML; nh3 keeps the safe subset (no script, no event
# handlers, no javascript: or data: links) and marks links noopener.
MARKDOWN_EXTENSIONS = ["extra", "sane_lists"]
ALLOWED_URL_SCHEMES = {"http", "https", "mailto"}


def render_markdown(text: str) -> str:
    """Markdown to sanitised HTML: the only HTML an article page shows."""
    html = markdown.markdown(text, extensions=MARKDOWN_EXTENSIONS)
    return nh3.clean(html, url_schemes=ALLOWED_URL_SCHEMES)


def _unique_slug(article: Article) -> str:
    base = slugify(fold(article.title))[:200] or "article"
    slug, number = base, 1
    while Article.objects.filter(slug=slug).exclude(pk=article.pk).exists():
        number += 1
        slug = f"{base}-{number}"
    return slug


@transaction.atomic
def article_save(*, actor, article: Article, tags=None) -> Article:
    """Save an article, rendering and sanitising its body."""
    if article.author_id is None:
        article.author = actor
    if not article.slug:
        article.slug = _unique_slug(article)
    article.body_html = render_markdown(article.body_markdown)
    article.full_clean()
    article.save()
    if tags is not None:
        article.tags.set(tags)
    index_article(article)
    return article


def article_read(*, article: Article, session) -> bool:
    """Count a read once per visitor session, with an atomic update.

    Returns whether this read was counted.
    """
    seen = set(session.get(READ_SESSION_KEY, []))
    if article.pk in seen:
        return False
    Article.objects.filter(pk=article.pk).update(read_count=F("read_count") + 1)
    seen.add(article.pk)
    session[READ_SESSION_KEY] = sorted(seen)[-500:]
    return True


READ_SESSION_KEY = "kms_articles_read"
