"""Letters and their templates: draft from a case, edit, submit, approve or return, issue,
download; admins list, upload and activate template versions."""

from __future__ import annotations

import datetime as dt
import logging
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import Response
from sqlalchemy.orm import Session

from api import letter_prefill, letter_templates, letters, services
from api.deps import allow, allow_upload, get_session, get_state, read_upload
from api.letter_schemas import (
    ContextOut,
    IssueIn,
    LetterEditIn,
    LetterIn,
    LetterOut,
    LetterVersionOut,
    ReturnIn,
    TemplateVersionOut,
)
from api.schemas import ERROR_RESPONSES, Id
from api.security import FRAMABLE_BY_SELF
from api.state import AppState
from api.work import enqueue_pdf
from core.auth import Action
from core.errors import InvalidInput, NotFound, TooLarge
from core.models import Letter, User
from correspondence.contexts import context_model_for

router = APIRouter(tags=["letters"], responses=ERROR_RESPONSES)
log = logging.getLogger(__name__)

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
MAX_TEMPLATE_BYTES = 10 * 1024 * 1024


def _out(session: Session, letter: Letter) -> LetterOut:
    return LetterOut.of(letters.view_of(session, letter))


# --- templates (admin) ------------------------------------------------------------------------


@router.get("/api/templates", response_model=list[TemplateVersionOut])
def list_templates(
    state: Annotated[AppState, Depends(get_state)],
    session: Annotated[Session, Depends(get_session)],
    _admin: Annotated[User, Depends(allow(Action.ADMIN))],
    kind: str | None = None,
    variant: str | None = None,
    lang: str | None = None,
) -> list[TemplateVersionOut]:
    rows = letter_templates.list_template_versions(session, state, kind, variant, lang)
    session.commit()  # the lazy seed, if it added anything
    return [TemplateVersionOut.of(row) for row in rows]


# The template upload reads its own body (see ``api.deps.allow_upload``): declared here.
TEMPLATE_BODY: dict[str, Any] = {
    "requestBody": {
        "required": True,
        "content": {
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "required": ["file", "change_note"],
                    "properties": {
                        "file": {
                            "type": "string",
                            "format": "binary",
                            "description": "the DOCX template",
                        },
                        "change_note": {"type": "string", "minLength": 1, "maxLength": 2000},
                    },
                }
            }
        },
    }
}


@router.post(
    "/api/templates/{kind}/{variant}/{lang}/versions",
    response_model=TemplateVersionOut,
    status_code=201,
    openapi_extra=TEMPLATE_BODY,
)
async def upload_template(
    kind: str,
    variant: str,
    lang: str,
    request: Request,
    state: Annotated[AppState, Depends(get_state)],
    session: Annotated[Session, Depends(get_session)],
    admin: Annotated[User, Depends(allow_upload(Action.ADMIN))],
) -> TemplateVersionOut:
    """Multipart ``file`` and ``change_note``, read once the admin is known."""
    upload = await read_upload(request)
    try:
        change_note = upload.form.get("change_note")
        if not isinstance(change_note, str) or not 1 <= len(change_note) <= 2000:
            raise InvalidInput("a change note of 1 to 2000 characters", field="change_note")
        data = await upload.file.read(MAX_TEMPLATE_BYTES + 1)
    finally:
        await upload.form.close()
    if len(data) > MAX_TEMPLATE_BYTES:
        raise TooLarge(f"a template is at most {MAX_TEMPLATE_BYTES} bytes")

    def store() -> TemplateVersionOut:
        row = letter_templates.upload_template_version(
            session,
            state,
            admin,
            kind=kind,
            variant=variant,
            lang=lang,
            data=data,
            change_note=change_note,
        )
        session.commit()
        return TemplateVersionOut.of(row)

    return await run_in_threadpool(store)


@router.post("/api/templates/versions/{version_id}/activate", response_model=TemplateVersionOut)
def activate_template(
    version_id: Id,
    session: Annotated[Session, Depends(get_session)],
    admin: Annotated[User, Depends(allow(Action.ADMIN))],
) -> TemplateVersionOut:
    row = letter_templates.activate_template_version(session, admin, version_id)
    session.commit()
    return TemplateVersionOut.of(row)


# --- letters ----------------------------------------------------------------------------------


@router.get("/api/cases/{case_id}/letter-context", response_model=ContextOut)
def prefilled_context(
    case_id: Id,
    kind: str,
    variant: str,
    lang: str,
    state: Annotated[AppState, Depends(get_state)],
    session: Annotated[Session, Depends(get_session)],
    _user: Annotated[User, Depends(allow(Action.LETTERS_DRAFT))],
) -> ContextOut:
    case = services.get_case(session, case_id)
    model = context_model_for(kind, variant)
    context = letter_prefill.case_prefill(
        session, case, kind, variant, dt.date.today(), state.settings.letterhead
    )
    return ContextOut(
        kind=kind, variant=variant, lang=lang, context=context, fields=list(model.model_fields)
    )


@router.post("/api/cases/{case_id}/letters", response_model=LetterOut, status_code=201)
def create_letter(
    case_id: Id,
    body: LetterIn,
    state: Annotated[AppState, Depends(get_state)],
    session: Annotated[Session, Depends(get_session)],
    user: Annotated[User, Depends(allow(Action.LETTERS_DRAFT))],
) -> LetterOut:
    case = services.get_case(session, case_id)
    letter = letters.create_letter(
        session,
        state,
        user,
        case,
        kind=body.kind,
        variant=body.variant,
        lang=body.lang,
        context=body.context,
    )
    session.commit()
    enqueue_pdf(state, letter.id)
    return _out(session, letter)


@router.get("/api/letters", response_model=list[LetterOut])
def list_letters(
    session: Annotated[Session, Depends(get_session)],
    _user: Annotated[User, Depends(allow(Action.READ))],
    status: str | None = None,
    case_id: Id | None = None,
) -> list[LetterOut]:
    return [LetterOut.of(v) for v in letters.list_letters(session, status=status, case_id=case_id)]


@router.get("/api/letters/{letter_id}", response_model=LetterOut)
def get_letter(
    letter_id: Id,
    session: Annotated[Session, Depends(get_session)],
    _user: Annotated[User, Depends(allow(Action.READ))],
) -> LetterOut:
    return _out(session, letters.get_letter(session, letter_id))


@router.get("/api/letters/{letter_id}/versions", response_model=list[LetterVersionOut])
def letter_versions(
    letter_id: int,
    session: Annotated[Session, Depends(get_session)],
    _user: Annotated[User, Depends(allow(Action.READ))],
) -> list[LetterVersionOut]:
    """Every saved version of the letter and its editor, oldest first."""
    letter = letters.get_letter(session, letter_id)
    return [LetterVersionOut.of(row) for row in letters.letter_versions(session, letter.id)]


@router.put("/api/letters/{letter_id}", response_model=LetterOut)
def edit_letter(
    letter_id: Id,
    body: LetterEditIn,
    state: Annotated[AppState, Depends(get_state)],
    session: Annotated[Session, Depends(get_session)],
    user: Annotated[User, Depends(allow(Action.LETTERS_DRAFT))],
) -> LetterOut:
    letter = letters.get_letter(session, letter_id, lock=True)
    letters.edit_letter(session, state, user, letter, body.context)
    session.commit()
    if letter.pdf_sha256 is None:
        enqueue_pdf(state, letter.id)
    return _out(session, letter)


@router.post("/api/letters/{letter_id}/submit", response_model=LetterOut)
def submit_letter(
    letter_id: Id,
    session: Annotated[Session, Depends(get_session)],
    user: Annotated[User, Depends(allow(Action.LETTERS_DRAFT))],
) -> LetterOut:
    letter = letters.get_letter(session, letter_id, lock=True)
    letters.submit_letter(session, user, letter)
    session.commit()
    return _out(session, letter)


@router.post("/api/letters/{letter_id}/approve", response_model=LetterOut)
def approve_letter(
    letter_id: Id,
    session: Annotated[Session, Depends(get_session)],
    user: Annotated[User, Depends(allow(Action.LETTERS_APPROVE))],
) -> LetterOut:
    letter = letters.approve_letter(
        session, user, letters.get_letter(session, letter_id, lock=True)
    )
    session.commit()
    return _out(session, letter)


@router.post("/api/letters/{letter_id}/return", response_model=LetterOut)
def return_letter(
    letter_id: Id,
    body: ReturnIn,
    session: Annotated[Session, Depends(get_session)],
    user: Annotated[User, Depends(allow(Action.LETTERS_APPROVE))],
) -> LetterOut:
    letter = letters.get_letter(session, letter_id, lock=True)
    letters.return_letter(session, user, letter, body.comment)
    session.commit()
    return _out(session, letter)


@router.post("/api/letters/{letter_id}/issue", response_model=LetterOut)
def issue_letter(
    letter_id: Id,
    body: IssueIn,
    session: Annotated[Session, Depends(get_session)],
    user: Annotated[User, Depends(allow(Action.LETTERS_ISSUE))],
) -> LetterOut:
    letter = letters.get_letter(session, letter_id, lock=True)
    letters.issue_letter(session, user, letter, channel=body.channel, issued_on=body.issued_on)
    session.commit()
    return _out(session, letter)


def _download(
    data: bytes, media_type: str, filename: str, headers: dict[str, str] | None = None
) -> Response:
    return Response(
        data,
        media_type=media_type,
        headers={
            "Content-Disposition": f'inline; filename="{filename}"',
            "X-Content-Type-Options": "nosniff",
            **(headers or {}),
        },
    )


def _file_name(view: letters.LetterView, ext: str) -> str:
    version = view.version
    return f"letter-{view.letter.id}-{version.kind}-{version.variant}-{version.lang}.{ext}"


@router.get("/api/letters/{letter_id}/docx", response_class=Response)
def download_docx(
    letter_id: Id,
    state: Annotated[AppState, Depends(get_state)],
    session: Annotated[Session, Depends(get_session)],
    _user: Annotated[User, Depends(allow(Action.READ))],
) -> Response:
    view = letters.view_of(session, letters.get_letter(session, letter_id))
    if view.letter.docx_sha256 is None:
        raise NotFound("the letter has no DOCX yet")
    data = state.blobs.read_bytes(view.letter.docx_sha256)
    return _download(data, DOCX_TYPE, _file_name(view, "docx"))


@router.get("/api/letters/{letter_id}/pdf", response_class=Response)
def download_pdf(
    letter_id: Id,
    state: Annotated[AppState, Depends(get_state)],
    session: Annotated[Session, Depends(get_session)],
    _user: Annotated[User, Depends(allow(Action.READ))],
) -> Response:
    view = letters.view_of(session, letters.get_letter(session, letter_id))
    if view.letter.pdf_sha256 is None:
        raise NotFound("the letter's PDF is not ready yet", pdf_error=view.letter.pdf_error)
    data = state.blobs.read_bytes(view.letter.pdf_sha256)
    # Shown in a frame of the letter page: framing by our own pages only.
    return _download(data, "application/pdf", _file_name(view, "pdf"), FRAMABLE_BY_SELF)
