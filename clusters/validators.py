"""What a cluster logo and an evidence file may be."""

from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from kms.core.filekinds import JPEG, PNG, WEBP, AttachmentKind, attachment_kind

LOGO_MAX_BYTES = 2 * 1024 * 1024
LOGO_KINDS = (PNG, JPEG, WEBP)
LOGO_TOO_LARGE = _("The logo is too large (%(size)s); the limit is %(limit)s.")
LOGO_NOT_IMAGE = _("A logo must be a PNG, JPEG or WebP image.")


def logo_kind(upload) -> AttachmentKind:
    """The kind of an uploaded logo: a small PNG, JPEG or WebP image whose
    content matches its name. Raises ValidationError with the message shown."""
    if upload.size > LOGO_MAX_BYTES:
        raise ValidationError(
            LOGO_TOO_LARGE,
            code="too_large",
            params={
                "size": filesizeformat(upload.size),
                "limit": filesizeformat(LOGO_MAX_BYTES),
            },
        )
    kind = attachment_kind(upload)
    if kind not in LOGO_KINDS:
        raise ValidationError(LOGO_NOT_IMAGE, code="not_image")
    return kind
