"""Authors' pages: write and edit an article, submit it, its revisions, and
the list of one's own articles."""

import copy

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import (
    require_http_methods,
    require_POST,
    require_safe,
)

from kms.core.forms import form_page, redirect_if_saved
from kms.core.http import typed_number

from ..forms.articles import ArticleForm
from ..models import Article
from ..permissions import (
    can_edit_article,
    can_see_revisions,
    can_write_articles,
    edit_needs_review,
)
from ..selectors.moderation import is_stale, my_articles
from ..selectors.revisions import article_revisions, revision_compare
from ..services.articles import article_save, article_submit, revision_restore


def readable_article(request, slug, *related):
    """An article the user may open; any other slug answers 404."""
    return get_object_or_404(
        Article.objects.readable_by(request.user).select_related("category", *related),
        slug=slug,
    )


def _next_url(request, default: str) -> str:
    url = request.POST.get("next", "")
    if url and url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return url
    return default


def _save_form(request, form):
    return article_save(
        actor=request.user,
        article=form.instance,
        tag_names=form.cleaned_data["tags"],
        sectors=form.cleaned_data["sectors"],
        note=form.cleaned_data.get("note", ""),
    )


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def article_create(request):
    if not can_write_articles(request.user):
        raise PermissionDenied
    form = ArticleForm(
        request.POST if request.method == "POST" else None, user=request.user
    )
    redirected = redirect_if_saved(
        request,
        form,
        lambda: _save_form(request, form),
        message=_(
            "Your draft is saved. Only you can see it until you submit it for review."
        ),
        to=Article.get_absolute_url,
    )
    return redirected or form_page(
        request, "knowledge/article_form.html", {"form": form}
    )


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def article_edit(request, slug):
    article = readable_article(request, slug)
    if not can_edit_article(request.user, article):
        raise PermissionDenied
    shown = copy.copy(article)  # the form changes `article` as it validates
    form = ArticleForm(
        request.POST if request.method == "POST" else None,
        instance=article,
        user=request.user,
    )
    redirected = redirect_if_saved(
        request,
        form,
        lambda: _save_form(request, form),
        message=lambda saved: _edit_message(saved, shown),
        to=Article.get_absolute_url,
    )
    return redirected or form_page(
        request,
        "knowledge/article_form.html",
        {
            "form": form,
            "article": shown,
            "needs_review": edit_needs_review(request.user, shown),
        },
    )


def _edit_message(saved, shown) -> str:
    if saved.status == shown.status:
        return _("Your changes are saved.")
    return _(
        "Your changes are saved and sent to the moderators. "
        "Readers see the article again once it is published."
    )


@require_POST
@login_required
def article_submit_view(request, slug):
    article = readable_article(request, slug)
    if article.author_id != request.user.pk:
        raise PermissionDenied
    try:
        article_submit(actor=request.user, article=article)
    except PermissionDenied as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            _(
                "Your article is sent for review. You will get an e-mail when a "
                "moderator has decided."
            ),
        )
    return redirect(_next_url(request, article.get_absolute_url()))


def _revision_number(value):
    number = typed_number(value, digits=9)
    if number is None:
        raise Http404
    return number


@never_cache
@login_required
@require_safe
def revision_list(request, slug):
    """The revisions of an article; with ?a=N&b=M two of them side by side."""
    article = readable_article(request, slug)
    if not can_see_revisions(request.user, article):
        raise PermissionDenied
    revisions = list(article_revisions(article=article))
    comparison = None
    if "a" in request.GET or "b" in request.GET:
        by_number = {revision.number: revision for revision in revisions}
        left = by_number.get(_revision_number(request.GET.get("a")))
        right = by_number.get(_revision_number(request.GET.get("b")))
        if left is None or right is None:
            raise Http404
        comparison = revision_compare(left=left, right=right)
    return render(
        request,
        "knowledge/revision_list.html",
        {
            "article": article,
            "revisions": revisions,
            "comparison": comparison,
            "can_restore": can_edit_article(request.user, article),
            "default_a": revisions[1].number if len(revisions) > 1 else None,
            "default_b": revisions[0].number if revisions else None,
        },
    )


@require_POST
@login_required
def revision_restore_view(request, slug, number):
    article = readable_article(request, slug)
    if not can_edit_article(request.user, article):
        raise PermissionDenied
    get_object_or_404(article.revisions, number=number)
    revisions_url = reverse("kms:revisions", kwargs={"slug": article.slug})
    try:
        restored = revision_restore(actor=request.user, article=article, number=number)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(revisions_url)
    latest = restored.revisions.order_by("-number").first()
    messages.success(
        request,
        _("Revision %(old)s is restored: the article is now revision %(new)s.")
        % {"old": number, "new": latest.number},
    )
    return redirect(revisions_url)


@never_cache
@login_required
@require_safe
def my_articles_view(request):
    page = Paginator(my_articles(user=request.user), 25).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "knowledge/my_articles.html",
        {
            "page_obj": page,
            "rows": [
                (article, bool(article.review_flagged_at) or is_stale(article))
                for article in page.object_list
            ],
            "query": "",
        },
    )
