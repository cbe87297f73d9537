"""Every route x every role: 401 without credentials, 403 for a wrong role, success for a right one.

The table below must name every route the app has (a new route without a row fails the test),
and the allowed roles come from the one permission table, core.auth.PERMISSIONS.
"""

from __future__ import annotations

import functools
import io
from collections.abc import Callable
from typing import Any

import pytest
from docx import Document
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient
from sqlalchemy import select

from api import letter_templates, services
from api.app import ROUTERS
from api.facts import fact_key
from api.state import AppState
from core.auth import PERMISSIONS, Action
from core.db import transaction
from core.models import Document as DocumentRow
from core.models import Finding, TemplateVersion
from core.vocab import Role
from correspondence.samples import read_sample
from tests.api.disclosure_support import DisclosureSeed
from tests.api.letter_support import KIND, LANG, VARIANT, letter_form, make_letter

# The language choice is public: a visitor picks it on the sign-in page.
PUBLIC = {
    ("GET", "/health"),
    ("GET", "/"),
    ("GET", "/login"),
    ("POST", "/login"),
    ("GET", "/language/{code}"),
}

Ids = dict[str, Any]
RequestKwargs = Callable[[Ids], dict[str, Any]]

REQUESTS: dict[tuple[str, str], RequestKwargs] = {
    ("POST", "/api/cases"): lambda ids: {"json": {"title": "A case", "jurisdiction": "CA-ON"}},
    ("GET", "/api/cases"): lambda ids: {},
    ("GET", "/api/cases/{case_id}"): lambda ids: {},
    ("POST", "/api/cases/{case_id}/documents"): lambda ids: {
        "files": {"file": ("note.txt", io.BytesIO(f"note {ids['n']}".encode()), "text/plain")}
    },
    ("GET", "/api/documents/{document_id}"): lambda ids: {},
    ("GET", "/api/documents/{document_id}/original"): lambda ids: {},
    ("GET", "/api/documents/{document_id}/pages"): lambda ids: {},
    ("GET", "/api/documents/{document_id}/facts"): lambda ids: {},
    ("POST", "/api/documents/{document_id}/password"): lambda ids: _refused_pdf(
        ids, {"json": {"password": "pw"}}
    ),
    ("GET", "/api/cases/{case_id}/facts"): lambda ids: {},
    ("POST", "/api/cases/{case_id}/facts/corrections"): lambda ids: {
        "json": {"key": ids["fact_key"], "action": "remove"}
    },
    ("POST", "/cases/{case_id}/facts/correct"): lambda ids: {
        "data": {"key": ids["fact_key"], "action": "restore"}
    },
    ("GET", "/api/cases/{case_id}/redaction-lists"): lambda ids: {},
    ("PUT", "/api/cases/{case_id}/redaction-lists"): lambda ids: {
        "json": {"allow": ["Toronto Police Service"], "deny": [{"term": "Jimbo"}]}
    },
    ("GET", "/api/users"): lambda ids: {},
    ("POST", "/api/users"): lambda ids: {
        "json": {
            "username": f"new{ids['n']}",
            "password": "long-password",
            "roles": ["coordinator"],
        }
    },
    ("POST", "/api/users/{user_id}/tokens"): lambda ids: {"json": {"name": "t"}},
    ("GET", "/api/audit/verify"): lambda ids: {},
    ("POST", "/logout"): lambda ids: {},
    ("GET", "/cases"): lambda ids: {},
    ("POST", "/cases"): lambda ids: {"data": {"title": "Case from the page"}},
    ("GET", "/cases/{case_id}"): lambda ids: {},
    ("POST", "/cases/{case_id}/redaction-lists"): lambda ids: {
        "data": {"allow_terms": "Toronto Police Service", "deny_terms": "Jimbo"}
    },
    ("POST", "/cases/{case_id}/documents"): lambda ids: {
        "files": {
            "file": ("page.txt", io.BytesIO(f"page upload {ids['n']}".encode()), "text/plain")
        }
    },
    ("POST", "/cases/{case_id}/documents/{document_id}/password"): lambda ids: _refused_pdf(
        ids, {"data": {"password": "pw"}}
    ),
    # Letters: each call gets a fresh letter in the status its transition starts from.
    ("GET", "/api/templates"): lambda ids: {},
    ("POST", "/api/templates/{kind}/{variant}/{lang}/versions"): lambda ids: {
        "files": {"file": ("v.docx", _template_docx(), "application/octet-stream")},
        "data": {"change_note": "Shorter"},
    },
    ("POST", "/api/templates/versions/{version_id}/activate"): lambda ids: {},
    ("GET", "/api/cases/{case_id}/letter-context"): lambda ids: {
        "params": {"kind": KIND, "variant": VARIANT, "lang": LANG}
    },
    ("POST", "/api/cases/{case_id}/letters"): lambda ids: {
        "json": {"kind": KIND, "variant": VARIANT, "lang": LANG, "context": _sample()}
    },
    ("GET", "/api/letters"): lambda ids: {},
    ("GET", "/api/letters/{letter_id}"): lambda ids: _letter(ids, "draft"),
    ("GET", "/api/letters/{letter_id}/versions"): lambda ids: _letter(ids, "draft"),
    ("PUT", "/api/letters/{letter_id}"): lambda ids: _letter(
        ids, "draft", json={"context": _sample()}
    ),
    ("POST", "/api/letters/{letter_id}/submit"): lambda ids: _letter(ids, "draft"),
    ("POST", "/api/letters/{letter_id}/approve"): lambda ids: _letter(ids, "submitted"),
    ("POST", "/api/letters/{letter_id}/return"): lambda ids: _letter(
        ids, "submitted", json={"comment": "Add the section."}
    ),
    ("POST", "/api/letters/{letter_id}/issue"): lambda ids: _letter(
        ids, "approved", json={"channel": "mail"}
    ),
    ("GET", "/api/letters/{letter_id}/docx"): lambda ids: _letter(ids, "draft"),
    ("GET", "/api/letters/{letter_id}/pdf"): lambda ids: _letter(ids, "submitted"),
    ("GET", "/letters"): lambda ids: {},
    ("GET", "/cases/{case_id}/letters/new"): lambda ids: {"params": {"slot": f"{KIND}/{VARIANT}"}},
    ("POST", "/cases/{case_id}/letters"): lambda ids: {"data": letter_form()},
    ("GET", "/letters/{letter_id}"): lambda ids: _letter(ids, "draft"),
    ("GET", "/letters/{letter_id}/edit"): lambda ids: _letter(ids, "draft"),
    ("POST", "/letters/{letter_id}/edit"): lambda ids: _letter(ids, "draft", data=letter_form()),
    ("POST", "/letters/{letter_id}/submit"): lambda ids: _letter(ids, "draft"),
    ("POST", "/letters/{letter_id}/approve"): lambda ids: _letter(ids, "submitted"),
    ("POST", "/letters/{letter_id}/return"): lambda ids: _letter(
        ids, "submitted", data={"comment": "Add the section."}
    ),
    ("POST", "/letters/{letter_id}/issue"): lambda ids: _letter(
        ids, "approved", data={"channel": "portal"}
    ),
    # FOI requests: each call gets a fresh request (with a document, a box, maybe a job).
    ("POST", "/api/requests"): lambda ids: {
        "json": {"received_on": "2026-03-02", "requester_type": "media"}
    },
    ("GET", "/api/requests"): lambda ids: {},
    ("GET", "/api/requests/{request_id}"): lambda ids: _foi(ids),
    ("PUT", "/api/requests/{request_id}/requester"): lambda ids: _foi(
        ids, json={"names": ["Marguerite Okonkwo"], "identifiers": ["416-555-0199"]}
    ),
    ("POST", "/api/requests/{request_id}/time-changes"): lambda ids: _foi(
        ids, json={"kind": "extension", "days": 30, "reason": "consultation"}
    ),
    ("PUT", "/api/requests/{request_id}/documents"): lambda ids: _foi(
        ids, json={"document_ids": [ids["disclosure"].document()]}
    ),
    ("GET", "/api/requests/{request_id}/review"): lambda ids: _foi(ids),
    ("GET", "/api/requests/{request_id}/documents/{document_id}/pages/{page}/image"): (
        lambda ids: _foi(ids)
    ),
    ("GET", "/api/requests/{request_id}/documents/{document_id}/pages/{page}/words"): (
        lambda ids: _foi(ids)
    ),
    ("PUT", "/api/requests/{request_id}/documents/{document_id}/pages/{page}/disposition"): (
        lambda ids: _foi(ids, json={"disposition": "released_in_part"})
    ),
    ("GET", "/api/requests/{request_id}/duplicates"): lambda ids: _foi(ids),
    ("POST", "/api/requests/{request_id}/duplicates/mark"): lambda ids: _foi(ids),
    ("GET", "/api/requests/{request_id}/redactions/{redaction_id}"): lambda ids: _foi(ids),
    ("POST", "/api/requests/{request_id}/redactions/{redaction_id}/decision"): lambda ids: _foi(
        ids, json={"decision": "accept"}
    ),
    ("POST", "/api/requests/{request_id}/decisions"): lambda ids: _foi_selection(ids),
    ("DELETE", "/api/requests/{request_id}/redactions/{redaction_id}"): lambda ids: _foi(ids),
    ("POST", "/api/requests/{request_id}/redactions"): lambda ids: _foi(
        ids,
        json={
            "document_id": ids["disclosure"].document(),
            "page": 1,
            "rect": [72, 600, 140, 620],
            "exemption_code": "FIPPA s.21(1)",
        },
    ),
    ("POST", "/api/requests/{request_id}/bulk-accept"): lambda ids: _foi(
        ids, json={"entity_type": "PERSON"}
    ),
    ("POST", "/api/requests/{request_id}/bulk-accept/preview"): lambda ids: _foi(
        ids, json={"entity_type": "PERSON"}
    ),
    ("GET", "/api/requests/{request_id}/preflight"): lambda ids: _foi(ids),
    ("POST", "/api/requests/{request_id}/terms"): lambda ids: _foi(
        ids, json={"term": "Okonkwo", "exemption_code": "FIPPA s.21(1)"}
    ),
    ("POST", "/api/requests/{request_id}/terms/preview"): lambda ids: _foi(
        ids, json={"term": "Okonkwo"}
    ),
    ("POST", "/api/requests/{request_id}/jobs"): lambda ids: _foi(ids, json={"kind": "consult"}),
    ("GET", "/api/requests/{request_id}/jobs/{job_id}"): lambda ids: _foi(ids, job="built"),
    ("POST", "/api/requests/{request_id}/jobs/{job_id}/resume"): lambda ids: _foi(
        ids, job="queued"
    ),
    ("GET", "/api/requests/{request_id}/jobs/{job_id}/pdf"): lambda ids: _foi(ids, job="built"),
    ("GET", "/api/requests/{request_id}/jobs/{job_id}/csv"): lambda ids: _foi(ids, job="built"),
    ("POST", "/api/requests/{request_id}/release"): lambda ids: _foi(
        ids, status="ready", job="built"
    ),
    ("GET", "/requests"): lambda ids: {},
    ("POST", "/requests"): lambda ids: {
        "data": {"received_on": "2026-03-02", "requester_type": "counsel"}
    },
    ("GET", "/requests/{request_id}"): lambda ids: _foi(ids),
    ("POST", "/requests/{request_id}/requester"): lambda ids: _foi(
        ids, data={"requester_names": "Marguerite Okonkwo"}
    ),
    ("GET", "/requests/{request_id}/review"): lambda ids: _foi(ids),
}


def _foi(ids: Ids, *, status: str = "open", job: str = "", **kwargs: Any) -> dict[str, Any]:
    """Point {request_id} (and its document, box and job) at a fresh FOI request."""
    ids["disclosure"].fresh(ids, status=status, job=job)
    return kwargs


def _foi_selection(ids: Ids) -> dict[str, Any]:
    """A fresh request, then its box as the selection (its id is known only afterwards)."""
    _foi(ids)
    return {"json": {"redaction_ids": [ids["redaction_id"]], "decision": "accept"}}


def _sample() -> dict[str, Any]:
    return read_sample(KIND, VARIANT, LANG)


def _template_docx() -> io.BytesIO:
    document = Document()
    document.add_paragraph("Dear {{ complainant }}, we received your complaint.")
    buffer = io.BytesIO()
    document.save(buffer)
    buffer.seek(0)
    return buffer


def _letter(ids: Ids, status: str, **kwargs: Any) -> dict[str, Any]:
    """Point {letter_id} at a new letter in ``status`` (drafted by the coordinator)."""
    ids["letter_id"] = ids["make_letter"](status)
    return kwargs


def _route_action(route: APIRoute) -> Action | None:
    stack = [route.dependant]
    while stack:
        dependant = stack.pop()
        action = getattr(dependant.call, "action", None)
        if action is not None:
            return Action(action)
        stack.extend(dependant.dependencies)
    return None


def _routes(_client: TestClient) -> list[APIRoute]:
    routes = [r for router in ROUTERS for r in router.routes if isinstance(r, APIRoute)]
    assert len(routes) >= len(REQUESTS), "the app's routers were not found"
    return routes


def test_every_route_declares_an_action_and_has_a_row(client: TestClient) -> None:
    for route in _routes(client):
        for method in route.methods or ():
            key = (method, route.path)
            if key in PUBLIC:
                assert _route_action(route) is None, f"{key} is public but checks a role"
                continue
            assert _route_action(route) is not None, f"{key} declares no action"
            assert key in REQUESTS, f"{key} has no row in the route x role table"


@pytest.fixture
def ids(state: AppState, actors: dict[str, Any]) -> Ids:
    with transaction(state.sessions) as session:
        from core.models import User

        coordinator = session.get(User, actors["coordinator"].user_id)
        assert coordinator is not None
        case = services.create_case(session, coordinator, "Seed case", "CA-ON")
        document, _ = services.take_upload(
            state,
            session,
            case=case,
            user=coordinator,
            source=io.BytesIO(b"seed text"),
            filename="seed.txt",
            content_type="text/plain",
        )
        case_id, document_id, user_id = case.id, document.id, coordinator.id
        document_sha256 = document.sha256

    def refused_pdf() -> int:
        with transaction(state.sessions) as session:
            refused = DocumentRow(
                case_id=case_id,
                filename="locked.pdf",
                sha256=document_sha256,
                size=9,
                status="failed",
                error_code="encrypted_pdf",
                error_message="encrypted PDF: a password is needed",
                parent_id=document_id,  # outside the one-upload-per-bytes rule
            )
            session.add(refused)
            session.flush()
            return refused.id

    with transaction(state.sessions) as session:
        letter_templates.sync_template_versions(session, state)
        version_id = session.execute(select(TemplateVersion.id)).scalars().first()
        # One extracted fact for the correction routes (as if the seed had been analysed).
        party = {"name": "Seed Person"}
        session.add(
            Finding(document_id=document_id, kind="party", label="complainant", value=party)
        )
    return {
        "fact_key": fact_key("party", {"role": "complainant", **party}),
        "case_id": case_id,
        "document_id": document_id,
        "user_id": user_id,
        "n": 0,
        "kind": KIND,
        "variant": VARIANT,
        "lang": LANG,
        "version_id": version_id,
        "letter_id": 0,
        "make_letter": functools.partial(make_letter, state, case_id, user_id),
        "refused_pdf": refused_pdf,
        "disclosure": DisclosureSeed(state, actors["foi_officer"].user_id),
        "request_id": 0,
        "redaction_id": 0,
        "job_id": 0,
        "page": 1,
    }


def _refused_pdf(ids: Ids, kwargs: dict[str, Any]) -> dict[str, Any]:
    """Point the path at a fresh document refused for want of a password."""
    ids["document_id"] = ids["refused_pdf"]()
    return kwargs


def _call(client: TestClient, method: str, path: str, ids: Ids, headers: dict[str, str]) -> int:
    ids["n"] += 1
    kwargs = REQUESTS[(method, path)](ids)  # may point a path id at fresh test data
    url = path.format(**ids)
    response = client.request(method, url, headers=headers, follow_redirects=False, **kwargs)
    if response.status_code == 303 and response.headers["location"].startswith("/login?next="):
        return 401  # the pages send a signed-out browser to the sign-in page
    status: int = response.status_code
    return status


def test_route_role_matrix(client: TestClient, actors: dict[str, Any], ids: Ids) -> None:
    checked = 0
    for route in _routes(client):
        for method in sorted(route.methods or ()):
            if (method, route.path) in PUBLIC:
                continue
            action = _route_action(route)
            assert action is not None
            assert _call(client, method, route.path, ids, {}) == 401, (
                f"{method} {route.path} unauthenticated"
            )
            for role in Role:
                status = _call(client, method, route.path, ids, actors[role.value].headers)
                label = f"{method} {route.path} as {role.value}"
                if role in PERMISSIONS[action]:
                    assert status < 400, f"{label}: expected success, got {status}"
                else:
                    assert status == 403, f"{label}: expected 403, got {status}"
                checked += 1
    assert checked >= len(REQUESTS) * len(Role)
