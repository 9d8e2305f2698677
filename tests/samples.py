"""The smallest real files of each attachment type, built byte by byte.

Each is what its format's own reader accepts (a PNG with its IHDR and IEND
chunks, a docx with its content types and main part, a compound file with a
FAT and a directory), so the checks see real structures, not bare magic.
"""

import base64
import io
import struct
import zipfile
import zlib

from tests.factories import MINIMAL_PDF

PDF = MINIMAL_PDF


def _png_chunk(kind: bytes, data: bytes) -> bytes:
    crc = zlib.crc32(kind + data)
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)


# 1x1 pixel, 8-bit greyscale.
PNG = (
    b"\x89PNG\r\n\x1a\n"
    + _png_chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0))
    + _png_chunk(b"IDAT", zlib.compress(b"\x00\x00"))
    + _png_chunk(b"IEND", b"")
)
# JFIF header, then end of image.
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00\xff\xd9"
GIF = base64.b64decode("R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7")
WEBP = base64.b64decode("UklGRhoAAABXRUJQVlA4TA0AAAAvAAAAEAcQERGIiP4HAA==")

_OOXML_MAIN = {
    "docx": (
        "word/document.xml",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
        ".main+xml",
        '<w:document xmlns:w="http://schemas.openxmlformats.org/'
        'wordprocessingml/2006/main"><w:body/></w:document>',
    ),
    "xlsx": (
        "xl/workbook.xml",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
        '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/'
        '2006/main"><sheets/></workbook>',
    ),
    "pptx": (
        "ppt/presentation.xml",
        "application/vnd.openxmlformats-officedocument.presentationml"
        ".presentation.main+xml",
        '<p:presentation xmlns:p="http://schemas.openxmlformats.org/'
        'presentationml/2006/main"/>',
    ),
    # A macro-enabled Word document (.docm): refused whatever its name.
    "docm": (
        "word/document.xml",
        "application/vnd.ms-word.document.macroEnabled.main+xml",
        "<w:document/>",
    ),
}


def ooxml(kind: str, *, first_entries=()) -> bytes:
    """A docx, xlsx or pptx: content types, package relationship, main part.

    `first_entries` go before them, as SharePoint's customXml parts do.
    """
    part, content_type, xml = _OOXML_MAIN[kind]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name in first_entries:
            archive.writestr(name, "<x/>")
        archive.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0" encoding="UTF-8"?>'
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/'
            'content-types"><Default Extension="xml" ContentType="application/xml"/>'
            f'<Override PartName="/{part}" ContentType="{content_type}"/></Types>',
        )
        archive.writestr(
            "_rels/.rels",
            '<?xml version="1.0" encoding="UTF-8"?>'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
            'relationships"><Relationship Id="rId1" Type="http://schemas.'
            "openxmlformats.org/officeDocument/2006/relationships/officeDocument"
            f'" Target="{part}"/></Relationships>',
        )
        archive.writestr(part, xml)
    return buffer.getvalue()


def odf(mimetype: str) -> bytes:
    """An OpenDocument file: `mimetype` first and stored, then its parts."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("mimetype", mimetype, compress_type=zipfile.ZIP_STORED)
        archive.writestr(
            "content.xml",
            '<office:document-content xmlns:office="urn:oasis:names:tc:'
            'opendocument:xmlns:office:1.0" office:version="1.2"/>',
            compress_type=zipfile.ZIP_DEFLATED,
        )
        archive.writestr(
            "META-INF/manifest.xml",
            '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:'
            'xmlns:manifest:1.0"><manifest:file-entry manifest:full-path="/" '
            f'manifest:media-type="{mimetype}"/></manifest:manifest>',
            compress_type=zipfile.ZIP_DEFLATED,
        )
    return buffer.getvalue()


def zip_archive() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("readme.txt", "hello")
    return buffer.getvalue()


_FREE, _END, _FAT_SECTOR, _NO_STREAM = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD, 0xFFFFFFFF
_SECTOR = 512


def _directory_entry(name: str, kind: int, *, child=_NO_STREAM, start=_END, size=0):
    encoded = (name + "\x00").encode("utf-16-le") if name else b""
    return (
        encoded.ljust(64, b"\x00")
        + struct.pack("<HBB", len(encoded), kind, 1)  # length, type, black
        + struct.pack("<III", _NO_STREAM, _NO_STREAM, child)
        + b"\x00" * 16  # CLSID
        + b"\x00" * 4  # state bits
        + b"\x00" * 16  # creation and modification times
        + struct.pack("<IQ", start, size)
    )


def compound_file(stream_name: str) -> bytes:
    """An OLE compound file (version 3) holding one 4 KiB stream.

    Sector 0 is the FAT, sector 1 the directory, sectors 2-9 the stream (4 KiB
    is the mini-stream cutoff, so no mini FAT is needed).
    """
    stream_sectors = 8
    header = (
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
        + b"\x00" * 16  # CLSID
        + struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6)
        + b"\x00" * 6
        + struct.pack("<II", 0, 1)  # directory sectors (0 in v3), FAT sectors
        + struct.pack("<II", 1, 0)  # first directory sector, transaction
        + struct.pack("<I", 4096)  # mini stream cutoff
        + struct.pack("<II", _END, 0)  # mini FAT
        + struct.pack("<II", _END, 0)  # DIFAT
        + struct.pack("<I", 0)  # the FAT is sector 0
        + struct.pack("<I", _FREE) * 108
    )
    chain = [*range(3, 2 + stream_sectors), _END]
    fat = [_FAT_SECTOR, _END, *chain]
    fat += [_FREE] * (_SECTOR // 4 - len(fat))
    directory = (
        _directory_entry("Root Entry", 5, child=1)
        + _directory_entry(stream_name, 2, start=2, size=stream_sectors * _SECTOR)
        + _directory_entry("", 0) * 2
    )
    return (
        header
        + struct.pack(f"<{len(fat)}I", *fat)
        + directory
        + b"\x00" * (stream_sectors * _SECTOR)
    )


DOCX = ooxml("docx")
XLSX = ooxml("xlsx")
PPTX = ooxml("pptx")
DOCM = ooxml("docm")
ODT = odf("application/vnd.oasis.opendocument.text")
ODS = odf("application/vnd.oasis.opendocument.spreadsheet")
ODP = odf("application/vnd.oasis.opendocument.presentation")
DOC = compound_file("WordDocument")
XLS = compound_file("Workbook")
PPT = compound_file("PowerPoint Document")
# A Windows program's first bytes: the DOS header and its stub.
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 48
HTML = b"<!DOCTYPE html><html><body><script>alert(1)</script></body></html>"
SVG = (
    b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'
)

# extension -> (content, content type stored for it)
ACCEPTED = {
    ".pdf": (PDF, "application/pdf"),
    ".doc": (DOC, "application/msword"),
    ".docx": (
        DOCX,
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ),
    ".xls": (XLS, "application/vnd.ms-excel"),
    ".xlsx": (
        XLSX,
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ),
    ".ppt": (PPT, "application/vnd.ms-powerpoint"),
    ".pptx": (
        PPTX,
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    ),
    ".odt": (ODT, "application/vnd.oasis.opendocument.text"),
    ".ods": (ODS, "application/vnd.oasis.opendocument.spreadsheet"),
    ".odp": (ODP, "application/vnd.oasis.opendocument.presentation"),
    ".png": (PNG, "image/png"),
    ".jpg": (JPEG, "image/jpeg"),
    ".jpeg": (JPEG, "image/jpeg"),
    ".gif": (GIF, "image/gif"),
    ".webp": (WEBP, "image/webp"),
}
