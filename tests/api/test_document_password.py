"""An encrypted PDF refused for want of a password is opened with one given later, by the API
or from the case page; the password is never stored past the structural step or logged, is
sealed with the installation key while it waits, and never reaches the SQLite file or its WAL
in clear."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pikepdf
from fastapi.testclient import TestClient
from sqlalchemy import select, text, update

from api.state import AppState
from core.db import transaction
from core.models import AuditEvent, Document
from core.sealing import seal, unseal
from tests.api.test_pages import _csrf, _sign_in
from tests.support import statement_pdf
from worker.pipeline import process_document, process_page_range
from worker.resources import build_resources

PASSWORD = "s3cret"


def _encrypted_pdf() -> bytes:
    """A two-page PDF under an AES-256 user password (the corpus has a 50-page one)."""
    out = io.BytesIO()
    with pikepdf.open(io.BytesIO(statement_pdf(2))) as pdf:
        pdf.save(out, encryption=pikepdf.Encryption(user=PASSWORD, owner="owner-" + PASSWORD))
    return out.getvalue()


def _process(state: AppState, document_id: int, shared_models: dict[str, Any]) -> Document:
    resources = build_resources(state.settings, shared_models)
    for first in process_document(resources, document_id).page_ranges:
        process_page_range(resources, document_id, first)
    resources.engine.dispose()
    with state.sessions() as session:
        document = session.get(Document, document_id)
        assert document is not None
        session.expunge(document)
        return document


def _case(client: TestClient, headers: dict[str, str]) -> int:
    response = client.post("/api/cases", json={"title": "Locked file"}, headers=headers)
    assert response.status_code == 201, response.text
    case_id: int = response.json()["id"]
    return case_id


def _upload(
    client: TestClient,
    headers: dict[str, str],
    case_id: int,
    file: tuple[str, bytes, str] | None = None,
    **form: str,
) -> int:
    name, data, content_type = file or ("locked.pdf", _encrypted_pdf(), "application/pdf")
    response = client.post(
        f"/api/cases/{case_id}/documents",
        files={"file": (name, io.BytesIO(data), content_type)},
        data=form,
        headers=headers,
    )
    assert response.status_code == 202, response.text
    assert "password" not in response.text
    document_id: int = response.json()["id"]
    return document_id


def test_password_with_the_upload_opens_the_pdf(
    client: TestClient, state: AppState, actors: Any, shared_models: dict[str, Any]
) -> None:
    headers = actors["coordinator"].headers
    document_id = _upload(client, headers, _case(client, headers), password=PASSWORD)
    document = _process(state, document_id, shared_models)
    assert document.status == "analysed", document.error_message
    assert document.pdf_password_sealed is None
    pages = client.get(f"/api/documents/{document_id}/pages", headers=headers).json()
    assert [page["number"] for page in pages] == [1, 2]
    assert "Statement page 2 of the complaint file." in pages[1]["text"]


def test_refused_pdf_is_opened_with_a_password_given_later(
    client: TestClient, state: AppState, actors: Any, shared_models: dict[str, Any]
) -> None:
    headers = actors["coordinator"].headers
    document_id = _upload(client, headers, _case(client, headers))
    refused = _process(state, document_id, shared_models)
    assert (refused.status, refused.error_code) == ("failed", "encrypted_pdf")
    assert refused.error_message == "encrypted PDF: a password is needed"

    wrong_role = client.post(
        f"/api/documents/{document_id}/password",
        json={"password": PASSWORD},
        headers=actors["admin"].headers,
    )
    assert wrong_role.status_code == 403
    empty = client.post(
        f"/api/documents/{document_id}/password", json={"password": ""}, headers=headers
    )
    assert empty.status_code == 422
    response = client.post(
        f"/api/documents/{document_id}/password", json={"password": PASSWORD}, headers=headers
    )
    assert response.status_code == 202, response.text
    assert response.json()["status"] == "stored"
    assert PASSWORD not in response.text
    document = _process(state, document_id, shared_models)
    assert document.status == "analysed", document.error_message
    assert document.pdf_password_sealed is None
    # Once analysed, a password is refused: it only reopens a PDF refused as encrypted.
    again = client.post(
        f"/api/documents/{document_id}/password", json={"password": PASSWORD}, headers=headers
    )
    assert again.status_code == 409
    assert "refused as encrypted" in again.json()["error"]["message"]
    with state.sessions() as session:
        events = list(session.execute(select(AuditEvent)).scalars())
    assert "document.password_supplied" in [e.action for e in events]
    assert not any(PASSWORD in repr(e.details) for e in events)


def test_case_page_offers_a_password_form_for_a_refused_pdf(
    client: TestClient, state: AppState, actors: Any, shared_models: dict[str, Any]
) -> None:
    coordinator = actors["coordinator"]
    csrf = _sign_in(client, coordinator)
    case_id = _case(client, coordinator.headers)
    document_id = _upload(client, coordinator.headers, case_id)
    _process(state, document_id, shared_models)
    page = client.get(f"/cases/{case_id}")
    assert f'action="/cases/{case_id}/documents/{document_id}/password"' in page.text
    assert 'type="password"' in page.text
    response = client.post(
        f"/cases/{case_id}/documents/{document_id}/password",
        data={"password": PASSWORD, "csrf_token": _csrf(page.text) or csrf},
        follow_redirects=False,
    )
    assert response.status_code == 303
    assert "being processed again" in response.headers["location"].replace("%20", " ")
    document = _process(state, document_id, shared_models)
    assert document.status == "analysed", document.error_message
    page = client.get(f"/cases/{case_id}")
    assert f"/documents/{document_id}/password" not in page.text


def _stored_password(state: AppState, document_id: int) -> str | None:
    """The column as the database holds it (no ORM in between)."""
    with state.engine.connect() as connection:
        value: str | None = connection.execute(
            text("SELECT pdf_password_sealed FROM documents WHERE id = :id"), {"id": document_id}
        ).scalar_one()
    return value


def _sqlite_files_holding(state: AppState, secret: str) -> list[str]:
    """The SQLite database files (main, WAL, shared memory) whose raw bytes hold ``secret``."""
    url = state.settings.database_url
    if not url.startswith("sqlite"):
        return []
    main = Path(url.removeprefix("sqlite:///"))
    files = [main, main.with_name(main.name + "-wal"), main.with_name(main.name + "-shm")]
    assert files[1].is_file()  # WAL mode: the check below reads a real WAL
    return [f.name for f in files if f.is_file() and secret.encode("utf-8") in f.read_bytes()]


CANARY = "Canary-pw-7Q2x"  # a test password looked for in the database files


def test_a_password_sent_with_a_text_upload_is_never_kept(
    client: TestClient, state: AppState, actors: Any, shared_models: dict[str, Any]
) -> None:
    headers = actors["coordinator"].headers
    note = b"Statement of the complainant about the stop on March 3, 2026.\n"
    document_id = _upload(
        client, headers, _case(client, headers), ("note.txt", note, "text/plain"), password=CANARY
    )
    assert _stored_password(state, document_id) is None  # not a PDF: nothing to open with it
    document = _process(state, document_id, shared_models)
    assert document.status == "analysed", document.error_message
    assert _stored_password(state, document_id) is None
    assert _sqlite_files_holding(state, CANARY) == []


def test_a_waiting_password_is_sealed_and_cleared_after_analysis(
    client: TestClient, state: AppState, actors: Any, shared_models: dict[str, Any]
) -> None:
    headers = actors["coordinator"].headers
    document_id = _upload(client, headers, _case(client, headers), password=PASSWORD)
    waiting = _stored_password(state, document_id)
    assert waiting is not None and PASSWORD not in waiting
    assert waiting.startswith("v1:")
    assert unseal(state.settings.secret_key, waiting) == PASSWORD
    assert unseal("another installation's key, 32 chars long", waiting) is None
    assert _sqlite_files_holding(state, PASSWORD) == []
    document = _process(state, document_id, shared_models)
    assert document.status == "analysed", document.error_message
    assert _stored_password(state, document_id) is None
    assert _sqlite_files_holding(state, PASSWORD) == []


def test_a_password_is_cleared_when_the_document_is_quarantined(
    client: TestClient, state: AppState, actors: Any, shared_models: dict[str, Any]
) -> None:
    headers = actors["coordinator"].headers
    document_id = _upload(client, headers, _case(client, headers), password=PASSWORD)
    with transaction(state.sessions) as session:
        session.execute(update(Document).where(Document.id == document_id).values(deliveries=3))
    document = _process(state, document_id, shared_models)
    assert document.status == "quarantined"
    assert _stored_password(state, document_id) is None


def test_a_status_set_to_final_anywhere_clears_the_password() -> None:
    document = Document(pdf_password_sealed=seal("k" * 32, PASSWORD), status="stored")
    document.status = "extracting"
    assert document.pdf_password_sealed is not None
    document.status = "failed"
    assert document.pdf_password_sealed is None
