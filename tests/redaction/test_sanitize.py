"""Sanitise: only visible page content and redacted bookmarks survive, in a fresh file."""

from __future__ import annotations

import io

import pikepdf
import pytest

from redaction.sanitize import REDACTED_TITLE, sanitize_pdf
from redaction.verify import verify_output
from tests.redaction import builders
from tests.redaction.engines import all_texts
from tests.support import CORPUS

STRINGS = [("Joseph Brown", "PERSON"), ("07309 802258", "PHONE_NUMBER")]


@pytest.fixture(scope="module")
def cleaned() -> bytes:
    return sanitize_pdf(builders.cluttered_pdf(), ["Joseph Brown"])


def test_the_cluttered_file_fails_the_gate_before() -> None:
    report = verify_output(builders.cluttered_pdf(), STRINGS)
    kinds = {f.kind for f in report.findings}
    assert {"metadata", "xmp", "annotation", "form_field", "embedded_file", "javascript",
            "action", "optional_content", "thumbnail", "outline_title"} <= kinds  # fmt: skip


def test_structure_is_stripped(cleaned: bytes) -> None:
    with pikepdf.open(io.BytesIO(cleaned)) as doc:
        root = doc.Root
        for key in ("/Metadata", "/AcroForm", "/OpenAction", "/AA", "/OCProperties",
                    "/PageLabels", "/StructTreeRoot", "/Names"):  # fmt: skip
            assert key not in root, key
        assert "/Info" not in doc.trailer
        page = doc.pages[0].obj
        for key in ("/Annots", "/Thumb", "/AA", "/StructParents"):
            assert key not in page, key
        for obj in doc.objects:
            if isinstance(obj, pikepdf.Dictionary):
                assert obj.get("/Type") not in (pikepdf.Name.OCG, pikepdf.Name.EmbeddedFile)
    assert cleaned.count(b"%%EOF") == 1 and cleaned.count(b"startxref") == 1


def test_outline_titles_redacted_rest_kept(cleaned: bytes) -> None:
    with pikepdf.open(io.BytesIO(cleaned)) as doc:
        first = doc.Root.Outlines.First
        assert str(first.Title) == f"Interview with {REDACTED_TITLE}"
        assert "/Dest" in first  # navigation stays
        second = first.Next
        assert str(second.Title) == "Findings"
        assert "/A" not in second  # a URI action is not navigation


def test_outline_callback() -> None:
    out = sanitize_pdf(builders.cluttered_pdf(), lambda title: title.replace("Joseph", "J."))
    with pikepdf.open(io.BytesIO(out)) as doc:
        assert str(doc.Root.Outlines.First.Title) == "Interview with J. Brown"


def test_hidden_layer_content_and_alt_text_removed(cleaned: bytes) -> None:
    texts = all_texts(cleaned)
    for engine, text in texts.items():
        assert "Hidden" not in text, engine
        assert "Complaint file" in text, engine
    with pikepdf.open(io.BytesIO(cleaned)) as doc:
        assert b"ActualText" not in doc.pages[0].Contents.read_bytes()


def test_gate_passes_after_sanitising(cleaned: bytes) -> None:
    report = verify_output(cleaned, STRINGS)
    assert report.passed, report.summary()


def test_fresh_file_and_deterministic() -> None:
    source = (CORPUS / "leak-suite" / "14_incremental_update_history.pdf").read_bytes()
    assert source.count(b"%%EOF") > 1
    once = sanitize_pdf(source)
    assert once.count(b"%%EOF") == 1
    assert sanitize_pdf(source) == once
    assert b"/Prev" not in once
