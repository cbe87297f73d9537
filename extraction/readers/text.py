"""Plain-text reader: decode (UTF-8, else cp1252), typeset as PDF, read boxes back from it."""

from __future__ import annotations

from dataclasses import replace

from core.errors import EmptyFile, TooLarge
from core.vocab import DocumentType
from extraction.document import Document
from extraction.limits import Limits
from extraction.readers.pdf import read_pdf
from extraction.readers.typeset import render_text_pdf


def decode_text(data: bytes) -> str:
    """UTF-8 (with or without BOM) when it decodes, else Windows-1252 (never fails)."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def read_text(
    data: bytes,
    *,
    limits: Limits = Limits(),  # noqa: B008 - a frozen value, safe as a default
) -> Document:
    """Read a plain-text file into pages of a typeset PDF rendering."""
    text = decode_text(data)
    if len(text) > limits.max_text_chars:
        raise TooLarge(f"the text file has more than {limits.max_text_chars} characters")
    if not text.strip():
        raise EmptyFile("the text file contains no text")
    rendered = read_pdf(render_text_pdf(text), limits=limits, ocr=False)
    return replace(rendered, kind=DocumentType.TXT.value, flags=frozenset({"rendered"}))
