"""Database models (SQLAlchemy 2). The rows are the source of truth for every status.

Relationships are ``lazy="raise"`` so an N+1 query fails in tests instead of slowing
production; load what a view needs with explicit options.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, ClassVar

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
    false,
    text,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship, validates

from core.vocab import (
    FINAL_DOCUMENT_STATUSES,
    DocumentStatus,
    JobStatus,
    LetterStatus,
    RequestStatus,
)

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class UTCDateTime(TypeDecorator[dt.datetime]):
    """Stores UTC, always returns an aware datetime (SQLite drops the offset otherwise)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: dt.datetime | None, dialect: Dialect) -> Any:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        return value.astimezone(dt.UTC)

    def process_result_value(self, value: Any, dialect: Dialect) -> dt.datetime | None:
        if value is None:
            return None
        stored: dt.datetime = value
        if stored.tzinfo is None:
            return stored.replace(tzinfo=dt.UTC)
        return stored.astimezone(dt.UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map: ClassVar[dict[Any, Any]] = {
        dt.datetime: UTCDateTime(),
        dict[str, Any]: JSON,
        list[Any]: JSON,
    }


class User(Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(80), unique=True)
    display_name: Mapped[str] = mapped_column(String(200))
    password_hash: Mapped[str] = mapped_column(String(255))
    roles: Mapped[list[Any]] = mapped_column(default=list)
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class ApiToken(Base):
    """Bearer tokens: only a SHA-256 of the secret is stored (tokens are 256-bit random)."""

    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(120))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    prefix: Mapped[str] = mapped_column(String(16))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    last_used_at: Mapped[dt.datetime | None] = mapped_column(default=None)
    revoked_at: Mapped[dt.datetime | None] = mapped_column(default=None)

    user: Mapped[User] = relationship(lazy="raise")


class WebSession(Base):
    """A signed-in browser: the cookie holds the secret, the row its hash and the CSRF token."""

    __tablename__ = "web_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    session_hash: Mapped[str] = mapped_column(String(64), unique=True)
    csrf_token: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[dt.datetime] = mapped_column()

    user: Mapped[User] = relationship(lazy="raise")


class Case(Base):
    __tablename__ = "cases"

    id: Mapped[int] = mapped_column(primary_key=True)
    reference: Mapped[str] = mapped_column(String(40), unique=True)
    title: Mapped[str] = mapped_column(String(300))
    jurisdiction: Mapped[str] = mapped_column(String(16))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), default=None)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    facts: Mapped[dict[str, Any]] = mapped_column(default=dict)
    # Per-case redaction lists: {"allow": [term], "deny": [{"term", "entity_type"}]}. Terms are
    # often names (personal information): they live here, never in the audit log.
    redaction_lists: Mapped[dict[str, Any]] = mapped_column(
        default=dict, server_default=text("'{}'")
    )
    # Set when the lists change, cleared once the worker has applied them to the proposals
    # (start-up recovery re-sends what is still pending).
    lists_pending: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())

    documents: Mapped[list[Document]] = relationship(lazy="raise", back_populates="case")


class Document(Base):
    """One uploaded file (or an attachment of one). The blob is never modified."""

    __tablename__ = "documents"
    __table_args__ = (
        # The same bytes uploaded twice to one case are one document (attachments excepted).
        Index(
            "uq_documents_case_sha256_top",
            "case_id",
            "sha256",
            unique=True,
            sqlite_where=text("parent_id IS NULL"),
            postgresql_where=text("parent_id IS NULL"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    parent_id: Mapped[int | None] = mapped_column(
        ForeignKey("documents.id", ondelete="CASCADE"), index=True, default=None
    )
    filename: Mapped[str] = mapped_column(String(255))
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    size: Mapped[int] = mapped_column(BigInteger)
    declared_content_type: Mapped[str] = mapped_column(String(200), default="")
    detected_type: Mapped[str | None] = mapped_column(String(16), default=None)
    type_description: Mapped[str | None] = mapped_column(String(200), default=None)
    name_mismatch: Mapped[bool] = mapped_column(Boolean, default=False)
    status: Mapped[str] = mapped_column(String(20), default=DocumentStatus.RECEIVED, index=True)
    error_code: Mapped[str | None] = mapped_column(String(40), default=None)
    error_message: Mapped[str | None] = mapped_column(Text, default=None)
    deliveries: Mapped[int] = mapped_column(Integer, default=0)
    # When a worker last began a task for it (or a sweep re-enqueued it): see worker/recovery.
    delivered_at: Mapped[dt.datetime | None] = mapped_column(default=None, index=True)
    # The broker task id that holds the row (see worker/claims): a second message for it does
    # nothing while that delivery is live.
    delivery_id: Mapped[str | None] = mapped_column(String(64), default=None)
    page_count: Mapped[int | None] = mapped_column(Integer, default=None)
    language: Mapped[str | None] = mapped_column(String(8), default=None)
    # The case step's fingerprint (an HMAC) of the case's people when it last searched this
    # document for their mentions and linked its names to them: while the people stay the
    # same, the document is not searched again (worker/case_step). Cleared when the
    # document's findings change by another way (analysis, the case lists).
    case_people_hmac: Mapped[str | None] = mapped_column(String(64), default=None)
    warnings: Mapped[list[Any]] = mapped_column(default=list)
    flags: Mapped[list[Any]] = mapped_column(default=list)
    # The PDF the page boxes refer to: the original PDF, or the rendering of a DOCX/e-mail/image.
    pdf_sha256: Mapped[str | None] = mapped_column(String(64), default=None)
    # An encrypted PDF's password as supplied, sealed with the installation key
    # (core.sealing): held only while the document waits for its structural step, cleared
    # when that step has stored a decrypted copy and on every final status. Never in clear,
    # never audited or returned.
    pdf_password_sealed: Mapped[str | None] = mapped_column(Text, default=None)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), default=None)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    case: Mapped[Case] = relationship(lazy="raise", back_populates="documents")

    @validates("status")
    def _forget_password_when_final(self, _key: str, status: str) -> str:
        """A document that reaches a final status (analysed, failed, quarantined, ...) needs
        no password any more, whichever path set the status."""
        if status in FINAL_DOCUMENT_STATUSES:
            self.pdf_password_sealed = None
        return status


class DocumentStep(Base):
    """A pipeline step done for a document: the unique key makes a re-run a no-op."""

    __tablename__ = "document_steps"
    __table_args__ = (UniqueConstraint("document_id", "step", "version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"))
    step: Mapped[str] = mapped_column(String(40))
    version: Mapped[int] = mapped_column(Integer, default=1)
    completed_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class Page(Base):
    __tablename__ = "pages"
    __table_args__ = (UniqueConstraint("document_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"))
    number: Mapped[int] = mapped_column(Integer)
    width: Mapped[float] = mapped_column(Float)
    height: Mapped[float] = mapped_column(Float)
    text: Mapped[str] = mapped_column(Text, default="")
    language: Mapped[str | None] = mapped_column(String(8), default=None)
    source: Mapped[str] = mapped_column(String(10), default="text")
    # The lower-left corner of the page's MediaBox: ``width``/``height`` and every stored box
    # are in the PDF's user space, which starts at (0, 0) only when the MediaBox does. The
    # page image shows the MediaBox, so the review page maps boxes through this origin.
    origin_x: Mapped[float] = mapped_column(Float, default=0.0, server_default="0")
    origin_y: Mapped[float] = mapped_column(Float, default=0.0, server_default="0")
    # The page's character boxes (extraction.document.pack_boxes), so that later steps can box
    # any span of ``text`` without reading the document again.
    boxes_sha256: Mapped[str | None] = mapped_column(String(64), default=None)


class Finding(Base):
    """A detected fact or PI candidate. PI findings keep an HMAC of their text, not the text."""

    __tablename__ = "findings"

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(
        ForeignKey("documents.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(String(20))  # pi | allegation | date | party
    label: Mapped[str] = mapped_column(String(60))  # entity type, category or role
    page: Mapped[int | None] = mapped_column(Integer, default=None)
    start: Mapped[int | None] = mapped_column(Integer, default=None)
    end: Mapped[int | None] = mapped_column(Integer, default=None)
    score: Mapped[float | None] = mapped_column(Float, default=None)
    recognizer: Mapped[str | None] = mapped_column(String(80), default=None)
    text_hmac: Mapped[str | None] = mapped_column(String(64), default=None)
    # PERSON findings: which person of the case they name (full name, surname alone, initials,
    # possessive...), as an HMAC of the case and the person's normalised full name. Set by the
    # worker's case-level step; never the name itself.
    person_key: Mapped[str | None] = mapped_column(String(64), default=None, index=True)
    value: Mapped[dict[str, Any]] = mapped_column(default=dict)


class Redaction(Base):
    """A box on a page. Detected proposals (``request_id`` empty) are shared by every FOI
    request that includes the document; a box an officer draws belongs to their request.
    Decisions about a box are the request's own: see ``ReviewDecision``."""

    __tablename__ = "redactions"

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(
        ForeignKey("documents.id", ondelete="CASCADE"), index=True
    )
    finding_id: Mapped[int | None] = mapped_column(
        ForeignKey("findings.id", ondelete="SET NULL"), default=None
    )
    page: Mapped[int] = mapped_column(Integer)
    rect: Mapped[list[Any]] = mapped_column()
    entity_type: Mapped[str | None] = mapped_column(String(40), default=None)
    exemption_code: Mapped[str] = mapped_column(String(40))
    label: Mapped[str | None] = mapped_column(String(80), default=None)
    source: Mapped[str] = mapped_column(String(12), default="auto")  # auto | manual
    request_id: Mapped[int | None] = mapped_column(
        ForeignKey("disclosure_requests.id", ondelete="CASCADE"), index=True, default=None
    )


class ReviewDecision(Base):
    """An FOI request's decision about one box: two requests over one document decide apart.

    No row: the box is still proposed in that request. ``status`` stays ``proposed`` when the
    officer only changed the exemption code. A released request's decisions never change.
    """

    __tablename__ = "review_decisions"
    __table_args__ = (UniqueConstraint("request_id", "redaction_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    request_id: Mapped[int] = mapped_column(
        ForeignKey("disclosure_requests.id", ondelete="CASCADE")
    )
    redaction_id: Mapped[int] = mapped_column(
        ForeignKey("redactions.id", ondelete="CASCADE"), index=True
    )
    status: Mapped[str] = mapped_column(String(12))  # proposed | accepted | rejected
    exemption_code: Mapped[str] = mapped_column(String(40))
    label: Mapped[str | None] = mapped_column(String(80), default=None)
    reviewed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), default=None)
    reviewed_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class PageDisposition(Base):
    """An FOI request's disposition of one page of one of its documents."""

    __tablename__ = "page_dispositions"
    __table_args__ = (UniqueConstraint("request_id", "document_id", "page"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    request_id: Mapped[int] = mapped_column(
        ForeignKey("disclosure_requests.id", ondelete="CASCADE")
    )
    document_id: Mapped[int] = mapped_column(
        ForeignKey("documents.id", ondelete="CASCADE"), index=True
    )
    page: Mapped[int] = mapped_column(Integer)
    disposition: Mapped[str] = mapped_column(String(30))
    # A page withheld in full is withheld under a section: its placeholder page names it.
    exemption_code: Mapped[str | None] = mapped_column(String(40), default=None)
    set_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), default=None)
    set_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class DisclosureRequest(Base):
    __tablename__ = "disclosure_requests"

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[str] = mapped_column(String(40), unique=True)
    received_on: Mapped[dt.date] = mapped_column(Date)
    requester_type: Mapped[str] = mapped_column(String(20))
    policy: Mapped[str] = mapped_column(String(40), default="public")
    # Who asked (personal information): {"names": [...], "identifiers": [...]}; under the
    # requester policy their own information stays in. Never written to the audit log.
    requester: Mapped[dict[str, Any]] = mapped_column(default=dict, server_default=text("'{}'"))
    jurisdiction: Mapped[str] = mapped_column(String(16))
    # The case the request is about (documents may still come from others), and what was
    # asked for in the requester's words as the officer records them. No foreign key: adding
    # one would rebuild this table on SQLite (migration 0016); create_request checks the case.
    case_id: Mapped[int | None] = mapped_column(Integer, default=None)
    scope: Mapped[str] = mapped_column(Text, default="", server_default="")
    due_on: Mapped[dt.date | None] = mapped_column(Date, default=None)
    status: Mapped[str] = mapped_column(String(20), default=RequestStatus.OPEN)
    package_sha256: Mapped[str | None] = mapped_column(String(64), default=None)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), default=None)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class DisclosureDocument(Base):
    __tablename__ = "disclosure_documents"
    __table_args__ = (UniqueConstraint("request_id", "document_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    request_id: Mapped[int] = mapped_column(
        ForeignKey("disclosure_requests.id", ondelete="CASCADE")
    )
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer)
    # The officer's title for the package index and log (a file name often names a person,
    # so none is used unless an officer writes one); None: the value-free default.
    package_title: Mapped[str | None] = mapped_column(String(200), default=None)


class TemplateVersion(Base):
    """An immutable letter template file: a change is a new version with its own hash."""

    __tablename__ = "template_versions"
    __table_args__ = (UniqueConstraint("kind", "variant", "lang", "version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(40))
    variant: Mapped[str] = mapped_column(String(40))
    lang: Mapped[str] = mapped_column(String(4))
    version: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    change_note: Mapped[str] = mapped_column(Text, default="")
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), default=None)
    # Who published it, as the manifest or the uploading user names them.
    author_name: Mapped[str] = mapped_column(String(200), default="", server_default="")
    active: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class Letter(Base):
    __tablename__ = "letters"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    template_version_id: Mapped[int] = mapped_column(ForeignKey("template_versions.id"))
    # The template file's hash, recorded on the letter itself (pinning survives any re-seed).
    template_sha256: Mapped[str | None] = mapped_column(String(64), default=None)
    status: Mapped[str] = mapped_column(String(20), default=LetterStatus.DRAFT)
    context: Mapped[dict[str, Any]] = mapped_column(default=dict)
    docx_sha256: Mapped[str | None] = mapped_column(String(64), default=None)
    pdf_sha256: Mapped[str | None] = mapped_column(String(64), default=None)
    pdf_error: Mapped[str | None] = mapped_column(Text, default=None)
    comments: Mapped[list[Any]] = mapped_column(default=list)
    # The context as a team lead last returned it, so the resubmitted letter's review shows
    # what the author changed since (None until a letter is first returned).
    returned_context: Mapped[dict[str, Any] | None] = mapped_column(JSON, default=None)
    drafted_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), default=None)
    # The last person who changed the context: an author too, so never its approver.
    edited_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), default=None)
    approved_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), default=None)
    approved_at: Mapped[dt.datetime | None] = mapped_column(default=None)
    issued_on: Mapped[dt.date | None] = mapped_column(Date, default=None)
    channel: Mapped[str | None] = mapped_column(String(20), default=None)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    # Deliveries of the PDF task for the current DOCX, as for documents (worker/claims).
    deliveries: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    delivered_at: Mapped[dt.datetime | None] = mapped_column(default=None, index=True)
    delivery_id: Mapped[str | None] = mapped_column(String(64), default=None)


class LetterVersion(Base):
    """One saved version of a letter: who drafted or edited it, when, and hashes of what.

    Every author of any version is an author of the letter, so none of them may approve it
    (the letter row alone remembered only the last editor). Hashes only, never the text.
    """

    __tablename__ = "letter_versions"
    __table_args__ = (UniqueConstraint("letter_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    letter_id: Mapped[int] = mapped_column(ForeignKey("letters.id", ondelete="CASCADE"))
    number: Mapped[int] = mapped_column(Integer)
    action: Mapped[str] = mapped_column(String(20))  # drafted | edited
    editor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), default=None)
    at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    # Unknown (None) for the earlier versions of letters made before migration 0009.
    context_sha256: Mapped[str | None] = mapped_column(String(64), default=None)
    docx_sha256: Mapped[str | None] = mapped_column(String(64), default=None)


class Job(Base):
    """A batch job (e.g. a disclosure over hundreds of documents) and its progress."""

    __tablename__ = "jobs"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(40))
    request_id: Mapped[int | None] = mapped_column(
        ForeignKey("disclosure_requests.id", ondelete="CASCADE"), default=None
    )
    status: Mapped[str] = mapped_column(String(20), default=JobStatus.QUEUED)
    total: Mapped[int] = mapped_column(Integer, default=0)
    done: Mapped[int] = mapped_column(Integer, default=0)
    failed: Mapped[int] = mapped_column(Integer, default=0)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), default=None)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    finished_at: Mapped[dt.datetime | None] = mapped_column(default=None)
    # What the job made: a disclosure package (or consult copy) and its CSV redaction log.
    package_sha256: Mapped[str | None] = mapped_column(String(64), default=None)
    csv_sha256: Mapped[str | None] = mapped_column(String(64), default=None)
    pages: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    error_message: Mapped[str | None] = mapped_column(Text, default=None)
    # Deliveries of the package-build task, as for documents (worker/claims).
    deliveries: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    delivered_at: Mapped[dt.datetime | None] = mapped_column(default=None, index=True)
    delivery_id: Mapped[str | None] = mapped_column(String(64), default=None)


class JobItem(Base):
    """One document of a batch job: its own status and delivery count (the task's truth)."""

    __tablename__ = "job_items"
    __table_args__ = (UniqueConstraint("job_id", "document_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    job_id: Mapped[int] = mapped_column(ForeignKey("jobs.id", ondelete="CASCADE"), index=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(20), default="queued", server_default="queued")
    deliveries: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    delivered_at: Mapped[dt.datetime | None] = mapped_column(default=None, index=True)
    delivery_id: Mapped[str | None] = mapped_column(String(64), default=None)
    error_code: Mapped[str | None] = mapped_column(String(40), default=None)
    error_message: Mapped[str | None] = mapped_column(Text, default=None)
    # The redacted (or consult) PDF of this document, a blob.
    pdf_sha256: Mapped[str | None] = mapped_column(String(64), default=None)
    boxes: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    # JSON [[page, code, label], ...]: boxes the second pass added over further occurrences
    # of accepted values (counted in the package's redaction log).
    second_pass: Mapped[str | None] = mapped_column(Text, default=None)
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class RequestTimeChange(Base):
    """An extension or an on-hold period of an FOI request, with its reason; moves the due date."""

    __tablename__ = "request_time_changes"

    id: Mapped[int] = mapped_column(primary_key=True)
    request_id: Mapped[int] = mapped_column(
        ForeignKey("disclosure_requests.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(String(20))  # extension | on_hold
    days: Mapped[int] = mapped_column(Integer)
    reason: Mapped[str] = mapped_column(Text)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), default=None)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class AuditEvent(Base):
    """Append-only, hash-chained. Details hold ids, counts and hashes, never text or PI."""

    __tablename__ = "audit_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    seq: Mapped[int] = mapped_column(BigInteger, unique=True)
    at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    actor_id: Mapped[int | None] = mapped_column(Integer, default=None)
    actor: Mapped[str] = mapped_column(String(80))
    action: Mapped[str] = mapped_column(String(60))
    object_type: Mapped[str] = mapped_column(String(40))
    object_id: Mapped[str | None] = mapped_column(String(40), default=None)
    details: Mapped[dict[str, Any]] = mapped_column(default=dict)
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))
    # How ``hash`` was made: "hmac" (keyed with CASEDESK_AUDIT_KEY) for every event written
    # since migration 0009; "sha256" (plain, unkeyed) for the events written before it. A row
    # inserted without a scheme counts as unkeyed, which verification refuses past the
    # chain's ``keyed_from``.
    scheme: Mapped[str] = mapped_column(String(10), default="hmac", server_default="sha256")


class AuditHead(Base):
    """One row: the chain's last sequence number and hash. Locking it serialises appends."""

    __tablename__ = "audit_head"

    id: Mapped[int] = mapped_column(primary_key=True)
    seq: Mapped[int] = mapped_column(BigInteger, default=0)
    hash: Mapped[str] = mapped_column(String(64))
    # The first sequence number that must be keyed (events before it predate the audit key);
    # every signed checkpoint repeats it, so moving it in the database is noticed.
    keyed_from: Mapped[int] = mapped_column(BigInteger, default=1, server_default="1")


class LoginAttempt(Base):
    """Failed sign-ins counted per account and per client address, shared by every API process.

    ``key`` is ``account:`` or ``address:`` and a SHA-256 of the user name or address, so the
    table holds neither. A key locked until a time in the future refuses every sign-in.
    """

    __tablename__ = "login_attempts"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(80), unique=True)
    failures: Mapped[int] = mapped_column(Integer, default=0)
    first_failed_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    locked_until: Mapped[dt.datetime | None] = mapped_column(default=None, index=True)
