"""Views of the knowledge base: the article list and the article page."""

from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from ..models import Article
from ..services.articles import article_read


@require_safe
def article_list(request):
    query = request.GET.get("q", "")[:200]
    articles = (
        Article.objects.visible_to(request.user)
        .search(query)
        .select_related("category")
    )
    page = Paginator(articles, 20).get_page(request.GET.get("page"))
    return render(
        request,
        "kms/article_list.html",
        {
            "page_obj": page,
            "articles": page.object_list,
            "q": query,
            "query": urlencode({"q": query}) if query else "",
        },
    )


@require_safe
def article_detail(request, slug):
    """A published article the visitor may read; others answer 404."""
    article = get_object_or_404(
        Article.objects.visible_to(request.user).select_related("category", "author"),
        slug=slug,
    )
    if article_read(article=article, session=request.session):
        article.read_count += 1  # the page shows the count including this read
    return render(
        request,
        "kms/article_detail.html",
        {"article": article, "tags": article.tags.all()},
    )
