"""API schemas for FOI requests, review decisions and disclosure jobs (inputs end in In,
outputs in Out).

The outputs declare the JSON that ``api.foi.views`` and the routes build, key for key (the
pages' scripts read these keys), so OpenAPI shows each answer's shape. They forbid extra keys:
a key added to a view without its schema fails the route's tests instead of being dropped."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import BaseModel, Field, model_validator

from api.schemas import MAX_ID, Id, Out, PageNumber


class RequesterIn(BaseModel):
    """Who asked (personal information): their names and identifiers such as an e-mail
    address, a phone number or a date of birth as written in the documents."""

    names: list[str] = Field(default_factory=list, max_length=20)
    identifiers: list[str] = Field(default_factory=list, max_length=20)


class RequestIn(BaseModel):
    received_on: dt.date
    requester_type: Literal["complainant", "third_party", "media", "counsel"]
    policy: Literal["public", "requester"] = "public"
    requester: RequesterIn | None = Field(
        default=None, description="under the requester policy, their own information stays in"
    )
    jurisdiction: str = Field(default="CA-ON", max_length=16)
    number: str | None = Field(default=None, max_length=40, description="default REQ-YYYY-NNNN")
    case_id: int | None = Field(
        default=None, ge=1, le=MAX_ID, description="the case the request is about"
    )
    scope: str = Field(default="", max_length=4000, description="what was asked for")


class TimeChangeIn(BaseModel):
    kind: Literal["extension", "on_hold"]
    days: int = Field(ge=1, le=365)
    reason: str = Field(min_length=1, max_length=2000)


class DocumentsIn(BaseModel):
    document_ids: list[Id] = Field(min_length=1, max_length=5000)
    titles: dict[Id, Annotated[str, Field(max_length=200)]] | None = Field(
        default=None,
        description=(
            "document id -> its title in the package index and log (empty: the value-free "
            "default); left out: the titles already given are kept"
        ),
    )


class DecisionIn(BaseModel):
    """``reset`` undoes this request's decision: the box is again as detection proposed it
    (or as the requester policy left it), for the review page's undo."""

    decision: Literal["accept", "reject", "recode", "reset"]
    exemption_code: str | None = Field(default=None, max_length=40)


class BulkAcceptIn(BaseModel):
    """One entity type across the request, or every box with the same value as ``same_as``
    (``match="value"``, the default) or naming the same person in any form
    (``match="person"``: surname alone, initials, possessive; falls back to the value for a
    box that names no known person)."""

    entity_type: str | None = Field(default=None, max_length=40)
    same_as: Id | None = Field(default=None, description="a box id: accept all of its value")
    match: Literal["value", "person"] = Field(
        default="value", description="with same_as: the exact value, or the person in any form"
    )
    box_ids: list[Id] | None = Field(
        default=None,
        max_length=20000,
        description="only these of the matched boxes (the rows left ticked in the preview)",
    )

    @model_validator(mode="after")
    def _one_of(self) -> BulkAcceptIn:
        if (self.entity_type is None) == (self.same_as is None):
            raise ValueError("give either entity_type or same_as")
        if self.match == "person" and self.same_as is None:
            raise ValueError("match='person' goes with same_as")
        return self


class DecisionsIn(BaseModel):
    """One decision for a selection of boxes (the review page's box table)."""

    redaction_ids: list[Id] = Field(min_length=1, max_length=5000)
    decision: Literal["accept", "reject", "recode", "reset"]
    exemption_code: str | None = Field(default=None, max_length=40)


class BoxIn(BaseModel):
    document_id: Id
    page: PageNumber
    rect: list[float] = Field(min_length=4, max_length=4, description="x0, y0, x1, y1 in points")
    exemption_code: str = Field(min_length=1, max_length=40)
    entity_type: str | None = Field(default=None, max_length=40)
    label: str | None = Field(default=None, max_length=80)


class TermIn(BaseModel):
    term: str = Field(min_length=2, max_length=200)
    exemption_code: str = Field(min_length=1, max_length=40)
    entity_type: str | None = Field(default=None, max_length=40)
    hits: list[str] | None = Field(
        default=None,
        max_length=20_000,
        description="only these occurrences (keys from the preview); default every one",
    )


class TermPreviewIn(BaseModel):
    term: str = Field(min_length=2, max_length=200)


class DispositionIn(BaseModel):
    disposition: (
        Literal[
            "released_in_full",
            "released_in_part",
            "withheld_in_full",
            "not_responsive",
            "duplicate",
        ]
        | None
    )
    # The section a page withheld in full is withheld under (default: personal information).
    exemption_code: str | None = Field(default=None, max_length=40)


class JobIn(BaseModel):
    kind: Literal["package", "consult"] = "package"


# --- outputs ------------------------------------------------------------------------------------


class ProgressOut(Out):
    """Pages with a disposition and boxes with a decision, in this request."""

    pages: int
    pages_reviewed: int
    boxes: int
    boxes_reviewed: int


class RequesterOut(Out):
    names: list[str]
    identifiers: list[str]


class TimeChangeOut(Out):
    id: int
    kind: str
    days: int
    reason: str
    created_at: str


class RequestDocumentOut(Out):
    id: int
    case_id: int
    title: str = Field(description="as the package index shows it")
    filename: str
    pages: int | None
    status: str


class JobItemOut(Out):
    document_id: int
    position: int
    status: str
    deliveries: int
    error_code: str | None
    error_message: str | None
    boxes: int


class JobOut(Out):
    id: int
    kind: str
    request_id: int | None
    status: str
    total: int
    done: int
    failed: int
    pages: int
    package_sha256: str | None
    csv_sha256: str | None
    error_message: str | None
    created_at: str
    finished_at: str | None
    items: list[JobItemOut]


class JobStatusOut(JobOut):
    request_status: str
    progress: ProgressOut


class JobResumedOut(JobOut):
    requeued: int = Field(description="documents sent to the workers again")


class RequestOut(Out):
    id: int
    number: str
    received_on: str
    requester_type: str
    requester: RequesterOut
    policy: str
    jurisdiction: str
    case_id: int | None
    scope: str
    due_on: str | None
    status: str
    package_sha256: str | None = Field(description="the built package; none while one is built")
    time_changes: list[TimeChangeOut]
    documents: list[RequestDocumentOut]
    progress: ProgressOut
    package_job: JobOut | None
    consult_job: JobOut | None


class RequestSummaryOut(Out):
    id: int
    number: str
    status: str
    received_on: dt.date
    due_on: dt.date | None
    requester_type: str


class BoxOut(Out):
    """A box as the review page sees it, with this request's decision."""

    id: int
    document_id: int
    page: int
    rect: list[float] = Field(description="x0, y0, x1, y1 in PDF points")
    entity_type: str | None
    exemption_code: str
    label: str | None
    status: str = Field(description="proposed | accepted | rejected | kept")
    kept_for: str | None = Field(description="'requester' when the requester policy keeps it")
    source: str
    has_value: bool
    score: float | None
    person: bool = Field(description="its value names a known person of the case")


class BoxDetailOut(BoxOut):
    """Why a box was proposed."""

    recognizer: str | None
    explanation: str | None
    context: str = Field(description="the words around the box")


class ReviewRequestOut(Out):
    id: int
    number: str
    status: str
    policy: str


class DuplicateOfOut(Out):
    of: list[int] = Field(description="document id and page of the earlier page")
    method: str
    similarity: float


class ReviewPageOut(Out):
    number: int
    width: float
    height: float
    origin: list[float] = Field(description="the page image's corner in PDF user space")
    disposition: str | None
    withheld_under: str | None
    duplicate_of: DuplicateOfOut | None


class ReviewDocumentOut(Out):
    id: int
    title: str
    filename: str
    pages: list[ReviewPageOut]


class ReviewDataOut(Out):
    """Everything the review page's script needs."""

    request: ReviewRequestOut
    documents: list[ReviewDocumentOut]
    boxes: list[BoxOut]
    entity_types: list[str]
    progress: ProgressOut


class WordOut(Out):
    text: str
    rect: list[float]


class PageWordsOut(Out):
    words: list[WordOut]


class DispositionOut(Out):
    document_id: int
    page: int
    disposition: str | None
    withheld_under: str | None
    progress: ProgressOut


class DuplicateOut(Out):
    document_id: int
    page: int
    of_document_id: int
    of_page: int
    method: str
    similarity: float


class MarkedOut(Out):
    marked: int
    progress: ProgressOut


class DecidedOut(Out):
    box: BoxOut
    progress: ProgressOut
    contradicting: int = Field(
        description="boxes of the same value in the document that this request treats the "
        "other way (the release check would refuse the document)"
    )


class DecidedManyOut(Out):
    boxes: list[BoxOut]
    progress: ProgressOut


class RemovedOut(Out):
    removed: int
    progress: ProgressOut


class BoxAddedOut(Out):
    box: BoxOut
    progress: ProgressOut


class AcceptedOut(Out):
    accepted: int
    progress: ProgressOut


class TermsAddedOut(Out):
    added: int
    progress: ProgressOut


class PageRefOut(Out):
    document_id: int
    title: str
    page: int


class BulkRowOut(Out):
    """One value as the officer reads it, with its boxes and pages."""

    value: str
    entity_type: str | None
    box_ids: list[int]
    pages: list[PageRefOut]
    score: float | None = Field(description="the lowest detection score of its boxes")
    count: int
    ticked: bool


class BulkPreviewOut(Out):
    entity_type: str | None
    match: str
    count: int
    kept_for_requester: int
    low_score: float
    rows: list[BulkRowOut]


class TermHitOut(Out):
    key: str = Field(description="names this occurrence when applying (TermIn.hits)")
    document_id: int
    title: str
    filename: str
    page: int
    before: str
    found: str
    after: str
    boxed: bool


class TermPreviewOut(Out):
    count: int
    new: int
    hits: list[TermHitOut]


class BoxRefOut(Out):
    box_id: int
    document_id: int
    title: str
    page: int
    entity_type: str | None
    status: str


class ContradictionOut(Out):
    """One detected value withheld in one place and readable in another."""

    value: str
    entity_type: str
    withheld: list[BoxRefOut]
    readable: list[BoxRefOut]
    across_documents: bool


class PreflightOut(Out):
    contradictions: list[ContradictionOut]
    undecided: list[BoxRefOut]
    undecided_count: int
    pages_without_disposition: list[PageRefOut]
    pages_without_disposition_count: int
    ready: bool
