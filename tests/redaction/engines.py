"""Text as independent engines see it, for assertions in the redaction tests."""

from __future__ import annotations

import io
import subprocess
import tempfile
from pathlib import Path

import pdfplumber
import pypdfium2 as pdfium
from pypdf import PdfReader


def all_texts(pdf: bytes) -> dict[str, str]:
    """Whole-document text per engine: pdfium, pypdf, pdftotext, pdfplumber."""
    doc = pdfium.PdfDocument(pdf)
    try:
        pdfium_text = "\n".join(doc[i].get_textpage().get_text_range() for i in range(len(doc)))
    finally:
        doc.close()
    pypdf_text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "doc.pdf"
        path.write_bytes(pdf)
        poppler = subprocess.run(
            ["pdftotext", "-q", "-enc", "UTF-8", str(path), "-"],
            capture_output=True,
            check=True,
        ).stdout.decode()
    with pdfplumber.open(io.BytesIO(pdf)) as plumber:
        plumber_text = "\n".join(page.extract_text() or "" for page in plumber.pages)
    return {
        "pdfium": pdfium_text,
        "pypdf": pypdf_text,
        "pdftotext": poppler,
        "pdfplumber": plumber_text,
    }


def char_x0(pdf: bytes, word: str, page: int = 1) -> list[float]:
    """pdfplumber's x0 of each character of the first occurrence of ``word``."""
    with pdfplumber.open(io.BytesIO(pdf)) as plumber:
        chars = [c for c in plumber.pages[page - 1].chars if c["text"].strip()]
    text = "".join(c["text"] for c in chars)
    start = text.index(word.replace(" ", ""))
    return [float(c["x0"]) for c in chars[start : start + len(word.replace(" ", ""))]]
