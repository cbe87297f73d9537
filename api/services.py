"""Use cases shared by the API routes, the pages and the CLI: open a case, take in a document.

Each function works inside the caller's transaction and records its audit event there;
the caller commits, then enqueues (never before the commit).
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any, BinaryIO

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from api.state import AppState
from core import audit
from core.errors import Conflict, EncryptedPdf, InvalidInput, NotFound
from core.filenames import safe_filename
from core.models import Case, Document, Page, User
from core.sealing import seal
from core.vocab import ENTITY_TYPES, DocumentStatus, DocumentType
from extraction.sniff import HEAD_SIZE, sniff_type

MAX_PASSWORD_CHARS = 256


def create_case(session: Session, user: User, title: str, jurisdiction: str) -> Case:
    case = Case(
        reference=f"pending-{uuid.uuid4().hex}",
        title=title,
        jurisdiction=jurisdiction,
        created_by_id=user.id,
    )
    session.add(case)
    session.flush()
    case.reference = f"CASE-{case.created_at.year}-{case.id:04d}"
    audit.record(session, "case.created", "case", case.id, actor=user, jurisdiction=jurisdiction)
    return case


def get_case(session: Session, case_id: int) -> Case:
    case = session.get(Case, case_id)
    if case is None:
        raise NotFound(f"case {case_id} does not exist")
    return case


def get_document(session: Session, document_id: int) -> Document:
    document = session.get(Document, document_id)
    if document is None:
        raise NotFound(f"document {document_id} does not exist")
    return document


def _sniffed_type(path: Path) -> DocumentType:
    with path.open("rb") as handle:
        return sniff_type(handle.read(HEAD_SIZE), path).type


def take_upload(
    state: AppState,
    session: Session,
    *,
    case: Case,
    user: User | None,
    source: BinaryIO,
    filename: str,
    content_type: str,
    password: str | None = None,
) -> tuple[Document, bool]:
    """Store the bytes once and add a ``received`` document; (document, created).

    The type is sniffed before the blob is kept, so an unreadable type is refused (415) with
    nothing stored. The same bytes already in this case return the existing document.
    ``password`` opens an encrypted PDF; it is kept, sealed with the installation key, only
    until the worker has stored a decrypted copy, and not at all for a file that is no PDF.
    """
    sniffed: list[DocumentType] = []
    blob = state.blobs.write(source, validate=lambda path: sniffed.append(_sniffed_type(path)))
    checked = _checked_password(password)
    is_pdf = sniffed == [DocumentType.PDF]
    existing = _find_duplicate(session, case.id, blob.sha256)
    if existing is not None:
        return existing, False
    document = Document(
        case_id=case.id,
        filename=safe_filename(filename),
        sha256=blob.sha256,
        size=blob.size,
        declared_content_type=(content_type or "")[:200],
        status=DocumentStatus.RECEIVED,
        created_by_id=user.id if user else None,
        pdf_password_sealed=seal(state.settings.secret_key, checked)
        if checked and is_pdf
        else None,
    )
    try:
        with session.begin_nested():
            session.add(document)
            session.flush()
    except IntegrityError:
        # Another request stored the same bytes in this case a moment ago.
        duplicate = _find_duplicate(session, case.id, blob.sha256)
        if duplicate is None:
            raise
        return duplicate, False
    audit.record(
        session,
        "document.uploaded",
        "document",
        document.id,
        actor=user,
        actor_name=None if user else "cli",
        case_id=case.id,
        sha256=blob.sha256,
        size=blob.size,
        password_supplied=bool(checked),
    )
    return document, True


def _checked_password(password: str | None) -> str | None:
    if not password:
        return None
    if len(password) > MAX_PASSWORD_CHARS:
        raise InvalidInput(f"the password is longer than {MAX_PASSWORD_CHARS} characters")
    return password


def supply_password(
    session: Session, document: Document, user: User, password: str, *, secret_key: str
) -> None:
    """A coordinator gives the password of a PDF refused as encrypted: it is processed again
    from the structural step (the stored original is unchanged); the password is kept sealed
    with ``secret_key`` until then."""
    if document.status != DocumentStatus.FAILED or document.error_code != EncryptedPdf.code:
        raise Conflict(
            f"document {document.id} is {document.status}"
            + (f" ({document.error_code})" if document.error_code else "")
            + "; a password is only taken for a PDF refused as encrypted"
        )
    checked = _checked_password(password)
    if checked is None:
        raise InvalidInput("the password is empty")
    document.pdf_password_sealed = seal(secret_key, checked)
    document.status = DocumentStatus.STORED
    document.error_code = None
    document.error_message = None
    document.deliveries = 0
    document.delivered_at = document.delivery_id = None  # the next message may take it
    audit.record(session, "document.password_supplied", "document", document.id, actor=user)


def _find_duplicate(session: Session, case_id: int, sha256: str) -> Document | None:
    return session.execute(
        select(Document).where(
            Document.case_id == case_id,
            Document.sha256 == sha256,
            Document.parent_id.is_(None),
        )
    ).scalar_one_or_none()


MAX_LIST_TERM = 200


def _term(value: str) -> str:
    term = " ".join(value.split())
    if not 2 <= len(term) <= MAX_LIST_TERM:
        raise InvalidInput(f"a list term has 2 to {MAX_LIST_TERM} characters", field="term")
    return term


def redaction_lists_json(case: Case) -> dict[str, Any]:
    lists = case.redaction_lists or {}
    return {
        "case_id": case.id,
        "allow": list(lists.get("allow", [])),
        "deny": [dict(d) for d in lists.get("deny", [])],
        "pending": case.lists_pending,
    }


def set_redaction_lists(
    session: Session,
    user: User,
    case: Case,
    allow: Sequence[str],
    deny: Sequence[tuple[str, str]],
) -> Case:
    """Replace the case's allow and deny lists; the worker then applies them to the proposals
    (enqueue after the commit). The audit records counts: terms are often names."""
    allowed: dict[str, str] = {}
    for value in allow:
        term = _term(value)
        allowed.setdefault(term.casefold(), term)
    denied: dict[tuple[str, str], dict[str, str]] = {}
    for value, entity_type in deny:
        term = _term(value)
        if entity_type not in ENTITY_TYPES:
            raise InvalidInput("unknown entity type", field="entity_type")
        denied.setdefault(
            (term.casefold(), entity_type), {"term": term, "entity_type": entity_type}
        )
    before = case.redaction_lists or {}
    old_allow = {t.casefold() for t in before.get("allow", [])}
    old_deny = {(d["term"].casefold(), d["entity_type"]) for d in before.get("deny", [])}
    case.redaction_lists = {"allow": list(allowed.values()), "deny": list(denied.values())}
    changed = set(allowed) != old_allow or set(denied) != old_deny
    if changed:
        case.lists_pending = True
    session.flush()
    audit.record(
        session,
        "case.redaction_lists_set",
        "case",
        case.id,
        actor=user,
        changed=changed,
        allow=len(allowed),
        deny=len(denied),
        allow_added=len(set(allowed) - old_allow),
        allow_removed=len(old_allow - set(allowed)),
        deny_added=len(set(denied) - old_deny),
        deny_removed=len(old_deny - set(denied)),
    )
    return case


def pages_read(session: Session, document_ids: Sequence[int]) -> dict[int, int]:
    """Pages stored so far for each document: a long PDF is read a range of pages at a time,
    so this against ``page_count`` is the processing progress shown beside its status."""
    if not document_ids:
        return {}
    rows = session.execute(
        select(Page.document_id, func.count())
        .where(Page.document_id.in_(list(document_ids)))
        .group_by(Page.document_id)
    ).all()
    return {int(document_id): int(count) for document_id, count in rows}


# Reads the routers share (no router writes SQL of its own).


def list_cases(session: Session) -> list[Case]:
    """Every case, newest first."""
    return list(session.execute(select(Case).order_by(Case.id.desc())).scalars())


def cases_by_id(session: Session, case_ids: Iterable[int]) -> dict[int, Case]:
    wanted = set(case_ids)
    if not wanted:
        return {}
    return {c.id: c for c in session.execute(select(Case).where(Case.id.in_(wanted))).scalars()}


def case_documents(session: Session, case_id: int) -> list[Document]:
    """A case's documents (attachments included) in upload order."""
    return list(
        session.execute(
            select(Document).where(Document.case_id == case_id).order_by(Document.id)
        ).scalars()
    )


def documents_with_pdf(session: Session) -> list[tuple[Document, str]]:
    """Every document an FOI request can include (it has a PDF), with its case's reference,
    by case then upload order."""
    return [
        (document, reference)
        for document, reference in session.execute(
            select(Document, Case.reference)
            .join(Case, Case.id == Document.case_id)
            .where(Document.pdf_sha256.is_not(None))
            .order_by(Case.id, Document.id)
        )
    ]


def document_pages(session: Session, document_id: int) -> list[Page]:
    """A document's stored pages in order."""
    return list(
        session.execute(
            select(Page).where(Page.document_id == document_id).order_by(Page.number)
        ).scalars()
    )


def list_users(session: Session) -> list[User]:
    return list(session.execute(select(User).order_by(User.id)).scalars())


def users_by_id(session: Session, user_ids: Iterable[int | None]) -> dict[int, User]:
    wanted = {user_id for user_id in user_ids if user_id is not None}
    if not wanted:
        return {}
    return {u.id: u for u in session.execute(select(User).where(User.id.in_(wanted))).scalars()}


def username_taken(session: Session, username: str) -> bool:
    return session.execute(select(User.id).where(User.username == username)).first() is not None


def get_user(session: Session, user_id: int) -> User:
    user = session.get(User, user_id)
    if user is None:
        raise NotFound(f"user {user_id} does not exist")
    return user


def case_reference(session: Session, case_id: int | None) -> str | None:
    """The case's reference, or None without a case."""
    case = session.get(Case, case_id) if case_id is not None else None
    return case.reference if case is not None else None
