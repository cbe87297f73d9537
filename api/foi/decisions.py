"""The review decisions of one request: accept, reject, re-code or reset a box, one at a time
or in bulk, the boxes the requester policy keeps, and the review's progress."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from api.foi.requests import mark_changed, request_document_ids
from core import audit, review
from core.errors import InvalidInput, NotFound
from core.models import (
    DisclosureRequest,
    Finding,
    Page,
    PageDisposition,
    Redaction,
    ReviewDecision,
    User,
    utcnow,
)
from core.review import ReviewedBox
from core.vocab import ENTITY_TYPES
from extraction.document import PAGE_SEPARATOR
from redaction.findings import PiFinding
from redaction.policy import keeps_requester, requesters_own

EXEMPTION_CODE = re.compile(r"^[A-Za-z0-9 .()/,\-]{1,40}$")


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


def progress(session: Session, request_id: int) -> Progress:
    """Pages with a disposition and boxes with a decision, in this request."""
    ids = request_document_ids(session, request_id)
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
    if not keeps_requester(request.policy, request.requester):
        return set()
    own: set[int] = set()
    for document_id in request_document_ids(session, request.id):
        text, findings = _document_findings(session, document_id)
        own |= requesters_own(request.policy, request.requester, text, findings)
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


def get_box(session: Session, request: DisclosureRequest, redaction_id: int) -> ReviewedBox:
    """A box of the request's documents as the request sees it (another request's drawn
    boxes are not found)."""
    box = review.request_box(session, request.id, redaction_id)
    if box is None or box.document_id not in request_document_ids(session, request.id):
        raise NotFound(f"redaction {redaction_id} is not part of this request")
    return box


def audit_code(code: str) -> str:
    """An exemption code as the audit log accepts it (no spaces): 'FIPPA_s.21(1)'."""
    return code.replace(" ", "_").replace(",", "")


def check_code(code: str) -> str:
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
    mark_changed(request)
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
        row.exemption_code = check_code(exemption_code)
        details["to_code"] = audit_code(row.exemption_code)
        details["previous_status"] = row.status
        row.status = "accepted"
        action = "redaction.recoded"
    elif decision in ("accept", "reject"):
        row.status = "accepted" if decision == "accept" else "rejected"
        if exemption_code:
            row.exemption_code = check_code(exemption_code)
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
    ids = request_document_ids(session, request.id)
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
    mark_changed(request)
    found = bulk_matches(session, request, entity_type, same_as, match)
    chosen = found.box_ids
    if box_ids is not None:
        wanted = set(box_ids)
        chosen = [i for i in found.box_ids if i in wanted]
    ids = request_document_ids(session, request.id)
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
