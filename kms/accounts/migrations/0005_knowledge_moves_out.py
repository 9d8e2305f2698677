"""The knowledge base's models leave the `kms` app for `knowledge`.

State only: the tables stay where they are, with their rows, and
knowledge.0001 takes them over under the same names.
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("kms", "0004_article_sort_indexes"),
        ("knowledge", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.RemoveField(
                    model_name="bookmark",
                    name="article",
                ),
                migrations.RemoveField(
                    model_name="attachment",
                    name="article",
                ),
                migrations.RemoveField(
                    model_name="articlerevision",
                    name="article",
                ),
                migrations.RemoveField(
                    model_name="comment",
                    name="article",
                ),
                migrations.RemoveField(
                    model_name="helpfulvote",
                    name="article",
                ),
                migrations.RemoveField(
                    model_name="articlerevision",
                    name="category",
                ),
                migrations.RemoveField(
                    model_name="articlerevision",
                    name="editor",
                ),
                migrations.RemoveField(
                    model_name="attachment",
                    name="uploaded_by",
                ),
                migrations.RemoveField(
                    model_name="bookmark",
                    name="user",
                ),
                migrations.RemoveField(
                    model_name="category",
                    name="parent",
                ),
                migrations.RemoveField(
                    model_name="follow",
                    name="category",
                ),
                migrations.RemoveField(
                    model_name="comment",
                    name="author",
                ),
                migrations.RemoveField(
                    model_name="comment",
                    name="moderated_by",
                ),
                migrations.RemoveField(
                    model_name="commentflag",
                    name="comment",
                ),
                migrations.RemoveField(
                    model_name="commentflag",
                    name="user",
                ),
                migrations.RemoveField(
                    model_name="follow",
                    name="tag",
                ),
                migrations.RemoveField(
                    model_name="follow",
                    name="user",
                ),
                migrations.RemoveField(
                    model_name="helpfulvote",
                    name="user",
                ),
                migrations.DeleteModel(
                    name="Article",
                ),
                migrations.DeleteModel(
                    name="ArticleRevision",
                ),
                migrations.DeleteModel(
                    name="Attachment",
                ),
                migrations.DeleteModel(
                    name="Bookmark",
                ),
                migrations.DeleteModel(
                    name="Category",
                ),
                migrations.DeleteModel(
                    name="Comment",
                ),
                migrations.DeleteModel(
                    name="CommentFlag",
                ),
                migrations.DeleteModel(
                    name="Tag",
                ),
                migrations.DeleteModel(
                    name="Follow",
                ),
                migrations.DeleteModel(
                    name="HelpfulVote",
                ),
            ],
            database_operations=[],
        ),
    ]
