"""Per-case allow and deny lists: edited through the API, applied to the proposals by the
worker code (run in-process), never touching reviewed boxes, audited without their terms."""

from __future__ import annotations

import json
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from api.state import AppState
from core.models import AuditEvent, Finding, Redaction, ReviewDecision
from extraction.document import Box
from redaction.auto import text_hmac
from redaction.pdf_text import read_text_in_boxes
from tests.api.disclosure_support import (
    make_case,
    make_pdf,
    make_request,
    page_lines,
    seed_document,
)
from worker.case_step import apply_case_lists
from worker.resources import build_resources

pytestmark = [pytest.mark.db]

Actors = dict[str, Any]
OFFICIAL = "Theodore Vasquez"  # a public official: never redacted in this case
NICKNAME = "disturbance"  # stands in for a nickname detection misses: always redacted


def _apply(state: AppState, case_id: int) -> int:
    """What the worker's task does after the lists change."""
    res = build_resources(state.settings)
    try:
        return apply_case_lists(res, case_id)
    finally:
        res.engine.dispose()


def _boxes(state: AppState, document_id: int) -> list[tuple[int, str, str | None, str | None]]:
    """(id, status, finding recognizer, finding HMAC) of the document's boxes; the status is
    the decision of the one request of these tests, ``proposed`` without one."""
    with state.sessions() as session:
        rows = session.execute(
            select(
                Redaction.id,
                func.coalesce(ReviewDecision.status, "proposed"),
                Finding.recognizer,
                Finding.text_hmac,
            )
            .join(Finding, Finding.id == Redaction.finding_id)
            .outerjoin(ReviewDecision, ReviewDecision.redaction_id == Redaction.id)
            .where(Redaction.document_id == document_id)
            .order_by(Redaction.id)
        ).all()
    return [(r[0], r[1], r[2], r[3]) for r in rows]


def _put(client: TestClient, actor: Any, case_id: int, body: dict[str, Any]) -> Any:
    return client.put(f"/api/cases/{case_id}/redaction-lists", json=body, headers=actor.headers)


def test_lists_shape_the_proposals_of_every_document_of_the_case(
    client: TestClient, actors: Actors, state: AppState
) -> None:
    case_id = make_case(state)
    first_pdf = make_pdf([page_lines(1), page_lines(2)])
    first = seed_document(state, case_id, first_pdf)
    second = seed_document(state, case_id, make_pdf([page_lines(1, doc=2)]))
    official = text_hmac(b"test-secret", OFFICIAL)
    # An officer's decision made before the lists (in an FOI request): it must survive them.
    reviewed = next(i for i, _, _, h in _boxes(state, first) if h == official)
    request_id = make_request(state, actors["foi_officer"].user_id, [first])
    decided = client.post(
        f"/api/requests/{request_id}/redactions/{reviewed}/decision",
        json={"decision": "accept"},
        headers=actors["foi_officer"].headers,
    )
    assert decided.status_code == 200, decided.text

    saved = _put(
        client,
        actors["coordinator"],
        case_id,
        {"allow": [OFFICIAL, OFFICIAL.upper()], "deny": [{"term": NICKNAME}]},
    )
    assert saved.status_code == 200, saved.text
    assert saved.json() == {
        "case_id": case_id,
        "allow": [OFFICIAL],  # the same term twice is kept once
        "deny": [{"term": NICKNAME, "entity_type": "PERSON"}],
        "pending": True,
    }
    assert _apply(state, case_id) > 0
    lists = client.get(f"/api/cases/{case_id}/redaction-lists", headers=actors["team_lead"].headers)
    assert lists.status_code == 200 and lists.json()["pending"] is False

    nickname = text_hmac(state.settings.secret_key.encode(), NICKNAME)  # the worker's secret
    for document_id, pages in ((first, 2), (second, 1)):
        boxes = _boxes(state, document_id)
        official_boxes = [(i, s) for i, s, _, h in boxes if h == official]
        # Allowed: no proposed box of the official is left; the reviewed one stands.
        assert all(s != "proposed" for _, s in official_boxes)
        assert [(i, s) for i, s in official_boxes if i == reviewed] == (
            [(reviewed, "accepted")] if document_id == first else []
        )
        denied = [(s, r) for _, s, r, h in boxes if h == nickname]
        assert denied == [("proposed", "CaseDenyList")] * pages  # once a page
        # The others stay proposed.
        assert any(s == "proposed" and r == "SpacyRecognizer" for _, s, r, _ in boxes)
    # The deny boxes were located from the stored page boxes: they cover the term.
    with state.sessions() as session:
        rects = session.execute(
            select(Redaction.page, Redaction.rect)
            .join(Finding, Finding.id == Redaction.finding_id)
            .where(Redaction.document_id == first, Finding.recognizer == "CaseDenyList")
        ).all()
    under = read_text_in_boxes(first_pdf, [(page, Box(*rect)) for page, rect in rects])
    assert [" ".join(t.split()) for t in under] == [NICKNAME, NICKNAME]
    assert _apply(state, case_id) == 0  # idempotent

    # Lists emptied: the official's proposals come back, the deny boxes go.
    _put(client, actors["foi_officer"], case_id, {"allow": [], "deny": []})
    _apply(state, case_id)
    boxes = _boxes(state, first)
    assert not any(h == nickname for _, _, _, h in boxes)
    statuses = sorted(s for _, s, _, h in boxes if h == official)
    assert statuses == ["accepted", "proposed"]  # the reviewed one was never duplicated

    actions = [e.action for e in _events(state)]
    assert actions.count("case.redaction_lists_set") == 2
    assert actions.count("case.redaction_lists_applied") == 2
    first_set = next(e for e in _events(state) if e.action == "case.redaction_lists_set")
    assert first_set.details["allow_added"] == 1 and first_set.details["deny_added"] == 1
    details = json.dumps([e.details for e in _events(state)])
    assert "Vasquez" not in details and NICKNAME not in details


def _events(state: AppState) -> list[AuditEvent]:
    with state.sessions() as session:
        return list(session.execute(select(AuditEvent).order_by(AuditEvent.seq)).scalars())


def test_lists_are_validated_and_a_team_lead_may_not_edit_them(
    client: TestClient, actors: Actors, state: AppState
) -> None:
    case_id = make_case(state)
    refused = _put(client, actors["team_lead"], case_id, {"allow": ["Toronto Police Service"]})
    assert refused.status_code == 403
    unknown = _put(
        client, actors["coordinator"], case_id, {"deny": [{"term": "x1", "entity_type": "NAME"}]}
    )
    assert unknown.status_code == 422
    short = _put(client, actors["coordinator"], case_id, {"allow": [" a "]})
    assert short.status_code == 422
    missing = _put(client, actors["coordinator"], 9999, {"allow": []})
    assert missing.status_code == 404
    lists = client.get(f"/api/cases/{case_id}/redaction-lists", headers=actors["admin"].headers)
    assert lists.json() == {"case_id": case_id, "allow": [], "deny": [], "pending": False}
