"""Review-page images: a box drawn from PDF coordinates lands on the words it covers, on plain
and on rotated pages."""

from __future__ import annotations

import io

import pikepdf
import pytest
from PIL import Image
from reportlab.pdfgen.canvas import Canvas  # type: ignore[import-untyped]

from redaction.pdf_text import page_words
from redaction.preview import render_page_png


def _pdf(rotate: int) -> bytes:
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=(600, 300))
    canvas.setFont("Helvetica-Bold", 28)
    canvas.drawString(60, 220, "Abernathy")
    canvas.showPage()
    canvas.save()
    with pikepdf.open(io.BytesIO(buffer.getvalue())) as pdf:
        if rotate:
            pdf.pages[0].Rotate = rotate
        out = io.BytesIO()
        pdf.save(out)
        return out.getvalue()


@pytest.mark.parametrize("rotate", [0, 90, 180, 270])
def test_a_word_box_covers_the_word_on_the_page_image(rotate: int) -> None:
    pdf = _pdf(rotate)
    word = next(w for w in page_words(pdf, 1) if w.text == "Abernathy")
    dpi = 72
    image = Image.open(io.BytesIO(render_page_png(pdf, 1, dpi, gray=True))).convert("L")
    assert image.size == (600, 300), "drawn in the page's unrotated frame"
    scale = dpi / 72
    left, top = word.box.x0 * scale, (300 - word.box.y1) * scale
    right, bottom = word.box.x1 * scale, (300 - word.box.y0) * scale
    inside = image.crop((int(left), int(top), int(right), int(bottom)))
    outside = image.crop((int(right) + 40, int(top), int(right) + 140, int(bottom)))
    assert min(inside.getdata()) < 80, "the box covers the glyphs"
    assert min(outside.getdata()) > 200, "and nothing dark lies beside it"


@pytest.mark.parametrize("inherited", [False, True], ids=["own", "inherited"])
def test_the_image_starts_at_the_media_box_corner(inherited: bool) -> None:
    """A MediaBox of [40 30 640 330]: the image shows it, so a word is found on the image at
    its user-space position less the box's lower-left corner (the page's stored origin)."""
    with pikepdf.open(io.BytesIO(_pdf(0))) as pdf:
        box = pikepdf.Array([40, 30, 640, 330])
        if inherited:
            del pdf.pages[0].obj["/MediaBox"]
            pdf.Root.Pages.MediaBox = box
        else:
            pdf.pages[0].MediaBox = box
        out = io.BytesIO()
        pdf.save(out)
    word = next(w for w in page_words(out.getvalue(), 1) if w.text == "Abernathy")
    image = Image.open(io.BytesIO(render_page_png(out.getvalue(), 1, 72, gray=True))).convert("L")
    assert image.size == (600, 300)
    left, top = word.box.x0 - 40, 330 - word.box.y1
    right, bottom = word.box.x1 - 40, 330 - word.box.y0
    inside = image.crop((int(left), int(top), int(right), int(bottom)))
    outside = image.crop((int(right) + 40, int(top), int(right) + 140, int(bottom)))
    assert min(inside.getdata()) < 80, "the box covers the glyphs"
    assert min(outside.getdata()) > 200, "and nothing dark lies beside it"
