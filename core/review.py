"""The review as one FOI request sees it: the shared proposals of its documents and the boxes
it drew, each with the request's own decision, and its page dispositions.

Two requests over one document share the detected proposals (the worker keeps adding to
them) but never each other's decisions, drawn boxes or dispositions. The API reads and writes
these; the worker's package and consult jobs read them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Sequence
from dataclasses import dataclass

from sqlalchemy import ColumnElement, and_, exists, func, or_, select
from sqlalchemy.orm import Session

from core.errors import Conflict
from core.models import (
    DisclosureDocument,
    Finding,
    Page,
    PageDisposition,
    Redaction,
    ReviewDecision,
)

PROPOSED = "proposed"
DECISION_STATUSES = ("proposed", "accepted", "rejected")


@dataclass(frozen=True, slots=True)
class ReviewedBox:
    """A box with one request's decision applied (``proposed`` while it has none)."""

    id: int
    document_id: int
    page: int
    rect: tuple[float, float, float, float]
    entity_type: str | None
    exemption_code: str
    label: str | None
    status: str  # proposed | accepted | rejected
    source: str  # auto | manual
    finding_id: int | None
    request_id: int | None  # the request that drew it; None for a shared proposal
    reviewed_at: dt.datetime | None
    person: bool = False  # its finding names a known person of the case
    score: float | None = None  # its finding's detection score (None when drawn)

    @property
    def reviewed(self) -> bool:
        return self.reviewed_at is not None


def visible_to(request_id: int) -> ColumnElement[bool]:
    """The boxes a request sees: the shared proposals and its own."""
    return or_(Redaction.request_id.is_(None), Redaction.request_id == request_id)


def decision_of(request_id: int) -> ColumnElement[bool]:
    return and_(
        ReviewDecision.redaction_id == Redaction.id, ReviewDecision.request_id == request_id
    )


def effective_status() -> ColumnElement[str]:
    """A box's status in the request joined as ``ReviewDecision`` (see ``request_boxes``)."""
    return func.coalesce(ReviewDecision.status, PROPOSED)


def undecided() -> ColumnElement[bool]:
    """A box no request has decided about (the worker may withdraw or replace it)."""
    return and_(
        Redaction.request_id.is_(None),
        ~exists().where(ReviewDecision.redaction_id == Redaction.id),
    )


def request_boxes(
    session: Session,
    request_id: int,
    document_ids: Collection[int],
    *,
    statuses: Sequence[str] | None = None,
    box_ids: Collection[int] | None = None,
) -> list[ReviewedBox]:
    """The request's boxes on ``document_ids`` in page order, optionally only those whose
    status in this request is one of ``statuses`` or whose id is in ``box_ids``."""
    if not document_ids:
        return []
    query = (
        select(Redaction, ReviewDecision, Finding.person_key.is_not(None), Finding.score)
        .outerjoin(ReviewDecision, decision_of(request_id))
        .outerjoin(Finding, Finding.id == Redaction.finding_id)
        .where(Redaction.document_id.in_(list(document_ids)), visible_to(request_id))
        .order_by(Redaction.document_id, Redaction.page, Redaction.id)
    )
    if statuses is not None:
        query = query.where(effective_status().in_(list(statuses)))
    if box_ids is not None:
        query = query.where(Redaction.id.in_(list(box_ids)))
    return [
        _reviewed(box, decision, bool(person), score)
        for box, decision, person, score in session.execute(query)
    ]


def _reviewed(
    box: Redaction, decision: ReviewDecision | None, person: bool, score: float | None = None
) -> ReviewedBox:
    x0, y0, x1, y1 = (float(v) for v in box.rect)
    return ReviewedBox(
        id=box.id,
        document_id=box.document_id,
        page=box.page,
        rect=(x0, y0, x1, y1),
        entity_type=box.entity_type,
        exemption_code=decision.exemption_code if decision else box.exemption_code,
        label=decision.label if decision else box.label,
        status=decision.status if decision else PROPOSED,
        source=box.source,
        finding_id=box.finding_id,
        request_id=box.request_id,
        reviewed_at=decision.reviewed_at if decision else None,
        person=person,
        score=score,
    )


def request_box(session: Session, request_id: int, box_id: int) -> ReviewedBox | None:
    """One box as the request sees it (None when the request cannot see it)."""
    query = (
        select(Redaction, ReviewDecision, Finding.person_key.is_not(None), Finding.score)
        .outerjoin(ReviewDecision, decision_of(request_id))
        .outerjoin(Finding, Finding.id == Redaction.finding_id)
        .where(Redaction.id == box_id, visible_to(request_id))
    )
    row = session.execute(query).first()
    return None if row is None else _reviewed(row[0], row[1], bool(row[2]), row[3])


def decisions_of(
    session: Session, request_id: int, box_ids: Collection[int]
) -> dict[int, ReviewDecision]:
    """The request's decision rows for ``box_ids``, keyed by box id."""
    if not box_ids:
        return {}
    query = select(ReviewDecision).where(
        ReviewDecision.request_id == request_id, ReviewDecision.redaction_id.in_(list(box_ids))
    )
    return {d.redaction_id: d for d in session.execute(query).scalars()}


def count_boxes(
    session: Session, request_id: int, document_ids: Collection[int]
) -> tuple[int, int]:
    """(boxes the request sees, boxes a person has decided about) on ``document_ids``. A
    decision row still ``proposed`` (a code change before re-coding meant withholding) is
    not a decision."""
    if not document_ids:
        return 0, 0
    decided = func.count(ReviewDecision.id).filter(ReviewDecision.status != PROPOSED)
    row = session.execute(
        select(func.count(Redaction.id), decided)
        .select_from(Redaction)
        .outerjoin(ReviewDecision, decision_of(request_id))
        .where(Redaction.document_id.in_(list(document_ids)), visible_to(request_id))
    ).one()
    return int(row[0]), int(row[1])


def page_dispositions(
    session: Session, request_id: int, document_ids: Collection[int]
) -> dict[tuple[int, int], str]:
    """(document id, page number) -> the request's disposition of that page."""
    if not document_ids:
        return {}
    query = select(
        PageDisposition.document_id, PageDisposition.page, PageDisposition.disposition
    ).where(
        PageDisposition.request_id == request_id,
        PageDisposition.document_id.in_(list(document_ids)),
    )
    return {(doc, page): disposition for doc, page, disposition in session.execute(query)}


def withheld_page_codes(
    session: Session, request_id: int, document_ids: Collection[int]
) -> dict[tuple[int, int], str]:
    """(document id, page number) -> the exemption code of a page withheld in full."""
    if not document_ids:
        return {}
    query = select(
        PageDisposition.document_id, PageDisposition.page, PageDisposition.exemption_code
    ).where(
        PageDisposition.request_id == request_id,
        PageDisposition.document_id.in_(list(document_ids)),
        PageDisposition.disposition == "withheld_in_full",
        PageDisposition.exemption_code.is_not(None),
    )
    return {(doc, page): str(code) for doc, page, code in session.execute(query)}


def document_reviewed(session: Session, document_id: int) -> bool:
    """Whether any request has decided about or drawn a box on the document: its proposals
    are then kept as they are when the document is analysed again."""
    decided = (
        select(ReviewDecision.id)
        .join(Redaction, Redaction.id == ReviewDecision.redaction_id)
        .where(Redaction.document_id == document_id)
        .limit(1)
    )
    drawn = (
        select(Redaction.id)
        .where(Redaction.document_id == document_id, Redaction.request_id.is_not(None))
        .limit(1)
    )
    return (
        session.execute(decided).first() is not None or session.execute(drawn).first() is not None
    )


# Boxes and pages named in a refusal (its message names the first few; the count says all).
LISTED = 200
IN_MESSAGE = 5


class ReviewIncomplete(Conflict):
    """A package is built only from a finished review: every proposed box decided by a
    person and every page given a disposition. Details name boxes by document, page, id and
    entity type, never by value."""

    code = "review_incomplete"


def undecided_boxes(
    session: Session,
    request_id: int,
    document_ids: Collection[int],
    *,
    settled: Collection[int] = (),
) -> list[ReviewedBox]:
    """The request's boxes still ``proposed`` (no person accepted, re-coded or rejected them),
    except ``settled`` ones: those the requester policy leaves in, a decision the officer
    made by naming the requester."""
    left = set(settled)
    boxes = request_boxes(session, request_id, document_ids, statuses=(PROPOSED,))
    return [b for b in boxes if b.id not in left]


def pages_without_disposition(
    session: Session, request_id: int, document_ids: Collection[int]
) -> list[tuple[int, int]]:
    """(document id, page number) of every page the request has not disposed of."""
    if not document_ids:
        return []
    disposed = page_dispositions(session, request_id, document_ids)
    pages = session.execute(
        select(Page.document_id, Page.number)
        .where(Page.document_id.in_(list(document_ids)))
        .order_by(Page.document_id, Page.number)
    ).all()
    return [(doc, number) for doc, number in pages if (doc, number) not in disposed]


def require_reviewed(
    session: Session,
    request_id: int,
    document_ids: Collection[int],
    *,
    settled: Collection[int] = (),
) -> None:
    """Raise ReviewIncomplete unless every box and page of the request has been decided.

    The API checks before it starts a package job and the worker again before it builds
    the package (proposals may have been added in between, and the API is not trusted)."""
    boxes = undecided_boxes(session, request_id, document_ids, settled=settled)
    pages = pages_without_disposition(session, request_id, document_ids)
    if not boxes and not pages:
        return
    listed = [
        {"document_id": b.document_id, "page": b.page, "box_id": b.id, "entity_type": b.entity_type}
        for b in boxes[:LISTED]
    ]
    parts = []
    if boxes:
        named = "; ".join(
            f"document {b.document_id} page {b.page} box {b.id} ({b.entity_type or 'drawn'})"
            for b in boxes[:IN_MESSAGE]
        )
        more = f"; and {len(boxes) - IN_MESSAGE} more" if len(boxes) > IN_MESSAGE else ""
        parts.append(f"{len(boxes)} proposed box(es) have no decision: {named}{more}")
    if pages:
        named = "; ".join(f"document {d} page {p}" for d, p in pages[:IN_MESSAGE])
        more = f"; and {len(pages) - IN_MESSAGE} more" if len(pages) > IN_MESSAGE else ""
        parts.append(f"{len(pages)} page(s) have no disposition: {named}{more}")
    raise ReviewIncomplete(
        "the package cannot be built until the review is finished: " + ". ".join(parts),
        reason="review_incomplete",
        undecided_count=len(boxes),
        undecided=listed,
        pages_without_disposition_count=len(pages),
        pages_without_disposition=[{"document_id": d, "page": p} for d, p in pages[:LISTED]],
    )


def chosen_titles(session: Session, request_id: int) -> dict[int, str]:
    """The titles officers gave the request's documents for its package, by document id."""
    rows = session.execute(
        select(DisclosureDocument.document_id, DisclosureDocument.package_title).where(
            DisclosureDocument.request_id == request_id,
            DisclosureDocument.package_title.is_not(None),
        )
    )
    return {int(row[0]): str(row[1]) for row in rows}


def package_title(case_reference: str | None, document_id: int, chosen: str | None = None) -> str:
    """A document's title in a package's index and log, and on the review and request pages:
    the officer's own (``DisclosureDocument.package_title``), else a value-free one (case
    reference and document number), never the file name, which often names a person."""
    if chosen and chosen.strip():
        return " ".join(chosen.split())
    return f"{case_reference or 'case'} / document {document_id}"
