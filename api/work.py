"""What the API asks the worker to do: one message by task name (``core.queue``), sent after the
commit. The API never imports the worker; a message lost with the broker down is sent again by
the worker's start-up recovery or sweep (the database row is the truth)."""

from __future__ import annotations

import logging

from sqlalchemy.orm import Session

from api import services
from api.deps import Upload
from api.state import AppState
from core.models import Document, User
from core.queue import (
    TASK_APPLY_CASE_LISTS,
    TASK_DISCLOSURE_APPLY,
    TASK_DISCLOSURE_BUILD,
    TASK_PROCESS_DOCUMENT,
    TASK_RENDER_LETTER_PDF,
    enqueue,
)

log = logging.getLogger(__name__)


def enqueue_after_commit(state: AppState, document_id: int) -> None:
    """Send the document to the worker; if the broker is down, start-up recovery picks it up."""
    try:
        enqueue(state.celery, TASK_PROCESS_DOCUMENT, document_id)
    except Exception:
        log.exception("could not enqueue document %s; it will be re-enqueued", document_id)


def store_upload(
    state: AppState, session: Session, case_id: int, user: User, upload: Upload
) -> tuple[Document, bool]:
    """Keep an uploaded file as a document of the case and enqueue it (run in a thread)."""
    case = services.get_case(session, case_id)
    document, created = services.take_upload(
        state,
        session,
        case=case,
        user=user,
        source=upload.file.file,
        filename=upload.file.filename or "upload",
        content_type=upload.file.content_type or "",
        password=upload.password,
    )
    session.commit()
    if created:
        enqueue_after_commit(state, document.id)
    return document, created


def enqueue_lists(state: AppState, case_id: int) -> None:
    """After the commit; if the broker is down, start-up recovery sends it (lists_pending)."""
    try:
        enqueue(state.celery, TASK_APPLY_CASE_LISTS, case_id)
    except Exception:
        log.exception("could not enqueue the lists of case %s; they will be re-enqueued", case_id)


def enqueue_pdf(state: AppState, letter_id: int) -> None:
    """Ask the worker for the letter's PDF (after the commit); a lost message is re-sent on edit."""
    try:
        enqueue(state.celery, TASK_RENDER_LETTER_PDF, letter_id)
    except Exception:
        log.exception("could not enqueue the PDF of letter %s", letter_id)


def enqueue_items(state: AppState, job_id: int, document_ids: list[int]) -> None:
    """Send one task per document (after the commit); with none left, the package task."""
    try:
        for document_id in document_ids:
            enqueue(state.celery, TASK_DISCLOSURE_APPLY, job_id, document_id)
        if not document_ids:
            enqueue(state.celery, TASK_DISCLOSURE_BUILD, job_id)
    except Exception:
        # The job stays unfinished in the database: a resume or a worker restart sends it.
        log.exception("could not enqueue job %s", job_id)
