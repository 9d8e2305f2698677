"""A database of an earlier version migrates forward without losing a row.

The knowledge base moved from the `kms` app to its own (`knowledge`, same
tables): kms.0005 and knowledge.0001 move the models' state, not the rows.

- `tests/data/demo-before-knowledge-app.sql.gz` is the SQLite database that
  `migrate` and `seed_demo` of commit 3eea7ad (before the move) left: this
  version's `migrate` takes it forward in a separate process, and every
  row of the knowledge base is still there, under content types that
  follow the models.
- On the database the suite runs on (PostgreSQL in CI), the move is undone
  and done again over rows the current code wrote.
"""

import gzip
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from kms.knowledge.models import Article, Comment, Tag
from tests.factories import ArticleFactory, CommentFactory

ROOT = Path(__file__).resolve().parent.parent
OLD_DEMO = ROOT / "tests" / "data" / "demo-before-knowledge-app.sql.gz"

KNOWLEDGE_TABLES = (
    "kms_category",
    "kms_tag",
    "kms_article",
    "kms_article_tags",
    "kms_article_sectors",
    "kms_articlerevision",
    "kms_attachment",
    "kms_helpfulvote",
    "kms_comment",
    "kms_commentflag",
    "kms_bookmark",
    "kms_follow",
)
KNOWLEDGE_MODELS = (
    "article",
    "articlerevision",
    "attachment",
    "bookmark",
    "category",
    "comment",
    "commentflag",
    "follow",
    "helpfulvote",
    "searchword",
    "tag",
)


def counts(db: sqlite3.Connection) -> dict[str, int]:
    return {
        table: db.execute(f"SELECT count(*) FROM {table}").fetchone()[0]  # noqa: S608
        for table in KNOWLEDGE_TABLES
    }


def content_types(db: sqlite3.Connection, app_label: str) -> list[str]:
    rows = db.execute(
        "SELECT model FROM django_content_type WHERE app_label = ? ORDER BY model",
        [app_label],
    )
    return [model for (model,) in rows]


def test_the_demo_database_of_the_previous_version_migrates_forward(tmp_path):
    path = tmp_path / "demo.sqlite3"
    with sqlite3.connect(path) as db:
        db.executescript(gzip.decompress(OLD_DEMO.read_bytes()).decode())
        before = counts(db)
        permissions = db.execute(
            "SELECT id, codename, content_type_id FROM auth_permission ORDER BY id"
        ).fetchall()
    assert before["kms_article"] == 52  # the demo's articles, as seeded then

    environment = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DATABASE_URL", "REDIS_URL"}
    }
    environment.update(DEBUG="true", DATABASE_URL=f"sqlite:///{path}")
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--no-input", "-v0"],
        cwd=ROOT,
        env=environment,
        check=True,
        timeout=300,
    )

    with sqlite3.connect(path) as db:
        assert counts(db) == before
        assert content_types(db, "knowledge") == list(KNOWLEDGE_MODELS)
        assert content_types(db, "kms") == ["user"]
        # Permissions kept their rows (and so every group and user holding
        # them): their content types were renamed, not replaced.
        kept = db.execute(
            "SELECT id, codename, content_type_id FROM auth_permission "
            "WHERE id <= ? ORDER BY id",
            [permissions[-1][0]],
        ).fetchall()
        assert kept == permissions
        tagged = db.execute(
            "SELECT count(DISTINCT article_id) FROM kms_article_tags"
        ).fetchone()[0]
    assert tagged > 0


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)


@pytest.mark.django_db(transaction=True)
def test_moving_the_knowledge_base_back_and_forth_keeps_every_row(reference_data):
    comment = CommentFactory(article=ArticleFactory())
    tag = Tag.objects.create(name="ihracat", slug="ihracat")
    comment.article.tags.add(tag)
    group = Group.objects.create(name="editors")
    group.permissions.add(Permission.objects.get(codename="change_article"))
    leaves = MigrationExecutor(connection).loader.graph.leaf_nodes()

    migrate([("kms", "0004_article_sort_indexes"), ("knowledge", None)])
    ContentType.objects.clear_cache()
    assert ContentType.objects.filter(app_label="kms", model="article").exists()

    migrate(leaves)
    ContentType.objects.clear_cache()
    assert Article.objects.get().tags.get() == tag
    assert Comment.objects.get().body == comment.body
    assert ContentType.objects.get_for_model(Article).app_label == "knowledge"
    assert group.permissions.get().content_type.model_class() is Article
