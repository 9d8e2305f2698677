"""Search of the knowledge base: what is indexed for each article, how a query
finds and ranks articles, and how matches are marked in what a page shows.

Case is folded here, in Python, at index time and at query time alike: the
database's lower() maps I to i and leaves İ alone (NOTES), so "İSTANBUL" and
"istanbul" would never meet there.

PostgreSQL
    `search_vector`: title (weight A), summary and tag names (B) and the body
    as plain text (C), lower-cased with the rules of the article's language
    and parsed with the `turkish` or `english` configuration; GIN-indexed.
    Each query word matches when the vector matches it parsed in either
    configuration; ranked by ts_rank.
SQLite
    Every query word, without diacritics, must start a word of
    `search_text`; title matches first, then the newest.

What a search costs does not grow with the corpus (docs/loadtests/search.md):

- Only the `POOL_SIZE` newest matches are read, looked for among the
  newest articles first (`WINDOWS`), then ordered by the sort (relevance:
  ranked): a frequent word ("ihracat", one article in ten) no longer ranks
  thousands of matches, and the count shown is exact up to the pool's size
  ("more than 200" beyond). The most read or most helpful are those of the
  newest matches.
- A word that matches nothing (a typo, missing diacritics) is corrected to
  the closest words of the vocabulary (`SearchWord`: the words of the
  titles, summaries and tags of published articles, a few thousand rows,
  trigram-indexed on PostgreSQL), and the corrected query runs as any
  other; the page says what it searched for. The articles themselves are
  never compared word by word with the query.

`search_text` is " <title words> | <summary and tag words> | <lower-cased
words that have diacritics> ": the first two parts without diacritics, each
word once per part. Its words are also the vocabulary's.
"""

import datetime as dt
import html
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from functools import reduce
from operator import and_, or_

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.core.cache import cache
from django.db import connection, transaction
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
from django.db.models.functions import Length, StrIndex
from django.db.models.lookups import LessThan
from django.utils.html import escape, strip_tags
from django.utils.safestring import SafeString, mark_safe

from kms.core.text import fold, lower, words

from .models import Article, SearchWord, Visibility

CONFIGS = {"tr": "turkish", "en": "english"}
MAX_QUERY_WORDS = 10
MAX_QUERY_LENGTH = 200
# ts_rank weights in the order D, C, B, A: a title hit counts most.
RANK_WEIGHTS = [0.1, 0.2, 0.4, 1.0]
# How many matches a search reads: 10 pages of 20. Walking the newest
# articles until 200 of them match "ihracat" (one article in ten) reads about
# 2,300 rows, a few milliseconds; ranking all 7,000 matches took 200 ms.
POOL_SIZE = 200
# Shorter words have too few trigrams to be told apart from noise.
TRIGRAM_MIN_LENGTH = 3
# pg_trgm similarity from which a vocabulary word is taken for a query word:
# "verimlilk"/"verimlilik" 0.62, "kmelenme"/"kumelenme" 0.58, "fuarr"/"fuar"
# 0.57; unrelated words of the same length stay below 0.3.
SIMILARITY_MIN = 0.45
# Vocabulary words compared with one query word (the closest first).
NEAREST_WORDS = 10
SECTION = "|"
WORD_MAX_LENGTH = SearchWord._meta.get_field("word").max_length
NEWEST = ("-published_at", "-pk")

_WORD = re.compile(r"[^\W_]+")
_DIGITS = re.compile(r"^[0-9]+$")
_BLOCK_TAG = re.compile(
    r"</?(?:p|div|li|h[1-6]|t[dhr]|br|blockquote|pre|[ou]l|table)\b"
)


# --- indexing ------------------------------------------------------------------


@dataclass(frozen=True)
class IndexedText:
    """What the search columns of one article are computed from."""

    config: str
    title: str
    rest: str
    body: str
    search_text: str


def body_text(article: Article) -> str:
    """The article's body as plain text (its sanitised HTML without tags;
    blocks apart, so that "<li>a</li><li>b</li>" gives two words)."""
    if article.body_html:
        return html.unescape(strip_tags(_BLOCK_TAG.sub(r" \g<0>", article.body_html)))
    return article.body_markdown


def search_text_for(
    *, title: str, summary: str, tag_names: Iterable[str], language: str = "tr"
) -> str:
    """The `search_text` of an article (see the module docstring). Each part
    holds a word once: the shorter the text, the cheaper matching it."""
    rest = " ".join([summary, *tag_names])
    accented = (
        word
        for word in _WORD.findall(lower(f"{title} {rest}", language))
        if not word.isascii() and word != fold(word)
    )
    parts = (words(title), words(rest), accented)
    return f" {f' {SECTION} '.join(' '.join(dict.fromkeys(p)) for p in parts)} "


def indexed_text(article: Article, tag_names: Sequence[str]) -> IndexedText:
    language = article.language if article.language in CONFIGS else "tr"
    return IndexedText(
        config=CONFIGS[language],
        title=lower(article.title, language),
        rest=lower(" ".join([article.summary, *tag_names]), language),
        body=lower(body_text(article), language),
        search_text=search_text_for(
            title=article.title,
            summary=article.summary,
            tag_names=tag_names,
            language=language,
        ),
    )


def index_article(article: Article) -> None:
    """Refresh the search columns of one saved article (tags included), and
    add its words to the vocabulary if it is published."""
    text = indexed_text(article, list(article.tags.values_list("name", flat=True)))
    columns = {"search_text": text.search_text}
    if connection.vendor == "postgresql":
        columns["search_vector"] = (
            SearchVector(Value(text.title), config=text.config, weight="A")
            + SearchVector(Value(text.rest), config=text.config, weight="B")
            + SearchVector(Value(text.body), config=text.config, weight="C")
        )
    Article.objects.filter(pk=article.pk).update(**columns)
    article.search_text = text.search_text
    index_words(article)


_BULK_UPDATE = """
UPDATE {table} AS a SET
    search_text = v.search_text,
    search_vector =
        setweight(to_tsvector(v.config::regconfig, v.title), 'A')
        || setweight(to_tsvector(v.config::regconfig, v.rest), 'B')
        || setweight(to_tsvector(v.config::regconfig, v.body), 'C')
FROM unnest(%s::bigint[], %s::text[], %s::text[], %s::text[], %s::text[], %s::text[])
    AS v(id, config, title, rest, body, search_text)
WHERE a.id = v.id
"""


def reindex_articles(articles=None, *, batch_size: int = 1000) -> int:
    """Recompute the search columns of `articles` (all by default).

    Text is folded in Python batch by batch; on PostgreSQL each batch is then
    one UPDATE that computes every vector in the database. The vocabulary is
    rebuilt when every article is reindexed, and takes the words of the
    published ones among `articles` otherwise. Returns the number of
    articles indexed.
    """
    everything = articles is None
    articles = Article.objects.all() if everything else articles
    rows = (
        articles.order_by("pk")
        .only(
            "pk",
            "title",
            "summary",
            "body_html",
            "body_markdown",
            "language",
            "status",
            "published_at",
            "visibility",
        )
        .prefetch_related("tags")
    )
    done = 0
    batch: list[tuple[Article, IndexedText]] = []
    for article in rows.iterator(chunk_size=batch_size):
        tag_names = [tag.name for tag in article.tags.all()]
        batch.append((article, indexed_text(article, tag_names)))
        if len(batch) >= batch_size:
            done += _write_batch(batch, words=not everything)
            batch = []
    if batch:
        done += _write_batch(batch, words=not everything)
    if everything:
        rebuild_search_words()
    return done


@transaction.atomic
def _write_batch(batch: list[tuple[Article, IndexedText]], *, words: bool) -> int:
    if connection.vendor == "postgresql":
        columns = list(
            zip(
                *(
                    (a.pk, t.config, t.title, t.rest, t.body, t.search_text)
                    for a, t in batch
                ),
                strict=True,
            )
        )
        with connection.cursor() as cursor:
            cursor.execute(
                _BULK_UPDATE.format(
                    table=connection.ops.quote_name(Article._meta.db_table)
                ),
                [list(column) for column in columns],
            )
    else:
        for article, text in batch:
            article.search_text = text.search_text
        Article.objects.bulk_update([a for a, _ in batch], ["search_text"])
    if words:
        add_search_words(
            (text.search_text, article.visibility == Visibility.PUBLIC)
            for article, text in batch
            if _is_published(article)
        )
    return len(batch)


# --- the vocabulary ------------------------------------------------------------


def _is_published(article: Article) -> bool:
    return article.status == "published" and article.published_at is not None


def vocabulary_of(search_text: str) -> set[str]:
    """The vocabulary's words in an article's `search_text`: its folded words
    and its lower-cased words with diacritics; not numbers."""
    return {
        token
        for token in search_text.split()
        if token != SECTION
        and len(token) <= WORD_MAX_LENGTH
        and not _DIGITS.match(token)
    }


def _key(word: str) -> str:
    return "".join(words(word))


def add_search_words(texts: Iterable[tuple[str, bool]]) -> None:
    """Add the words of published articles' `(search_text, is_public)` to the
    vocabulary: new words with a count of 1, the public flag set when a
    public article uses a word. Two or three queries, whatever the number
    of articles."""
    found: set[str] = set()
    public: set[str] = set()
    for search_text, is_public in texts:
        vocabulary = vocabulary_of(search_text)
        found |= vocabulary
        if is_public:
            public |= vocabulary
    rows = [(word, _key(word)) for word in sorted(found)]
    rows = [(word, key) for word, key in rows if key]
    if not rows:
        return
    SearchWord.objects.bulk_create(
        [
            SearchWord(word=word, key=key, articles=1, public=word in public)
            for word, key in rows
        ],
        ignore_conflicts=True,
        batch_size=1000,
    )
    if public:
        SearchWord.objects.filter(word__in=sorted(public), public=False).update(
            public=True
        )


def index_words(article: Article) -> None:
    """Add the words of `article` to the vocabulary if it is published (on
    every save and when a moderator publishes it)."""
    if _is_published(article):
        add_search_words(
            [(article.search_text, article.visibility == Visibility.PUBLIC)]
        )


@transaction.atomic
def rebuild_search_words() -> int:
    """Rebuild the vocabulary from every published article: exact counts,
    and no word any more of articles since changed, hidden or unpublished.
    Reads `search_text` only; returns the number of words."""
    counts: Counter[str] = Counter()
    public: set[str] = set()
    rows = Article.objects.published().values_list("search_text", "visibility")
    for search_text, visibility in rows.iterator(chunk_size=2000):
        vocabulary = vocabulary_of(search_text)
        counts.update(vocabulary)
        if visibility == Visibility.PUBLIC:
            public |= vocabulary
    SearchWord.objects.all().delete()
    created = SearchWord.objects.bulk_create(
        (
            SearchWord(word=word, key=key, articles=n, public=word in public)
            for word, n in counts.items()
            if (key := _key(word))
        ),
        batch_size=2000,
    )
    return len(created)


# --- querying ------------------------------------------------------------------


@dataclass(frozen=True)
class QueryWord:
    """One word of a query: `variants` are what the full text is searched
    for (lower-cased with Turkish and with English rules: "IHRACAT" is
    "ıhracat" in Turkish but most likely meant "ihracat"; or the vocabulary
    words it was corrected to), `key` is the word without diacritics, as in
    `search_text`, and `shown` what the page says was searched for."""

    variants: tuple[str, ...]
    key: str
    shown: str


@dataclass(frozen=True)
class ParsedQuery:
    """A visitor's query, split into words and folded every way search needs."""

    text: str
    words: tuple[QueryWord, ...]

    def __bool__(self) -> bool:
        return bool(self.words)

    @property
    def keys(self) -> tuple[str, ...]:
        """The words without diacritics (what snippets mark)."""
        return tuple(dict.fromkeys(w.key for w in self.words if w.key))

    @property
    def variants(self) -> tuple[tuple[str, ...], ...]:
        return tuple(w.variants for w in self.words)


def parse_query(query: str) -> ParsedQuery:
    query = " ".join((query or "")[:MAX_QUERY_LENGTH].split())
    found = (
        QueryWord(
            variants=tuple(dict.fromkeys((lower(word, "tr"), lower(word, "en")))),
            key=_key(word),
            shown=lower(word),
        )
        for word in _WORD.findall(query)[:MAX_QUERY_WORDS]
    )
    return ParsedQuery(text=lower(query), words=tuple(dict.fromkeys(found)))


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


# --- correcting a query --------------------------------------------------------


@dataclass(frozen=True)
class Nearest:
    """A vocabulary word close to a query word."""

    word: str
    key: str
    similarity: float
    articles: int


def correct(parsed: ParsedQuery, *, public_only: bool) -> ParsedQuery | None:
    """`parsed` with each word of three letters or more replaced by the
    closest key of the vocabulary (its words, diacritics included: "kumelenme"
    becomes "kümelenme", "verimlilk" "verimlilik"); None when that changes
    nothing. One query finds the keys the vocabulary holds as they are
    (an index lookup), one more the closest to the others (trigrams)."""
    keys = tuple(
        dict.fromkeys(w.key for w in parsed.words if len(w.key) >= TRIGRAM_MIN_LENGTH)
    )
    if not keys:
        return None
    vocabulary = SearchWord.objects.filter(key__in=keys)
    if public_only:
        vocabulary = vocabulary.filter(public=True)
    nearest: dict[str, list[Nearest]] = {}
    for word, key, articles in vocabulary.order_by("-articles", "word").values_list(
        "word", "key", "articles"
    ):
        nearest.setdefault(key, []).append(Nearest(word, key, 1.0, articles))
    unknown = tuple(key for key in keys if key not in nearest)
    if unknown:
        if connection.vendor == "postgresql":
            nearest |= _postgresql_nearest(unknown, public_only=public_only)
        else:
            nearest |= _simple_nearest(unknown, public_only=public_only)
    corrected = tuple(
        _corrected_word(word, nearest.get(word.key, [])) for word in parsed.words
    )
    if corrected == parsed.words:
        return None
    return ParsedQuery(
        text=" ".join(w.shown for w in corrected),
        words=tuple(dict.fromkeys(corrected)),
    )


def _corrected_word(word: QueryWord, nearest: list[Nearest]) -> QueryWord:
    if not nearest:
        return word
    best = [n for n in nearest if n.key == nearest[0].key]
    found = tuple(n.word for n in best)
    if best[0].key == word.key:
        # The word itself, maybe typed without its diacritics: its forms
        # with them too ("isik" finds "ışık").
        variants = tuple(dict.fromkeys((*word.variants, *found)))
    else:
        variants = found
    if set(variants) == set(word.variants):
        return word
    # What the page says was searched for: the word as typed when articles
    # write it so with its diacritics, else the most used form with them.
    shown = next(
        (v for v in word.variants if v in found and v != best[0].key),
        max(best, key=lambda n: (n.word != n.key, n.articles)).word,
    )
    return replace(word, variants=variants, key=best[0].key, shown=shown)


_NEAREST_SQL = """
SELECT q.key, w.word, w.key, similarity(w.key, q.key), w.articles
FROM unnest(%s::text[]) AS q(key)
CROSS JOIN LATERAL (
    SELECT word, key, articles FROM {table}
    WHERE key %% q.key AND (public OR NOT %s) AND similarity(key, q.key) >= %s
    ORDER BY similarity(key, q.key) DESC, articles DESC, word
    LIMIT %s
) AS w
"""


def _postgresql_nearest(keys, *, public_only: bool) -> dict[str, list[Nearest]]:
    """The closest vocabulary words of each key, closest first: `%` finds the
    candidates in the trigram index, similarity() orders them."""
    sql = _NEAREST_SQL.format(
        table=connection.ops.quote_name(SearchWord._meta.db_table)
    )
    nearest: dict[str, list[Nearest]] = {}
    with connection.cursor() as cursor:
        cursor.execute(sql, [list(keys), public_only, SIMILARITY_MIN, NEAREST_WORDS])
        for query_key, word, key, similarity, articles in cursor.fetchall():
            nearest.setdefault(query_key, []).append(
                Nearest(word, key, similarity, articles)
            )
    return nearest


def trigrams(word: str) -> set[str]:
    """The trigrams of a word as pg_trgm takes them: two spaces before it,
    one after."""
    padded = f"  {word} "
    return {padded[i : i + 3] for i in range(len(padded) - 2)}


def similarity(a: str, b: str) -> float:
    """pg_trgm's similarity() of two words: shared trigrams over all."""
    first, second = trigrams(a), trigrams(b)
    return len(first & second) / len(first | second)


def _simple_nearest(keys, *, public_only: bool) -> dict[str, list[Nearest]]:
    """As on PostgreSQL, computed here: only words of a length that can reach
    the threshold are read (a word of n letters has n + 1 trigrams)."""
    shortest = min(len(k) for k in keys)
    longest = max(len(k) for k in keys)
    candidates = SearchWord.objects.annotate(length=Length("key")).filter(
        length__gte=int(SIMILARITY_MIN * (shortest + 1)) - 1,
        length__lte=int((longest + 1) / SIMILARITY_MIN),
    )
    if public_only:
        candidates = candidates.filter(public=True)
    rows = list(candidates.values_list("word", "key", "articles"))
    nearest: dict[str, list[Nearest]] = {}
    for query_key in keys:
        scored = [
            Nearest(word, key, similarity(key, query_key), articles)
            for word, key, articles in rows
        ]
        scored = [n for n in scored if n.similarity >= SIMILARITY_MIN]
        scored.sort(key=lambda n: (-n.similarity, -n.articles, n.word))
        if scored:
            nearest[query_key] = scored[:NEAREST_WORDS]
    return nearest


# --- marking matches -------------------------------------------------------------


def _word_matches(word: str, keys: Sequence[str]) -> bool:
    """Whether a word of the text matches a query key (both folded).

    A key matches the words it starts ("ihracat" marks "ihracatta"), and a
    word of four letters or more matches a longer key it starts (the stem:
    "pazarlar" marks "pazar").
    """
    return any(
        word.startswith(key) or (len(word) >= 4 and key.startswith(word))
        for key in keys
    )


def _matches(text: str, keys: Sequence[str]) -> list[tuple[int, int]]:
    """Character spans of the words of `text` that match `keys`."""
    return [
        m.span()
        for m in _WORD.finditer(text)
        if _word_matches("".join(words(m.group())), keys)
    ]


def highlight(text: str, keys: Sequence[str]) -> SafeString:
    """`text` escaped, its words that match `keys` wrapped in <mark>."""
    parts, end = [], 0
    for start, stop in _matches(text, keys) if keys else []:
        parts += [
            escape(text[end:start]),
            "<mark>",
            escape(text[start:stop]),
            "</mark>",
        ]
        end = stop
    parts.append(escape(text[end:]))
    return mark_safe("".join(parts))  # noqa: S308 - every piece of text is escaped


def excerpt(
    text: str, keys: Sequence[str], *, before: int = 12, after: int = 24
) -> SafeString | None:
    """Some words of `text` around its first match, marked; None if none."""
    spans = _matches(text, keys) if keys else []
    if not spans:
        return None
    tokens = [m.span() for m in _WORD.finditer(text)]
    first = next(i for i, span in enumerate(tokens) if span == spans[0])
    start_token, stop_token = max(0, first - before), first + after
    start = tokens[start_token][0] if start_token > 0 else 0
    stop = tokens[stop_token][1] if stop_token < len(tokens) - 1 else len(text)
    marked = highlight(text[start:stop], keys)
    prefix = "… " if start_token > 0 else ""
    suffix = " …" if stop_token < len(tokens) - 1 else ""
    return mark_safe(f"{prefix}{marked}{suffix}")  # noqa: S308 - marked is escaped
