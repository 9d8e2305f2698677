"""Reads of the knowledge base for finding things: lists, snippets, related
articles, translations, the category tree."""

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from django.db import connection
from django.db.models import Q, QuerySet, Value

from ..models import Article, Category
from ..search import body_text, excerpt, highlight, parse_query

# The cache generation (kms.core.generations) of everything the knowledge
# base holds: kms.core.pagecache bumps it on every write to a model of the
# app, one by one or in bulk (read counts aside: services.reads).
KNOWLEDGE = "app:knowledge"

# What a list row never shows: loading it for 20 rows would be waste.
LIST_DEFERRED = ("body_markdown", "search_text", "search_vector", "return_reason")


def articles_for_list(*, user, query: str = "") -> QuerySet[Article]:
    """Published articles `user` may read, ready for a list page.

    With a query the body is loaded too: the page's snippets come from it.
    """
    deferred = LIST_DEFERRED if query else (*LIST_DEFERRED, "body_html")
    return Article.objects.visible_to(user).select_related("category").defer(*deferred)


def articles_in_order(articles: QuerySet[Article], ids: Sequence[int]) -> list[Article]:
    """The rows of `articles` with these ids, in the order of `ids` (a page of
    search results): one query."""
    by_id = {article.pk: article for article in articles.filter(pk__in=ids)}
    return [by_id[pk] for pk in ids if pk in by_id]


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


# Candidates read per tag, per sector and from the category: the newest
# ones, more than a page shows, as some are members-only or unpublished.
RELATED_CANDIDATES = 15
# Tags and sectors of an article compared at most (in the order of their ids).
RELATED_LINKS = 5
_TAG, _CATEGORY, _SECTOR = 0, 1, 2


def related_articles(*, article: Article, user, limit: int = 5) -> list[Article]:
    """Up to `limit` other articles `user` may read that share tags, sectors
    or the category with `article`: most shared tags first, then the same
    category, then shared sectors, then the newest.

    Three small queries whatever the size of the corpus, where one query
    comparing every article took half a second on 100,000 (docs/loadtests/
    search.md): the article's tags and sectors; the newest articles sharing
    each (the highest ids, read from the (tag, article) and (sector,
    article) indexes alone) and the newest of its category (from its
    index), in one UNION ALL of LIMITed selects; those of them `user` may
    read. Shared tags are counted among these candidates.
    """
    tags = Article.tags.through.objects.filter(article_id=article.pk)
    sectors = Article.sectors.through.objects.filter(article_id=article.pk)
    links = list(
        tags.annotate(kind=Value(_TAG))
        .values_list("kind", "tag_id")
        .union(
            sectors.annotate(kind=Value(_SECTOR)).values_list("kind", "nacesection_id"),
            all=True,
        )
    )
    tag_ids = sorted(pk for kind, pk in links if kind == _TAG)[:RELATED_LINKS]
    sector_ids = sorted(pk for kind, pk in links if kind == _SECTOR)[:RELATED_LINKS]
    parts = [
        Article.tags.through.objects.filter(tag_id=tag_id)
        .exclude(article_id=article.pk)
        .annotate(kind=Value(_TAG))
        .order_by("-article_id")
        .values_list("kind", "tag_id", "article_id")[:RELATED_CANDIDATES]
        for tag_id in tag_ids
    ]
    parts.append(
        Article.objects.visible_to(user)
        .filter(category_id=article.category_id)
        .exclude(pk=article.pk)
        .annotate(kind=Value(_CATEGORY))
        .order_by("-published_at", "-pk")
        .values_list("kind", "category_id", "pk")[:RELATED_CANDIDATES]
    )
    parts += [
        Article.sectors.through.objects.filter(nacesection_id=sector_id)
        .exclude(article_id=article.pk)
        .annotate(kind=Value(_SECTOR))
        .order_by("-article_id")
        .values_list("kind", "nacesection_id", "article_id")[:RELATED_CANDIDATES]
        for sector_id in sector_ids
    ]
    shared: dict[int, list[int]] = {}
    for kind, _link, pk in union_all(parts):
        shared.setdefault(pk, [0, 0, 0])[kind] += 1
    candidates = (
        Article.objects.visible_to(user)
        .filter(pk__in=sorted(shared))
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
    )
    oldest = dt.datetime.min.replace(tzinfo=dt.UTC)

    def rank(candidate: Article):
        counts = shared[candidate.pk]
        same_category = int(candidate.category_id == article.category_id)
        return (
            counts[_TAG],
            same_category,
            counts[_SECTOR],
            candidate.published_at or oldest,
            candidate.pk,
        )

    return sorted(candidates, key=rank, reverse=True)[:limit]


def union_all(querysets) -> list[tuple]:
    """The rows of LIMITed querysets in one query. SQLite allows no LIMIT in
    the members of a UNION (Django's union() refuses them there), but does
    in subqueries of FROM, as PostgreSQL does."""
    selects, params = [], []
    for number, queryset in enumerate(querysets):
        sql, query_params = queryset.query.sql_with_params()
        selects.append(f"SELECT * FROM ({sql}) AS part_{number}")  # noqa: S608 - SQL the ORM compiled
        params.extend(query_params)
    with connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join(selects), params)
        return cursor.fetchall()


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
