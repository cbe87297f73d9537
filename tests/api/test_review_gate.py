"""Nothing unreviewed reaches a package: a build is refused (409, naming the undecided boxes
and pages, never a value) until every proposed box has a person's decision and every page a
disposition; re-coding a box withholds it; the release gate refuses any detected value that
is readable and was not rejected by a person; with the second-person setting the officer who
built the package cannot release it. Runs on SQLite and PostgreSQL."""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient
from pypdf import PdfReader
from sqlalchemy import delete, select, update

from api.app import create_app
from api.state import AppState, build_state
from core.auth import create_token
from core.db import transaction
from core.models import AuditEvent, Finding, Job, Redaction, User
from core.settings import Settings
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
# A document whose phone number is on page 1 only (no other box holds the same value).
LONE_NAME = "Ines Alvarado"
LONE_PHONE = "613-555-0142"
LONE_PAGES = [
    [f"Contact {LONE_NAME} at {LONE_PHONE} about the complaint.", "The officers attended."],
    ["The complainant states that the arrest was carried out with excessive force."],
]


def _headers(actors: Actors) -> dict[str, str]:
    headers: dict[str, str] = actors["foi_officer"].headers
    return headers


def _request(client: TestClient, headers: dict[str, str], document_ids: list[int]) -> str:
    body = {"received_on": "2026-03-02", "requester_type": "media"}
    created = client.post("/api/requests", json=body, headers=headers)
    assert created.status_code == 201, created.text
    base = f"/api/requests/{created.json()['id']}"
    chosen = client.put(f"{base}/documents", json={"document_ids": document_ids}, headers=headers)
    assert chosen.status_code == 200, chosen.text
    return base


def _decide(client: TestClient, headers: dict[str, str], base: str, box: int, **body: Any) -> Any:
    response = client.post(f"{base}/redactions/{box}/decision", json=body, headers=headers)
    assert response.status_code == 200, response.text
    return response.json()


def _build(client: TestClient, headers: dict[str, str], state: AppState, base: str) -> Any:
    started = client.post(f"{base}/jobs", json={"kind": "package"}, headers=headers)
    assert started.status_code == 202, started.text
    run_job_inline(state, started.json()["id"])
    return client.get(f"{base}/jobs/{started.json()['id']}", headers=headers).json()


def _pypdf_text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(pdf)).pages)


def test_a_package_is_refused_until_every_box_and_page_is_decided(
    client: TestClient, actors: Actors, state: AppState
) -> None:
    document = seed_document(state, make_case(state), make_pdf([page_lines(1), page_lines(2)]))
    headers = _headers(actors)
    base = _request(client, headers, [document])
    boxes = {b["id"]: b for b in client.get(f"{base}/review", headers=headers).json()["boxes"]}
    assert len(boxes) >= 6 and {b["status"] for b in boxes.values()} == {"proposed"}

    refused = client.post(f"{base}/jobs", json={"kind": "package"}, headers=headers)
    assert refused.status_code == 409, refused.text
    error = refused.json()["error"]
    assert error["code"] == "review_incomplete"
    assert error["undecided_count"] == len(boxes)
    assert {u["box_id"] for u in error["undecided"]} == set(boxes)
    for listed in error["undecided"]:
        assert set(listed) == {"document_id", "page", "box_id", "entity_type"}
        box = boxes[listed["box_id"]]
        assert (listed["document_id"], listed["page"]) == (document, box["page"])
        assert listed["entity_type"] == box["entity_type"]
    assert error["pages_without_disposition"] == [
        {"document_id": document, "page": 1},
        {"document_id": document, "page": 2},
    ]
    assert f"document {document} page 1 box" in error["message"]
    for value in (OWN, OFFICER, PHONE, "Okonkwo", "555-0199"):
        assert value not in refused.text  # boxes are named, never their values
    with state.sessions() as session:
        assert session.execute(select(Job.id).where(Job.request_id.is_not(None))).first() is None
        events = session.execute(select(AuditEvent).where(AuditEvent.action == "job.started"))
        assert events.first() is None
    assert client.get(base, headers=headers).json()["status"] != "ready"

    # Every box but one decided (accepted, re-coded or rejected): that one is still named.
    ordered = sorted(boxes)
    last = ordered[-1]
    for i, box_id in enumerate(ordered[:-1]):
        decision = ({"decision": "accept"}, {"decision": "reject"})[i % 2]
        if i == 0:
            decision = {"decision": "recode", "exemption_code": "s.14(1)"}
        _decide(client, headers, base, box_id, **decision)
    refused = client.post(f"{base}/jobs", json={"kind": "package"}, headers=headers)
    assert refused.status_code == 409
    assert [u["box_id"] for u in refused.json()["error"]["undecided"]] == [last]

    # Every box decided, but the pages have no disposition yet.
    _decide(client, headers, base, last, decision="accept")
    refused = client.post(f"{base}/jobs", json={"kind": "package"}, headers=headers)
    assert refused.status_code == 409
    assert refused.json()["error"]["undecided_count"] == 0
    assert refused.json()["error"]["pages_without_disposition_count"] == 2

    # A consult copy (for consultation, never released) needs no finished review.
    consult = client.post(f"{base}/jobs", json={"kind": "consult"}, headers=headers)
    assert consult.status_code == 202, consult.text
    review = finish_review(client, headers, base)
    assert review["progress"]["boxes_reviewed"] == review["progress"]["boxes"] == len(boxes)
    started = client.post(f"{base}/jobs", json={"kind": "package"}, headers=headers)
    assert started.status_code == 202, started.text


def test_a_recoded_box_is_withheld_in_the_package(
    client: TestClient, actors: Actors, state: AppState
) -> None:
    """Re-coding means "withhold, with this code": the phone number, re-coded and nothing
    else, is not readable in the package (pypdf's text), and the log carries its new code."""
    document = seed_document(state, make_case(state), make_pdf([page_lines(1), page_lines(2)]))
    headers = _headers(actors)
    base = _request(client, headers, [document])
    names = value_boxes(state, OWN) | value_boxes(state, OFFICER)
    phones = value_boxes(state, PHONE)
    for box in names:
        _decide(client, headers, base, box, decision="reject")
    for box in phones:
        answer = _decide(client, headers, base, box, decision="recode", exemption_code="s.14(1)")
        assert answer["box"]["status"] == "accepted"
        assert answer["box"]["exemption_code"] == "s.14(1)"
    shown = {b["id"]: b for b in client.get(f"{base}/review", headers=headers).json()["boxes"]}
    assert {shown[i]["status"] for i in phones} == {"accepted"}  # shown as withheld

    review = finish_review(client, headers, base)
    assert {b["status"] for b in review["boxes"]} == {"accepted", "rejected"}  # none left
    job = _build(client, headers, state, base)
    assert job["status"] == "done", job
    pdf = client.get(f"{base}/jobs/{job['id']}/pdf", headers=headers).content
    text = _pypdf_text(pdf)
    assert PHONE not in text and "555-0199" not in text.replace(" ", "")
    assert OWN in text and OFFICER in text  # rejected: released on purpose
    rows = list(
        csv.DictReader(
            io.StringIO(client.get(f"{base}/jobs/{job['id']}/csv", headers=headers).text)
        )
    )
    assert {r["exemption_code"] for r in rows if r["action"] == "redacted"} == {"s.14(1)"}
    with state.sessions() as session:
        recoded = session.execute(
            select(AuditEvent).where(AuditEvent.action == "redaction.recoded")
        ).scalars()
        assert {e.details["previous_status"] for e in recoded} == {"proposed"}


def test_the_gate_refuses_a_detected_value_left_readable_that_nobody_rejected(
    client: TestClient, actors: Actors, state: AppState
) -> None:
    """An accepted box that misses its words (drawn off them) leaves the phone number
    readable: the accepted box's own text is empty, so only the detected value shows the
    leak, and the gate refuses the package. Rejected explicitly, the same value may be
    released."""
    people = {LONE_NAME: "PERSON", LONE_PHONE: "PHONE_NUMBER"}
    document = seed_document(state, make_case(state), make_pdf(LONE_PAGES), people)
    phone_boxes = value_boxes(state, LONE_PHONE)
    assert len(phone_boxes) == 1
    with transaction(state.sessions) as session:
        session.execute(
            update(Redaction)
            .where(Redaction.id.in_(phone_boxes))
            .values(rect=[400.0, 100.0, 450.0, 120.0])  # blank paper, far below the text
        )
    headers = _headers(actors)
    base = _request(client, headers, [document])
    finish_review(client, headers, base)  # everything accepted, pages released in part
    job = _build(client, headers, state, base)
    assert job["status"] == "failed", job
    assert (
        job["error_message"].startswith("leak_detected") and "PHONE_NUMBER" in job["error_message"]
    )
    assert LONE_PHONE not in job["error_message"]
    request = client.get(base, headers=headers).json()
    assert request["status"] != "ready" and request["package_sha256"] is None
    assert client.post(f"{base}/release", headers=headers).status_code == 409

    # The officer rejects the phone number on purpose: now it may be read.
    (phone_box,) = phone_boxes
    _decide(client, headers, base, phone_box, decision="reject")
    job = _build(client, headers, state, base)
    assert job["status"] == "done", job
    text = _pypdf_text(client.get(f"{base}/jobs/{job['id']}/pdf", headers=headers).content)
    assert LONE_PHONE in text and LONE_NAME not in text


def test_the_gate_refuses_a_detected_value_without_a_box(
    client: TestClient, actors: Actors, state: AppState
) -> None:
    """A finding whose proposed box is gone (never located, or deleted) still holds a value
    nobody rejected: readable in the package, it is refused."""
    people = {LONE_NAME: "PERSON", LONE_PHONE: "PHONE_NUMBER"}
    document = seed_document(state, make_case(state), make_pdf(LONE_PAGES), people)
    with transaction(state.sessions) as session:
        session.execute(delete(Redaction).where(Redaction.id.in_(value_boxes(state, LONE_PHONE))))
        finding = session.execute(
            select(Finding).where(Finding.text_hmac == text_hmac(SEED_SECRET, LONE_PHONE))
        ).scalar_one()
        assert finding.start is not None
    headers = _headers(actors)
    base = _request(client, headers, [document])
    finish_review(client, headers, base)
    job = _build(client, headers, state, base)
    assert job["status"] == "failed", job
    assert "PHONE_NUMBER" in job["error_message"]


# --- second-person release ---------------------------------------------------------------


@pytest.fixture
def second_person_client(settings: Settings) -> Iterator[TestClient]:
    """The app with CASEDESK_RELEASE_REQUIRES_SECOND_PERSON on, over the same database."""
    strict = settings.model_copy(update={"release_requires_second_person": True})
    app_state = build_state(strict)
    with TestClient(create_app(strict, app_state)) as test_client:
        yield test_client
    app_state.engine.dispose()


def _second_officer(state: AppState) -> dict[str, str]:
    with transaction(state.sessions) as session:
        user = User(
            username="second_officer",
            display_name="Second",
            password_hash="!",  # signs in by token only
            roles=["foi_officer"],
        )
        session.add(user)
        session.flush()
        return {"Authorization": f"Bearer {create_token(session, user, 'test').secret}"}


def _built_request(client: TestClient, headers: dict[str, str], state: AppState) -> str:
    document = seed_document(state, make_case(state), make_pdf([page_lines(1)]))
    base = _request(client, headers, [document])
    finish_review(client, headers, base)
    job = _build(client, headers, state, base)
    assert job["status"] == "done" and job["request_status"] == "ready", job
    return base


def test_with_the_second_person_setting_the_builder_cannot_release(
    second_person_client: TestClient, actors: Actors, state: AppState
) -> None:
    client = second_person_client
    builder = _headers(actors)
    base = _built_request(client, builder, state)
    refused = client.post(f"{base}/release", headers=builder)
    assert refused.status_code == 403, refused.text
    assert refused.json()["error"]["reason"] == "second_person_required"
    assert "second FOI officer" in refused.json()["error"]["message"]
    assert client.get(base, headers=builder).json()["status"] == "ready"

    released = client.post(f"{base}/release", headers=_second_officer(state))
    assert released.status_code == 200, released.text
    assert released.json()["status"] == "released"
    with state.sessions() as session:
        event = session.execute(
            select(AuditEvent).where(AuditEvent.action == "request.released")
        ).scalar_one()
    assert event.details["second_person"] is True
    assert event.details["built_by_id"] == actors["foi_officer"].user_id
    assert "Okonkwo" not in json.dumps(event.details)


def test_without_the_setting_the_builder_may_release(
    client: TestClient, actors: Actors, state: AppState
) -> None:
    assert state.settings.second_person_release is False  # test environment, unset
    headers = _headers(actors)
    base = _built_request(client, headers, state)
    released = client.post(f"{base}/release", headers=headers)
    assert released.status_code == 200, released.text


def test_the_second_person_setting_defaults_on_in_production_only() -> None:
    assert Settings(environment="production").second_person_release is True
    assert Settings(environment="development").second_person_release is False
    assert Settings(environment="test").second_person_release is False
    off = Settings(environment="production", release_requires_second_person=False)
    assert off.second_person_release is False
    on = Settings(environment="development", release_requires_second_person=True)
    assert on.second_person_release is True


def test_the_request_and_review_pages_list_what_is_still_to_decide(
    client: TestClient, actors: Actors, state: AppState
) -> None:
    from tests.api.test_pages import _sign_in

    document = seed_document(state, make_case(state), make_pdf([page_lines(1)]))
    headers = _headers(actors)
    base = _request(client, headers, [document])
    phones = value_boxes(state, PHONE)
    (phone,) = phones
    _decide(client, headers, base, phone, decision="recode", exemption_code="s.14(1)")
    _sign_in(client, actors["foi_officer"])
    page_url = base.removeprefix("/api")
    for url in (page_url, f"{page_url}/review"):
        html = client.get(url).text
        assert 'id="review-gaps"' in html, url
        listed = set(map(int, re.findall(r'<li data-box="(\d+)"', html)))
        undecided = (value_boxes(state, OWN) | value_boxes(state, OFFICER)) - phones
        assert listed == undecided  # the re-coded phone number is decided: withheld
        assert f'data-page="{document}-1"' in html
        assert "Withhold with this code" in html or url == page_url
        assert OWN not in html.split('id="review-data"')[0]  # named by id, not by value
    finish_review(client, headers, base)
    assert 'id="review-gaps"' not in client.get(page_url).text
