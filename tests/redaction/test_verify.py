"""The release gate: matching rules, value-free reports, structure checks, invisible text."""

from __future__ import annotations

import pytest

from core.errors import LeakDetected
from extraction.document import Box
from redaction.apply import RedactionBox, apply_redactions
from redaction.sanitize import sanitize_pdf
from redaction.verify import (
    Finding,
    extract_file_strings,
    normalise,
    require_clean,
    verify_output,
)
from tests.redaction import builders


def _page(text: str, *, prefix: str = "") -> bytes:
    content = f"{prefix}BT /F1 12 Tf 72 700 Td ({text}) Tj ET\n".encode("cp1252")
    return sanitize_pdf(builders._page_pdf(content, {"F1": builders.helvetica_dict()}))


@pytest.mark.parametrize(
    ("shown", "needle", "entity_type", "leaks"),
    [
        pytest.param("JOSEPH BROWN", "Joseph Brown", "PERSON", True, id="case"),
        pytest.param("JosephBrown", "Joseph Brown", "PERSON", True, id="missing-space"),
        pytest.param("Jo seph  Br own", "Joseph Brown", "PERSON", True, id="extra-spaces"),
        pytest.param("07309-802258", "07309 802258", "PHONE_NUMBER", True, id="compact-phone"),
        pytest.param("\xe9lise Tremblay", "Élise TREMBLAY", "PERSON", True, id="accent-case"),
        pytest.param("Brownfield Road", "Brown", "PERSON", False, id="short-name-word-bound"),
        pytest.param("Mr Brown said", "Brown", "PERSON", True, id="short-name"),
        pytest.param("Complainant", "Joseph Brown", "PERSON", False, id="absent"),
    ],
)
def test_matching(shown: str, needle: str, entity_type: str, leaks: bool) -> None:
    report = verify_output(_page(shown), [(needle, entity_type)])
    assert report.passed is not leaks, report.summary()
    if leaks:
        engines = {f.engine for f in report.findings if f.kind == "text"}
        assert {"pdfium", "pypdf", "pdftotext", "raw"} <= engines


def test_line_break_and_ligature_normalised() -> None:
    assert normalise("Marie-\nClaude  O\ufb03ce") == "marie-claude office"


def test_report_and_error_never_hold_the_value() -> None:
    report = verify_output(_page("Joseph Brown"), [("Joseph Brown", "PERSON")])
    assert not report.passed
    assert all(isinstance(f, Finding) for f in report.findings)
    assert "Joseph" not in repr(report) and "Joseph" not in report.summary()
    with pytest.raises(LeakDetected) as caught:
        require_clean(report)
    assert "Joseph" not in str(caught.value.to_dict())
    assert "PERSON" in caught.value.message and "page 1" in caught.value.message


def test_a_failure_names_where_each_found_value_was_withheld_never_the_value() -> None:
    """Issue 16: "STREET_ADDRESS text on page 1" named nothing an officer could open."""
    report = verify_output(
        _page("Joseph Brown at 416-555-0199"),
        [("Mary Smith", "PERSON"), ("Joseph Brown", "PERSON"), ("416-555-0199", "PHONE_NUMBER")],
    )
    places = ["document 7 page 1 box 40", "document 7 page 2 box 41", "document 8 page 1 box 9"]
    message = report.summary_at(places)
    assert (
        "document 7 page 2 box 41 (PERSON): the value withheld there is still readable on page 1"
        in message
    )
    assert "document 8 page 1 box 9 (PHONE_NUMBER)" in message
    assert "box 40" not in message  # not found: not named
    assert "Joseph" not in message and "416" not in message
    with pytest.raises(LeakDetected) as caught:
        require_clean(report, places)
    assert caught.value.message == message
    hidden = verify_output(_page("Joseph Brown", prefix="3 Tr "), [("Joseph Brown", "PERSON")])
    assert "still there as invisible text" in hidden.summary_at(["document 1 page 1 box 1"])


def test_invisible_and_white_text_flagged_only_with_a_redacted_string() -> None:
    hidden = _page("Joseph Brown", prefix="3 Tr ")
    report = verify_output(hidden, [("Joseph Brown", "PERSON")])
    assert Finding("invisible_text", "raw", 1, "PERSON") in report.findings
    assert verify_output(hidden, [("Mary Smith", "PERSON")]).passed
    white = _page("Joseph Brown", prefix="1 1 1 rg ")
    assert (
        Finding("white_text", "raw", 1, "PERSON")
        in verify_output(white, [("Joseph Brown", "PERSON")]).findings
    )
    assert verify_output(white, []).passed


def test_rasterised_page_invisible_layer_passes() -> None:
    before = builders.type0_pdf(tounicode=False)
    box = builders.find_word(builders.type0_pdf(), "Joseph Brown")
    result = apply_redactions(before, [RedactionBox(1, box, "s.21(1)")])
    report = verify_output(sanitize_pdf(result.pdf), [("Joseph Brown", "PERSON")])
    assert report.passed, report.summary()


def test_unsanitised_structure_fails() -> None:
    report = verify_output(builders.cluttered_pdf(), [])
    kinds = {f.kind for f in report.findings}
    assert not report.passed
    assert {"metadata", "xmp", "annotation", "form_field", "embedded_file", "javascript",
            "action", "optional_content", "thumbnail"} <= kinds  # fmt: skip
    assert all(f.entity_type is None for f in report.findings)


def test_replaced_form_leaves_no_copy_in_the_file() -> None:
    # A replaced form left in the resources would keep the original text in the file.
    before = builders.form_xobject_pdf()
    box = builders.find_word(before, "Joseph Brown")
    out = sanitize_pdf(apply_redactions(before, [RedactionBox(1, box, "s.21(1)")]).pdf)
    assert "joseph" not in extract_file_strings(out).casefold()
    assert verify_output(out, [("Joseph Brown", "PERSON")]).passed


def test_box_partly_off_page_is_fine_for_the_gate() -> None:
    before = builders.reportlab_pdf()
    box = builders.find_word(before, "Joseph Brown")
    wide = Box(-50, box.y0, box.x1, box.y1)
    out = sanitize_pdf(apply_redactions(before, [RedactionBox(1, wide, "s.21(1)")]).pdf)
    report = verify_output(out, [("Joseph Brown", "PERSON"), ("Complainant", "PERSON")])
    assert report.passed, report.summary()
