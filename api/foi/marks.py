"""What the officer adds by hand: drawn boxes, boxes for a searched term, page dispositions
and duplicate pages."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Sequence
from dataclasses import dataclass

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from api.foi.decisions import audit_code, check_code, get_box
from api.foi.requests import mark_changed, request_document_ids, request_documents
from api.state import AppState
from core import audit, review
from core.errors import Conflict, InvalidInput, NotFound
from core.law.packs import exemption_code_for
from core.models import (
    DisclosureRequest,
    Document,
    Page,
    PageDisposition,
    Redaction,
    ReviewDecision,
    User,
    utcnow,
)
from core.review import ReviewedBox
from core.vocab import ENTITY_TYPES
from redaction.duplicates import Duplicate, find_duplicates
from redaction.pdf_text import TermHit, find_term_boxes

DISPOSITIONS: tuple[str, ...] = (
    "released_in_full",
    "released_in_part",
    "withheld_in_full",
    "not_responsive",
    "duplicate",
)


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
    mark_changed(request)
    if document_id not in request_document_ids(session, request.id):
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
        exemption_code=check_code(exemption_code),
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
    mark_changed(request)
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
    mark_changed(request)
    code = check_code(exemption_code)
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
            check_code(exemption_code)
            if exemption_code and exemption_code.strip()
            else exemption_code_for(request.jurisdiction, "PERSON", request.received_on)
        )
    mark_changed(request)
    if document_id not in request_document_ids(session, request.id):
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
    ids = request_document_ids(session, request_id)
    if pages is None:
        pages = list(session.execute(select(Page).where(Page.document_id.in_(ids))).scalars())
    order = {doc_id: i for i, doc_id in enumerate(ids)}
    ordered = sorted(pages, key=lambda p: (order.get(p.document_id, 0), p.number))
    return find_duplicates([((p.document_id, p.number), p.text) for p in ordered])


def mark_duplicates(session: Session, user: User, request: DisclosureRequest) -> int:
    """Set ``duplicate`` on every found duplicate page that has no disposition yet."""
    mark_changed(request)
    ids = request_document_ids(session, request.id)
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
