"""An article's files: the editors' page to add and remove them, and the
download that checks the article's visibility first."""

import logging

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import (
    require_http_methods,
    require_POST,
    require_safe,
)

from kms.core.downloads import checked_file_response
from kms.core.filekinds import CONTENT_TYPES, max_attachment_bytes
from kms.core.forms import form_page, redirect_if_saved

from ..forms.attachments import AttachmentForm
from ..models import Article, Attachment
from ..permissions import can_edit_article
from ..services.attachments import (
    MAX_ATTACHMENTS,
    attachment_add,
    attachment_delete,
)
from .authoring import readable_article

logger = logging.getLogger(__name__)


def _icon(attachment: Attachment) -> str:
    kind = CONTENT_TYPES.get(attachment.content_type)
    return kind.icon if kind else "file-earmark"


def attachments_context(article: Article, *, can_manage: bool) -> dict:
    """What templates/kms/includes/article_attachments.html needs."""
    attachments = list(article.attachments.all())
    for attachment in attachments:
        attachment.icon = _icon(attachment)
    return {"attachments": attachments, "can_manage_attachments": can_manage}


def _editable_article(request, slug) -> Article:
    """An article the user may read (else 404) and edit (else 403)."""
    article = readable_article(request, slug)
    if not can_edit_article(request.user, article):
        raise PermissionDenied
    return article


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def attachments(request, slug):
    article = _editable_article(request, slug)
    posted = request.method == "POST"
    form = AttachmentForm(
        request.POST if posted else None, request.FILES if posted else None
    )
    redirected = redirect_if_saved(
        request,
        form,
        lambda: attachment_add(
            actor=request.user, article=article, upload=form.cleaned_data["file"]
        ),
        message=lambda added: (
            _("“%(name)s” is attached.") % {"name": added.original_name}
        ),
        to=reverse("kms:attachments", kwargs={"slug": article.slug}),
    )
    return redirected or form_page(
        request,
        "knowledge/attachments.html",
        {
            **attachments_context(
                article, can_manage=can_edit_article(request.user, article)
            ),
            "article": article,
            "form": form,
            "max_bytes": max_attachment_bytes(),
            "max_attachments": MAX_ATTACHMENTS,
        },
    )


@require_POST
@login_required
def attachment_delete_view(request, slug, pk):
    article = _editable_article(request, slug)
    attachment = get_object_or_404(article.attachments.all(), pk=pk)
    attachment_delete(actor=request.user, attachment=attachment)
    messages.success(
        request, _("“%(name)s” is removed.") % {"name": attachment.original_name}
    )
    return redirect("kms:attachments", slug=article.slug)


@require_safe
def attachment_download(request, pk):
    """The file, if the user may read its article; otherwise 404.

    Always a download (never shown inline), with the type stored when it was
    checked, so a browser neither renders nor sniffs it.
    """
    attachment = get_object_or_404(
        Attachment.objects.filter(
            article__in=Article.objects.readable_by(request.user).values("pk")
        ),
        pk=pk,
    )
    return checked_file_response(attachment)
