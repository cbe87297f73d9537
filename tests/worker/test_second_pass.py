"""The worker's second removal pass: an accepted value still readable elsewhere in the
document (another mention on a later page that nobody boxed) is removed too, under the same
code, and counted; the gate then passes instead of refusing the file."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io

from reportlab.lib.pagesizes import letter  # type: ignore[import-untyped]
from reportlab.pdfgen import canvas  # type: ignore[import-untyped]

from core.review import ReviewedBox
from extraction.readers.pdf import read_pdf
from redaction.verify import verify_output
from worker.disclosure import redact_document

NAME = "Wiremu Tanenbaum"


def _two_page_statement() -> bytes:
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=letter, invariant=True)
    pdf.setFont("Helvetica", 11)
    pdf.drawString(72, 700, f"The complainant {NAME} attended the station on foot.")
    pdf.showPage()
    pdf.setFont("Helvetica", 11)
    pdf.drawString(72, 700, "The constable's notes were reviewed by the unit.")
    pdf.setFont("Helvetica", 8)
    pdf.drawString(72, 40, f"Statement of {NAME} - page 2")
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def _box_over_first_mention(pdf: bytes) -> ReviewedBox:
    document = read_pdf(pdf, ocr=False)
    start = document.text.index(NAME)
    [(page, box)] = document.locator()(start, start + len(NAME))
    return ReviewedBox(
        id=1,
        document_id=1,
        page=page,
        rect=(box.x0, box.y0, box.x1, box.y1),
        entity_type="PERSON",
        exemption_code="s.21(1)",
        label="Complainant",
        status="accepted",
        source="auto",
        finding_id=None,
        request_id=1,
        reviewed_at=dt.datetime(2026, 12, 2, tzinfo=dt.UTC),
    )


def test_a_second_mention_nobody_boxed_is_removed_and_counted() -> None:
    pdf = _two_page_statement()
    box = _box_over_first_mention(pdf)
    assert box.page == 1
    result = redact_document(pdf, [box])
    assert {page for page, _, _ in result.added} == {2}
    assert all(code == "s.21(1)" for _, code, _ in result.added)
    report = verify_output(result.pdf, [(NAME, "PERSON")])
    assert report.passed, report.findings
    text = read_pdf(result.pdf, ocr=False).text
    assert "Wiremu" not in text and "Tanenbaum" not in text
    assert "constable's notes were reviewed" in text  # the rest stays readable


def test_nothing_is_added_when_the_first_pass_removed_everything() -> None:
    pdf = _two_page_statement()
    box = _box_over_first_mention(pdf)
    only_page_one = read_pdf(pdf, ocr=False)
    assert only_page_one.text.count(NAME) == 2
    result = redact_document(pdf, [box])
    again = redact_document(result.pdf, [])
    assert again.added == ()


def test_an_occurrence_an_officer_released_is_left_and_the_file_refused() -> None:
    """A value withheld on page 1 and explicitly released on page 2 is a contradiction for a
    person to settle: the second pass does not override the release, the gate refuses."""
    import pytest

    from core.errors import LeakDetected

    pdf = _two_page_statement()
    withheld = _box_over_first_mention(pdf)
    document = read_pdf(pdf, ocr=False)
    second = document.text.index(NAME, document.text.index(NAME) + 1)
    [(page, box)] = document.locator()(second, second + len(NAME))
    released = dataclasses.replace(
        withheld, id=2, page=page, rect=(box.x0, box.y0, box.x1, box.y1), status="rejected"
    )
    with pytest.raises(LeakDetected):
        redact_document(pdf, [withheld], [released])
