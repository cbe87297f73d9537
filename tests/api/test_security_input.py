"""Hostile input answers 4xx in the AppError shape: ids beyond 64 bits, bodies not UTF-8."""

from __future__ import annotations

from fastapi.testclient import TestClient

from api.schemas import MAX_ID
from tests.conftest import Actor

TOO_BIG = str(MAX_ID + 1)  # 2^31: PostgreSQL's INTEGER ends below it


def _is_app_error(body: dict[str, object], code: str) -> bool:
    error = body.get("error")
    return isinstance(error, dict) and error.get("code") == code and bool(error.get("message"))


def test_ids_beyond_the_id_columns_are_refused_in_paths_queries_and_bodies(
    client: TestClient, actors: dict[str, Actor]
) -> None:
    officer = actors["foi_officer"].headers
    coordinator = actors["coordinator"].headers
    for path in (
        f"/api/cases/{TOO_BIG}",
        "/api/cases/99999999999999999999",
        f"/api/cases/{2**63}",
        f"/api/documents/{TOO_BIG}",
        f"/api/letters/{TOO_BIG}",
        "/api/cases/0",
    ):
        response = client.get(path, headers=coordinator)
        assert response.status_code == 422, path
        assert _is_app_error(response.json(), "invalid_input")
    assert client.get(f"/api/letters?case_id={TOO_BIG}", headers=coordinator).status_code == 422
    created = client.post(
        "/api/requests",
        json={"received_on": "2026-11-02", "requester_type": "media"},
        headers=officer,
    )
    assert created.status_code == 201, created.text
    request_id = created.json()["id"]
    for path, body in (
        (f"/api/requests/{request_id}/documents", {"document_ids": [MAX_ID + 1]}),
        (f"/api/requests/{request_id}/bulk-accept", {"same_as": MAX_ID + 1}),
        (
            f"/api/requests/{request_id}/redactions",
            {"document_id": MAX_ID + 1, "page": 1, "rect": [1, 2, 3, 4], "exemption_code": "x"},
        ),
    ):
        method = client.put if path.endswith("/documents") else client.post
        response = method(path, json=body, headers=officer)
        assert response.status_code == 422, (path, response.text)
        assert _is_app_error(response.json(), "invalid_input")
    # The largest id a database can hold is a plain "not found".
    assert client.get(f"/api/cases/{MAX_ID}", headers=coordinator).status_code == 404


def test_a_body_that_is_not_utf8_answers_in_the_app_error_shape(
    client: TestClient, actors: dict[str, Actor]
) -> None:
    response = client.post(
        "/api/cases",
        content=b'{"title": "\xff\xfe caf\xe9"}',
        headers={**actors["coordinator"].headers, "content-type": "application/json"},
    )
    assert response.status_code == 400
    assert _is_app_error(response.json(), "bad_request")
    assert "detail" not in response.json()


def test_unknown_paths_and_methods_answer_in_the_app_error_shape(client: TestClient) -> None:
    assert _is_app_error(client.get("/api/no-such-thing").json(), "not_found")
    response = client.delete("/health")
    assert response.status_code == 405
    assert _is_app_error(response.json(), "method_not_allowed")


def test_a_value_the_database_cannot_store_is_invalid_input(
    client: TestClient, actors: dict[str, Actor], db_backend: str
) -> None:
    """PostgreSQL refuses NUL in text (found by the fuzz test on GET /api/templates)."""
    admin = actors["admin"].headers
    listed = client.get("/api/templates?variant=a%00b", headers=admin)
    titled = client.post(
        "/api/cases", json={"title": "a\x00b"}, headers=actors["coordinator"].headers
    )
    if db_backend == "postgresql":
        for response in (listed, titled):
            assert response.status_code == 422, response.text
            assert _is_app_error(response.json(), "invalid_input")
            assert "a\x00b" not in response.text
    else:  # SQLite stores and compares NUL like any character
        assert listed.status_code == 200 and titled.status_code == 201
