"""The pipeline as plain functions on a real database: idempotence, poison quarantine, bad input."""

from __future__ import annotations

import io
from typing import Any

import pytest
from sqlalchemy import select, update

from api import services
from api.state import AppState
from core.db import transaction
from core.models import AuditEvent, Case, Document, Finding, Page, Redaction, User
from extraction.readers.typeset import render_text_pdf
from redaction.consistency import find_case_mentions
from tests.extraction.msg_builder import FileAttachment, Message, Recipient, build_msg
from worker import case_step
from worker.pipeline import find_unfinished, process_document
from worker.resources import build_resources


def _documents(state: AppState, *contents: bytes) -> list[int]:
    """Documents uploaded to one new case, in order (status ``received``)."""
    with transaction(state.sessions) as session:
        user = User(username="u", display_name="u", password_hash="x", roles=["coordinator"])
        session.add(user)
        session.flush()
        case = services.create_case(session, user, "Case", "CA-ON")
        ids = []
        for number, data in enumerate(contents):
            document, _ = services.take_upload(
                state,
                session,
                case=case,
                user=user,
                source=io.BytesIO(data),
                filename=f"d{number}.txt",
                content_type="",
            )
            ids.append(document.id)
        return ids


def _document(state: AppState, data: bytes = b"plain complaint text") -> int:
    return _documents(state, data)[0]


def test_document_that_killed_three_workers_is_quarantined(
    state: AppState, shared_models: dict[str, Any]
) -> None:
    document_id = _document(state)
    with transaction(state.sessions) as session:
        session.execute(update(Document).where(Document.id == document_id).values(deliveries=3))
    resources = build_resources(state.settings, shared_models)
    process_document(resources, document_id)
    with state.sessions() as session:
        document = session.get(Document, document_id)
        assert document is not None
        assert document.status == "quarantined"
        assert document.error_code == "poison"
        assert "needs a person" in (document.error_message or "")
        actions = list(session.execute(select(AuditEvent.action)).scalars())
    assert "document.quarantined" in actions
    assert find_unfinished(resources) == []
    resources.engine.dispose()


def test_unfinished_documents_are_found_for_recovery(
    state: AppState, shared_models: dict[str, Any]
) -> None:
    document_id = _document(state)
    resources = build_resources(state.settings, shared_models)
    assert find_unfinished(resources) == [document_id]
    process_document(resources, document_id)
    assert find_unfinished(resources) == []
    resources.engine.dispose()


def test_missing_blob_fails_the_document_with_a_reason(
    state: AppState, shared_models: dict[str, Any]
) -> None:
    document_id = _document(state)
    for path in state.settings.blob_dir.rglob("*"):
        if path.is_file() and path.parent.name != "tmp":
            path.chmod(0o644)
            path.unlink()
    resources = build_resources(state.settings, shared_models)
    process_document(resources, document_id)
    resources.engine.dispose()
    with state.sessions() as session:
        document = session.get(Document, document_id)
        assert document is not None
        assert document.status == "failed"
        assert document.error_code == "not_found"


def test_analysis_proposes_boxes_for_personal_information(
    state: AppState, shared_models: dict[str, Any]
) -> None:
    text = (
        "Complaint to the Office of the Independent Police Review\n\n"
        "My name is Oluwaseun Abernathy-Kowalczyk and my phone number is 416-555-0199.\n"
        "On March 3, 2026 Constable Priya Raghavendran of the Riverside Police Service "
        "pushed me against a wall.\n"
    )
    document_id = _document(state, text.encode())
    resources = build_resources(state.settings, shared_models)
    process_document(resources, document_id)
    resources.engine.dispose()
    with state.sessions() as session:
        document = session.get(Document, document_id)
        assert document is not None
        assert document.status == "analysed"
        pi = list(session.execute(select(Finding).where(Finding.kind == "pi")).scalars())
        boxes = list(session.execute(select(Redaction)).scalars())
        pages = {p.number: p for p in session.execute(select(Page)).scalars()}
    types = {f.label for f in pi}
    assert {"PERSON", "PHONE_NUMBER"} <= types
    assert all(f.text_hmac and len(f.text_hmac) == 64 for f in pi)
    stored = repr([f.value for f in pi])
    assert "Abernathy" not in stored and "555-0199" not in stored
    # Proposals shared by any FOI request of the document (no request owns or decided them).
    assert boxes and all(b.request_id is None and b.source == "auto" for b in boxes)
    assert all("s.21(1)" in b.exemption_code for b in boxes)
    for box in boxes:
        x0, y0, x1, y1 = box.rect
        page = pages[box.page]
        assert 0 <= x0 < x1 <= page.width and 0 <= y0 < y1 <= page.height
    # The police service is not personal information.
    person_texts = [
        text[f.start : f.end] for f in pi if f.label == "PERSON" and f.start is not None
    ]
    assert not any("Riverside" in t for t in person_texts)


def _pi_texts(state: AppState, document_id: int) -> list[str]:
    with state.sessions() as session:
        pages = session.execute(
            select(Page).where(Page.document_id == document_id).order_by(Page.number)
        ).scalars()
        text = "\n\f\n".join(p.text for p in pages)
        findings = session.execute(
            select(Finding).where(Finding.document_id == document_id, Finding.kind == "pi")
        ).scalars()
        return [text[f.start : f.end] for f in findings if f.start is not None]


@pytest.mark.parametrize("order", ["named-first", "mention-first"])
def test_a_person_named_in_one_document_is_proposed_in_the_others(
    state: AppState, shared_models: dict[str, Any], order: str
) -> None:
    named = b"Complaint of Mr. Desmond Wheeler, 14 Elm Street, Sudbury, about the stop.\n"
    mention = b"Notes of the second visit.\nWHEELER opened the door when we knocked.\n"
    first, second = (named, mention) if order == "named-first" else (mention, named)
    ids = _documents(state, first, second)
    resources = build_resources(state.settings, shared_models)
    for document_id in ids:
        process_document(resources, document_id)
    resources.engine.dispose()
    mention_id = ids[1] if order == "named-first" else ids[0]
    assert any("WHEELER" in text for text in _pi_texts(state, mention_id))
    with state.sessions() as session:
        boxes = list(
            session.execute(select(Redaction).where(Redaction.document_id == mention_id)).scalars()
        )
        actions = list(session.execute(select(AuditEvent.action)).scalars())
    assert boxes and all(b.request_id is None and b.source == "auto" for b in boxes)
    assert "case.mentions_proposed" in actions


def test_uploaded_msg_is_analysed_and_its_attachments_become_child_documents(
    state: AppState, shared_models: dict[str, Any]
) -> None:
    note = render_text_pdf("Discharge note: sprained right wrist.")
    message = Message(
        subject="Complaint about Constable Pennington",
        body="On March 3, 2026 Constable Gareth Pennington pushed me against a wall.",
        sender_name="Tariq Benali",
        sender_email="tariq@example.net",
        recipients=[Recipient("Intake", "intake@example.org")],
        attachments=[
            FileAttachment("discharge.pdf", note, "application/pdf"),
            FileAttachment("notes.txt", b"Witness notes about the arrest.", "text/plain"),
        ],
    )
    with transaction(state.sessions) as session:
        user = User(username="u", display_name="u", password_hash="x", roles=["coordinator"])
        session.add(user)
        session.flush()
        case = services.create_case(session, user, "Case", "CA-ON")
        document, _ = services.take_upload(
            state, session, case=case, user=user, source=io.BytesIO(build_msg(message)),
            filename="complaint.msg", content_type="application/vnd.ms-outlook",
        )  # fmt: skip
        document_id = document.id
    resources = build_resources(state.settings, shared_models)
    child_ids = process_document(resources, document_id).children
    for child_id in child_ids:
        process_document(resources, child_id)
    resources.engine.dispose()
    with state.sessions() as session:
        parent = session.get(Document, document_id)
        assert parent is not None
        assert (parent.status, parent.detected_type, parent.name_mismatch) == (
            "analysed",
            "msg",
            False,
        )
        children = list(
            session.execute(
                select(Document).where(Document.parent_id == document_id).order_by(Document.id)
            ).scalars()
        )
        text = " ".join(
            session.execute(select(Page.text).where(Page.document_id == document_id)).scalars()
        )
    assert "Pennington pushed me" in " ".join(text.split())
    assert sorted(child_ids) == [c.id for c in children]
    assert [(c.filename, c.detected_type, c.status) for c in children] == [
        ("discharge.pdf", "pdf", "analysed"),
        ("notes.txt", "txt", "analysed"),
    ]


def test_a_new_document_follows_the_case_lists(
    state: AppState, shared_models: dict[str, Any]
) -> None:
    text = (
        "Complaint about Constable Priya Raghavendran of the Riverside Police Service.\n"
        "Her partner, known to everyone as Bulldog, held my arm while Chief Walter Brennan "
        "watched.\n"
    )
    document_id = _document(state, text.encode())
    with transaction(state.sessions) as session:
        document = session.get(Document, document_id)
        user = session.execute(select(User)).scalars().first()
        assert document is not None and user is not None
        case = services.get_case(session, document.case_id)
        services.set_redaction_lists(
            session, user, case, ["Walter Brennan"], [("Bulldog", "PERSON")]
        )
    resources = build_resources(state.settings, shared_models)
    process_document(resources, document_id)
    resources.engine.dispose()
    with state.sessions() as session:
        rows = session.execute(
            select(Finding, Redaction.id)
            .join(Redaction, Redaction.finding_id == Finding.id, isouter=True)
            .where(Finding.document_id == document_id, Finding.kind == "pi")
        ).all()
        case_row = session.get(Case, case.id)
        assert case_row is not None and case_row.lists_pending is False
    boxed = {
        text[f.start : f.end]: None if box is None else "proposed"
        for f, box in rows
        if f.start is not None
    }
    assert boxed.get("Bulldog") == "proposed"
    assert any("Raghavendran" in t and s == "proposed" for t, s in boxed.items())
    # The allowed official was found, but has no box: the allow list withdrew it.
    brennan = [s for t, s in boxed.items() if "Brennan" in t]
    assert brennan and all(s is None for s in brennan)


def test_the_case_step_searches_again_only_what_a_new_person_may_be_mentioned_in(
    state: AppState, shared_models: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue 17: after each analysis the case step searched every document of the case again
    (quadratic in the case's size). A document already searched for the same people is now
    skipped; a person first named in a later document is still searched for in the earlier
    ones."""
    other = b"Statement of Ms. Priya Raman, who saw the car stop at the lights.\n"
    mention = b"Notes of the second visit.\nWHEELER opened the door when we knocked.\n"
    named = b"Complaint of Mr. Desmond Wheeler, 14 Elm Street, Sudbury, about the stop.\n"
    repeat = b"Second statement of Ms. Priya Raman about the same evening.\n"
    ids = _documents(state, other, mention, named, repeat)
    searched: list[list[str]] = []
    real = find_case_mentions

    def spy(texts: Any, findings: Any, **kwargs: Any) -> Any:
        searched.append(sorted(texts))
        return real(texts, findings, **kwargs)

    monkeypatch.setattr(case_step, "find_case_mentions", spy)
    resources = build_resources(state.settings, shared_models)
    for document_id in ids:
        process_document(resources, document_id)
    first, second, third, fourth = (str(i) for i in ids)
    # The named Wheeler (third) changed the people: the earlier two were searched again, and
    # WHEELER in the second is proposed. The fourth names nobody new: only it is searched.
    assert searched[-2] == sorted([first, second, third])
    assert searched[-1] == [fourth]
    assert any("WHEELER" in text for text in _pi_texts(state, ids[1]))
    with state.sessions() as session:
        marks = set(
            session.execute(select(Document.case_people_hmac).where(Document.id.in_(ids))).scalars()
        )
    assert len(marks) == 1 and None not in marks
    # Nothing new: a further step searches nothing.
    case_step.propose_case_mentions(resources, _case_of(state, ids[0]))
    assert searched[-1] == []
    resources.engine.dispose()


def _case_of(state: AppState, document_id: int) -> int:
    with state.sessions() as session:
        document = session.get(Document, document_id)
        assert document is not None
        return document.case_id
