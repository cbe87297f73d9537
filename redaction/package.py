"""An FOI disclosure package: documents merged in order, pages stamped, an index and a log.

Pure: redacted PDF bytes and what to keep in, one PDF and a CSV redaction log out. Every page
is stamped in its content stream (``REQ-2026-0042 — page 17 of 240``), never as an annotation;
not-responsive and duplicate pages are left out and listed in the index and the log; a page
withheld in full is replaced by a placeholder page naming the section it is withheld under, so
the requester sees where it was and why.
A consult copy (boxes outlined, text still visible, "NOT FOR RELEASE") is built the same way.
"""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Sequence
from dataclasses import dataclass

import pikepdf
from reportlab.lib.pagesizes import letter  # type: ignore[import-untyped]
from reportlab.pdfgen.canvas import Canvas  # type: ignore[import-untyped]

from core.errors import CorruptPdf, EncryptedPdf, InvalidInput
from extraction.document import Box
from redaction.labels import helvetica
from redaction.pdf_fonts import text_width

STAMP_SIZE = 8.0
# Left-out pages that take a placeholder page in the package (the others are only listed).
PLACEHOLDER_DISPOSITIONS = frozenset({"withheld_in_full"})
ROWS_PER_PAGE = 38
WATERMARK = "NOT FOR RELEASE"
CSV_COLUMNS = (
    "package_page",
    "document",
    "document_page",
    "action",
    "exemption_code",
    "reason",
    "count",
)


@dataclass(frozen=True, slots=True)
class LogEntry:
    """Redactions of one exemption code on one page of a source document."""

    document_page: int
    exemption_code: str
    reason: str
    count: int


@dataclass(frozen=True, slots=True)
class LeftOut:
    """A page not in the package: withheld in full, not responsive, or a duplicate."""

    document_page: int
    disposition: str
    exemption_code: str = ""
    reason: str = ""


@dataclass(frozen=True, slots=True)
class PackageDocument:
    """One document of the package: its (redacted) PDF and the pages to include, in order."""

    title: str  # no personal values: e.g. "CASE-2026-0001 / document 12"
    pdf: bytes
    pages: tuple[int, ...]
    left_out: tuple[LeftOut, ...] = ()
    log: tuple[LogEntry, ...] = ()


def package_sequence(doc: PackageDocument) -> list[tuple[int, LeftOut | None]]:
    """The document's pages in package order: (page, None) kept, (page, LeftOut) placeholder."""
    placeholders = {
        out.document_page: out
        for out in doc.left_out
        if out.disposition in PLACEHOLDER_DISPOSITIONS
    }
    kept: list[tuple[int, LeftOut | None]] = [(n, None) for n in doc.pages]
    if list(doc.pages) != sorted(doc.pages):  # an explicit order: placeholders follow it
        return kept + sorted(placeholders.items())
    return sorted(kept + list(placeholders.items()), key=lambda item: item[0])


@dataclass(frozen=True, slots=True)
class LogRow:
    package_page: int | None
    document: str
    document_page: int
    action: str
    exemption_code: str
    reason: str
    count: int


@dataclass(frozen=True, slots=True)
class Package:
    pdf: bytes
    csv: bytes
    pages: int
    index_pages: int
    log_pages: int
    rows: tuple[LogRow, ...]


def stamp_text(number: str, page: int, total: int) -> str:
    return f"{number} \u2014 page {page} of {total}"


def build_package(
    number: str, documents: Sequence[PackageDocument], *, consult: bool = False
) -> Package:
    """Merge, stamp, index and log; ``consult`` adds the NOT FOR RELEASE watermark."""
    if not documents:
        raise InvalidInput("a package needs at least one document")
    sequences = [package_sequence(d) for d in documents]
    content_pages = sum(len(sequence) for sequence in sequences)
    index_pages = max(1, math.ceil((len(documents) + 1) / ROWS_PER_PAGE))
    first = index_pages + 1
    starts: list[int] = []
    rows: list[LogRow] = []
    for doc, sequence in zip(documents, sequences, strict=True):
        starts.append(first)
        where = {p: first + i for i, (p, out) in enumerate(sequence) if out is None}
        placeholder_at = {p: first + i for i, (p, out) in enumerate(sequence) if out is not None}
        for entry in sorted(doc.log, key=lambda e: (e.document_page, e.exemption_code)):
            if entry.document_page in where:
                rows.append(
                    LogRow(
                        where[entry.document_page],
                        doc.title,
                        entry.document_page,
                        "redacted",
                        entry.exemption_code,
                        entry.reason,
                        entry.count,
                    )
                )
        for out in sorted(doc.left_out, key=lambda o: o.document_page):
            rows.append(
                LogRow(
                    placeholder_at.get(out.document_page),
                    doc.title,
                    out.document_page,
                    out.disposition,
                    out.exemption_code,
                    out.reason,
                    1,
                )
            )
        first += len(sequence)
    log_pages = max(1, math.ceil((len(rows) + 1) / ROWS_PER_PAGE))
    total = index_pages + content_pages + log_pages
    index_pdf = _render_index(number, documents, sequences, starts, index_pages, total, consult)
    log_pdf = _render_log(number, rows, log_pages)
    merged = _merge(index_pdf, documents, sequences, log_pdf, number, total, consult)
    return Package(merged, render_log_csv(rows), total, index_pages, log_pages, tuple(rows))


def render_log_csv(rows: Sequence[LogRow]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for row in rows:
        writer.writerow(
            [
                row.package_page or "",
                row.document,
                row.document_page,
                row.action,
                row.exemption_code,
                row.reason,
                row.count,
            ]
        )
    return out.getvalue().encode()


# --- index and log pages (reportlab) ------------------------------------------------------------


def _table_pages(
    title: str,
    header: Sequence[str],
    widths: Sequence[float],
    rows: Sequence[Sequence[str]],
    pages: int,
    consult: bool = False,
) -> bytes:
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=letter, invariant=True, pageCompression=1)
    _, height = letter
    for page in range(pages):
        chunk = rows[page * ROWS_PER_PAGE : (page + 1) * ROWS_PER_PAGE]
        canvas.setFont("Helvetica-Bold", 14)
        canvas.drawString(54, height - 60, title + (" (continued)" if page else ""))
        if consult:
            canvas.setFont("Helvetica-Bold", 11)
            canvas.drawString(54, height - 78, WATERMARK)
        y = height - 100
        canvas.setFont("Helvetica-Bold", 9)
        x = 54.0
        for name, w in zip(header, widths, strict=True):
            canvas.drawString(x, y, name)
            x += w
        canvas.setFont("Helvetica", 9)
        for row in chunk:
            y -= 16
            x = 54.0
            for cell, w in zip(row, widths, strict=True):
                canvas.drawString(x, y, _fit(cell, w - 6, 9))
                x += w
        if not chunk and page == 0:
            canvas.drawString(54, y - 16, "(none)")
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def _fit(text: str, width: float, size: float) -> str:
    if text_width(text, size) <= width:
        return text
    while text and text_width(text + "...", size) > width:
        text = text[:-1]
    return text + "..."


def _render_index(
    number: str,
    documents: Sequence[PackageDocument],
    sequences: Sequence[Sequence[tuple[int, LeftOut | None]]],
    starts: Sequence[int],
    pages: int,
    total: int,
    consult: bool,
) -> bytes:
    rows = []
    for doc, sequence, start in zip(documents, sequences, starts, strict=True):
        span = f"{start}-{start + len(sequence) - 1}" if sequence else "-"
        left: dict[str, int] = {}
        for out in doc.left_out:
            left[out.disposition] = left.get(out.disposition, 0) + 1
        note = ", ".join(f"{k.replace('_', ' ')}: {v}" for k, v in sorted(left.items()))
        rows.append([doc.title, span, str(len(sequence)), note])
    title = f"{number} \u2014 index of {total} pages"
    header = ("Document", "Package pages", "Pages", "Pages left out")
    return _table_pages(title, header, (200, 90, 50, 170), rows, pages, consult)


def _render_log(number: str, rows: Sequence[LogRow], pages: int) -> bytes:
    cells = [
        [
            str(r.package_page or "-"),
            _fit(r.document, 110, 9),
            str(r.document_page),
            r.action.replace("_", " "),
            r.exemption_code,
            r.reason,
            str(r.count),
        ]
        for r in rows
    ]
    header = ("Page", "Document", "Doc. page", "Action", "Exemption", "Reason", "Count")
    widths = (40, 116, 52, 90, 90, 80, 36)
    return _table_pages(f"{number} \u2014 redaction log", header, widths, cells, pages)


# --- merge and stamp (pikepdf) ------------------------------------------------------------------


def _open(pdf: bytes) -> pikepdf.Pdf:
    try:
        return pikepdf.open(io.BytesIO(pdf))
    except pikepdf.PasswordError as exc:
        raise EncryptedPdf("a document of the package needs a password") from exc
    except pikepdf.PdfError as exc:
        raise CorruptPdf("a document of the package could not be parsed") from exc


def _render_placeholders(
    doc: PackageDocument, source: pikepdf.Pdf, withheld: Sequence[LeftOut]
) -> bytes:
    """One page per page withheld in full, the size of the page it stands for."""
    buffer = io.BytesIO()
    canvas = Canvas(buffer, invariant=True, pageCompression=1)
    count = len(source.pages)
    for out in withheld:
        if not 1 <= out.document_page <= count:
            raise InvalidInput(f"page {out.document_page} is not in a {count}-page document")
        area = _media(source.pages[out.document_page - 1])
        width, height = area.x1 - area.x0, area.y1 - area.y0
        canvas.setPageSize((width, height))
        canvas.setLineWidth(1.5)
        canvas.rect(36, 36, width - 72, height - 72)
        top = height / 2 + 40
        canvas.setFont("Helvetica-Bold", 18)
        canvas.drawCentredString(width / 2, top, "Page withheld in full")
        canvas.setFont("Helvetica", 11)
        canvas.drawCentredString(
            width / 2, top - 28, _fit(f"{doc.title}, page {out.document_page}", width - 100, 11)
        )
        under = out.exemption_code or "an exemption of the Act"
        canvas.drawCentredString(
            width / 2, top - 48, _fit(f"Withheld under {under}", width - 100, 11)
        )
        if out.reason:
            canvas.drawCentredString(width / 2, top - 68, _fit(out.reason, width - 100, 11))
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def _merge(
    index_pdf: bytes,
    documents: Sequence[PackageDocument],
    sequences: Sequence[Sequence[tuple[int, LeftOut | None]]],
    log_pdf: bytes,
    number: str,
    total: int,
    consult: bool,
) -> bytes:
    out = pikepdf.new()
    opened: list[pikepdf.Pdf] = []

    def append_all(pdf_bytes: bytes) -> None:
        source = _open(pdf_bytes)
        opened.append(source)
        for page in source.pages:
            out.pages.append(page)

    try:
        append_all(index_pdf)
        for doc, sequence in zip(documents, sequences, strict=True):
            source = _open(doc.pdf)
            opened.append(source)
            count = len(source.pages)
            withheld = [left for _, left in sequence if left is not None]
            placeholders = _open(_render_placeholders(doc, source, withheld)) if withheld else None
            if placeholders is not None:
                opened.append(placeholders)
            next_placeholder = 0
            for page_number, left in sequence:
                if left is not None and placeholders is not None:
                    out.pages.append(placeholders.pages[next_placeholder])
                    next_placeholder += 1
                    continue
                if not 1 <= page_number <= count:
                    raise InvalidInput(f"page {page_number} is not in a {count}-page document")
                out.pages.append(source.pages[page_number - 1])
        append_all(log_pdf)
        font = helvetica(out)
        for i, page in enumerate(out.pages, start=1):
            _stamp(out, page, font, stamp_text(number, i, total), consult)
        buffer = io.BytesIO()
        out.save(
            buffer,
            compress_streams=True,
            deterministic_id=True,
            object_stream_mode=pikepdf.ObjectStreamMode.generate,
        )
        return buffer.getvalue()
    finally:
        out.close()
        for source in opened:
            source.close()


def _pdf_string(text: str) -> bytes:
    """Text as a PDF literal string in WinAnsi encoding (Helvetica, no embedding)."""
    raw = text.encode("cp1252", errors="replace")
    escaped = raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")
    return b"(" + escaped + b")"


def _media(page: pikepdf.Page) -> Box:
    box = page.obj.get("/CropBox") or page.mediabox
    x0, y0, x1, y1 = (float(v) for v in box)
    return Box(min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1))


def _stamp(
    pdf: pikepdf.Pdf, page: pikepdf.Page, font: pikepdf.Object, text: str, consult: bool
) -> None:
    name = page.add_resource(font, pikepdf.Name.Font, prefix="CdStamp", replace_existing=False)
    area = _media(page)
    width = text_width(text, STAMP_SIZE)
    x = area.x1 - width - 24
    y = area.y0 + 14
    font_op = f"{name} {STAMP_SIZE:g} Tf".encode()
    ops = [
        b"q 1 g",
        f"{x - 3:.2f} {y - 3:.2f} {width + 6:.2f} {STAMP_SIZE + 5:.2f} re f".encode(),
        b"0 g BT",
        font_op,
        f"1 0 0 1 {x:.2f} {y:.2f} Tm".encode(),
        _pdf_string(text) + b" Tj ET Q",
    ]
    if consult:
        size = max(24.0, min(area.x1 - area.x0, area.y1 - area.y0) / 9)
        wm_width = text_width(WATERMARK, size)
        cx, cy = (area.x0 + area.x1) / 2, (area.y0 + area.y1) / 2
        c, s = math.cos(math.pi / 4), math.sin(math.pi / 4)
        ox = cx - c * wm_width / 2 + s * size / 3
        oy = cy - s * wm_width / 2 - c * size / 3
        ops += [
            b"q 0.85 0.1 0.1 rg BT",
            f"{name} {size:.1f} Tf".encode(),
            f"{c:.4f} {s:.4f} {-s:.4f} {c:.4f} {ox:.2f} {oy:.2f} Tm".encode(),
            _pdf_string(WATERMARK) + b" Tj ET Q",
        ]
    # Whatever graphics state the page leaves behind must not move or hide the stamp.
    page.contents_add(pdf.make_stream(b"q\n"), prepend=True)
    page.contents_add(pdf.make_stream(b"\nQ\n" + b"\n".join(ops) + b"\n"))


def outline_boxes(pdf: bytes, boxes: Sequence[tuple[int, Box, str]]) -> bytes:
    """A consult copy of one document: each (page, box, code) outlined in red, text visible."""
    doc = _open(pdf)
    try:
        font = helvetica(doc)
        by_page: dict[int, list[tuple[Box, str]]] = {}
        for number, box, code in boxes:
            by_page.setdefault(number, []).append((box, code))
        for number, items in by_page.items():
            if not 1 <= number <= len(doc.pages):
                raise InvalidInput(f"a box is on page {number} of a {len(doc.pages)}-page PDF")
            page = doc.pages[number - 1]
            name = page.add_resource(
                font, pikepdf.Name.Font, prefix="CdCode", replace_existing=False
            )
            ops = [b"q 0.85 0.1 0.1 RG 1 w"]
            for box, code in items:
                width, height = box.x1 - box.x0, box.y1 - box.y0
                ops.append(f"{box.x0:.2f} {box.y0:.2f} {width:.2f} {height:.2f} re S".encode())
                ops.append(
                    b"BT 0.85 0.1 0.1 rg "
                    + f"{name} 5 Tf 1 0 0 1 {box.x0:.2f} {box.y1 + 1:.2f} Tm ".encode()
                    + _pdf_string(code)
                    + b" Tj ET"
                )
            ops.append(b"Q")
            page.contents_add(doc.make_stream(b"q\n"), prepend=True)
            page.contents_add(doc.make_stream(b"\nQ\n" + b"\n".join(ops) + b"\n"))
        buffer = io.BytesIO()
        doc.save(buffer, compress_streams=True, deterministic_id=True)
        return buffer.getvalue()
    finally:
        doc.close()
