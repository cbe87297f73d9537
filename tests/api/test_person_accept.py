""" "Accept everywhere": one person in all their forms across a request, as the worker's
case-level analysis linked them, or one exact value. Documents go through the real pipeline
(spaCy, Presidio, case consistency) in-process; runs on SQLite and PostgreSQL."""

from __future__ import annotations

import io
import json
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from api import services
from api.state import AppState
from core.db import transaction
from core.models import AuditEvent, Document, Finding, Page, Redaction, User
from worker.case_step import propose_case_mentions
from worker.pipeline import process_document
from worker.resources import build_resources

pytestmark = [pytest.mark.db]

Actors = dict[str, Any]
COMPLAINT = (
    b"Complaint of Mr. Desmond Wheeler, 14 Elm Street, Sudbury, about the stop on March 3, 2026.\n"
    b"Constable Priya Raghavendran arrested him outside the bar.\n"
)
NOTES = (
    b"Notes of the second visit.\n"
    b"WHEELER opened the door when we knocked. Mr. Wheeler's dog barked.\n"
    b"D. Wheeler signed the form. Raghavendran wrote the notes.\n"
)


def _analysed(state: AppState, models: dict[str, Any], *texts: bytes) -> list[int]:
    """Text documents uploaded to one case and taken through the pipeline, in order."""
    with transaction(state.sessions) as session:
        user = session.execute(select(User).where(User.username == "c")).scalar_one_or_none()
        if user is None:
            user = User(username="c", display_name="c", password_hash="x", roles=["coordinator"])
            session.add(user)
            session.flush()
        case = services.create_case(session, user, "Case", "CA-ON")
        ids = [
            services.take_upload(
                state, session, case=case, user=user, source=io.BytesIO(text),
                filename=f"d{n}.txt", content_type="",
            )[0].id
            for n, text in enumerate(texts)
        ]  # fmt: skip
    resources = build_resources(state.settings, models)
    try:
        for document_id in ids:
            process_document(resources, document_id)
    finally:
        resources.engine.dispose()
    return ids


def _values(state: AppState, document_ids: list[int]) -> dict[int, tuple[str, str, str | None]]:
    """Box id -> (entity type, the text its finding covers, its person key)."""
    result: dict[int, tuple[str, str, str | None]] = {}
    with state.sessions() as session:
        for document_id in document_ids:
            pages = session.execute(
                select(Page.text).where(Page.document_id == document_id).order_by(Page.number)
            ).scalars()
            text = "\n\f\n".join(pages)
            rows = session.execute(
                select(Redaction.id, Finding)
                .join(Finding, Finding.id == Redaction.finding_id)
                .where(Redaction.document_id == document_id)
            ).all()
            for box_id, finding in rows:
                assert finding.start is not None and finding.end is not None
                value = text[finding.start : finding.end]
                result[box_id] = (finding.label, value, finding.person_key)
    return result


def test_every_form_of_a_person_is_linked_to_one_key(
    state: AppState, shared_models: dict[str, Any]
) -> None:
    ids = _analysed(state, shared_models, COMPLAINT, NOTES)
    values = _values(state, ids)
    wheeler = {key for label, value, key in values.values() if "wheeler" in value.casefold()}
    officer = {key for _, value, key in values.values() if "Raghavendran" in value}
    forms = {value for _, value, _ in values.values() if "wheeler" in value.casefold()}
    assert len(forms) >= 3  # full name, upper-case surname, surname, initial and surname
    assert len(wheeler) == 1 and len(officer) == 1 and wheeler != officer
    (key,) = wheeler
    assert key is not None and len(key) == 64 and "heeler" not in key
    # Other types name nobody.
    assert {key for label, _, key in values.values() if label != "PERSON"} == {None}

    # A one-document case is linked too, and linking again changes nothing.
    (single,) = _analysed(state, shared_models, NOTES.replace(b"D. Wheeler", b"Desmond Wheeler"))
    keys = {key for _, value, key in _values(state, [single]).values() if "heeler" in value}
    assert len(keys) == 1 and None not in keys
    assert keys != wheeler  # another case: another key, even for the same name
    with state.sessions() as session:
        before = session.execute(select(AuditEvent.id)).scalars().all()
        document = session.get(Document, single)
        assert document is not None
        case_id = document.case_id
    resources = build_resources(state.settings, shared_models)
    try:
        assert propose_case_mentions(resources, case_id) == 0
    finally:
        resources.engine.dispose()
    with state.sessions() as session:
        assert session.execute(select(AuditEvent.id)).scalars().all() == before
        linked = session.execute(
            select(AuditEvent).where(AuditEvent.action == "case.people_linked")
        ).scalars()
        details = json.dumps([event.details for event in linked])
    assert "heeler" not in details and key not in details


def test_accept_this_person_in_all_forms_or_this_exact_value(
    client: TestClient, actors: Actors, state: AppState, shared_models: dict[str, Any]
) -> None:
    ids = _analysed(state, shared_models, COMPLAINT, NOTES)
    values = _values(state, ids)
    headers = actors["foi_officer"].headers
    created = client.post(
        "/api/requests",
        json={"received_on": "2026-03-02", "requester_type": "media"},
        headers=headers,
    )
    base = f"/api/requests/{created.json()['id']}"
    client.put(f"{base}/documents", json={"document_ids": ids}, headers=headers)
    boxes = {b["id"]: b for b in client.get(f"{base}/review", headers=headers).json()["boxes"]}
    full = next(i for i, (_, value, _) in values.items() if value == "Desmond Wheeler")
    assert boxes[full]["person"] is True
    assert not any(b["person"] for i, b in boxes.items() if values[i][0] != "PERSON")

    # This exact value: the full name only (any casing).
    exact = client.post(f"{base}/bulk-accept", json={"same_as": full}, headers=headers)
    assert exact.status_code == 200, exact.text
    assert exact.json()["accepted"] == 1

    # This person, all forms: every Wheeler box of both documents, no one else's.
    person = client.post(
        f"{base}/bulk-accept", json={"same_as": full, "match": "person"}, headers=headers
    )
    assert person.status_code == 200, person.text
    after = {
        b["id"]: b["status"] for b in client.get(f"{base}/review", headers=headers).json()["boxes"]
    }
    wheeler = {i for i, (_, value, _) in values.items() if "wheeler" in value.casefold()}
    assert person.json()["accepted"] == len(wheeler) - 1
    assert {boxes[i]["document_id"] for i in wheeler} == set(ids)
    assert {after[i] for i in wheeler} == {"accepted"}
    assert {after[i] for i in set(values) - wheeler} == {"proposed"}

    # A value that is no person (an address) falls back to the exact value.
    address = next(i for i, (label, _, _) in values.items() if label == "STREET_ADDRESS")
    fallback = client.post(
        f"{base}/bulk-accept", json={"same_as": address, "match": "person"}, headers=headers
    )
    assert fallback.json()["accepted"] == 1
    refused = client.post(
        f"{base}/bulk-accept", json={"entity_type": "PERSON", "match": "person"}, headers=headers
    )
    assert refused.status_code == 422

    # The audit log holds how they were matched and how many, never a name or a key.
    with state.sessions() as session:
        events = list(
            session.execute(
                select(AuditEvent)
                .where(AuditEvent.action == "redaction.accepted")
                .order_by(AuditEvent.seq)
            ).scalars()
        )
        keys = {f.person_key for f in session.execute(select(Finding)).scalars() if f.person_key}
    assert [e.details["match"] for e in events] == ["value", "person", "value"]
    assert events[1].details["count"] == len(wheeler) - 1
    dumped = json.dumps([e.details for e in events])
    assert "heeler" not in dumped and not any(key in dumped for key in keys)
