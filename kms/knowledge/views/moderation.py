"""Moderators' pages: the queue, and reviewing one submitted article."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe

from infospots.scoping import province_scope
from kms.core.forms import redirect_if_saved
from kms.core.generations import cached

from ..forms.articles import ReviewForm
from ..permissions import (
    can_edit_article,
    can_moderate_article,
    can_review_article,
    is_moderator,
)
from ..selectors.moderation import (
    MODERATION,
    flagged_comments,
    moderation_counts,
    moderation_queue,
)
from ..services.articles import REVIEW_FORBIDDEN, article_publish, article_return
from .authoring import readable_article

FLAGGED_SHOWN = 50


# How long a moderator's queue is kept at most: its rows say how long each
# article has waited (timesince), and the names of authors, provinces and
# categories are not watched; a write to an article or a comment makes it
# stale at once (MODERATION).
QUEUE_TIMEOUT = 60


@never_cache
@login_required
@require_safe
def moderation_queue_view(request):
    """The queue and the flagged comments. Drawn without the request and
    kept in the cache for each moderator (their own articles are left out),
    their provinces, the page and the language, until an article or a
    comment changes: 50 rows with their waiting times cost some 40 ms to
    draw. The frame (menu, CSRF token, messages) is drawn for each request."""
    if not is_moderator(request.user):
        raise PermissionDenied
    number = request.GET.get("page", "")
    number = number if number.isdigit() else "1"
    scope = province_scope(user=request.user)
    content = cached(
        f"moderation-queue:{request.user.pk}:{scope.cache_key}:{get_language()}:"
        f"{number[:12]}",
        depends_on=(MODERATION,),
        compute=lambda: _queue_content(request.user, number),
        timeout=QUEUE_TIMEOUT,
    )
    return render(
        request,
        "knowledge/moderation.html",
        {"content": mark_safe(content)},  # noqa: S308 - drawn by our templates
    )


def _queue_content(user, number: str) -> str:
    # The navigation counts the same queue and comments for its badge: the
    # page reads those counts rather than counting again.
    counts = moderation_counts(user=user)
    paginator = Paginator(moderation_queue(user=user), 50)
    paginator.count = counts.articles
    page = paginator.get_page(number)
    comments = flagged_comments(user=user)
    return render_to_string(
        "knowledge/includes/moderation_content.html",
        {
            "page_obj": page,
            "articles": page.object_list,
            "query": "",
            "flagged_count": counts.comments,
            "flagged": comments[:FLAGGED_SHOWN] if counts.comments else [],
        },
    )


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def article_review(request, slug):
    """The article as readers will see it, with Publish and Return."""
    article = readable_article(request, slug, "author", "province", "reviewed_by")
    if not can_moderate_article(request.user, article):
        raise PermissionDenied
    form = ReviewForm(request.POST if request.method == "POST" else None)
    status = 400 if request.method == "POST" else 200
    try:
        redirected = redirect_if_saved(
            request,
            form,
            lambda: _decide(request.user, article, form.cleaned_data),
            message=_decision_message,
            to=reverse("kms:moderation"),
        )
    except PermissionDenied as error:
        # The page shows the refusal (e.g. one's own article) with the form.
        form.add_error(None, str(error) or str(REVIEW_FORBIDDEN))
        redirected, status = None, 403
    return redirected or render(
        request,
        "knowledge/moderation_review.html",
        {
            "article": article,
            "form": form,
            "tags": article.tags.all(),
            "sectors": article.sectors.all(),
            "can_review": can_review_article(request.user, article),
            "can_edit": can_edit_article(request.user, article),
        },
        status=status,
    )


def _decide(user, article, data):
    if data["decision"] == "publish":
        return article_publish(actor=user, article=article)
    return article_return(actor=user, article=article, reason=data["reason"])


def _decision_message(article) -> str:
    if article.status == "published":
        return _("“%(title)s” is published; its author gets an e-mail.") % {
            "title": article.title
        }
    return _("“%(title)s” is returned to its author with your reason.") % {
        "title": article.title
    }
