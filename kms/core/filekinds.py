"""What an attachment may be: its type, told by its content, and its name.

The extension names the type the uploader claims; the content has to say the
same. `filetype` reads the signature bytes (PDF, images, and what a refused
file looks like); the containers are opened to tell their kinds apart, since
one ZIP or OLE signature covers many formats:

- Office Open XML (docx, xlsx, pptx): the main part's content type declared
  in `[Content_Types].xml` (ECMA-376 part 2), wherever the part sits in the
  archive;
- OpenDocument (odt, ods, odp): the `mimetype` entry (ODF 1.2 part 3, 3.3);
- Office 97-2003 (doc, xls, ppt): the compound file's main stream, read with
  `olefile` (WordDocument, Workbook or Book, PowerPoint Document).

Only the small manifest entries are read from an archive, never the rest, so
a packed "zip bomb" costs nothing. SVG and HTML are refused outright: a
browser runs the scripts they carry.
"""

import io
import os
import re
import unicodedata
import zipfile
from dataclasses import dataclass

import filetype
import olefile
from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

DEFAULT_MAX_BYTES = 20 * 1024 * 1024
MAX_NAME_LENGTH = 255
# Bytes read for the signature; filetype looks at no more than 8 KiB.
HEAD_BYTES = 8192
# Larger manifests are not real ones: refused rather than read.
MAX_MANIFEST_BYTES = 1024 * 1024

ATTACHMENT_EMPTY = _("The file is empty.")
ATTACHMENT_TOO_LARGE = _("The file is too large (%(size)s); the limit is %(limit)s.")
ATTACHMENT_NO_EXTENSION = _(
    "The file name has no extension, so its type is unknown. Attach a PDF, an "
    "Office document (Word, Excel, PowerPoint or OpenDocument) or an image "
    "(PNG, JPEG, GIF or WebP)."
)
ATTACHMENT_WRONG_TYPE = _(
    "Files of type %(extension)s cannot be attached. Attach a PDF, an Office "
    "document (Word, Excel, PowerPoint or OpenDocument) or an image (PNG, "
    "JPEG, GIF or WebP)."
)
ATTACHMENT_SCRIPTABLE = _(
    "%(extension)s files cannot be attached: they can carry scripts that would "
    "run in readers' browsers. Attach a PDF or a PNG image instead."
)
ATTACHMENT_MISMATCH = _(
    "This file is named %(extension)s, but its content is %(found)s. Attach "
    "the file in the format its name says."
)
ATTACHMENT_RENAME = _(
    "This file is named %(extension)s, but its content is %(found)s. Rename "
    "it to %(suggested)s and attach it again."
)


@dataclass(frozen=True)
class AttachmentKind:
    """One accepted type: how it is served, shown and described."""

    extension: str  # the canonical one, with its dot
    content_type: str
    label: str  # "a PDF document": what a refusal says the content is
    icon: str  # Bootstrap icon


PDF = AttachmentKind(".pdf", "application/pdf", _("a PDF document"), "file-earmark-pdf")
DOC = AttachmentKind(
    ".doc", "application/msword", _("a Word 97-2003 document"), "file-earmark-word"
)
DOCX = AttachmentKind(
    ".docx",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    _("a Word document"),
    "file-earmark-word",
)
XLS = AttachmentKind(
    ".xls",
    "application/vnd.ms-excel",
    _("an Excel 97-2003 workbook"),
    "file-earmark-excel",
)
XLSX = AttachmentKind(
    ".xlsx",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    _("an Excel workbook"),
    "file-earmark-excel",
)
PPT = AttachmentKind(
    ".ppt",
    "application/vnd.ms-powerpoint",
    _("a PowerPoint 97-2003 presentation"),
    "file-earmark-ppt",
)
PPTX = AttachmentKind(
    ".pptx",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    _("a PowerPoint presentation"),
    "file-earmark-ppt",
)
ODT = AttachmentKind(
    ".odt",
    "application/vnd.oasis.opendocument.text",
    _("an OpenDocument text"),
    "file-earmark-richtext",
)
ODS = AttachmentKind(
    ".ods",
    "application/vnd.oasis.opendocument.spreadsheet",
    _("an OpenDocument spreadsheet"),
    "file-earmark-spreadsheet",
)
ODP = AttachmentKind(
    ".odp",
    "application/vnd.oasis.opendocument.presentation",
    _("an OpenDocument presentation"),
    "file-earmark-slides",
)
PNG = AttachmentKind(".png", "image/png", _("a PNG image"), "file-earmark-image")
JPEG = AttachmentKind(".jpg", "image/jpeg", _("a JPEG image"), "file-earmark-image")
GIF = AttachmentKind(".gif", "image/gif", _("a GIF image"), "file-earmark-image")
WEBP = AttachmentKind(".webp", "image/webp", _("a WebP image"), "file-earmark-image")

KINDS = (PDF, DOC, DOCX, XLS, XLSX, PPT, PPTX, ODT, ODS, ODP, PNG, JPEG, GIF, WEBP)
# Extension as uploaded -> the kind its content must be.
EXTENSIONS = {kind.extension: kind for kind in KINDS} | {".jpeg": JPEG}
CONTENT_TYPES = {kind.content_type: kind for kind in KINDS}
SCRIPTABLE_EXTENSIONS = frozenset(
    {".svg", ".svgz", ".html", ".htm", ".xhtml", ".xht", ".shtml", ".mht", ".mhtml"}
)
# The <input accept> hint; the server decides regardless.
ACCEPT = ",".join(sorted(EXTENSIONS))

# filetype's answer for the signature-only kinds (an animated PNG is "apng").
_SIGNATURES = {
    "pdf": PDF,
    "png": PNG,
    "apng": PNG,
    "jpg": JPEG,
    "gif": GIF,
    "webp": WEBP,
}
_OOXML_MAIN_TYPES = {
    b"application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    b".main+xml": DOCX,
    b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml": XLSX,
    b"application/vnd.openxmlformats-officedocument.presentationml.presentation"
    b".main+xml": PPTX,
}
_ODF_TYPES = {ODT.content_type: ODT, ODS.content_type: ODS, ODP.content_type: ODP}
_OLE_STREAMS = (
    ("WordDocument", DOC),
    ("Workbook", XLS),
    ("Book", XLS),  # Excel 5/95 workbooks
    ("PowerPoint Document", PPT),
)

# What a refused file's content looks like, beyond the accepted kinds.
MACRO_OFFICE = _("an Office document with macros")
ENCRYPTED_OFFICE = _("a password-protected Office document")
OTHER_OLE = _("another kind of Microsoft compound file")
ZIP_ARCHIVE = _("a ZIP archive")
HTML_PAGE = _("an HTML page")
SVG_IMAGE = _("an SVG image")
XML_FILE = _("an XML file")
PLAIN_TEXT = _("plain text")
PROGRAM = _("a program")
UNKNOWN = _("of a format that could not be recognised")
OTHER_FORMAT = _("a file of type %(type)s")
_PROGRAMS = {"exe", "elf", "dex", "dcm", "wasm", "crx", "deb", "rpm"}


def max_attachment_bytes() -> int:
    return getattr(settings, "KMS_ATTACHMENT_MAX_BYTES", DEFAULT_MAX_BYTES)


_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def clean_filename(name: str, extension: str = "") -> str:
    """The name shown and offered for download: no folders, no control or
    direction characters, at most 255 characters with the extension kept."""
    name = re.split(r"[\\/]", name or "")[-1]
    name = "".join(
        char
        for char in unicodedata.normalize("NFC", _CONTROL.sub("", name))
        # Format characters (Cf) include the right-to-left override that
        # makes "report‮fdp.exe" read as "reportexe.pdf".
        if unicodedata.category(char) != "Cf"
    )
    name = " ".join(name.split()).rstrip(". ")
    stem, suffix = os.path.splitext(name)
    if not suffix and stem.startswith("."):  # ".pdf": an extension, no name
        stem, suffix = "", stem
    if len(suffix) > 10:  # not an extension, just a dot in the name
        stem, suffix = name, ""
    if not stem:
        stem, suffix = "attachment", suffix or extension
    return stem[: MAX_NAME_LENGTH - len(suffix)] + suffix


def _head(upload) -> bytes:
    upload.seek(0)
    head = upload.read(HEAD_BYTES)
    upload.seek(0)
    return head


def _zip_kind(stream):
    """The kind of a ZIP container, or the description of what it is."""
    try:
        with zipfile.ZipFile(stream) as archive:
            names = {info.filename: info for info in archive.infolist()}
            mimetype = names.get("mimetype")
            if mimetype is not None and mimetype.file_size <= 100:
                declared = archive.read(mimetype).decode("ascii", "replace").strip()
                return _ODF_TYPES.get(declared, ZIP_ARCHIVE)
            manifest = names.get("[Content_Types].xml")
            if manifest is None or manifest.file_size > MAX_MANIFEST_BYTES:
                return ZIP_ARCHIVE
            types = archive.read(manifest)
    except Exception:  # damaged, encrypted or oddly packed: not a document
        return ZIP_ARCHIVE
    for main_type, kind in _OOXML_MAIN_TYPES.items():
        if main_type in types:
            return kind
    if b"macroenabled.main+xml" in types.lower():
        return MACRO_OFFICE
    return ZIP_ARCHIVE


def _ole_kind(stream):
    """The kind of an OLE compound file (Office 97-2003), or its description."""
    try:
        with olefile.OleFileIO(stream) as ole:
            if ole.exists("EncryptedPackage"):
                return ENCRYPTED_OFFICE
            for stream_name, kind in _OLE_STREAMS:
                if ole.exists(stream_name) and ole.get_type(stream_name) == (
                    olefile.STGTY_STREAM
                ):
                    return kind
    except Exception:  # any failure to read it means "not a document"
        return OTHER_OLE
    return OTHER_OLE


def _markup(head: bytes):
    text = head[:1024].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if b"\x00" in text[:64]:  # UTF-16 markup: drop the zero bytes
        text = text.replace(b"\x00", b"").lstrip(b"\xff\xfe \t\r\n")
    if b"<svg" in text:
        return SVG_IMAGE
    html_starts = (b"<!doctype html", b"<html", b"<head", b"<body", b"<script")
    if text.startswith(html_starts) or b"<script" in text or b"<iframe" in text:
        return HTML_PAGE
    if text.startswith(b"<?xml"):
        return XML_FILE
    return None


def _content_kind(upload, head: bytes):
    """An AttachmentKind for an accepted format, otherwise a description."""
    guess = filetype.guess(head)
    if guess is not None and guess.extension in _SIGNATURES:
        return _SIGNATURES[guess.extension]
    if head.startswith(b"PK\x03\x04"):
        upload.seek(0)
        return _zip_kind(upload)
    if head.startswith(olefile.MAGIC):
        upload.seek(0)
        return _ole_kind(upload)
    markup = _markup(head)
    if markup is not None:
        return markup
    if guess is not None:
        if guess.extension in _PROGRAMS:
            return PROGRAM
        return OTHER_FORMAT % {"type": guess.extension.upper()}
    try:
        head.decode("utf-8")
    except UnicodeDecodeError:
        return UNKNOWN
    return PLAIN_TEXT


def describe_content(data: bytes) -> str:
    """What `data` looks like, in words (for messages and tests)."""
    found = _content_kind(io.BytesIO(data), data[:HEAD_BYTES])
    return str(found.label if isinstance(found, AttachmentKind) else found)


def attachment_kind(upload) -> AttachmentKind:
    """The kind of an uploaded file when its content matches its extension.

    Raises ValidationError with the message the uploader sees.
    """
    limit = max_attachment_bytes()
    if upload.size > limit:
        raise ValidationError(
            ATTACHMENT_TOO_LARGE,
            code="too_large",
            params={
                "size": filesizeformat(upload.size),
                "limit": filesizeformat(limit),
            },
        )
    extension = os.path.splitext(clean_filename(upload.name))[1].lower()
    if not extension:
        raise ValidationError(ATTACHMENT_NO_EXTENSION, code="no_extension")
    if extension in SCRIPTABLE_EXTENSIONS:
        raise ValidationError(
            ATTACHMENT_SCRIPTABLE,
            code="scriptable",
            params={"extension": extension[1:].upper()},
        )
    expected = EXTENSIONS.get(extension)
    if expected is None:
        raise ValidationError(
            ATTACHMENT_WRONG_TYPE, code="wrong_type", params={"extension": extension}
        )
    if upload.size == 0:
        raise ValidationError(ATTACHMENT_EMPTY, code="empty")
    found = _content_kind(upload, _head(upload))
    upload.seek(0)
    if found is expected:
        return expected
    if isinstance(found, AttachmentKind):
        raise ValidationError(
            ATTACHMENT_RENAME,
            code="mismatch",
            params={
                "extension": extension,
                "found": found.label,
                "suggested": found.extension,
            },
        )
    raise ValidationError(
        ATTACHMENT_MISMATCH,
        code="mismatch",
        params={"extension": extension, "found": found},
    )
