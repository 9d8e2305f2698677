"""Views of the knowledge base: the article list (search included), the
category and tag pages, and the article page."""

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from kms.core.pagecache import count_hit, public_page

from ..filters import FORM_ID, LIST_CAP, PAGE_SIZE, ArticleFilter
from ..models import Article, ArticleStatus, Tag
from ..pagination import CappedPaginator
from ..search import parse_query
from ..selectors.engagement import is_following
from ..selectors.moderation import article_tools
from ..selectors.search import (
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


def _list_page(request, *, template, articles=None, fixed=(), context=None):
    """A filtered, sorted, paginated list of the articles the visitor may read.

    Invalid filter values answer 400 with the message next to the field. A
    list counts and pages its first LIST_CAP rows, a search its first
    search.POOL_SIZE matches: neither reads every row.
    """
    query = request.GET.get("q", "")
    if articles is None:
        articles = articles_for_list(user=request.user, query=query)
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
    canonical = request.path + (f"?page={page.number}" if page.number > 1 else "")
    return render(
        request,
        template,
        {
            "filter": filterset,
            "form_id": FORM_ID,
            "page_obj": page,
            "articles": rows,
            "capped": capped,
            "q": query,
            "searched": found.searched if found else parse_query(query).text,
            # After a correction: what was typed, which matched nothing.
            "typed": parse_query(query).text if found and found.corrected else "",
            "filtered": any(v for k, v in params.items() if k != "sort"),
            "sort": filterset.sort_applied() if valid else "",
            "query": params.urlencode(),
            "canonical_url": request.build_absolute_uri(canonical),
            **(context or {}),
        },
        status=200 if valid else 400,
    )


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


@require_safe
@public_page("knowledge")
def article_detail(request, slug):
    """An article the visitor may read (published ones; unpublished ones for
    their author and moderators); others answer 404."""
    article = get_object_or_404(
        Article.objects.readable_by(request.user).select_related("category", "author"),
        slug=slug,
    )
    if article.status == ArticleStatus.PUBLISHED:
        if article_read(article=article, user=request.user, session=request.session):
            article.read_count += 1  # the page shows the count including this read
        # A visitor served this page from the page cache is counted too.
        count_hit(request, "knowledge.article_read", article.pk)
    context = {"article": article, "tags": article.tags.all()}
    context["tools"] = article_tools(user=request.user, article=article)
    context.update(engagement_context(request, article))
    context.update(attachments_context(request, article))
    context.update(related_context(article=article, user=request.user))
    return render(request, "knowledge/article_detail.html", context)
