"""Letter PDFs in the worker: DOCX blob -> LibreOffice -> PDF blob, its hash on the letter row.

Idempotent: the letter row is the truth. A letter whose PDF exists, or whose DOCX changed while
this one was converting, is left alone (the edit enqueued its own task).
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from celery import Celery, Task
from sqlalchemy import select

from core import audit
from core.db import transaction
from core.errors import AppError
from core.models import Letter
from core.queue import RETRY_OPTIONS, TASK_RENDER_LETTER_PDF
from correspondence.pdf import render_pdf
from worker import claims
from worker.resources import Resources

log = logging.getLogger(__name__)

Convert = Callable[[bytes], bytes]


def begin_render(res: Resources, letter_id: int, delivery: str | None = None) -> str | None:
    """Take the letter's PDF for this delivery (committed before LibreOffice runs); the DOCX
    hash to convert, or None: nothing to do, another live delivery converts it, or the
    conversion has stopped its worker ``max_deliveries`` times (recorded as the letter's PDF
    error, for a person to look at)."""
    with transaction(res.sessions) as session:
        letter = session.execute(
            select(Letter).where(Letter.id == letter_id).with_for_update()
        ).scalar_one_or_none()
        if letter is None or letter.docx_sha256 is None or letter.pdf_sha256 is not None:
            return None
        if letter.pdf_error is not None:
            return None
        if claims.held_by_other(letter, delivery, res.settings.task_time_limit):
            log.info("letter %s: PDF held by another live delivery", letter_id)
            return None
        if letter.deliveries >= res.settings.max_deliveries:
            letter.pdf_error = (
                f"poison: making the PDF stopped its worker {letter.deliveries} times: "
                "needs a person"
            )
            audit.record(
                session, "letter.quarantined", "letter", letter.id, deliveries=letter.deliveries
            )
            return None
        claims.take(letter, delivery)
        return letter.docx_sha256


def render_letter_pdf(
    res: Resources, letter_id: int, convert: Convert = render_pdf, delivery: str | None = None
) -> bool:
    """Make the PDF of a letter's current DOCX; True when this call recorded it."""
    docx_sha256 = begin_render(res, letter_id, delivery)
    if docx_sha256 is None:
        return False
    docx = res.blobs.read_bytes(docx_sha256)
    try:
        pdf = convert(docx)
    except AppError as exc:
        # LibreOffice missing or unable to convert: say so on the letter, do not retry.
        _record_error(res, letter_id, docx_sha256, f"{exc.code}: {exc.message}")
        return False
    blob = res.blobs.write_bytes(pdf)
    with transaction(res.sessions) as session:
        letter = session.execute(
            select(Letter).where(Letter.id == letter_id).with_for_update()
        ).scalar_one_or_none()
        if letter is None or letter.docx_sha256 != docx_sha256 or letter.pdf_sha256 is not None:
            return False
        letter.pdf_sha256 = blob.sha256
        letter.pdf_error = None
        letter.deliveries = 0
        audit.record(
            session,
            "letter.rendered",
            "letter",
            letter.id,
            actor_name="worker",
            docx_sha256=docx_sha256,
            pdf_sha256=blob.sha256,
        )
    return True


def find_letters_without_pdf(res: Resources) -> list[int]:
    """Letters whose PDF is still to be made (for start-up recovery)."""
    query = select(Letter.id).where(
        Letter.docx_sha256.is_not(None),
        Letter.pdf_sha256.is_(None),
        Letter.pdf_error.is_(None),
    )
    with res.sessions() as session:
        return [row[0] for row in session.execute(query.order_by(Letter.id))]


def _record_error(res: Resources, letter_id: int, docx_sha256: str, message: str) -> None:
    with transaction(res.sessions) as session:
        letter = session.get(Letter, letter_id)
        if letter is not None and letter.docx_sha256 == docx_sha256:
            letter.pdf_error = message[:500]


def register_letter_tasks(
    app: Celery, resources: Callable[[], Resources], transient: tuple[type[BaseException], ...]
) -> None:
    """Register ``letters.render_pdf`` on the worker's app."""

    @app.task(  # type: ignore[untyped-decorator]
        name=TASK_RENDER_LETTER_PDF,
        bind=True,
        autoretry_for=transient,
        **RETRY_OPTIONS,
    )
    def render_pdf_task(self: Task, letter_id: int) -> None:
        res = resources()
        render_letter_pdf(res, letter_id, convert=res.convert_pdf, delivery=self.request.id)
