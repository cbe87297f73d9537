"""The document pipeline as ordinary function calls; each task is a few lines around one.

Every step is idempotent: the document row's status is the truth, a finished step is
recorded under a unique (document, step, version) key, and a re-delivered task that finds
its work done returns without changing anything.
"""

from __future__ import annotations

import datetime as dt
import logging
import time
from collections.abc import Sequence
from dataclasses import dataclass
from enum import Enum

from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session

from core import audit
from core.blobs import StoredBlob
from core.db import transaction
from core.errors import AppError, InvalidInput, Poison
from core.filenames import safe_filename
from core.models import Case, Document, DocumentStep, Page, utcnow
from core.sealing import unseal
from core.vocab import FINAL_DOCUMENT_STATUSES, DocumentStatus, DocumentType
from extraction.document import Attachment, pack_boxes
from extraction.document import Page as ParsedPage
from extraction.facts import facts_with_allegations
from extraction.language import document_language
from extraction.reader import (
    FLAG_EXTENSION_MISMATCH,
    name_warning,
    plan_pdf_isolated,
    read_document_isolated,
    read_pdf_pages_isolated,
    sniff_bytes,
)
from extraction.sniff import extension_mismatch, sniff_type
from redaction.auto import every_occurrence, ocr_cleaned
from redaction.policy import apply_policy, load_policy
from redaction.text_analysis import analyse_text
from worker import claims
from worker.case_step import DEFAULT_POLICY, apply_case_lists, propose_case_mentions
from worker.findings_store import replace_facts, replace_proposals, stored_pages
from worker.resources import Resources

log = logging.getLogger(__name__)

SNIFF_BYTES = 64 * 1024
INTAKE_STEP = ("intake", 1)
PLAN_STEP = ("plan", 1)  # the PDF's structure checked, decrypted or repaired, and stored
PAGES_STEP = "pages"  # one per page range; its version is the range's first page
EXTRACT_STEP = ("extract", 1)


class Delivery(Enum):
    PROCEED = "proceed"
    ALREADY_DONE = "already_done"
    QUARANTINED = "quarantined"
    MISSING = "missing"
    SUPERSEDED = "held by another live delivery"


def _lock_document(session: Session, document_id: int) -> Document | None:
    return session.execute(
        select(Document).where(Document.id == document_id).with_for_update()
    ).scalar_one_or_none()


def begin_delivery(res: Resources, document_id: int, delivery: str | None = None) -> Delivery:
    """Count this delivery in its own committed transaction; quarantine a poison document.

    A worker killed mid-task never reaches ``finish``, so the count keeps growing across
    redeliveries; after ``max_deliveries`` such deaths a person has to look. ``delivery`` is
    the broker task id: a message for a document another live delivery holds does nothing
    (worker/claims).
    """
    with transaction(res.sessions) as session:
        document = _lock_document(session, document_id)
        if document is None:
            return Delivery.MISSING
        if document.status in FINAL_DOCUMENT_STATUSES:
            return Delivery.ALREADY_DONE
        if claims.held_by_other(document, delivery, res.settings.task_time_limit):
            return Delivery.SUPERSEDED
        if document.deliveries >= res.settings.max_deliveries:
            document.status = DocumentStatus.QUARANTINED
            document.error_code = Poison.code
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
        claims.take(document, delivery)  # the sweep leaves a live delivery alone
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
        document.pdf_password_sealed = None  # a wrong password is not kept either
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
        if sniffed.type is not DocumentType.PDF:
            document.pdf_password_sealed = None  # only a PDF is opened with a password
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


def _status(res: Resources, document_id: int) -> str | None:
    with res.sessions() as session:
        document = session.get(Document, document_id)
        return None if document is None else document.status


@dataclass(frozen=True, slots=True)
class FollowUp:
    """Work a step leaves for other tasks: attachments to process, page ranges to read."""

    children: tuple[int, ...] = ()
    page_ranges: tuple[int, ...] = ()  # first page of each range still to read


def run_extract(res: Resources, document_id: int) -> FollowUp:
    """Read the document (in limited child processes), store its pages and analyse them.

    A PDF is planned once (structure, encryption, repair, page count) and then read a range
    of ``pages_per_task`` pages at a time: a single range is read here, several become
    page-range tasks that any worker can take, and the last to finish runs the analysis.
    Other types are read whole (attachments become child documents) and analysed here.
    """
    with transaction(res.sessions) as session:
        document = _lock_document(session, document_id)
        if document is None or document.status not in (
            DocumentStatus.STORED,
            DocumentStatus.EXTRACTING,
        ):
            return FollowUp()
        document.status = DocumentStatus.EXTRACTING
        detected_type = document.detected_type
    if detected_type == DocumentType.PDF.value:
        return _extract_pdf(res, document_id)
    children = _read_whole(res, document_id)
    run_analysis(res, document_id)
    return FollowUp(children=tuple(children))


def _read_whole(res: Resources, document_id: int) -> list[int]:
    """A non-PDF document in one read: its PDF rendering, pages and attachments stored."""
    with res.sessions() as session:
        document = session.get(Document, document_id)
        if document is None:
            return []
        sha256, filename = document.sha256, document.filename
    parsed = read_document_isolated(res.blobs.read_bytes(sha256), filename=filename)
    pdf_blob = res.blobs.write_bytes(parsed.pdf)
    box_blobs = _store_boxes(res, parsed.pages)
    children = [(a, res.blobs.write_bytes(a.content)) for a in parsed.attachments if a.content]
    with transaction(res.sessions) as session:
        document = _lock_document(session, document_id)
        if document is None or document.status != DocumentStatus.EXTRACTING:
            return []  # another delivery finished first
        _replace_pages(session, document.id, parsed.pages, box_blobs)
        child_ids = _add_children(session, document, children)
        document.pdf_sha256 = pdf_blob.sha256
        document.page_count = len(parsed.pages)
        document.warnings = list(parsed.warnings)
        document.flags = sorted(parsed.flags)
    return child_ids


def _extract_pdf(res: Resources, document_id: int) -> FollowUp:
    if not _step_done(res, document_id, PLAN_STEP):
        _plan_pdf(res, document_id)
    with res.sessions() as session:
        document = session.get(Document, document_id)
        if document is None or document.status != DocumentStatus.EXTRACTING:
            return FollowUp()
        todo = _ranges_to_read(session, document, res.settings.pages_per_task)
        ranges = len(_range_starts(document.page_count or 0, res.settings.pages_per_task))
    if todo and ranges > 1:  # several ranges: each its own task
        return FollowUp(page_ranges=tuple(todo))
    if todo:
        run_page_range(res, document_id, todo[0])
    run_analysis(res, document_id)
    return FollowUp()


def _plan_pdf(res: Resources, document_id: int) -> None:
    """The structural pass: the PDF every later step reads (decrypted or repaired) is stored
    and the password, if one was supplied, is forgotten."""
    with res.sessions() as session:
        document = session.get(Document, document_id)
        if document is None:
            return
        sha256, filename = document.sha256, document.filename
        password = unseal(res.settings.secret_key, document.pdf_password_sealed)
    data = res.blobs.read_bytes(sha256)
    plan = plan_pdf_isolated(data, password=password)
    warning = name_warning(filename, sniff_bytes(data))
    pdf_blob = res.blobs.write_bytes(plan.pdf)
    with transaction(res.sessions) as session:
        document = _lock_document(session, document_id)
        if document is None or document.status != DocumentStatus.EXTRACTING:
            return
        document.pdf_sha256 = pdf_blob.sha256
        document.page_count = plan.page_count
        document.pdf_password_sealed = None
        document.warnings = [*plan.warnings, *([warning] if warning else [])]
        document.flags = sorted(plan.flags | ({FLAG_EXTENSION_MISMATCH} if warning else set()))
        document.deliveries = 0  # progress: a later redelivery is not a poison sign
        session.add(DocumentStep(document_id=document.id, step=PLAN_STEP[0], version=PLAN_STEP[1]))


def _range_starts(page_count: int, per_task: int) -> list[int]:
    return list(range(1, page_count + 1, per_task))


def _ranges_to_read(session: Session, document: Document, per_task: int) -> list[int]:
    done = set(
        session.execute(
            select(DocumentStep.version).where(
                DocumentStep.document_id == document.id, DocumentStep.step == PAGES_STEP
            )
        ).scalars()
    )
    return [
        first for first in _range_starts(document.page_count or 0, per_task) if first not in done
    ]


def run_page_range(res: Resources, document_id: int, first: int) -> bool:
    """Read and store pages ``first``.. of a planned PDF (idempotent). Returns whether every
    range of the document is now stored, i.e. whether the caller should run the analysis."""
    per_task = res.settings.pages_per_task
    with res.sessions() as session:
        document = session.get(Document, document_id)
        if document is None or document.status != DocumentStatus.EXTRACTING:
            return False
        if document.pdf_sha256 is None or document.page_count is None:
            raise InvalidInput(f"document {document_id} was not planned before its pages")
        pdf_sha256, page_count = document.pdf_sha256, document.page_count
        already = first not in _ranges_to_read(session, document, per_task)
    if not already:
        last = min(first + per_task - 1, page_count)
        read = read_pdf_pages_isolated(res.blobs.read_bytes(pdf_sha256), first, last)
        box_blobs = _store_boxes(res, read.pages)
        with transaction(res.sessions) as session:
            document = _lock_document(session, document_id)
            if document is None or document.status != DocumentStatus.EXTRACTING:
                return False
            if first in _ranges_to_read(session, document, per_task):
                session.execute(
                    delete(Page).where(
                        Page.document_id == document.id, Page.number.between(first, last)
                    )
                )
                _add_pages(session, document.id, read.pages, box_blobs)
                document.warnings = [*document.warnings, *read.warnings]
                document.flags = sorted(set(document.flags) | read.flags)
                session.add(DocumentStep(document_id=document.id, step=PAGES_STEP, version=first))
    with res.sessions() as session:
        document = session.get(Document, document_id)
        return (
            document is not None
            and document.status == DocumentStatus.EXTRACTING
            and not _ranges_to_read(session, document, per_task)
        )


def _step_done(res: Resources, document_id: int, step: tuple[str, int]) -> bool:
    with res.sessions() as session:
        return (
            session.execute(
                select(DocumentStep.id).where(
                    DocumentStep.document_id == document_id,
                    DocumentStep.step == step[0],
                    DocumentStep.version == step[1],
                )
            ).first()
            is not None
        )


def _store_boxes(res: Resources, pages: Sequence[ParsedPage]) -> dict[int, str]:
    return {
        page.number: res.blobs.write_bytes(pack_boxes(page.char_boxes)).sha256
        for page in pages
        if page.char_boxes
    }


def run_analysis(res: Resources, document_id: int) -> None:
    """Facts and PI proposals from the stored pages, parsed a window of pages at a time and
    written in batches of plain rows; boxes come from the stored page boxes, a few pages at
    a time."""
    with res.sessions() as session:
        document = session.get(Document, document_id)
        if document is None or document.status != DocumentStatus.EXTRACTING:
            return
        case = session.get(Case, document.case_id)
        jurisdiction = case.jurisdiction if case else res.settings.default_jurisdiction
        stored = stored_pages(session, document_id, res.blobs)
    text = stored.text
    language = document_language(stored.pages)
    # One parse per window of pages, shared by facts and PI; memory does not grow with pages.
    analysis = analyse_text(
        text,
        page_texts=[page.text for page in stored.pages],
        language=language,
        pipelines=res.pipelines(),
        analyzer=res.analyzer(),
        allegations=True,
        seen=ocr_cleaned(text) if any(p.source != "text" for p in stored.pages) else None,
    )
    facts = facts_with_allegations(text, analysis.allegations, language, jurisdiction)
    proposals = apply_policy(
        text,
        every_occurrence({"": text}, {"": analysis.pi})[""],
        policy=load_policy(DEFAULT_POLICY),
        jurisdiction=jurisdiction,
    )
    with transaction(res.sessions) as session:
        document = _lock_document(session, document_id)
        if document is None or document.status != DocumentStatus.EXTRACTING:
            return  # another delivery finished first
        replace_facts(session, document, stored, facts)
        boxes = replace_proposals(session, document, stored, proposals, res.settings.secret_key)
        document.page_count = len(stored.pages)
        document.language = language
        document.case_people_hmac = None  # new findings: the case step searches it again
        document.status = DocumentStatus.ANALYSED
        document.deliveries = 0
        session.add(
            DocumentStep(document_id=document.id, step=EXTRACT_STEP[0], version=EXTRACT_STEP[1])
        )
        audit.record(
            session,
            "document.analysed",
            "document",
            document.id,
            pages=len(stored.pages),
            allegations=len(facts.allegations),
            dates=len(facts.dates),
            pi_findings=len(proposals),
            proposed_boxes=boxes,
            attachments=session.execute(
                select(func.count(Document.id)).where(Document.parent_id == document.id)
            ).scalar_one(),
            pdf_sha256=document.pdf_sha256,
        )


def _replace_pages(
    session: Session, document_id: int, pages: Sequence[ParsedPage], box_blobs: dict[int, str]
) -> None:
    """Idempotent: a re-run replaces what an earlier, interrupted run may have written."""
    session.execute(delete(Page).where(Page.document_id == document_id))
    _add_pages(session, document_id, pages, box_blobs)


def _add_pages(
    session: Session, document_id: int, pages: Sequence[ParsedPage], box_blobs: dict[int, str]
) -> None:
    for page in pages:
        session.add(
            Page(
                document_id=document_id,
                number=page.number,
                width=page.width,
                height=page.height,
                text=page.text,
                language=page.language,
                source=page.source,
                boxes_sha256=box_blobs.get(page.number),
                origin_x=page.origin_x,
                origin_y=page.origin_y,
            )
        )


def _add_children(
    session: Session, document: Document, children: list[tuple[Attachment, StoredBlob]]
) -> list[int]:
    """Attachments become child documents (each processed on its own); never twice."""
    created: list[int] = []
    for attachment, blob in children:
        exists = session.execute(
            select(Document.id).where(
                Document.parent_id == document.id, Document.sha256 == blob.sha256
            )
        ).first()
        if exists:
            continue
        child = Document(
            case_id=document.case_id,
            parent_id=document.id,
            filename=safe_filename(attachment.filename),
            sha256=blob.sha256,
            size=blob.size,
            declared_content_type=attachment.content_type[:200],
            status=DocumentStatus.RECEIVED,
            created_by_id=document.created_by_id,
        )
        session.add(child)
        session.flush()
        audit.record(
            session,
            "document.uploaded",
            "document",
            child.id,
            actor_name="worker",
            case_id=document.case_id,
            parent_id=document.id,
            sha256=blob.sha256,
            size=blob.size,
        )
        created.append(child.id)
    return created


def process_document(res: Resources, document_id: int, delivery: str | None = None) -> FollowUp:
    """Run every step the document still needs. Bad input ends as ``failed``, never retried.

    Returns the work left for other tasks (attachments, page ranges), for the caller to enqueue.
    ``delivery``: the broker task id (None for a direct call).
    """
    began = begin_delivery(res, document_id, delivery)
    if began is not Delivery.PROCEED:
        log.info("document %s: %s", document_id, began.value)
        return FollowUp()
    try:
        if _status(res, document_id) == DocumentStatus.RECEIVED:
            run_intake(res, document_id)
        if _status(res, document_id) in (DocumentStatus.STORED, DocumentStatus.EXTRACTING):
            follow_up = run_extract(res, document_id)
            _propose_across_case(res, document_id)
            return follow_up
    except AppError as exc:
        mark_failed(res, document_id, exc.code, exc.message)
    return FollowUp()


def touch_delivery(res: Resources, document_id: int) -> None:
    """A page-range task began: the document's work is live, so the sweep waits a time limit."""
    with transaction(res.sessions) as session:
        session.execute(
            update(Document)
            .where(
                Document.id == document_id,
                Document.status.not_in([s.value for s in FINAL_DOCUMENT_STATUSES]),
            )
            .values(delivered_at=utcnow())
        )


def process_page_range(res: Resources, document_id: int, first: int) -> None:
    """One page-range task of a big PDF; the one that stores the last range analyses."""
    touch_delivery(res, document_id)
    try:
        if run_page_range(res, document_id, first):
            run_analysis(res, document_id)
            _propose_across_case(res, document_id)
    except AppError as exc:
        mark_failed(res, document_id, exc.code, f"pages from {first}: {exc.message}")


def _propose_across_case(res: Resources, document_id: int) -> None:
    """Case-level steps after a document's analysis: mentions across documents, then the
    case's allow and deny lists (last, so that they also govern the mentions just added)."""
    with res.sessions() as session:
        document = session.get(Document, document_id)
        if document is None or document.status != DocumentStatus.ANALYSED:
            return
        case_id = document.case_id
        case = session.get(Case, case_id)
        has_lists = case is not None and (
            case.lists_pending or any(case.redaction_lists.get(k) for k in ("allow", "deny"))
        )
    try:
        propose_case_mentions(res, case_id)
        if has_lists:
            apply_case_lists(res, case_id)
    except AppError as exc:
        # The document's own proposals stand; the case step runs again with the next document.
        log.warning("case %s: case-level proposals not made: %s", case_id, exc.code)


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
