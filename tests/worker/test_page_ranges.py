"""Big PDFs are read a page range per task: order, duplicates and failures of the range tasks,
and an encrypted PDF opened with the password supplied with the upload."""

from __future__ import annotations

import io
from typing import Any

from sqlalchemy import select

from api import services
from api.state import AppState
from core.db import transaction
from core.models import Document, DocumentStep, Finding, Page, Redaction, User
from tests.support import CORPUS, statement_pdf
from worker.pipeline import FollowUp, process_document, process_page_range
from worker.resources import Resources, build_resources


def _upload(state: AppState, data: bytes, password: str | None = None) -> int:
    with transaction(state.sessions) as session:
        user = User(username="u", display_name="u", password_hash="x", roles=["coordinator"])
        session.add(user)
        session.flush()
        case = services.create_case(session, user, "Case", "CA-ON")
        document, _ = services.take_upload(
            state,
            session,
            case=case,
            user=user,
            source=io.BytesIO(data),
            filename="file.pdf",
            content_type="application/pdf",
            password=password,
        )
        return document.id


def _resources(state: AppState, shared_models: dict[str, Any], per_task: int) -> Resources:
    settings = state.settings.model_copy(update={"pages_per_task": per_task})
    return build_resources(settings, shared_models)


def _document(state: AppState, document_id: int) -> Document:
    with state.sessions() as session:
        document = session.get(Document, document_id)
        assert document is not None
        session.expunge(document)
        return document


def test_a_big_pdf_is_read_in_range_tasks_in_any_order_and_analysed_once(
    state: AppState, shared_models: dict[str, Any]
) -> None:
    document_id = _upload(state, statement_pdf(5))
    res = _resources(state, shared_models, per_task=2)
    follow_up = process_document(res, document_id)
    assert follow_up == FollowUp(page_ranges=(1, 3, 5))
    assert _document(state, document_id).status == "extracting"
    # Out of order, one delivered twice (a broker redelivery): the same result.
    for first in (5, 3, 3):
        process_page_range(res, document_id, first)
        assert _document(state, document_id).status == "extracting"
    process_page_range(res, document_id, 1)
    document = _document(state, document_id)
    assert document.status == "analysed", document.error_message
    assert document.page_count == 5
    with state.sessions() as session:
        pages = list(
            session.execute(
                select(Page).where(Page.document_id == document_id).order_by(Page.number)
            ).scalars()
        )
        steps = list(
            session.execute(
                select(DocumentStep.step, DocumentStep.version).where(
                    DocumentStep.document_id == document_id
                )
            ).all()
        )
        pi = list(
            session.execute(
                select(Finding).where(Finding.document_id == document_id, Finding.kind == "pi")
            ).scalars()
        )
        boxes = list(
            session.execute(select(Redaction).where(Redaction.document_id == document_id)).scalars()
        )
        dates = list(
            session.execute(
                select(Finding).where(Finding.document_id == document_id, Finding.kind == "date")
            ).scalars()
        )
    assert [p.number for p in pages] == [1, 2, 3, 4, 5]
    for page in pages:
        assert f"Statement page {page.number} " in page.text
        assert page.boxes_sha256
    assert sorted(steps) == sorted(
        [("intake", 1), ("plan", 1), ("pages", 1), ("pages", 3), ("pages", 5), ("extract", 1)]
    )
    # Each page's phone number is proposed, boxed on its own page, nowhere else.
    phones = [f for f in pi if f.label == "PHONE_NUMBER"]
    assert sorted(f.page or 0 for f in phones) == [1, 2, 3, 4, 5]
    for finding in phones:
        finding_boxes = [b for b in boxes if b.finding_id == finding.id]
        assert finding_boxes and {b.page for b in finding_boxes} == {finding.page}
    assert {f.page for f in dates} == {1, 2, 3, 4, 5}
    # Analysis ran once: one set of findings, not one per range task.
    assert len(phones) == 5
    res.engine.dispose()


def test_a_small_pdf_is_read_and_analysed_in_one_task(
    state: AppState, shared_models: dict[str, Any]
) -> None:
    document_id = _upload(state, statement_pdf(3))
    res = _resources(state, shared_models, per_task=20)
    assert process_document(res, document_id) == FollowUp()
    document = _document(state, document_id)
    assert document.status == "analysed"
    assert document.page_count == 3
    res.engine.dispose()


def test_a_failed_range_fails_the_document_with_the_pages_named(
    state: AppState, shared_models: dict[str, Any]
) -> None:
    document_id = _upload(state, statement_pdf(4))
    res = _resources(state, shared_models, per_task=2)
    assert process_document(res, document_id).page_ranges == (1, 3)
    # The stored PDF the ranges read is replaced by bytes pdfium cannot open.
    document = _document(state, document_id)
    assert document.pdf_sha256
    res.blobs.path_for(document.pdf_sha256).chmod(0o644)
    res.blobs.path_for(document.pdf_sha256).write_bytes(b"%PDF-1.7 truncated")
    process_page_range(res, document_id, 3)
    failed = _document(state, document_id)
    assert failed.status == "failed"
    assert failed.error_code == "corrupt_pdf"
    assert (failed.error_message or "").startswith("pages from 3:")
    # A range delivered after the failure changes nothing.
    process_page_range(res, document_id, 1)
    assert _document(state, document_id).status == "failed"
    res.engine.dispose()


def test_encrypted_pdf_opens_with_the_password_given_at_upload(
    state: AppState, shared_models: dict[str, Any]
) -> None:
    data = (CORPUS / "hostile" / "encrypted_userpw.pdf").read_bytes()
    document_id = _upload(state, data, password="s3cret")
    res = _resources(state, shared_models, per_task=20)
    follow_up = process_document(res, document_id)
    assert follow_up.page_ranges == (1, 21, 41)  # 50 pages
    for first in follow_up.page_ranges:
        process_page_range(res, document_id, first)
    document = _document(state, document_id)
    assert document.status == "analysed", document.error_message
    assert document.pdf_password_sealed is None  # forgotten once the decrypted copy is stored
    assert "decrypted_with_password" in document.flags
    assert document.pdf_sha256 and document.pdf_sha256 != document.sha256
    decrypted = res.blobs.read_bytes(document.pdf_sha256)
    assert b"/Encrypt" not in decrypted
    assert res.blobs.read_bytes(document.sha256) == data  # the original is kept as it came
    res.engine.dispose()


def test_a_wrong_password_fails_and_is_not_kept(
    state: AppState, shared_models: dict[str, Any]
) -> None:
    data = (CORPUS / "hostile" / "encrypted_userpw.pdf").read_bytes()
    document_id = _upload(state, data, password="wrong")
    res = _resources(state, shared_models, per_task=20)
    process_document(res, document_id)
    document = _document(state, document_id)
    assert document.status == "failed"
    assert document.error_code == "encrypted_pdf"
    assert "password is wrong" in (document.error_message or "")
    assert document.pdf_password_sealed is None
    res.engine.dispose()
