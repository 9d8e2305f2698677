"""Search of the knowledge base: what is indexed for each article, how a query
finds and ranks articles, and how matches are marked in what a page shows.

Case is folded here, in Python, at index time and at query time alike: the
database's lower() maps I to i and leaves İ alone (NOTES), so "İSTANBUL" and
"istanbul" would never meet there.

PostgreSQL
    `search_vector`: title (weight A), summary and tag names (B) and the body
    as plain text (C), lower-cased with the rules of the article's language
    and parsed with the `turkish` or `english` configuration; GIN-indexed.
    A query matches when the vector matches all its words parsed with the
    one or the other configuration (a stop word of one drops out of it);
    ranked by ts_rank.
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

Modules: `query` (parsing), `indexing` (the search columns), `vocabulary`
(the words and the correction), `finding` (the search itself), `marking`
(titles and snippets); what other modules use is imported here.
"""

from .finding import (
    NEWEST,
    POOL_SIZE,
    RANK_WEIGHTS,
    WINDOWS,
    SearchResult,
    Sort,
    matching,
    search,
)
from .indexing import (
    IndexedText,
    body_text,
    index_article,
    indexed_text,
    reindex_articles,
    search_text_for,
)
from .marking import excerpt, highlight
from .query import CONFIGS, SECTION, ParsedQuery, QueryWord, parse_query
from .vocabulary import (
    add_search_words,
    correct,
    index_words,
    rebuild_search_words,
    similarity,
    trigrams,
    vocabulary_of,
)

__all__ = [
    "CONFIGS",
    "NEWEST",
    "POOL_SIZE",
    "RANK_WEIGHTS",
    "SECTION",
    "WINDOWS",
    "IndexedText",
    "ParsedQuery",
    "QueryWord",
    "SearchResult",
    "Sort",
    "add_search_words",
    "body_text",
    "correct",
    "excerpt",
    "highlight",
    "index_article",
    "index_words",
    "indexed_text",
    "matching",
    "parse_query",
    "rebuild_search_words",
    "reindex_articles",
    "search",
    "search_text_for",
    "similarity",
    "trigrams",
    "vocabulary_of",
]
