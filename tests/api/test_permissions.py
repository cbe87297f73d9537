"""Every route x every role: 401 without credentials, 403 for a wrong role, success for a right one.

The table below must name every route the app has (a new route without a row fails the test),
and the allowed roles come from the one permission table, core.auth.PERMISSIONS.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any

import pytest
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient

from api import services
from api.app import ROUTERS
from api.state import AppState
from core.auth import PERMISSIONS, Action
from core.db import transaction
from core.vocab import Role

PUBLIC = {("GET", "/health"), ("GET", "/"), ("GET", "/login"), ("POST", "/login")}

Ids = dict[str, int]
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
    ("POST", "/cases/{case_id}/documents"): lambda ids: {
        "files": {
            "file": ("page.txt", io.BytesIO(f"page upload {ids['n']}".encode()), "text/plain")
        }
    },
}


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
        return {"case_id": case.id, "document_id": document.id, "user_id": coordinator.id, "n": 0}


def _call(client: TestClient, method: str, path: str, ids: Ids, headers: dict[str, str]) -> int:
    ids["n"] += 1
    url = path.format(**ids)
    response = client.request(
        method, url, headers=headers, follow_redirects=False, **REQUESTS[(method, path)](ids)
    )
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
