"""What is indexed for each article: its search columns (see the package's
docstring), computed on every save and in bulk by `reindex_articles`."""

import html
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.contrib.postgres.search import SearchVector
from django.db import connection, transaction
from django.db.models import (
    Value,
)
from django.utils.html import strip_tags

from kms.core.text import fold, lower, words

from ..models import Article, Visibility
from .query import CONFIGS, SECTION, WORD
from .vocabulary import (
    add_search_words,
    index_words,
    is_published,
    rebuild_search_words,
)

_BLOCK_TAG = re.compile(
    r"</?(?:p|div|li|h[1-6]|t[dhr]|br|blockquote|pre|[ou]l|table)\b"
)


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
        for word in WORD.findall(lower(f"{title} {rest}", language))
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
            if is_published(article)
        )
    return len(batch)
