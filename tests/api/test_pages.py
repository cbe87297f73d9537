"""Pages: sign in with a CSRF-protected form, session cookie, CSRF on every change, sign out."""

from __future__ import annotations

import re
from typing import Any

from fastapi.testclient import TestClient

from api.deps import SESSION_COOKIE
from api.i18n import STRINGS
from api.state import AppState
from core.db import transaction
from core.models import Document
from core.vocab import DocumentStatus
from tests.api.disclosure_support import make_case, make_pdf, page_lines, seed_document


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


def test_case_page_edits_the_redaction_lists(client: TestClient, actors: Any) -> None:
    csrf = _sign_in(client, actors["coordinator"])
    created = client.post(
        "/cases", data={"title": "Lists", "csrf_token": csrf}, follow_redirects=False
    )
    case_url = created.headers["location"]
    page = client.get(case_url).text
    assert 'id="redaction-lists"' in page and f'action="{case_url}/redaction-lists"' in page
    forged = client.post(
        f"{case_url}/redaction-lists", data={"allow_terms": "Forged"}, follow_redirects=False
    )
    assert forged.status_code == 403
    saved = client.post(
        f"{case_url}/redaction-lists",
        data={
            "csrf_token": _csrf(page),
            "allow_terms": "Toronto Police Service\n\nChief Ada Moreau\n",
            "deny_terms": "Jimbo\n647 555 0101 | PHONE_NUMBER\n",
        },
        follow_redirects=True,
    )
    assert saved.status_code == 200
    assert "Redaction lists saved" in saved.text
    lists = client.get(f"/api{case_url}/redaction-lists").json()
    assert lists["allow"] == ["Toronto Police Service", "Chief Ada Moreau"]
    assert lists["deny"] == [
        {"term": "Jimbo", "entity_type": "PERSON"},
        {"term": "647 555 0101", "entity_type": "PHONE_NUMBER"},
    ]
    assert lists["pending"] is True
    # The form shows the saved lists, one term a line, ready to edit again.
    assert "Toronto Police Service\nChief Ada Moreau</textarea>" in saved.text
    assert "647 555 0101 | PHONE_NUMBER" in saved.text
    client.cookies.clear()
    _sign_in(client, actors["team_lead"])
    assert 'id="redaction-lists"' not in client.get(case_url).text


def test_request_pages_take_the_requester(client: TestClient, actors: Any) -> None:
    csrf = _sign_in(client, actors["foi_officer"])
    assert 'name="requester_names"' in client.get("/requests").text
    created = client.post(
        "/requests",
        data={
            "csrf_token": csrf,
            "received_on": "2026-03-02",
            "requester_type": "complainant",
            "policy": "requester",
            "requester_names": "Marguerite Okonkwo\nM. Okonkwo",
            "requester_identifiers": "mokonkwo@example.org",
        },
        follow_redirects=False,
    )
    assert created.status_code == 303
    url = created.headers["location"].split("?")[0]
    page = client.get(url).text
    assert "Marguerite Okonkwo\nM. Okonkwo</textarea>" in page
    assert "mokonkwo@example.org</textarea>" in page
    changed = client.post(
        f"{url}/requester",
        data={"csrf_token": csrf, "requester_names": "Marguerite Okonkwo"},
        follow_redirects=False,
    )
    assert changed.status_code == 303
    requester = client.get(f"/api{url}").json()["requester"]
    assert requester == {"names": ["Marguerite Okonkwo"], "identifiers": []}


def test_the_review_page_speaks_english_and_french_alike() -> None:
    """Every interface string exists in both languages (a missing one would show as blank)."""
    assert set(STRINGS["en"]) == set(STRINGS["fr"])
    assert all(value.strip() for strings in STRINGS.values() for value in strings.values())
    assert STRINGS["fr"]["accept_person"] != STRINGS["en"]["accept_person"]


def test_a_long_document_shows_its_pages_read_while_it_is_processed(
    client: TestClient, actors: Any, state: AppState
) -> None:
    """Issue 16: processing progress by page, not only a status word: a PDF read a range at
    a time shows pages read of its page count on the case page and in the API."""
    case_id = make_case(state, "Long file")
    document_id = seed_document(state, case_id, make_pdf([page_lines(p) for p in (1, 2, 3)]))
    with transaction(state.sessions) as session:
        document = session.get(Document, document_id)
        assert document is not None
        document.status = DocumentStatus.EXTRACTING
        document.page_count = 120  # 3 of 120 pages stored so far
    headers = actors["coordinator"].headers
    body = client.get(f"/api/documents/{document_id}", headers=headers).json()
    assert (body["pages_read"], body["page_count"]) == (3, 120)
    listed = client.get(f"/api/cases/{case_id}", headers=headers).json()["documents"]
    assert [d["pages_read"] for d in listed] == [3]
    _sign_in(client, actors["coordinator"])
    page = client.get(f"/cases/{case_id}?lang=en").text
    assert '<progress max="120" value="3"' in page
    assert "3/120 pages read" in page
    with transaction(state.sessions) as session:
        document = session.get(Document, document_id)
        assert document is not None
        document.page_count = 3  # every page read: the analysis is what is left
    assert "3 pages read: analysing" in client.get(f"/cases/{case_id}?lang=en").text
    with transaction(state.sessions) as session:
        document = session.get(Document, document_id)
        assert document is not None
        document.status = DocumentStatus.ANALYSED
    assert "<progress" not in client.get(f"/cases/{case_id}?lang=en").text
