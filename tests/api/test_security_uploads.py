"""Uploads over a real server: refused ones are answered before the body is read, and a
chunked body (no Content-Length) is cut off at CASEDESK_MAX_UPLOAD_BYTES."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from api.state import AppState, build_state
from core.models import Document
from core.settings import Settings
from tests.api.live_server import live_server
from tests.api.test_pages import _sign_in
from tests.conftest import Actor

pytestmark = pytest.mark.integration

BOUNDARY = "casedesk-test-boundary"
CHUNK = 64 * 1024
BODY_BYTES = 64 * 1024 * 1024  # what the client would send in all


@pytest.fixture
def small_state(settings: Settings) -> Iterator[AppState]:
    app_state = build_state(settings.model_copy(update={"max_upload_bytes": 1024 * 1024}))
    yield app_state
    app_state.engine.dispose()


class SlowBody:
    """A multipart body sent chunk by chunk without a Content-Length (chunked encoding),
    recording how much of it had been handed to the connection."""

    def __init__(self, total: int = BODY_BYTES, pause: float = 0.002) -> None:
        self.total = total
        self.pause = pause
        self.sent = 0

    def __iter__(self) -> Iterator[bytes]:
        head = (
            f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="big.pdf"\r\n'
            "Content-Type: application/pdf\r\n\r\n%PDF-1.7\n"
        ).encode()
        self.sent += len(head)
        yield head
        while self.sent < self.total:
            time.sleep(self.pause)
            self.sent += CHUNK
            yield b"0" * CHUNK
        tail = f"\r\n--{BOUNDARY}--\r\n".encode()
        self.sent += len(tail)
        yield tail


def _post(base: str, path: str, body: SlowBody, headers: dict[str, str]) -> httpx.Response:
    with httpx.Client(base_url=base, timeout=60) as client:
        return client.post(
            path,
            content=iter(body),
            headers={"content-type": f"multipart/form-data; boundary={BOUNDARY}", **headers},
        )


def _stored(state: AppState) -> tuple[list[Path], int]:
    blobs = [p for p in state.settings.blob_dir.rglob("*") if p.is_file()]
    with state.sessions() as session:
        return blobs, session.scalar(select(func.count()).select_from(Document)) or 0


def _case_with(client: TestClient, actor: Actor) -> int:
    response = client.post("/api/cases", json={"title": "Uploads"}, headers=actor.headers)
    assert response.status_code == 201, response.text
    case_id: int = response.json()["id"]
    return case_id


def _case(base: str, actor: Actor) -> int:
    response = httpx.post(f"{base}/api/cases", json={"title": "Uploads"}, headers=actor.headers)
    assert response.status_code == 201, response.text
    case_id: int = response.json()["id"]
    return case_id


@pytest.mark.parametrize(
    ("who", "status", "code"),
    [
        pytest.param(None, 401, "not_authenticated", id="no-credentials"),
        pytest.param("bad-token", 401, "not_authenticated", id="wrong-token"),
        pytest.param("admin", 403, "forbidden", id="role-may-not-upload"),
    ],
)
def test_a_refused_upload_is_answered_before_its_body_is_read(
    small_state: AppState, actors: dict[str, Actor], who: str | None, status: int, code: str
) -> None:
    headers: dict[str, str] = {}
    if who == "bad-token":
        headers = {"Authorization": "Bearer cd_not-a-real-token"}
    elif who is not None:
        headers = actors[who].headers
    with live_server(small_state) as base:
        case_id = _case(base, actors["coordinator"])
        for path in (f"/api/cases/{case_id}/documents", f"/cases/{case_id}/documents"):
            body = SlowBody()
            started = time.monotonic()
            response = _post(base, path, body, headers)
            elapsed = time.monotonic() - started
            if path.startswith("/api/"):
                assert response.status_code == status, (path, response.text)
                assert response.json()["error"]["code"] == code
            elif status == 403:
                assert response.status_code == 403, response.text
                assert "this needs one of the roles" in response.text
            else:  # a page sends a browser without credentials to the sign-in form
                assert response.status_code == 303
                assert response.headers["location"].startswith("/login")
            assert response.headers["connection"] == "close"
            # The answer came while most of the 64 MiB was still unsent.
            assert body.sent < BODY_BYTES // 4, (path, body.sent)
            assert elapsed < 5, elapsed
    assert _stored(small_state) == ([], 0)


def test_a_chunked_upload_over_the_limit_is_refused_with_nothing_stored(
    small_state: AppState, actors: dict[str, Actor]
) -> None:
    with live_server(small_state) as base:
        case_id = _case(base, actors["coordinator"])
        body = SlowBody(total=8 * 1024 * 1024, pause=0)
        response = _post(
            base, f"/api/cases/{case_id}/documents", body, actors["coordinator"].headers
        )
        assert response.status_code == 413, response.text
        assert response.json()["error"]["code"] == "too_large"
        assert "1048576" in response.json()["error"]["message"]
        # Reading stopped at the limit (plus what was in flight), not at the end of the body.
        assert body.sent < 8 * 1024 * 1024
        ok = _post(
            base,
            f"/api/cases/{case_id}/documents",
            SlowBody(total=200_000, pause=0),
            actors["coordinator"].headers,
        )
        assert ok.status_code == 202, ok.text
    blobs, documents = _stored(small_state)
    assert documents == 1 and len(blobs) == 1  # only the upload within the limit


def test_a_template_upload_by_a_non_admin_is_answered_before_its_body_is_read(
    small_state: AppState, actors: dict[str, Actor]
) -> None:
    path = "/api/templates/decision/investigate/en/versions"
    with live_server(small_state) as base:
        for headers, status in (({}, 401), (actors["coordinator"].headers, 403)):
            body = SlowBody()
            response = _post(base, path, body, headers)
            assert response.status_code == status, response.text
            assert body.sent < BODY_BYTES // 4, body.sent


def test_a_cookie_upload_is_checked_for_its_form_csrf_token_after_the_user(
    client: TestClient, state: AppState, actors: dict[str, Actor]
) -> None:
    """The page's upload form carries its CSRF token in the body, read after the role check."""
    csrf = _sign_in(client, actors["coordinator"])
    case_id = _case_with(client, actors["coordinator"])
    files = {"file": ("letter.txt", b"A complaint about a stop.", "text/plain")}
    for path in (f"/cases/{case_id}/documents", f"/api/cases/{case_id}/documents"):
        forged = client.post(
            path, files=files, data={"csrf_token": "wrong"}, follow_redirects=False
        )
        assert forged.status_code == 403, (path, forged.text)
        missing = client.post(path, files=files, follow_redirects=False)
        assert missing.status_code == 403, (path, missing.text)
    assert _stored(state) == ([], 0)
    good = client.post(
        f"/cases/{case_id}/documents",
        files=files,
        data={"csrf_token": csrf},
        follow_redirects=False,
    )
    assert good.status_code == 303, good.text
    assert _stored(state)[1] == 1
