"""FOI requests through the API: due dates, review decisions and their audit, bulk and term
redaction, dispositions and duplicates, packages (built by the worker code in-process),
release locking and the consult copy. Runs on SQLite and, when configured, PostgreSQL."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

import pypdfium2 as pdfium
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from api.state import AppState
from core.models import AuditEvent, Finding, Redaction, ReviewDecision
from redaction.verify import verify_output
from tests.api.disclosure_support import (
    CODE,
    PEOPLE,
    finish_review,
    make_case,
    make_pdf,
    offset_pdf,
    page_lines,
    run_job_inline,
    seed_document,
    value_boxes,
)

pytestmark = [pytest.mark.db]

Actors = dict[str, Any]


def _officer(actors: Actors) -> dict[str, str]:
    headers: dict[str, str] = actors["foi_officer"].headers
    return headers


def _new_request(client: TestClient, actors: Actors, document_ids: list[int]) -> dict[str, Any]:
    response = client.post(
        "/api/requests",
        json={"received_on": "2026-03-02", "requester_type": "media", "jurisdiction": "CA-ON"},
        headers=_officer(actors),
    )
    assert response.status_code == 201, response.text
    request: dict[str, Any] = response.json()
    if document_ids:
        response = client.put(
            f"/api/requests/{request['id']}/documents",
            json={"document_ids": document_ids},
            headers=_officer(actors),
        )
        assert response.status_code == 200, response.text
        request = response.json()
    return request


def _audit(state: AppState, action: str) -> list[AuditEvent]:
    with state.sessions() as session:
        return list(
            session.execute(
                select(AuditEvent).where(AuditEvent.action == action).order_by(AuditEvent.seq)
            ).scalars()
        )


def _two_documents(state: AppState) -> tuple[int, int]:
    first = seed_document(
        state,
        make_case(state, "First case"),
        make_pdf([page_lines(1), page_lines(2), page_lines(3)]),
    )
    second = seed_document(
        state,
        make_case(state, "Second case"),
        make_pdf([page_lines(1, doc=2), page_lines(2, doc=2)]),
    )
    return first, second


def _texts(pdf: bytes) -> list[str]:
    doc = pdfium.PdfDocument(pdf)
    try:
        return [doc[i].get_textpage().get_text_range() for i in range(len(doc))]
    finally:
        doc.close()


def test_request_number_and_due_date_with_extension_and_hold(
    client: TestClient, actors: Actors, state: AppState
) -> None:
    request = _new_request(client, actors, [])
    assert request["number"] == f"REQ-2026-{request['id']:04d}"
    # Ontario: 30 calendar days from receipt on Monday 2 March 2026 (FIPPA s. 26).
    assert request["due_on"] == "2026-04-01"
    assert request["status"] == "open"
    url = f"/api/requests/{request['id']}/time-changes"
    extended = client.post(
        url,
        json={"kind": "extension", "days": 30, "reason": "third-party consultation"},
        headers=_officer(actors),
    ).json()
    assert extended["due_on"] == "2026-05-01"  # 30 + 30 days
    held = client.post(
        url,
        json={"kind": "on_hold", "days": 12, "reason": "fee estimate unpaid"},
        headers=_officer(actors),
    ).json()
    assert held["due_on"] == "2026-05-13"  # and 12 days on hold
    assert [(c["kind"], c["days"]) for c in held["time_changes"]] == [
        ("extension", 30),
        ("on_hold", 12),
    ]
    assert len(_audit(state, "request.time_changed")) == 2
    bad = client.post(
        url, json={"kind": "extension", "days": 0, "reason": "x"}, headers=_officer(actors)
    )
    assert bad.status_code == 422


def test_uk_request_counts_working_days(client: TestClient, actors: Actors) -> None:
    response = client.post(
        "/api/requests",
        json={"received_on": "2026-03-02", "requester_type": "counsel", "jurisdiction": "UK-ENG"},
        headers=_officer(actors),
    )
    # 20 working days from Monday 2 March 2026: four whole weeks, no bank holiday in March.
    assert response.json()["due_on"] == "2026-03-30"


def test_documents_from_two_cases_in_order(
    client: TestClient, actors: Actors, state: AppState
) -> None:
    first, second = _two_documents(state)
    request = _new_request(client, actors, [second, first])
    assert [d["id"] for d in request["documents"]] == [second, first]
    review = client.get(f"/api/requests/{request['id']}/review", headers=_officer(actors)).json()
    assert [d["id"] for d in review["documents"]] == [second, first]
    assert review["progress"]["pages"] == 5
    assert review["progress"]["boxes"] == 5 * 3
    assert set(review["entity_types"]) == {"PERSON", "PHONE_NUMBER"}


def test_review_decisions_are_audited(client: TestClient, actors: Actors, state: AppState) -> None:
    first, _ = _two_documents(state)
    request = _new_request(client, actors, [first])
    base = f"/api/requests/{request['id']}"
    boxes = client.get(f"{base}/review", headers=_officer(actors)).json()["boxes"]
    a, r, c = boxes[0]["id"], boxes[1]["id"], boxes[2]["id"]
    detail = client.get(f"{base}/redactions/{a}", headers=_officer(actors)).json()
    assert detail["recognizer"] and detail["score"] == pytest.approx(0.85)
    assert "interviewed" in detail["context"]
    ok = client.post(
        f"{base}/redactions/{a}/decision", json={"decision": "accept"}, headers=_officer(actors)
    )
    assert ok.json()["box"]["status"] == "accepted"
    assert ok.json()["progress"]["boxes_reviewed"] == 1
    client.post(
        f"{base}/redactions/{r}/decision", json={"decision": "reject"}, headers=_officer(actors)
    )
    recoded = client.post(
        f"{base}/redactions/{c}/decision",
        json={"decision": "recode", "exemption_code": "FIPPA s.21(3)(b)"},
        headers=_officer(actors),
    ).json()
    assert recoded["box"]["exemption_code"] == "FIPPA s.21(3)(b)"
    assert [e.object_id for e in _audit(state, "redaction.accepted")] == [str(a)]
    assert [e.object_id for e in _audit(state, "redaction.rejected")] == [str(r)]
    event = _audit(state, "redaction.recoded")[0]
    assert event.details["to_code"] == "FIPPA_s.21(3)(b)"
    status = client.get(base, headers=_officer(actors)).json()["status"]
    assert status == "in_review"


def test_reset_undoes_a_decision_and_the_box_blocks_the_build_again(
    client: TestClient, actors: Actors, state: AppState
) -> None:
    first, _ = _two_documents(state)
    request = _new_request(client, actors, [first])
    base = f"/api/requests/{request['id']}"
    boxes = client.get(f"{base}/review", headers=_officer(actors)).json()["boxes"]
    one, two = boxes[0]["id"], boxes[1]["id"]
    code = boxes[0]["exemption_code"]
    client.post(
        f"{base}/redactions/{one}/decision",
        json={"decision": "recode", "exemption_code": "FIPPA s.14(1)"},
        headers=_officer(actors),
    )
    undone = client.post(
        f"{base}/redactions/{one}/decision", json={"decision": "reset"}, headers=_officer(actors)
    ).json()
    assert undone["box"]["status"] == "proposed"
    assert undone["box"]["exemption_code"] == code  # detection's code again
    assert undone["progress"]["boxes_reviewed"] == 0
    event = _audit(state, "redaction.reset")[0]
    assert event.object_id == str(one)
    assert event.details["previous_status"] == "accepted"
    # A selection too (the undo of a bulk action); a box never decided stays as it was.
    client.post(
        f"{base}/decisions",
        json={"redaction_ids": [one, two], "decision": "reject"},
        headers=_officer(actors),
    )
    many = client.post(
        f"{base}/decisions",
        json={"redaction_ids": [one, two, boxes[2]["id"]], "decision": "reset"},
        headers=_officer(actors),
    ).json()
    assert {b["status"] for b in many["boxes"]} == {"proposed"}
    assert len(_audit(state, "redaction.reset")) == 3  # the undecided box left no event


def test_bulk_accept_one_type_across_the_request(
    client: TestClient, actors: Actors, state: AppState
) -> None:
    first, second = _two_documents(state)
    request = _new_request(client, actors, [first, second])
    base = f"/api/requests/{request['id']}"
    result = client.post(
        f"{base}/bulk-accept", json={"entity_type": "PERSON"}, headers=_officer(actors)
    ).json()
    assert result["accepted"] == 10  # two people on each of five pages
    boxes = client.get(f"{base}/review", headers=_officer(actors)).json()["boxes"]
    assert {b["status"] for b in boxes if b["entity_type"] == "PERSON"} == {"accepted"}
    assert {b["status"] for b in boxes if b["entity_type"] == "PHONE_NUMBER"} == {"proposed"}
    event = _audit(state, "redaction.accepted")[-1]
    assert event.details["count"] == 10 and event.details["entity_type"] == "PERSON"


def test_accept_one_person_everywhere_in_the_request(
    client: TestClient, actors: Actors, state: AppState
) -> None:
    first, second = _two_documents(state)
    request = _new_request(client, actors, [first, second])
    base = f"/api/requests/{request['id']}"
    boxes = client.get(f"{base}/review", headers=_officer(actors)).json()["boxes"]
    with state.sessions() as session:
        value_of = {
            r.id: session.get(Finding, r.finding_id).text_hmac  # type: ignore[union-attr]
            for r in session.execute(select(Redaction)).scalars()
        }
    example = next(b for b in boxes if b["entity_type"] == "PERSON")
    same = [b["id"] for b in boxes if value_of[b["id"]] == value_of[example["id"]]]
    assert {b["document_id"] for b in boxes if b["id"] in same} == {first, second}
    result = client.post(
        f"{base}/bulk-accept", json={"same_as": example["id"]}, headers=_officer(actors)
    ).json()
    assert result["accepted"] == len(same)
    after = client.get(f"{base}/review", headers=_officer(actors)).json()["boxes"]
    assert {b["status"] for b in after if b["id"] in same} == {"accepted"}
    assert {b["status"] for b in after if b["id"] not in same} == {"proposed"}
    refused = client.post(
        f"{base}/bulk-accept",
        json={"entity_type": "PERSON", "same_as": 1},
        headers=_officer(actors),
    )
    assert refused.status_code == 422


def test_term_search_boxes_every_occurrence_without_recording_the_term(
    client: TestClient, actors: Actors, state: AppState
) -> None:
    first, second = _two_documents(state)
    request = _new_request(client, actors, [first, second])
    base = f"/api/requests/{request['id']}"
    result = client.post(
        f"{base}/terms",
        json={"term": "residence", "exemption_code": CODE},
        headers=_officer(actors),
    ).json()
    assert result["added"] == 5
    again = client.post(
        f"{base}/terms",
        json={"term": "RESIDENCE", "exemption_code": CODE},
        headers=_officer(actors),
    ).json()
    assert again["added"] == 0  # the same boxes are not added twice
    with state.sessions() as session:
        manual = session.execute(
            select(Redaction.request_id, ReviewDecision.status)
            .join(ReviewDecision, ReviewDecision.redaction_id == Redaction.id)
            .where(Redaction.source == "manual")
        ).all()
    # The request's own boxes, accepted in it.
    assert len(manual) == 5 and set(manual) == {(request["id"], "accepted")}
    events = _audit(state, "redaction.added")
    assert "residence" not in json.dumps([e.details for e in events]).casefold()


def test_term_search_previews_every_hit_with_context_and_applies_only_the_ticked(
    client: TestClient, actors: Actors, state: AppState
) -> None:
    """Issue 16: search-and-redact lists every hit with the words around it before anything
    is boxed; the officer applies the ones meant, and a preview changes nothing."""
    first, second = _two_documents(state)
    request = _new_request(client, actors, [first, second])
    base = f"/api/requests/{request['id']}"
    preview = client.post(
        f"{base}/terms/preview", json={"term": "residence"}, headers=_officer(actors)
    ).json()
    assert preview["count"] == preview["new"] == 5
    hits = preview["hits"]
    assert {h["document_id"] for h in hits} == {first, second}
    for hit in hits:
        assert hit["found"].casefold() == "residence"
        assert hit["before"].endswith("the") and hit["after"].startswith("after a call")
        assert hit["filename"] == "statement.pdf" and not hit["boxed"]
    with state.sessions() as session:
        assert not session.execute(
            select(Redaction.id).where(Redaction.source == "manual")
        ).all()  # the preview boxed nothing

    chosen = [h["key"] for h in hits if h["document_id"] == first][:2]
    applied = client.post(
        f"{base}/terms",
        json={"term": "residence", "exemption_code": CODE, "hits": chosen},
        headers=_officer(actors),
    ).json()
    assert applied["added"] == 2
    after = client.post(
        f"{base}/terms/preview", json={"term": "residence"}, headers=_officer(actors)
    ).json()
    assert {h["key"] for h in after["hits"] if h["boxed"]} == set(chosen)
    assert after["new"] == 3

    stale = client.post(
        f"{base}/terms",
        json={"term": "residence", "exemption_code": CODE, "hits": [f"{first}:99:1"]},
        headers=_officer(actors),
    )
    assert stale.status_code == 422
    assert "search again" in stale.json()["error"]["message"]


def test_add_and_remove_boxes(client: TestClient, actors: Actors, state: AppState) -> None:
    first, _ = _two_documents(state)
    request = _new_request(client, actors, [first])
    base = f"/api/requests/{request['id']}"
    added = client.post(
        f"{base}/redactions",
        json={"document_id": first, "page": 2, "rect": [72, 600, 200, 640], "exemption_code": CODE},
        headers=_officer(actors),
    )
    assert added.status_code == 201
    box = added.json()["box"]
    assert box["status"] == "accepted" and box["source"] == "manual"
    removed = client.delete(f"{base}/redactions/{box['id']}", headers=_officer(actors))
    assert removed.status_code == 200
    auto = client.get(f"{base}/review", headers=_officer(actors)).json()["boxes"][0]
    refused = client.delete(f"{base}/redactions/{auto['id']}", headers=_officer(actors))
    assert refused.status_code == 409
    assert len(_audit(state, "redaction.added")) == 1
    assert len(_audit(state, "redaction.removed")) == 1
    off_page = client.post(
        f"{base}/redactions",
        json={"document_id": first, "page": 9, "rect": [1, 1, 50, 50], "exemption_code": CODE},
        headers=_officer(actors),
    )
    assert off_page.status_code == 404


def test_page_dispositions(client: TestClient, actors: Actors, state: AppState) -> None:
    first, _ = _two_documents(state)
    request = _new_request(client, actors, [first])
    url = f"/api/requests/{request['id']}/documents/{first}/pages/2/disposition"
    response = client.put(url, json={"disposition": "withheld_in_full"}, headers=_officer(actors))
    assert response.status_code == 200
    assert response.json()["progress"]["pages_reviewed"] == 1
    assert (
        client.put(url, json={"disposition": "lost"}, headers=_officer(actors)).status_code == 422
    )
    assert response.json()["withheld_under"] == "s.21(1)"  # CA-ON's personal-privacy section
    event = _audit(state, "page.disposition_set")[0]
    assert event.details["disposition"] == "withheld_in_full" and event.details["page"] == 2
    assert event.details["exemption_code"] == "s.21(1)"
    bad = client.put(
        url,
        json={"disposition": "withheld_in_full", "exemption_code": "<script>"},
        headers=_officer(actors),
    )
    assert bad.status_code == 422


def test_duplicates_by_hash_and_by_near_identical_text(
    client: TestClient, actors: Actors, state: AppState
) -> None:
    case_id = make_case(state)
    original = page_lines(1)
    near = [*original[:-1], original[-1].replace("force", "forcefulness")]
    first = seed_document(state, case_id, make_pdf([original, page_lines(2)]))
    second = seed_document(state, case_id, make_pdf([page_lines(7), original, near]))
    request = _new_request(client, actors, [first, second])
    base = f"/api/requests/{request['id']}"
    found = client.get(f"{base}/duplicates", headers=_officer(actors)).json()
    by_page = {(d["document_id"], d["page"]): d for d in found}
    assert by_page[(second, 2)]["method"] == "content_hash"
    assert (by_page[(second, 2)]["of_document_id"], by_page[(second, 2)]["of_page"]) == (first, 1)
    assert by_page[(second, 3)]["method"] == "near_text"
    assert (second, 1) not in by_page
    marked = client.post(f"{base}/duplicates/mark", headers=_officer(actors)).json()
    assert marked["marked"] == 2
    review = client.get(f"{base}/review", headers=_officer(actors)).json()
    dispositions = [p["disposition"] for p in review["documents"][1]["pages"]]
    assert dispositions == [None, "duplicate", "duplicate"]


def _accept_all(client: TestClient, actors: Actors, base: str) -> None:
    """Accept every proposed box and release every page in part: a finished review."""
    finish_review(client, _officer(actors), base)


def _build(
    client: TestClient, actors: Actors, state: AppState, base: str, kind: str = "package"
) -> dict[str, Any]:
    started = client.post(f"{base}/jobs", json={"kind": kind}, headers=_officer(actors))
    assert started.status_code == 202, started.text
    job_id = started.json()["id"]
    run_job_inline(state, job_id)
    job: dict[str, Any] = client.get(f"{base}/jobs/{job_id}", headers=_officer(actors)).json()
    return job


def test_documents_carry_the_officers_title_into_the_package_index_and_log(
    client: TestClient, actors: Actors, state: AppState
) -> None:
    """Issue 16: documents titled in the index and log as the officer names them; without a
    title, case reference and document number (never the file name, which may name someone)."""
    first, second = _two_documents(state)
    request = _new_request(client, actors, [first, second])
    base = f"/api/requests/{request['id']}"
    titled = client.put(
        f"{base}/documents",
        json={"document_ids": [first, second], "titles": {str(first): "  Witness   statement "}},
        headers=_officer(actors),
    )
    assert titled.status_code == 200, titled.text
    titles = [d["title"] for d in titled.json()["documents"]]
    assert titles[0] == "Witness statement"
    assert titles[1].endswith(f"/ document {second}")
    # Saving the selection again without titles keeps them; a title for a document not
    # selected is refused.
    kept = client.put(
        f"{base}/documents", json={"document_ids": [second, first]}, headers=_officer(actors)
    ).json()
    assert [d["title"] for d in kept["documents"]] == [titles[1], "Witness statement"]
    stray = client.put(
        f"{base}/documents",
        json={"document_ids": [first], "titles": {str(second): "Other"}},
        headers=_officer(actors),
    )
    assert stray.status_code == 422
    event = _audit(state, "request.documents_set")[1]  # the first is the request's set-up
    assert event.details["titled"] == [first] and "Witness" not in json.dumps(event.details)
    _accept_all(client, actors, base)
    job = _build(client, actors, state, base)
    assert job["status"] == "done", job
    texts = _texts(client.get(f"{base}/jobs/{job['id']}/pdf", headers=_officer(actors)).content)
    assert "Witness statement" in texts[0]  # the index
    assert "Witness statement" in texts[-1]  # the redaction log
    assert "statement.pdf" not in "\n".join(texts)


def test_package_contents(client: TestClient, actors: Actors, state: AppState) -> None:
    first, second = _two_documents(state)
    request = _new_request(client, actors, [first, second])
    base = f"/api/requests/{request['id']}"
    _accept_all(client, actors, base)
    withheld = client.put(
        f"{base}/documents/{first}/pages/2/disposition",
        json={"disposition": "withheld_in_full", "exemption_code": "s.14(1)(a)"},
        headers=_officer(actors),
    )
    assert withheld.json()["withheld_under"] == "s.14(1)(a)"
    client.put(
        f"{base}/documents/{second}/pages/1/disposition",
        json={"disposition": "not_responsive"},
        headers=_officer(actors),
    )
    job = _build(client, actors, state, base)
    assert job["status"] == "done", job
    assert job["done"] == 2 and job["failed"] == 0
    assert job["request_status"] == "ready"
    pdf = client.get(f"{base}/jobs/{job['id']}/pdf", headers=_officer(actors)).content
    texts = _texts(pdf)
    # index (1) + page 1, the withheld page's placeholder, page 3 + page 2 of the second + log
    assert len(texts) == job["pages"] == 6
    number = request["number"]
    for i, text in enumerate(texts, start=1):
        assert f"{number} \u2014 page {i} of 6" in text
    assert "index" in texts[0] and "redaction log" in texts[-1]
    assert "Statement page 1 of document 1" in texts[1]
    # The withheld page is replaced in place by a placeholder naming the section.
    assert "Page withheld in full" in texts[2] and "Withheld under s.14(1)(a)" in texts[2]
    assert "page 2" in texts[2] and "Statement page" not in texts[2]
    assert "Statement page 3 of document 1" in texts[3]
    joined = "\n".join(texts)
    assert "Statement page 2 of document 1" not in joined  # withheld: only its placeholder
    assert "Statement page 1 of document 2" not in joined  # not responsive: dropped
    assert "Statement page 2 of document 2" in texts[4]
    report = verify_output(pdf, [(value, etype) for value, etype in PEOPLE.items()])
    assert report.passed, report.summary()
    rows = list(
        csv.DictReader(
            io.StringIO(client.get(f"{base}/jobs/{job['id']}/csv", headers=_officer(actors)).text)
        )
    )
    redacted = [r for r in rows if r["action"] == "redacted"]
    assert {r["package_page"] for r in redacted} == {"2", "4", "5"}
    assert all(r["exemption_code"] == CODE and r["count"] == "3" for r in redacted)
    left = {
        (r["package_page"], r["document_page"], r["action"], r["exemption_code"])
        for r in rows
        if r["action"] != "redacted"
    }
    # The not-responsive page is only listed, with the codes of the boxes it held.
    assert left == {("3", "2", "withheld_in_full", "s.14(1)(a)"), ("", "1", "not_responsive", CODE)}


def test_one_failing_document_does_not_stop_the_package(
    client: TestClient, actors: Actors, state: AppState
) -> None:
    first, second = _two_documents(state)
    broken = seed_document(state, make_case(state), make_pdf([page_lines(1)]))
    from core.db import transaction
    from core.models import Document

    with transaction(state.sessions) as session:
        document = session.get(Document, broken)
        assert document is not None
        document.pdf_sha256 = state.blobs.write_bytes(b"%PDF-1.4 this is not a PDF").sha256
    request = _new_request(client, actors, [first, broken, second])
    base = f"/api/requests/{request['id']}"
    _accept_all(client, actors, base)
    job = _build(client, actors, state, base)
    assert job["status"] == "done_with_errors"
    assert (job["done"], job["failed"]) == (2, 1)
    failed = [i for i in job["items"] if i["status"] == "failed"]
    assert [i["document_id"] for i in failed] == [broken]
    assert failed[0]["error_code"] == "corrupt_pdf"
    assert job["pages"] == 1 + 5 + 1


def test_release_locks_the_request(client: TestClient, actors: Actors, state: AppState) -> None:
    first, _ = _two_documents(state)
    request = _new_request(client, actors, [first])
    base = f"/api/requests/{request['id']}"
    early = client.post(f"{base}/release", headers=_officer(actors))
    assert early.status_code == 409  # nothing built yet
    _accept_all(client, actors, base)
    job = _build(client, actors, state, base)
    released = client.post(f"{base}/release", headers=_officer(actors))
    assert released.status_code == 200, released.text
    body = released.json()
    assert body["status"] == "released"
    assert body["package_sha256"] == job["package_sha256"]
    event = _audit(state, "request.released")[0]
    assert event.details["package_sha256"] == job["package_sha256"]
    box = client.get(f"{base}/review", headers=_officer(actors)).json()["boxes"][0]
    for method, url, payload in (
        ("POST", f"{base}/redactions/{box['id']}/decision", {"decision": "reject"}),
        ("POST", f"{base}/bulk-accept", {"entity_type": "PERSON"}),
        ("PUT", f"{base}/documents/{first}/pages/1/disposition", {"disposition": "duplicate"}),
        ("POST", f"{base}/time-changes", {"kind": "extension", "days": 5, "reason": "late"}),
        ("POST", f"{base}/jobs", {"kind": "package"}),
        ("POST", f"{base}/release", None),
    ):
        response = client.request(method, url, json=payload, headers=_officer(actors))
        assert response.status_code == 409, (url, response.text)


def test_a_change_during_the_job_keeps_the_request_in_review(
    client: TestClient, actors: Actors, state: AppState
) -> None:
    first, _ = _two_documents(state)
    request = _new_request(client, actors, [first])
    base = f"/api/requests/{request['id']}"
    _accept_all(client, actors, base)
    started = client.post(f"{base}/jobs", json={"kind": "package"}, headers=_officer(actors))
    client.put(
        f"{base}/documents/{first}/pages/3/disposition",
        json={"disposition": "withheld_in_full"},
        headers=_officer(actors),
    )
    run_job_inline(state, started.json()["id"])
    assert client.get(base, headers=_officer(actors)).json()["status"] == "in_review"
    assert client.post(f"{base}/release", headers=_officer(actors)).status_code == 409


def test_consult_copy_is_watermarked_and_keeps_the_text(
    client: TestClient, actors: Actors, state: AppState
) -> None:
    first, _ = _two_documents(state)
    request = _new_request(client, actors, [first])
    base = f"/api/requests/{request['id']}"
    job = _build(client, actors, state, base, kind="consult")
    assert job["status"] == "done"
    pdf = client.get(f"{base}/jobs/{job['id']}/pdf", headers=_officer(actors)).content
    texts = _texts(pdf)
    assert all("NOT FOR RELEASE" in text for text in texts)
    assert "Marguerite Okonkwo" in "\n".join(texts)  # text visible, boxes only outlined
    assert client.get(base, headers=_officer(actors)).json()["status"] == "in_review"


def test_page_image_is_rendered_and_cached(
    client: TestClient, actors: Actors, state: AppState
) -> None:
    first, _ = _two_documents(state)
    request = _new_request(client, actors, [first])
    url = f"/api/requests/{request['id']}/documents/{first}/pages/1/image"
    response = client.get(url, headers=_officer(actors))
    assert response.status_code == 200
    assert response.content.startswith(b"\x89PNG")
    cached = list((state.settings.data_dir / "cache" / "pages").rglob("*.png"))
    assert len(cached) == 1
    assert client.get(url, headers=_officer(actors)).content == response.content
    missing = client.get(url.replace("/pages/1/", "/pages/9/"), headers=_officer(actors))
    assert missing.status_code == 422


def test_page_words_let_the_officer_box_words_by_selecting_them(
    client: TestClient, actors: Actors, state: AppState
) -> None:
    first, second = _two_documents(state)
    request = _new_request(client, actors, [first, second])
    base = f"/api/requests/{request['id']}"
    words = client.get(f"{base}/documents/{first}/pages/1/words", headers=_officer(actors)).json()
    by_text = {w["text"]: w["rect"] for w in words["words"]}
    assert {"Witness", "interviewed", "Officer"} <= set(by_text)
    x0, y0, x1, y1 = by_text["interviewed"]
    assert 0 < x0 < x1 and 0 < y0 < y1
    added = client.post(
        f"{base}/redactions",
        json={
            "document_id": first,
            "page": 1,
            "rect": by_text["interviewed"],
            "exemption_code": "s.21(1)",
        },
        headers=_officer(actors),
    )
    assert added.status_code < 300
    missing = client.get(f"{base}/documents/{first}/pages/99/words", headers=_officer(actors))
    assert missing.status_code == 422


def test_requester_policy_leaves_the_requesters_own_information_in(
    client: TestClient, actors: Actors, state: AppState
) -> None:
    document_id = seed_document(state, make_case(state), make_pdf([page_lines(1), page_lines(2)]))
    requester = {"names": ["Marguerite Okonkwo"], "identifiers": ["(416) 555-0199"]}
    created = client.post(
        "/api/requests",
        json={
            "received_on": "2026-03-02",
            "requester_type": "complainant",
            "policy": "requester",
            "requester": {
                "names": ["  Marguerite   Okonkwo ", ""],
                "identifiers": ["(416) 555-0199"],
            },
        },
        headers=_officer(actors),
    )
    assert created.status_code == 201, created.text
    request = created.json()
    assert request["requester"] == requester  # whitespace collapsed, blanks dropped
    base = f"/api/requests/{request['id']}"
    client.put(f"{base}/documents", json={"document_ids": [document_id]}, headers=_officer(actors))
    # The same document under the public policy: nothing is left in.
    public = _new_request(client, actors, [document_id])
    public_review = client.get(f"/api/requests/{public['id']}/review", headers=_officer(actors))
    assert {b["status"] for b in public_review.json()["boxes"]} == {"proposed"}

    review = client.get(f"{base}/review", headers=_officer(actors)).json()
    kept = {b["id"] for b in review["boxes"] if b["status"] == "kept"}
    own = value_boxes(state, "Marguerite Okonkwo") | value_boxes(state, "416-555-0199")
    officer = value_boxes(state, "Theodore Vasquez")
    assert own and kept == own
    assert all(b["kept_for"] == "requester" for b in review["boxes"] if b["id"] in kept)
    assert {b["status"] for b in review["boxes"] if b["id"] in officer} == {"proposed"}

    # Accepting every name and number leaves the requester's own in: the package shows them.
    _accept_all(client, actors, base)
    boxes = client.get(f"{base}/review", headers=_officer(actors)).json()["boxes"]
    statuses = {b["id"]: b["status"] for b in boxes}
    assert {statuses[i] for i in own} == {"kept"}
    assert {statuses[i] for i in officer} == {"accepted"}
    job = _build(client, actors, state, base)
    assert job["status"] == "done", job
    joined = "\n".join(
        _texts(client.get(f"{base}/jobs/{job['id']}/pdf", headers=_officer(actors)).content)
    )
    assert "Marguerite Okonkwo" in joined and "416-555-0199" in joined
    assert "Vasquez" not in joined
    # A consult copy outlines what will be withheld: not the requester's own information.
    consult = _build(client, actors, state, base, kind="consult")
    assert consult["items"][0]["boxes"] == len(officer)

    # A new requester: the request is in review again and the old name is no longer kept.
    changed = client.put(
        f"{base}/requester",
        json={"names": ["Theodore Vasquez"], "identifiers": []},
        headers=_officer(actors),
    )
    assert changed.status_code == 200, changed.text
    assert changed.json()["status"] == "in_review" and changed.json()["package_sha256"] is None
    review = client.get(f"{base}/review", headers=_officer(actors)).json()
    assert not any(b["status"] == "kept" for b in review["boxes"])  # Vasquez's are accepted

    # The audit log records that the requester changed, never who they are.
    created_event = _audit(state, "request.created")[0]
    assert created_event.details["requester_names"] == 1
    assert created_event.details["requester_identifiers"] == 1
    set_event = _audit(state, "request.requester_set")[-1]
    assert set_event.details["changed"] is True and set_event.details["names"] == 1
    with state.sessions() as session:
        details = json.dumps([e.details for e in session.execute(select(AuditEvent)).scalars()])
    assert "Okonkwo" not in details and "Vasquez" not in details and "555-0199" not in details


def test_boxes_on_a_page_whose_media_box_does_not_start_at_zero(
    client: TestClient, actors: Actors, state: AppState
) -> None:
    """A MediaBox of [50 50 662 842]: the review data says where the page starts, a box is
    kept within the page's real bounds, and a box over a word removes that word."""
    pdf = offset_pdf([page_lines(1), page_lines(2)])
    document = seed_document(state, make_case(state), pdf)
    request = _new_request(client, actors, [document])
    base = f"/api/requests/{request['id']}"
    review = client.get(f"{base}/review", headers=_officer(actors)).json()
    page = review["documents"][0]["pages"][0]
    assert (page["origin"], page["width"], page["height"]) == ([50, 50], 612, 792)
    words = client.get(f"{base}/documents/{document}/pages/1/words", headers=_officer(actors))
    # Unique to this page (the release gate fails a package that shows a boxed word anywhere).
    rect = next(w["rect"] for w in words.json()["words"] if w["text"] == "1-1:")
    # Near the page's right and top edges (past 612 x 792, inside 662 x 842): kept as drawn.
    edge = client.post(
        f"{base}/redactions",
        json={"document_id": document, "page": 1, "rect": [600, 800, 660, 840],
              "exemption_code": CODE},
        headers=_officer(actors),
    )  # fmt: skip
    assert edge.status_code == 201, edge.text
    assert edge.json()["box"]["rect"] == [600, 800, 660, 840]
    below = client.post(
        f"{base}/redactions",
        json={"document_id": document, "page": 1, "rect": [0, 0, 49, 49], "exemption_code": CODE},
        headers=_officer(actors),
    )
    assert below.status_code == 422  # off the page: left of and below its corner
    word = client.post(
        f"{base}/redactions",
        json={"document_id": document, "page": 1, "rect": rect, "exemption_code": CODE},
        headers=_officer(actors),
    )
    assert word.status_code == 201, word.text
    _accept_all(client, actors, base)
    job = _build(client, actors, state, base)
    assert job["status"] == "done", job
    texts = _texts(client.get(f"{base}/jobs/{job['id']}/pdf", headers=_officer(actors)).content)
    assert "1-1:" not in texts[1] and "1-2:" in texts[2]
    assert "Paragraph The officers" in " ".join(texts[1].split())  # only that word went


def test_a_request_names_its_case_and_scope(
    client: TestClient, actors: Actors, state: AppState
) -> None:
    """Issue 16: request set-up picks the case and records what was asked for."""
    case_id = make_case(state, "Traffic stop")
    body = {
        "received_on": "2026-03-02",
        "requester_type": "media",
        "jurisdiction": "CA-ON",
        "case_id": case_id,
        "scope": "All records of the stop on 3 February 2026, including the officers' notes.",
    }
    created = client.post("/api/requests", json=body, headers=_officer(actors))
    assert created.status_code == 201, created.text
    request = created.json()
    assert request["case_id"] == case_id
    assert request["scope"].startswith("All records of the stop")
    again = client.get(f"/api/requests/{request['id']}", headers=_officer(actors)).json()
    assert (again["case_id"], again["scope"]) == (case_id, request["scope"])

    missing = client.post(
        "/api/requests", json={**body, "case_id": 999_999}, headers=_officer(actors)
    )
    assert missing.status_code == 404
    assert "case 999999" in missing.json()["error"]["message"]
    too_long = client.post(
        "/api/requests", json={**body, "scope": "x" * 4001}, headers=_officer(actors)
    )
    assert too_long.status_code == 422
    bare = client.post(
        "/api/requests",
        json={"received_on": "2026-03-02", "requester_type": "media"},
        headers=_officer(actors),
    ).json()
    assert (bare["case_id"], bare["scope"]) == (None, "")
