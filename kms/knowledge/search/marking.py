"""How matches are marked in what a page shows: titles and snippets."""

from collections.abc import Sequence

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from kms.core.text import words

from .query import WORD


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
        for m in WORD.finditer(text)
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
    tokens = [m.span() for m in WORD.finditer(text)]
    first = next(i for i, span in enumerate(tokens) if span == spans[0])
    start_token, stop_token = max(0, first - before), first + after
    start = tokens[start_token][0] if start_token > 0 else 0
    stop = tokens[stop_token][1] if stop_token < len(tokens) - 1 else len(text)
    marked = highlight(text[start:stop], keys)
    prefix = "… " if start_token > 0 else ""
    suffix = " …" if stop_token < len(tokens) - 1 else ""
    return mark_safe(f"{prefix}{marked}{suffix}")  # noqa: S308 - marked is escaped
