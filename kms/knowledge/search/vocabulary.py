"""The vocabulary (`SearchWord`): the words of published articles that a word
matching nothing is corrected to, and how it is kept."""

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, replace

from django.db import connection, transaction
from django.db.models.functions import Length

from ..models import Article, SearchWord, Visibility
from .query import SECTION, ParsedQuery, QueryWord, key_of

WORD_MAX_LENGTH = SearchWord._meta.get_field("word").max_length
# Shorter words have too few trigrams to be told apart from noise.
TRIGRAM_MIN_LENGTH = 3
# pg_trgm similarity from which a vocabulary word is taken for a query word:
# "verimlilk"/"verimlilik" 0.62, "kmelenme"/"kumelenme" 0.58, "fuarr"/"fuar"
# 0.57; unrelated words of the same length stay below 0.3.
SIMILARITY_MIN = 0.45
# Vocabulary words compared with one query word (the closest first).
NEAREST_WORDS = 10
_DIGITS = re.compile(r"^[0-9]+$")


def is_published(article: Article) -> bool:
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
    rows = [(word, key_of(word)) for word in sorted(found)]
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
    if is_published(article):
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
            if (key := key_of(word))
        ),
        batch_size=2000,
        # An article saved meanwhile may add one of these words first.
        ignore_conflicts=True,
    )
    return len(created)


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
