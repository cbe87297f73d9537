"""Documents: upload (streamed, 202), status, and download of the original bytes."""

from __future__ import annotations

import logging
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import FileResponse, JSONResponse
from sqlalchemy.orm import Session

from api import services
from api.deps import allow, allow_upload, get_session, get_state, read_upload
from api.facts import facts_json
from api.schemas import (
    ERROR_RESPONSES,
    DocumentOut,
    FactsOut,
    Id,
    PageTextOut,
    PasswordIn,
    UploadOut,
)
from api.state import AppState
from api.work import enqueue_after_commit, store_upload
from core.auth import Action
from core.models import Document, User

router = APIRouter(tags=["documents"], responses=ERROR_RESPONSES)
log = logging.getLogger(__name__)

MEDIA_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "eml": "message/rfc822",
    "msg": "application/vnd.ms-outlook",
    "txt": "text/plain",
    "png": "image/png",
    "jpeg": "image/jpeg",
    "tiff": "image/tiff",
}


# The upload route reads its own body (see ``allow_upload``): the schema is declared here.
UPLOAD_BODY: dict[str, Any] = {
    "requestBody": {
        "required": True,
        "content": {
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "required": ["file"],
                    "properties": {
                        "file": {
                            "type": "string",
                            "format": "binary",
                            "description": "the document; its type is sniffed",
                        },
                        "password": {
                            "type": "string",
                            "description": "opens an encrypted PDF; forgotten once it is read",
                        },
                    },
                }
            }
        },
    }
}


@router.post(
    "/api/cases/{case_id}/documents",
    response_model=UploadOut,
    status_code=202,
    responses={200: {"model": UploadOut, "description": "the same bytes were already in the case"}},
    openapi_extra=UPLOAD_BODY,
)
async def upload_document(
    case_id: Id,
    request: Request,
    state: Annotated[AppState, Depends(get_state)],
    session: Annotated[Session, Depends(get_session)],
    user: Annotated[User, Depends(allow_upload(Action.DOCUMENTS_UPLOAD))],
) -> JSONResponse:
    """Multipart ``file`` (and ``password``). Credentials and role are checked before the
    body is read; more than CASEDESK_MAX_UPLOAD_BYTES is refused with 413, nothing stored."""
    upload = await read_upload(request)
    try:
        document, created = await run_in_threadpool(
            store_upload, state, session, case_id, user, upload
        )
    finally:
        await upload.form.close()
    body = UploadOut(**DocumentOut.model_validate(document).model_dump(), duplicate=not created)
    return JSONResponse(body.model_dump(mode="json"), status_code=202 if created else 200)


@router.post("/api/documents/{document_id}/password", response_model=DocumentOut, status_code=202)
def supply_password(
    document_id: Id,
    body: PasswordIn,
    state: Annotated[AppState, Depends(get_state)],
    session: Annotated[Session, Depends(get_session)],
    user: Annotated[User, Depends(allow(Action.DOCUMENTS_UPLOAD))],
) -> Document:
    """The password of a PDF that was refused as encrypted: it is processed again."""
    document = services.get_document(session, document_id)
    services.supply_password(
        session, document, user, body.password, secret_key=state.settings.secret_key
    )
    session.commit()
    enqueue_after_commit(state, document.id)
    return document


@router.get("/api/documents/{document_id}", response_model=DocumentOut)
def get_document(
    document_id: Id,
    session: Annotated[Session, Depends(get_session)],
    _user: Annotated[User, Depends(allow(Action.READ))],
) -> DocumentOut:
    document = services.get_document(session, document_id)
    return DocumentOut.with_progress(document, services.pages_read(session, [document.id]))


@router.get("/api/documents/{document_id}/original", response_class=FileResponse)
def download_original(
    document_id: Id,
    state: Annotated[AppState, Depends(get_state)],
    session: Annotated[Session, Depends(get_session)],
    _user: Annotated[User, Depends(allow(Action.READ))],
) -> FileResponse:
    document = services.get_document(session, document_id)
    path = state.blobs.path_for(document.sha256)
    media_type = MEDIA_TYPES.get(document.detected_type or "", "application/octet-stream")
    return FileResponse(
        path,
        media_type=media_type,
        filename=document.filename,
        headers={"X-Content-Type-Options": "nosniff"},
    )


@router.get("/api/documents/{document_id}/pages", response_model=list[PageTextOut])
def document_pages(
    document_id: Id,
    session: Annotated[Session, Depends(get_session)],
    _user: Annotated[User, Depends(allow(Action.READ))],
) -> list[dict[str, Any]]:
    """The text of each page (OCR'd pages included) with its size, language and source."""
    document = services.get_document(session, document_id)
    pages = services.document_pages(session, document.id)
    return [
        {
            "number": p.number,
            "width": p.width,
            "height": p.height,
            "language": p.language,
            "source": p.source,
            "text": p.text,
        }
        for p in pages
    ]


@router.get("/api/documents/{document_id}/facts", response_model=FactsOut)
def document_facts(
    document_id: Id,
    session: Annotated[Session, Depends(get_session)],
    _user: Annotated[User, Depends(allow(Action.READ))],
) -> dict[str, Any]:
    """Allegations, dates, parties and police service extracted from this document."""
    document = services.get_document(session, document_id)
    return facts_json(session, [document.id])
