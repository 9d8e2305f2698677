"""Search of the knowledge base: what is indexed for each article, how a query
finds and ranks articles, and how matches are marked in what a page shows.

Case is folded here, in Python, at index time and at query time alike: the
database's lower() maps I to i and leaves İ alone (NOTES), so "İSTANBUL" and
"istanbul" would never meet there.

PostgreSQL
    `search_vector`: title (weight A), summary and tag names (B) and the body
    as plain text (C), lower-cased with the rules of the article's language
    and parsed with the `turkish` or `english` configuration; GIN-indexed.
    A query matches when the vector matches it parsed in either
    configuration (ranked by ts_rank). When no article matches so, near
    misses are looked for: every query word of three letters or more must be
    word-similar (pg_trgm `%>`, GIN-indexed) to `search_text`, which catches
    typos and missing diacritics ("kumelenme"); ranked by word similarity.
SQLite
    Every query word, without diacritics, must start a word of
    `search_text`; title matches first, then the newest.

`search_text` is " <title words> | <summary and tag words> | <lower-cased
words that have diacritics> ": the first two parts without diacritics, each
word once per part.
"""

import html
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import reduce
from operator import and_, or_

from django.contrib.postgres.lookups import TrigramWordSimilar
from django.contrib.postgres.search import (
    SearchQuery,
    SearchRank,
    SearchVector,
    TrigramWordSimilarity,
)
from django.db import connection, transaction
from django.db.models import (
    Case,
    F,
    IntegerField,
    Q,
    Value,
    When,
)
from django.db.models.functions import StrIndex
from django.db.models.lookups import LessThan
from django.utils.html import escape, strip_tags
from django.utils.safestring import SafeString, mark_safe

from kms.core.text import fold, lower, words

from .models import Article

CONFIGS = {"tr": "turkish", "en": "english"}
MAX_QUERY_WORDS = 10
MAX_QUERY_LENGTH = 200
# ts_rank weights in the order D, C, B, A: a title hit counts most.
RANK_WEIGHTS = [0.1, 0.2, 0.4, 1.0]
# Rows found only by trigram similarity (typos, missing diacritics) rank
# below full-text matches.
TRIGRAM_RANK_FACTOR = 0.01
TRIGRAM_TITLE_BONUS = 0.5
# Shorter words have too few trigrams to be told apart from noise.
TRIGRAM_MIN_LENGTH = 3
SECTION = "|"

_WORD = re.compile(r"[^\W_]+")
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
    holds a word once: the shorter the text, the cheaper trigram matching."""
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
    """Refresh the search columns of one saved article (tags included)."""
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
    one UPDATE that computes every vector in the database. Returns the number
    of articles indexed.
    """
    articles = Article.objects.all() if articles is None else articles
    rows = (
        articles.order_by("pk")
        .only("pk", "title", "summary", "body_html", "body_markdown", "language")
        .prefetch_related("tags")
    )
    done = 0
    batch: list[tuple[Article, IndexedText]] = []
    for article in rows.iterator(chunk_size=batch_size):
        tag_names = [tag.name for tag in article.tags.all()]
        batch.append((article, indexed_text(article, tag_names)))
        if len(batch) >= batch_size:
            done += _write_batch(batch)
            batch = []
    if batch:
        done += _write_batch(batch)
    return done


@transaction.atomic
def _write_batch(batch: list[tuple[Article, IndexedText]]) -> int:
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
    return len(batch)


# --- querying ------------------------------------------------------------------


@dataclass(frozen=True)
class ParsedQuery:
    """A visitor's query, split into words and folded every way search needs.

    `variants`: per word, its lower-cased forms with Turkish and with English
    rules ("IHRACAT" is "ıhracat" in Turkish but most likely meant
    "ihracat"). `keys`: the words without diacritics, as in `search_text`.
    """

    text: str
    variants: tuple[tuple[str, ...], ...]
    keys: tuple[str, ...]

    def __bool__(self) -> bool:
        return bool(self.keys or self.variants)


def parse_query(query: str) -> ParsedQuery:
    query = " ".join((query or "")[:MAX_QUERY_LENGTH].split())
    variants = tuple(
        tuple(dict.fromkeys((lower(word, "tr"), lower(word, "en"))))
        for word in _WORD.findall(query)[:MAX_QUERY_WORDS]
    )
    keys = tuple(dict.fromkeys(words(query)))[:MAX_QUERY_WORDS]
    return ParsedQuery(text=lower(query), variants=variants, keys=keys)


def search(articles, query: str):
    """`articles` matching `query`, annotated with `search_rank`, best first.

    Filter `articles` before searching them: on PostgreSQL, near misses are
    looked for only when none of `articles` matches the query's words, which
    one query (EXISTS) tells at once. An empty query (or one without any
    word) leaves `articles` as they are.
    """
    parsed = parse_query(query)
    if not parsed:
        return articles
    if connection.vendor == "postgresql":
        articles = _postgresql_search(articles, parsed)
    else:
        articles = _simple_search(articles, parsed)
    return articles.order_by("-search_rank", "-published_at", "-pk")


def _tsquery(parsed: ParsedQuery):
    def plain(text, config):
        return SearchQuery(text, config=config, search_type="plain")

    turkish = reduce(
        and_,
        (
            reduce(or_, (plain(v, CONFIGS["tr"]) for v in word))
            for word in parsed.variants
        ),
    )
    english = reduce(and_, (plain(word[-1], CONFIGS["en"]) for word in parsed.variants))
    return turkish | english


def _postgresql_search(articles, parsed: ParsedQuery):
    full_text = trigram = None
    if parsed.variants:
        tsquery = _tsquery(parsed)
        full_text = Q(search_vector=tsquery)
        full_text_rank = SearchRank(F("search_vector"), tsquery, weights=RANK_WEIGHTS)
    long_keys = [k for k in parsed.keys if len(k) >= TRIGRAM_MIN_LENGTH]
    if long_keys:
        trigram = Q(
            *(TrigramWordSimilar(F("search_text"), Value(k)) for k in long_keys)
        )
        # A near miss found in the title (the part of search_text before the
        # first "|") ranks above one found only in the summary or tags.
        in_title = [
            Case(
                When(
                    LessThan(
                        StrIndex(F("search_text"), Value(key)),
                        StrIndex(F("search_text"), Value("|")),
                    )
                    & Q(search_text__contains=key),
                    then=Value(TRIGRAM_TITLE_BONUS),
                ),
                default=Value(0.0),
            )
            for key in long_keys
        ]
        trigram_rank = TRIGRAM_RANK_FACTOR * (
            TrigramWordSimilarity(Value(" ".join(long_keys)), "search_text")
            + reduce(lambda a, b: a + b, in_title)
        )
    if full_text is None and trigram is None:
        return articles.none()
    if trigram is None:
        return articles.filter(full_text).annotate(search_rank=full_text_rank)
    if full_text is None:
        return articles.filter(trigram).annotate(search_rank=trigram_rank)
    # Near misses (typos, missing diacritics) only when nothing matches the
    # words themselves, decided by one cheap query on the full-text index:
    # word_similarity() costs about ten times a full-text match per row, and
    # beside exact matches a near miss is noise. (In one query, as an OR
    # guarded by NOT EXISTS, the planner still rechecks every trigram
    # candidate.)
    exact = articles.filter(full_text)
    if exact.exists():
        return exact.annotate(search_rank=full_text_rank)
    return articles.filter(trigram).annotate(search_rank=trigram_rank)


def _simple_search(articles, parsed: ParsedQuery):
    # Every key is in search_text (filtered below), so its first position is
    # in the title exactly when it comes before the first section mark.
    if not parsed.keys:
        return articles.none()
    title_end = StrIndex("search_text", Value(f" {SECTION} "))
    rank = Value(0, output_field=IntegerField())
    for key in parsed.keys:
        articles = articles.filter(search_text__contains=f" {key}")
        position = StrIndex("search_text", Value(f" {key}"))
        rank = rank + Case(
            When(LessThan(position, title_end), then=Value(1)),
            default=Value(0),
            output_field=IntegerField(),
        )
    return articles.annotate(search_rank=rank)


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
