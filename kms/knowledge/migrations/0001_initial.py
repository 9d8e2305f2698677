"""The knowledge base as its own app, over the tables it had in `kms`.

The models were created by kms.0002-0004; this migration only takes them
into the `knowledge` app's state (the tables keep their `kms_` names and
every row), and renames their content types so that permissions, admin
history and anything else keyed by content type follow the models.
kms.0005 drops them from the `kms` app's state.
"""

import django.contrib.postgres.search
import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

import kms.knowledge.models

MODELS = (
    "category",
    "tag",
    "article",
    "articlerevision",
    "attachment",
    "helpfulvote",
    "comment",
    "commentflag",
    "bookmark",
    "follow",
)


def _move_content_types(apps, schema_editor, source, target):
    content_types = apps.get_model("contenttypes", "ContentType").objects.using(
        schema_editor.connection.alias
    )
    # A type already created under the new label (say by a `migrate` that
    # stopped half-way) wins; the old one is then left for
    # remove_stale_contenttypes.
    taken = set(
        content_types.filter(app_label=target, model__in=MODELS).values_list(
            "model", flat=True
        )
    )
    content_types.filter(app_label=source, model__in=set(MODELS) - taken).update(
        app_label=target
    )


def content_types_to_knowledge(apps, schema_editor):
    _move_content_types(apps, schema_editor, "kms", "knowledge")


def content_types_to_kms(apps, schema_editor):
    _move_content_types(apps, schema_editor, "knowledge", "kms")


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("infospots", "0009_service_date_and_figures_year_not_future"),
        ("kms", "0004_article_sort_indexes"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="Tag",
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
                            "name",
                            models.CharField(
                                max_length=60, unique=True, verbose_name="name"
                            ),
                        ),
                        (
                            "slug",
                            models.SlugField(
                                max_length=60, unique=True, verbose_name="slug"
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "tag",
                        "verbose_name_plural": "tags",
                        "db_table": "kms_tag",
                        "ordering": ["name"],
                    },
                ),
                migrations.CreateModel(
                    name="Article",
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
                            "title",
                            models.CharField(max_length=200, verbose_name="title"),
                        ),
                        (
                            "slug",
                            models.SlugField(
                                max_length=220, unique=True, verbose_name="slug"
                            ),
                        ),
                        (
                            "summary",
                            models.CharField(max_length=400, verbose_name="summary"),
                        ),
                        (
                            "body_markdown",
                            models.TextField(verbose_name="text (Markdown)"),
                        ),
                        ("body_html", models.TextField(default="", editable=False)),
                        (
                            "language",
                            models.CharField(
                                choices=[("tr", "Turkish"), ("en", "English")],
                                max_length=2,
                                verbose_name="language",
                            ),
                        ),
                        (
                            "organisation",
                            models.CharField(
                                blank=True, max_length=200, verbose_name="organisation"
                            ),
                        ),
                        (
                            "visibility",
                            models.CharField(
                                choices=[
                                    ("public", "Public"),
                                    ("members", "Members only"),
                                ],
                                default="public",
                                max_length=8,
                                verbose_name="visibility",
                            ),
                        ),
                        (
                            "status",
                            models.CharField(
                                choices=[
                                    ("draft", "Draft"),
                                    ("submitted", "Awaiting review"),
                                    ("returned", "Returned to the author"),
                                    ("published", "Published"),
                                ],
                                db_index=True,
                                default="draft",
                                max_length=10,
                                verbose_name="status",
                            ),
                        ),
                        (
                            "published_at",
                            models.DateTimeField(
                                blank=True, null=True, verbose_name="published at"
                            ),
                        ),
                        (
                            "created_at",
                            models.DateTimeField(
                                auto_now_add=True, verbose_name="added at"
                            ),
                        ),
                        (
                            "updated_at",
                            models.DateTimeField(
                                auto_now=True, verbose_name="last update"
                            ),
                        ),
                        (
                            "read_count",
                            models.PositiveIntegerField(
                                default=0, editable=False, verbose_name="reads"
                            ),
                        ),
                        (
                            "submitted_at",
                            models.DateTimeField(
                                blank=True, null=True, verbose_name="submitted at"
                            ),
                        ),
                        (
                            "reviewed_at",
                            models.DateTimeField(
                                blank=True, null=True, verbose_name="reviewed at"
                            ),
                        ),
                        (
                            "return_reason",
                            models.TextField(
                                blank=True, verbose_name="reason for returning"
                            ),
                        ),
                        (
                            "helpful_yes",
                            models.PositiveIntegerField(default=0, editable=False),
                        ),
                        (
                            "helpful_no",
                            models.PositiveIntegerField(default=0, editable=False),
                        ),
                        (
                            "review_flagged_at",
                            models.DateTimeField(blank=True, editable=False, null=True),
                        ),
                        ("search_text", models.TextField(default="", editable=False)),
                        (
                            "search_vector",
                            django.contrib.postgres.search.SearchVectorField(
                                editable=False, null=True
                            ),
                        ),
                        (
                            "author",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="articles",
                                to=settings.AUTH_USER_MODEL,
                                verbose_name="author",
                            ),
                        ),
                        (
                            "province",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="articles",
                                to="infospots.province",
                                verbose_name="province",
                            ),
                        ),
                        (
                            "reviewed_by",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="reviewed_articles",
                                to=settings.AUTH_USER_MODEL,
                                verbose_name="reviewed by",
                            ),
                        ),
                        (
                            "sectors",
                            models.ManyToManyField(
                                blank=True,
                                db_table="kms_article_sectors",
                                related_name="articles",
                                to="infospots.nacesection",
                                verbose_name="sectors",
                            ),
                        ),
                        (
                            "translation_of",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="translations",
                                to="knowledge.article",
                                verbose_name="same article in the other language",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "article",
                        "verbose_name_plural": "articles",
                        "db_table": "kms_article",
                        "ordering": ["-published_at", "-pk"],
                    },
                ),
                migrations.CreateModel(
                    name="Attachment",
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
                            "original_name",
                            models.CharField(max_length=255, verbose_name="file name"),
                        ),
                        (
                            "content_type",
                            models.CharField(
                                max_length=120, verbose_name="content type"
                            ),
                        ),
                        (
                            "size",
                            models.PositiveBigIntegerField(verbose_name="size (bytes)"),
                        ),
                        (
                            "file",
                            models.FileField(
                                max_length=200,
                                upload_to=kms.knowledge.models.attachment_path,
                                verbose_name="file",
                            ),
                        ),
                        (
                            "created_at",
                            models.DateTimeField(
                                auto_now_add=True, verbose_name="uploaded at"
                            ),
                        ),
                        (
                            "article",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="attachments",
                                to="knowledge.article",
                                verbose_name="article",
                            ),
                        ),
                        (
                            "uploaded_by",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                                verbose_name="uploaded by",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "attachment",
                        "verbose_name_plural": "attachments",
                        "db_table": "kms_attachment",
                        "ordering": ["article", "pk"],
                    },
                ),
                migrations.CreateModel(
                    name="Category",
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
                            "name_tr",
                            models.CharField(
                                max_length=120, verbose_name="name (Turkish)"
                            ),
                        ),
                        (
                            "name_en",
                            models.CharField(
                                max_length=120, verbose_name="name (English)"
                            ),
                        ),
                        (
                            "slug",
                            models.SlugField(
                                max_length=80, unique=True, verbose_name="slug"
                            ),
                        ),
                        (
                            "position",
                            models.PositiveSmallIntegerField(
                                default=0, verbose_name="position"
                            ),
                        ),
                        (
                            "parent",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="children",
                                to="knowledge.category",
                                verbose_name="parent category",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "category",
                        "verbose_name_plural": "categories",
                        "db_table": "kms_category",
                        "ordering": ["position", "slug"],
                    },
                ),
                migrations.AddField(
                    model_name="article",
                    name="category",
                    field=models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="articles",
                        to="knowledge.category",
                        verbose_name="category",
                    ),
                ),
                migrations.CreateModel(
                    name="Comment",
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
                            "body",
                            models.TextField(max_length=2000, verbose_name="comment"),
                        ),
                        (
                            "status",
                            models.CharField(
                                choices=[
                                    ("visible", "Visible"),
                                    ("hidden", "Hidden by a moderator"),
                                ],
                                db_index=True,
                                default="visible",
                                max_length=8,
                                verbose_name="status",
                            ),
                        ),
                        (
                            "flag_count",
                            models.PositiveIntegerField(default=0, editable=False),
                        ),
                        (
                            "moderated_at",
                            models.DateTimeField(
                                blank=True, null=True, verbose_name="moderated at"
                            ),
                        ),
                        (
                            "created_at",
                            models.DateTimeField(
                                auto_now_add=True, verbose_name="written at"
                            ),
                        ),
                        (
                            "article",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="comments",
                                to="knowledge.article",
                                verbose_name="article",
                            ),
                        ),
                        (
                            "author",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="article_comments",
                                to=settings.AUTH_USER_MODEL,
                                verbose_name="author",
                            ),
                        ),
                        (
                            "moderated_by",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                                verbose_name="moderated by",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "comment",
                        "verbose_name_plural": "comments",
                        "db_table": "kms_comment",
                        "ordering": ["article", "created_at", "pk"],
                    },
                ),
                migrations.CreateModel(
                    name="CommentFlag",
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
                            "reason",
                            models.CharField(
                                blank=True, max_length=300, verbose_name="reason"
                            ),
                        ),
                        (
                            "created_at",
                            models.DateTimeField(
                                auto_now_add=True, verbose_name="flagged at"
                            ),
                        ),
                        (
                            "comment",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="flags",
                                to="knowledge.comment",
                                verbose_name="comment",
                            ),
                        ),
                        (
                            "user",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                                verbose_name="flagged by",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "comment flag",
                        "verbose_name_plural": "comment flags",
                        "db_table": "kms_commentflag",
                    },
                ),
                migrations.CreateModel(
                    name="HelpfulVote",
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
                        ("helpful", models.BooleanField(verbose_name="helpful")),
                        (
                            "reason",
                            models.CharField(
                                blank=True, max_length=500, verbose_name="reason"
                            ),
                        ),
                        (
                            "created_at",
                            models.DateTimeField(
                                auto_now_add=True, verbose_name="voted at"
                            ),
                        ),
                        ("updated_at", models.DateTimeField(auto_now=True)),
                        (
                            "article",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="votes",
                                to="knowledge.article",
                                verbose_name="article",
                            ),
                        ),
                        (
                            "user",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="helpful_votes",
                                to=settings.AUTH_USER_MODEL,
                                verbose_name="user",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "helpful vote",
                        "verbose_name_plural": "helpful votes",
                        "db_table": "kms_helpfulvote",
                    },
                ),
                migrations.CreateModel(
                    name="Follow",
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
                            "created_at",
                            models.DateTimeField(
                                auto_now_add=True, verbose_name="followed since"
                            ),
                        ),
                        (
                            "last_digest_at",
                            models.DateTimeField(
                                blank=True, null=True, verbose_name="last digest"
                            ),
                        ),
                        (
                            "category",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="follows",
                                to="knowledge.category",
                                verbose_name="category",
                            ),
                        ),
                        (
                            "user",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="follows",
                                to=settings.AUTH_USER_MODEL,
                                verbose_name="user",
                            ),
                        ),
                        (
                            "tag",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="follows",
                                to="knowledge.tag",
                                verbose_name="tag",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "follow",
                        "verbose_name_plural": "follows",
                        "db_table": "kms_follow",
                    },
                ),
                migrations.AddField(
                    model_name="article",
                    name="tags",
                    field=models.ManyToManyField(
                        blank=True,
                        db_table="kms_article_tags",
                        related_name="articles",
                        to="knowledge.tag",
                        verbose_name="tags",
                    ),
                ),
                migrations.CreateModel(
                    name="Bookmark",
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
                            "created_at",
                            models.DateTimeField(
                                auto_now_add=True, verbose_name="saved at"
                            ),
                        ),
                        (
                            "article",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="bookmarks",
                                to="knowledge.article",
                                verbose_name="article",
                            ),
                        ),
                        (
                            "user",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="bookmarks",
                                to=settings.AUTH_USER_MODEL,
                                verbose_name="user",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "bookmark",
                        "verbose_name_plural": "bookmarks",
                        "db_table": "kms_bookmark",
                        "ordering": ["-created_at", "-pk"],
                        "constraints": [
                            models.UniqueConstraint(
                                fields=("user", "article"),
                                name="kms_one_bookmark_per_article",
                            )
                        ],
                    },
                ),
                migrations.CreateModel(
                    name="ArticleRevision",
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
                            "number",
                            models.PositiveIntegerField(verbose_name="revision"),
                        ),
                        (
                            "title",
                            models.CharField(max_length=200, verbose_name="title"),
                        ),
                        (
                            "summary",
                            models.CharField(max_length=400, verbose_name="summary"),
                        ),
                        (
                            "body_markdown",
                            models.TextField(verbose_name="text (Markdown)"),
                        ),
                        (
                            "language",
                            models.CharField(
                                choices=[("tr", "Turkish"), ("en", "English")],
                                max_length=2,
                                verbose_name="language",
                            ),
                        ),
                        (
                            "visibility",
                            models.CharField(
                                choices=[
                                    ("public", "Public"),
                                    ("members", "Members only"),
                                ],
                                max_length=8,
                                verbose_name="visibility",
                            ),
                        ),
                        (
                            "tag_names",
                            models.TextField(blank=True, verbose_name="tags"),
                        ),
                        (
                            "note",
                            models.CharField(
                                blank=True, max_length=200, verbose_name="note"
                            ),
                        ),
                        (
                            "created_at",
                            models.DateTimeField(
                                auto_now_add=True, verbose_name="saved at"
                            ),
                        ),
                        (
                            "article",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="revisions",
                                to="knowledge.article",
                                verbose_name="article",
                            ),
                        ),
                        (
                            "editor",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                                verbose_name="edited by",
                            ),
                        ),
                        (
                            "category",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to="knowledge.category",
                                verbose_name="category",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "revision",
                        "verbose_name_plural": "revisions",
                        "db_table": "kms_articlerevision",
                        "ordering": ["article", "-number"],
                        "constraints": [
                            models.UniqueConstraint(
                                fields=("article", "number"),
                                name="kms_revision_number_unique",
                            )
                        ],
                    },
                ),
                migrations.AddIndex(
                    model_name="comment",
                    index=models.Index(
                        fields=["status", "flag_count"],
                        name="kms_comment_status_d77bd7_idx",
                    ),
                ),
                migrations.AddConstraint(
                    model_name="commentflag",
                    constraint=models.UniqueConstraint(
                        fields=("comment", "user"),
                        name="kms_one_flag_per_member",
                        violation_error_message="You have already flagged this comment.",
                    ),
                ),
                migrations.AddConstraint(
                    model_name="helpfulvote",
                    constraint=models.UniqueConstraint(
                        fields=("article", "user"),
                        name="kms_one_vote_per_member",
                        violation_error_message="You have already voted on this article.",
                    ),
                ),
                migrations.AddConstraint(
                    model_name="follow",
                    constraint=models.CheckConstraint(
                        condition=models.Q(
                            models.Q(
                                ("category__isnull", False), ("tag__isnull", True)
                            ),
                            models.Q(
                                ("category__isnull", True), ("tag__isnull", False)
                            ),
                            _connector="OR",
                        ),
                        name="kms_follow_one_category_or_tag",
                    ),
                ),
                migrations.AddConstraint(
                    model_name="follow",
                    constraint=models.UniqueConstraint(
                        condition=models.Q(("category__isnull", False)),
                        fields=("user", "category"),
                        name="kms_follow_category_once",
                    ),
                ),
                migrations.AddConstraint(
                    model_name="follow",
                    constraint=models.UniqueConstraint(
                        condition=models.Q(("tag__isnull", False)),
                        fields=("user", "tag"),
                        name="kms_follow_tag_once",
                    ),
                ),
                migrations.AddIndex(
                    model_name="article",
                    index=models.Index(
                        fields=["status", "visibility", "-published_at"],
                        name="kms_article_status_a0907e_idx",
                    ),
                ),
                migrations.AddIndex(
                    model_name="article",
                    index=models.Index(
                        condition=models.Q(("status", "published")),
                        fields=["-published_at", "-id"],
                        name="kms_article_newest_idx",
                    ),
                ),
                migrations.AddIndex(
                    model_name="article",
                    index=models.Index(
                        condition=models.Q(("status", "published")),
                        fields=["-read_count"],
                        name="kms_article_most_read_idx",
                    ),
                ),
                migrations.AddIndex(
                    model_name="article",
                    index=models.Index(
                        condition=models.Q(("status", "published")),
                        fields=["-helpful_yes"],
                        name="kms_article_most_helpful_idx",
                    ),
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(content_types_to_knowledge, content_types_to_kms),
    ]
