"""A coordinator corrects what extraction got wrong on the case page (an allegation, a date and
its role, a party, the police service); each correction is audited by key and hash, used by the
timeline and the letter form, and kept when the document is analysed again."""

from __future__ import annotations

import io
import re
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import delete, select, update

from api.state import AppState
from core.db import transaction
from core.models import AuditEvent, Document, DocumentStep, Finding
from core.vocab import DocumentStatus
from tests.api.test_pages import _sign_in
from worker.pipeline import process_document, process_page_range
from worker.resources import build_resources

pytestmark = [pytest.mark.db]

COMPLAINT = """\
Complaint form
Complainant: Jordan Ellis
Police service
Hamilton Police Service
Date of incident: March 3, 2026
Received: March 20, 2026

On March 3, 2026, Constable Marek Duda pushed me to the ground and punched me in the face
while I was handcuffed. Sergeant Lina Park swore at me and called me names.
"""


def _analyse(state: AppState, document_id: int, shared_models: dict[str, Any]) -> None:
    resources = build_resources(state.settings, shared_models)
    try:
        for first in process_document(resources, document_id).page_ranges:
            process_page_range(resources, document_id, first)
    finally:
        resources.engine.dispose()


def _facts(client: TestClient, case_id: int, headers: dict[str, str]) -> dict[str, Any]:
    response = client.get(f"/api/cases/{case_id}/facts", headers=headers)
    assert response.status_code == 200, response.text
    facts: dict[str, Any] = response.json()
    return facts


def test_corrections_are_audited_used_and_kept_on_reanalysis(
    client: TestClient, state: AppState, actors: dict[str, Any], shared_models: dict[str, Any]
) -> None:
    headers = actors["coordinator"].headers
    case_id = client.post("/api/cases", json={"title": "Hamilton stop"}, headers=headers).json()[
        "id"
    ]
    uploaded = client.post(
        f"/api/cases/{case_id}/documents",
        files={"file": ("complaint.txt", io.BytesIO(COMPLAINT.encode()), "text/plain")},
        headers=headers,
    )
    assert uploaded.status_code == 202, uploaded.text
    document_id = uploaded.json()["id"]
    _analyse(state, document_id, shared_models)
    facts = _facts(client, case_id, headers)
    received = next(d for d in facts["dates"] if d["role"] == "complaint_received")
    officer = next(p for p in facts["parties"] if p["name"] == "Marek Duda")
    service = facts["police_service_items"][0]
    allegation = facts["allegations"][0]

    corrections = [
        {"key": received["key"], "action": "change", "iso": "2026-03-21", "role": "complaint_received"},
        {"key": officer["key"], "action": "change", "name": "Marek Dudek", "role": "subject_officer"},
        {"key": service["key"], "action": "change", "name": "Hamilton Police Service (Central)"},
        {"key": allegation["key"], "action": "change", "category": "harassment_or_intimidation"},
    ]  # fmt: skip
    for body in corrections:
        # Only a coordinator may correct; the team lead reads.
        refused = client.post(
            f"/api/cases/{case_id}/facts/corrections",
            json=body,
            headers=actors["team_lead"].headers,
        )
        assert refused.status_code == 403
        done = client.post(f"/api/cases/{case_id}/facts/corrections", json=body, headers=headers)
        assert done.status_code == 200, done.text

    # Analysed again, as after a new version of the extraction step (the worker replaces the
    # document's findings): the corrections stay.
    with transaction(state.sessions) as session:
        session.execute(
            delete(DocumentStep).where(
                DocumentStep.document_id == document_id, DocumentStep.step == "extract"
            )
        )
        before = session.execute(select(Finding.id).where(Finding.document_id == document_id))
        old_ids = set(before.scalars())
        session.execute(
            update(Document).where(Document.id == document_id).values(status=DocumentStatus.STORED)
        )
    _analyse(state, document_id, shared_models)
    with state.sessions() as session:
        after = session.execute(select(Finding.id).where(Finding.document_id == document_id))
        assert old_ids.isdisjoint(set(after.scalars())), "the findings were not replaced"

    facts = _facts(client, case_id, headers)
    dates = {d["key"]: d for d in facts["dates"]}
    assert dates[received["key"]]["iso"] == "2026-03-21"
    assert dates[received["key"]]["corrected"] is True
    assert dates[received["key"]]["extracted"] == {
        "iso": "2026-03-20",
        "role": "complaint_received",
    }
    assert "Marek Dudek" in [p["name"] for p in facts["parties"]]
    assert facts["police_service"] == "Hamilton Police Service (Central)"
    categories = {a["key"]: a["category"] for a in facts["allegations"]}
    assert categories[allegation["key"]] == "harassment_or_intimidation"
    timeline = {i["label"]: i["on"] for i in facts["timeline"]["items"]}
    assert timeline["complaint received"] == "2026-03-21"

    # The letter form starts from the corrected facts.
    context = client.get(
        f"/api/cases/{case_id}/letter-context",
        params={"kind": "acknowledgement", "variant": "standard", "lang": "en"},
        headers=headers,
    ).json()["context"]
    assert context["received_date"] == "2026-03-21"
    assert context["police_service"] == "Hamilton Police Service (Central)"
    assert "Marek Dudek" in [o["name"] for o in context["officers"]]

    with state.sessions() as session:
        events = list(
            session.execute(
                select(AuditEvent).where(AuditEvent.action == "case.fact_corrected")
            ).scalars()
        )
    assert len(events) == 4
    for event in events:
        text = str(event.details)
        assert "Dudek" not in text and "Central" not in text and "2026-03-21" not in text


def test_the_case_page_removes_and_restores_a_fact(
    client: TestClient, state: AppState, actors: dict[str, Any], shared_models: dict[str, Any]
) -> None:
    csrf = _sign_in(client, actors["coordinator"])
    created = client.post(
        "/cases", data={"title": "Hamilton stop", "csrf_token": csrf}, follow_redirects=False
    )
    case_url = created.headers["location"]
    case_id = int(case_url.rsplit("/", 1)[1])
    page = client.get(case_url).text
    assert "complaint received" not in page  # nothing is assumed before a document is read
    headers = actors["coordinator"].headers
    uploaded = client.post(
        f"/api/cases/{case_id}/documents",
        files={"file": ("complaint.txt", io.BytesIO(COMPLAINT.encode()), "text/plain")},
        headers=headers,
    )
    page = client.get(case_url).text
    assert "complaint received" not in page  # stored, not analysed: no "received today"
    _analyse(state, uploaded.json()["id"], shared_models)
    page = client.get(case_url).text
    key = re.search(r'name="key" value="(party:[0-9a-f]+)"', page)
    assert key, "no Correct form for a party"
    removed = client.post(
        f"{case_url}/facts/correct",
        data={"csrf_token": csrf, "key": key.group(1), "action": "remove"},
    )
    assert removed.status_code == 200
    assert "was removed" in removed.text
    assert 'id="removed-facts"' in removed.text
    restored = client.post(
        f"{case_url}/facts/correct",
        data={"csrf_token": csrf, "key": key.group(1), "action": "restore"},
    )
    assert 'id="removed-facts"' not in restored.text
