"""Decide what a file is from its content (magic bytes, ZIP directory, OLE2 streams), not its name.

Used at upload time by the API and again by the intake task before any heavy parsing.
"""

from __future__ import annotations

import io
import pathlib
import re
import zipfile
from dataclasses import dataclass

from core.errors import EmptyFile, UnsupportedType
from core.vocab import DocumentType

# How much of the head we look at; callers may pass more, never need to.
HEAD_SIZE = 8192

_OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP_MAGICS = (b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")
# RFC 822 header names that make a text head look like a message (two are needed).
_MAIL_HEADERS = frozenset(
    {"from", "to", "subject", "date", "received", "mime-version", "message-id", "cc",
     "return-path", "reply-to", "content-type", "delivered-to", "x-mailer", "sender"}
)  # fmt: skip
_STRONG_MAIL_HEADERS = frozenset(
    {"from", "to", "subject", "date", "received", "mime-version", "message-id"}
)
_HEADER_LINE = re.compile(rb"^([A-Za-z][A-Za-z0-9-]{0,76}):[ \t]?", re.MULTILINE)

# Text formats we do not take, checked before the plain-text fallback.
_TEXT_SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"{\\rtf", "RTF document"),
    (b"<?xml", "XML document"),
    (b"%!PS", "PostScript document"),
)
# Binary formats we recognise only to name them in the refusal (checked after the text test,
# so a text file that happens to start with "MZ" or "BM" stays text).
_BINARY_SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"GIF87a", "GIF image"),
    (b"GIF89a", "GIF image"),
    (b"BM", "BMP image"),
    (b"RIFF", "RIFF container (e.g. WebP, WAV, AVI)"),
    (b"\x1f\x8b", "gzip archive"),
    (b"7z\xbc\xaf\x27\x1c", "7-Zip archive"),
    (b"Rar!", "RAR archive"),
    (b"\x7fELF", "ELF executable"),
    (b"MZ", "Windows executable"),
    (b"\x00\x00\x00\x0cjP  ", "JPEG 2000 image"),
    (b"ID3", "MP3 audio"),
    (b"OggS", "Ogg media"),
)


@dataclass(frozen=True, slots=True)
class SniffResult:
    """The detected type and a short human description of what was found."""

    type: DocumentType
    description: str


_EXTENSIONS: dict[DocumentType, frozenset[str]] = {
    DocumentType.PDF: frozenset({".pdf"}),
    DocumentType.DOCX: frozenset({".docx", ".docm"}),
    DocumentType.EML: frozenset({".eml", ".mht", ".mhtml"}),
    DocumentType.MSG: frozenset({".msg"}),
    DocumentType.TXT: frozenset({".txt", ".text", ".log", ".csv", ".md"}),
    DocumentType.PNG: frozenset({".png"}),
    DocumentType.JPEG: frozenset({".jpg", ".jpeg", ".jpe", ".jfif"}),
    DocumentType.TIFF: frozenset({".tif", ".tiff"}),
}


def sniff_type(head: bytes, path: pathlib.Path | None = None) -> SniffResult:
    """Detect the type of a file from its first bytes (and, for ZIP/OLE2, the whole file).

    ``head`` is the start of the file (at least the first few KB, or all of it). ``path``
    lets ZIP and OLE2 files be inspected without reading them into memory; without it the
    head is inspected as if it were the whole file. Raises ``EmptyFile`` or
    ``UnsupportedType`` (naming what was found).
    """
    if not head:
        raise EmptyFile("the file is empty")
    if head.startswith(_OLE2_MAGIC):
        # Before the PDF test: an Outlook message's small PDF attachment can sit in its
        # first kilobyte (the mini stream).
        return _sniff_ole2(head, path)
    if b"%PDF-" in head[:1024]:
        return SniffResult(DocumentType.PDF, "PDF document")
    if head.startswith(_ZIP_MAGICS):
        return _sniff_zip(head, path)
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return SniffResult(DocumentType.PNG, "PNG image")
    if head.startswith(b"\xff\xd8\xff"):
        return SniffResult(DocumentType.JPEG, "JPEG image")
    if head.startswith((b"II*\x00", b"MM\x00*", b"II+\x00", b"MM\x00+")):
        return SniffResult(DocumentType.TIFF, "TIFF image")
    for magic, what in _TEXT_SIGNATURES:
        if head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(magic):
            raise UnsupportedType(f"unsupported file type: {what}", found=what)
    text = _decode_text(head[:HEAD_SIZE])
    if text is not None:
        if _looks_like_mail(text):
            return SniffResult(DocumentType.EML, "e-mail message (RFC 822)")
        if text.lstrip().lower().startswith(("<!doctype html", "<html")):
            raise UnsupportedType("unsupported file type: HTML document", found="HTML document")
        return SniffResult(DocumentType.TXT, "plain text")
    for magic, what in _BINARY_SIGNATURES:
        if head.startswith(magic):
            raise UnsupportedType(f"unsupported file type: {what}", found=what)
    raise UnsupportedType("unsupported file type: binary data", found="binary data")


def extension_mismatch(name: str, detected: DocumentType) -> bool:
    """True when the file name's extension names a different type than the content has.

    A name without an extension, or with one we do not know, is not a mismatch.
    """
    suffix = pathlib.PurePath(name.replace("\\", "/")).suffix.lower()
    if not suffix:
        return False
    for doc_type, suffixes in _EXTENSIONS.items():
        if suffix in suffixes:
            return doc_type != detected
    return False


def _sniff_zip(head: bytes, path: pathlib.Path | None) -> SniffResult:
    # Only the central directory is read: no member is decompressed here.
    source: pathlib.Path | io.BytesIO = path if path is not None else io.BytesIO(head)
    try:
        with zipfile.ZipFile(source) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        if path is None:
            # Only a head was given: the central directory is at the end, out of reach, so
            # fall back to the local file headers' names that the head does contain.
            names = _local_header_names(head)
            if "word/document.xml" in names or (
                "[Content_Types].xml" in names and any(n.startswith("word/") for n in names)
            ):
                return SniffResult(DocumentType.DOCX, "Word document (DOCX)")
        raise UnsupportedType(
            "unsupported file type: damaged ZIP archive", found="damaged ZIP archive"
        ) from exc
    if "word/document.xml" in names:
        return SniffResult(DocumentType.DOCX, "Word document (DOCX)")
    if "xl/workbook.xml" in names:
        what = "Excel workbook (XLSX)"
    elif "ppt/presentation.xml" in names:
        what = "PowerPoint presentation (PPTX)"
    elif "content.xml" in names and "mimetype" in names:
        what = "OpenDocument file"
    else:
        what = "ZIP archive (not a Word document)"
    raise UnsupportedType(f"unsupported file type: {what}", found=what)


def _local_header_names(head: bytes) -> set[str]:
    names: set[str] = set()
    for match in re.finditer(rb"PK\x03\x04", head):
        start = match.start()
        if start + 30 > len(head):
            break
        name_len = int.from_bytes(head[start + 26 : start + 28], "little")
        names.add(head[start + 30 : start + 30 + name_len].decode("utf-8", "replace"))
    return names


def _sniff_ole2(head: bytes, path: pathlib.Path | None) -> SniffResult:
    import olefile  # imported here: only OLE2 files need it

    source: str | bytes = str(path) if path is not None else head
    try:
        with olefile.OleFileIO(source) as ole:
            streams = ["/".join(entry) for entry in ole.listdir(streams=True, storages=True)]
    except (OSError, ValueError, IndexError, TypeError, RecursionError) as exc:
        # Directory entry names are UTF-16: an Outlook message's show in its bytes even when
        # the container is truncated, so the refusal can say what the file was meant to be.
        if "__substg1.0_".encode("utf-16-le") in head:
            what = "damaged Outlook message (MSG)"
        else:
            what = "damaged OLE2 compound file"
        raise UnsupportedType(f"unsupported file type: {what}", found=what) from exc
    if any("__substg1.0_" in name for name in streams):
        return SniffResult(DocumentType.MSG, "Outlook message (MSG)")
    if any(name.startswith("WordDocument") for name in streams):
        what = "OLE2 compound file (e.g. legacy .doc): legacy Word document"
    elif any(name.startswith("Workbook") for name in streams):
        what = "OLE2 compound file (e.g. legacy .doc): legacy Excel workbook"
    else:
        what = "OLE2 compound file (e.g. legacy .doc)"
    raise UnsupportedType(f"unsupported file type: {what}", found=what)


def _decode_text(data: bytes) -> str | None:
    """The head decoded as text, or None when it is binary."""
    if b"\x00" in data:
        return None
    text: str | None = None
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError as exc:
            # A multi-byte UTF-8 character cut by the head's end is still UTF-8.
            if encoding == "utf-8-sig" and exc.start >= len(data) - 3 and len(data) >= HEAD_SIZE:
                text = data[: exc.start].decode("utf-8-sig")
                break
    if text is None:
        return None
    if not text:
        return text
    printable = sum(1 for ch in text if ch.isprintable() or ch in "\r\n\t\f")
    return text if printable / len(text) >= 0.95 else None


def _looks_like_mail(text: str) -> bool:
    """RFC 822 headers at the very start: at least two known ones before the first blank line."""
    block = text.lstrip("\ufeff").replace("\r\n", "\n").split("\n\n", 1)[0]
    lines = block.split("\n")
    if lines and lines[0].startswith("From "):
        lines = lines[1:]  # an mbox "From " separator line before the headers
    seen: set[str] = set()
    for line in lines:
        if not line or line[0] in " \t":
            continue  # folded continuation of the previous header
        match = _HEADER_LINE.match(line.encode("utf-8", "replace"))
        if match is None:
            # The first line must already be a header; later junk ends the header block.
            if not seen:
                return False
            break
        seen.add(match.group(1).decode("ascii").lower())
    known = seen & _MAIL_HEADERS
    return len(known) >= 2 and bool(seen & _STRONG_MAIL_HEADERS)
