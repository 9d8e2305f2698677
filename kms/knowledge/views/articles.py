"""Views of the knowledge base: the article list (search included), the
category and tag pages, and the article page."""

import hashlib
from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from infospots.selectors import FILTER_CHOICES
from kms.accounts.permissions import is_signed_in
from kms.core.fragments import drawn_once
from kms.core.generations import cached
from kms.core.pagecache import count_hit, public_page

from ..filters import FORM_ID, LIST_CAP, PAGE_SIZE, ArticleFilter
from ..models import Article, ArticleStatus, Tag
from ..pagination import CappedPaginator
from ..search import parse_query
from ..selectors.engagement import is_following
from ..selectors.moderation import article_tools
from ..selectors.search import (
    KNOWLEDGE,
    articles_for_list,
    articles_in_order,
    attach_snippets,
    category_and_descendants,
    category_tree,
    related_context,
)
from ..services.reads import article_read
from .attachments import attachments_context
from .engagement import engagement_context

# How long a list, a search or a page of them is kept for readers who
# never ask it again (a query typed once); any write to the knowledge base
# or to the sectors it offers makes it stale before (kms.core.generations).
LIST_TIMEOUT = 60 * 60


def _list_key(request) -> str:
    """The cache key of a list's content: the reader's visibility class
    (members-only articles for signed-in readers), the language, the page's
    path and its query string."""
    asked = urlencode(sorted(request.GET.lists()), doseq=True)
    digest = hashlib.sha256(f"{request.path}?{asked}".encode()).hexdigest()
    return f"kb-list:{int(is_signed_in(request.user))}:{get_language()}:{digest}"


def _list_page(request, *, template, articles=None, fixed=(), context=None):
    """A filtered, sorted, paginated list of the articles the visitor may read.

    Invalid filter values answer 400 with the message next to the field. A
    list counts and pages its first LIST_CAP rows, a search its first
    search.POOL_SIZE matches: neither reads every row.

    Its content (search box, filters, results, paging) is the same for every
    reader of the same visibility class asking the same in the same
    language: it is kept in the cache until a row of the knowledge base or
    a sector changes. The frame and the page's heading (a follow button,
    with its CSRF token) are drawn for each request.
    """
    query = request.GET.get("q", "")
    content = cached(
        _list_key(request),
        depends_on=(KNOWLEDGE, FILTER_CHOICES),
        compute=lambda: _list_content(
            request,
            articles_for_list(user=request.user, query=query)
            if articles is None
            else articles,
            query=query,
            fixed=fixed,
        ),
        timeout=LIST_TIMEOUT,
        # A filter that makes no sense is answered afresh each time.
        keep=lambda content: content["status"] == 200,
    )
    params = request.GET.copy()
    params.pop("page", None)
    number = content["number"]
    canonical = request.path + (f"?page={number}" if number > 1 else "")
    return render(
        request,
        template,
        {
            "browser": mark_safe(content["html"]),  # noqa: S308 - our templates
            "page_number": number,
            "searched": content["searched"],
            "filtered": any(v for k, v in params.items() if k != "sort"),
            "canonical_url": request.build_absolute_uri(canonical),
            **(context or {}),
        },
        status=content["status"],
    )


def _list_content(request, articles, *, query, fixed) -> dict:
    """The list's content, drawn without the request (whose user only
    decides which articles the search reads, as `articles` does)."""
    filterset = ArticleFilter(
        request.GET, queryset=articles, fixed=fixed, request=request
    )
    valid = filterset.is_valid()
    found = filterset.search() if valid else None
    if found is not None:
        page = Paginator(found.ids, PAGE_SIZE).get_page(request.GET.get("page"))
        rows = articles_in_order(articles, page.object_list)
        capped = found.capped
    else:
        results = filterset.qs if valid else articles.none()
        paginator = CappedPaginator(results, PAGE_SIZE, cap=LIST_CAP)
        page = paginator.get_page(request.GET.get("page"))
        rows = list(page.object_list)
        capped = paginator.capped
    attach_snippets(rows, query=found.searched if found else query)
    params = request.GET.copy()
    params.pop("page", None)
    searched = found.searched if found else parse_query(query).text
    html = render_to_string(
        "knowledge/includes/article_browser.html",
        {
            "filter": filterset,
            "form_id": FORM_ID,
            "list_path": request.path,
            "page_obj": page,
            "articles": rows,
            "capped": capped,
            "q": query,
            "searched": searched,
            # After a correction: what was typed, which matched nothing.
            "typed": parse_query(query).text if found and found.corrected else "",
            "filtered": any(v for k, v in params.items() if k != "sort"),
            "sort": filterset.sort_applied() if valid else "",
            "query": params.urlencode(),
        },
    )
    return {
        "html": html,
        "status": 200 if valid else 400,
        "searched": searched,
        "number": page.number,
    }


@require_safe
@public_page("knowledge")
def article_list(request):
    return _list_page(
        request,
        template="knowledge/article_list.html",
        context={
            "page_name": _("Knowledge base"),
            "page_description": _(
                "Practical knowledge for SMEs: markets, technology, grant "
                "schemes, cluster tools, benchmarking and efficiency."
            ),
        },
    )


@require_safe
@public_page("knowledge")
def category_detail(request, slug):
    """The articles of a category and of the categories below it."""
    tree = category_tree()
    category = next((n.category for n in tree if n.category.slug == slug), None)
    if category is None:
        raise Http404
    ids = category_and_descendants(category, tree)
    by_id = {n.category.pk: n.category for n in tree}
    ancestors, parent_id = [], category.parent_id
    while parent_id is not None and parent_id in by_id:
        ancestors.insert(0, by_id[parent_id])
        parent_id = by_id[parent_id].parent_id
    articles = articles_for_list(
        user=request.user, query=request.GET.get("q", "")
    ).filter(category_id__in=ids)
    return _list_page(
        request,
        template="knowledge/category_detail.html",
        articles=articles,
        fixed=("category",),
        context={
            "category": category,
            "page_name": category.name,
            "page_description": _(
                "Practical articles for SMEs in the category “%(category)s”, "
                "in Turkish and English."
            )
            % {"category": category.name},
            "ancestors": ancestors,
            "children": [
                n.category for n in tree if n.category.parent_id == category.pk
            ],
            "feed_url": reverse("kms:category_feed", kwargs={"slug": category.slug}),
            "following": is_following(user=request.user, category=category),
        },
    )


@require_safe
@public_page("knowledge")
def tag_detail(request, slug):
    """The articles with a tag."""
    tag = get_object_or_404(Tag, slug=slug)
    articles = articles_for_list(
        user=request.user, query=request.GET.get("q", "")
    ).filter(tags=tag)
    return _list_page(
        request,
        template="knowledge/tag_detail.html",
        articles=articles,
        fixed=("tag",),
        context={
            "tag": tag,
            "page_name": _("Articles tagged “%(tag)s”") % {"tag": tag.name},
            "page_description": _(
                "Practical articles for SMEs tagged “%(tag)s”, in Turkish and English."
            )
            % {"tag": tag.name},
            "feed_url": reverse("kms:tag_feed", kwargs={"slug": tag.slug}),
            "following": is_following(user=request.user, tag=tag),
        },
    )


# How long an article's shared parts are kept for an article nobody opens
# again; any write to the knowledge base makes them stale before.
ARTICLE_PAGE_TIMEOUT = 60 * 60
# What the article page reads of its row for each request: the text and its
# search index are drawn into the kept parts (ARTICLE_TEXT).
ARTICLE_TEXT = ("body_markdown", "body_html", "search_text", "search_vector")


@require_safe
@public_page("knowledge")
def article_detail(request, slug):
    """An article the visitor may read (published ones; unpublished ones for
    their author and moderators); others answer 404.

    Its text, tags, files and related articles are the same for every reader
    of the same visibility class who may (or may not) edit it: they are kept
    in the cache for the article, that class, that right and the language,
    until a row of the knowledge base changes. What is the reader's own
    (their tools, vote, bookmark, follows, reports, the comment forms with
    their CSRF tokens) and the read count are drawn for each request."""
    article = get_object_or_404(
        Article.objects.readable_by(request.user)
        .select_related("category")
        .defer(*ARTICLE_TEXT),
        slug=slug,
    )
    if article.status == ArticleStatus.PUBLISHED:
        if article_read(article=article, user=request.user, session=request.session):
            article.read_count += 1  # the page shows the count including this read
        # A visitor served this page from the page cache is counted too.
        count_hit(request, "knowledge.article_read", article.pk)
    tools = article_tools(user=request.user, article=article)
    signed_in = is_signed_in(request.user)
    parts = cached(
        f"article-page:{article.pk}:{int(signed_in)}:{int(tools.can_edit)}:"
        f"{get_language()}",
        depends_on=(KNOWLEDGE,),
        compute=lambda: _article_parts(
            article, user=request.user, can_edit=tools.can_edit
        ),
        timeout=ARTICLE_PAGE_TIMEOUT,
    )
    context = {
        "article": article,
        "tools": tools,
        "tags": parts["tags"],
        "parts": {
            # Drawn by our templates, from the article's rows.
            "body": mark_safe(parts["body"]),  # noqa: S308
            "related": mark_safe(parts["related"]),  # noqa: S308
            "translations": parts["translations"],
        },
    }
    context.update(engagement_context(request, article, tags=parts["tags"]))
    context["engagement_html"] = (
        _engagement_html(request, article, context) if signed_in else ""
    )
    if context["engagement"] and signed_in:
        # The empty comment form: the same for every reader of the article.
        context["comment_form_html"] = drawn_once(
            request,
            "knowledge/includes/comment_form.html",
            {"article": article, "comment_form": context["comment_form"]},
            key=(article.slug,),
        )
    return render(request, "knowledge/article_detail.html", context)


def _engagement_html(request, article, context) -> str:
    """The vote card and the save and follow buttons of a signed-in reader,
    drawn once per process for what they show (kms.core.fragments): the
    article's counts and the reader's marks. A "No" with its reason in the
    form is drawn for each request."""
    engagement, tags = context["engagement"], context["tags"]
    vote = engagement.my_vote if engagement else None
    if not engagement or (vote and not vote.helpful):
        return ""
    return drawn_once(
        request,
        "knowledge/includes/article_engagement.html",
        {
            "article": article,
            "engagement": engagement,
            "tags": tags,
            "user": request.user,
            # The follow buttons' default `next`; they are given the article's.
            "request": request,
        },
        key=(
            article.pk,
            article.slug,
            article.category_id,
            str(article.category),
            engagement.helpful_yes,
            engagement.helpful_no,
            bool(vote),
            engagement.bookmarked,
            tuple(sorted(engagement.followed_category_ids)),
            tuple(sorted(engagement.followed_tag_ids)),
            tuple((tag.pk, tag.slug, str(tag)) for tag in tags),
        ),
    )


def _article_parts(article, *, user, can_edit: bool) -> dict:
    """The parts of an article page shared by the readers of a visibility
    class (`user` is one of them) and an editing right, drawn without the
    request."""
    tags = list(article.tags.all())
    context = {
        "article": article,
        "tags": tags,
        **attachments_context(article, can_manage=can_edit),
        **related_context(article=article, user=user),
    }
    return {
        "tags": tags,
        "body": render_to_string("knowledge/includes/article_body.html", context),
        "related": render_to_string("knowledge/includes/article_related.html", context),
        "translations": [
            (translation.language, translation.get_absolute_url())
            for translation in context["translations"]
        ],
    }
