"""Upload, status and download, and every kind of bad upload the platform must refuse cleanly."""

from __future__ import annotations

import hashlib
import io
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from api.state import AppState
from core.filenames import safe_filename
from core.models import AuditEvent, Document
from tests.support import CORPUS
from worker.pipeline import process_document
from worker.resources import build_resources


def _case(client: TestClient, headers: dict[str, str]) -> int:
    response = client.post("/api/cases", json={"title": "Arrest outside a bar"}, headers=headers)
    assert response.status_code == 201, response.text
    case_id: int = response.json()["id"]
    return case_id


def _upload(
    client: TestClient, headers: dict[str, str], case_id: int, name: str, data: bytes
) -> Any:
    return client.post(
        f"/api/cases/{case_id}/documents",
        files={"file": (name, io.BytesIO(data), "application/pdf")},
        headers=headers,
    )


def _blob_files(state: AppState) -> list[Path]:
    return [p for p in state.settings.blob_dir.rglob("*") if p.is_file() and p.parent.name != "tmp"]


def _process(state: AppState, document_id: int, shared_models: dict[str, Any]) -> dict[str, Any]:
    resources = build_resources(state.settings, shared_models)
    process_document(resources, document_id)
    resources.engine.dispose()
    with state.sessions() as session:
        document = session.get(Document, document_id)
        assert document is not None
        return {
            c: getattr(document, c)
            for c in ("status", "detected_type", "name_mismatch", "error_code")
        }


def test_pdf_upload_is_stored_and_downloadable(
    client: TestClient, state: AppState, actors: Any, shared_models: dict[str, Any]
) -> None:
    headers = actors["coordinator"].headers
    case_id = _case(client, headers)
    data = (CORPUS / "dev" / "dev-004.pdf").read_bytes()
    response = _upload(client, headers, case_id, "complaint.pdf", data)
    assert response.status_code == 202
    body = response.json()
    assert body["status"] == "received"
    assert body["sha256"] == hashlib.sha256(data).hexdigest()
    assert _process(state, body["id"], shared_models) == {
        "status": "analysed",
        "detected_type": "pdf",
        "name_mismatch": False,
        "error_code": None,
    }
    status = client.get(f"/api/documents/{body['id']}", headers=headers).json()
    assert status["status"] == "analysed"
    assert status["page_count"] == 1
    original = client.get(f"/api/documents/{body['id']}/original", headers=headers)
    assert original.status_code == 200
    assert original.content == data
    assert original.headers["content-type"] == "application/pdf"
    with state.sessions() as session:
        actions = set(session.execute(select(AuditEvent.action)).scalars())
    assert {"case.created", "document.uploaded", "document.stored", "document.analysed"} <= actions


def test_docx_named_pdf_is_processed_as_docx(
    client: TestClient, state: AppState, actors: Any, shared_models: dict[str, Any]
) -> None:
    headers = actors["coordinator"].headers
    case_id = _case(client, headers)
    data = (CORPUS / "hostile" / "actually_docx.pdf").read_bytes()
    response = _upload(client, headers, case_id, "actually_docx.pdf", data)
    assert response.status_code == 202
    result = _process(state, response.json()["id"], shared_models)
    assert result["detected_type"] == "docx"
    assert result["name_mismatch"] is True
    assert result["status"] == "analysed"


def test_processing_twice_changes_nothing(
    client: TestClient, state: AppState, actors: Any, shared_models: dict[str, Any]
) -> None:
    headers = actors["coordinator"].headers
    case_id = _case(client, headers)
    document_id = _upload(client, headers, case_id, "a.txt", b"plain words").json()["id"]
    first = _process(state, document_id, shared_models)
    with state.sessions() as session:
        events = session.scalar(select(func.count()).select_from(AuditEvent))
    assert _process(state, document_id, shared_models) == first
    with state.sessions() as session:
        assert session.scalar(select(func.count()).select_from(AuditEvent)) == events


def test_same_bytes_twice_return_the_existing_document(
    client: TestClient, state: AppState, actors: Any
) -> None:
    headers = actors["coordinator"].headers
    case_id = _case(client, headers)
    first = _upload(client, headers, case_id, "one.txt", b"the same complaint text")
    second = _upload(client, headers, case_id, "two.txt", b"the same complaint text")
    assert first.status_code == 202
    assert second.status_code == 200
    assert second.json()["id"] == first.json()["id"]
    assert second.json()["duplicate"] is True
    assert len(_blob_files(state)) == 1
    with state.sessions() as session:
        assert session.scalar(select(func.count()).select_from(Document)) == 1


def test_same_bytes_in_another_case_is_another_document(
    client: TestClient, state: AppState, actors: Any
) -> None:
    headers = actors["coordinator"].headers
    first = _upload(client, headers, _case(client, headers), "a.txt", b"shared text")
    second = _upload(client, headers, _case(client, headers), "a.txt", b"shared text")
    assert second.status_code == 202
    assert second.json()["id"] != first.json()["id"]
    assert len(_blob_files(state)) == 1


@pytest.mark.parametrize(
    ("name", "data", "status", "code", "says"),
    [
        pytest.param("empty.pdf", b"", 422, "empty_file", "empty", id="empty-file"),
        pytest.param(
            "x.exe",
            b"MZ\x90\x00" + b"\x00" * 200,
            415,
            "unsupported_type",
            "Windows executable",
            id="executable",
        ),
        pytest.param(
            "pic.pdf",
            b"GIF89a" + b"\x00\x01" * 100,
            415,
            "unsupported_type",
            "GIF image",
            id="gif-named-pdf",
        ),
        pytest.param(
            "big.pdf",
            b"%PDF-1.7\n" + b"0" * (6 * 1024 * 1024),
            413,
            "too_large",
            "limit",
            id="over-limit",
        ),
    ],
)
def test_bad_uploads_are_refused_with_nothing_stored(
    client: TestClient,
    state: AppState,
    actors: Any,
    name: str,
    data: bytes,
    status: int,
    code: str,
    says: str,
) -> None:
    headers = actors["coordinator"].headers
    case_id = _case(client, headers)
    response = _upload(client, headers, case_id, name, data)
    assert response.status_code == status, response.text
    assert response.json()["error"]["code"] == code
    assert says in response.json()["error"]["message"]
    assert _blob_files(state) == []
    with state.sessions() as session:
        assert session.scalar(select(func.count()).select_from(Document)) == 0


def test_chunked_upload_over_limit_is_refused(
    client: TestClient, state: AppState, actors: Any
) -> None:
    """Without a Content-Length the early check cannot help: the blob store's limit must."""
    headers = actors["coordinator"].headers
    case_id = _case(client, headers)
    boundary = "casedeskboundary"
    head = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="big.pdf"\r\n'
        "Content-Type: application/pdf\r\n\r\n%PDF-1.7\n"
    ).encode()

    def body() -> Any:
        yield head
        for _ in range(6):
            yield b"0" * (1024 * 1024)
        yield f"\r\n--{boundary}--\r\n".encode()

    response = client.post(
        f"/api/cases/{case_id}/documents",
        content=body(),
        headers={**headers, "Content-Type": f"multipart/form-data; boundary={boundary}"},
    )
    assert response.status_code == 413
    assert _blob_files(state) == []


@pytest.mark.parametrize(
    ("request_kwargs", "field"),
    [
        pytest.param({"json": {}}, "title", id="case-without-title"),
        pytest.param(
            {"json": {"title": "x", "jurisdiction": "XX"}},
            "jurisdiction",
            id="unknown-jurisdiction",
        ),
        pytest.param(
            {"content": b"not json", "headers": {"content-type": "application/json"}},
            "body",
            id="broken-json",
        ),
    ],
)
def test_malformed_requests_name_the_field(
    client: TestClient, actors: Any, request_kwargs: dict[str, Any], field: str
) -> None:
    headers = {**actors["coordinator"].headers, **request_kwargs.pop("headers", {})}
    response = client.post("/api/cases", headers=headers, **request_kwargs)
    assert response.status_code == 422
    assert field in response.json()["error"]["message"]


def test_upload_without_file_field_names_it(client: TestClient, actors: Any) -> None:
    headers = actors["coordinator"].headers
    case_id = _case(client, headers)
    response = client.post(f"/api/cases/{case_id}/documents", data={"other": "x"}, headers=headers)
    assert response.status_code == 422
    assert "file" in response.json()["error"]["message"]


@pytest.mark.parametrize(
    ("filename", "shown"),
    [
        pytest.param("../../../etc/cron.d/x.pdf", "x.pdf", id="path-traversal"),
        pytest.param("..\\..\\windows\\evil.txt", "evil.txt", id="windows-traversal"),
        pytest.param("bad\x00name.txt", "bad", id="nul-byte"),
        pytest.param("a" * 300 + ".txt", "a" * 251 + ".txt", id="300-characters"),
        pytest.param("<img src=x onerror=alert(1)>.txt", "<img src=x onerror=alert(1)>", id="html"),
    ],
)
def test_hostile_filenames_are_stored_safely_and_shown_escaped(
    client: TestClient, state: AppState, actors: Any, filename: str, shown: str
) -> None:
    headers = actors["coordinator"].headers
    case_id = _case(client, headers)
    response = _upload(client, headers, case_id, filename, f"content of {filename!r}".encode())
    assert response.status_code == 202, response.text
    stored = response.json()["filename"]
    assert stored.startswith(shown)
    assert "/" not in stored and "\\" not in stored and "\x00" not in stored
    assert len(stored) <= 255
    # Stored by hash only: nothing was written outside the blob folder.
    assert all(state.settings.blob_dir in p.parents for p in _blob_files(state))
    page = client.get(f"/cases/{case_id}", headers=headers)
    assert "<img src=x" not in page.text
    if "<img" in filename:
        assert "&lt;img src=x onerror=alert(1)&gt;" in page.text


def test_unknown_case_and_document_are_404(client: TestClient, actors: Any) -> None:
    headers = actors["coordinator"].headers
    assert client.get("/api/cases/999", headers=headers).status_code == 404
    assert client.get("/api/documents/999", headers=headers).status_code == 404
    response = _upload(client, headers, 999, "a.txt", b"text")
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"


@pytest.mark.parametrize(
    ("raw", "safe"),
    [
        pytest.param("bad\x00name.txt", "badname.txt", id="nul"),
        pytest.param("line\nbreak\r.pdf", "linebreak.pdf", id="control-characters"),
        pytest.param("../../", "upload", id="nothing-left"),
        pytest.param("C:\\Users\\x\\complaint.docx", "complaint.docx", id="windows-path"),
        pytest.param("é" * 300, "é" * 255, id="long-without-extension"),
    ],
)
def test_safe_filename(raw: str, safe: str) -> None:
    assert safe_filename(raw) == safe


def test_pages_facts_and_timeline_after_analysis(
    client: TestClient, state: AppState, actors: Any, shared_models: dict[str, Any]
) -> None:
    headers = actors["coordinator"].headers
    case_id = _case(client, headers)
    text = (
        b"To the Office of the Independent Police Review\n\n"
        b"On March 3, 2023 Constable Dana Whitlock of the Riverside Police Service punched me "
        b"in the face while I was handcuffed.\n"
        b"He also searched my car without a warrant and took my phone.\n"
        b"I am writing this complaint on November 20, 2023.\n"
    )
    document_id = _upload(client, headers, case_id, "complaint.txt", text).json()["id"]
    assert _process(state, document_id, shared_models)["status"] == "analysed"

    pages = client.get(f"/api/documents/{document_id}/pages", headers=headers).json()
    assert len(pages) == 1
    assert "punched me" in pages[0]["text"]

    facts = client.get(f"/api/documents/{document_id}/facts", headers=headers).json()
    categories = {a["category"] for a in facts["allegations"]}
    assert {"use_of_force", "unlawful_search_or_seizure"} <= categories
    assert {"iso": "2023-03-03", "role": "incident"}.items() <= next(
        d for d in facts["dates"] if d["iso"] == "2023-03-03"
    ).items()

    case_facts = client.get(f"/api/cases/{case_id}/facts", headers=headers).json()
    timeline = case_facts["timeline"]
    assert any(item["kind"] == "deadline" for item in timeline["items"])
    # Incident on 2023-03-03, complaint on 2023-11-20: more than six months (PSA s.60(2)).
    assert any("60(2)" in flag["citation"] for flag in timeline["flags"]), timeline["flags"]

    page = client.get(f"/cases/{case_id}", headers=headers).text
    assert "use of force" in page
    assert "Deadlines and flags" in page
