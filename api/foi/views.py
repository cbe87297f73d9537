"""The JSON views of a request as its pages' scripts read them: the review page's data, a
box, previews of a bulk accept and a term search, the release check, a job and a request."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from api.foi.decisions import BulkMatch, get_box, progress, requester_box_ids
from api.foi.jobs import job_items, latest_job, review_gaps
from api.foi.marks import request_duplicates, term_occurrences
from api.foi.requests import (
    document_titles,
    ensure_editable,
    request_document_ids,
    request_documents,
    time_changes,
)
from api.state import AppState
from core import review
from core.models import DisclosureRequest, Document, Finding, Job, Page
from core.review import ReviewedBox
from core.vocab import LEFT_OUT, is_pending
from extraction.document import PAGE_SEPARATOR, Box
from redaction.pdf_text import read_context


def review_data(session: Session, request: DisclosureRequest) -> dict[str, Any]:
    """Everything the review page's script needs: documents, pages, boxes, progress."""
    documents = request_documents(session, request.id)
    ids = [d.id for d in documents]
    titles = document_titles(session, documents, request.id)
    pages = list(
        session.execute(
            select(Page).where(Page.document_id.in_(ids)).order_by(Page.document_id, Page.number)
        ).scalars()
    )
    duplicates = {
        dup.key: {"of": list(dup.of), "method": dup.method, "similarity": dup.similarity}
        for dup in request_duplicates(session, request.id, pages)
    }
    dispositions = review.page_dispositions(session, request.id, ids)
    withheld_codes = review.withheld_page_codes(session, request.id, ids)
    by_doc: dict[int, list[dict[str, Any]]] = {i: [] for i in ids}
    for page in pages:
        by_doc[page.document_id].append(
            {
                "number": page.number,
                "width": page.width,
                "height": page.height,
                # Boxes are in the PDF's user space: the page image starts at this corner.
                "origin": [page.origin_x, page.origin_y],
                "disposition": dispositions.get((page.document_id, page.number)),
                "withheld_under": withheld_codes.get((page.document_id, page.number)),
                "duplicate_of": duplicates.get((page.document_id, page.number)),
            }
        )
    boxes = review.request_boxes(session, request.id, ids)
    kept = requester_box_ids(session, request)
    return {
        "request": {
            "id": request.id,
            "number": request.number,
            "status": request.status,
            "policy": request.policy,
        },
        "documents": [
            {"id": d.id, "title": titles[d.id], "filename": d.filename, "pages": by_doc[d.id]}
            for d in documents
        ],
        "boxes": [box_json(b, kept_for_requester=b.id in kept) for b in boxes],
        "entity_types": sorted({b.entity_type for b in boxes if b.entity_type}),
        "progress": progress(session, request.id).as_dict(),
    }


def box_json(box: ReviewedBox, *, kept_for_requester: bool = False) -> dict[str, Any]:
    """A box as the review page sees it, with this request's decision. One the requester
    policy leaves in shows as ``kept`` (no decision is stored for it)."""
    return {
        "id": box.id,
        "document_id": box.document_id,
        "page": box.page,
        "rect": list(box.rect),
        "entity_type": box.entity_type,
        "exemption_code": box.exemption_code,
        "label": box.label,
        "status": "kept" if kept_for_requester else box.status,
        "kept_for": "requester" if kept_for_requester else None,
        "source": box.source,
        "has_value": box.finding_id is not None,
        "score": box.score,
        # Its detected value names a known person of the case: "this person, all forms".
        "person": box.person,
    }


def box_detail(
    session: Session, state: AppState, request: DisclosureRequest, redaction_id: int
) -> dict[str, Any]:
    """Why a box was proposed: entity type, recognizer, score and the words around it."""
    box = get_box(session, request, redaction_id)
    finding = session.get(Finding, box.finding_id) if box.finding_id else None
    document = session.get(Document, box.document_id)
    context = ""
    if document is not None and document.pdf_sha256:
        pdf = state.blobs.read_bytes(document.pdf_sha256)
        context = read_context(pdf, box.page, Box(*box.rect))
    return {
        **box_json(box),
        "recognizer": finding.recognizer if finding else None,
        "score": finding.score if finding else None,
        "explanation": (finding.value or {}).get("explanation") if finding else None,
        "context": context,
    }


LOW_SCORE = 0.7  # a bulk preview leaves unticked what detection was less sure of


def bulk_preview(session: Session, request: DisclosureRequest, match: BulkMatch) -> dict[str, Any]:
    """What a bulk accept would change, for the officer to check before it is applied: one
    row per value as the officer reads it on the page (any casing), with its boxes, pages and
    lowest detection score; rows under ``LOW_SCORE`` or without one come unticked. Shown to
    the officer only, never recorded."""
    boxes = review.request_boxes(session, request.id, request_document_ids(session, request.id),
                                 box_ids=match.box_ids)  # fmt: skip
    titles = document_titles(session, request_documents(session, request.id), request.id)
    texts: dict[int, str] = {}
    findings: dict[int, Finding] = {}
    wanted = {b.finding_id for b in boxes if b.finding_id is not None}
    if wanted:
        findings = {
            f.id: f
            for f in session.execute(select(Finding).where(Finding.id.in_(wanted))).scalars()
        }
    for document_id in {b.document_id for b in boxes}:
        texts[document_id] = PAGE_SEPARATOR.join(
            session.execute(
                select(Page.text).where(Page.document_id == document_id).order_by(Page.number)
            ).scalars()
        )
    rows: dict[str, dict[str, Any]] = {}
    for box in boxes:
        finding = findings.get(box.finding_id) if box.finding_id is not None else None
        value = ""
        if finding is not None and finding.start is not None and finding.end is not None:
            value = " ".join(texts[box.document_id][finding.start : finding.end].split())
        key = value.casefold() or f"box:{box.id}"
        row = rows.setdefault(
            key,
            {"value": value, "entity_type": box.entity_type, "box_ids": [], "pages": [],
             "score": None},
        )  # fmt: skip
        row["box_ids"].append(box.id)
        where = {"document_id": box.document_id, "title": titles.get(box.document_id, ""),
                 "page": box.page}  # fmt: skip
        if where not in row["pages"]:
            row["pages"].append(where)
        score = finding.score if finding is not None else None
        if score is not None and (row["score"] is None or score < row["score"]):
            row["score"] = score
    listed = sorted(rows.values(), key=lambda r: (-len(r["box_ids"]), r["value"].casefold()))
    for row in listed:
        row["count"] = len(row["box_ids"])
        row["ticked"] = row["score"] is not None and row["score"] >= LOW_SCORE
    return {
        "entity_type": match.entity_type,
        "match": match.matched_by,
        "count": len(match.box_ids),
        "kept_for_requester": match.kept,
        "low_score": LOW_SCORE,
        "rows": listed,
    }


def term_preview(
    session: Session, state: AppState, request: DisclosureRequest, term: str
) -> dict[str, Any]:
    """What searching ``term`` would box, with context, changing nothing (the officer unticks
    the occurrences that are not the one meant before applying)."""
    ensure_editable(request)
    occurrences = term_occurrences(session, state, request, term)
    titles = document_titles(session, [o.document for o in occurrences], request.id)
    return {
        "count": len(occurrences),
        "new": sum(not o.boxed for o in occurrences),
        "hits": [
            {
                "key": o.key,
                "document_id": o.document.id,
                "title": titles[o.document.id],
                "filename": o.document.filename,
                "page": o.hit.page,
                "before": o.hit.before,
                "found": o.hit.found,
                "after": o.hit.after,
                "boxed": o.boxed,
            }
            for o in occurrences
        ],
    }


def job_json(session: Session, job: Job) -> dict[str, Any]:
    items = job_items(session, job.id)
    return {
        "id": job.id,
        "kind": job.kind,
        "request_id": job.request_id,
        "status": job.status,
        "total": job.total,
        "done": job.done,
        "failed": job.failed,
        "pages": job.pages,
        "package_sha256": job.package_sha256,
        "csv_sha256": job.csv_sha256,
        "error_message": job.error_message,
        "created_at": job.created_at.isoformat(),
        "finished_at": job.finished_at.isoformat() if job.finished_at else None,
        "items": [
            {
                "document_id": i.document_id,
                "position": i.position,
                "status": i.status,
                "deliveries": i.deliveries,
                "error_code": i.error_code,
                "error_message": i.error_message,
                "boxes": i.boxes,
            }
            for i in items
        ],
    }


def _box_ref(box: ReviewedBox, titles: dict[int, str], status: str) -> dict[str, Any]:
    return {
        "box_id": box.id,
        "document_id": box.document_id,
        "title": titles.get(box.document_id, ""),
        "page": box.page,
        "entity_type": box.entity_type,
        "status": status,
    }


def preflight(session: Session, request: DisclosureRequest) -> dict[str, Any]:
    """The release check as far as it can be made before building (the request page shows
    it): every detected value withheld in one place and readable in another, within a
    document or across the request's documents, and every undecided box and page. Either
    one makes the build fail; a value readable where an officer rejected its box is not
    removed by the worker's second pass, so the gate refuses it. Values are matched by HMAC
    and read back from the page text for the officer (never recorded)."""
    documents = request_documents(session, request.id)
    ids = [d.id for d in documents]
    titles = document_titles(session, documents, request.id)
    boxes = review.request_boxes(session, request.id, ids)
    kept = requester_box_ids(session, request)
    dispositions = review.page_dispositions(session, request.id, ids)
    left_out = {key for key, value in dispositions.items() if value in LEFT_OUT}
    wanted = {b.finding_id for b in boxes if b.finding_id is not None}
    findings = (
        {f.id: f for f in session.execute(select(Finding).where(Finding.id.in_(wanted))).scalars()}
        if wanted
        else {}
    )
    texts = {
        d.id: PAGE_SEPARATOR.join(
            session.execute(
                select(Page.text).where(Page.document_id == d.id).order_by(Page.number)
            ).scalars()
        )
        for d in documents
    }
    groups: dict[str, dict[str, Any]] = {}
    for box in boxes:
        finding = findings.get(box.finding_id) if box.finding_id is not None else None
        if finding is None or not finding.text_hmac:
            continue
        status = "kept" if box.id in kept else box.status
        group = groups.setdefault(
            finding.text_hmac,
            {"value": "", "entity_type": finding.label, "withheld": [], "readable": []},
        )
        if not group["value"] and finding.start is not None and finding.end is not None:
            group["value"] = " ".join(texts[box.document_id][finding.start : finding.end].split())
        if status == "accepted":
            group["withheld"].append(_box_ref(box, titles, status))
        elif (box.document_id, box.page) not in left_out:
            group["readable"].append(_box_ref(box, titles, status))
    contradictions = [g for g in groups.values() if g["withheld"] and g["readable"]]
    for group in contradictions:
        group["across_documents"] = (
            len({r["document_id"] for r in group["withheld"] + group["readable"]}) > 1
        )
    gaps = review_gaps(session, request)
    return {
        "contradictions": contradictions,
        "undecided": [_box_ref(b, titles, b.status) for b in gaps["boxes"]],
        "undecided_count": gaps["box_count"],
        "pages_without_disposition": [
            {"document_id": d, "title": titles.get(d, ""), "page": p} for d, p in gaps["pages"]
        ],
        "pages_without_disposition_count": gaps["page_count"],
        "ready": not contradictions and not gaps["box_count"] and not gaps["page_count"],
    }


def request_json(session: Session, request: DisclosureRequest) -> dict[str, Any]:
    documents = request_documents(session, request.id)
    titles = document_titles(session, documents, request.id)
    package = latest_job(session, request.id, "package")
    consult = latest_job(session, request.id, "consult")
    return {
        "id": request.id,
        "number": request.number,
        "received_on": request.received_on.isoformat(),
        "requester_type": request.requester_type,
        "requester": {
            "names": list((request.requester or {}).get("names", [])),
            "identifiers": list((request.requester or {}).get("identifiers", [])),
        },
        "policy": request.policy,
        "jurisdiction": request.jurisdiction,
        "case_id": request.case_id,
        "scope": request.scope,
        "due_on": request.due_on.isoformat() if request.due_on else None,
        "status": request.status,
        "package_sha256": _package_sha(request),
        "time_changes": [
            {
                "id": c.id,
                "kind": c.kind,
                "days": c.days,
                "reason": c.reason,
                "created_at": c.created_at.isoformat(),
            }
            for c in time_changes(session, request.id)
        ],
        "documents": [
            {
                "id": d.id,
                "case_id": d.case_id,
                "title": titles[d.id],
                "filename": d.filename,
                "pages": d.page_count,
                "status": d.status,
            }
            for d in documents
        ],
        "progress": progress(session, request.id).as_dict(),
        "package_job": job_json(session, package) if package else None,
        "consult_job": job_json(session, consult) if consult else None,
    }


def _package_sha(request: DisclosureRequest) -> str | None:
    sha = request.package_sha256
    return None if sha is None or is_pending(sha) else sha
