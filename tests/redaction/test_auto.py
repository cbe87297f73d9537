"""Automatic redaction of a whole input: OCR tolerance, same-value propagation, the text layer
kept on scanned pages, and the release gate on the result."""

from __future__ import annotations

import io

import pypdf
import pytest

from extraction.document import Box, Page
from extraction.nlp import Pipelines
from extraction.reader import read_document
from redaction.analyzer import Analyzer
from redaction.auto import _kept_words, detect, ocr_cleaned, redact
from redaction.findings import PiFinding
from redaction.policy import load_policy
from redaction.verify import normalise
from tests.support import SAMPLES


@pytest.mark.parametrize(
    ("ocr", "cleaned"),
    [
        pytest.param("(403) 959- -3569", "(403) 959   3569", id="split-phone"),
        pytest.param("2613: Westhaven Dr.", "2613  Westhaven Dr.", id="colon-after-number"),
        pytest.param("260. Cobblestone Ave.", "260  Cobblestone Ave.", id="stop-after-number"),
        pytest.param("Cst.-H. Cheung", "Cst. H. Cheung", id="rank-glued-to-initial"),
        pytest.param("Version 1.5. Next", "Version 1.5. Next", id="decimal-kept"),
    ],
)
def test_ocr_cleaning_keeps_length_and_offsets(ocr: str, cleaned: str) -> None:
    assert ocr_cleaned(ocr) == cleaned
    assert len(ocr_cleaned(ocr)) == len(ocr)


def _text(pdf: bytes) -> str:
    return normalise(
        " ".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(pdf)).pages)
    )


def test_a_name_found_once_is_removed_wherever_it_is_glued_to_other_characters(
    pipelines: Pipelines, analyzer: Analyzer
) -> None:
    text = (
        b"Complaint from Mr. Callum Ashdown-Reyes about the arrest on March 3, 2026.\n"
        b"Reply to callum_ ashdown-reyes65 at the usual address.\n"
    )
    part = read_document(text, filename="note.txt")
    findings = detect(
        [part],
        analyzer=analyzer,
        pipelines=pipelines,
        policy=load_policy("public"),
        jurisdiction="CA-ON",
    )
    result = redact([part], findings, secret=b"k")
    assert result.report.passed, result.report.findings
    out = _text(result.pdf)
    assert "ashdown" not in out
    assert "arrest" in out


def test_scanned_page_keeps_a_searchable_layer_without_the_redacted_words(
    pipelines: Pipelines, analyzer: Analyzer
) -> None:
    scan = read_document((SAMPLES / "05-scanned-note.pdf").read_bytes(), filename="scan.pdf")
    assert any(page.source == "ocr" for page in scan.pages)
    findings = detect(
        [scan],
        analyzer=analyzer,
        pipelines=pipelines,
        policy=load_policy("public"),
        jurisdiction="CA-ON",
    )
    redacted = {normalise(f.text) for f in findings[0]}
    assert redacted, "the scanned note names people and a phone number"
    result = redact([scan], findings, secret=b"k")
    assert result.report.passed, result.report.findings
    layer = _text(result.pdf)
    assert len(layer) > 40, "the kept OCR words stay searchable"
    for value in redacted:
        assert value not in layer


def _ocr_line(text: str, x: float, y0: float, y1: float, step: float = 6.0) -> list[Box | None]:
    return [None if ch == " " else Box(x + i * step, y0, x + (i + 1) * step, y1) for i, ch in
            enumerate(text)]  # fmt: skip


def test_a_word_touched_by_a_box_of_the_line_above_stays_in_the_ocr_layer() -> None:
    # A skewed scan: the word boxes of two lines overlap by a sliver (descender, ascender).
    first, second = "Cst. Levesque", "threatened her"
    boxes = [*_ocr_line(first, 100, 500, 512), None, *_ocr_line(second, 118, 489, 501)]
    page = Page(1, 612, 792, first + "\n" + second, tuple(boxes), source="ocr")
    name = [b for b in boxes[5 : len(first)] if b is not None]
    covered = name[0]
    for box in name[1:]:
        covered = covered.union(box)
    kept = [word.text for word in _kept_words(page, [covered])]
    assert kept == ["Cst.", "threatened", "her"]


def test_a_word_glued_to_a_redacted_value_keeps_only_its_visible_part() -> None:
    text = "ON L5M 7N6.-Please accept"
    boxes = _ocr_line(text, 100, 500, 512)
    page = Page(1, 612, 792, text, tuple(boxes), source="ocr")
    code = [b for b in boxes[3:10] if b is not None]
    covered = code[0]
    for box in code[1:]:
        covered = covered.union(box)
    kept = [word.text for word in _kept_words(page, [covered])]
    assert kept == ["ON", ".-Please", "accept"]


def test_a_value_the_first_pass_left_readable_is_found_and_removed_by_a_second_pass() -> None:
    # Only the first occurrence is proposed (as if detection had boxed one place): the gate
    # finds the value still readable, so the output is read again, every occurrence of every
    # withheld value is removed, and the gate passes on the second verification.
    text = b"Contact Imogen Farquharson-Bleu today.\nImogen Farquharson-Bleu called back later.\n"
    part = read_document(text, filename="note.txt")
    value = "Imogen Farquharson-Bleu"
    start = part.text.index(value)
    finding = PiFinding(
        "PERSON", start, start + len(value), 0.9, "test", value, exemption_code="s.21(1)"
    )
    result = redact([part], [[finding]], secret=b"k")
    assert result.report.passed, result.report.findings
    assert "farquharson" not in _text(result.pdf)
    assert "called back later" in _text(result.pdf)
    second = [b for b in result.boxes if b.recognizer == "SecondPassRemoval"]
    assert second and all(b.exemption_code == "s.21(1)" for b in second)
