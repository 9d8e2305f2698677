"""The upload form of an article's files page.

It only carries the file: the service decides whether it may be attached
(kms.core.filekinds), so that every way in is checked the same.
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from kms.core.filekinds import ACCEPT
from kms.core.forms import StyledFormMixin


class AttachmentForm(StyledFormMixin, forms.Form):
    file = forms.FileField(
        label=_("File"),
        # The name is stored as shown to readers: it may be long, the service
        # shortens it to 255 characters.
        max_length=None,
        allow_empty_file=True,
        help_text=_(
            "PDF, Word, Excel, PowerPoint, OpenDocument, or an image (PNG, "
            "JPEG, GIF, WebP)."
        ),
        widget=forms.FileInput(attrs={"accept": ACCEPT}),
    )
