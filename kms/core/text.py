"""Turkish-aware text folding for search keys and duplicate detection.

The database's own lower() cannot be trusted with Turkish (its locale maps
I to i and leaves İ alone, see NOTES), and SQLite folds ASCII only; so keys
are folded here, in Python, at write time and at query time alike.
"""

import re
import unicodedata

_TURKISH_LOWER = str.maketrans({"I": "ı", "İ": "i"})
_ENGLISH_LOWER = str.maketrans({"İ": "i"})
_TO_ASCII = str.maketrans("çğıöşüâîû", "cgiosuaiu")
_NOT_ALNUM = re.compile(r"[^a-z0-9]+")
# Control characters (XML cannot carry them; e-mail headers break on them)
# and the bidirectional overrides that disguise a text's reading order.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u202a-\u202e\u2066-\u2069]")


def without_controls(text: str) -> str:
    """`text` without control characters; line breaks and tabs stay."""
    return _CONTROL.sub("", text)


def one_line(text: str) -> str:
    """`text` on one line: control characters count as spaces, runs of
    whitespace become one space."""
    return " ".join(_CONTROL.sub(" ", text).split())


def fold(text: str) -> str:
    """Lower-case with Turkish rules, then drop diacritics: 'İŞIK' -> 'isik'."""
    lowered = text.translate(_TURKISH_LOWER).lower().translate(_TO_ASCII)
    decomposed = unicodedata.normalize("NFKD", lowered)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def fold_key(text: str) -> str:
    """`text` folded, its whitespace runs as single spaces: the stored key
    that names and searches are matched on ('Gıda  KÜMESİ' -> 'gida kumesi')."""
    return " ".join(fold(text).split())


def lower(text: str, language: str = "tr") -> str:
    """Lower-case keeping diacritics: Turkish rules for Turkish text ('IŞIK' ->
    'ışık'), I -> i otherwise. Keeps the length of `text`, so offsets found in
    the result are offsets in `text`."""
    table = _TURKISH_LOWER if language == "tr" else _ENGLISH_LOWER
    return text.translate(table).lower()


def words(text: str) -> list[str]:
    """The folded alphanumeric words of `text`."""
    return [w for w in _NOT_ALNUM.split(fold(text)) if w]
