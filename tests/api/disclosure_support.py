"""Test data for FOI requests: PDFs with known people in them, analysed documents with proposed
boxes (as the PI pipeline would leave them), requests in any state, jobs run in-process."""

from __future__ import annotations

import datetime as dt
import io
import re
from dataclasses import dataclass, field
from typing import Any

import pikepdf
from fastapi.testclient import TestClient
from reportlab.lib.pagesizes import letter  # type: ignore[import-untyped]
from reportlab.pdfgen import canvas  # type: ignore[import-untyped]
from sqlalchemy import select
from sqlalchemy.orm import Session

from api.foi import decisions, marks, requests
from api.state import AppState
from core import review
from core.db import transaction
from core.models import (
    Case,
    DisclosureRequest,
    Document,
    Finding,
    Job,
    JobItem,
    Page,
    Redaction,
    User,
)
from core.vocab import DocumentStatus, JobStatus, RequestStatus
from extraction.document import pack_boxes
from extraction.reader import read_document
from redaction.auto import text_hmac
from redaction.pdf_text import find_term_boxes
from worker import disclosure as worker_disclosure
from worker.resources import build_resources

CODE = "s.21(1)"
SEED_SECRET = b"test-secret"  # the HMAC key seed_document stores values under
PEOPLE = {
    "Marguerite Okonkwo": "PERSON",
    "Theodore Vasquez": "PERSON",
    "416-555-0199": "PHONE_NUMBER",
}
FILLER = (
    "The officers attended the residence after a call about a disturbance near the park. "
    "The complainant states that the arrest was carried out with excessive force."
)


def page_lines(number: int, doc: int = 1) -> list[str]:
    return [
        f"Statement page {number} of document {doc}.",
        "Witness Marguerite Okonkwo was interviewed by Officer Theodore Vasquez.",
        "She can be reached at 416-555-0199 for follow-up.",
        f"Paragraph {doc}-{number}: " + FILLER[:90],
        FILLER[90:],
    ]


def make_pdf(pages: list[list[str]]) -> bytes:
    buffer = io.BytesIO()
    c = canvas.Canvas(buffer, pagesize=letter, invariant=True)
    for lines in pages:
        c.setFont("Helvetica", 11)
        y = 720
        for line in lines:
            c.drawString(72, y, line)
            y -= 18
        c.showPage()
    c.save()
    return buffer.getvalue()


def offset_pdf(pages: list[list[str]], mediabox: tuple[float, ...] = (50, 50, 662, 842)) -> bytes:
    """Like ``make_pdf``, on pages whose MediaBox does not start at (0, 0): the text is drawn
    at the same user-space positions, 22 points in from the page's left edge."""
    with pikepdf.open(io.BytesIO(make_pdf(pages))) as pdf:
        for page in pdf.pages:
            page.obj.MediaBox = pikepdf.Array(list(mediabox))
        out = io.BytesIO()
        pdf.save(out)
        return out.getvalue()


def seed_document(
    state: AppState,
    case_id: int,
    pdf: bytes,
    people: dict[str, str] | None = None,
    filename: str = "statement.pdf",
) -> int:
    """An analysed document as the pipeline leaves it: pages with their text and stored
    character boxes, and for each known value a PI finding (offsets into the document text,
    HMAC) with a proposed box."""
    blob = state.blobs.write_bytes(pdf)
    parsed = read_document(pdf, filename=filename)
    with transaction(state.sessions) as session:
        document = Document(
            case_id=case_id, filename=filename, sha256=blob.sha256, size=blob.size,
            detected_type="pdf", status=DocumentStatus.ANALYSED, page_count=len(parsed.pages),
            pdf_sha256=blob.sha256,
        )  # fmt: skip
        session.add(document)
        session.flush()
        offsets = {page.number: offset for page, offset in parsed.page_offsets()}
        for page in parsed.pages:
            session.add(
                Page(document_id=document.id, number=page.number, width=page.width,
                     height=page.height, text=page.text, origin_x=page.origin_x,
                     origin_y=page.origin_y,
                     boxes_sha256=state.blobs.write_bytes(pack_boxes(page.char_boxes)).sha256)
            )  # fmt: skip
        for value, entity_type in (people if people is not None else PEOPLE).items():
            seen: dict[int, int] = {}
            for hit in find_term_boxes(pdf, value):
                # The n-th hit on a page is the n-th occurrence in that page's text.
                page_text = parsed.pages[hit.page - 1].text
                starts = [m.start() for m in re.finditer(re.escape(value), page_text, re.I)]
                nth = seen.get(hit.page, 0)
                seen[hit.page] = nth + 1
                start = offsets[hit.page] + starts[nth] if nth < len(starts) else None
                finding = Finding(
                    document_id=document.id, kind="pi", label=entity_type, page=hit.page,
                    start=start, end=None if start is None else start + len(value),
                    score=0.85, recognizer="SpacyRecognizer" if entity_type == "PERSON"
                    else "CaPhoneRecognizer", value={"explanation": "test"},
                    text_hmac=text_hmac(SEED_SECRET, value),
                )  # fmt: skip
                session.add(finding)
                session.flush()
                for box in hit.boxes:
                    session.add(
                        Redaction(
                            document_id=document.id, finding_id=finding.id, page=hit.page,
                            rect=[box.x0, box.y0, box.x1, box.y1], entity_type=entity_type,
                            exemption_code=CODE, source="auto",
                        )
                    )  # fmt: skip
        return document.id


def make_case(state: AppState, title: str = "Disclosure case") -> int:
    with transaction(state.sessions) as session:
        case = Case(reference=f"CASE-T-{dt.datetime.now().timestamp()}", title=title,
                    jurisdiction="CA-ON")  # fmt: skip
        session.add(case)
        session.flush()
        case.reference = f"CASE-2026-{case.id:04d}"
        return case.id


def make_request(state: AppState, officer_id: int, document_ids: list[int]) -> int:
    with transaction(state.sessions) as session:
        officer = session.get(User, officer_id)
        assert officer is not None
        request = requests.create_request(
            session, officer, received_on=dt.date(2026, 3, 2), requester_type="media",
            policy="public", jurisdiction="CA-ON",
        )  # fmt: skip
        if document_ids:
            requests.set_documents(session, officer, request, document_ids)
        return request.id


def run_job_inline(state: AppState, job_id: int) -> None:
    """Run a job's tasks in this process, as a worker would (apply each item, then build)."""
    res = build_resources(state.settings)
    try:
        with state.sessions() as session:
            items = [
                i.document_id for i in session.query(JobItem).filter(JobItem.job_id == job_id).all()
            ]
        for document_id in items:
            worker_disclosure.apply_document(res, job_id, document_id)
        worker_disclosure.build_job_package(res, job_id)
    finally:
        res.engine.dispose()


FAKE_PDF = make_pdf([["A stand-in package page."]])


@dataclass
class DisclosureSeed:
    """Fresh requests in the state a route needs (for the route x role matrix)."""

    state: AppState
    officer_id: int
    _case_id: int = 0
    _document_id: int = 0
    made: list[int] = field(default_factory=list)

    def document(self) -> int:
        if not self._document_id:
            self._case_id = make_case(self.state)
            pdf = make_pdf([page_lines(1), page_lines(2)])
            self._document_id = seed_document(self.state, self._case_id, pdf)
        return self._document_id

    def fresh(self, ids: dict[str, Any], *, status: str = "open", job: str = "") -> None:
        """Point {request_id}, {document_id}, {redaction_id}, {job_id} at a new request."""
        document_id = self.document()
        request_id = make_request(self.state, self.officer_id, [document_id])
        with transaction(self.state.sessions) as session:
            officer = session.get(User, self.officer_id)
            request = requests.get_request(session, request_id)
            assert officer is not None
            box = marks.add_box(
                session, officer, request, document_id=document_id, page=1,
                rect=[400, 100, 450, 120], exemption_code=CODE,
            )  # fmt: skip
            ids["redaction_id"] = box.id
            ids["page"] = 1
            ids["job_id"] = 0
            if job:
                row = Job(kind="disclosure.package", request_id=request_id, total=1,
                          status=JobStatus.QUEUED if job == "queued" else JobStatus.DONE)  # fmt: skip
                session.add(row)
                session.flush()
                session.add(JobItem(job_id=row.id, document_id=document_id, position=1,
                                    status="queued" if job == "queued" else "done"))  # fmt: skip
                if job == "built":
                    row.done = 1
                    row.package_sha256 = self.state.blobs.write_bytes(FAKE_PDF).sha256
                    row.csv_sha256 = self.state.blobs.write_bytes(b"package_page\n").sha256
                ids["job_id"] = row.id
                if status == RequestStatus.READY:
                    request.status = RequestStatus.READY
                    request.package_sha256 = row.package_sha256
        ids["request_id"] = request_id
        ids["document_id"] = document_id


def value_boxes(state: AppState, value: str) -> set[int]:
    """Ids of the seeded boxes whose finding holds ``value`` (matched by its HMAC)."""
    with state.sessions() as session:
        query = (
            select(Redaction.id)
            .join(Finding, Finding.id == Redaction.finding_id)
            .where(Finding.text_hmac == text_hmac(SEED_SECRET, value))
        )
        return set(session.execute(query).scalars())


def finish_review(
    client: TestClient, headers: dict[str, str], base: str, disposition: str = "released_in_part"
) -> dict[str, Any]:
    """Decide what the review left open, as an officer would before building: accept every
    still-proposed box (by entity type) and give every page without one ``disposition``.
    Returns the review data afterwards."""
    review = client.get(f"{base}/review", headers=headers).json()
    for entity_type in sorted(
        {b["entity_type"] for b in review["boxes"] if b["status"] == "proposed"}
    ):
        accepted = client.post(
            f"{base}/bulk-accept", json={"entity_type": entity_type}, headers=headers
        )
        assert accepted.status_code == 200, accepted.text
    for document in review["documents"]:
        for page in document["pages"]:
            if page["disposition"] is None:
                url = f"{base}/documents/{document['id']}/pages/{page['number']}/disposition"
                disposed = client.put(url, json={"disposition": disposition}, headers=headers)
                assert disposed.status_code == 200, disposed.text
    final: dict[str, Any] = client.get(f"{base}/review", headers=headers).json()
    return final


def settle_request(
    session: Session, officer: User, request: DisclosureRequest, proposed: str = "accept"
) -> None:
    """``finish_review`` inside a transaction (no HTTP): decide every still-proposed box
    (``proposed``: accept or reject) and release in part every page without a disposition."""
    ids = [d.id for d in requests.request_documents(session, request.id)]
    kept = decisions.requester_box_ids(session, request)
    for box in review.request_boxes(session, request.id, ids, statuses=(review.PROPOSED,)):
        if box.id not in kept:
            decisions.decide(session, officer, request, box.id, proposed)
    disposed = review.page_dispositions(session, request.id, ids)
    for document in requests.request_documents(session, request.id):
        for number in range(1, (document.page_count or 0) + 1):
            if (document.id, number) not in disposed:
                marks.set_disposition(
                    session, officer, request, document.id, number, "released_in_part"
                )
