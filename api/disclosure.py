"""FOI request use cases: requests and due dates, the review decisions, jobs and release.

Each function works inside the caller's transaction and records its audit event there (ids,
counts and codes only: never a searched term or a page's text); the caller commits, then
enqueues. A released request is locked: every change is refused with 409.
"""

from __future__ import annotations

import datetime as dt
import re
import uuid
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from api.schemas import MAX_ID
from api.state import AppState
from core import audit, review
from core.errors import Conflict, InvalidInput, InvalidTransition, NotFound, PermissionDenied
from core.law.packs import exemption_code_for
from core.models import (
    Case,
    DisclosureDocument,
    DisclosureRequest,
    Document,
    Finding,
    Job,
    JobItem,
    Page,
    PageDisposition,
    Redaction,
    RequestTimeChange,
    ReviewDecision,
    User,
    utcnow,
)
from core.review import ReviewedBox
from core.vocab import (
    ENTITY_TYPES,
    JOB_KINDS,
    JURISDICTIONS,
    LEFT_OUT,
    JobStatus,
    RequestStatus,
    is_pending,
    pending_marker,
)
from extraction.deadlines import foi_due_date
from extraction.document import PAGE_SEPARATOR, Box
from redaction.duplicates import Duplicate, find_duplicates
from redaction.findings import PiFinding
from redaction.pdf_text import TermHit, find_term_boxes, read_context
from redaction.policy import Requester, load_policy, requester_findings

REQUESTER_TYPES: tuple[str, ...] = ("complainant", "third_party", "media", "counsel")
POLICIES: tuple[str, ...] = ("public", "requester")
TIME_CHANGE_KINDS: tuple[str, ...] = ("extension", "on_hold")
DISPOSITIONS: tuple[str, ...] = (
    "released_in_full",
    "released_in_part",
    "withheld_in_full",
    "not_responsive",
    "duplicate",
)
UNFINISHED_ITEMS = ("queued", "running")
NUMBER = re.compile(r"^REQ-\d{4}-\d{4,6}$")
SCOPE_MAX = 4000
EXEMPTION_CODE = re.compile(r"^[A-Za-z0-9 .()/,\-]{1,40}$")
MAX_DAYS = 365
MAX_REQUESTER_VALUES = 20
MAX_REQUESTER_VALUE = 200


# --- requests ---------------------------------------------------------------------------------


def get_request(session: Session, request_id: int, *, lock: bool = False) -> DisclosureRequest:
    query = select(DisclosureRequest).where(DisclosureRequest.id == request_id)
    if lock:
        query = query.with_for_update()
    row = session.execute(query).scalar_one_or_none()
    if row is None:
        raise NotFound(f"FOI request {request_id} does not exist")
    return row


def ensure_editable(request: DisclosureRequest) -> None:
    if request.status == RequestStatus.RELEASED:
        raise Conflict("this request has been released and is locked", reason="released")


def _touch(request: DisclosureRequest) -> None:
    """A review change: the request is in review again and any built package is stale."""
    ensure_editable(request)
    if request.status in (RequestStatus.OPEN, RequestStatus.READY):
        request.status = RequestStatus.IN_REVIEW
    request.package_sha256 = None


def time_changes(session: Session, request_id: int) -> list[RequestTimeChange]:
    return list(
        session.execute(
            select(RequestTimeChange)
            .where(RequestTimeChange.request_id == request_id)
            .order_by(RequestTimeChange.id)
        ).scalars()
    )


def recompute_due(session: Session, request: DisclosureRequest) -> dt.date:
    changes = time_changes(session, request.id)
    extension = sum(c.days for c in changes if c.kind == "extension")
    on_hold = sum(c.days for c in changes if c.kind == "on_hold")
    request.due_on = foi_due_date(request.jurisdiction, request.received_on, extension, on_hold)
    return request.due_on


def create_request(
    session: Session,
    user: User,
    *,
    received_on: dt.date,
    requester_type: str,
    policy: str,
    jurisdiction: str,
    number: str | None = None,
    requester_names: Sequence[str] = (),
    requester_identifiers: Sequence[str] = (),
    case_id: int | None = None,
    scope: str = "",
) -> DisclosureRequest:
    """A new request; the requester's names and identifiers matter under the requester policy.

    ``case_id`` is the case the request is about (its documents are offered first) and
    ``scope`` what was asked for; neither limits which documents may be chosen."""
    if case_id is not None and (not 1 <= case_id <= MAX_ID or session.get(Case, case_id) is None):
        raise NotFound(f"case {case_id} does not exist", field="case_id")
    if len(scope) > SCOPE_MAX:
        raise InvalidInput(f"the scope is limited to {SCOPE_MAX} characters", field="scope")
    if requester_type not in REQUESTER_TYPES:
        raise InvalidInput(f"requester type must be one of {', '.join(REQUESTER_TYPES)}")
    if policy not in POLICIES:
        raise InvalidInput(f"policy must be one of {', '.join(POLICIES)}")
    if jurisdiction not in JURISDICTIONS:
        raise InvalidInput(f"jurisdiction must be one of {', '.join(JURISDICTIONS)}")
    if number is not None:
        if not NUMBER.match(number):
            raise InvalidInput("a request number looks like REQ-2026-0042", field="number")
        taken = session.execute(
            select(DisclosureRequest.id).where(DisclosureRequest.number == number)
        ).first()
        if taken:
            raise Conflict(f"request number {number} is taken")
    request = DisclosureRequest(
        number=number or f"pending-{uuid.uuid4().hex}",
        received_on=received_on,
        requester_type=requester_type,
        policy=policy,
        requester=clean_requester(requester_names, requester_identifiers),
        jurisdiction=jurisdiction,
        case_id=case_id,
        scope=scope.strip(),
        status=RequestStatus.OPEN,
        created_by_id=user.id,
    )
    session.add(request)
    session.flush()
    if number is None:
        request.number = f"REQ-{received_on.year}-{request.id:04d}"
    recompute_due(session, request)
    session.flush()
    audit.record(
        session,
        "request.created",
        "disclosure_request",
        request.id,
        actor=user,
        jurisdiction=jurisdiction,
        requester_type=requester_type,
        policy=policy,
        case_id=case_id,
        # Counts only: the requester's names and identifiers are personal information.
        requester_names=len(request.requester.get("names", [])),
        requester_identifiers=len(request.requester.get("identifiers", [])),
        due_on=request.due_on.isoformat() if request.due_on else None,
    )
    return request


def _clean_values(values: Sequence[str], what: str) -> list[str]:
    cleaned: list[str] = []
    seen: set[str] = set()
    for value in values:
        value = " ".join(str(value).split())
        if not value or value.casefold() in seen:
            continue
        if len(value) > MAX_REQUESTER_VALUE:
            raise InvalidInput(f"a requester {what} is at most {MAX_REQUESTER_VALUE} characters")
        seen.add(value.casefold())
        cleaned.append(value)
    if len(cleaned) > MAX_REQUESTER_VALUES:
        raise InvalidInput(f"give at most {MAX_REQUESTER_VALUES} requester {what}s")
    return cleaned


def clean_requester(names: Sequence[str], identifiers: Sequence[str]) -> dict[str, list[str]]:
    """The requester as stored: whitespace collapsed, blanks and repeats dropped."""
    return {
        "names": _clean_values(names, "name"),
        "identifiers": _clean_values(identifiers, "identifier"),
    }


def set_requester(
    session: Session,
    user: User,
    request: DisclosureRequest,
    names: Sequence[str],
    identifiers: Sequence[str],
) -> DisclosureRequest:
    """Replace the requester's names and identifiers. Under the requester policy this changes
    what the request proposes, so the request is in review again and its package stale."""
    new = clean_requester(names, identifiers)
    changed = new != (request.requester or {})
    if changed:
        _touch(request)
        request.requester = new
    else:
        ensure_editable(request)
    session.flush()
    audit.record(
        session,
        "request.requester_set",
        "disclosure_request",
        request.id,
        actor=user,
        changed=changed,
        names=len(new["names"]),
        identifiers=len(new["identifiers"]),
    )
    return request


def add_time_change(
    session: Session, user: User, request: DisclosureRequest, kind: str, days: int, reason: str
) -> RequestTimeChange:
    ensure_editable(request)
    if kind not in TIME_CHANGE_KINDS:
        raise InvalidInput("kind must be 'extension' or 'on_hold'", field="kind")
    if not 1 <= days <= MAX_DAYS:
        raise InvalidInput(f"days must be between 1 and {MAX_DAYS}", field="days")
    if not reason.strip():
        raise InvalidInput("say why", field="reason")
    change = RequestTimeChange(
        request_id=request.id,
        kind=kind,
        days=days,
        reason=reason.strip()[:2000],
        created_by_id=user.id,
    )
    session.add(change)
    session.flush()
    due = recompute_due(session, request)
    audit.record(
        session,
        "request.time_changed",
        "disclosure_request",
        request.id,
        actor=user,
        kind=kind,
        days=days,
        due_on=due.isoformat(),
    )
    return change


def request_documents(session: Session, request_id: int) -> list[Document]:
    rows = session.execute(
        select(Document)
        .join(DisclosureDocument, DisclosureDocument.document_id == Document.id)
        .where(DisclosureDocument.request_id == request_id)
        .order_by(DisclosureDocument.position)
    ).scalars()
    return list(rows)


def set_documents(
    session: Session,
    user: User,
    request: DisclosureRequest,
    document_ids: Sequence[int],
    titles: Mapping[int, str] | None = None,
) -> list[Document]:
    """Replace the selection: documents from any cases, in the order given, each with the
    title the officer gave it for the package (``titles``; the titles already given are
    kept when none are sent)."""
    ensure_editable(request)
    if len(set(document_ids)) != len(document_ids):
        raise InvalidInput("a document is listed twice", field="document_ids")
    if titles is not None and set(titles) - set(document_ids):
        raise InvalidInput("a title for a document not selected", field="titles")
    found = {
        d.id: d
        for d in session.execute(select(Document).where(Document.id.in_(document_ids))).scalars()
    }
    missing = [i for i in document_ids if i not in found]
    if missing:
        raise NotFound(f"documents not found: {', '.join(map(str, missing))}")
    unready = [i for i in document_ids if found[i].pdf_sha256 is None or not found[i].page_count]
    if unready:
        raise Conflict(
            f"documents not yet analysed: {', '.join(map(str, unready))}", documents=unready
        )
    chosen: Mapping[int, str] = (
        titles if titles is not None else review.chosen_titles(session, request.id)
    )
    session.execute(delete(DisclosureDocument).where(DisclosureDocument.request_id == request.id))
    for position, document_id in enumerate(document_ids, start=1):
        title = " ".join((chosen.get(document_id) or "").split())
        session.add(
            DisclosureDocument(
                request_id=request.id,
                document_id=document_id,
                position=position,
                package_title=title or None,
            )
        )
    _touch(request)
    session.flush()
    audit.record(
        session,
        "request.documents_set",
        "disclosure_request",
        request.id,
        actor=user,
        document_ids=list(document_ids),
        # Which documents carry an officer's title, never the title (it may name someone).
        titled=sorted(i for i in document_ids if (chosen.get(i) or "").strip()),
    )
    return [found[i] for i in document_ids]


def case_choices(session: Session) -> list[tuple[int, str, str]]:
    """(id, reference, title) of every case, newest first: the request form's case picker."""
    query = select(Case.id, Case.reference, Case.title).order_by(Case.id.desc())
    return [(row[0], row[1], row[2]) for row in session.execute(query)]


def document_titles(
    session: Session, documents: Sequence[Document], request_id: int | None = None
) -> dict[int, str]:
    """Titles as the package index shows them (``review.package_title``): the officer's own
    for this request's documents, else case reference and document number."""
    query = select(Case.id, Case.reference).where(Case.id.in_({d.case_id for d in documents}))
    refs = {row[0]: row[1] for row in session.execute(query)}
    chosen = {} if request_id is None else review.chosen_titles(session, request_id)
    return {
        d.id: review.package_title(refs.get(d.case_id), d.id, chosen.get(d.id)) for d in documents
    }


# --- review -------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Progress:
    pages: int
    pages_reviewed: int
    boxes: int
    boxes_reviewed: int

    def as_dict(self) -> dict[str, int]:
        return {
            "pages": self.pages,
            "pages_reviewed": self.pages_reviewed,
            "boxes": self.boxes,
            "boxes_reviewed": self.boxes_reviewed,
        }


def _document_ids(session: Session, request_id: int) -> list[int]:
    return list(
        session.execute(
            select(DisclosureDocument.document_id)
            .where(DisclosureDocument.request_id == request_id)
            .order_by(DisclosureDocument.position)
        ).scalars()
    )


def progress(session: Session, request_id: int) -> Progress:
    """Pages with a disposition and boxes with a decision, in this request."""
    ids = _document_ids(session, request_id)
    if not ids:
        return Progress(0, 0, 0, 0)
    pages = session.execute(
        select(func.count()).select_from(Page).where(Page.document_id.in_(ids))
    ).scalar_one()
    disposed = session.execute(
        select(func.count())
        .select_from(PageDisposition)
        .where(PageDisposition.request_id == request_id, PageDisposition.document_id.in_(ids))
    ).scalar_one()
    boxes, decided = review.count_boxes(session, request_id, ids)
    return Progress(int(pages), int(disposed), boxes, decided)


def _document_findings(
    session: Session, document_id: int
) -> tuple[str, list[tuple[int, PiFinding]]]:
    """A document's text as analysis saw it and its PI findings (id, value read back from the
    text by its offsets: only an HMAC of each value is stored)."""
    texts = session.execute(
        select(Page.text).where(Page.document_id == document_id).order_by(Page.number)
    ).scalars()
    text = PAGE_SEPARATOR.join(texts)
    rows = session.execute(
        select(Finding.id, Finding.label, Finding.start, Finding.end, Finding.recognizer).where(
            Finding.document_id == document_id, Finding.kind == "pi"
        )
    ).all()
    return text, [
        (fid, PiFinding(label, start, end, 1.0, recognizer or "", text[start:end]))
        for fid, label, start, end, recognizer in rows
        if start is not None and end is not None
    ]


def requester_box_ids(session: Session, request: DisclosureRequest) -> set[int]:
    """The boxes still proposed in this request that hold the requester's own name or
    identifiers, which a requester-aware policy leaves in. Empty under any other policy or
    without a requester. Boxes this request accepted or rejected are never among them: an
    officer's decision stands (another request's decisions do not count here)."""
    requester = Requester.from_json(request.requester)
    if not requester or not load_policy(request.policy).keep_requester:
        return set()
    own: list[int] = []
    for document_id in _document_ids(session, request.id):
        text, findings = _document_findings(session, document_id)
        values = [f for _, f in findings]
        mine = {id(f) for f in requester_findings(text, values, requester)}
        own.extend(fid for fid, f in findings if id(f) in mine)
    if not own:
        return set()
    query = (
        select(Redaction.id)
        .outerjoin(ReviewDecision, review.decision_of(request.id))
        .where(
            Redaction.finding_id.in_(own),
            Redaction.request_id.is_(None),
            review.effective_status() == review.PROPOSED,
        )
    )
    return set(session.execute(query).scalars())


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


def get_box(session: Session, request: DisclosureRequest, redaction_id: int) -> ReviewedBox:
    """A box of the request's documents as the request sees it (another request's drawn
    boxes are not found)."""
    box = review.request_box(session, request.id, redaction_id)
    if box is None or box.document_id not in _document_ids(session, request.id):
        raise NotFound(f"redaction {redaction_id} is not part of this request")
    return box


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


def audit_code(code: str) -> str:
    """An exemption code as the audit log accepts it (no spaces): 'FIPPA_s.21(1)'."""
    return code.replace(" ", "_").replace(",", "")


def _check_code(code: str) -> str:
    code = code.strip()
    if not EXEMPTION_CODE.match(code):
        raise InvalidInput("an exemption code looks like 's.21(1)'", field="exemption_code")
    return code


def _decision(
    session: Session, request: DisclosureRequest, box: ReviewedBox, existing: ReviewDecision | None
) -> ReviewDecision:
    """The request's decision row for ``box``, new (still proposed, the box's code) if none."""
    if existing is not None:
        return existing
    decision = ReviewDecision(
        request_id=request.id,
        redaction_id=box.id,
        status=review.PROPOSED,
        exemption_code=box.exemption_code,
        label=box.label,
    )
    session.add(decision)
    return decision


def decide(
    session: Session,
    user: User,
    request: DisclosureRequest,
    redaction_id: int,
    decision: str,
    exemption_code: str | None = None,
) -> ReviewedBox:
    """accept | reject | recode | reset one box, in this request only. Re-coding means
    "withhold, with this code": a re-coded box is accepted (a code change that left it
    proposed left the value readable in the package while the box looked reviewed). Reset
    (the review page's undo) removes this request's decision: the box is undecided again, so
    a package build waits for it."""
    _touch(request)
    box = get_box(session, request, redaction_id)
    existing = review.decisions_of(session, request.id, [box.id]).get(box.id)
    details: dict[str, Any] = {
        "document_id": box.document_id,
        "page": box.page,
        "request_id": request.id,
    }
    if decision == "reset":
        if existing is not None:
            details["previous_status"] = existing.status
            details["previous_code"] = audit_code(existing.exemption_code)
            session.delete(existing)
            session.flush()
            audit.record(session, "redaction.reset", "redaction", box.id, actor=user, **details)
        undone = review.request_box(session, request.id, box.id)
        assert undone is not None  # it was found just above, in this transaction
        return undone
    row = _decision(session, request, box, existing)
    if decision == "recode":
        if exemption_code is None:
            raise InvalidInput("give the new exemption code", field="exemption_code")
        details["from_code"] = audit_code(row.exemption_code)
        row.exemption_code = _check_code(exemption_code)
        details["to_code"] = audit_code(row.exemption_code)
        details["previous_status"] = row.status
        row.status = "accepted"
        action = "redaction.recoded"
    elif decision in ("accept", "reject"):
        row.status = "accepted" if decision == "accept" else "rejected"
        if exemption_code:
            row.exemption_code = _check_code(exemption_code)
        details["exemption_code"] = audit_code(row.exemption_code)
        action = f"redaction.{row.status}"
    else:
        raise InvalidInput("decision must be accept, reject, recode or reset", field="decision")
    row.reviewed_by_id = user.id
    row.reviewed_at = utcnow()
    session.flush()
    audit.record(session, action, "redaction", box.id, actor=user, **details)
    decided = review.request_box(session, request.id, box.id)
    assert decided is not None  # it was found just above, in this transaction
    return decided


MAX_SELECTION = 5000


def decide_many(
    session: Session,
    user: User,
    request: DisclosureRequest,
    redaction_ids: Sequence[int],
    decision: str,
    exemption_code: str | None = None,
) -> list[ReviewedBox]:
    """One decision for every box of a selection (the review page's box table); each is
    decided and audited as ``decide`` does it alone, all or none."""
    if not redaction_ids:
        raise InvalidInput("select at least one box", field="redaction_ids")
    if len(set(redaction_ids)) > MAX_SELECTION:
        raise InvalidInput(f"select at most {MAX_SELECTION} boxes", field="redaction_ids")
    return [
        decide(session, user, request, box_id, decision, exemption_code)
        for box_id in dict.fromkeys(redaction_ids)
    ]


def contradicting_boxes(session: Session, request: DisclosureRequest, box: ReviewedBox) -> int:
    """Other boxes of the box's document holding the same detected value (by HMAC, never
    text) that this request treats the other way: with this box withheld, those still
    proposed or released; with it released, those withheld. Either way the value stays
    readable in the package, and its release check refuses the document, so the reviewer
    is told now rather than when the package is built."""
    if box.finding_id is None or box.status not in ("accepted", "rejected"):
        return 0
    value = session.execute(
        select(Finding.text_hmac).where(Finding.id == box.finding_id)
    ).scalar_one_or_none()
    if not value:
        return 0
    withheld = review.effective_status() == "accepted"
    query = (
        select(func.count(Redaction.id))
        .join(Finding, Finding.id == Redaction.finding_id)
        .outerjoin(ReviewDecision, review.decision_of(request.id))
        .where(
            Redaction.document_id == box.document_id,
            review.visible_to(request.id),
            Redaction.id != box.id,
            Finding.text_hmac == value,
            ~withheld if box.status == "accepted" else withheld,
        )
    )
    return int(session.execute(query).scalar_one())


LOW_SCORE = 0.7  # a bulk preview leaves unticked what detection was less sure of


@dataclass(frozen=True, slots=True)
class BulkMatch:
    """The still-proposed boxes a bulk accept would change (requester-kept ones left out)."""

    box_ids: list[int]
    kept: int
    entity_type: str | None
    matched_by: str


def bulk_matches(
    session: Session,
    request: DisclosureRequest,
    entity_type: str | None,
    same_as: int | None = None,
    match: str = "value",
) -> BulkMatch:
    """What ``bulk_accept`` would accept: every still-proposed box of one entity type, or
    (``same_as``) every box holding the same value (``match="value"``, any casing) or
    naming the same person in any form (``match="person"``, as the case-level analysis
    grouped them). Matched by HMACs, never by text; a box without a known person falls back
    to its value."""
    ids = _document_ids(session, request.id)
    query = (
        select(Redaction.id)
        .outerjoin(ReviewDecision, review.decision_of(request.id))
        .where(
            Redaction.document_id.in_(ids),
            review.visible_to(request.id),
            review.effective_status() == review.PROPOSED,
        )
        .order_by(Redaction.document_id, Redaction.page, Redaction.id)
    )
    matched_by = "entity_type"
    if same_as is not None:
        if match not in ("value", "person"):
            raise InvalidInput("match must be 'value' or 'person'", field="match")
        example = get_box(session, request, same_as)
        finding = session.get(Finding, example.finding_id) if example.finding_id else None
        if finding is None or not finding.text_hmac:
            raise InvalidInput(
                "this box was drawn by hand and holds no detected value", field="same_as"
            )
        if match == "person" and finding.label == "PERSON" and finding.person_key:
            same = select(Finding.id).where(
                Finding.person_key == finding.person_key, Finding.kind == "pi"
            )
            matched_by = "person"
        else:
            same = select(Finding.id).where(Finding.text_hmac == finding.text_hmac)
            matched_by = "value"
        query = query.where(Redaction.finding_id.in_(same))
        entity_type = finding.label
    elif entity_type not in ENTITY_TYPES:
        raise InvalidInput("unknown entity type", field="entity_type")
    else:
        query = query.where(Redaction.entity_type == entity_type)
    kept = requester_box_ids(session, request)
    found = list(session.execute(query).scalars())
    box_ids = [i for i in found if i not in kept]
    return BulkMatch(box_ids, len(found) - len(box_ids), entity_type, matched_by)


def bulk_preview(session: Session, request: DisclosureRequest, match: BulkMatch) -> dict[str, Any]:
    """What a bulk accept would change, for the officer to check before it is applied: one
    row per value as the officer reads it on the page (any casing), with its boxes, pages and
    lowest detection score; rows under ``LOW_SCORE`` or without one come unticked. Shown to
    the officer only, never recorded."""
    boxes = review.request_boxes(session, request.id, _document_ids(session, request.id),
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


def bulk_accept(
    session: Session,
    user: User,
    request: DisclosureRequest,
    entity_type: str | None,
    same_as: int | None = None,
    match: str = "value",
    box_ids: Sequence[int] | None = None,
) -> int:
    """Accept, in this request, what ``bulk_matches`` finds; with ``box_ids`` (the rows the
    officer left ticked in the preview) only those of them, never a box outside the match."""
    _touch(request)
    found = bulk_matches(session, request, entity_type, same_as, match)
    chosen = found.box_ids
    if box_ids is not None:
        wanted = set(box_ids)
        chosen = [i for i in found.box_ids if i in wanted]
    ids = _document_ids(session, request.id)
    existing = review.decisions_of(session, request.id, chosen)
    now = utcnow()
    for box in review.request_boxes(session, request.id, ids, box_ids=chosen):
        row = _decision(session, request, box, existing.get(box.id))
        row.status = "accepted"
        row.reviewed_by_id = user.id
        row.reviewed_at = now
    session.flush()
    audit.record(
        session,
        "redaction.accepted",
        "disclosure_request",
        request.id,
        actor=user,
        entity_type=found.entity_type,
        count=len(chosen),
        redaction_ids=chosen[:500],
        kept_for_requester=found.kept,
        left_unticked=len(found.box_ids) - len(chosen),
        match=found.matched_by,
        bulk=True,
    )
    return len(chosen)


def _page_frame(session: Session, document_id: int, page: int) -> tuple[float, float, float, float]:
    """The page's MediaBox in user space: (left, bottom, right, top)."""
    row = session.execute(
        select(Page.origin_x, Page.origin_y, Page.width, Page.height).where(
            Page.document_id == document_id, Page.number == page
        )
    ).first()
    if row is None:
        raise NotFound(f"document {document_id} has no page {page}")
    left, bottom = float(row[0] or 0.0), float(row[1] or 0.0)
    return left, bottom, left + float(row[2]), bottom + float(row[3])


def _add_drawn(
    session: Session,
    user: User,
    request: DisclosureRequest,
    boxes: Sequence[Redaction],
    now: dt.datetime,
) -> None:
    """Boxes the officer drew or searched for: the request's own, accepted at once."""
    for box in boxes:
        box.request_id = request.id
        box.source = "manual"
    session.add_all(boxes)
    session.flush()
    session.add_all(
        ReviewDecision(
            request_id=request.id,
            redaction_id=box.id,
            status="accepted",
            exemption_code=box.exemption_code,
            label=box.label,
            reviewed_by_id=user.id,
            reviewed_at=now,
        )
        for box in boxes
    )
    session.flush()


def add_box(
    session: Session,
    user: User,
    request: DisclosureRequest,
    *,
    document_id: int,
    page: int,
    rect: Sequence[float],
    exemption_code: str,
    entity_type: str | None = None,
    label: str | None = None,
) -> ReviewedBox:
    """A box the officer drew (PDF user space): this request's own, accepted at once."""
    _touch(request)
    if document_id not in _document_ids(session, request.id):
        raise NotFound(f"document {document_id} is not part of this request")
    left, bottom, right, top = _page_frame(session, document_id, page)
    x0, y0, x1, y1 = (float(v) for v in rect)
    # Cut to the page: what is left of a box (partly) off the page must still be a box.
    x0, x1 = max(left, min(x0, x1)), min(right, max(x0, x1))
    y0, y1 = max(bottom, min(y0, y1)), min(top, max(y0, y1))
    if x1 - x0 < 1 or y1 - y0 < 1:
        raise InvalidInput("the box is empty or off the page", field="rect")
    if entity_type is not None and entity_type not in ENTITY_TYPES:
        raise InvalidInput("unknown entity type", field="entity_type")
    box = Redaction(
        document_id=document_id,
        page=page,
        rect=[x0, y0, x1, y1],
        entity_type=entity_type,
        exemption_code=_check_code(exemption_code),
        label=label,
    )
    _add_drawn(session, user, request, [box], utcnow())
    audit.record(
        session,
        "redaction.added",
        "redaction",
        box.id,
        actor=user,
        document_id=document_id,
        page=page,
        request_id=request.id,
        exemption_code=audit_code(box.exemption_code),
        via="drawn",
    )
    added = review.request_box(session, request.id, box.id)
    assert added is not None
    return added


def remove_box(session: Session, user: User, request: DisclosureRequest, redaction_id: int) -> None:
    """Remove a box this request drew; a proposed box is rejected instead (its record stays)."""
    _touch(request)
    box = get_box(session, request, redaction_id)
    if box.source != "manual" or box.request_id != request.id:
        raise Conflict("a proposed box is not removed: reject it", reason="not_manual")
    session.execute(delete(ReviewDecision).where(ReviewDecision.redaction_id == box.id))
    session.execute(delete(Redaction).where(Redaction.id == box.id))
    session.flush()
    audit.record(
        session,
        "redaction.removed",
        "redaction",
        redaction_id,
        actor=user,
        document_id=box.document_id,
        page=box.page,
        request_id=request.id,
    )


@dataclass(frozen=True, slots=True)
class TermOccurrence:
    """One hit of a searched term: ``key`` names it in the preview and when applying."""

    key: str
    document: Document
    hit: TermHit
    boxed: bool  # every rectangle of the hit already has a box of this request


def _rect_key(page: int, rect: Sequence[float]) -> tuple[int, tuple[float, ...]]:
    return page, tuple(round(float(v), 1) for v in rect)


def term_occurrences(
    session: Session, state: AppState, request: DisclosureRequest, term: str
) -> list[TermOccurrence]:
    """Every occurrence of ``term`` in the request's documents, with the words around it.

    Page.text finds the pages to look at; pdfium's character boxes give the rectangles."""
    needle = " ".join(term.split()).casefold()
    if len(needle) < 2:
        raise InvalidInput("give at least two characters to search for", field="term")
    found: list[TermOccurrence] = []
    for document in request_documents(session, request.id):
        candidates = [
            number
            for number, text in session.execute(
                select(Page.number, Page.text).where(Page.document_id == document.id)
            ).all()
            if needle in " ".join(text.split()).casefold()
        ]
        if not candidates or document.pdf_sha256 is None:
            continue
        existing = {
            _rect_key(b.page, b.rect)
            for b in session.execute(
                select(Redaction).where(
                    Redaction.document_id == document.id, review.visible_to(request.id)
                )
            ).scalars()
        }
        hits = find_term_boxes(state.blobs.read_bytes(document.pdf_sha256), term, candidates)
        per_page: dict[int, int] = {}
        for hit in hits:
            nth = per_page[hit.page] = per_page.get(hit.page, 0) + 1
            boxed = all(
                _rect_key(hit.page, (r.x0, r.y0, r.x1, r.y1)) in existing for r in hit.boxes
            )
            found.append(TermOccurrence(f"{document.id}:{hit.page}:{nth}", document, hit, boxed))
    return found


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


def redact_term(
    session: Session,
    state: AppState,
    user: User,
    request: DisclosureRequest,
    term: str,
    exemption_code: str,
    entity_type: str | None = None,
    only: Collection[str] | None = None,
) -> int:
    """Box every occurrence of ``term`` in every document of the request (or only the
    occurrences ``only`` names, by the keys of ``term_preview``); returns boxes added.

    The boxes are this request's own. The term itself is never recorded (usually a name).
    """
    _touch(request)
    code = _check_code(exemption_code)
    if entity_type is not None and entity_type not in ENTITY_TYPES:
        raise InvalidInput("unknown entity type", field="entity_type")
    occurrences = term_occurrences(session, state, request, term)
    if only is not None:
        unknown = set(only) - {o.key for o in occurrences}
        if unknown:
            raise InvalidInput(
                f"{len(unknown)} chosen occurrence(s) are no longer found: search again",
                field="hits",
            )
        occurrences = [o for o in occurrences if o.key in set(only)]
    new: list[Redaction] = []
    touched_docs: list[int] = []
    seen: set[tuple[int, int, tuple[float, ...]]] = set()
    existing = {
        (b.document_id, *_rect_key(b.page, b.rect))
        for b in session.execute(
            select(Redaction).where(
                Redaction.document_id.in_({o.document.id for o in occurrences}),
                review.visible_to(request.id),
            )
        ).scalars()
    }
    for occurrence in occurrences:
        hit, document_id = occurrence.hit, occurrence.document.id
        for rect in hit.boxes:
            key = (document_id, *_rect_key(hit.page, (rect.x0, rect.y0, rect.x1, rect.y1)))
            if key in existing or key in seen:
                continue
            seen.add(key)
            new.append(
                Redaction(
                    document_id=document_id,
                    page=hit.page,
                    rect=[rect.x0, rect.y0, rect.x1, rect.y1],
                    entity_type=entity_type,
                    exemption_code=code,
                )
            )
        if document_id not in touched_docs:
            touched_docs.append(document_id)
    _add_drawn(session, user, request, new, utcnow())
    audit.record(
        session,
        "redaction.added",
        "disclosure_request",
        request.id,
        actor=user,
        count=len(new),
        exemption_code=audit_code(code),
        via="term_search",
        document_ids=touched_docs,
    )
    return len(new)


def set_disposition(
    session: Session,
    user: User,
    request: DisclosureRequest,
    document_id: int,
    page_number: int,
    disposition: str | None,
    exemption_code: str | None = None,
) -> str | None:
    """Set (or with None clear) this request's disposition of one page; returns it.

    A page withheld in full is withheld under a section (given, or the jurisdiction's
    personal-information exemption): the package's placeholder page names it."""
    if disposition is not None and disposition not in DISPOSITIONS:
        raise InvalidInput(f"disposition must be one of {', '.join(DISPOSITIONS)}")
    code: str | None = None
    if disposition == "withheld_in_full":
        code = (
            _check_code(exemption_code)
            if exemption_code and exemption_code.strip()
            else exemption_code_for(request.jurisdiction, "PERSON", request.received_on)
        )
    _touch(request)
    if document_id not in _document_ids(session, request.id):
        raise NotFound(f"document {document_id} is not part of this request")
    page = session.execute(
        select(Page.id).where(Page.document_id == document_id, Page.number == page_number)
    ).scalar_one_or_none()
    if page is None:
        raise NotFound(f"document {document_id} has no page {page_number}")
    row = session.execute(
        select(PageDisposition).where(
            PageDisposition.request_id == request.id,
            PageDisposition.document_id == document_id,
            PageDisposition.page == page_number,
        )
    ).scalar_one_or_none()
    previous = row.disposition if row else None
    if disposition is None:
        if row is not None:
            session.delete(row)
    elif row is None:
        session.add(
            PageDisposition(
                request_id=request.id,
                document_id=document_id,
                page=page_number,
                disposition=disposition,
                exemption_code=code,
                set_by_id=user.id,
            )
        )
    else:
        row.disposition, row.set_by_id, row.set_at = disposition, user.id, utcnow()
        row.exemption_code = code
    session.flush()
    audit.record(
        session,
        "page.disposition_set",
        "page",
        page,
        actor=user,
        document_id=document_id,
        page=page_number,
        request_id=request.id,
        disposition=disposition,
        previous=previous,
        **({"exemption_code": audit_code(code)} if code else {}),
    )
    return disposition


def request_duplicates(
    session: Session, request_id: int, pages: Sequence[Page] | None = None
) -> list[Duplicate[tuple[int, int]]]:
    """Pages that repeat an earlier page of the request (content hash or near-identical text)."""
    ids = _document_ids(session, request_id)
    if pages is None:
        pages = list(session.execute(select(Page).where(Page.document_id.in_(ids))).scalars())
    order = {doc_id: i for i, doc_id in enumerate(ids)}
    ordered = sorted(pages, key=lambda p: (order.get(p.document_id, 0), p.number))
    return find_duplicates([((p.document_id, p.number), p.text) for p in ordered])


def mark_duplicates(session: Session, user: User, request: DisclosureRequest) -> int:
    """Set ``duplicate`` on every found duplicate page that has no disposition yet."""
    _touch(request)
    ids = _document_ids(session, request.id)
    disposed = review.page_dispositions(session, request.id, ids)
    count = 0
    for dup in request_duplicates(session, request.id):
        document_id, number = dup.key
        if (document_id, number) in disposed:
            continue
        session.add(
            PageDisposition(
                request_id=request.id,
                document_id=document_id,
                page=number,
                disposition="duplicate",
                set_by_id=user.id,
            )
        )
        disposed[(document_id, number)] = "duplicate"
        count += 1
    session.flush()
    audit.record(
        session,
        "page.disposition_set",
        "disclosure_request",
        request.id,
        actor=user,
        disposition="duplicate",
        count=count,
        via="duplicate_detection",
    )
    return count


# --- jobs and release ---------------------------------------------------------------------------


def get_job(session: Session, request: DisclosureRequest, job_id: int) -> Job:
    job = session.get(Job, job_id)
    if job is None or job.request_id != request.id:
        raise NotFound(f"job {job_id} is not a job of this request")
    return job


def job_items(session: Session, job_id: int) -> list[JobItem]:
    return list(
        session.execute(
            select(JobItem).where(JobItem.job_id == job_id).order_by(JobItem.position)
        ).scalars()
    )


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


def start_job(session: Session, user: User, request: DisclosureRequest, kind: str) -> Job:
    """A package (or consult copy) job with one item per document; enqueue after commit."""
    ensure_editable(request)
    if kind not in JOB_KINDS:
        raise InvalidInput("kind must be 'package' or 'consult'", field="kind")
    ids = _document_ids(session, request.id)
    if not ids:
        raise Conflict("select the documents of the request first", reason="no_documents")
    running = session.execute(
        select(Job.id).where(
            Job.request_id == request.id,
            Job.kind == JOB_KINDS[kind],
            Job.status.in_([JobStatus.QUEUED, JobStatus.RUNNING]),
        )
    ).first()
    if running:
        raise Conflict(f"job {running[0]} is still running; resume it instead", job_id=running[0])
    if kind == "package":
        # The worker checks again before it builds: proposals may be added meanwhile.
        review.require_reviewed(
            session, request.id, ids, settled=requester_box_ids(session, request)
        )
    job = Job(
        kind=JOB_KINDS[kind],
        request_id=request.id,
        status=JobStatus.QUEUED,
        total=len(ids),
        created_by_id=user.id,
    )
    session.add(job)
    session.flush()
    for position, document_id in enumerate(ids, start=1):
        session.add(JobItem(job_id=job.id, document_id=document_id, position=position))
    if kind == "package":
        # The worker makes the request ready only if this marker is still there when the
        # package is built: any review change in between clears it (see ``_touch``).
        request.package_sha256 = pending_marker(job.id)
        if request.status in (RequestStatus.READY, RequestStatus.OPEN):
            request.status = RequestStatus.IN_REVIEW
    session.flush()
    audit.record(
        session,
        "job.started",
        "job",
        job.id,
        actor=user,
        request_id=request.id,
        kind=job.kind,
        documents=len(ids),
    )
    return job


def review_gaps(session: Session, request: DisclosureRequest, limit: int = 50) -> dict[str, Any]:
    """What keeps a package from being built (the request page lists it): the first
    ``limit`` undecided boxes and pages without a disposition, and how many of each."""
    ids = _document_ids(session, request.id)
    boxes = review.undecided_boxes(
        session, request.id, ids, settled=requester_box_ids(session, request)
    )
    pages = review.pages_without_disposition(session, request.id, ids)
    return {
        "boxes": boxes[:limit],
        "box_count": len(boxes),
        "pages": pages[:limit],
        "page_count": len(pages),
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


def unfinished_items(session: Session, job: Job) -> list[int]:
    """The documents of a job still to be done (what a resume re-enqueues)."""
    return [i.document_id for i in job_items(session, job.id) if i.status in UNFINISHED_ITEMS]


def resume_job(session: Session, user: User, request: DisclosureRequest, job: Job) -> list[int]:
    ensure_editable(request)
    if job.status in (JobStatus.DONE, JobStatus.DONE_WITH_ERRORS, JobStatus.FAILED):
        raise InvalidTransition(f"job {job.id} has finished ({job.status})", status=job.status)
    pending = unfinished_items(session, job)
    audit.record(
        session,
        "job.resumed",
        "job",
        job.id,
        actor=user,
        request_id=request.id,
        pending=len(pending),
    )
    return pending


def release(
    session: Session,
    user: User,
    request: DisclosureRequest,
    *,
    second_person: bool = False,
) -> DisclosureRequest:
    """Lock the request with its package: no change is possible afterwards. With
    ``second_person`` (the installation's second-person-release setting) the officer who
    started the package job may not release it: another officer checks it first."""
    ensure_editable(request)
    if (
        request.status != RequestStatus.READY
        or not request.package_sha256
        or is_pending(request.package_sha256)
    ):
        raise InvalidTransition(
            "only a request whose package is built and current can be released",
            status=request.status,
        )
    job = (
        session.execute(
            select(Job)
            .where(Job.request_id == request.id, Job.package_sha256 == request.package_sha256)
            .order_by(Job.id.desc())
        )
        .scalars()
        .first()
    )
    built_by = job.created_by_id if job else None
    if second_person and built_by is None:
        raise Conflict(
            "a second officer must release this package, and nobody is recorded as its "
            "builder: build it again",
            reason="second_person_required",
        )
    if second_person and built_by == user.id:
        raise PermissionDenied(
            "you built this package: a second FOI officer must release it",
            reason="second_person_required",
        )
    request.status = RequestStatus.RELEASED
    session.flush()
    audit.record(
        session,
        "request.released",
        "disclosure_request",
        request.id,
        actor=user,
        package_sha256=request.package_sha256,
        job_id=job.id if job else None,
        pages=job.pages if job else None,
        built_by_id=built_by,
        second_person=second_person,
    )
    return request


def latest_job(session: Session, request_id: int, kind: str) -> Job | None:
    return session.execute(
        select(Job)
        .where(Job.request_id == request_id, Job.kind == JOB_KINDS[kind])
        .order_by(Job.id.desc())
        .limit(1)
    ).scalar_one_or_none()


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


def list_requests(session: Session) -> list[DisclosureRequest]:
    return list(
        session.execute(select(DisclosureRequest).order_by(DisclosureRequest.id.desc())).scalars()
    )
