"""How a query finds articles: the pool of newest matches, the windows it is
looked for in, the sorts, the ranking."""

import datetime as dt
from dataclasses import dataclass
from functools import reduce
from operator import and_, or_

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.core.cache import cache
from django.db import connection
from django.db.models import (
    Case,
    DateTimeField,
    ExpressionWrapper,
    F,
    IntegerField,
    Q,
    Value,
    When,
)
from django.db.models.functions import StrIndex
from django.db.models.lookups import LessThan

from ..models import Article, Visibility
from .query import CONFIGS, SECTION, ParsedQuery, parse_query
from .vocabulary import correct

# ts_rank weights in the order D, C, B, A: a title hit counts most.
RANK_WEIGHTS = [0.1, 0.2, 0.4, 1.0]
# How many matches a search reads: 10 pages of 20. Walking the newest
# articles until 200 of them match "ihracat" (one article in ten) reads about
# 2,300 rows, a few milliseconds; ranking all 7,000 matches took 200 ms.
POOL_SIZE = 200
NEWEST = ("-published_at", "-pk")


class Sort:
    RELEVANCE = "relevance"
    NEWEST = "newest"
    READS = "reads"
    HELPFUL = "helpful"


@dataclass(frozen=True)
class _Found:
    pk: int
    published_at: dt.datetime | None
    read_count: int
    helpful_yes: int


_OLDEST = dt.datetime.min.replace(tzinfo=dt.UTC)
# How each sort orders the matches found (relevance: see _ranked).
_SORT_KEYS = {
    Sort.NEWEST: lambda f: (f.published_at or _OLDEST, f.pk),
    Sort.READS: lambda f: (f.read_count, f.published_at or _OLDEST, f.pk),
    Sort.HELPFUL: lambda f: (f.helpful_yes, f.published_at or _OLDEST, f.pk),
}


@dataclass(frozen=True)
class SearchResult:
    """What a search found: the ids of the matching articles (at most
    POOL_SIZE) in the order of the sort, and what was searched for."""

    ids: tuple[int, ...]
    # The query as searched, to show: the corrected one after a correction.
    searched: str
    corrected: bool
    # More articles match than `ids` holds.
    capped: bool

    @property
    def count(self) -> int:
        return len(self.ids)


def search(
    articles, query: str, *, sort: str = Sort.RELEVANCE, public_only: bool = True
) -> SearchResult | None:
    """The ids of `articles` matching `query` in the order of `sort`, and
    what was searched for; None for a query without any word, which leaves
    `articles` as they are.

    Filter `articles` before searching them; `public_only` says that they
    are a visitor's (public articles only). The POOL_SIZE newest matches
    are read, then ordered by the sort (relevance: ts_rank on PostgreSQL,
    title matches on SQLite). When nothing matches, each word is corrected
    to the closest words of the vocabulary (a visitor's to words of public
    articles only) and the corrected query is run.
    """
    parsed = parse_query(query)
    if not parsed:
        return None
    found, capped = _pool(articles, parsed, public_only=public_only)
    corrected = None
    if not found:
        corrected = correct(parsed, public_only=public_only)
        if corrected is not None:
            found, capped = _pool(articles, corrected, public_only=public_only)
    searched = corrected or parsed
    if sort == Sort.RELEVANCE:
        ordered = _ranked(articles, searched, found)
    else:
        ordered = sorted(found, key=_SORT_KEYS[sort], reverse=True)
    return SearchResult(
        ids=tuple(f.pk for f in ordered),
        searched=searched.text,
        corrected=corrected is not None,
        capped=capped,
    )


def matching(articles, query: str):
    """`articles` matching the words of `query` as typed (no correction),
    annotated with `search_rank`: for load tests' EXPLAIN."""
    match, rank = _condition(parse_query(query))
    return articles.filter(match).annotate(search_rank=rank)


# The windows of newest articles a search looks in first, on PostgreSQL.
# The GIN index finds the matches but cannot order them, so the 200 newest
# matches of a frequent word are found cheaply by walking the newest
# articles (one row in ten matches "ihracat"), those of a rare word through
# the index (few matches); in between ("gaziantep", one article in forty)
# both read thousands of rows, each walked row's vector out of TOAST. So a
# search looks among the 1,000 newest articles first, walking them in date
# order (a frequent word stops after a few hundred); then, if that window
# held fewer than 200 matches, in the smallest larger window expected to
# hold 200 (from how many the last one held), through the index; then in
# all. A window after the first thus holds fewer than about 2,000 matches,
# whatever the size of the corpus (docs/loadtests/search.md).
WINDOWS = (1_000, 10_000, 100_000)
WINDOWS_CACHE_SECONDS = 10 * 60
# The newest first, in an order no index gives: PostgreSQL then intersects
# the GIN index with the window's dates and reads only the matches, instead
# of walking the window's articles and reading each one's vector out of
# TOAST, which it believes cheap ("lema", one article in twenty: 4,000 rows
# walked, 21 ms, against 900 matches read).
_NOT_AN_INDEX_ORDER = (
    ExpressionWrapper(
        F("published_at") + Value(dt.timedelta(0)), output_field=DateTimeField()
    ).desc(),
    "-pk",
)


def _pool(articles, parsed: ParsedQuery, *, public_only: bool):
    """The POOL_SIZE newest of `articles` matching `parsed`, and whether
    more match. Which windows are looked in changes what it costs, never
    what it finds: any match newer than a window's start is in the window."""
    match, _rank = _condition(parsed)
    matches = articles.filter(match)
    fields = ("pk", "published_at", "read_count", "helpful_yes")
    starts = _window_starts(public_only=public_only)
    number = 0
    while number < len(starts):
        order = NEWEST if number == 0 else _NOT_AN_INDEX_ORDER
        rows = list(
            matches.filter(published_at__gte=starts[number])
            .order_by(*order)
            .values_list(*fields)[: POOL_SIZE + 1]
        )
        if len(rows) > POOL_SIZE:
            break
        held, size = len(rows), WINDOWS[number]
        number = next(
            (
                larger
                for larger in range(number + 1, len(starts))
                if held * WINDOWS[larger] > POOL_SIZE * size
            ),
            len(starts),
        )
    else:
        order = _NOT_AN_INDEX_ORDER if starts else NEWEST
        rows = list(matches.order_by(*order).values_list(*fields)[: POOL_SIZE + 1])
    return [_Found(*row) for row in rows[:POOL_SIZE]], len(rows) > POOL_SIZE


def _window_starts(*, public_only: bool) -> list[dt.datetime]:
    """When the WINDOWS newest articles a reader may read start (PostgreSQL;
    none on SQLite, whose embedded databases are small). Cached: stale
    starts cost a little more, they never change the results."""
    if connection.vendor != "postgresql":
        return []
    key = f"knowledge:search-windows:{'public' if public_only else 'published'}"
    starts = cache.get(key)
    if starts is None:
        readable = Article.objects.published()
        if public_only:
            readable = readable.filter(visibility=Visibility.PUBLIC)
        newest = readable.order_by(*NEWEST).values_list("published_at", flat=True)
        starts = [
            start
            for size in WINDOWS
            if (start := next(iter(newest[size - 1 : size]), None))
        ]
        cache.set(key, starts, WINDOWS_CACHE_SECONDS)
    return starts


def _ranked(articles, parsed: ParsedQuery, found: list[_Found]) -> list[_Found]:
    """`found` by relevance (then newest): one query ranking these rows only."""
    if not found:
        return []
    _match, rank = _condition(parsed)
    ranks = dict(
        articles.filter(pk__in=[f.pk for f in found])
        .annotate(search_rank=rank)
        .values_list("pk", "search_rank")
    )
    return sorted(
        found,
        key=lambda f: (ranks.get(f.pk, 0), f.published_at or _OLDEST, f.pk),
        reverse=True,
    )


def _condition(parsed: ParsedQuery):
    """The match condition and rank expression of `parsed` on this database."""
    if connection.vendor == "postgresql":
        return _postgresql_condition(parsed)
    return _simple_condition(parsed)


def _postgresql_condition(parsed: ParsedQuery):
    # Every word in Turkish, or every word in English: a stop word of one
    # language ("da" in "istanbul'da") drops out of that language's query.
    def parsed_in(config):
        return reduce(
            and_,
            (
                reduce(
                    or_,
                    (
                        SearchQuery(variant, config=config, search_type="plain")
                        for variant in word.variants
                    ),
                )
                for word in parsed.words
            ),
        )

    tsquery = parsed_in(CONFIGS["tr"]) | parsed_in(CONFIGS["en"])
    return (
        Q(search_vector=tsquery),
        SearchRank(F("search_vector"), tsquery, weights=RANK_WEIGHTS),
    )


def _simple_condition(parsed: ParsedQuery):
    # Every key is in search_text (filtered below), so its first position is
    # in the title exactly when it comes before the first section mark.
    keys = parsed.keys
    if not keys:
        return Q(pk__in=[]), Value(0, output_field=IntegerField())
    title_end = StrIndex("search_text", Value(f" {SECTION} "))
    rank = Value(0, output_field=IntegerField())
    for key in keys:
        position = StrIndex("search_text", Value(f" {key}"))
        rank = rank + Case(
            When(LessThan(position, title_end), then=Value(1)),
            default=Value(0),
            output_field=IntegerField(),
        )
    return Q(*(Q(search_text__contains=f" {key}") for key in keys)), rank
