"""PDF reader: structural checks and repair (pikepdf), text and character boxes (pypdfium2), OCR.

Pages are read one at a time and closed at once, so memory does not grow with page count.
Pages without (or with almost no) text layer, and mostly-image pages, are OCR'd in chunks.
"""

from __future__ import annotations

import ctypes
import io
import unicodedata
import zlib
from collections.abc import Iterator
from ctypes import byref, c_double
from dataclasses import dataclass, field

import pikepdf
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
from PIL import Image

from core.errors import CorruptPdf, EncryptedPdf, ImageTooLarge, ResourceLimit, TooManyPages
from core.pdfium_lock import pdfium_serialised
from core.vocab import DocumentType
from extraction.document import Box, Document, Page
from extraction.language import detect_language, document_language
from extraction.limits import Limits
from extraction.readers.ocr import (
    OcrText,
    PixelToPoints,
    despeckle,
    rotated_mapper,
    run_tesseract,
    words_to_text,
)

# A page with fewer visible characters than this has no usable text layer: OCR it.
MIN_TEXT_CHARS = 20
# A page whose images cover this share of it, with little text, is "mostly image".
MOSTLY_IMAGE_COVERAGE = 0.5
MOSTLY_IMAGE_MAX_CHARS = 200

FLAG_OWNER_PASSWORD = "owner_password"  # noqa: S105 - a flag name, not a secret
FLAG_DECRYPTED = "decrypted_with_password"
FLAG_REPAIRED = "repaired"
FLAG_PARTIAL = "partial"
FLAG_OCR = "ocr"
FLAG_MOSTLY_IMAGE = "mostly_image_pages"
FLAG_JAVASCRIPT = "javascript"


@dataclass(slots=True)
class PdfPlan:
    """What the structural pass found: ``pdf`` is the bytes every later step reads (repaired
    or decrypted when needed), ``page_count`` the pages all engines agree on."""

    pdf: bytes
    page_count: int
    warnings: list[str] = field(default_factory=list)
    flags: set[str] = field(default_factory=set)
    missing: list[int] = field(default_factory=list)  # 1-based pages without content


@dataclass(frozen=True, slots=True)
class PageRange:
    """Pages ``first``..``last`` (1-based, inclusive) of a planned PDF, as read."""

    pages: tuple[Page, ...]
    warnings: tuple[str, ...] = ()
    flags: frozenset[str] = frozenset()


@pdfium_serialised
def read_pdf(
    data: bytes,
    *,
    password: str | None = None,
    limits: Limits = Limits(),  # noqa: B008 - a frozen value, safe as a default
    kind: str = DocumentType.PDF.value,
    ocr: bool = True,
) -> Document:
    """Read a PDF: every page's text with a box per character (OCR where there is no text)."""
    plan = plan_pdf(data, password=password, limits=limits)
    read = read_pdf_pages(
        plan.pdf, 1, plan.page_count, missing=plan.missing, limits=limits, ocr=ocr
    )
    return Document(
        kind=kind,
        pages=read.pages,
        pdf=plan.pdf,
        language=document_language(list(read.pages)),
        warnings=(*plan.warnings, *read.warnings),
        flags=frozenset(plan.flags | read.flags),
    )


@pdfium_serialised
def plan_pdf(
    data: bytes,
    *,
    password: str | None = None,
    limits: Limits = Limits(),  # noqa: B008 - a frozen value, safe as a default
) -> PdfPlan:
    """The structural pass alone (encryption, repair, page tree, stream sizes): cheap next to
    reading the pages, so a big document is planned once and read in page ranges."""
    plan = _preflight(data, password, limits)
    try:
        document = pdfium.PdfDocument(plan.pdf)
    except pdfium.PdfiumError as exc:
        raise CorruptPdf("corrupt PDF: the page content cannot be read") from exc
    try:
        if len(document) != plan.page_count:
            plan.warnings.append(
                f"page count differs between PDF engines ({len(document)} vs "
                f"{plan.page_count}); using {min(len(document), plan.page_count)}"
            )
        plan.page_count = min(len(document), plan.page_count)
    finally:
        document.close()
    if plan.page_count == 0:
        raise CorruptPdf("corrupt PDF: no readable pages")
    return plan


@pdfium_serialised
def read_pdf_pages(
    pdf: bytes,
    first: int,
    last: int,
    *,
    missing: list[int] | tuple[int, ...] = (),
    limits: Limits = Limits(),  # noqa: B008 - a frozen value, safe as a default
    ocr: bool = True,
) -> PageRange:
    """Pages ``first``..``last`` (1-based, inclusive) of a PDF that ``plan_pdf`` returned."""
    pages: list[Page] = []
    needs_ocr: list[int] = []
    warnings: list[str] = []
    flags: set[str] = set()
    try:
        document = pdfium.PdfDocument(pdf)
    except pdfium.PdfiumError as exc:
        raise CorruptPdf("corrupt PDF: the page content cannot be read") from exc
    try:
        last = min(last, len(document))
        for index in range(first - 1, last):
            page, wants_ocr, mostly_image = _read_page(document, index)
            if (wants_ocr or mostly_image) and index + 1 not in missing:
                needs_ocr.append(index - (first - 1))
            if mostly_image:
                flags.add(FLAG_MOSTLY_IMAGE)
            pages.append(page)
        if needs_ocr and ocr:
            pages = _ocr_pages(document, pages, needs_ocr, limits)
            flags.add(FLAG_OCR)
    finally:
        document.close()
    if needs_ocr and not ocr:
        warnings.append(f"{len(needs_ocr)} page(s) without a text layer were not OCR'd")
    return PageRange(pages=tuple(pages), warnings=tuple(warnings), flags=frozenset(flags))


# --- structure: encryption, repair, page tree, stream and image sizes -------------------------


def _preflight(data: bytes, password: str | None, limits: Limits) -> PdfPlan:
    try:
        pdf = pikepdf.open(io.BytesIO(data), password=password or "")
    except pikepdf.PasswordError as exc:
        if password:
            raise EncryptedPdf("encrypted PDF: the supplied password is wrong") from exc
        raise EncryptedPdf("encrypted PDF: a password is needed") from exc
    except RecursionError as exc:
        raise CorruptPdf("corrupt PDF: objects nested too deeply") from exc
    except pikepdf.PdfError as exc:
        raise CorruptPdf(f"corrupt PDF: {_reason(exc)}") from exc
    with pdf:
        warnings: list[str] = []
        flags: set[str] = set()
        damage = [w for w in pdf.get_warnings() if "damaged" in w or "reconstruct" in w]
        try:
            page_count = len(pdf.pages)
        except (pikepdf.PdfError, RecursionError) as exc:
            # qpdf detects /Kids loops; other engines silently return zero or too many pages.
            raise CorruptPdf(f"corrupt PDF: broken page tree ({_reason(exc)})") from exc
        if page_count == 0:
            raise CorruptPdf("corrupt PDF: the document has no pages")
        if page_count > limits.max_pages:
            raise TooManyPages(
                f"the PDF has {page_count} pages, more than the limit of {limits.max_pages}"
            )
        _check_streams(pdf, limits)
        if _has_javascript(pdf):
            flags.add(FLAG_JAVASCRIPT)
            warnings.append(
                "the PDF contains JavaScript or an action run on opening (never executed)"
            )
        rewrite = False
        missing: list[int] = []
        if pdf.is_encrypted:
            if password:
                flags.add(FLAG_DECRYPTED)
                warnings.append("decrypted with the supplied password")
                rewrite = True  # later steps must read it without the password
            else:
                flags.add(FLAG_OWNER_PASSWORD)
                warnings.append(
                    "the PDF has an owner password restricting copying or printing; "
                    "processed anyway: the officer should check the sender's intent"
                )
        if damage:
            flags.add(FLAG_REPAIRED)
            warnings.append("the PDF was damaged (cross-reference data) and has been repaired")
            rewrite = True
            missing = _pages_without_content(pdf)
            if missing:
                flags.add(FLAG_PARTIAL)
                warnings.append(
                    "the PDF is incomplete: no readable content on page(s) " + _ranges(missing)
                )
        out = data
        if rewrite:
            buffer = io.BytesIO()
            try:
                pdf.save(buffer, encryption=False)
            except (pikepdf.PdfError, RecursionError) as exc:
                raise CorruptPdf(f"corrupt PDF: repair failed ({_reason(exc)})") from exc
            out = buffer.getvalue()
    if damage and not password:
        # qpdf and pdfium reconstruct damaged files differently; keep the repair that
        # recovered more pages (pdfium's is written out as a clean, complete file).
        alternative = _pdfium_repair(data)
        if alternative is not None and alternative[1] > page_count:
            warnings.append(
                f"the repair kept {alternative[1]} pages (another engine recovered {page_count})"
            )
            out, page_count = alternative
    return PdfPlan(pdf=out, page_count=page_count, warnings=warnings, flags=flags, missing=missing)


@pdfium_serialised
def _pdfium_repair(data: bytes) -> tuple[bytes, int] | None:
    try:
        document = pdfium.PdfDocument(data)
    except pdfium.PdfiumError:
        return None
    try:
        buffer = io.BytesIO()
        document.save(buffer)
        count = len(document)
    except pdfium.PdfiumError:
        return None
    finally:
        document.close()
    return buffer.getvalue(), count


def _check_streams(pdf: pikepdf.Pdf, limits: Limits) -> None:
    """Refuse decompression bombs and huge images before any engine decodes them."""
    for obj in pdf.objects:
        if not isinstance(obj, pikepdf.Stream):
            continue
        try:
            subtype = obj.get("/Subtype")
            if subtype == pikepdf.Name.Image:
                width, height = int(obj.get("/Width", 0)), int(obj.get("/Height", 0))
                if width * height > limits.max_image_pixels:
                    raise ImageTooLarge(
                        f"an image in the PDF is {width} x {height} pixels "
                        f"({width * height / 1e6:.0f} MP), over the limit of "
                        f"{limits.max_image_pixels / 1e6:.0f} MP"
                    )
            filters = obj.get("/Filter")
            if filters == pikepdf.Name.FlateDecode or (
                isinstance(filters, pikepdf.Array)
                and len(filters) > 0
                and filters[0] == pikepdf.Name.FlateDecode
            ):
                _check_inflated_size(obj.read_raw_bytes(), limits.max_stream_bytes)
        except (pikepdf.PdfError, ValueError, TypeError, RecursionError):
            continue  # an unreadable stream is the renderer's problem, not a bomb


def _check_inflated_size(raw: bytes, limit: int) -> None:
    # Inflate in bounded steps and stop at the limit: never hold the whole stream.
    inflater = zlib.decompressobj()
    total = 0
    chunk = 1 << 20
    data = raw
    try:
        while data:
            out = inflater.decompress(data, chunk)
            total += len(out)
            if total > limit:
                raise ResourceLimit(
                    f"a PDF stream inflates to more than {limit / 1e6:.0f} MB (decompression bomb)",
                    limit="stream_size",
                )
            data = inflater.unconsumed_tail
            if not out and not data:
                break
    except zlib.error:
        return  # damaged data: pdfium decodes what it can


def _has_javascript(pdf: pikepdf.Pdf) -> bool:
    """JavaScript or a document-level action (an OpenAction that is only a view is fine)."""
    root = pdf.Root
    names = root.get("/Names")
    if names is not None and "/JavaScript" in names:
        return True
    action = root.get("/OpenAction")
    return "/AA" in root or (isinstance(action, pikepdf.Dictionary) and "/S" in action)


def _pages_without_content(pdf: pikepdf.Pdf) -> list[int]:
    missing: list[int] = []
    for number, page in enumerate(pdf.pages, start=1):
        try:
            contents = page.obj.get("/Contents")
            if contents is None:
                missing.append(number)
                continue
            streams = list(contents) if isinstance(contents, pikepdf.Array) else [contents]
            if not streams or not any(
                isinstance(s, pikepdf.Stream) and s.read_raw_bytes() for s in streams
            ):
                missing.append(number)
        except (pikepdf.PdfError, ValueError, TypeError):
            missing.append(number)
    return missing


def _ranges(numbers: list[int]) -> str:
    parts: list[str] = []
    start = prev = numbers[0]
    for n in [*numbers[1:], None]:
        if n is not None and n == prev + 1:
            prev = n
            continue
        parts.append(str(start) if start == prev else f"{start}-{prev}")
        if n is not None:
            start = prev = n
    return ", ".join(parts)


# What qpdf's message is about -> our words for it. qpdf's text itself is never shown: it
# names Python objects (``stream <_io.BytesIO object at 0x...>``), offsets and internals.
_REASONS: tuple[tuple[tuple[str, ...], str], ...] = (
    (("loop", "cycle"), "the page tree loops back on itself"),
    (("/kids", "pages tree", "/pages", "page tree"), "the page tree is damaged"),
    (("/root", "catalog"), "the document catalogue is missing"),
    (("trailer", "xref", "startxref", "cross-reference"), "the cross-reference data is unreadable"),
    (("stream", "decode", "filter", "inflate", "zlib"), "a stream of the file cannot be decoded"),
    (("object", "token", "parse", "unexpected", "expected"), "an object of the file is malformed"),
)
_FALLBACK_REASON = "the file structure cannot be read"


def _reason(exc: BaseException) -> str:
    """A fixed human reason for a library error, chosen by what its message is about."""
    if isinstance(exc, RecursionError):
        return "objects nested too deeply"
    text = str(exc).casefold()
    for words, reason in _REASONS:
        if any(word in text for word in words):
            return reason
    return _FALLBACK_REASON


# --- text layer --------------------------------------------------------------------------------


def media_box(page: pdfium.PdfPage) -> tuple[float, float, float, float]:
    """The page's MediaBox (left, bottom, right, top): the frame that stored boxes and page
    images share. pdfium reads only the page's own MediaBox (falling back to US Letter); one
    inherited from the page tree is read through the page's bounding box, which inherits
    (it is the crop box within the media box: the visible page)."""
    own = page.get_mediabox(fallback_ok=False)
    left, bottom, right, top = own if own is not None else page.get_bbox()
    return min(left, right), min(bottom, top), max(left, right), max(bottom, top)


def _read_page(document: pdfium.PdfDocument, index: int) -> tuple[Page, bool, bool]:
    """One page's text layer; also whether it needs OCR and whether it is mostly image."""
    page = document[index]
    try:
        left, bottom, right, top = media_box(page)
        rotation = page.get_rotation()
        textpage = page.get_textpage()
        try:
            text, boxes = _text_and_boxes(textpage)
        finally:
            textpage.close()
        visible = sum(1 for ch in text if not ch.isspace())
        coverage = _image_coverage(page, (right - left) * (top - bottom)) if visible < 1000 else 0
    finally:
        page.close()
    wants_ocr = visible < MIN_TEXT_CHARS
    mostly_image = not wants_ocr and (
        coverage >= MOSTLY_IMAGE_COVERAGE and visible < MOSTLY_IMAGE_MAX_CHARS
    )
    result = Page(
        number=index + 1,
        width=right - left,
        height=top - bottom,
        text=text,
        char_boxes=boxes,
        language=detect_language(text),
        source="text",
        rotation=rotation,
        origin_x=left,
        origin_y=bottom,
    )
    return result, wants_ocr, mostly_image


def _text_and_boxes(textpage: pdfium.PdfTextPage) -> tuple[str, tuple[Box | None, ...]]:
    count = textpage.count_chars()
    if count <= 0:
        return "", ()
    try:
        raw = textpage.get_text_range()
    except (RecursionError, ctypes.ArgumentError):
        # pypdfium2 recurses once per leading character without text (e.g. glyphs missing
        # from the font): a thousand of them overflow the stack. Read them one by one.
        raw = ""
    if len(raw) != count:
        # Characters outside the BMP take two UTF-16 units: go character by character.
        raw = "".join(_unicode_at(textpage, i) for i in range(count))
    chars: list[str] = []
    boxes: list[Box | None] = []
    handle = textpage.raw
    # pdfium's own entry points with reused out-parameters: the helper allocated four ctypes
    # doubles per character, most of reading a text page.
    is_generated, char_box = pdfium_c.FPDFText_IsGenerated, pdfium_c.FPDFText_GetCharBox
    left_c, right_c, bottom_c, top_c = c_double(), c_double(), c_double(), c_double()
    out = (byref(left_c), byref(right_c), byref(bottom_c), byref(top_c))
    for index, ch in enumerate(raw):
        if ch == "\r":
            continue  # pdfium ends lines with "\r\n": keep one newline, aligned with a None box
        if ch in "\x00\uffff":
            ch = " "
        elif ch in "\x02\ufffe":
            ch = "-"  # pdfium's markers for a hyphen it takes for a line-break hyphen
        elif unicodedata.category(ch) == "Cc" and ch not in "\n\t":
            ch = " "
        chars.append(ch)
        if ch.isspace() or is_generated(handle, index) == 1:
            boxes.append(None)
            continue
        if not char_box(handle, index, *out):  # yes, left, right, bottom, top
            raise pdfium.PdfiumError("Failed to get charbox.")
        left, bottom, right, top = left_c.value, bottom_c.value, right_c.value, top_c.value
        boxes.append(Box(left, bottom, right, top) if right > left and top > bottom else None)
    return "".join(chars), tuple(boxes)


def _unicode_at(textpage: pdfium.PdfTextPage, index: int) -> str:
    code = pdfium_c.FPDFText_GetUnicode(textpage.raw, index)
    return chr(code) if 0 < code < 0x110000 and not 0xD800 <= code < 0xE000 else "\ufffe"


def _image_coverage(page: pdfium.PdfPage, area: float) -> float:
    """Share of the page covered by image objects (overlaps counted once, roughly)."""
    if area <= 0:
        return 0.0
    covered = 0.0
    seen: list[tuple[float, float, float, float]] = []
    try:
        objects: Iterator[pdfium.PdfObject] = page.get_objects(
            filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE], max_depth=4
        )
        for obj in objects:
            bounds = obj.get_bounds()
            if bounds in seen:
                continue
            seen.append(bounds)
            left, bottom, right, top = bounds
            covered += max(0.0, right - left) * max(0.0, top - bottom)
            if covered >= area:
                break
    except pdfium.PdfiumError:
        return 0.0
    return min(covered / area, 1.0)


# --- OCR -----------------------------------------------------------------------------------------


def _ocr_pages(
    document: pdfium.PdfDocument, pages: list[Page], indexes: list[int], limits: Limits
) -> list[Page]:
    """OCR ``pages[i]`` for each i in ``indexes`` (positions in ``pages``, not page numbers)."""
    result = list(pages)
    for start in range(0, len(indexes), limits.ocr_chunk_pages):
        chunk = indexes[start : start + limits.ocr_chunk_pages]
        images = []
        mappers = []
        for index in chunk:
            image, mapper = _render_for_ocr(document, pages[index].number - 1, limits)
            images.append(image)
            mappers.append(mapper)
        words_per_page = run_tesseract(images, timeout=limits.ocr_page_seconds * len(chunk))
        for image in images:
            image.close()
        for index, words, mapper in zip(chunk, words_per_page, mappers, strict=True):
            result[index] = _merge_ocr(result[index], words_to_text(words, mapper))
    return result


def _render_for_ocr(
    document: pdfium.PdfDocument, index: int, limits: Limits
) -> tuple[Image.Image, PixelToPoints]:
    page = document[index]
    try:
        # What pdfium renders (the crop box within the media box, both inherited from the
        # page tree): get_cropbox reads neither inheritance nor the media box's offset.
        left, bottom, right, top = page.get_bbox()
        width, height = right - left, top - bottom
        scale = limits.ocr_dpi / 72
        pixels = width * height * scale * scale
        if pixels > limits.ocr_max_pixels:
            scale *= (limits.ocr_max_pixels / pixels) ** 0.5  # huge page sizes: fewer dpi
        bitmap = page.render(scale=scale, grayscale=True)
        rendered: Image.Image = bitmap.to_pil()
        bitmap.close()
        image = despeckle(rendered, scale * 72)
        if image is not rendered:
            rendered.close()
        mapper = rotated_mapper(
            scale=scale,
            rotation=page.get_rotation(),
            left=left,
            bottom=bottom,
            width=width,
            height=height,
        )
    finally:
        page.close()
    return image, mapper


def _merge_ocr(page: Page, ocr: OcrText) -> Page:
    visible = sum(1 for ch in page.text if not ch.isspace())
    if visible < MIN_TEXT_CHARS:
        text, boxes, source = ocr.text, ocr.char_boxes, "ocr"
    else:
        # Keep the text layer; add OCR words lying where no text-layer character is.
        extra_chars: list[str] = []
        extra_boxes: list[Box | None] = []
        existing = [b for b in page.char_boxes if b is not None]
        for word_text, word_boxes in _split_words(ocr):
            if any(b.intersects(e) for b in word_boxes for e in existing):
                continue
            extra_chars.extend(" " + word_text)
            extra_boxes.extend([None, *word_boxes])
        text = page.text + ("\n" + "".join(extra_chars).lstrip() if extra_chars else "")
        lead = [None] if extra_chars else []
        boxes = page.char_boxes + tuple(lead) + tuple(extra_boxes[1:] if extra_chars else ())
        source = "mixed"
    return Page(
        number=page.number,
        width=page.width,
        height=page.height,
        text=text,
        char_boxes=tuple(boxes),
        language=detect_language(text),
        source=source,
        rotation=page.rotation,
        origin_x=page.origin_x,
        origin_y=page.origin_y,
    )


def _split_words(ocr: OcrText) -> Iterator[tuple[str, list[Box]]]:
    word: list[str] = []
    boxes: list[Box] = []
    for ch, box in zip(ocr.text, ocr.char_boxes, strict=True):
        if box is None:
            if word:
                yield "".join(word), boxes
            word, boxes = [], []
            continue
        word.append(ch)
        boxes.append(box)
    if word:
        yield "".join(word), boxes
