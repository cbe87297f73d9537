"""Two FOI requests over the same document decide apart: each has its own decisions, drawn
boxes, page dispositions, requester policy and package, while the detected proposals stay
shared; a released request's decisions stay as released. Runs on SQLite and PostgreSQL."""

from __future__ import annotations

from typing import Any

import pypdfium2 as pdfium
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from api.state import AppState
from core.models import AuditEvent, ReviewDecision
from tests.api.disclosure_support import (
    CODE,
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


def _request(client: TestClient, actors: Actors, document_ids: list[int], **extra: Any) -> str:
    body = {"received_on": "2026-03-02", "requester_type": "media", **extra}
    created = client.post("/api/requests", json=body, headers=_headers(actors))
    assert created.status_code == 201, created.text
    base = f"/api/requests/{created.json()['id']}"
    chosen = client.put(
        f"{base}/documents", json={"document_ids": document_ids}, headers=_headers(actors)
    )
    assert chosen.status_code == 200, chosen.text
    return base


def _review(client: TestClient, actors: Actors, base: str) -> dict[str, Any]:
    response = client.get(f"{base}/review", headers=_headers(actors))
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def _boxes(client: TestClient, actors: Actors, base: str) -> dict[int, dict[str, Any]]:
    return {b["id"]: b for b in _review(client, actors, base)["boxes"]}


def _post(client: TestClient, actors: Actors, url: str, body: dict[str, Any]) -> Any:
    response = client.post(url, json=body, headers=_headers(actors))
    assert response.status_code < 300, response.text
    return response.json()


def _package_text(client: TestClient, actors: Actors, state: AppState, base: str) -> str:
    """Finish the review (what is still proposed is accepted, every page released in part
    unless already disposed of), build the package and read its text."""
    finish_review(client, _headers(actors), base)
    started = client.post(f"{base}/jobs", json={"kind": "package"}, headers=_headers(actors))
    assert started.status_code == 202, started.text
    run_job_inline(state, started.json()["id"])
    job = client.get(f"{base}/jobs/{started.json()['id']}", headers=_headers(actors)).json()
    assert job["status"] == "done", job
    pdf = client.get(f"{base}/jobs/{job['id']}/pdf", headers=_headers(actors)).content
    doc = pdfium.PdfDocument(pdf)
    try:
        return "\n".join(doc[i].get_textpage().get_text_range() for i in range(len(doc)))
    finally:
        doc.close()


def test_two_requests_over_one_document_keep_their_own_decisions_and_packages(
    client: TestClient, actors: Actors, state: AppState
) -> None:
    document = seed_document(
        state, make_case(state), make_pdf([page_lines(1), page_lines(2), page_lines(3)])
    )
    first = _request(client, actors, [document])
    second = _request(client, actors, [document])
    shared = _boxes(client, actors, first)
    assert set(shared) == set(_boxes(client, actors, second))  # the proposals are shared
    names = value_boxes(state, OWN) | value_boxes(state, OFFICER)
    phones = value_boxes(state, PHONE)
    one_name, one_phone = min(names), min(phones)

    # The first request withholds the names; the second only the phone numbers, rejects one
    # name, re-codes another, draws a box of its own and withholds a page.
    _post(client, actors, f"{first}/bulk-accept", {"entity_type": "PERSON"})
    _post(client, actors, f"{second}/bulk-accept", {"entity_type": "PHONE_NUMBER"})
    _post(client, actors, f"{second}/redactions/{one_name}/decision", {"decision": "reject"})
    recoded = _post(
        client,
        actors,
        f"{second}/redactions/{max(names)}/decision",
        {"decision": "recode", "exemption_code": "s.14(1)"},
    )
    assert recoded["box"]["exemption_code"] == "s.14(1)"
    drawn = _post(
        client,
        actors,
        f"{second}/redactions",
        {"document_id": document, "page": 1, "rect": [72, 600, 200, 640], "exemption_code": CODE},
    )["box"]
    page_url = f"{second}/documents/{document}/pages/2/disposition"
    disposed = client.put(
        page_url, json={"disposition": "withheld_in_full"}, headers=_headers(actors)
    )
    assert disposed.status_code == 200, disposed.text

    mine, theirs = _boxes(client, actors, first), _boxes(client, actors, second)
    assert {mine[i]["status"] for i in names} == {"accepted"}
    assert {mine[i]["status"] for i in phones} == {"proposed"}
    assert mine[max(names)]["exemption_code"] == CODE  # the other request's code is its own
    assert drawn["id"] not in mine and drawn["id"] in theirs
    assert {theirs[i]["status"] for i in phones} == {"accepted"}
    assert theirs[one_name]["status"] == "rejected"
    assert theirs[max(names)]["status"] == "accepted"  # re-coded: withheld with its code
    assert {theirs[i]["status"] for i in names - {one_name, max(names)}} == {"proposed"}
    first_review = _review(client, actors, first)
    assert [p["disposition"] for p in first_review["documents"][0]["pages"]] == [None] * 3
    assert first_review["progress"] == {
        "pages": 3,
        "pages_reviewed": 0,
        "boxes": len(shared),
        "boxes_reviewed": len(names),
    }
    second_progress = _review(client, actors, second)["progress"]
    assert second_progress == {
        "pages": 3,
        "pages_reviewed": 1,
        "boxes": len(shared) + 1,
        "boxes_reviewed": len(phones) + 3,
    }

    # Another request's drawn box is not this request's to see, decide or remove.
    for method, url, body in (
        ("GET", f"{first}/redactions/{drawn['id']}", None),
        ("POST", f"{first}/redactions/{drawn['id']}/decision", {"decision": "reject"}),
        ("DELETE", f"{first}/redactions/{drawn['id']}", None),
    ):
        response = client.request(method, url, json=body, headers=_headers(actors))
        assert response.status_code == 404, (method, url, response.text)
    assert (
        client.delete(f"{second}/redactions/{one_phone}", headers=_headers(actors)).status_code
        == 409
    )

    # Each package holds its own request's decisions: the first releases the phone numbers,
    # the second the witness's name (each explicitly: nothing proposed reaches a package).
    for phone in phones:
        _post(client, actors, f"{first}/redactions/{phone}/decision", {"decision": "reject"})
    for own in value_boxes(state, OWN) - {one_name}:
        _post(client, actors, f"{second}/redactions/{own}/decision", {"decision": "reject"})
    first_text = _package_text(client, actors, state, first)
    assert OWN not in first_text and OFFICER not in first_text and PHONE in first_text
    assert "Statement page 2 of document 1" in first_text
    second_text = _package_text(client, actors, state, second)
    assert PHONE not in second_text and OWN in second_text and OFFICER not in second_text
    assert "Statement page 2 of document 1" not in second_text  # withheld in this request only

    # Released, the first request is locked; the second carries on without touching it.
    released = client.post(f"{first}/release", headers=_headers(actors))
    assert released.status_code == 200, released.text
    before = _boxes(client, actors, first)
    refused = client.post(
        f"{first}/redactions/{one_phone}/decision",
        json={"decision": "accept"},
        headers=_headers(actors),
    )
    assert refused.status_code == 409
    for own in value_boxes(state, OWN) - {one_name}:
        _post(client, actors, f"{second}/redactions/{own}/decision", {"decision": "accept"})
    _post(client, actors, f"{second}/redactions/{min(phones)}/decision", {"decision": "reject"})
    assert _boxes(client, actors, first) == before
    assert {_boxes(client, actors, second)[i]["status"] for i in names - {one_name}} == {"accepted"}

    # Decisions are audited with the request they belong to.
    with state.sessions() as session:
        event = session.execute(
            select(AuditEvent).where(
                AuditEvent.action == "redaction.rejected", AuditEvent.object_id == str(one_name)
            )
        ).scalar_one()
        decisions = session.execute(
            select(ReviewDecision.request_id).where(ReviewDecision.redaction_id == one_name)
        ).scalars()
        assert sorted(decisions) == sorted(int(base.rsplit("/", 1)[1]) for base in (first, second))
    assert event.details["request_id"] == int(second.rsplit("/", 1)[1])


def test_the_requester_policy_of_one_request_is_not_undone_by_another(
    client: TestClient, actors: Actors, state: AppState
) -> None:
    """The requester asks for their own file while the media ask for the same document: the
    media request accepting every name leaves the requester's own name in the requester's
    package, and the requester's decisions leave the media package alone."""
    document = seed_document(state, make_case(state), make_pdf([page_lines(1), page_lines(2)]))
    own_request = _request(
        client,
        actors,
        [document],
        requester_type="complainant",
        policy="requester",
        requester={"names": [OWN], "identifiers": [PHONE]},
    )
    media = _request(client, actors, [document])
    own, officer = value_boxes(state, OWN), value_boxes(state, OFFICER)
    phones = value_boxes(state, PHONE)

    # The media request accepts every name and number (the requester's own included)...
    for entity_type in ("PERSON", "PHONE_NUMBER"):
        _post(client, actors, f"{media}/bulk-accept", {"entity_type": entity_type})
    media_boxes = _boxes(client, actors, media)
    assert {media_boxes[i]["status"] for i in own | officer | phones} == {"accepted"}
    # ...which changes nothing in the requester's request: their own stays kept.
    boxes = _boxes(client, actors, own_request)
    assert {boxes[i]["status"] for i in own | phones} == {"kept"}
    assert {boxes[i]["status"] for i in officer} == {"proposed"}

    # The requester's request withholds the officer under its own code: the media's stays.
    result = _post(client, actors, f"{own_request}/bulk-accept", {"entity_type": "PERSON"})
    assert result["accepted"] == len(officer)
    _post(
        client,
        actors,
        f"{own_request}/redactions/{min(officer)}/decision",
        {"decision": "recode", "exemption_code": "s.14(1)"},
    )
    assert _boxes(client, actors, own_request)[min(officer)]["exemption_code"] == "s.14(1)"
    assert _boxes(client, actors, media)[min(officer)]["exemption_code"] == CODE

    own_text = _package_text(client, actors, state, own_request)
    assert OWN in own_text and PHONE in own_text
    media_text = _package_text(client, actors, state, media)
    assert OWN not in media_text and OFFICER not in media_text and PHONE not in media_text


def test_a_value_decided_two_ways_in_one_document_is_flagged_when_decided(
    client: TestClient, actors: Actors, state: AppState
) -> None:
    """Accepting one box of a value while its other boxes stay readable (or rejecting one
    while the others are accepted) is answered with how many boxes contradict it: the
    package's release check would refuse the document, and the reviewer learns it now."""
    document = seed_document(
        state, make_case(state), make_pdf([page_lines(1), page_lines(2), page_lines(3)])
    )
    base = _request(client, actors, [document])
    phones = sorted(value_boxes(state, PHONE))
    assert len(phones) == 3  # one a page
    first, second, third = phones

    def decide(box: int, decision: str) -> int:
        url = f"{base}/redactions/{box}/decision"
        return int(_post(client, actors, url, {"decision": decision})["contradicting"])

    assert decide(first, "accept") == 2  # the other two are still proposed (readable)
    assert decide(second, "accept") == 1
    assert decide(third, "accept") == 0
    assert decide(second, "reject") == 2  # released here, withheld on pages 1 and 3
    assert decide(first, "reject") == 1
    assert decide(third, "reject") == 0  # released everywhere: consistent
    recoded = _post(
        client,
        actors,
        f"{base}/redactions/{first}/decision",
        {"decision": "recode", "exemption_code": "s.14(1)"},
    )
    # Re-coding withholds: the two rejected boxes now contradict it.
    assert recoded["contradicting"] == 2
    assert recoded["box"]["status"] == "accepted"

    # What the warning says would happen does: withheld once, readable twice, refused.
    finish_review(client, _headers(actors), base)
    started = client.post(f"{base}/jobs", json={"kind": "package"}, headers=_headers(actors))
    assert started.status_code == 202, started.text
    run_job_inline(state, started.json()["id"])
    job = client.get(f"{base}/jobs/{started.json()['id']}", headers=_headers(actors)).json()
    assert job["status"] != "done"
    assert [item["error_code"] for item in job["items"]] == ["leak_detected"]
