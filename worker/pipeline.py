"""The document pipeline as ordinary function calls; each task is a few lines around one.

Every step is idempotent: the document row's status is the truth, a finished step is
recorded under a unique (document, step, version) key, and a re-delivered task that finds
its work done returns without changing anything.
"""

from __future__ import annotations

import datetime as dt
import logging
import time
from enum import Enum

from sqlalchemy import select
from sqlalchemy.orm import Session

from core import audit
from core.db import transaction
from core.errors import AppError
from core.models import Document, DocumentStep, utcnow
from core.vocab import FINAL_DOCUMENT_STATUSES, DocumentStatus
from extraction.sniff import extension_mismatch, sniff_type
from worker.resources import Resources

log = logging.getLogger(__name__)

SNIFF_BYTES = 64 * 1024
INTAKE_STEP = ("intake", 1)


class Delivery(Enum):
    PROCEED = "proceed"
    ALREADY_DONE = "already_done"
    QUARANTINED = "quarantined"
    MISSING = "missing"


def _lock_document(session: Session, document_id: int) -> Document | None:
    return session.execute(
        select(Document).where(Document.id == document_id).with_for_update()
    ).scalar_one_or_none()


def begin_delivery(res: Resources, document_id: int) -> Delivery:
    """Count this delivery in its own committed transaction; quarantine a poison document.

    A worker killed mid-task never reaches ``finish``, so the count keeps growing across
    redeliveries; after ``max_deliveries`` such deaths a person has to look.
    """
    with transaction(res.sessions) as session:
        document = _lock_document(session, document_id)
        if document is None:
            return Delivery.MISSING
        if document.status in FINAL_DOCUMENT_STATUSES:
            return Delivery.ALREADY_DONE
        if document.deliveries >= res.settings.max_deliveries:
            document.status = DocumentStatus.QUARANTINED
            document.error_code = "poison"
            document.error_message = (
                f"processing stopped its worker {document.deliveries} times: needs a person"
            )
            audit.record(
                session,
                "document.quarantined",
                "document",
                document.id,
                deliveries=document.deliveries,
            )
            return Delivery.QUARANTINED
        document.deliveries += 1
        return Delivery.PROCEED


def mark_failed(res: Resources, document_id: int, code: str, message: str) -> None:
    """Bad input (or an unexpected error): the document ends ``failed`` with a human reason."""
    with transaction(res.sessions) as session:
        document = _lock_document(session, document_id)
        if document is None or document.status in FINAL_DOCUMENT_STATUSES:
            return
        document.status = DocumentStatus.FAILED
        document.error_code = code
        document.error_message = message
        document.deliveries = 0
        audit.record(session, "document.failed", "document", document.id, error_code=code)


def run_intake(res: Resources, document_id: int) -> None:
    """Sniff the type from the stored bytes and record it; the document becomes ``stored``."""
    with res.sessions() as session:
        document = session.get(Document, document_id)
        if document is None:
            return
        sha256, filename = document.sha256, document.filename
    with res.blobs.open(sha256) as handle:
        head = handle.read(SNIFF_BYTES)
    sniffed = sniff_type(head, res.blobs.path_for(sha256))
    if res.settings.debug_task_delay_seconds:
        time.sleep(res.settings.debug_task_delay_seconds)
    with transaction(res.sessions) as session:
        document = _lock_document(session, document_id)
        if document is None or document.status != DocumentStatus.RECEIVED:
            return  # another delivery finished first
        document.detected_type = sniffed.type.value
        document.type_description = sniffed.description
        document.name_mismatch = extension_mismatch(filename, sniffed.type)
        document.status = DocumentStatus.STORED
        document.deliveries = 0
        session.add(
            DocumentStep(document_id=document.id, step=INTAKE_STEP[0], version=INTAKE_STEP[1])
        )
        audit.record(
            session,
            "document.stored",
            "document",
            document.id,
            detected_type=sniffed.type.value,
            name_mismatch=document.name_mismatch,
        )


def process_document(res: Resources, document_id: int) -> None:
    """Run every step the document still needs. Bad input ends as ``failed``, never retried."""
    delivery = begin_delivery(res, document_id)
    if delivery is not Delivery.PROCEED:
        log.info("document %s: %s", document_id, delivery.value)
        return
    try:
        run_intake(res, document_id)
    except AppError as exc:
        mark_failed(res, document_id, exc.code, exc.message)


def find_unfinished(res: Resources, untouched_for: dt.timedelta | None = None) -> list[int]:
    """Documents the database shows as still to be processed (for start-up recovery).

    With ``untouched_for``, only those whose row has not changed for that long: work a
    broker with a visibility timeout should already have redelivered, but lost.
    """
    query = select(Document.id).where(
        Document.status.not_in([s.value for s in FINAL_DOCUMENT_STATUSES])
    )
    if untouched_for is not None:
        query = query.where(Document.updated_at < utcnow() - untouched_for)
    with res.sessions() as session:
        return [row[0] for row in session.execute(query.order_by(Document.id))]
