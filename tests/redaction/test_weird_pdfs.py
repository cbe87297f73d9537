"""Every odd real-world PDF is redacted (one box per page over a word) with the gate passing,
or refused with a clear reason; nothing crashes and the page looks the same outside the boxes."""

from __future__ import annotations

import re
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from PIL import ImageChops, ImageDraw

from core.errors import AppError
from extraction.document import Box
from redaction.apply import RedactionBox, apply_redactions
from redaction.sanitize import sanitize_pdf
from redaction.verify import extract_file_strings, normalise, verify_output
from tests.support import CORPUS

WEIRD = sorted((CORPUS / "weird-pdfs").glob("*.pdf"))
SCALE = 0.5


def _solid(text: str) -> str:
    return normalise(text).replace(" ", "")


def _pick_words(pdf: bytes) -> list[tuple[int, str, Box]]:
    """Per page, one word of 5+ letters that occurs once in the document in every sense the
    gate searches (whitespace-free, punctuation-free, raw file strings)."""
    doc = pdfium.PdfDocument(pdf)
    try:
        texts = [doc[i].get_textpage().get_text_range() for i in range(len(doc))]
        everything = _solid(" ".join(texts))
        squeezed = "".join(ch for ch in everything if ch.isalnum())
        raw = _solid(extract_file_strings(pdf))
        picks: list[tuple[int, str, Box]] = []
        for index, text in enumerate(texts):
            textpage = doc[index].get_textpage()
            for match in re.finditer(r"[A-Za-z]{5,}", text):
                word = match.group().casefold()
                if everything.count(word) != 1 or squeezed.count(word) != 1 or raw.count(word) > 1:
                    continue
                boxes = [textpage.get_charbox(i) for i in range(match.start(), match.end())]
                if any(b[2] <= b[0] or b[3] <= b[1] for b in boxes):
                    continue
                box = Box(min(b[0] for b in boxes), min(b[1] for b in boxes),
                          max(b[2] for b in boxes), max(b[3] for b in boxes))  # fmt: skip
                picks.append((index + 1, match.group(), box))
                break
            else:
                # No usable word: a box over the middle of the page exercises its images.
                left, bottom, right, top = doc[index].get_bbox()
                w, h = right - left, top - bottom
                middle = Box(left + w * 0.3, bottom + h * 0.3, left + w * 0.6, bottom + h * 0.6)
                picks.append((index + 1, "", middle))
        return picks
    finally:
        doc.close()


def _changed_outside_boxes(before: bytes, after: bytes, picks: list[tuple[int, str, Box]]) -> float:
    """Worst share of pixels, outside the boxes, that changed visibly between the renderings."""
    old, new = pdfium.PdfDocument(before), pdfium.PdfDocument(after)
    worst = 0.0
    try:
        for index in range(len(old)):
            a = old[index].render(scale=SCALE, draw_annots=False).to_pil().convert("L")
            b = new[index].render(scale=SCALE, draw_annots=False).to_pil().convert("L")
            if a.size != b.size:
                return 1.0
            diff = ImageChops.difference(a, b).point(lambda v: 255 if v > 96 else 0)
            draw = ImageDraw.Draw(diff)
            page = old[index]
            left, _bottom, _right, top = page.get_bbox()
            for number, _word, box in picks:
                if number != index + 1:
                    continue
                rot = page.get_rotation()
                if rot:  # boxes are in unrotated space; a rotated page is checked whole
                    diff.paste(0, (0, 0, *diff.size))
                    continue
                draw.rectangle(
                    ((box.x0 - left - 4) * SCALE, (top - box.y1 - 4) * SCALE,
                     (box.x1 - left + 4) * SCALE, (top - box.y0 + 4) * SCALE),
                    fill=0,
                )  # fmt: skip
            changed = sum(diff.histogram()[255:]) / (diff.size[0] * diff.size[1])
            worst = max(worst, changed)
    finally:
        old.close()
        new.close()
    return worst


@pytest.mark.parametrize("path", WEIRD, ids=[p.name[:40] for p in WEIRD])
def test_weird_pdf_redacted_or_refused(path: Path) -> None:
    source = path.read_bytes()
    try:
        picks = _pick_words(source)
    except pdfium.PdfiumError:
        picks = []  # pdfium cannot open it: nothing detected, the file is still sanitised
    try:
        result = apply_redactions(source, [RedactionBox(p, b, "s.21(1)") for p, _w, b in picks])
        out = sanitize_pdf(result.pdf)
    except AppError as exc:
        assert exc.code in {"encrypted_pdf", "corrupt_pdf"}, exc.code
        assert exc.message
        return
    report = verify_output(out, [(w, "PERSON") for _p, w, _b in picks if w])
    assert report.passed, report.summary()
    assert len(result.log) == len(picks)
    if picks and not any("rasterised" in " ".join(e.notes) for e in result.log):
        assert _changed_outside_boxes(source, out, picks) < 0.01
