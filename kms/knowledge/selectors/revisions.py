"""Reads of article revisions: the list and a side-by-side comparison.

The comparison is plain data (lines split into changed and unchanged
pieces); templates escape every piece, so nothing an author typed is ever
marked safe.
"""

import re
from dataclasses import dataclass
from difflib import SequenceMatcher

from django.utils.translation import gettext_lazy as _

from ..models import Article, ArticleLanguage, ArticleRevision, Visibility

# Unchanged lines shown around each change.
CONTEXT_LINES = 3
_TOKENS = re.compile(r"\w+|\s+|[^\w\s]")


@dataclass(frozen=True)
class Piece:
    text: str
    changed: bool


@dataclass(frozen=True)
class DiffRow:
    """One line of the side-by-side table.

    kind: "equal", "changed" (both sides), "removed" (left only), "added"
    (right only) or "gap" (unchanged lines left out).
    """

    kind: str
    left_number: int | None = None
    left: tuple[Piece, ...] = ()
    right_number: int | None = None
    right: tuple[Piece, ...] = ()


@dataclass(frozen=True)
class FieldDiff:
    label: str
    rows: tuple[DiffRow, ...]

    @property
    def changed(self) -> bool:
        return bool(self.rows)


@dataclass(frozen=True)
class RevisionComparison:
    left: ArticleRevision
    right: ArticleRevision
    fields: tuple[FieldDiff, ...]


INLINE_DIFF_MAX_PAIRS = 250_000


def article_revisions(*, article: Article):
    """An article's revisions, newest first, with their editors."""
    return article.revisions.select_related("editor", "category").order_by("-number")


def _inline(old: str, new: str) -> tuple[tuple[Piece, ...], tuple[Piece, ...]]:
    """Both sides of a changed line, with the changed words marked."""
    a, b = _TOKENS.findall(old), _TOKENS.findall(new)
    if len(a) * len(b) > INLINE_DIFF_MAX_PAIRS:
        # Word-level matching is quadratic: a very long line is shown whole.
        return (Piece(old, True),), (Piece(new, True),)
    left, right = [], []
    for tag, i1, i2, j1, j2 in SequenceMatcher(
        None, a, b, autojunk=False
    ).get_opcodes():
        changed = tag != "equal"
        if i2 > i1:
            left.append(Piece("".join(a[i1:i2]), changed))
        if j2 > j1:
            right.append(Piece("".join(b[j1:j2]), changed))
    return tuple(left), tuple(right)


def _rows(tag, a, b, i1, i2, j1, j2):
    if tag == "equal":
        for k in range(i2 - i1):
            yield DiffRow(
                "equal",
                i1 + k + 1,
                (Piece(a[i1 + k], False),),
                j1 + k + 1,
                (Piece(b[j1 + k], False),),
            )
        return
    for k in range(max(i2 - i1, j2 - j1)):
        old = a[i1 + k] if i1 + k < i2 else None
        new = b[j1 + k] if j1 + k < j2 else None
        if old is not None and new is not None:
            left, right = _inline(old, new)
            yield DiffRow("changed", i1 + k + 1, left, j1 + k + 1, right)
        elif old is not None:
            yield DiffRow("removed", left_number=i1 + k + 1, left=(Piece(old, True),))
        else:
            yield DiffRow("added", right_number=j1 + k + 1, right=(Piece(new, True),))


def diff_lines(old: str, new: str) -> tuple[DiffRow, ...]:
    """Side-by-side rows of the lines that differ, with some context; empty
    when the texts are equal."""
    a, b = old.splitlines(), new.splitlines()
    if a == b:
        return ()
    # Past a few thousand lines, let difflib skip very frequent lines (blank
    # ones) as junk, which keeps the comparison near linear.
    matcher = SequenceMatcher(None, a, b, autojunk=len(a) + len(b) > 2000)
    rows = []
    groups = list(matcher.get_grouped_opcodes(CONTEXT_LINES))
    for index, group in enumerate(groups):
        _tag, i1, _i2, j1, _j2 = group[0]
        if index > 0 or i1 > 0 or j1 > 0:
            rows.append(DiffRow("gap"))
        for opcode in group:
            rows.extend(_rows(opcode[0], a, b, *opcode[1:]))
    _tag, _i1, i2, _j1, j2 = groups[-1][-1]
    if i2 < len(a) or j2 < len(b):
        rows.append(DiffRow("gap"))
    return tuple(rows)


def _field_texts(revision: ArticleRevision) -> list[tuple[str, str]]:
    return [
        (_("Title"), revision.title),
        (_("Summary"), revision.summary),
        (_("Text (Markdown)"), revision.body_markdown),
        (_("Language"), str(ArticleLanguage(revision.language).label)),
        (_("Category"), str(revision.category)),
        (_("Visibility"), str(Visibility(revision.visibility).label)),
        (_("Tags"), revision.tag_names),
    ]


def revision_compare(
    *, left: ArticleRevision, right: ArticleRevision
) -> RevisionComparison:
    """Every field of two revisions side by side, `left` as the older one."""
    fields = tuple(
        FieldDiff(label=label, rows=diff_lines(old, new))
        for (label, old), (_label, new) in zip(
            _field_texts(left), _field_texts(right), strict=True
        )
    )
    return RevisionComparison(left=left, right=right, fields=fields)
