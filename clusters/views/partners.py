"""Partner search: the public list of open offers and requests, a post's
page, posting, answering and closing.

Posts are public while open (for a cluster the directory shows, or a firm
listed publicly); any other post answers 404 to all but its poster side
(those who speak for its cluster or firm today), and only the poster side
sees who answered.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import (
    require_http_methods,
    require_POST,
    require_safe,
)

from kms.core.forms import form_page, redirect_if_saved

from ..forms.partners import PartnerFilterForm, PartnerInterestForm, PartnerPostForm
from ..models import PartnerPost
from ..permissions import (
    can_close_partner_post,
    is_partner_poster_side,
)
from ..selectors.partners import (
    PAGE_SIZE,
    can_post_partner,
    own_interest,
    partner_answers,
    partner_post_for_detail,
    partner_post_state,
    partner_posts_for_list,
)
from ..services.partners import (
    partner_interest_express,
    partner_post_close,
    partner_post_create,
)


@require_safe
def partner_list(request):
    form = PartnerFilterForm(request.GET or None)
    if form.is_bound and not form.is_valid():
        posts = partner_posts_for_list().none()
    else:
        filters = form.cleaned_data if form.is_bound else {}
        posts = partner_posts_for_list(
            kind=filters.get("kind", ""),
            sector=filters.get("sector"),
            q=filters.get("q", ""),
        )
    page = Paginator(posts, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return form_page(
        request,
        "clusters/partner_list.html",
        {
            "form": form,
            "page_obj": page,
            "posts": page.object_list,
            "query": query.urlencode(),
            "can_post": can_post_partner(user=request.user),
        },
    )


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def partner_create(request):
    form = PartnerPostForm(
        request.POST if request.method == "POST" else None,
        user=request.user,
        initial={"poster": request.GET.get("for", "")},
    )
    if not form.has_targets:
        raise PermissionDenied
    redirected = redirect_if_saved(
        request,
        form,
        lambda: partner_post_create(
            actor=request.user,
            post=form.instance,
            sectors=form.cleaned_data["sectors"],
        ),
        message=_("Your post is published."),
        to=PartnerPost.get_absolute_url,
    )
    return redirected or form_page(
        request, "clusters/partner_form.html", {"form": form}
    )


def _scoped_post(request, pk):
    """A post the user may open: another side's closed post is a 404 like a
    missing one."""
    return get_object_or_404(partner_post_for_detail(user=request.user, pk=pk))


def _detail(request, post, *, interest_form=None, status=200):
    user = request.user
    poster_side = is_partner_poster_side(user, post)
    state = partner_post_state(post)
    mine = own_interest(user=user, post=post)
    if (
        interest_form is None
        and user.is_authenticated
        and not poster_side
        and state == "open"
        and mine is None
    ):
        interest_form = PartnerInterestForm()
    return render(
        request,
        "clusters/partner_detail.html",
        {
            "post": post,
            "state": state,
            "poster_side": poster_side,
            "answers": partner_answers(user=user, post=post),
            "own_interest": mine,
            "interest_form": interest_form,
            "can_close": state != "closed" and can_close_partner_post(user, post),
        },
        status=status,
    )


@never_cache
@require_safe
def partner_detail(request, pk):
    return _detail(request, _scoped_post(request, pk))


@never_cache
@require_POST
def partner_interest(request, pk):
    post = _scoped_post(request, pk)
    if not request.user.is_authenticated:
        return redirect_to_login(post.get_absolute_url())
    form = PartnerInterestForm(request.POST)
    redirected = redirect_if_saved(
        request,
        form,
        lambda: partner_interest_express(
            actor=request.user, post=post, message=form.cleaned_data["message"]
        ),
        message=_("Thank you. The poster has been told of your interest by e-mail."),
        to=post.get_absolute_url() + "#interest",
    )
    return redirected or _detail(request, post, interest_form=form, status=400)


@require_POST
@login_required
def partner_close(request, pk):
    post = _scoped_post(request, pk)
    partner_post_close(actor=request.user, post=post)
    messages.success(request, _("The post is closed: it no longer takes answers."))
    return redirect(post)
