"""Views of the knowledge base's engagement: votes, comments, bookmarks,
follows and the digest's unsubscribe page.

Every write is a small POST form that works without JavaScript: one service
call, then a redirect back to the part of the page it changed. Bad input
answers 400 with a page showing the form and its errors.
"""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import (
    require_http_methods,
    require_POST,
    require_safe,
)

from kms.core.forms import redirect_if_saved

from ..forms.engagement import (
    BookmarkForm,
    CommentForm,
    FlagForm,
    FollowForm,
    ModerateForm,
    VoteForm,
)
from ..models import Article
from ..permissions import can_moderate_comment
from ..selectors.engagement import (
    article_engagement,
    readable_comments,
    saved_articles,
    user_follows,
)
from ..services import engagement as services

SAVED_PAGE_SIZE = 20


def engagement_context(request, article: Article, *, tags=()) -> dict:
    """What templates/kms/includes/article_engagement.html and
    article_comments.html need, for article_detail (`tags`: the article's,
    whose follow buttons it shows)."""
    return {
        "engagement": article_engagement(
            user=request.user, article=article, tag_ids=[tag.pk for tag in tags]
        ),
        "comment_form": CommentForm(),
    }


def _readable_article(request, slug) -> Article:
    return get_object_or_404(Article.objects.visible_to(request.user), slug=slug)


def _next_url(request, fallback: str) -> str:
    """Where a form asked to go back to, if it is a page of this site."""
    url = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return url
    return fallback


def _form_page(request, *, form, action: str, heading: str, article=None):
    """A refused form, with its errors next to the fields (status 400)."""
    return render(
        request,
        "knowledge/engagement_form.html",
        {"form": form, "action": action, "heading": heading, "article": article},
        status=400,
    )


@require_POST
def article_vote(request, slug):
    article = _readable_article(request, slug)
    back = article.get_absolute_url() + "#helpful"
    if not request.user.is_authenticated:
        return redirect_to_login(back)
    form = VoteForm(request.POST)
    redirected = redirect_if_saved(
        request,
        form,
        lambda: services.article_vote(
            actor=request.user, article=article, **form.cleaned_data
        ),
        to=back,
    )
    return redirected or _form_page(
        request,
        form=form,
        action=request.path,
        heading=_("Was this article helpful?"),
        article=article,
    )


@require_POST
def comment_create(request, slug):
    article = _readable_article(request, slug)
    if not request.user.is_authenticated:
        return redirect_to_login(article.get_absolute_url() + "#comments")
    form = CommentForm(request.POST)
    redirected = redirect_if_saved(
        request,
        form,
        lambda: services.comment_create(
            actor=request.user, article=article, body=form.cleaned_data["body"]
        ),
        message=_("Your comment has been published."),
        to=lambda comment: f"{article.get_absolute_url()}#comment-{comment.pk}",
    )
    return redirected or _form_page(
        request,
        form=form,
        action=request.path,
        heading=_("Write a comment"),
        article=article,
    )


@require_POST
@login_required
def comment_flag(request, pk):
    comment = get_object_or_404(readable_comments(user=request.user), pk=pk)
    form = FlagForm(request.POST)
    redirected = redirect_if_saved(
        request,
        form,
        lambda: services.comment_flag(
            actor=request.user, comment=comment, reason=form.cleaned_data["reason"]
        ),
        message=_("Thank you. A moderator will look at this comment."),
        to=f"{comment.article.get_absolute_url()}#comment-{comment.pk}",
    )
    return redirected or _form_page(
        request,
        form=form,
        action=request.path,
        heading=_("Report a comment"),
        article=comment.article,
    )


@require_POST
@login_required
def comment_moderate(request, pk):
    """Hide or show a comment; others' comments answer 404 like missing ones."""
    comment = get_object_or_404(readable_comments(user=request.user), pk=pk)
    if not can_moderate_comment(request.user, comment):
        raise Http404
    form = ModerateForm(request.POST)
    if not form.is_valid():
        return _form_page(
            request,
            form=form,
            action=request.path,
            heading=_("Moderate a comment"),
            article=comment.article,
        )
    if form.cleaned_data["action"] == "hide":
        services.comment_hide(actor=request.user, comment=comment)
        messages.success(request, _("The comment is hidden from readers."))
    else:
        services.comment_restore(actor=request.user, comment=comment)
        messages.success(
            request, _("The comment is shown to readers and its reports are cleared.")
        )
    return redirect(f"{comment.article.get_absolute_url()}#comment-{comment.pk}")


@require_POST
def bookmark(request, slug):
    article = _readable_article(request, slug)
    back = article.get_absolute_url() + "#engagement"
    if not request.user.is_authenticated:
        return redirect_to_login(back)
    form = BookmarkForm(request.POST)
    if not form.is_valid():
        return _form_page(
            request,
            form=form,
            action=request.path,
            heading=_("Saved articles"),
            article=article,
        )
    saved = services.bookmark_toggle(
        actor=request.user, article=article, saved=form.saved()
    )
    if saved:
        messages.success(request, _("The article is in your saved articles."))
    else:
        messages.success(request, _("The article is no longer in your saved articles."))
    return redirect(_next_url(request, back))


@login_required
@require_safe
def saved(request):
    page = Paginator(saved_articles(user=request.user), SAVED_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "knowledge/saved.html",
        {"page_obj": page, "bookmarks": page.object_list},
    )


@require_POST
@login_required
def follow(request):
    form = FollowForm(request.POST)
    if not form.is_valid():
        return _form_page(
            request,
            form=form,
            action=request.path,
            heading=_("Follow a category or a tag"),
        )
    target = {
        "category": form.cleaned_data["category"],
        "tag": form.cleaned_data["tag"],
    }
    name = target["category"] or target["tag"]
    if form.cleaned_data["action"] == "follow":
        services.follow_create(actor=request.user, **target)
        messages.success(
            request,
            _("You follow “%(name)s”. New articles come in your weekly digest.")
            % {"name": name},
        )
    else:
        services.follow_delete(actor=request.user, **target)
        messages.success(
            request, _("You no longer follow “%(name)s”.") % {"name": name}
        )
    return redirect(_next_url(request, reverse("kms:following")))


@login_required
@require_safe
def following(request):
    follows = list(user_follows(user=request.user))
    return render(
        request,
        "knowledge/following.html",
        {
            "categories": [f for f in follows if f.category_id is not None],
            "tags": [f for f in follows if f.tag_id is not None],
        },
    )


# Anyone holding the link may unsubscribe, logged in or not: the signed token
# is the proof, not the session, so a mail client's one-click POST
# (List-Unsubscribe-Post, RFC 8058) needs no CSRF token.
@csrf_exempt
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def unsubscribe(request, token):
    user_id = services.unsubscribe_user_id(token)
    user = get_user_model().objects.filter(pk=user_id).first() if user_id else None
    if user is None:
        return render(
            request, "knowledge/unsubscribe.html", {"valid": False}, status=404
        )
    if request.method == "POST":
        services.follow_delete_all(user=user)
        messages.success(
            request,
            _("You are unsubscribed: you follow nothing and get no more digests."),
        )
        return redirect(request.path)
    return render(
        request,
        "knowledge/unsubscribe.html",
        {"valid": True, "follow_count": user.follows.count()},
    )
