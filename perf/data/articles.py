"""National-scale knowledge base: 100,000 articles in Turkish and English
(95 % published, a fifth of them for members only), in a category tree,
tagged and indexed for search.

The words are perf.data.words'.
"""

import datetime as dt
import random

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from infospots.models import NaceSection, Province
from kms.accounts.models import Role, User
from kms.core.text import fold
from kms.knowledge.models import Article, Category, Tag
from kms.knowledge.search import reindex_articles

from .common import BATCH, PILOT_PLATES
from .words import (
    ENGLISH,
    TITLE_PATTERNS_EN,
    TITLE_PATTERNS_TR,
    TURKISH,
    fillers,
    text,
)

ARTICLES = 100_000
SLUG_PREFIX = "bench-"
AUTHOR = "benchmark@example.org"
MEMBER = "bench-member@example.org"


def loadtest_articles():
    return Article.objects.filter(slug__startswith=SLUG_PREFIX)


def categories() -> list[Category]:
    """Eight categories with three subcategories each, made once."""
    made = []
    for n in range(8):
        parent, _ = Category.objects.get_or_create(
            slug=f"bench-{n}",
            defaults={"name_tr": f"Kategori {n}", "name_en": f"Category {n}"},
        )
        made.append(parent)
        for m in range(3):
            child, _ = Category.objects.get_or_create(
                slug=f"bench-{n}-{m}",
                defaults={
                    "name_tr": f"Alt kategori {n}.{m}",
                    "name_en": f"Subcategory {n}.{m}",
                    "parent": parent,
                },
            )
            made.append(child)
    return made


def tags() -> dict[str, Tag]:
    """One tag per topic word, found by name: the demo's tags ("ihracat",
    "enerji") are reused, never made twice. A new tag's slug is the demo's
    rule (slugify(fold(name))), so that seed_demo finds it afterwards."""
    found = {}
    for word in dict.fromkeys(TURKISH + ENGLISH):
        tag = Tag.objects.filter(name=word).first()
        if tag is None:
            slug = slugify(fold(word)) or "tag"
            if Tag.objects.filter(slug=slug).exists():
                slug = f"{slug}-{len(found)}"
            tag = Tag.objects.create(name=word, slug=slug)
        found[word] = tag
    return found


class Articles:
    """Batches of 5,000 articles, each with its tags and sectors in one
    transaction; a second run makes only the slugs that are missing."""

    name = "articles"
    unit = "articles"

    def __init__(self, count: int = ARTICLES):
        self.count = count

    def missing(self) -> int:
        return max(0, self.count - loadtest_articles().count())

    def build(self, progress) -> None:
        rng = random.Random(4)  # noqa: S311 - test data
        author, _ = User.objects.get_or_create(
            email=AUTHOR, defaults={"role": Role.STAFF}
        )
        User.objects.get_or_create(email=MEMBER)
        tree = categories()
        by_word = tags()
        sections = list(NaceSection.objects.order_by("pk"))
        pilots = list(Province.objects.filter(plate__in=PILOT_PLATES).order_by("pk"))
        existing = set(loadtest_articles().values_list("slug", flat=True))
        vocabulary = fillers(rng)
        start = timezone.now() - dt.timedelta(days=3650)
        batch = []
        for n in range(self.count):
            english = rng.random() < 0.3
            words = ENGLISH if english else TURKISH
            patterns = TITLE_PATTERNS_EN if english else TITLE_PATTERNS_TR
            topic = rng.sample(words, 4)
            if rng.random() < 0.1:
                topic[0] = words[0]
            a, b, c = topic[:3]
            title = rng.choice(patterns).format(a=a, b=b, c=c, A=a.capitalize())
            summary = text(rng, topic, vocabulary, 24).capitalize() + "."
            body = text(rng, topic, vocabulary, rng.randint(80, 200))
            published = rng.random() < 0.95
            article_tags = [by_word[word] for word in topic[: rng.randint(1, 3)]]
            visibility = "members" if rng.random() < 0.2 else "public"
            read_count = int(rng.paretovariate(1.2) * 10)
            helpful = int(rng.paretovariate(1.5))
            category = rng.choice(tree)
            article_sections = set(rng.sample(sections, rng.randint(0, 2)))
            # Articles awaiting review go to a pilot province's queue (or,
            # without a province, to the managers').
            province = None if published else rng.choice([*pilots, None])
            slug = f"{SLUG_PREFIX}{n}"
            if slug not in existing:
                moment = start + dt.timedelta(minutes=52 * n)
                article = Article(
                    title=title[:200],
                    slug=slug,
                    summary=summary[:400],
                    body_markdown=body,
                    body_html=f"<p>{body}</p>",
                    language="en" if english else "tr",
                    category=category,
                    author=author,
                    visibility=visibility,
                    status="published" if published else "submitted",
                    published_at=moment if published else None,
                    submitted_at=None if published else moment,
                    province=province,
                    read_count=read_count,
                    helpful_yes=helpful,
                )
                batch.append((article, set(article_tags), article_sections))
            if len(batch) == BATCH:
                self.insert(batch)
                progress.update(len(batch))
                batch = []
        if batch:
            self.insert(batch)
            progress.update(len(batch))

    @transaction.atomic
    def insert(self, batch) -> None:
        created = Article.objects.bulk_create(article for article, _t, _s in batch)
        Article.tags.through.objects.bulk_create(
            Article.tags.through(article_id=article.pk, tag_id=tag.pk)
            for article, (_a, article_tags, _s) in zip(created, batch, strict=True)
            for tag in article_tags
        )
        Article.sectors.through.objects.bulk_create(
            Article.sectors.through(article_id=article.pk, nacesection_id=section.pk)
            for article, (_a, _t, article_sections) in zip(created, batch, strict=True)
            for section in article_sections
        )


class SearchIndex:
    """The search columns of every article not indexed yet, 2,000 at a time."""

    name = "search index"
    unit = "articles"

    def pending(self):
        return Article.objects.filter(search_text="")

    def missing(self) -> int:
        return self.pending().count()

    def build(self, progress) -> None:
        ids = list(self.pending().order_by("pk").values_list("pk", flat=True))
        step = 2000
        for start in range(0, len(ids), step):
            chunk = ids[start : start + step]
            reindex_articles(Article.objects.filter(pk__in=chunk), batch_size=step)
            progress.update(len(chunk))
