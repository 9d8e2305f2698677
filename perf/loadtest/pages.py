"""The page list (pages.toml) and the search mix, read and checked."""

import string
import tomllib
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote_plus

HERE = Path(__file__).resolve().parent
PAGES_FILE = HERE / "pages.toml"
ACTORS = ("visitor", "staff", "manager")
QUERY = "query"


class PageListError(ValueError):
    pass


@dataclass(frozen=True)
class Page:
    label: str
    actor: str
    url: str
    target: float
    max_p99_ms: float | None = None
    mix: Path | None = None

    @property
    def names(self) -> set[str]:
        """The {names} of its URL."""
        return {
            name
            for _text, name, _spec, _conv in string.Formatter().parse(self.url)
            if name
        }

    def paths(self, values: dict[str, str], queries: list[str] = ()) -> list[str]:
        """The paths to request: one, or one per query of the mix."""
        if self.mix is None:
            return [self.url.format(**values)]
        return [self.url.format(**values, query=quote_plus(q)) for q in queries]


def load_pages(path: Path = PAGES_FILE, *, known: set[str] | None = None) -> list[Page]:
    """The pages of `path`, checked: a known actor, a path, a positive
    target, a mix file that exists exactly when the URL takes {query}, and
    (given `known`) only names that can be filled."""
    with path.open("rb") as file:
        entries = tomllib.load(file).get("page", [])
    if not entries:
        raise PageListError(f"{path}: no [[page]] entries")
    pages = []
    for number, entry in enumerate(entries, start=1):
        where = f"{path.name}, page {number} ({entry.get('label', '?')})"
        unknown = set(entry) - {"label", "actor", "url", "target", "max_p99_ms", "mix"}
        if unknown:
            raise PageListError(f"{where}: unknown keys {sorted(unknown)}")
        try:
            page = Page(
                label=str(entry["label"]),
                actor=entry["actor"],
                url=entry["url"],
                target=float(entry["target"]),
                max_p99_ms=entry.get("max_p99_ms"),
                mix=path.parent / entry["mix"] if "mix" in entry else None,
            )
        except KeyError as missing:
            raise PageListError(f"{where}: {missing} is missing") from None
        if page.actor not in ACTORS:
            raise PageListError(f"{where}: actor must be one of {ACTORS}")
        if not page.url.startswith("/"):
            raise PageListError(f"{where}: the url must be a path starting with /")
        if page.target <= 0:
            raise PageListError(f"{where}: the target must be positive")
        if (QUERY in page.names) != (page.mix is not None):
            raise PageListError(f"{where}: {{query}} and mix go together")
        if page.mix is not None and not page.mix.is_file():
            raise PageListError(f"{where}: no mix file {page.mix}")
        if known is not None and page.names - {QUERY} - known:
            raise PageListError(
                f"{where}: unknown names {sorted(page.names - {QUERY} - known)}"
            )
        pages.append(page)
    return pages


def load_mix(path: Path) -> list[str]:
    """The queries of a mix file: one a line; blank lines and # comments
    are skipped."""
    queries = []
    for line in path.read_text(encoding="utf-8").splitlines():
        query = line.strip()
        if query and not query.startswith("#"):
            queries.append(query)
    return queries
