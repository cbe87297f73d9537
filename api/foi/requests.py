"""FOI requests: creating one, its requester, due dates and time changes, and the documents
chosen for it; the helpers every other step starts from (a request found, editable, changed)."""

from __future__ import annotations

import datetime as dt
import re
import uuid
from collections.abc import Mapping, Sequence

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from api.schemas import MAX_ID
from core import audit, review
from core.errors import Conflict, InvalidInput, NotFound
from core.law.calendar import foi_due_date
from core.models import (
    Case,
    DisclosureDocument,
    DisclosureRequest,
    Document,
    RequestTimeChange,
    User,
)
from core.vocab import JURISDICTIONS, POLICIES, RequestStatus

REQUESTER_TYPES: tuple[str, ...] = ("complainant", "third_party", "media", "counsel")


TIME_CHANGE_KINDS: tuple[str, ...] = ("extension", "on_hold")


NUMBER = re.compile(r"^REQ-\d{4}-\d{4,6}$")


SCOPE_MAX = 4000


MAX_DAYS = 365


MAX_REQUESTER_VALUES = 20


MAX_REQUESTER_VALUE = 200


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


def mark_changed(request: DisclosureRequest) -> None:
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
        mark_changed(request)
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
    mark_changed(request)
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


def request_document_ids(session: Session, request_id: int) -> list[int]:
    return list(
        session.execute(
            select(DisclosureDocument.document_id)
            .where(DisclosureDocument.request_id == request_id)
            .order_by(DisclosureDocument.position)
        ).scalars()
    )


def list_requests(session: Session) -> list[DisclosureRequest]:
    return list(
        session.execute(select(DisclosureRequest).order_by(DisclosureRequest.id.desc())).scalars()
    )
