"""Apply with a perfect detector: boxes over every truth PI string of the dev PDFs. Whatever the
detector finds is removed for real (the gate passes) and the phrases to keep still read."""

from __future__ import annotations

import json
from pathlib import Path

import pypdfium2 as pdfium
import pytest

from extraction.document import Box
from redaction.apply import RedactionBox, apply_redactions
from redaction.sanitize import sanitize_pdf
from redaction.verify import normalise, verify_output
from tests.support import CORPUS

TRUTHS = [
    p
    for p in sorted((CORPUS / "dev").glob("*.truth.json"))
    if json.loads(p.read_text())["format"] == "pdf"
]


def _boxes(pdf: bytes, needles: list[str]) -> list[RedactionBox]:
    """One box per line of every case-insensitive occurrence of each needle (pdfium search)."""
    doc = pdfium.PdfDocument(pdf)
    out: list[RedactionBox] = []
    try:
        for index in range(len(doc)):
            textpage = doc[index].get_textpage()
            for needle in needles:
                searcher = textpage.search(needle, match_case=False)
                while (hit := searcher.get_next()) is not None:
                    start, count = hit
                    line: Box | None = None
                    for i in range(start, start + count):
                        left, bottom, right, top = textpage.get_charbox(i)
                        if right <= left:
                            continue
                        char = Box(left, bottom, right, top)
                        if (
                            line
                            and abs((line.y0 + line.y1 - bottom - top) / 2) < (top - bottom) / 2
                        ):
                            line = line.union(char)
                            continue
                        if line:
                            out.append(RedactionBox(index + 1, line, "s.21(1)"))
                        line = char
                    if line:
                        out.append(RedactionBox(index + 1, line, "s.21(1)"))
    finally:
        doc.close()
    return out


@pytest.mark.parametrize("truth_path", TRUTHS, ids=[p.name.split(".")[0] for p in TRUTHS])
def test_oracle_boxes_remove_all_pi_and_keep_the_rest(truth_path: Path) -> None:
    truth = json.loads(truth_path.read_text())
    source = (CORPUS / "dev" / truth["file"]).read_bytes()
    needles = sorted(
        {item["text"] for item in truth["pii"]}
        | {frag for item in truth["pii"] for frag in item.get("leak_if_any") or []}
    )
    result = apply_redactions(source, _boxes(source, needles))
    out = sanitize_pdf(result.pdf, needles)
    report = verify_output(out, [(item["text"], item["type"]) for item in truth["pii"]])
    assert report.passed, report.summary()
    assert len(out) <= 1.5 * len(source)
    doc = pdfium.PdfDocument(out)
    try:
        text = normalise(" ".join(doc[i].get_textpage().get_text_range() for i in range(len(doc))))
    finally:
        doc.close()
    solid = text.replace(" ", "")
    kept = [k for k in truth["keep"] if normalise(k).replace(" ", "") in solid]
    assert len(kept) == len(truth["keep"]), set(truth["keep"]) - set(kept)
