"""Moderators' pages: the queue, and reviewing one submitted article."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe

from kms.core.forms import run_service

from ..forms.articles import ReviewForm
from ..permissions import (
    can_edit_article,
    can_moderate_article,
    can_review_article,
    is_moderator,
)
from ..selectors.moderation import flagged_comments, moderation_queue
from ..services.articles import REVIEW_FORBIDDEN, article_publish, article_return
from .authoring import readable_article

FLAGGED_SHOWN = 50


@never_cache
@login_required
@require_safe
def moderation_queue_view(request):
    if not is_moderator(request.user):
        raise PermissionDenied
    page = Paginator(moderation_queue(user=request.user), 50).get_page(
        request.GET.get("page")
    )
    comments = flagged_comments(user=request.user)
    return render(
        request,
        "knowledge/moderation.html",
        {
            "page_obj": page,
            "articles": page.object_list,
            "query": "",
            "flagged_count": comments.count(),
            "flagged": comments[:FLAGGED_SHOWN],
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
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            decide = (
                article_publish
                if form.cleaned_data["decision"] == "publish"
                else article_return
            )
            kwargs = {}
            if decide is article_return:
                kwargs["reason"] = form.cleaned_data["reason"]
            try:
                decided = run_service(
                    form,
                    lambda: decide(actor=request.user, article=article, **kwargs),
                )
            except PermissionDenied as error:
                form.add_error(None, str(error) or str(REVIEW_FORBIDDEN))
                status = 403
            else:
                if decided is not None:
                    messages.success(request, _decision_message(decided))
                    return redirect("kms:moderation")
    return render(
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


def _decision_message(article) -> str:
    if article.status == "published":
        return _("“%(title)s” is published; its author gets an e-mail.") % {
            "title": article.title
        }
    return _("“%(title)s” is returned to its author with your reason.") % {
        "title": article.title
    }
