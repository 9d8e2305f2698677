"""Writes of the knowledge base: adding and removing an article's files."""

import logging

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from kms.core.uploads import save_checked_upload

from ..models import Article, Attachment
from ..permissions import can_edit_article

logger = logging.getLogger(__name__)

MAX_ATTACHMENTS = 10

ATTACHMENT_FORBIDDEN = _("You may not change the files of this article.")
TOO_MANY_ATTACHMENTS = ngettext_lazy(
    "An article can have at most %(max)d file. Remove it before adding another.",
    "An article can have at most %(max)d files. Remove one before adding another.",
    "max",
)


@transaction.atomic
def attachment_add(*, actor, article: Article, upload) -> Attachment:
    """Attach an uploaded file to an article, under a generated name.

    The content must match the extension (kms.core.filekinds); a refused file
    leaves nothing behind, neither a row nor a file.
    """
    # The row lock makes the checks below hold while this file is added.
    article = Article.objects.select_for_update().get(pk=article.pk)
    if not can_edit_article(actor, article):
        raise PermissionDenied(ATTACHMENT_FORBIDDEN)
    if article.attachments.count() >= MAX_ATTACHMENTS:
        raise ValidationError(
            {
                "file": ValidationError(
                    TOO_MANY_ATTACHMENTS,
                    code="too_many",
                    params={"max": MAX_ATTACHMENTS},
                )
            }
        )
    attachment = save_checked_upload(
        Attachment(article=article, uploaded_by=actor), upload
    )
    transaction.on_commit(
        lambda: logger.info(
            "kms.attachment.added attachment=%s article=%s user=%s size=%s",
            attachment.pk,
            article.pk,
            actor.pk,
            attachment.size,
        )
    )
    return attachment


@transaction.atomic
def attachment_delete(*, actor, attachment: Attachment) -> None:
    """Remove a file from its article; the stored file goes after commit."""
    if not can_edit_article(actor, attachment.article):
        raise PermissionDenied(ATTACHMENT_FORBIDDEN)
    storage, name, pk = attachment.file.storage, attachment.file.name, attachment.pk
    attachment.delete()

    def remove_file():
        storage.delete(name)
        logger.info(
            "kms.attachment.deleted attachment=%s article=%s user=%s",
            pk,
            attachment.article_id,
            actor.pk,
        )

    transaction.on_commit(remove_file)
