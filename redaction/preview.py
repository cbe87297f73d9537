"""Page images for the review screen: one PDF page rendered by pdfium and encoded as PNG.

Pure: PDF bytes in, PNG bytes out. PNG encoding is most of the cost (DESIGN.md): the shell
caches the result by (PDF hash, page, dpi). pdfium is not thread-safe: callers serialise.
"""

from __future__ import annotations

import io

import pypdfium2 as pdfium

from core.errors import CorruptPdf, InvalidInput
from core.pdfium_lock import pdfium_serialised
from extraction.readers.pdf import media_box

DEFAULT_DPI = 110
MAX_DPI = 200


@pdfium_serialised
def render_page_png(pdf: bytes, page: int, dpi: int = DEFAULT_DPI, *, gray: bool = False) -> bytes:
    """The 1-based ``page`` as a PNG at ``dpi`` (72 dpi = one pixel per PDF point)."""
    if not 36 <= dpi <= MAX_DPI:
        raise InvalidInput(f"dpi must be between 36 and {MAX_DPI}")
    try:
        doc = pdfium.PdfDocument(pdf)
    except pdfium.PdfiumError as exc:
        raise CorruptPdf("the PDF could not be opened to render a page") from exc
    try:
        if not 1 <= page <= len(doc):
            raise InvalidInput(f"page {page} is not in this {len(doc)}-page document")
        handle = doc[page - 1]
        try:
            # Boxes are kept in unrotated user space over the media box (extraction.document):
            # draw exactly that frame, so a box on the image is where the redaction will be,
            # even on a /Rotate page (shown as stored) or one whose crop box is smaller. The
            # image's top-left corner is the media box's (left, top): the page's stored origin.
            handle.set_rotation(0)
            handle.set_cropbox(*media_box(handle))
            bitmap = handle.render(scale=dpi / 72, grayscale=gray, may_draw_forms=False)
            image = bitmap.to_pil()
        finally:
            handle.close()
    finally:
        doc.close()
    out = io.BytesIO()
    # compress_level 1: a third of the time of the default for ~10% more bytes.
    image.save(out, format="PNG", compress_level=1)
    return out.getvalue()
