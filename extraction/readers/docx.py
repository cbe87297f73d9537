"""DOCX reader: ZIP bomb and XML entity checks, text and review marks, LibreOffice rendering.

The XML is parsed with lxml with entities, DTDs and network access off; any DTD is refused
(Word never writes one). Pages and boxes come from the LibreOffice PDF via the PDF reader.
"""

from __future__ import annotations

import io
import os
import pathlib
import signal
import subprocess
import tempfile
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, replace

from lxml import etree

from core.errors import (
    ConversionFailed,
    CorruptDocument,
    MaliciousXml,
    ResourceLimit,
    ToolMissing,
    ZipBomb,
)
from core.vocab import DocumentType
from extraction.document import Document
from extraction.limits import Limits
from extraction.readers.pdf import read_pdf

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_PARTS_PREFIXES = ("word/document", "word/header", "word/footer", "word/comments", "word/footnotes",
                   "word/endnotes")  # fmt: skip


@dataclass(frozen=True, slots=True)
class DocxReview:
    """Text of the document's parts in reading order, and the review marks found."""

    text: str
    comments: int
    insertions: int
    deletions: int


# DOCX bytes to PDF bytes by a LibreOffice already running (the CLI's persistent converter).
Convert = Callable[[bytes], bytes]


def read_docx(
    data: bytes,
    *,
    limits: Limits = Limits(),  # noqa: B008 - a frozen value, safe as a default
    convert: Convert | None = None,
) -> Document:
    """Check and inspect a DOCX, render it to PDF with LibreOffice and read that PDF.

    ``convert``: a running LibreOffice to render with (about 150 ms instead of a fresh one's
    1.3 s), used only after the checks passed; if it fails, a fresh one renders."""
    review = inspect_docx(data, limits=limits)
    pdf = None
    if convert is not None:
        try:
            pdf = convert(data)
        except ConversionFailed:
            pdf = None  # a hung or stopped server: the one-shot conversion decides
    if pdf is None:
        pdf = render_docx_pdf(data, timeout=limits.convert_seconds)
    rendered = read_pdf(pdf, limits=limits)
    warnings = list(rendered.warnings)
    flags = set(rendered.flags) | {"rendered"}
    if review.comments:
        flags.add("docx_comments")
        warnings.append(
            f"the document has {review.comments} comment(s): they may hold names "
            "and are not in the PDF rendering"
        )
    if review.insertions or review.deletions:
        flags.add("docx_tracked_changes")
        warnings.append(
            f"the document has tracked changes ({review.insertions} insertion(s), "
            f"{review.deletions} deletion(s)): deleted text may hold names"
        )
    return replace(
        rendered, kind=DocumentType.DOCX.value, warnings=tuple(warnings), flags=frozenset(flags)
    )


def check_zip(archive: zipfile.ZipFile, limits: Limits) -> None:
    """Refuse ZIP bombs from the central directory alone: entry count, sizes, ratios."""
    entries = archive.infolist()
    if len(entries) > limits.max_zip_entries:
        raise ZipBomb(f"the DOCX has {len(entries)} entries (limit {limits.max_zip_entries})")
    total = 0
    for info in entries:
        total += info.file_size
        if info.file_size > limits.max_stream_bytes:
            raise ZipBomb(
                f"a DOCX part inflates to {info.file_size / 1e6:.0f} MB "
                f"(limit {limits.max_stream_bytes / 1e6:.0f} MB)"
            )
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > 1_000_000 and ratio > limits.max_zip_ratio:
            raise ZipBomb(f"a DOCX part is compressed {ratio:.0f}:1 (a ZIP bomb)")
    if total > limits.max_zip_total_bytes:
        raise ZipBomb(f"the DOCX inflates to {total / 1e6:.0f} MB in all")


def inspect_docx(data: bytes, *, limits: Limits = Limits()) -> DocxReview:  # noqa: B008
    """Safety checks plus the text of body, headers, footers, notes and comments."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError) as exc:
        raise CorruptDocument("the DOCX is not a readable ZIP archive") from exc
    with archive:
        check_zip(archive, limits)
        names = archive.namelist()
        if "word/document.xml" not in names:
            raise CorruptDocument("the DOCX has no word/document.xml")
        parts = sorted(
            (n for n in names if n.startswith(_PARTS_PREFIXES) and n.endswith(".xml")),
            key=_reading_order,
        )
        texts: list[str] = []
        comments = insertions = deletions = 0
        for name in parts:
            root = _parse_part(archive, name, limits)
            if name.startswith("word/comments"):
                comments += sum(1 for _ in root.iter(f"{W}comment"))
            insertions += sum(1 for _ in root.iter(f"{W}ins"))
            deletions += sum(1 for _ in root.iter(f"{W}del"))
            texts.append(_part_text(root))
    return DocxReview(
        text="\n".join(t for t in texts if t), comments=comments, insertions=insertions,
        deletions=deletions,
    )  # fmt: skip


def _reading_order(name: str) -> tuple[int, str]:
    # Headers first, then the body, notes, comments, footers: as a reader meets them.
    for rank, prefix in enumerate(("word/header", "word/document", "word/footnotes",
                                   "word/endnotes", "word/comments", "word/footer")):  # fmt: skip
        if name.startswith(prefix):
            return rank, name
    return 99, name


def _parse_part(archive: zipfile.ZipFile, name: str, limits: Limits) -> etree._Element:
    parser = etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        huge_tree=False,
        dtd_validation=False,
    )
    try:
        with archive.open(name) as stream:
            raw = stream.read(limits.max_stream_bytes + 1)
    except (zipfile.BadZipFile, OSError, EOFError) as exc:
        raise CorruptDocument(
            f"the DOCX part {name} cannot be read (damaged or truncated)"
        ) from exc
    if len(raw) > limits.max_stream_bytes:
        raise ZipBomb(f"the DOCX part {name} inflates past the size limit")
    head = raw[:4096].lower()
    if b"<!doctype" in head or b"<!entity" in raw[:65536].lower():
        # Word never writes a DTD: entity declarations are an attack (billion laughs, XXE).
        raise MaliciousXml(f"the DOCX part {name} declares a DTD or XML entities")
    try:
        root = etree.fromstring(raw, parser=parser)
    except etree.XMLSyntaxError as exc:
        raise CorruptDocument(f"the DOCX part {name} is not well-formed XML") from exc
    if root.getroottree().docinfo.internalDTD is not None:
        raise MaliciousXml(f"the DOCX part {name} declares a DTD or XML entities")
    return root


def _part_text(root: etree._Element) -> str:
    """Paragraph texts (table cells included) in document order; deleted text kept."""
    lines: list[str] = []
    for paragraph in root.iter(f"{W}p"):
        pieces = [node.text or "" for node in paragraph.iter(f"{W}t", f"{W}delText")]
        lines.append("".join(pieces))
    return "\n".join(lines).strip()


def render_docx_pdf(data: bytes, *, timeout: float) -> bytes:
    """DOCX -> PDF with LibreOffice headless, own profile folder, killed on timeout."""
    with tempfile.TemporaryDirectory(prefix="casedesk-soffice-") as tmp:
        folder = pathlib.Path(tmp)
        source = folder / "input.docx"
        source.write_bytes(data)
        out = folder / "out"
        command = [
            "soffice",
            f"-env:UserInstallation={(folder / 'profile').as_uri()}",
            "--headless",
            "--norestore",
            "--nologo",
            "--convert-to",
            "pdf:writer_pdf_Export",
            "--outdir",
            str(out),
            str(source),
        ]
        env = dict(os.environ, HOME=str(folder))
        try:
            process = subprocess.Popen(
                command,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                env=env,
                start_new_session=True,
            )
        except FileNotFoundError as exc:
            raise ToolMissing("DOCX conversion is not available: soffice is not installed") from exc
        try:
            _, err = process.communicate(timeout=timeout)
        except subprocess.TimeoutExpired as exc:
            os.killpg(process.pid, signal.SIGKILL)
            process.communicate()
            raise ResourceLimit(
                f"the DOCX conversion exceeded the time limit ({timeout:g} s)", limit="time"
            ) from exc
        finally:
            _kill_leftovers(process.pid)
        result = out / "input.pdf"
        if process.returncode != 0 or not result.is_file():
            detail = err.decode("utf-8", "replace").strip().splitlines()[-1:] or ["no output"]
            raise ConversionFailed(f"LibreOffice could not convert the DOCX ({detail[0]})")
        return result.read_bytes()


def _kill_leftovers(group: int) -> None:
    # soffice.bin may outlive the launcher: its group is ours to end.
    try:
        os.killpg(group, signal.SIGKILL)
    except ProcessLookupError:
        return
