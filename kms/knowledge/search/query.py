"""A visitor's query, split into words and folded every way search needs."""

import re
from dataclasses import dataclass

from kms.core.text import lower, words

CONFIGS = {"tr": "turkish", "en": "english"}
MAX_QUERY_WORDS = 10
MAX_QUERY_LENGTH = 200
SECTION = "|"
WORD = re.compile(r"[^\W_]+")


def key_of(word: str) -> str:
    """A word without diacritics, as `search_text` and the vocabulary key it."""
    return "".join(words(word))


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
            key=key_of(word),
            shown=lower(word),
        )
        for word in WORD.findall(query)[:MAX_QUERY_WORDS]
    )
    return ParsedQuery(text=lower(query), words=tuple(dict.fromkeys(found)))
