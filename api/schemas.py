"""API input and output schemas (Pydantic at the trust boundary). Inputs end in In, outputs Out."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Annotated, Any, Literal

from annotated_types import Ge, Le
from pydantic import BaseModel, ConfigDict, Field, field_validator

from core.vocab import ENTITY_TYPES, JURISDICTIONS, Role

if TYPE_CHECKING:
    from core.models import Document

# Every id column is an INTEGER: 32-bit on PostgreSQL (which answers a bigger value with
# "integer out of range"), 64-bit on SQLite (OverflowError past 2^63-1). A number outside
# 1..2^31-1 in a path, query or body is refused with 422 here, before either is reached.
MAX_ID = 2**31 - 1
Id = Annotated[int, Ge(1), Le(MAX_ID)]
# A 1-based page number (an INTEGER column too).
PageNumber = Annotated[int, Ge(1), Le(2**31 - 1)]


class Out(BaseModel):
    """The schema of a JSON answer built by hand: exactly the keys the code builds (the pages'
    scripts read them), so a key added without its schema fails the route's tests instead of
    being dropped from the answer."""

    model_config = ConfigDict(extra="forbid")


class ErrorDetail(BaseModel):
    model_config = ConfigDict(extra="allow")  # some errors add ids, counts or fields

    code: str
    message: str


class ErrorOut(BaseModel):
    """The one shape of every error answer (``core.errors.AppError.to_dict``)."""

    error: ErrorDetail


def _error(description: str) -> dict[str, Any]:
    return {"model": ErrorOut, "description": description}


# Declared on every API router, so the OpenAPI schema names each status a route can answer.
ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    400: _error("the body could not be read (not UTF-8, not JSON, a broken form)"),
    401: _error("not signed in: no, an unknown or a revoked API token"),
    403: _error("signed in, but none of the user's roles may do this"),
    404: _error("no such object"),
    409: _error("the object's state does not allow this (e.g. a letter already approved)"),
    413: _error("the body is larger than CASEDESK_MAX_UPLOAD_BYTES"),
    415: _error("the upload's type (sniffed from its content) is not supported"),
    422: _error("invalid input: the fields at fault are named"),
}


class CaseIn(BaseModel):
    title: str = Field(min_length=1, max_length=300)
    jurisdiction: str = Field(default="CA-ON")

    @field_validator("jurisdiction")
    @classmethod
    def _known_jurisdiction(cls, value: str) -> str:
        if value not in JURISDICTIONS:
            raise ValueError(f"unknown jurisdiction; use one of {', '.join(JURISDICTIONS)}")
        return value


class DocumentOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    case_id: int
    parent_id: int | None
    filename: str
    sha256: str
    size: int
    detected_type: str | None
    type_description: str | None
    name_mismatch: bool
    status: str
    error_code: str | None
    error_message: str | None
    page_count: int | None
    pages_read: int | None = Field(
        default=None, description="pages read and stored so far (progress while processing)"
    )
    language: str | None
    created_at: dt.datetime

    @classmethod
    def with_progress(cls, document: Document, read: dict[int, int]) -> DocumentOut:
        """The document with its pages read so far (``services.pages_read``)."""
        return cls.model_validate(document).model_copy(
            update={"pages_read": read.get(document.id, 0)}
        )


class UploadOut(DocumentOut):
    duplicate: bool = False


class CaseOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    reference: str
    title: str
    jurisdiction: str
    created_at: dt.datetime


class CaseDetailOut(CaseOut):
    documents: list[DocumentOut]


class UserIn(BaseModel):
    username: str = Field(min_length=2, max_length=80, pattern=r"^[A-Za-z0-9_.@-]+$")
    password: str = Field(min_length=8, max_length=200)
    display_name: str | None = Field(default=None, max_length=200)
    roles: list[Role] = Field(min_length=1)


class UserOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    username: str
    display_name: str
    roles: list[str]
    is_active: bool


class TokenIn(BaseModel):
    name: str = Field(min_length=1, max_length=120)


class TokenOut(BaseModel):
    id: int
    name: str
    prefix: str
    token: str = Field(description="shown once; only its hash is stored")


class WorkOut(BaseModel):
    """Unfinished work as the database shows it: how old, how much, and how much is stuck."""

    oldest_unfinished_seconds: float | None  # since the oldest unfinished upload or job began
    oldest_delivery_seconds: float | None  # since the oldest unfinished row's last delivery
    stuck: int  # unfinished rows whose last delivery is older than the task time limit
    documents: dict[str, int]  # unfinished documents by status
    job_items: dict[str, int]  # unfinished items of running disclosure jobs by status
    package_builds: int = 0  # jobs whose items are finished and whose package is to be built
    letters: int = 0  # letters whose PDF is still to be made


class HealthOut(BaseModel):
    status: str
    checks: dict[str, str]
    work: WorkOut | None = None


class AuditVerifyOut(BaseModel):
    ok: bool
    events: int
    first_problem_seq: int | None = None
    reason: str | None = None


class PasswordIn(BaseModel):
    """The password of an encrypted PDF (never stored past the structural step, never logged)."""

    password: str = Field(min_length=1, max_length=256)


class DenyTermIn(BaseModel):
    term: str = Field(min_length=2, max_length=200)
    entity_type: str = Field(default="PERSON", description="the PI type its boxes are coded as")

    @field_validator("entity_type")
    @classmethod
    def _known_type(cls, value: str) -> str:
        if value not in ENTITY_TYPES:
            raise ValueError(f"unknown entity type; use one of {', '.join(ENTITY_TYPES)}")
        return value


class RedactionListsIn(BaseModel):
    """A case's lists, replaced whole: ``allow`` terms are never proposed (a police service, a
    public official), ``deny`` terms always are (a nickname detection misses)."""

    allow: list[str] = Field(default_factory=list, max_length=200)
    deny: list[DenyTermIn] = Field(default_factory=list, max_length=200)


class FactCorrectionIn(BaseModel):
    key: str = Field(min_length=3, max_length=100, description="the fact's ``key`` in /facts")
    action: Literal["change", "remove", "restore"]
    category: str = ""
    iso: str = ""
    role: str = ""
    name: str = Field(default="", max_length=200)


class PageTextOut(Out):
    number: int
    width: float
    height: float
    language: str | None
    source: str = Field(description="text | ocr")
    text: str


class FactsOut(Out):
    """The extract contract's shape, each item with its source (document id, page)."""

    allegations: list[dict[str, Any]]
    dates: list[dict[str, Any]]
    parties: list[dict[str, Any]]
    police_service: str | None
    police_services: list[str]


class CaseFactsOut(FactsOut):
    """A case's facts with the coordinator's corrections applied: every item has a ``key`` and
    ``kind``; a corrected one says so (``corrected``, ``extracted``), a removed one is listed
    in ``removed``."""

    police_service_items: list[dict[str, Any]]
    removed: list[dict[str, Any]]


class TimelineItemOut(Out):
    label: str
    on: str
    kind: str = Field(description="fact | deadline")
    citation: str
    overdue: bool
    confirmed: bool


class TimelineFlagOut(Out):
    code: str
    message: str
    citation: str
    discretionary: bool
    confirmed: bool


class TimelineOut(Out):
    jurisdiction: str
    statute: str
    items: list[TimelineItemOut]
    flags: list[TimelineFlagOut]


class CaseFactsTimelineOut(CaseFactsOut):
    timeline: TimelineOut


class RedactionListsOut(Out):
    case_id: int
    allow: list[str]
    deny: list[dict[str, str]] = Field(description="term and entity_type of each")
    pending: bool = Field(description="until the worker has applied the last change")
