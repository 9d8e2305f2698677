"""Search corrects a misspelt word through a vocabulary instead of comparing
it with every article; the reads whose cost grew with the corpus get
indexes (docs/loadtests/search.md)."""

import re
from collections import Counter

from django.conf import settings
from django.db import migrations, models

from kms.core.text import words

# The trigram index on articles served near misses; the vocabulary's now does.
ARTICLE_TRIGRAM_INDEX = (
    "CREATE INDEX IF NOT EXISTS kms_article_search_text_trgm "
    "ON kms_article USING gin (search_text gin_trgm_ops)"
)
VOCABULARY_TRIGRAM_INDEX = (
    "CREATE INDEX IF NOT EXISTS knowledge_searchword_key_trgm "
    "ON knowledge_searchword USING gin (key gin_trgm_ops)"
)
# Related articles: the newest (highest ids) sharing a tag or a sector, read
# from the index alone.
THROUGH_INDEXES = [
    (
        "CREATE INDEX kms_article_tags_tag_article "
        "ON kms_article_tags (tag_id, article_id)",
        "DROP INDEX kms_article_tags_tag_article",
    ),
    (
        "CREATE INDEX kms_article_sectors_sector_article "
        "ON kms_article_sectors (nacesection_id, article_id)",
        "DROP INDEX kms_article_sectors_sector_article",
    ),
]
WORD_MAX_LENGTH = 60
_SECTION = "|"
_DIGITS = re.compile(r"^[0-9]+$")


def trigram_indexes(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS kms_article_search_text_trgm")
        schema_editor.execute(VOCABULARY_TRIGRAM_INDEX)


def trigram_indexes_back(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS knowledge_searchword_key_trgm")
        schema_editor.execute(ARTICLE_TRIGRAM_INDEX)


def fill_vocabulary(apps, schema_editor):
    """The vocabulary of the articles published so far (a copy of
    kms.knowledge.search.rebuild_search_words as it is now: a migration
    does not import the app's code)."""
    Article = apps.get_model("knowledge", "Article")
    SearchWord = apps.get_model("knowledge", "SearchWord")
    counts: Counter = Counter()
    public: set[str] = set()
    rows = Article.objects.filter(
        status="published", published_at__isnull=False
    ).values_list("search_text", "visibility")
    for search_text, visibility in rows.iterator(chunk_size=2000):
        found = {
            token
            for token in search_text.split()
            if token != _SECTION
            and len(token) <= WORD_MAX_LENGTH
            and not _DIGITS.match(token)
        }
        counts.update(found)
        if visibility == "public":
            public |= found
    SearchWord.objects.bulk_create(
        (
            SearchWord(
                word=word,
                key="".join(words(word)),
                articles=n,
                public=word in public,
            )
            for word, n in counts.items()
            if "".join(words(word))
        ),
        batch_size=2000,
    )


class Migration(migrations.Migration):
    dependencies = [
        ("infospots", "0009_service_date_and_figures_year_not_future"),
        ("knowledge", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="SearchWord",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True,
                        primary_key=True,
                        serialize=False,
                        verbose_name="ID",
                    ),
                ),
                (
                    "word",
                    models.CharField(max_length=60, unique=True, verbose_name="word"),
                ),
                (
                    "key",
                    models.CharField(db_index=True, max_length=60, verbose_name="key"),
                ),
                (
                    "articles",
                    models.PositiveIntegerField(default=0, verbose_name="articles"),
                ),
                (
                    "public",
                    models.BooleanField(
                        default=False, verbose_name="in a public article"
                    ),
                ),
            ],
            options={
                "verbose_name": "search word",
                "verbose_name_plural": "search words",
            },
        ),
        migrations.AddIndex(
            model_name="article",
            index=models.Index(
                condition=models.Q(("status", "published")),
                fields=["category", "-published_at", "-id"],
                name="kms_article_category_new_idx",
            ),
        ),
        migrations.AddIndex(
            model_name="article",
            index=models.Index(
                condition=models.Q(("status", "published")),
                fields=["-updated_at"],
                name="kms_article_updated_idx",
            ),
        ),
        *(migrations.RunSQL(sql, reverse) for sql, reverse in THROUGH_INDEXES),
        migrations.RunPython(trigram_indexes, trigram_indexes_back),
        migrations.RunPython(fill_vocabulary, migrations.RunPython.noop),
    ]
