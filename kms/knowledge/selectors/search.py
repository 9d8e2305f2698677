"""Reads of the knowledge base for finding things: lists, snippets, related
articles, translations, the category tree."""

from collections.abc import Sequence
from dataclasses import dataclass

from django.db.models import (
    Case,
    Count,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce

from ..models import Article, Category
from ..search import body_text, excerpt, highlight, parse_query

# What a list row never shows: loading it for 20 rows would be waste.
LIST_DEFERRED = ("body_markdown", "search_text", "search_vector", "return_reason")


def articles_for_list(*, user, query: str = "") -> QuerySet[Article]:
    """Published articles `user` may read, ready for a list page.

    With a query the body is loaded too: the page's snippets come from it.
    """
    deferred = LIST_DEFERRED if query else (*LIST_DEFERRED, "body_html")
    return Article.objects.visible_to(user).select_related("category").defer(*deferred)


def attach_snippets(articles: Sequence[Article], *, query: str) -> None:
    """Give each article of a page `title_marked` and `snippet`, the query's
    words marked: the summary, or the passage of the body that matches."""
    keys = parse_query(query).keys
    for article in articles:
        article.title_marked = highlight(article.title, keys)
        summary = excerpt(article.summary, keys, before=40, after=80)
        body = None
        if (
            summary is None
            and keys
            and "body_html" not in article.get_deferred_fields()
        ):
            body = excerpt(body_text(article), keys)
        article.snippet = summary or body or highlight(article.summary, ())


# --- categories ------------------------------------------------------------------


@dataclass(frozen=True)
class CategoryNode:
    category: Category
    depth: int


def category_tree() -> list[CategoryNode]:
    """Every category, parents before their children, in one query."""
    categories = list(Category.objects.all())
    children: dict[int | None, list[Category]] = {}
    for category in categories:
        children.setdefault(category.parent_id, []).append(category)
    nodes: list[CategoryNode] = []

    def walk(parent_id, depth):
        for category in children.get(parent_id, []):
            nodes.append(CategoryNode(category, depth))
            walk(category.pk, depth + 1)

    walk(None, 0)
    return nodes


def category_and_descendants(category: Category, tree: Sequence[CategoryNode]):
    """Ids of `category` and every category below it in `tree`."""
    ids = {category.pk}
    changed = True
    while changed:
        below = {n.category.pk for n in tree if n.category.parent_id in ids}
        changed = not below <= ids
        ids |= below
    return ids


# --- article page ----------------------------------------------------------------


def related_articles(*, article: Article, user, limit: int = 5) -> list[Article]:
    """Up to `limit` other articles `user` may read that share tags, sectors
    or the category with `article`; most shared tags first. One query."""
    through_tags = Article.tags.through.objects
    through_sectors = Article.sectors.through.objects
    tag_ids = through_tags.filter(article_id=article.pk).values("tag_id")
    sector_ids = through_sectors.filter(article_id=article.pk).values("nacesection_id")

    def shared(through, field, ids):
        return Coalesce(
            Subquery(
                through.filter(article_id=OuterRef("pk"), **{f"{field}__in": ids})
                .order_by()
                .values("article_id")
                .annotate(n=Count("*"))
                .values("n")
            ),
            0,
        )

    return list(
        Article.objects.visible_to(user)
        .exclude(pk=article.pk)
        .filter(
            Q(category_id=article.category_id)
            | Q(pk__in=through_tags.filter(tag_id__in=tag_ids).values("article_id"))
            | Q(
                pk__in=through_sectors.filter(nacesection_id__in=sector_ids).values(
                    "article_id"
                )
            )
        )
        .annotate(
            shared_tags=shared(through_tags, "tag_id", tag_ids),
            shared_sectors=shared(through_sectors, "nacesection_id", sector_ids),
            same_category=Case(
                When(category_id=article.category_id, then=Value(1)),
                default=Value(0),
                output_field=IntegerField(),
            ),
        )
        .select_related("category")
        .only(
            "title",
            "slug",
            "language",
            "visibility",
            "published_at",
            "category__name_tr",
            "category__name_en",
            "category__slug",
        )
        .order_by(
            "-shared_tags", "-same_category", "-shared_sectors", "-published_at", "-pk"
        )[:limit]
    )


def article_translations(*, article: Article, user) -> list[Article]:
    """The same article in other languages, as far as `user` may read them."""
    same = Q(translation_of_id=article.pk)
    if article.translation_of_id:
        same |= Q(pk=article.translation_of_id) | Q(
            translation_of_id=article.translation_of_id
        )
    return list(
        Article.objects.visible_to(user)
        .filter(same)
        .exclude(pk=article.pk)
        .exclude(language=article.language)
        .only("title", "slug", "language")
        .order_by("language", "-published_at")
    )


def related_context(*, article: Article, user) -> dict:
    """What templates/kms/includes/article_related.html shows."""
    return {
        "related_articles": related_articles(article=article, user=user),
        "translations": article_translations(article=article, user=user),
    }
