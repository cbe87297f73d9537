"""Plain text of the shared dev corpus with its PI truth, for the PI benchmark and golden tests.

Reads only what is simple to read (txt, eml via ``email``, text PDFs via pypdfium2, DOCX via
python-docx); scanned PDFs are OCR'd with the ``tesseract`` CLI when it is on PATH.
"""

from __future__ import annotations

import email
import email.policy
import json
import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from email.message import EmailMessage
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

DEV_CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "dev"


@dataclass(frozen=True, slots=True)
class TruthPi:
    """One PI string the truth file says a document holds."""

    text: str
    entity_type: str


@dataclass(frozen=True, slots=True)
class CorpusDoc:
    """A corpus document's extracted text, its language and its PI truth (deduplicated)."""

    doc_id: str
    fmt: str
    language: str
    text: str
    pii: tuple[TruthPi, ...]
    keep: tuple[str, ...]


class _HtmlText(HTMLParser):
    """Visible text of an HTML part, with line breaks where blocks and <br> end."""

    BLOCKS = frozenset(
        {"p", "div", "br", "tr", "li", "h1", "h2", "h3", "h4", "blockquote", "table"}
    )

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in self.BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def read_eml(path: Path) -> str:
    """Every header and the message body (the plain part, else the HTML part as text)."""
    message = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
    assert isinstance(message, EmailMessage)
    # Every header: Received lines carry IP addresses, From/To/Cc carry people.
    lines = [f"{name}: {value}" for name, value in message.items()]
    body = message.get_body(preferencelist=("plain", "html"))
    if body is not None:
        assert isinstance(body, EmailMessage)
        content = body.get_content()
        if body.get_content_subtype() == "html":
            parser = _HtmlText()
            parser.feed(content)
            content = "".join(parser.parts)
        lines.append(content)
    return "\n\n".join(lines)


def read_docx(path: Path) -> str:
    """Body paragraphs, tables, headers and footers."""
    import docx

    document = docx.Document(str(path))
    parts: list[str] = []

    def table_text(table: Any) -> None:
        for row in table.rows:
            parts.append(" | ".join(cell.text for cell in row.cells))

    for section in document.sections:
        for part in (section.header, section.footer):
            parts.extend(p.text for p in part.paragraphs)
            for table in part.tables:
                table_text(table)
    parts.extend(p.text for p in document.paragraphs)
    for table in document.tables:
        table_text(table)
    return "\n".join(parts)


def read_pdf(path: Path) -> str:
    """Text layer of every page; pages without one are OCR'd when tesseract is available."""
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(str(path))
    pages: list[str] = []
    try:
        for index in range(len(pdf)):
            page = pdf[index]
            text = str(page.get_textpage().get_text_range())
            if len(text.strip()) < 20 and shutil.which("tesseract"):
                image = page.render(scale=300 / 72, grayscale=True).to_pil()
                with tempfile.TemporaryDirectory() as folder:
                    png = Path(folder) / "page.png"
                    image.save(png)
                    text = subprocess.run(
                        ["tesseract", str(png), "stdout", "-l", _ocr_languages()],
                        capture_output=True,
                        text=True,
                        check=True,
                        env={"OMP_THREAD_LIMIT": "1", "PATH": "/usr/bin:/bin"},
                    ).stdout
            pages.append(text)
    finally:
        pdf.close()
    return "\n\f\n".join(pages)


def _ocr_languages() -> str:
    listed = subprocess.run(["tesseract", "--list-langs"], capture_output=True, text=True).stdout
    return "eng+fra" if re.search(r"^fra$", listed, re.M) else "eng"


def read_text(path: Path) -> str:
    suffix = path.suffix.lower()
    if suffix == ".eml":
        return read_eml(path)
    if suffix == ".docx":
        return read_docx(path)
    if suffix == ".pdf":
        return read_pdf(path)
    return path.read_text(encoding="utf-8", errors="replace")


def read_corpus(folder: Path = DEV_CORPUS, *, include_scans: bool = True) -> list[CorpusDoc]:
    """Every document with a truth file, in name order."""
    docs: list[CorpusDoc] = []
    for truth_path in sorted(folder.glob("*.truth.json")):
        truth = json.loads(truth_path.read_text(encoding="utf-8"))
        if truth["format"] == "scanned_pdf" and not (include_scans and shutil.which("tesseract")):
            continue
        seen: dict[tuple[str, str], TruthPi] = {}
        for item in truth["pii"]:
            if item.get("where") == "metadata":
                continue
            seen.setdefault((item["text"], item["type"]), TruthPi(item["text"], item["type"]))
        docs.append(
            CorpusDoc(
                doc_id=truth["doc_id"],
                fmt=truth["format"],
                language=truth["language"],
                text=read_text(folder / truth["file"]),
                pii=tuple(seen.values()),
                keep=tuple(truth.get("keep", ())),
            )
        )
    return docs
