"""The document pipeline as ordinary function calls; each task is a few lines around one.

Every step is idempotent: the document row's status is the truth, a finished step is
recorded under a unique (document, step, version) key, and a re-delivered task that finds
its work done returns without changing anything.
"""

from __future__ import annotations

import datetime as dt
import itertools
import logging
import time
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from enum import Enum
from typing import Any, TypeVar

from sqlalchemy import delete, func, insert, select, update
from sqlalchemy.orm import Session

from core import audit
from core.blobs import BlobStore, StoredBlob
from core.db import transaction
from core.errors import AppError, InvalidInput
from core.filenames import safe_filename
from core.models import Case, Document, DocumentStep, Finding, Page, Redaction, utcnow
from core.review import document_reviewed, undecided
from core.vocab import FINAL_DOCUMENT_STATUSES, DocumentStatus, DocumentType
from extraction.document import Attachment, Box, pack_boxes
from extraction.document import Page as ParsedPage
from extraction.facts import Facts, facts_with_allegations
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
from redaction.auto import every_occurrence, ocr_cleaned, text_hmac
from redaction.consistency import (
    Person,
    find_case_mentions,
    find_people,
    find_persons,
    person_name,
)
from redaction.findings import PiFinding
from redaction.policy import (
    DENY_RECOGNIZER,
    CaseLists,
    allowed_findings,
    apply_policy,
    denied_findings,
    exemption_code,
    load_policy,
)
from redaction.windows import analyse_text
from worker.resources import Resources
from worker.stored_pages import SpanIndex, StoredPages

log = logging.getLogger(__name__)
_T = TypeVar("_T")

SNIFF_BYTES = 64 * 1024
INTAKE_STEP = ("intake", 1)
PLAN_STEP = ("plan", 1)  # the PDF's structure checked, decrypted or repaired, and stored
PAGES_STEP = "pages"  # one per page range; its version is the range's first page
EXTRACT_STEP = ("extract", 1)
FACT_KINDS = ("allegation", "date", "party")
DEFAULT_POLICY = "public"  # proposals; an FOI request's policy is applied at review
# Finding.value key: the case's allow list withdrew this finding's proposed boxes.
ALLOWED_MARK = "allowed"


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
        document.pdf_password = None  # a wrong password is not kept either
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
        sha256, filename, password = document.sha256, document.filename, document.pdf_password
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
        document.pdf_password = None
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
        stored = _stored_pages(session, document_id, res.blobs)
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
        _replace_facts(session, document, stored, facts)
        boxes = _replace_proposals(session, document, stored, proposals, res.settings.secret_key)
        document.page_count = len(stored.pages)
        document.language = language
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


def _replace_facts(session: Session, document: Document, stored: StoredPages, facts: Facts) -> None:
    """Idempotent: a re-run replaces what an earlier, interrupted run may have written."""
    session.execute(
        delete(Finding).where(Finding.document_id == document.id, Finding.kind.in_(FACT_KINDS))
    )
    allegations = (
        _finding_row(
            document.id,
            "allegation",
            allegation.category,
            page=stored.page_of(allegation.start),
            start=allegation.start,
            end=allegation.end,
            recognizer=allegation.pattern_id,
            value={"evidence": allegation.evidence},
        )
        for allegation in facts.allegations
    )
    dates = (
        _finding_row(
            document.id,
            "date",
            mention.role,
            page=stored.page_of(mention.start),
            start=mention.start,
            end=mention.end,
            value={"text": mention.text, "iso": mention.iso},
        )
        for mention in facts.dates
    )
    parties = [
        _finding_row(
            document.id,
            "party",
            person.role,
            value={"name": person.name, "rank": person.rank, "badge": person.badge},
        )
        for person in facts.parties.all()
    ]
    if facts.parties.police_service:
        parties.append(
            _finding_row(
                document.id,
                "party",
                "police_service",
                value={"name": facts.parties.police_service},
            )
        )
    for batch in _batches(itertools.chain(allegations, dates, parties), ROWS_PER_INSERT):
        session.execute(insert(Finding), batch)


# Rows written per INSERT when a document's findings and boxes are stored. Plain rows in
# batches, not ORM objects: a 500-page report's 100,000 findings as objects held 150 MiB
# until the commit.
ROWS_PER_INSERT = 1000


def _batches(rows: Iterable[_T], size: int) -> Iterator[list[_T]]:
    """``rows`` in lists of at most ``size`` (itertools.batched is Python 3.12)."""
    iterator = iter(rows)
    while batch := list(itertools.islice(iterator, size)):
        yield batch


def _finding_row(
    document_id: int,
    kind: str,
    label: str,
    *,
    page: int | None = None,
    start: int | None = None,
    end: int | None = None,
    score: float | None = None,
    recognizer: str | None = None,
    text_hmac: str | None = None,
    value: dict[str, Any],
) -> dict[str, Any]:
    """One ``findings`` row for a bulk INSERT (every row of a batch has the same columns)."""
    return {
        "document_id": document_id,
        "kind": kind,
        "label": label,
        "page": page,
        "start": start,
        "end": end,
        "score": score,
        "recognizer": recognizer,
        "text_hmac": text_hmac,
        "person_key": None,
        "value": value,
    }


def _replace_proposals(
    session: Session,
    document: Document,
    stored: StoredPages,
    proposals: Sequence[PiFinding],
    secret: str,
) -> int:
    """PI findings (an HMAC of the text, never the text) and one proposed box per line they
    cover, for the FOI officer's review, located from the stored page boxes a few pages at a
    time. Reviewed boxes of an earlier run (in any FOI request) are kept."""
    if document_reviewed(session, document.id):
        return 0
    session.execute(delete(Redaction).where(Redaction.document_id == document.id))
    session.execute(delete(Finding).where(Finding.document_id == document.id, Finding.kind == "pi"))
    return _add_proposals(
        session,
        document.id,
        (
            (proposal, stored.locate(proposal.start, proposal.end), stored.page_of(proposal.start))
            for proposal in proposals
        ),
        secret,
    )


def _add_proposal(
    session: Session,
    document_id: int,
    proposal: PiFinding,
    located: list[tuple[int, Box]],
    secret: str,
    *,
    page: int | None,
) -> int:
    """One PI finding (its HMAC, never its text) and a proposed box per line it covers."""
    return _add_proposals(session, document_id, [(proposal, located, page)], secret)


def _add_proposals(
    session: Session,
    document_id: int,
    proposals: Iterable[tuple[PiFinding, list[tuple[int, Box]], int | None]],
    secret: str,
) -> int:
    """PI findings (an HMAC of each value, never the text) with a proposed box per line each
    covers, written a batch at a time; returns the number of boxes."""
    key = secret.encode("utf-8")
    boxes = 0
    for batch in _batches(proposals, ROWS_PER_INSERT):
        finding_ids = session.scalars(
            insert(Finding).returning(Finding.id, sort_by_parameter_order=True),
            [
                _finding_row(
                    document_id,
                    "pi",
                    proposal.entity_type,
                    page=located[0][0] if located else page,
                    start=proposal.start,
                    end=proposal.end,
                    score=proposal.score,
                    recognizer=proposal.recognizer,
                    text_hmac=text_hmac(key, proposal.text),
                    value={
                        "explanation": proposal.explanation,
                        "context_words": list(proposal.context_words),
                        "exemption_code": proposal.exemption_code,
                        "label": proposal.label,
                    },
                )
                for proposal, located, page in batch
            ],
        ).all()
        redactions = [
            {
                "document_id": document_id,
                "finding_id": finding_id,
                "page": number,
                "rect": box.as_list(),
                "entity_type": proposal.entity_type,
                "exemption_code": proposal.exemption_code or "",
                "label": proposal.label,
                "source": "auto",
                "request_id": None,
            }
            for finding_id, (proposal, located, _) in zip(finding_ids, batch, strict=True)
            for number, box in located
        ]
        for rows in _batches(redactions, ROWS_PER_INSERT):
            session.execute(insert(Redaction), rows)
        boxes += len(redactions)
    return boxes


# Documents whose proposals may still change (a released or redacted one is final).
_OPEN_FOR_PROPOSALS = (DocumentStatus.ANALYSED, DocumentStatus.IN_REVIEW)


def propose_case_mentions(res: Resources, case_id: int) -> int:
    """Case-level consistency: a person identified in any analysed document of the case is
    proposed wherever they are mentioned in the others (surname alone, initials, possessive,
    other casing), and every PERSON finding of those documents is linked to the person it
    names (``Finding.person_key``), so that a reviewer can accept one person in all their
    forms. Runs after each document's analysis; adds proposals, never changes reviewed
    boxes. Returns the number of boxes added.

    Findings are read as plain columns, not ORM objects: PERSON findings with their values,
    every other only as a span, so a big case costs a few dozen bytes a finding."""
    added = 0
    secret = res.settings.secret_key
    with transaction(res.sessions) as session:
        case = session.execute(
            select(Case).where(Case.id == case_id).with_for_update()
        ).scalar_one()
        document_ids = list(
            session.execute(
                select(Document.id)
                .where(Document.case_id == case.id, Document.status.in_(_OPEN_FOR_PROPOSALS))
                .order_by(Document.id)
            ).scalars()
        )
        if not document_ids:
            return 0
        documents = {
            str(document_id): _CaseDocument.load(session, document_id, res.blobs)
            for document_id in document_ids
        }
        known = {key: document.findings() for key, document in documents.items()}
        people = find_people(known)
        person_keys = [_person_key(secret, case.id, person_name(p)) for p in people]
        texts = {key: document.pages.text for key, document in documents.items()}
        widened = find_case_mentions(texts, known, people=people) if len(texts) > 1 else {}
        del known
        policy = load_policy(DEFAULT_POLICY)
        for key, document in documents.items():
            new = [f for f in widened.get(key, []) if not document.spans.covers(f.start, f.end)]
            if not new:
                continue
            proposals = apply_policy(
                document.pages.text, new, policy=policy, jurisdiction=case.jurisdiction
            )
            last_id = document.last_id
            added += _add_proposals(
                session,
                document.id,
                (
                    (proposal, located, None)
                    for proposal in proposals
                    if (located := document.pages.locate(proposal.start, proposal.end))
                ),
                secret,
            )
            # The new mentions' findings are linked with the others.
            document.persons.extend(
                _person_findings(session, document.id, document.pages.text, after_id=last_id)
            )
        linked = _link_people(session, documents.values(), people, person_keys)
        if added:
            audit.record(session, "case.mentions_proposed", "case", case.id, boxes=added)
        if linked:
            # Counts only: the key is derived from a name.
            audit.record(
                session, "case.people_linked", "case", case.id, people=len(people), findings=linked
            )
    return added


@dataclass(frozen=True, slots=True)
class _StoredPerson:
    """A stored PERSON finding as the case step needs it: its row id, its person key, and
    the finding with its value read back from the text."""

    id: int
    person_key: str | None
    finding: PiFinding


@dataclass(slots=True)
class _CaseDocument:
    """One open document of a case, as the case step reads it."""

    id: int
    pages: StoredPages
    spans: SpanIndex  # every PI finding's span
    persons: list[_StoredPerson]
    last_id: int  # the highest PI finding id when read

    @classmethod
    def load(cls, session: Session, document_id: int, blobs: BlobStore) -> _CaseDocument:
        pages = _stored_pages(session, document_id, blobs)
        spans = session.execute(
            select(Finding.start, Finding.end, Finding.id).where(
                Finding.document_id == document_id, Finding.kind == "pi"
            )
        )
        last_id = 0
        pairs: list[tuple[int, int]] = []
        for start, end, finding_id in spans:
            last_id = max(last_id, finding_id)
            if start is not None and end is not None:
                pairs.append((start, end))
        return cls(
            id=document_id,
            pages=pages,
            spans=SpanIndex(pairs),
            persons=_person_findings(session, document_id, pages.text),
            last_id=last_id,
        )

    def findings(self) -> list[PiFinding]:
        return [person.finding for person in self.persons]


def _person_findings(
    session: Session, document_id: int, text: str, *, after_id: int = 0
) -> list[_StoredPerson]:
    """A document's stored PERSON findings (with ids above ``after_id``), in id order."""
    rows = session.execute(
        select(
            Finding.id,
            Finding.person_key,
            Finding.start,
            Finding.end,
            Finding.score,
            Finding.recognizer,
        )
        .where(
            Finding.document_id == document_id,
            Finding.kind == "pi",
            Finding.label == "PERSON",
            Finding.id > after_id,
        )
        .order_by(Finding.id)
    )
    return [
        _StoredPerson(
            finding_id,
            person_key,
            PiFinding("PERSON", start, end, score or 0.5, recognizer or "", text[start:end]),
        )
        for finding_id, person_key, start, end, score, recognizer in rows
        if start is not None and end is not None
    ]


def _person_key(secret: str, case_id: int, name: str) -> str:
    """A person's stable key within a case: an HMAC of the case and their normalised full
    name, so the same person gets the same key however often the case is analysed, and the
    key says nothing of the name without the installation's secret."""
    return text_hmac(secret.encode("utf-8"), f"person {case_id} {name}")


def _link_people(
    session: Session,
    documents: Iterable[_CaseDocument],
    people: Sequence[Person],
    person_keys: Sequence[str],
) -> int:
    """Set each stored PERSON finding's person key (None for one that names no single known
    person), in batched UPDATEs of the changed rows; returns how many changed."""
    changes: list[dict[str, Any]] = []
    for document in documents:
        persons = find_persons(document.findings(), people)
        for stored, person in zip(document.persons, persons, strict=True):
            key = None if person is None else person_keys[person]
            if stored.person_key != key:
                changes.append({"id": stored.id, "person_key": key})
    for batch in _batches(changes, ROWS_PER_INSERT):
        session.execute(update(Finding), batch)
    return len(changes)


def _stored_pages(session: Session, document_id: int, blobs: BlobStore | None) -> StoredPages:
    """A document's stored pages; without ``blobs`` they have text but cannot locate boxes."""
    return StoredPages.from_rows(
        list(
            session.execute(
                select(Page).where(Page.document_id == document_id).order_by(Page.number)
            ).scalars()
        ),
        blobs,
    )


def stored_findings(
    session: Session, document_id: int, blobs: BlobStore | None = None
) -> tuple[StoredPages, str, list[tuple[Finding, PiFinding]]]:
    """A document's stored pages, its text as analysis saw it, and its PI findings (rows and
    values; the value is read back from the text by its offsets, since only an HMAC is
    stored). Without ``blobs`` the pages have text but cannot locate boxes."""
    pages = _stored_pages(session, document_id, blobs)
    text = pages.text
    rows = session.execute(
        select(Finding)
        .where(Finding.document_id == document_id, Finding.kind == "pi")
        .order_by(Finding.id)
    ).scalars()
    return (
        pages,
        text,
        [
            (
                row,
                PiFinding(
                    row.label,
                    row.start,
                    row.end,
                    row.score or 0.5,
                    row.recognizer or "",
                    text[row.start : row.end],
                ),
            )
            for row in rows
            if row.start is not None and row.end is not None
        ],
    )


def apply_case_lists(res: Resources, case_id: int) -> int:
    """Bring the proposals of the case's open documents in line with its allow and deny lists.

    An allowed value's proposed boxes are withdrawn (its finding is marked, so they come back
    if the term leaves the list); every occurrence of a denied term not already proposed gets
    proposed boxes, located from the stored page boxes; a term taken off the deny list takes
    its proposed boxes with it. Reviewed boxes are never touched. Idempotent; returns the
    number of boxes added, withdrawn or restored."""
    with transaction(res.sessions) as session:
        case = session.execute(
            select(Case).where(Case.id == case_id).with_for_update()
        ).scalar_one_or_none()
        if case is None:
            return 0
        lists = CaseLists.from_json(case.redaction_lists)
        documents = list(
            session.execute(
                select(Document.id)
                .where(Document.case_id == case.id, Document.status.in_(_OPEN_FOR_PROPOSALS))
                .order_by(Document.id)
            ).scalars()
        )
        counts = {"added": 0, "withdrawn": 0, "restored": 0}
        for document_id in documents:
            changes = _apply_lists_to_document(res, session, document_id, lists, case.jurisdiction)
            for key, value in changes.items():
                counts[key] += value
        was_pending = case.lists_pending
        case.lists_pending = False
        if was_pending or any(counts.values()):
            audit.record(
                session,
                "case.redaction_lists_applied",
                "case",
                case.id,
                actor_name="worker",
                documents=len(documents),
                boxes_added=counts["added"],
                boxes_withdrawn=counts["withdrawn"],
                boxes_restored=counts["restored"],
            )
    return sum(counts.values())


def _withdraw_proposed(session: Session, finding_id: int) -> int:
    """Delete a finding's boxes no FOI request has decided about (reviewed ones stay);
    returns how many."""
    result = session.execute(
        delete(Redaction).where(Redaction.finding_id == finding_id, undecided())
    )
    return int(getattr(result, "rowcount", 0) or 0)


def _has_boxes(session: Session, finding_id: int) -> bool:
    return (
        session.execute(select(Redaction.id).where(Redaction.finding_id == finding_id)).first()
        is not None
    )


def _apply_lists_to_document(
    res: Resources, session: Session, document_id: int, lists: CaseLists, jurisdiction: str
) -> dict[str, int]:
    pages, text, stored = stored_findings(session, document_id, res.blobs)
    counts = {"added": 0, "withdrawn": 0, "restored": 0}

    def locate(finding: PiFinding) -> list[tuple[int, Box]]:
        return pages.locate(finding.start, finding.end)

    detected = [(row, f) for row, f in stored if f.recognizer != DENY_RECOGNIZER]
    allowed = {id(f) for f in allowed_findings(text, [f for _, f in detected], lists)}
    for row, finding in detected:
        marked = bool((row.value or {}).get(ALLOWED_MARK))
        if id(finding) in allowed and not marked:
            counts["withdrawn"] += _withdraw_proposed(session, row.id)
            row.value = {**(row.value or {}), ALLOWED_MARK: True}
        elif marked and id(finding) not in allowed:
            row.value = {k: v for k, v in (row.value or {}).items() if k != ALLOWED_MARK}
            if not _has_boxes(session, row.id):
                code = (row.value or {}).get("exemption_code") or exemption_code(
                    finding.entity_type, jurisdiction
                )
                counts["restored"] += _add_boxes(session, row, locate(finding), str(code))
    listed = {
        (f.start, f.end, f.entity_type): row for row, f in stored if f.recognizer == DENY_RECOGNIZER
    }
    proposed = [(f.start, f.end) for _, f in detected if id(f) not in allowed]
    for finding in denied_findings(text, lists):
        if listed.pop((finding.start, finding.end, finding.entity_type), None) is not None:
            continue  # already proposed from the deny list
        if any(s <= finding.start and finding.end <= e for s, e in proposed):
            continue  # detection proposed it already
        located = locate(finding)
        if located:
            coded = finding.with_policy(exemption_code(finding.entity_type, jurisdiction))
            counts["added"] += _add_proposal(
                session, document_id, coded, located, res.settings.secret_key, page=None
            )
    for row in listed.values():  # taken off the deny list
        counts["withdrawn"] += _withdraw_proposed(session, row.id)
        if not _has_boxes(session, row.id):
            session.delete(row)
    session.flush()
    return counts


def _add_boxes(
    session: Session, finding: Finding, located: list[tuple[int, Box]], code: str
) -> int:
    """Proposed boxes for an existing finding (one brought back after leaving the allow list)."""
    for number, box in located:
        session.add(
            Redaction(
                document_id=finding.document_id,
                finding_id=finding.id,
                page=number,
                rect=box.as_list(),
                entity_type=finding.label,
                exemption_code=code,
                label=(finding.value or {}).get("label"),
                source="auto",
            )
        )
    return len(located)


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


def process_document(res: Resources, document_id: int) -> FollowUp:
    """Run every step the document still needs. Bad input ends as ``failed``, never retried.

    Returns the work left for other tasks (attachments, page ranges), for the caller to enqueue.
    """
    delivery = begin_delivery(res, document_id)
    if delivery is not Delivery.PROCEED:
        log.info("document %s: %s", document_id, delivery.value)
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


def process_page_range(res: Resources, document_id: int, first: int) -> None:
    """One page-range task of a big PDF; the one that stores the last range analyses."""
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


def find_pending_lists(res: Resources) -> list[int]:
    """Cases whose changed allow and deny lists are not yet applied (for start-up recovery)."""
    with res.sessions() as session:
        query = select(Case.id).where(Case.lists_pending.is_(True)).order_by(Case.id)
        return [row[0] for row in session.execute(query)]


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
