"""Every response carries the security headers, and the pages need no inline script or style."""

from __future__ import annotations

import re

from fastapi.routing import APIRoute
from fastapi.testclient import TestClient

from api.app import ROUTERS
from api.security import CONTENT_SECURITY_POLICY
from api.state import AppState
from core.auth import create_user
from core.db import transaction
from core.vocab import Role
from tests.api.test_pages import _csrf

EXPECTED = {
    "content-security-policy": CONTENT_SECURITY_POLICY,
    "x-frame-options": "DENY",
    "referrer-policy": "no-referrer",
    "x-content-type-options": "nosniff",
}
# What the CSP would block in a page: inline scripts (JSON data blocks are not run), style
# elements, style and event-handler attributes, javascript: links.
INLINE = re.compile(
    r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")[^>]*>|<style\b|\sstyle=\"|"
    r"\son[a-z]+=\"|javascript:",
    re.IGNORECASE,
)


def _assert_headers(response_headers: dict[str, str], what: str) -> None:
    for name, value in EXPECTED.items():
        assert response_headers.get(name) == value, (what, name, response_headers.get(name))


def _signed_in_everyone(client: TestClient, state: AppState) -> None:
    with transaction(state.sessions) as session:
        create_user(session, "everyone", "pw-everyone-secret", [r.value for r in Role])
    form = client.get("/login")
    response = client.post(
        "/login",
        data={
            "username": "everyone",
            "password": "pw-everyone-secret",
            "csrf_token": _csrf(form.text),
        },
        follow_redirects=False,
    )
    assert response.status_code == 303, response.text


def test_every_page_and_api_route_sends_the_security_headers(
    client: TestClient, state: AppState
) -> None:
    _signed_in_everyone(client, state)
    csrf = _csrf(client.get("/cases").text)
    created = client.post(
        "/cases", data={"title": "Headers", "csrf_token": csrf}, follow_redirects=False
    )
    assert created.status_code == 303
    case_id = int(created.headers["location"].rsplit("/", 1)[1])
    request = client.post(
        "/api/requests",
        json={"received_on": "2026-11-02", "requester_type": "media"},
        headers={"x-csrf-token": csrf},
    )
    assert request.status_code == 201, request.text
    ids = {"case_id": case_id, "request_id": request.json()["id"]}
    pages_ok = 0
    for router in ROUTERS:
        for route in router.routes:
            if not isinstance(route, APIRoute) or "GET" not in (route.methods or ()):
                continue
            path = re.sub(r"\{(\w+)\}", lambda m: str(ids.get(m.group(1), 1)), route.path)
            response = client.get(path, follow_redirects=False)
            assert response.status_code < 500, path
            _assert_headers(dict(response.headers), path)
            if response.headers.get("content-type", "").startswith("text/html"):
                assert not INLINE.search(response.text), (path, INLINE.search(response.text))
                pages_ok += response.status_code == 200
    assert pages_ok >= 6, "the case, cases, letters, requests, request and review pages rendered"
    # Errors, the login page, static files and the documentation too.
    for path in ("/login", "/api/cases/424242", "/no-such-page", "/static/casedesk.css", "/docs"):
        _assert_headers(dict(client.get(path).headers), path)


def test_api_error_and_oversized_responses_send_the_headers(client: TestClient) -> None:
    _assert_headers(dict(client.get("/api/cases").headers), "401")
    too_big = client.post(
        "/api/cases/1/documents", content=b"x", headers={"content-length": str(10**12)}
    )
    assert too_big.status_code == 413
    _assert_headers(dict(too_big.headers), "413")
