"""API input schemas for FOI requests, review decisions and disclosure jobs."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import BaseModel, Field, model_validator

from api.schemas import MAX_ID, Id, PageNumber


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
