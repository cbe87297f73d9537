"""Apply accepted redactions to a PDF: remove glyphs and image pixels under each box, draw the box.

Pure: PDF bytes and boxes in, PDF bytes and a per-box log out. Pages whose text cannot be
trusted (fonts without a usable Unicode map, undecodable images...) are rasterised instead.
"""

from __future__ import annotations

import io
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

import pikepdf
import pypdfium2 as pdfium

from core.errors import CorruptPdf, EncryptedPdf, InvalidInput
from core.pdfium_lock import pdfium_serialised
from extraction.document import Box
from redaction.content import BoxTally, NeedsRaster, PageRewriter, inherited
from redaction.labels import clip, helvetica, label_ops
from redaction.pdf_fonts import FontCache
from redaction.raster import encode_image, page_ops, render_burned

GLYPHS_REMOVED = "glyphs_removed"
IMAGE_PIXELS_OVERWRITTEN = "image_pixels_overwritten"
PAGE_RASTERISED = "page_rasterised"
NOTHING_UNDER_BOX = "nothing_under_box"


@dataclass(frozen=True, slots=True)
class RedactionBox:
    """One accepted redaction: a rectangle on a 1-based page, in unrotated PDF user space."""

    page: int
    box: Box
    exemption_code: str
    label: str | None = None


@dataclass(frozen=True, slots=True)
class BoxLogEntry:
    """What was done for one box: the actions taken and anything a reviewer should know."""

    page: int
    rect: Box
    exemption_code: str
    label: str | None
    actions: tuple[str, ...]
    glyphs_removed: int = 0
    images_overwritten: int = 0
    notes: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class RedactionResult:
    pdf: bytes
    log: tuple[BoxLogEntry, ...]

    @property
    def rasterised_pages(self) -> tuple[int, ...]:
        return tuple(sorted({e.page for e in self.log if PAGE_RASTERISED in e.actions}))


@pdfium_serialised
def apply_redactions(
    pdf: bytes, boxes: Sequence[RedactionBox], *, raster_dpi: int = 200
) -> RedactionResult:
    """Remove what lies under each box and draw the box with its code; see the module docstring."""
    doc = _open(pdf)
    by_page: dict[int, list[int]] = defaultdict(list)
    for i, rbox in enumerate(boxes):
        if not 1 <= rbox.page <= len(doc.pages):
            raise InvalidInput(f"redaction box on page {rbox.page}: the PDF has {len(doc.pages)}")
        b = rbox.box
        if not (b.x0 < b.x1 and b.y0 < b.y1):
            raise InvalidInput(f"redaction box on page {rbox.page} is empty or inverted")
        by_page[rbox.page].append(i)
    fonts = FontCache()
    entries: list[BoxLogEntry | None] = [None] * len(boxes)
    render_doc: pdfium.PdfDocument | None = None
    label_font = helvetica(doc)
    try:
        for number in sorted(by_page):
            indexes = by_page[number]
            page = doc.pages[number - 1].obj
            page_boxes = [boxes[i].box for i in indexes]
            tallies = [BoxTally() for _ in indexes]
            raster_reason = ""
            try:
                rewriter = PageRewriter(doc, fonts, page_boxes, tallies)
                content, resources = rewriter.rewrite_page(page)
                # A shallow copy: the original dictionary may be shared with other pages.
                resources = pikepdf.Dictionary(
                    dict(resources.items()) if resources is not None else {}
                )
            except NeedsRaster as exc:
                raster_reason = str(exc)
                if render_doc is None:
                    render_doc = pdfium.PdfDocument(pdf)
                content, resources = _rasterise(doc, page, render_doc, number - 1, page_boxes,
                                                raster_dpi)  # fmt: skip
            font_name = _unused_name(resources, "/Font", "CdLabel")
            fonts_dict = pikepdf.Dictionary()
            if isinstance(resources.get("/Font"), pikepdf.Dictionary):
                for key, value in resources.Font.items():
                    fonts_dict[key] = value
            fonts_dict[font_name] = label_font
            resources.Font = fonts_dict
            rotate = int(inherited(page, "/Rotate") or 0) % 360
            visible = _visible_box(page)
            drawn = [(clip(boxes[i].box, visible), _label_text(boxes[i])) for i in indexes]
            ops, fitted = label_ops([(b, t) for b, t in drawn if b is not None], font_name, rotate)
            page.Contents = doc.make_stream(content + pikepdf.unparse_content_stream(ops) + b"\n")
            page.Resources = resources
            fit_iter = iter(fitted)
            for i, tally, (shown, _text) in zip(indexes, tallies, drawn, strict=True):
                entries[i] = _entry(boxes[i], tally, raster_reason, shown is not None,
                                    next(fit_iter) if shown is not None else False)  # fmt: skip
    finally:
        if render_doc is not None:
            render_doc.close()
    out = io.BytesIO()
    doc.save(out, compress_streams=True, object_stream_mode=pikepdf.ObjectStreamMode.generate)
    return RedactionResult(pdf=out.getvalue(), log=tuple(e for e in entries if e is not None))


def _open(pdf: bytes) -> pikepdf.Pdf:
    try:
        doc = pikepdf.open(io.BytesIO(pdf))
    except pikepdf.PasswordError as exc:
        raise EncryptedPdf("the PDF needs a password to open; it cannot be redacted") from exc
    except pikepdf.PdfError as exc:
        raise CorruptPdf("the PDF could not be parsed for redaction") from exc
    root = doc.trailer.get("/Root")
    if not isinstance(root, pikepdf.Dictionary):
        raise CorruptPdf("the PDF has no document catalog")
    if not root.is_indirect:
        # qpdf's recovery of a truncated file can leave the catalog inline in the trailer,
        # which it then writes as an unreadable file.
        doc.trailer.Root = doc.make_indirect(root)
    if "/Size" not in doc.trailer:
        # A trailer rebuilt from a truncated file may lack /Size; qpdf then writes an xref
        # stream without it and nothing can read the output. qpdf fills in the real value.
        doc.trailer.Size = 0
    return doc


def _label_text(rbox: RedactionBox) -> str:
    return f"{rbox.exemption_code} {rbox.label}" if rbox.label else rbox.exemption_code


def _visible_box(page: pikepdf.Dictionary) -> Box:
    media = _rect(inherited(page, "/MediaBox")) or Box(0, 0, 612, 792)
    crop = _rect(inherited(page, "/CropBox"))
    if crop is None:
        return media
    return clip(crop, media) or media


def _rect(value: pikepdf.Object | None) -> Box | None:
    if not isinstance(value, pikepdf.Array) or len(value) != 4:
        return None
    x0, y0, x1, y1 = (float(v) for v in value)
    return Box(min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1))


def _unused_name(resources: pikepdf.Dictionary, category: str, prefix: str) -> pikepdf.Name:
    group = resources.get(category)
    n = 1
    while isinstance(group, pikepdf.Dictionary) and f"/{prefix}{n}" in group:
        n += 1
    return pikepdf.Name(f"/{prefix}{n}")


def _rasterise(
    doc: pikepdf.Pdf,
    page: pikepdf.Dictionary,
    render_doc: pdfium.PdfDocument,
    index: int,
    boxes: Sequence[Box],
    dpi: int,
) -> tuple[bytes, pikepdf.Dictionary]:
    image, crop, words = render_burned(render_doc, index, boxes, dpi)
    stream = encode_image(doc, image)
    font = helvetica(doc)
    resources = pikepdf.Dictionary(
        XObject=pikepdf.Dictionary(CdPage=stream),
        Font=pikepdf.Dictionary(CdText=font),
    )
    ops = page_ops(pikepdf.Name.CdPage, crop, words, pikepdf.Name.CdText)
    # Nothing of the old page survives: its annotations went into the rendering or away.
    for key in ("/Annots", "/Group", "/Thumb", "/PieceInfo", "/StructParents"):
        if key in page:
            del page[key]
    return pikepdf.unparse_content_stream(ops) + b"\n", resources


def _entry(
    rbox: RedactionBox, tally: BoxTally, raster_reason: str, on_page: bool, fitted: bool
) -> BoxLogEntry:
    actions: list[str] = []
    notes: list[str] = []
    if raster_reason:
        actions.append(PAGE_RASTERISED)
        notes.append(
            f"page rasterised: {raster_reason}; invisible text layer keeps only kept words"
        )
    else:
        if tally.glyphs:
            actions.append(GLYPHS_REMOVED)
        if tally.images:
            actions.append(IMAGE_PIXELS_OVERWRITTEN)
        if not actions:
            actions.append(NOTHING_UNDER_BOX)
        if tally.forms:
            notes.append(f"content removed inside {tally.forms} form XObject(s)")
        if tally.vector_paths:
            notes.append(
                f"{tally.vector_paths} vector path(s) under the box left in place "
                "(outlines are not text; the opaque box covers them)"
            )
    if not on_page:
        notes.append("box lies outside the visible page: nothing drawn")
    elif not fitted:
        notes.append("exemption code did not fit inside the box: box drawn without text")
    return BoxLogEntry(
        page=rbox.page,
        rect=rbox.box,
        exemption_code=rbox.exemption_code,
        label=rbox.label,
        actions=tuple(actions),
        glyphs_removed=tally.glyphs,
        images_overwritten=tally.images,
        notes=tuple(notes),
    )
