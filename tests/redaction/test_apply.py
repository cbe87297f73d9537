"""Apply: glyphs under a box leave the content stream, the rest stays put as real text."""

from __future__ import annotations

import io
from collections.abc import Callable

import pikepdf
import pytest

from core.errors import CorruptPdf, EncryptedPdf, InvalidInput
from extraction.document import Box
from redaction.apply import (
    GLYPHS_REMOVED,
    IMAGE_PIXELS_OVERWRITTEN,
    PAGE_RASTERISED,
    RedactionBox,
    RedactionResult,
    apply_redactions,
)
from redaction.labels import fit_label
from redaction.sanitize import sanitize_pdf
from redaction.verify import require_clean, verify_output
from tests.redaction import builders
from tests.redaction.engines import all_texts, char_x0

STRINGS = [("Joseph Brown", "PERSON")]


def _redact(
    pdf: bytes, words: list[str], code: str = "s.21(1)", label: str | None = None
) -> RedactionResult:
    boxes = [RedactionBox(1, builders.find_word(pdf, w), code, label) for w in words]
    return apply_redactions(pdf, boxes)


def _assert_gone_and_kept(before: bytes, after: bytes, gone: list[str], kept: str) -> None:
    texts, original = all_texts(after), all_texts(before)
    for engine, text in texts.items():
        for word in gone:
            assert word.casefold() not in text.casefold(), f"{word!r} still in {engine} text"
        # pdfplumber reads some rotated pages backwards: compare with what it read before.
        if kept in original[engine]:
            assert kept in text, f"kept word {kept!r} lost from {engine} text"
    if kept not in original["pdfplumber"].replace(" ", ""):
        return
    old, new = char_x0(before, kept), char_x0(after, kept)
    assert len(old) == len(new)
    for a, b in zip(old, new, strict=True):
        assert abs(a - b) < 0.5, f"{kept!r} moved: {old} -> {new}"


def _gate(pdf: bytes, strings: list[tuple[str, str]] = STRINGS) -> None:
    require_clean(verify_output(sanitize_pdf(pdf), strings))


FONT_CASES: list[object] = [
    pytest.param(lambda: builders.reportlab_pdf("Helvetica"), id="type1-standard"),
    pytest.param(lambda: builders.reportlab_pdf("Helvetica", spacing=True), id="type1-Tc-Tw-Tz"),
    pytest.param(lambda: builders.reportlab_pdf("Times-Roman"), id="type1-times"),
    pytest.param(lambda: builders.reportlab_pdf("DejaVuSans"), id="truetype-tounicode"),
    pytest.param(builders.type0_pdf, id="type0-identity-h"),
    pytest.param(builders.type3_pdf, id="type3"),
    pytest.param(builders.form_xobject_pdf, id="form-xobject"),
]


@pytest.mark.parametrize("build", FONT_CASES)
def test_glyphs_removed_and_neighbours_stay(build: Callable[[], bytes]) -> None:
    before = build()
    result = _redact(before, ["Joseph Brown"])
    entry = result.log[0]
    assert entry.actions == (GLYPHS_REMOVED,)
    assert entry.glyphs_removed >= len("JosephBrown")
    _assert_gone_and_kept(before, result.pdf, ["Joseph", "Brown"], "Street")
    _assert_gone_and_kept(before, result.pdf, ["Joseph", "Brown"], "Complainant")
    _gate(result.pdf)


def test_shared_form_is_copied_not_changed() -> None:
    before = builders.form_xobject_pdf(twice=True)
    box = builders.find_word(before, "Joseph Brown", occurrence=0)
    result = apply_redactions(before, [RedactionBox(1, box, "s.21(1)")])
    # The form is drawn twice; only the drawing under the box loses its glyphs.
    assert all_texts(result.pdf)["pdfium"].count("Joseph Brown") == 1
    assert "form XObject" in " ".join(result.log[0].notes)


@pytest.mark.parametrize("rotate", [0, 90, 180, 270])
def test_rotated_and_cropped_pages(rotate: int) -> None:
    before = builders.rotated_cropped_pdf(rotate)
    result = _redact(before, ["Joseph Brown"], label="Witness 1")
    assert result.log[0].actions == (GLYPHS_REMOVED,)
    _assert_gone_and_kept(before, result.pdf, ["Joseph", "Brown"], "Street")
    with pikepdf.open(io.BytesIO(result.pdf)) as doc:
        page = doc.pages[0].obj
        assert int(page.Rotate) == rotate
        assert [float(v) for v in page.CropBox] == [150, 500, 650, 850]
        assert "/Annots" not in page  # the label is page content
    assert "s.21(1)" in all_texts(result.pdf)["pdfium"]
    _gate(result.pdf)


def test_tj_array_split_keeps_kerning() -> None:
    before = builders.type0_pdf()
    result = _redact(before, ["Mary"])
    assert result.log[0].glyphs_removed == 4
    texts = all_texts(result.pdf)
    assert "Mary" not in texts["pdfium"] and "Witness" in texts["pdfium"]
    assert char_x0(before, "Witness") == pytest.approx(char_x0(result.pdf, "Witness"), abs=0.5)


def test_quote_operators_and_unbalanced_q() -> None:
    content = (
        b"Q BT /F1 12 Tf 14 TL 72 700 Td (Complainant) Tj (Joseph Brown lives) ' "
        b'1 0.5 (at Elm Street) " ET q q\n'
    )
    before = builders._page_pdf(content, {"F1": builders.helvetica_dict()})
    result = _redact(before, ["Joseph Brown"])
    _assert_gone_and_kept(before, result.pdf, ["Joseph", "Brown"], "Street")
    _assert_gone_and_kept(before, result.pdf, ["Joseph", "Brown"], "lives")
    _gate(result.pdf)


def test_overlapping_and_off_page_boxes() -> None:
    before = builders.reportlab_pdf()
    joseph = builders.find_word(before, "Joseph Brown")
    street = builders.find_word(before, "Street")
    boxes = [
        RedactionBox(1, Box(joseph.x0, joseph.y0, joseph.x1 - 20, joseph.y1), "s.21(1)"),
        RedactionBox(1, Box(joseph.x0 + 20, joseph.y0, joseph.x1, joseph.y1), "s.21(1)"),
        RedactionBox(1, Box(street.x0, street.y0, 900, street.y1), "s.21(1)"),  # past the edge
        RedactionBox(1, Box(700, 100, 800, 120), "s.21(1)"),  # wholly off the page
    ]
    result = apply_redactions(before, boxes)
    texts = all_texts(result.pdf)
    for word in ("Joseph", "Brown", "Street"):
        assert word not in texts["pdfium"] and word not in texts["pdftotext"]
    assert "Complainant" in texts["pdfium"]
    assert "outside the visible page" in " ".join(result.log[3].notes)
    assert result.log[3].actions == ("nothing_under_box",)


@pytest.mark.parametrize("kind", ["flate", "jpeg", "inline"])
def test_image_pixels_overwritten(kind: str) -> None:
    before = builders.image_pdf(kind)
    box = Box(100, 500, 150, 550)  # the lower-left quarter of the 200x100 pt image
    result = apply_redactions(before, [RedactionBox(1, box, "s.21(1)")])
    assert result.log[0].actions == (IMAGE_PIXELS_OVERWRITTEN,)
    with pikepdf.open(io.BytesIO(result.pdf)) as doc:
        images = [
            v for v in doc.pages[0].Resources.XObject.values() if v.get("/Subtype") == "/Image"
        ]
        used = [
            str(op.operands[0])
            for op in pikepdf.parse_content_stream(doc.pages[0])
            if str(op.operator) == "Do"
        ]
        new = doc.pages[0].Resources.XObject[used[0]]
        assert isinstance(new, pikepdf.Stream)
        pil = pikepdf.PdfImage(new).as_pil_image().convert("RGB")
    assert images
    tolerance = 40 if kind == "jpeg" else 0
    # Image rows run top-down: the box is columns 0-49, rows 50-99.
    for x, y in ((0, 99), (25, 75), (49, 50)):
        pixel = pil.getpixel((x, y))
        assert isinstance(pixel, tuple)
        assert max(pixel) <= tolerance
    assert pil.getpixel((150, 20)) != (0, 0, 0)
    assert pil.getpixel((60, 20)) != (0, 0, 0)


def test_fonts_without_tounicode_rasterise_the_page() -> None:
    before = builders.type0_pdf(tounicode=False)
    # pdfium cannot read these glyphs; the same layout with a ToUnicode map gives the box.
    box = builders.find_word(builders.type0_pdf(), "Joseph Brown")
    result = apply_redactions(before, [RedactionBox(1, box, "s.21(1)")])
    entry = result.log[0]
    assert entry.actions == (PAGE_RASTERISED,)
    assert "ToUnicode" in " ".join(entry.notes)
    texts = all_texts(result.pdf)
    assert "Joseph" not in texts["pdfium"]
    _gate(result.pdf)


def test_text_in_tiling_pattern_rasterises() -> None:
    before = builders.pattern_text_pdf()
    result = _redact(before, ["Joseph Brown"])
    assert result.log[0].actions == (PAGE_RASTERISED,)
    assert "pattern" in " ".join(result.log[0].notes)
    texts = all_texts(result.pdf)
    assert "Street" in texts["pdfium"]  # the invisible layer keeps kept words
    _gate(result.pdf)


def test_vector_outlines_are_noted() -> None:
    content = (
        b"BT /F1 12 Tf 72 700 Td (Complainant) Tj ET\n"
        b"0 g 200 698 m 210 698 l 210 710 l h f\n"  # a 'glyph' drawn as a path
    )
    before = builders._page_pdf(content, {"F1": builders.helvetica_dict()})
    result = apply_redactions(before, [RedactionBox(1, Box(195, 695, 220, 715), "s.21(1)")])
    assert "vector path" in " ".join(result.log[0].notes)


def test_label_drawn_in_content_with_code() -> None:
    before = builders.reportlab_pdf()
    result = _redact(before, ["Joseph Brown"], code="s.21(1)", label="Witness 1")
    with pikepdf.open(io.BytesIO(result.pdf)) as doc:
        data = b"".join(
            pikepdf.unparse_content_stream([i]) for i in pikepdf.parse_content_stream(doc.pages[0])
        )
        assert "/Annots" not in doc.pages[0].obj
    assert b"re" in data and b"(s.21\\(1\\) Witness 1) Tj" in data


@pytest.mark.parametrize(
    ("text", "width", "height", "fits"),
    [
        pytest.param("s.21(1)", 80, 14, True, id="roomy"),
        pytest.param("s.21(1) Witness 1", 20, 14, False, id="too-narrow"),
        pytest.param("s.21(1)", 80, 3, False, id="too-short"),
    ],
)
def test_fit_label(text: str, width: float, height: float, fits: bool) -> None:
    assert (fit_label(text, width, height) is not None) is fits


def test_bad_requests_and_inputs() -> None:
    pdf = builders.reportlab_pdf()
    with pytest.raises(InvalidInput):
        apply_redactions(pdf, [RedactionBox(2, Box(0, 0, 10, 10), "s.21(1)")])
    with pytest.raises(InvalidInput):
        apply_redactions(pdf, [RedactionBox(1, Box(10, 10, 0, 0), "s.21(1)")])
    with pytest.raises(CorruptPdf):
        apply_redactions(b"%PDF-1.4 not really", [])
    encrypted = io.BytesIO()
    with pikepdf.open(io.BytesIO(pdf)) as doc:
        doc.save(encrypted, encryption=pikepdf.Encryption(user="u", owner="o"))
    with pytest.raises(EncryptedPdf):
        apply_redactions(encrypted.getvalue(), [])
