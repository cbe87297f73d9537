"""Automatic redaction of a whole input: OCR tolerance, same-value propagation, the text layer
kept on scanned pages, and the release gate on the result."""

from __future__ import annotations

import io

import pypdf
import pytest

from extraction.nlp import Pipelines
from extraction.reader import read_document
from redaction.analyzer import Analyzer
from redaction.auto import detect, ocr_cleaned, redact
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
