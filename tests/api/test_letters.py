"""Letters through the API: draft, preview, submit, approve or return, issue; template versions.

The PDF is made by the worker's own function (``worker.letters.render_letter_pdf``) with a real
LibreOffice, in process, where a running worker would do it after the enqueue.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from typing import Any

import pytest
from docx import Document
from fastapi.testclient import TestClient
from sqlalchemy import select

from api import letters
from api.state import AppState
from core.audit import verify_chain
from core.auth import create_token
from core.db import transaction
from core.models import AuditEvent, Letter, User
from correspondence.catalog import sha256_hex
from correspondence.letters import letter_text
from correspondence.samples import read_sample
from worker.letters import render_letter_pdf
from worker.resources import Resources, build_resources

pytestmark = [pytest.mark.db]

KIND, VARIANT, LANG = "acknowledgement", "standard", "en"


@pytest.fixture
def res(state: AppState) -> Iterator[Resources]:
    resources = build_resources(state.settings)
    yield resources
    resources.engine.dispose()


@pytest.fixture
def case_id(client: TestClient, actors: dict[str, Any]) -> int:
    response = client.post(
        "/api/cases",
        json={"title": "Stop on Queen Street", "jurisdiction": "CA-ON"},
        headers=actors["coordinator"].headers,
    )
    assert response.status_code == 201, response.text
    return int(response.json()["id"])


def _context(**changes: Any) -> dict[str, Any]:
    context = read_sample(KIND, VARIANT, LANG)
    context.update(changes)
    return context


def _draft(client: TestClient, actor: Any, case_id: int, **changes: Any) -> dict[str, Any]:
    response = client.post(
        f"/api/cases/{case_id}/letters",
        json={"kind": KIND, "variant": VARIANT, "lang": LANG, "context": _context(**changes)},
        headers=actor.headers,
    )
    assert response.status_code == 201, response.text
    body: dict[str, Any] = response.json()
    return body


def _post(client: TestClient, actor: Any, path: str, **kwargs: Any) -> Any:
    return client.post(path, headers=actor.headers, **kwargs)


def _actions(state: AppState, letter_id: int) -> list[str]:
    with state.sessions() as session:
        rows = session.execute(
            select(AuditEvent)
            .where(AuditEvent.object_type == "letter", AuditEvent.object_id == str(letter_id))
            .order_by(AuditEvent.seq)
        ).scalars()
        return [row.action for row in rows]


def test_full_approval_flow(
    client: TestClient, actors: dict[str, Any], case_id: int, state: AppState, res: Resources
) -> None:
    coordinator, lead = actors["coordinator"], actors["team_lead"]
    letter = _draft(client, coordinator, case_id)
    assert letter["status"] == "draft"
    assert (letter["kind"], letter["variant"], letter["lang"]) == (KIND, VARIANT, LANG)
    assert letter["template_version"] == 1
    assert letter["template_sha256"] and letter["docx_sha256"]
    assert letter["context"]["complainant"] == "Amélie Tremblay-O'Connor"
    letter_id = letter["id"]

    # Preview: the DOCX is there at once and holds the case facts.
    docx = client.get(f"/api/letters/{letter_id}/docx", headers=coordinator.headers)
    assert docx.status_code == 200
    assert "PCRO-2026-00417" in letter_text(docx.content)
    assert client.get(f"/api/letters/{letter_id}/pdf", headers=lead.headers).status_code == 404

    submitted = _post(client, coordinator, f"/api/letters/{letter_id}/submit")
    assert submitted.status_code == 200, submitted.text
    assert submitted.json()["status"] == "submitted"

    # The team lead cannot approve what nobody has seen as a PDF yet.
    early = _post(client, lead, f"/api/letters/{letter_id}/approve")
    assert early.status_code == 409
    assert early.json()["error"]["reason"] == "pdf_pending"

    assert render_letter_pdf(res, letter_id) is True
    assert render_letter_pdf(res, letter_id) is False  # a redelivered task changes nothing
    pdf = client.get(f"/api/letters/{letter_id}/pdf", headers=lead.headers)
    assert pdf.status_code == 200
    assert pdf.content.startswith(b"%PDF-")

    approved = _post(client, lead, f"/api/letters/{letter_id}/approve")
    assert approved.status_code == 200, approved.text
    body = approved.json()
    assert body["status"] == "approved"
    assert body["approved_by_id"] == lead.user_id
    assert body["docx_sha256"] == sha256_hex(docx.content)
    assert body["pdf_sha256"] == sha256_hex(pdf.content)

    issued = _post(
        client,
        coordinator,
        f"/api/letters/{letter_id}/issue",
        json={"channel": "email", "issued_on": "2026-03-04"},
    )
    assert issued.status_code == 200, issued.text
    assert issued.json()["status"] == "issued"
    assert (issued.json()["issued_on"], issued.json()["channel"]) == ("2026-03-04", "email")

    again = _post(client, coordinator, f"/api/letters/{letter_id}/issue", json={"channel": "mail"})
    assert again.status_code == 409

    assert _actions(state, letter_id) == [
        "letter.drafted",
        "letter.submitted",
        "letter.rendered",
        "letter.approved",
        "letter.issued",
    ]
    with state.sessions() as session:
        assert verify_chain(session) is None
        events = session.execute(
            select(AuditEvent).where(AuditEvent.object_id == str(letter_id))
        ).scalars()
        for event in events:
            # ids, codes and hashes only: no name or address from the context
            assert "Tremblay" not in str(event.details)


def test_return_with_comment_then_edit_and_resubmit(
    client: TestClient, actors: dict[str, Any], case_id: int, state: AppState
) -> None:
    coordinator, lead = actors["coordinator"], actors["team_lead"]
    letter_id = _draft(client, coordinator, case_id)["id"]
    assert _post(client, coordinator, f"/api/letters/{letter_id}/submit").status_code == 200
    empty = _post(client, lead, f"/api/letters/{letter_id}/return", json={"comment": " "})
    assert empty.status_code == 422
    returned = _post(
        client, lead, f"/api/letters/{letter_id}/return", json={"comment": "Cite s. 158 & <b>"}
    )
    assert returned.status_code == 200, returned.text
    assert returned.json()["status"] == "returned"
    assert returned.json()["comments"][0]["text"] == "Cite s. 158 & <b>"

    # A returned letter cannot be approved; editing makes it a draft again.
    assert _post(client, lead, f"/api/letters/{letter_id}/approve").status_code == 409
    edited = client.put(
        f"/api/letters/{letter_id}",
        json={"context": _context(section="s. 158(1)")},
        headers=coordinator.headers,
    )
    assert edited.status_code == 200, edited.text
    assert edited.json()["status"] == "draft"
    assert edited.json()["context"]["section"] == "s. 158(1)"
    assert _post(client, coordinator, f"/api/letters/{letter_id}/submit").status_code == 200
    assert _actions(state, letter_id) == [
        "letter.drafted",
        "letter.submitted",
        "letter.returned",
        "letter.edited",
        "letter.submitted",
    ]


def test_author_cannot_approve_their_own_letter(
    client: TestClient, actors: dict[str, Any], case_id: int, res: Resources
) -> None:
    lead = actors["team_lead"]
    letter_id = _draft(client, lead, case_id)["id"]
    assert _post(client, lead, f"/api/letters/{letter_id}/submit").status_code == 200
    render_letter_pdf(res, letter_id)
    for verb, kwargs in (("approve", {}), ("return", {"json": {"comment": "fine"}})):
        response = _post(client, lead, f"/api/letters/{letter_id}/{verb}", **kwargs)
        assert response.status_code == 403
        error = response.json()["error"]
        assert error["reason"] == "own_letter"
        assert "another team lead" in error["message"]


def _second_team_lead(state: AppState) -> dict[str, str]:
    with transaction(state.sessions) as session:
        user = User(
            username="second_lead", display_name="Second Lead", password_hash="x",
            roles=["team_lead"],
        )  # fmt: skip
        session.add(user)
        session.flush()
        return {"Authorization": f"Bearer {create_token(session, user, 'test').secret}"}


def test_anyone_who_edited_any_version_cannot_approve(
    client: TestClient, actors: dict[str, Any], case_id: int, state: AppState, res: Resources
) -> None:
    coordinator, lead = actors["coordinator"], actors["team_lead"]
    letter_id = _draft(client, coordinator, case_id)["id"]
    for editor, section in ((lead, "s. 158(1)"), (coordinator, "s. 158(2)")):
        edited = client.put(
            f"/api/letters/{letter_id}",
            json={"context": _context(section=section)},
            headers=editor.headers,
        )
        assert edited.status_code == 200, edited.text
    # The letter row only remembers the last editor: the team lead is no longer on it.
    assert edited.json()["edited_by_id"] == coordinator.user_id
    assert _post(client, coordinator, f"/api/letters/{letter_id}/submit").status_code == 200
    render_letter_pdf(res, letter_id)

    versions = client.get(f"/api/letters/{letter_id}/versions", headers=lead.headers).json()
    assert [(v["number"], v["action"], v["editor_id"]) for v in versions] == [
        (1, "drafted", coordinator.user_id),
        (2, "edited", lead.user_id),
        (3, "edited", coordinator.user_id),
    ]
    assert len({v["context_sha256"] for v in versions}) == 3
    assert versions[-1]["docx_sha256"] == edited.json()["docx_sha256"]

    for verb, kwargs in (("approve", {}), ("return", {"json": {"comment": "fine"}})):
        refused = _post(client, lead, f"/api/letters/{letter_id}/{verb}", **kwargs)
        assert refused.status_code == 403, refused.text
        assert refused.json()["error"]["reason"] == "own_letter"
        assert "edited a version of this letter" in refused.json()["error"]["message"]
    assert client.get(f"/api/letters/{letter_id}", headers=lead.headers).json()["status"] == (
        "submitted"
    )

    # The letter page shows the history, and offers the editor no approval.
    page = client.get(f"/letters/{letter_id}", headers=lead.headers)
    assert page.status_code == 200
    assert 'id="letter-versions"' in page.text
    assert page.text.count("<td>edited</td>") == 2
    assert "Test team_lead" in page.text
    assert 'id="approve-letter"' not in page.text
    queue = client.get("/letters", headers=lead.headers).text.split('id="approval-queue"')[1]
    assert "Nothing to approve." in queue.split("</table>")[0]

    other = _second_team_lead(state)
    approved = client.post(f"/api/letters/{letter_id}/approve", headers=other)
    assert approved.status_code == 200, approved.text
    with state.sessions() as session:
        event = (
            session.execute(
                select(AuditEvent)
                .where(AuditEvent.action == "letter.edited")
                .order_by(AuditEvent.seq)
            )
            .scalars()
            .all()[-1]
        )
        assert event.details["version"] == 3
        assert event.details["context_sha256"] == versions[-1]["context_sha256"]


def test_coordinator_cannot_approve(
    client: TestClient, actors: dict[str, Any], case_id: int, res: Resources
) -> None:
    coordinator = actors["coordinator"]
    letter_id = _draft(client, coordinator, case_id)["id"]
    assert _post(client, coordinator, f"/api/letters/{letter_id}/submit").status_code == 200
    render_letter_pdf(res, letter_id)
    response = _post(client, coordinator, f"/api/letters/{letter_id}/approve")
    assert response.status_code == 403
    assert "team_lead" in response.json()["error"]["message"]
    foi = _post(client, actors["foi_officer"], f"/api/letters/{letter_id}/approve")
    assert foi.status_code == 403


def test_approved_letter_is_frozen(
    client: TestClient, actors: dict[str, Any], case_id: int, state: AppState, res: Resources
) -> None:
    coordinator, lead = actors["coordinator"], actors["team_lead"]
    letter_id = _draft(client, coordinator, case_id)["id"]
    _post(client, coordinator, f"/api/letters/{letter_id}/submit")
    render_letter_pdf(res, letter_id)
    approved = _post(client, lead, f"/api/letters/{letter_id}/approve").json()
    edit = client.put(
        f"/api/letters/{letter_id}",
        json={"context": _context(complainant="Someone Else")},
        headers=coordinator.headers,
    )
    assert edit.status_code == 409
    assert "frozen" in edit.json()["error"]["message"]
    for verb in ("submit", "approve"):
        assert _post(client, lead, f"/api/letters/{letter_id}/{verb}").status_code == 409
    after = client.get(f"/api/letters/{letter_id}", headers=coordinator.headers).json()
    assert after["docx_sha256"] == approved["docx_sha256"]
    assert after["pdf_sha256"] == approved["pdf_sha256"]
    assert after["context"]["complainant"] == "Amélie Tremblay-O'Connor"
    with state.sessions() as session:
        event = session.execute(
            select(AuditEvent).where(AuditEvent.action == "letter.approved")
        ).scalar_one()
        assert event.details["docx_sha256"] == approved["docx_sha256"]
        assert event.details["pdf_sha256"] == approved["pdf_sha256"]
        assert event.details["template_sha256"] == approved["template_sha256"]


def test_incomplete_context_names_what_is_missing(
    client: TestClient, actors: dict[str, Any], case_id: int, state: AppState
) -> None:
    context = _context()
    del context["complainant"]
    context["recipient"] = {"name": "", "address_lines": ["1 Main St"]}
    response = client.post(
        f"/api/cases/{case_id}/letters",
        json={"kind": KIND, "variant": VARIANT, "lang": LANG, "context": context},
        headers=actors["coordinator"].headers,
    )
    assert response.status_code == 422
    assert set(response.json()["error"]["missing"]) == {"complainant", "recipient.name"}
    with state.sessions() as session:
        assert session.execute(select(Letter)).first() is None


def test_prefill_comes_from_the_case(
    client: TestClient, actors: dict[str, Any], case_id: int, state: AppState
) -> None:
    from core.models import Case

    with state.sessions() as session, session.begin():
        case = session.get(Case, case_id)
        assert case is not None
        case.facts = {
            "allegations": [{"category": "discourtesy", "evidence": "He swore at me."}],
            "dates": [{"text": "June 14", "iso": "2025-06-14", "role": "incident"}],
            "parties": [
                {"role": "complainant", "name": "Jo Doe"},
                {"role": "officer", "name": "J. Kowalski", "rank": "Constable", "badge": "1"},
            ],
            "police_service": "Toronto Police Service",
        }
    response = client.get(
        f"/api/cases/{case_id}/letter-context",
        params={"kind": KIND, "variant": VARIANT, "lang": LANG},
        headers=actors["coordinator"].headers,
    )
    assert response.status_code == 200, response.text
    context = response.json()["context"]
    assert context["reference"].startswith("CASE-")
    assert context["jurisdiction"] == "CA-ON"
    assert context["complainant"] == "Jo Doe"
    assert context["recipient"] == {"name": "Jo Doe"}
    assert context["incident_date"] == "2025-06-14"
    assert context["police_service"] == "Toronto Police Service"
    assert context["allegations"] == [{"category": "discourtesy", "summary": "He swore at me."}]
    assert context["officers"][0]["badge"] == "1"


def _docx_with(*paragraphs: str) -> bytes:
    document = Document()
    for text in paragraphs:
        document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _upload(client: TestClient, admin: Any, data: bytes, note: str = "Clearer wording") -> Any:
    return client.post(
        f"/api/templates/{KIND}/{VARIANT}/{LANG}/versions",
        files={"file": ("v.docx", data, "application/octet-stream")},
        data={"change_note": note},
        headers=admin.headers,
    )


def test_version_pinning(
    client: TestClient, actors: dict[str, Any], case_id: int, state: AppState
) -> None:
    coordinator, admin = actors["coordinator"], actors["admin"]
    old = _draft(client, coordinator, case_id)
    old_docx = client.get(f"/api/letters/{old['id']}/docx", headers=coordinator.headers).content

    uploaded = _upload(client, admin, _docx_with("New wording for {{ complainant }}."))
    assert uploaded.status_code == 201, uploaded.text
    v2 = uploaded.json()
    assert (v2["version"], v2["active"], v2["change_note"]) == (2, False, "Clearer wording")
    assert v2["author_id"] == admin.user_id
    assert (state.settings.templates_dir / KIND / VARIANT / LANG / "v2.docx").is_file()
    # Uploaded is not active: new letters still use v1.
    assert _draft(client, coordinator, case_id)["template_version"] == 1

    activated = _post(client, admin, f"/api/templates/versions/{v2['id']}/activate")
    assert activated.status_code == 200 and activated.json()["active"] is True
    versions = client.get(
        "/api/templates",
        params={"kind": KIND, "variant": VARIANT, "lang": LANG},
        headers=admin.headers,
    ).json()
    assert [(v["version"], v["active"]) for v in versions] == [(1, False), (2, True)]

    new = _draft(client, coordinator, case_id)
    assert new["template_version"] == 2
    assert "New wording for" in letter_text(
        client.get(f"/api/letters/{new['id']}/docx", headers=coordinator.headers).content
    )
    # The letter made on v1 is unchanged and still reproduces byte for byte.
    again = client.get(f"/api/letters/{old['id']}", headers=coordinator.headers).json()
    assert again["template_version"] == 1
    assert again["template_sha256"] == old["template_sha256"]
    with state.sessions() as session:
        letter = letters.get_letter(session, old["id"])
        reproduced = letters.reproduce_letter(session, state, letter)
    assert reproduced.docx == old_docx
    assert reproduced.docx_sha256 == old["docx_sha256"]

    with state.sessions() as session:
        actions = [
            e.action
            for e in session.execute(
                select(AuditEvent).where(AuditEvent.object_type == "template_version")
            ).scalars()
        ]
    assert actions == ["template.published", "template.activated"]


@pytest.mark.parametrize(
    ("paragraphs", "expected"),
    [
        pytest.param(
            ("Dear {{ complainant }}, your badge {{ badge_number }}.",),
            "badge_number",
            id="unknown-variable",
        ),
        pytest.param(("Dear {{ complainant }",), "broken tag", id="broken-tag"),
        pytest.param(("{{ complainant.__class__ }}",), "internal attribute", id="internals"),
    ],
)
def test_template_upload_is_refused_with_problems(
    client: TestClient,
    actors: dict[str, Any],
    state: AppState,
    paragraphs: tuple[str, ...],
    expected: str,
) -> None:
    response = _upload(client, actors["admin"], _docx_with(*paragraphs))
    assert response.status_code == 422, response.text
    error = response.json()["error"]
    assert error["code"] == "template_rejected"
    assert any(expected in problem for problem in error["problems"])
    assert not (state.settings.templates_dir / KIND / VARIANT / LANG / "v2.docx").exists()
    assert _upload(client, actors["coordinator"], _docx_with("x")).status_code == 403


def test_template_versions_are_seeded_once(client: TestClient, actors: dict[str, Any]) -> None:
    first = client.get("/api/templates", headers=actors["admin"].headers).json()
    second = client.get("/api/templates", headers=actors["admin"].headers).json()
    assert len(first) == len(second) == 28
    assert all(v["active"] and v["version"] == 1 for v in first)
    assert first[0]["author_name"] == "Casedesk correspondence team"
