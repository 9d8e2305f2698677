"""Writes of the site core."""

import logging

import markdown
import nh3
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import F
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from .models import Article, Role, User
from .permissions import can_set_role
from .text import fold, words

logger = logging.getLogger(__name__)

ROLE_CHANGE_FORBIDDEN = _("You may not give this role to this user.")


@transaction.atomic
def user_set_role(*, actor, user: User, role: str) -> User:
    """Give `user` a role; only admins and managers may, never to themselves."""
    if not can_set_role(actor, user, role):
        raise PermissionDenied(ROLE_CHANGE_FORBIDDEN)
    user.role = Role(role)
    user.is_superuser = user.role == Role.ADMIN
    user.is_staff = user.role in (Role.MANAGER, Role.ADMIN)
    user.full_clean()
    user.save(update_fields=["role", "is_superuser", "is_staff"])
    logger.info("user_role_set user_id=%s role=%s actor_id=%s", user.pk, role, actor.pk)
    return user


# --- knowledge base ------------------------------------------------------------

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
    article.search_text = " ".join(words(f"{article.title} {article.summary}"))
    article.full_clean()
    article.save()
    if tags is not None:
        article.tags.set(tags)
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
