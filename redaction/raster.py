"""Fallback for pages that cannot be redacted as vector content: render, burn the boxes in, rebuild.

The page becomes one image plus an invisible (3 Tr) text layer holding only the kept words.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import pikepdf
import pypdfium2 as pdfium
from PIL import Image, ImageChops, ImageDraw

from core.pdfium_lock import pdfium_serialised
from extraction.document import Box


@dataclass(frozen=True, slots=True)
class Word:
    """A kept word of the original text layer, for the invisible text layer."""

    text: str
    box: Box


@pdfium_serialised
def render_burned(
    doc: pdfium.PdfDocument, index: int, boxes: Sequence[Box], dpi: int
) -> tuple[Image.Image, Box, list[Word]]:
    """The page rendered unrotated with the boxes painted black, its crop box, and kept words."""
    page = doc[index]
    try:
        # Render in user space orientation: /Rotate stays on the rebuilt page.
        page.set_rotation(0)
        # get_bbox is what pdfium renders (crop box within the media box, inherited from
        # the page tree); get_cropbox ignores inheritance and falls back to US Letter.
        left, bottom, right, top = page.get_bbox()
        crop = Box(float(left), float(bottom), float(right), float(top))
        scale = dpi / 72.0
        bitmap = page.render(scale=scale, draw_annots=False, may_draw_forms=False)
        image = bitmap.to_pil().convert("RGB")
        draw = ImageDraw.Draw(image)
        for box in boxes:
            x0 = (box.x0 - crop.x0) * scale
            x1 = (box.x1 - crop.x0) * scale
            y0 = (crop.y1 - box.y1) * scale
            y1 = (crop.y1 - box.y0) * scale
            draw.rectangle((x0 - 1, y0 - 1, x1 + 1, y1 + 1), fill=(0, 0, 0))
        words = _kept_words(page, boxes)
    finally:
        page.close()
    return image, crop, words


def _kept_words(page: pdfium.PdfPage, boxes: Sequence[Box]) -> list[Word]:
    textpage = page.get_textpage()
    try:
        words: list[Word] = []
        chars: list[str] = []
        box: Box | None = None

        def flush() -> None:
            nonlocal box
            if chars and box is not None:
                words.append(Word("".join(chars), box))
            chars.clear()
            box = None

        for i in range(textpage.count_chars()):
            ch = textpage.get_text_range(i, 1)
            if not ch or ch.isspace():
                flush()
                continue
            left, bottom, right, top = textpage.get_charbox(i)
            cbox = Box(float(left), float(bottom), float(right), float(top))
            if right <= left or top <= bottom:
                flush()
                continue
            # Any overlap at all drops the character: nothing under a box may survive.
            if any(cbox.intersects(b) for b in boxes):
                flush()
                continue
            if box is not None and (cbox.x0 < box.x0 or abs(cbox.y0 - box.y0) > cbox.y1 - cbox.y0):
                flush()
            chars.append(ch)
            box = cbox if box is None else box.union(cbox)
        flush()
        return words
    finally:
        textpage.close()


def encode_image(pdf: pikepdf.Pdf, image: Image.Image) -> pikepdf.Stream:
    """A JPEG image XObject (grey when the rendering has no colour)."""
    r, g, b = image.split()
    grey = (
        ImageChops.difference(r, g).getbbox() is None
        and ImageChops.difference(g, b).getbbox() is None
    )
    out = image.convert("L") if grey else image
    buf = io.BytesIO()
    out.save(buf, format="JPEG", quality=85)
    return pdf.make_stream(
        buf.getvalue(),
        pikepdf.Dictionary(
            Type=pikepdf.Name.XObject,
            Subtype=pikepdf.Name.Image,
            Width=out.size[0],
            Height=out.size[1],
            ColorSpace=pikepdf.Name.DeviceGray if grey else pikepdf.Name.DeviceRGB,
            BitsPerComponent=8,
            Filter=pikepdf.Name.DCTDecode,
        ),
    )


def page_ops(
    image_name: pikepdf.Name, crop: Box, words: Sequence[Word], font_name: pikepdf.Name
) -> list[tuple[list[Any], pikepdf.Operator]]:
    """Draw the image over the crop box, then the kept words as invisible text."""
    ops: list[tuple[list[Any], pikepdf.Operator]] = []

    def emit(operands: list[Any], op: str) -> None:
        ops.append((operands, pikepdf.Operator(op)))

    emit([], "q")
    emit([crop.x1 - crop.x0, 0, 0, crop.y1 - crop.y0, crop.x0, crop.y0], "cm")
    emit([image_name], "Do")
    emit([], "Q")
    if words:
        emit([], "q")  # keeps 3 Tr from reaching the labels drawn after this
        emit([], "BT")
        emit([3], "Tr")
        for word in words:
            encoded = word.text.encode("cp1252", errors="ignore")
            if not encoded:
                continue
            size = max(word.box.y1 - word.box.y0, 1.0)
            natural = len(encoded) * 0.5 * size  # Helvetica averages ~0.5 em per character
            hscale = (word.box.x1 - word.box.x0) / natural * 100 if natural else 100
            emit([font_name, round(size, 2)], "Tf")
            emit([round(max(hscale, 1.0), 2)], "Tz")
            emit([1, 0, 0, 1, round(word.box.x0, 2), round(word.box.y0, 2)], "Tm")
            emit([pikepdf.String(encoded)], "Tj")
        emit([], "ET")
        emit([], "Q")
    return ops
