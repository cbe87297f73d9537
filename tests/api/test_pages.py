"""Pages: sign in with a CSRF-protected form, session cookie, CSRF on every change, sign out."""

from __future__ import annotations

import re
from typing import Any

from fastapi.testclient import TestClient

from api.deps import SESSION_COOKIE


def _csrf(html: str) -> str:
    match = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert match, "the form carries a CSRF token"
    return match.group(1)


def _sign_in(client: TestClient, actor: Any) -> str:
    form = client.get("/login")
    response = client.post(
        "/login",
        data={
            "username": actor.username,
            "password": actor.password,
            "csrf_token": _csrf(form.text),
            "next": "/cases",
        },
        follow_redirects=False,
    )
    assert response.status_code == 303, response.text
    assert response.headers["location"] == "/cases"
    assert SESSION_COOKIE in client.cookies
    cases = client.get("/cases")
    assert cases.status_code == 200
    return _csrf(cases.text)


def test_signed_out_browser_is_sent_to_sign_in(client: TestClient) -> None:
    response = client.get("/cases/1", follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == "/login?next=/cases/1"


def test_wrong_password_is_refused(client: TestClient, actors: Any) -> None:
    form = client.get("/login")
    response = client.post(
        "/login",
        data={
            "username": actors["coordinator"].username,
            "password": "nope-nope",
            "csrf_token": _csrf(form.text),
        },
    )
    assert response.status_code == 401
    assert "wrong password" in response.text
    assert SESSION_COOKIE not in client.cookies


def test_login_form_without_its_csrf_token_is_refused(client: TestClient, actors: Any) -> None:
    client.get("/login")
    response = client.post(
        "/login",
        data={
            "username": actors["coordinator"].username,
            "password": actors["coordinator"].password,
        },
    )
    assert response.status_code == 403


def test_coordinator_opens_a_case_and_uploads_from_the_pages(
    client: TestClient, actors: Any
) -> None:
    csrf = _sign_in(client, actors["coordinator"])
    created = client.post(
        "/cases", data={"title": "Stop on Main Street", "csrf_token": csrf}, follow_redirects=False
    )
    assert created.status_code == 303
    case_url = created.headers["location"]
    uploaded = client.post(
        f"{case_url}/documents",
        data={"csrf_token": csrf},
        files={"file": ("statement.txt", b"I was stopped on Main Street.", "text/plain")},
        follow_redirects=True,
    )
    assert uploaded.status_code == 200
    assert "statement.txt" in uploaded.text
    assert "processing has started" in uploaded.text


def test_cookie_change_without_csrf_is_refused(client: TestClient, actors: Any) -> None:
    _sign_in(client, actors["coordinator"])
    response = client.post("/cases", data={"title": "Forged"}, follow_redirects=False)
    assert response.status_code == 403
    api = client.post("/api/cases", json={"title": "Forged"})
    assert api.status_code == 403
    assert client.get("/cases").text.count("Forged") == 0


def test_page_hides_actions_a_role_may_not_take(client: TestClient, actors: Any) -> None:
    _sign_in(client, actors["admin"])
    assert "Open case" not in client.get("/cases").text


def test_sign_out_ends_the_session(client: TestClient, actors: Any) -> None:
    csrf = _sign_in(client, actors["team_lead"])
    response = client.post("/logout", data={"csrf_token": csrf}, follow_redirects=False)
    assert response.status_code == 303
    client.cookies.clear()
    assert client.get("/cases", follow_redirects=False).status_code == 303


def test_open_redirects_are_refused(client: TestClient, actors: Any) -> None:
    form = client.get("/login?next=//evil.example/x")
    actor = actors["coordinator"]
    response = client.post(
        "/login",
        data={
            "username": actor.username,
            "password": actor.password,
            "csrf_token": _csrf(form.text),
            "next": "//evil.example/x",
        },
        follow_redirects=False,
    )
    assert response.headers["location"] == "/cases"
