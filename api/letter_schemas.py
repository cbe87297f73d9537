"""API schemas for letters and template versions (inputs end in In, outputs in Out)."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from api.letters import LetterView
from core.models import LetterVersion, TemplateVersion


class TemplateVersionOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    kind: str
    variant: str
    lang: str
    version: int
    sha256: str
    change_note: str
    author_id: int | None
    author_name: str
    active: bool
    created_at: dt.datetime

    @classmethod
    def of(cls, row: TemplateVersion) -> TemplateVersionOut:
        return cls.model_validate(row)


class LetterIn(BaseModel):
    kind: str = Field(min_length=1, max_length=40)
    variant: str = Field(min_length=1, max_length=40)
    lang: Literal["en", "fr"]
    context: dict[str, Any] = Field(
        description="the letter's variables; GET .../letter-context gives a prefilled start"
    )


class LetterEditIn(BaseModel):
    context: dict[str, Any]


class ReturnIn(BaseModel):
    comment: str = Field(min_length=1, max_length=4000)


class IssueIn(BaseModel):
    channel: Literal["mail", "email", "portal"]
    issued_on: dt.date | None = Field(default=None, description="default: today")


class LetterOut(BaseModel):
    id: int
    case_id: int
    status: str
    kind: str
    variant: str
    lang: str
    template_version_id: int
    template_version: int
    template_sha256: str | None
    context: dict[str, Any]
    docx_sha256: str | None
    pdf_sha256: str | None
    pdf_error: str | None
    comments: list[dict[str, Any]]
    drafted_by_id: int | None
    edited_by_id: int | None
    approved_by_id: int | None
    approved_at: dt.datetime | None
    issued_on: dt.date | None
    channel: str | None
    created_at: dt.datetime

    @classmethod
    def of(cls, view: LetterView) -> LetterOut:
        letter, version = view.letter, view.version
        return cls(
            id=letter.id,
            case_id=letter.case_id,
            status=letter.status,
            kind=version.kind,
            variant=version.variant,
            lang=version.lang,
            template_version_id=version.id,
            template_version=version.version,
            template_sha256=letter.template_sha256,
            context=letter.context,
            docx_sha256=letter.docx_sha256,
            pdf_sha256=letter.pdf_sha256,
            pdf_error=letter.pdf_error,
            comments=list(letter.comments),
            drafted_by_id=letter.drafted_by_id,
            edited_by_id=letter.edited_by_id,
            approved_by_id=letter.approved_by_id,
            approved_at=letter.approved_at,
            issued_on=letter.issued_on,
            channel=letter.channel,
            created_at=letter.created_at,
        )


class LetterVersionOut(BaseModel):
    """One saved version: who, when and hashes of what (never the text)."""

    model_config = ConfigDict(from_attributes=True)

    number: int
    action: str = Field(description="drafted or edited")
    editor_id: int | None
    at: dt.datetime
    context_sha256: str | None = Field(description="unknown for letters older than versions")
    docx_sha256: str | None

    @classmethod
    def of(cls, row: LetterVersion) -> LetterVersionOut:
        return cls.model_validate(row)


class ContextOut(BaseModel):
    kind: str
    variant: str
    lang: str
    context: dict[str, Any]
    fields: list[str] = Field(description="the top-level names this kind of letter uses")
