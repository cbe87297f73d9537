"""One entry point: bytes in, ``Document`` out, dispatched by the sniffed type (not the name).

``read_document`` runs in the calling process; ``read_document_isolated`` runs the same in a
child process under the hard limits of ``Limits`` (what the worker should call), and
``read_text_isolated`` keeps only the text (what fact extraction needs).
"""

from __future__ import annotations

import pathlib
from collections.abc import Callable, Iterable
from dataclasses import replace

from core.vocab import DocumentType
from extraction.document import Document, Page
from extraction.language import document_language
from extraction.limits import Limits
from extraction.readers.docx import Convert, read_docx
from extraction.readers.image import read_image
from extraction.readers.mail import read_eml
from extraction.readers.msg import read_msg
from extraction.readers.pdf import PageRange, PdfPlan, plan_pdf, read_pdf, read_pdf_pages
from extraction.readers.text import read_text
from extraction.sandbox import run_isolated
from extraction.sniff import SniffResult, extension_mismatch, sniff_type

FLAG_EXTENSION_MISMATCH = "extension_mismatch"

_Reader = Callable[[bytes, str | None, Limits, Convert | None], Document]

_READERS: dict[DocumentType, _Reader] = {
    DocumentType.PDF: lambda data, password, limits, _convert: read_pdf(
        data, password=password, limits=limits
    ),
    DocumentType.DOCX: lambda data, _password, limits, convert: read_docx(
        data, limits=limits, convert=convert
    ),
    DocumentType.EML: lambda data, _password, limits, _convert: read_eml(data, limits=limits),
    DocumentType.MSG: lambda data, _password, limits, _convert: read_msg(data, limits=limits),
    DocumentType.TXT: lambda data, _password, limits, _convert: read_text(data, limits=limits),
    DocumentType.PNG: lambda data, _password, limits, _convert: read_image(
        data, kind=DocumentType.PNG.value, limits=limits
    ),
    DocumentType.JPEG: lambda data, _password, limits, _convert: read_image(
        data, kind=DocumentType.JPEG.value, limits=limits
    ),
    DocumentType.TIFF: lambda data, _password, limits, _convert: read_image(
        data, kind=DocumentType.TIFF.value, limits=limits
    ),
}


def read_document(
    data: bytes,
    *,
    filename: str = "",
    password: str | None = None,
    limits: Limits = Limits(),  # noqa: B008 - a frozen value, safe as a default
    convert: Convert | None = None,
) -> Document:
    """Sniff ``data`` and read it with the matching reader. Raises ``AppError`` subclasses.
    ``convert``: a running LibreOffice for a DOCX (see ``read_docx``)."""
    sniffed = sniff_bytes(data)
    return _named(_READERS[sniffed.type](data, password, limits, convert), filename, sniffed)


def _named(document: Document, filename: str, sniffed: SniffResult) -> Document:
    """The document with the warning and flag for a name that claims another type, if so."""
    warning = name_warning(filename, sniffed)
    if not warning:
        return document
    return replace(
        document,
        warnings=(*document.warnings, warning),
        flags=document.flags | {FLAG_EXTENSION_MISMATCH},
    )


def name_warning(filename: str, sniffed: SniffResult) -> str | None:
    """The warning for a file whose name claims another type than its content, if it does."""
    if not filename or not extension_mismatch(filename, sniffed.type):
        return None
    suffix = pathlib.PurePath(filename.replace("\\", "/")).suffix
    return f"the file name ends in {suffix!r} but the content is: {sniffed.description}"


def read_document_isolated(
    data: bytes,
    *,
    filename: str = "",
    password: str | None = None,
    limits: Limits = Limits(),  # noqa: B008 - a frozen value, safe as a default
    convert: Convert | None = None,
) -> Document:
    """``read_document`` in a child process with memory, CPU and wall-clock limits."""
    return run_isolated(_read_in_child, data, filename, password, limits, convert, limits=limits)


# Pages read per child process when only the text is wanted (as the worker's range tasks).
TEXT_PAGES_PER_READ = 50


def read_text_isolated(
    data: bytes,
    *,
    filename: str = "",
    password: str | None = None,
    limits: Limits = Limits(),  # noqa: B008 - a frozen value, safe as a default
    pages_per_read: int = TEXT_PAGES_PER_READ,
    convert: Convert | None = None,
) -> Document:
    """``read_document_isolated`` for callers that need the text alone (fact extraction):
    pages come without their character boxes, and a PDF is read ``pages_per_read`` pages at a
    time, each range in its own limited child. A box per character is most of what a read
    page holds (about 150 bytes a character once unpickled), so reading a 500-page PDF whole
    held 400 MiB of boxes nobody would look at."""
    sniffed = sniff_bytes(data)
    if sniffed.type is not DocumentType.PDF:
        return run_isolated(
            _text_in_child, data, filename, password, limits, convert, limits=limits
        )
    plan = plan_pdf_isolated(data, password=password, limits=limits)
    pages: list[Page] = []
    warnings = list(plan.warnings)
    flags = set(plan.flags)
    step = max(1, pages_per_read)
    for first in range(1, plan.page_count + 1, step):
        last = min(plan.page_count, first + step - 1)
        read = run_isolated(
            _text_pages_in_child, plan.pdf, first, last, tuple(plan.missing), limits, limits=limits
        )
        pages.extend(read.pages)
        warnings.extend(read.warnings)
        flags |= read.flags
    document = Document(
        kind=DocumentType.PDF.value,
        pages=tuple(pages),
        pdf=plan.pdf,
        language=document_language(pages),
        warnings=tuple(warnings),
        flags=frozenset(flags),
    )
    return _named(document, filename, sniffed)


def _without_boxes(pages: Iterable[Page]) -> tuple[Page, ...]:
    return tuple(replace(page, char_boxes=()) for page in pages)


def _text_in_child(
    data: bytes, filename: str, password: str | None, limits: Limits, convert: Convert | None
) -> Document:
    document = read_document(
        data, filename=filename, password=password, limits=limits, convert=convert
    )
    return replace(document, pages=_without_boxes(document.pages))


def _text_pages_in_child(
    pdf: bytes, first: int, last: int, missing: tuple[int, ...], limits: Limits
) -> PageRange:
    read = read_pdf_pages(pdf, first, last, missing=missing, limits=limits)
    return replace(read, pages=_without_boxes(read.pages))


def plan_pdf_isolated(
    data: bytes,
    *,
    password: str | None = None,
    limits: Limits = Limits(),  # noqa: B008 - a frozen value, safe as a default
) -> PdfPlan:
    """``plan_pdf`` (structure, encryption, repair, page count) in a limited child process."""
    return run_isolated(_plan_in_child, data, password, limits, limits=limits)


def read_pdf_pages_isolated(
    pdf: bytes,
    first: int,
    last: int,
    *,
    missing: tuple[int, ...] = (),
    limits: Limits = Limits(),  # noqa: B008 - a frozen value, safe as a default
) -> PageRange:
    """Pages ``first``..``last`` of a planned PDF, read in a limited child process: a big
    or scanned document is read a range at a time, each range under its own limits."""
    return run_isolated(_pages_in_child, pdf, first, last, missing, limits, limits=limits)


def _plan_in_child(data: bytes, password: str | None, limits: Limits) -> PdfPlan:
    return plan_pdf(data, password=password, limits=limits)


def _pages_in_child(
    pdf: bytes, first: int, last: int, missing: tuple[int, ...], limits: Limits
) -> PageRange:
    return read_pdf_pages(pdf, first, last, missing=missing, limits=limits)


def _read_in_child(
    data: bytes, filename: str, password: str | None, limits: Limits, convert: Convert | None
) -> Document:
    # Module-level, so the sandbox can name it across the process boundary.
    return read_document(data, filename=filename, password=password, limits=limits, convert=convert)


def sniff_bytes(data: bytes) -> SniffResult:
    """``sniff_type`` for a file already in memory (ZIP/OLE2 checks see the whole file)."""
    return sniff_type(data)
