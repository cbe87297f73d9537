"""What the review shows before it changes anything (issue 16): a bulk accept's preview and
an accept limited to the rows left ticked; the pre-flight check of a value withheld in one
place and readable in another, within a document and across the request's documents; a
released request refuses both. Runs on SQLite and PostgreSQL."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from api.state import AppState
from core.db import transaction
from core.models import AuditEvent, Finding
from redaction.auto import text_hmac
from tests.api.disclosure_support import (
    SEED_SECRET,
    finish_review,
    make_case,
    make_pdf,
    page_lines,
    run_job_inline,
    seed_document,
    value_boxes,
)

pytestmark = [pytest.mark.db]

Actors = dict[str, Any]
OWN = "Marguerite Okonkwo"
OFFICER = "Theodore Vasquez"
PHONE = "416-555-0199"


def _headers(actors: Actors) -> dict[str, str]:
    headers: dict[str, str] = actors["foi_officer"].headers
    return headers


def _post(client: TestClient, actors: Actors, url: str, body: dict[str, Any]) -> Any:
    response = client.post(url, json=body, headers=_headers(actors))
    assert response.status_code < 300, response.text
    return response.json()


def _request(client: TestClient, actors: Actors, document_ids: list[int]) -> str:
    body = {"received_on": "2026-03-02", "requester_type": "media"}
    created = _post(client, actors, "/api/requests", body)
    base = f"/api/requests/{created['id']}"
    chosen = client.put(
        f"{base}/documents", json={"document_ids": document_ids}, headers=_headers(actors)
    )
    assert chosen.status_code == 200, chosen.text
    return base


def _statuses(client: TestClient, actors: Actors, base: str) -> dict[int, str]:
    review = client.get(f"{base}/review", headers=_headers(actors)).json()
    return {b["id"]: b["status"] for b in review["boxes"]}


def test_a_bulk_preview_lists_values_counts_and_pages_and_changes_nothing(
    client: TestClient, actors: Actors, state: AppState
) -> None:
    document = seed_document(
        state, make_case(state), make_pdf([page_lines(1), page_lines(2), page_lines(3)])
    )
    with transaction(state.sessions) as session:
        digest = text_hmac(SEED_SECRET, OFFICER)
        for finding in session.execute(
            select(Finding).where(Finding.text_hmac == digest)
        ).scalars():
            finding.score = 0.4
    base = _request(client, actors, [document])
    preview = _post(client, actors, f"{base}/bulk-accept/preview", {"entity_type": "PERSON"})
    assert preview["count"] == 6
    rows = {r["value"]: r for r in preview["rows"]}
    assert set(rows) == {OWN, OFFICER}
    assert rows[OWN]["count"] == 3 and rows[OWN]["ticked"] is True
    assert [p["page"] for p in rows[OWN]["pages"]] == [1, 2, 3]
    assert rows[OFFICER]["ticked"] is False and rows[OFFICER]["score"] == pytest.approx(0.4)
    assert set(_statuses(client, actors, base).values()) == {"proposed"}  # nothing changed

    # Only the ticked rows: the officer's name stays proposed; a box id outside the match
    # (a phone number) is not accepted by naming it.
    phone = min(value_boxes(state, PHONE))
    ticked = rows[OWN]["box_ids"] + [phone]
    done = _post(
        client, actors, f"{base}/bulk-accept", {"entity_type": "PERSON", "box_ids": ticked}
    )
    assert done["accepted"] == 3
    statuses = _statuses(client, actors, base)
    assert {statuses[i] for i in value_boxes(state, OWN)} == {"accepted"}
    assert {statuses[i] for i in value_boxes(state, OFFICER)} == {"proposed"}
    assert statuses[phone] == "proposed"
    with state.sessions() as session:
        event = (
            session.execute(
                select(AuditEvent)
                .where(AuditEvent.action == "redaction.accepted")
                .order_by(AuditEvent.seq.desc())
            )
            .scalars()
            .first()
        )
    assert event is not None and event.details["left_unticked"] == 3
    assert OWN not in str(event.details)  # the preview's values are never recorded


def test_preflight_lists_a_value_withheld_in_one_document_and_released_in_another(
    client: TestClient, actors: Actors, state: AppState
) -> None:
    first = seed_document(state, make_case(state), make_pdf([page_lines(1), page_lines(2)]))
    second = seed_document(state, make_case(state), make_pdf([page_lines(1, doc=2)]))
    base = _request(client, actors, [first, second])
    before = client.get(f"{base}/preflight", headers=_headers(actors)).json()
    assert before["ready"] is False and before["contradictions"] == []
    assert before["undecided_count"] == 9 and before["pages_without_disposition_count"] == 3

    review = client.get(f"{base}/review", headers=_headers(actors)).json()
    phones = {
        b["id"]: b["document_id"] for b in review["boxes"] if b["entity_type"] == "PHONE_NUMBER"
    }
    for box_id, document_id in phones.items():
        decision = "reject" if document_id == second else "accept"
        _post(client, actors, f"{base}/redactions/{box_id}/decision", {"decision": decision})
    finish_review(client, _headers(actors), base)
    check = client.get(f"{base}/preflight", headers=_headers(actors)).json()
    assert check["undecided_count"] == 0 and check["ready"] is False
    [contradiction] = check["contradictions"]
    assert contradiction["value"] == PHONE and contradiction["entity_type"] == "PHONE_NUMBER"
    assert contradiction["across_documents"] is True
    assert {r["document_id"] for r in contradiction["withheld"]} == {first}
    assert [(r["document_id"], r["status"]) for r in contradiction["readable"]] == [
        (second, "rejected")
    ]

    # What the pre-flight said, the build confirms: the gate refuses the package.
    started = _post(client, actors, f"{base}/jobs", {"kind": "package"})
    run_job_inline(state, started["id"])
    job = client.get(f"{base}/jobs/{started['id']}", headers=_headers(actors)).json()
    assert job["status"] == "failed", job
    # The failure names where the value was withheld (document, page, box) and what is wrong
    # with it, never the value itself.
    message = job["error_message"]
    withheld = contradiction["withheld"][0]
    assert f"document {first} page {withheld['page']} box " in message, message
    assert "(PHONE_NUMBER): the value withheld there is still readable on page" in message
    assert PHONE not in message and "416" not in message

    # Withheld on the second document too, or its page withheld: nothing left to report.
    readable = contradiction["readable"][0]["box_id"]
    _post(client, actors, f"{base}/redactions/{readable}/decision", {"decision": "accept"})
    check = client.get(f"{base}/preflight", headers=_headers(actors)).json()
    assert check == {**check, "contradictions": [], "ready": True}


def test_a_value_on_a_withheld_page_is_not_readable_there(
    client: TestClient, actors: Actors, state: AppState
) -> None:
    document = seed_document(state, make_case(state), make_pdf([page_lines(1), page_lines(2)]))
    base = _request(client, actors, [document])
    review = client.get(f"{base}/review", headers=_headers(actors)).json()
    for box in review["boxes"]:
        decision = (
            "reject" if box["entity_type"] == "PHONE_NUMBER" and box["page"] == 2 else "accept"
        )
        _post(client, actors, f"{base}/redactions/{box['id']}/decision", {"decision": decision})
    check = client.get(f"{base}/preflight", headers=_headers(actors)).json()
    assert len(check["contradictions"]) == 1
    assert check["contradictions"][0]["across_documents"] is False
    url = f"{base}/documents/{document}/pages/2/disposition"
    client.put(url, json={"disposition": "withheld_in_full"}, headers=_headers(actors))
    check = client.get(f"{base}/preflight", headers=_headers(actors)).json()
    assert check["contradictions"] == []


def test_a_released_request_refuses_a_bulk_preview(
    client: TestClient, actors: Actors, state: AppState
) -> None:
    document = seed_document(state, make_case(state), make_pdf([page_lines(1)]))
    base = _request(client, actors, [document])
    finish_review(client, _headers(actors), base)
    started = _post(client, actors, f"{base}/jobs", {"kind": "package"})
    run_job_inline(state, started["id"])
    _post(client, actors, f"{base}/release", {})
    refused = client.post(
        f"{base}/bulk-accept/preview", json={"entity_type": "PERSON"}, headers=_headers(actors)
    )
    assert refused.status_code == 409, refused.text


def test_a_selection_is_decided_at_once_or_not_at_all(
    client: TestClient, actors: Actors, state: AppState
) -> None:
    document = seed_document(state, make_case(state), make_pdf([page_lines(1), page_lines(2)]))
    base = _request(client, actors, [document])
    phones = sorted(value_boxes(state, PHONE))
    done = _post(
        client,
        actors,
        f"{base}/decisions",
        {"redaction_ids": phones, "decision": "recode", "exemption_code": "s.14(1)(l)"},
    )
    assert [(b["status"], b["exemption_code"]) for b in done["boxes"]] == [
        ("accepted", "s.14(1)(l)")
    ] * 2
    assert done["progress"]["boxes_reviewed"] == 2
    names = sorted(value_boxes(state, OWN))
    refused = client.post(
        f"{base}/decisions",
        json={"redaction_ids": [*names, 999_999], "decision": "reject"},
        headers=_headers(actors),
    )
    assert refused.status_code == 404, refused.text
    statuses = _statuses(client, actors, base)
    assert {statuses[i] for i in names} == {"proposed"}  # none of the selection was decided
