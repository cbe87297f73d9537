"""Disclosure jobs in the worker: one task per document (apply, sanitise, verify), then one
task that merges, stamps, indexes and gates the package.

Idempotent throughout: a job item (unique job + document) is the truth. A delivery is counted
in its own committed transaction before the work, so a document that kills its worker three
times is quarantined and the job completes without it; a re-delivered task that finds its item
finished only makes sure the package task follows. Outputs are content-addressed blobs
(written to a temporary file, then renamed), so a task killed after writing loses nothing.
"""

from __future__ import annotations

import json
import logging
import os
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import Enum

from celery import Celery, Task
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from core import audit, review
from core.db import transaction
from core.errors import AppError, LeakDetected, Poison
from core.models import (
    Case,
    DisclosureRequest,
    Document,
    Finding,
    Job,
    JobItem,
    Page,
    utcnow,
)
from core.queue import RETRY_OPTIONS, TASK_DISCLOSURE_APPLY, TASK_DISCLOSURE_BUILD, enqueue
from core.review import ReviewedBox, ReviewIncomplete
from core.vocab import (
    CONSULT_KIND,
    ENTITY_TYPES,
    LEFT_OUT,
    PACKAGE_KIND,
    JobStatus,
    RequestStatus,
    pending_marker,
)
from extraction.document import Box
from redaction.apply import RedactionBox
from redaction.auto import remove_boxes, verify_removing_left_over
from redaction.findings import PiFinding
from redaction.package import LeftOut, LogEntry, PackageDocument, build_package, outline_boxes
from redaction.pdf_text import read_text_in_boxes
from redaction.policy import keeps_requester, requesters_own
from redaction.sanitize import sanitize_pdf
from redaction.verify import require_clean, verify_output
from worker import claims
from worker.case_step import ALLOWED_MARK
from worker.findings_store import stored_findings
from worker.resources import Resources

log = logging.getLogger(__name__)

UNFINISHED = ("queued", "running")
FINISHED_JOB = (JobStatus.DONE, JobStatus.DONE_WITH_ERRORS, JobStatus.FAILED)
# FAILURE TESTING ONLY: comma-separated document ids whose disclosure task kills its own
# process (os._exit) as a crashing PDF library would. Never set in production.
FAILURE_TEST_EXIT_ENV = "CASEDESK_FAILURE_TEST_EXIT_DOCUMENTS"
# Used where a box has no entity type (drawn or searched): the gate's generic needle.
MANUAL_TYPE = "MANUAL"


class Step(Enum):
    PROCEED = "proceed"
    FINISHED = "finished"
    QUARANTINED = "quarantined"
    MISSING = "missing"
    SUPERSEDED = "held by another live delivery"


@dataclass(frozen=True, slots=True)
class Outcome:
    """What a task did, and whether every item of the job has now finished."""

    step: Step
    all_finished: bool


def _lock_job(session: Session, job_id: int) -> Job | None:
    return session.execute(
        select(Job).where(Job.id == job_id).with_for_update()
    ).scalar_one_or_none()


def _item(session: Session, job_id: int, document_id: int) -> JobItem | None:
    return session.execute(
        select(JobItem).where(JobItem.job_id == job_id, JobItem.document_id == document_id)
    ).scalar_one_or_none()


def _all_finished(session: Session, job: Job) -> bool:
    pending = session.scalar(
        select(func.count())
        .select_from(JobItem)
        .where(JobItem.job_id == job.id, JobItem.status.in_(UNFINISHED))
    )
    return not pending and job.status not in FINISHED_JOB


def begin_item(
    res: Resources, job_id: int, document_id: int, delivery: str | None = None
) -> Outcome:
    """Count this delivery (committed before any work); quarantine after too many deaths.
    A message for an item another live delivery holds does nothing (worker/claims)."""
    with transaction(res.sessions) as session:
        job = _lock_job(session, job_id)  # the job row serialises the items' bookkeeping
        item = _item(session, job_id, document_id) if job else None
        if job is None or item is None:
            return Outcome(Step.MISSING, False)
        if item.status not in UNFINISHED or job.status in FINISHED_JOB:
            return Outcome(Step.FINISHED, _all_finished(session, job))
        if claims.held_by_other(item, delivery, res.settings.task_time_limit):
            return Outcome(Step.SUPERSEDED, False)
        if item.deliveries >= res.settings.max_deliveries:
            item.status = "quarantined"
            item.error_code = Poison.code
            item.error_message = (
                f"applying the redactions stopped its worker {item.deliveries} times: "
                "needs a person"
            )
            job.failed += 1
            audit.record(
                session,
                "document.quarantined",
                "document",
                document_id,
                job_id=job_id,
                deliveries=item.deliveries,
            )
            session.flush()
            return Outcome(Step.QUARANTINED, _all_finished(session, job))
        claims.take(item, delivery)  # the sweep leaves a live delivery alone
        item.status = "running"
        if job.status == JobStatus.QUEUED:
            job.status = JobStatus.RUNNING
        return Outcome(Step.PROCEED, False)


def finish_item(
    res: Resources,
    job_id: int,
    document_id: int,
    *,
    pdf_sha256: str | None = None,
    boxes: int = 0,
    added: Sequence[tuple[int, str, str | None]] = (),
    error: tuple[str, str] | None = None,
) -> bool:
    """Record the item's result once; True when every item of the job has finished.
    ``added``: the (page, code, label) of each box the second pass added, for the log."""
    with transaction(res.sessions) as session:
        job = _lock_job(session, job_id)
        item = _item(session, job_id, document_id) if job else None
        if job is None or item is None:
            return False
        if item.status not in UNFINISHED:
            return _all_finished(session, job)  # another delivery finished first
        if error is None:
            item.status = "done"
            item.pdf_sha256 = pdf_sha256
            item.boxes = boxes + len(added)
            item.second_pass = json.dumps([list(a) for a in added]) if added else None
            item.error_code = item.error_message = None
            job.done += 1
            audit.record(
                session,
                "document.redacted",
                "document",
                document_id,
                actor_name="worker",
                job_id=job_id,
                pdf_sha256=pdf_sha256,
                boxes=boxes,
                second_pass_boxes=len(added),
            )
        else:
            item.status = "failed"
            item.error_code, item.error_message = error[0], error[1][:1000]
            job.failed += 1
            audit.record(
                session,
                "document.failed",
                "document",
                document_id,
                actor_name="worker",
                job_id=job_id,
                error_code=error[0],
            )
        session.flush()
        return _all_finished(session, job)


def _accepted(
    session: Session, request: DisclosureRequest, document_id: int, consult: bool
) -> list[ReviewedBox]:
    """The boxes to apply, as this request decided them (another request's decisions about
    the same document never count): accepted ones; a consult copy also outlines the still
    proposed ones, but not those a requester policy leaves in (the requester's own
    information)."""
    statuses = ("accepted", "proposed") if consult else ("accepted",)
    boxes = review.request_boxes(session, request.id, [document_id], statuses=statuses)
    boxes.sort(key=lambda b: (b.page, b.id))
    if not consult:
        return boxes
    own = _requester_finding_ids(session, request, document_id)
    return [b for b in boxes if not (b.status == "proposed" and b.finding_id in own)]


def _requester_finding_ids(
    session: Session,
    request: DisclosureRequest,
    document_id: int,
    found: tuple[str, list[tuple[Finding, PiFinding]]] | None = None,
) -> set[int]:
    """The document's findings that are the requester's own, under a requester policy
    (``found``: the document's text and findings, when the caller has read them)."""
    if not keeps_requester(request.policy, request.requester):
        return set()
    if found is None:
        _, text, stored = stored_findings(session, document_id)
    else:
        text, stored = found
    return requesters_own(
        request.policy, request.requester, text, [(row.id, f) for row, f in stored]
    )


def _settled_boxes(
    session: Session, request: DisclosureRequest, document_ids: Sequence[int]
) -> set[int]:
    """Proposed boxes the requester policy leaves in: settled by the officer naming the
    requester, so they are not undecided."""
    if not keeps_requester(request.policy, request.requester):
        return set()
    settled: set[int] = set()
    for document_id in document_ids:
        own = _requester_finding_ids(session, request, document_id)
        boxes = review.request_boxes(session, request.id, [document_id], statuses=("proposed",))
        settled.update(b.id for b in boxes if b.finding_id in own)
    return settled


def review_refusal(
    session: Session, request: DisclosureRequest, document_ids: Sequence[int]
) -> str | None:
    """Why the package may not be built (the review is unfinished), or None. The worker asks
    itself rather than trusting the API: the case step may have proposed boxes since."""
    try:
        review.require_reviewed(
            session,
            request.id,
            document_ids,
            settled=_settled_boxes(session, request, document_ids),
        )
    except ReviewIncomplete as exc:
        return f"{exc.code}: {exc.message}"
    return None


def readable_pi(
    session: Session, request: DisclosureRequest, document_id: int
) -> list[tuple[str, str]]:
    """(value, entity type) of each detected value that must not be readable: see
    ``readable_pi_at``."""
    return list(readable_pi_at(session, request, document_id))


def readable_pi_at(
    session: Session, request: DisclosureRequest, document_id: int
) -> dict[tuple[str, str], str]:
    """(value, entity type) of each detected PI value of the document that must not be
    readable in the package: every one no person rejected (all its boxes rejected in this
    request), except those the requester policy or the case's allow list leaves in and those
    on pages left out of the package. The gate searches for them beside the accepted boxes'
    text, so a value whose box was never applied cannot slip through. Each maps to where it
    was found ("document 3 page 2 box 41"), which a build failure names instead of it."""
    _, text, stored = stored_findings(session, document_id)
    if not stored:
        return {}
    statuses: dict[int, set[str]] = {}
    first_box: dict[int, int] = {}
    for box in review.request_boxes(session, request.id, [document_id]):
        if box.finding_id is not None:
            statuses.setdefault(box.finding_id, set()).add(box.status)
            first_box.setdefault(box.finding_id, box.id)
    own = _requester_finding_ids(session, request, document_id, (text, stored))
    dispositions = review.page_dispositions(session, request.id, [document_id])
    left_out = {page for (_, page), d in dispositions.items() if d in LEFT_OUT}
    values: dict[tuple[str, str], str] = {}
    for row, finding in stored:
        if row.id in own or (row.value or {}).get(ALLOWED_MARK) or row.page in left_out:
            continue
        if statuses.get(row.id) == {"rejected"} or not _has_word(finding.text):
            continue
        at = f" box {first_box[row.id]}" if row.id in first_box else " (no box)"
        values.setdefault(
            (finding.text, finding.entity_type), f"document {document_id} page {row.page}{at}"
        )
    return values


def _has_word(text: str) -> bool:
    """Whether ``text`` holds a letter or digit: text under a box over only punctuation is no
    value, and searching for a comma would refuse every page that has one."""
    return any(c.isalnum() for c in text)


def _box(rect: Sequence[float]) -> Box:
    x0, y0, x1, y1 = (float(v) for v in rect)
    return Box(min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1))


def _withheld_values(
    pdf: bytes, boxes: Sequence[ReviewedBox]
) -> list[tuple[str, str, ReviewedBox]]:
    texts = read_text_in_boxes(pdf, [(b.page, _box(b.rect)) for b in boxes])
    return [
        (text, b.entity_type or MANUAL_TYPE, b)
        for text, b in zip(texts, boxes, strict=True)
        if _has_word(text)
    ]


def _withheld_at(box: ReviewedBox) -> str:
    """Where a value was withheld, as a build failure names it (never the value)."""
    return f"document {box.document_id} page {box.page} box {box.id}"


def _failure_test_exit(document_id: int) -> None:
    wanted = os.environ.get(FAILURE_TEST_EXIT_ENV, "")
    if wanted and str(document_id) in {part.strip() for part in wanted.split(",")}:
        log.warning("failure testing: document %s kills its worker process", document_id)
        os._exit(1)


@dataclass(frozen=True, slots=True)
class RedactedDocument:
    """One document's redacted PDF and the boxes the second pass added: (page, code, label)."""

    pdf: bytes
    added: tuple[tuple[int, str, str | None], ...] = ()


def redact_document(
    pdf: bytes, boxes: Sequence[ReviewedBox], released: Sequence[ReviewedBox] = ()
) -> RedactedDocument:
    """apply -> sanitise -> verify, and when an accepted value is still readable elsewhere
    (another mention, a header, text split across objects) the second pass removes every
    occurrence of it and verifies again; refused (LeakDetected) only if that fails too.
    ``released``: boxes an officer rejected (left readable) are never covered by that pass."""
    values = _withheld_values(pdf, boxes)
    first: dict[tuple[str, str], str] = {}  # each value once, named by its first box
    withheld: dict[tuple[str, str], tuple[str, str | None]] = {}
    for text, entity_type, box in values:
        first.setdefault((text, entity_type), _withheld_at(box))
        withheld.setdefault((text, entity_type), (box.exemption_code, box.label))
    removed = remove_boxes(
        pdf,
        [RedactionBox(b.page, _box(b.rect), b.exemption_code, b.label) for b in boxes],
        [text for text, _ in first],
    )
    verified = verify_removing_left_over(
        removed.pdf, withheld, released=[(b.page, _box(b.rect)) for b in released]
    )
    added = (
        tuple((b.page, b.exemption_code, b.label) for b, _ in verified.removal.boxes)
        if verified.removal is not None
        else ()
    )
    require_clean(verified.report, list(first.values()))
    return RedactedDocument(verified.pdf, added)


def apply_document(
    res: Resources, job_id: int, document_id: int, delivery: str | None = None
) -> Outcome:
    """One document of a job: its redacted (or consult) PDF as a blob, recorded on its item."""
    begun = begin_item(res, job_id, document_id, delivery)
    if begun.step is not Step.PROCEED:
        log.info("job %s document %s: %s", job_id, document_id, begun.step.value)
        return begun
    _failure_test_exit(document_id)
    if res.settings.debug_task_delay_seconds:
        time.sleep(res.settings.debug_task_delay_seconds)
    with res.sessions() as session:
        job = session.get(Job, job_id)
        document = session.get(Document, document_id)
        consult = job is not None and job.kind == CONSULT_KIND
        request = session.get(DisclosureRequest, job.request_id) if job and job.request_id else None
        boxes = _accepted(session, request, document_id, consult) if request else []
        released = (
            review.request_boxes(session, request.id, [document_id], statuses=("rejected",))
            if request and not consult
            else []
        )
        pdf_sha256 = document.pdf_sha256 if document else None
    try:
        if request is None:
            raise LeakDetected("the job belongs to no FOI request: nothing says what to redact")
        if pdf_sha256 is None:
            raise LeakDetected("the document has no PDF to redact")
        pdf = res.blobs.read_bytes(pdf_sha256)
        added: tuple[tuple[int, str, str | None], ...] = ()
        if consult:
            out = outline_boxes(pdf, [(b.page, _box(b.rect), b.exemption_code) for b in boxes])
        else:
            redacted = redact_document(pdf, boxes, released)
            out, added = redacted.pdf, redacted.added
        blob = res.blobs.write_bytes(out)
    except AppError as exc:
        done = finish_item(res, job_id, document_id, error=(exc.code, exc.message))
        return Outcome(Step.FINISHED, done)
    except Exception:
        log.exception("job %s document %s: unexpected error", job_id, document_id)
        finish_item(
            res,
            job_id,
            document_id,
            error=("internal_error", "unexpected error; see the worker log"),
        )
        raise
    done = finish_item(
        res, job_id, document_id, pdf_sha256=blob.sha256, boxes=len(boxes), added=added
    )
    return Outcome(Step.FINISHED, done)


def _reason(box: ReviewedBox) -> str:
    if box.entity_type in ENTITY_TYPES:
        return "personal information"
    return (box.label or "exempt information")[:80]


def _added_reason(code: str, label: str | None, boxes: Sequence[ReviewedBox]) -> str:
    """The reason of an accepted box with the same code (the value's first occurrence)."""
    for box in boxes:
        if box.exemption_code == code and box.label == label:
            return _reason(box)
    return (label or "exempt information")[:80]


def _package_document(
    session: Session,
    title: str,
    item: JobItem,
    pdf: bytes,
    consult: bool,
    request: DisclosureRequest,
) -> PackageDocument:
    numbers = list(
        session.execute(
            select(Page.number).where(Page.document_id == item.document_id).order_by(Page.number)
        ).scalars()
    )
    dispositions = review.page_dispositions(session, request.id, [item.document_id])
    pages = [(n, dispositions.get((item.document_id, n))) for n in numbers]
    boxes = _accepted(session, request, item.document_id, consult)
    codes: dict[int, dict[str, tuple[str, int]]] = {}
    for b in boxes:
        per_page = codes.setdefault(b.page, {})
        reason, count = per_page.get(b.exemption_code, (_reason(b), 0))
        per_page[b.exemption_code] = (reason, count + 1)
    # Further occurrences of accepted values that the second pass removed (same code).
    for page, code, label in json.loads(item.second_pass or "[]"):
        per_page = codes.setdefault(int(page), {})
        reason, count = per_page.get(code, (_added_reason(code, label, boxes), 0))
        per_page[code] = (reason, count + 1)
    keep = tuple(n for n, d in pages if d not in LEFT_OUT)
    withheld_under = review.withheld_page_codes(session, request.id, [item.document_id])
    left_out = tuple(
        LeftOut(
            n,
            str(d),
            withheld_under.get((item.document_id, n)) or "; ".join(sorted(codes.get(n, {}))),
            "; ".join(sorted({r for r, _ in codes.get(n, {}).values()})),
        )
        for n, d in pages
        if d in LEFT_OUT
    )
    log_entries = tuple(
        LogEntry(n, code, reason, count)
        for n, per_page in sorted(codes.items())
        for code, (reason, count) in sorted(per_page.items())
    )
    return PackageDocument(title, pdf, keep, left_out, log_entries)


def _merge_and_gate(
    res: Resources,
    number: str,
    parts: Sequence[PackageDocument],
    strings: Sequence[tuple[str, str]],
    consult: bool,
    sources: Sequence[str] | None = None,
) -> tuple[str, str, int]:
    """Merge, stamp and index the package, pass it through the gate; (pdf sha, csv sha,
    pages). ``strings``: the accepted boxes' text and every detected value nobody rejected;
    sanitising strips them from what it removes (metadata, bookmarks), the gate refuses any
    still readable."""
    if not parts:
        raise LeakDetected("no document of the job could be redacted")
    package = build_package(number, parts, consult=consult)
    pdf = package.pdf
    if not consult:
        pdf = sanitize_pdf(pdf, [s for s, _ in strings])
        require_clean(verify_output(pdf, strings), sources)
    package_sha = res.blobs.write_bytes(pdf).sha256
    csv_sha = res.blobs.write_bytes(package.csv).sha256
    return package_sha, csv_sha, package.pages


def _job_documents(session: Session, job_id: int) -> list[int]:
    return list(
        session.execute(
            select(JobItem.document_id).where(JobItem.job_id == job_id).order_by(JobItem.position)
        ).scalars()
    )


def begin_build(res: Resources, job_id: int, delivery: str | None = None) -> bool:
    """Take the job's package build for this delivery (committed before any work): False when
    there is nothing to build yet or any more, when another live delivery is building it, or
    when builds have stopped their worker ``max_deliveries`` times (the job fails: a person
    has to look, as for a quarantined document)."""
    with transaction(res.sessions) as session:
        job = _lock_job(session, job_id)
        if job is None or job.status in FINISHED_JOB or not _all_finished(session, job):
            return False
        if claims.held_by_other(job, delivery, res.settings.task_time_limit):
            log.info("job %s: package build held by another live delivery", job_id)
            return False
        if job.deliveries >= res.settings.max_deliveries:
            job.status = JobStatus.FAILED
            job.finished_at = utcnow()
            job.error_message = (
                f"poison: building the package stopped its worker {job.deliveries} times: "
                "needs a person"
            )
            audit.record(
                session,
                "job.quarantined",
                "job",
                job.id,
                request_id=job.request_id,
                deliveries=job.deliveries,
            )
            return False
        claims.take(job, delivery)
        return True


def build_job_package(res: Resources, job_id: int, delivery: str | None = None) -> bool:
    """Merge the job's documents into the package; True when this call recorded it."""
    if not begin_build(res, job_id, delivery):
        return False
    if res.settings.debug_task_delay_seconds:  # failure testing: a window to kill the build
        time.sleep(res.settings.debug_task_delay_seconds)
    with res.sessions() as session:
        job = session.get(Job, job_id)
        if job is None or job.status in FINISHED_JOB or not _all_finished(session, job):
            return False
        request = session.get(DisclosureRequest, job.request_id)
        if request is None:
            return False
        consult = job.kind == CONSULT_KIND
        items = list(
            session.execute(
                select(JobItem)
                .where(JobItem.job_id == job_id, JobItem.status == "done")
                .order_by(JobItem.position)
            ).scalars()
        )
        documents = {
            d.id: d
            for d in session.execute(
                select(Document).where(Document.id.in_([i.document_id for i in items]))
            ).scalars()
        }
        case_ids = {d.case_id for d in documents.values()}
        query = select(Case.id, Case.reference).where(Case.id.in_(case_ids))
        refs = {row[0]: row[1] for row in session.execute(query)}
        chosen = review.chosen_titles(session, request.id)
        parts: list[PackageDocument] = []
        # Each value searched for once, with where it was first withheld (for a failure).
        searched: dict[tuple[str, str], str] = {}
        refused = (
            None if consult else review_refusal(session, request, _job_documents(session, job_id))
        )
        for item in [] if refused else items:
            document = documents[item.document_id]
            title = review.package_title(
                refs.get(document.case_id), document.id, chosen.get(document.id)
            )
            if item.pdf_sha256 is None:
                continue
            parts.append(
                _package_document(
                    session, title, item, res.blobs.read_bytes(item.pdf_sha256), consult, request
                )
            )
            if not consult and document.pdf_sha256:
                original = res.blobs.read_bytes(document.pdf_sha256)
                accepted = _accepted(session, request, document.id, False)
                for text, entity_type, box in _withheld_values(original, accepted):
                    searched.setdefault((text, entity_type), _withheld_at(box))
                for value, where in readable_pi_at(session, request, document.id).items():
                    searched.setdefault(value, where)
        number = request.number
    error: str | None = refused  # an unfinished review: nothing was read, nothing is merged
    package_sha: str | None = None
    csv_sha: str | None = None
    pages = 0
    if error is None:
        try:
            package_sha, csv_sha, pages = _merge_and_gate(
                res, number, parts, list(searched), consult, list(searched.values())
            )
        except AppError as exc:
            error = f"{exc.code}: {exc.message}"
    with transaction(res.sessions) as session:
        job = _lock_job(session, job_id)
        if job is None or job.status in FINISHED_JOB:
            return False
        job.finished_at = utcnow()
        request = session.execute(
            select(DisclosureRequest)
            .where(DisclosureRequest.id == job.request_id)
            .with_for_update()
        ).scalar_one()
        if error is None and not consult:
            # Boxes the case step proposed while the package was merged are undecided too.
            error = review_refusal(session, request, _job_documents(session, job.id))
        if error is not None:
            job.status = JobStatus.FAILED
            job.error_message = error[:2000]
            audit.record(
                session,
                "job.failed",
                "job",
                job.id,
                actor_name="worker",
                request_id=job.request_id,
                error_code=error.split(":", 1)[0],
            )
            return True
        job.status = JobStatus.DONE_WITH_ERRORS if job.failed else JobStatus.DONE
        job.package_sha256, job.csv_sha256, job.pages = package_sha, csv_sha, pages
        # Only if nothing changed since the job started (a review change clears the marker).
        if not consult and request.package_sha256 == pending_marker(job.id):
            request.package_sha256 = package_sha
            request.status = RequestStatus.READY
        audit.record(
            session,
            "package.built",
            "job",
            job.id,
            actor_name="worker",
            request_id=job.request_id,
            kind=job.kind,
            package_sha256=package_sha,
            csv_sha256=csv_sha,
            pages=pages,
            documents=len(parts),
            failed=job.failed,
        )
    return True


def find_unfinished_work(
    res: Resources, untouched_seconds: float | None
) -> tuple[list[tuple[int, int]], list[int]]:
    """(job id, document id) items still to do, and jobs whose package is still to build."""
    cutoff = None if untouched_seconds is None else utcnow().timestamp() - untouched_seconds
    with res.sessions() as session:
        jobs = list(
            session.execute(
                select(Job).where(
                    Job.kind.in_([PACKAGE_KIND, CONSULT_KIND]),
                    Job.status.in_([JobStatus.QUEUED, JobStatus.RUNNING]),
                )
            ).scalars()
        )
        items: list[tuple[int, int]] = []
        builds: list[int] = []
        for job in jobs:
            pending = [
                i
                for i in session.execute(
                    select(JobItem).where(JobItem.job_id == job.id, JobItem.status.in_(UNFINISHED))
                ).scalars()
            ]
            if not pending:
                builds.append(job.id)
            items.extend(
                (job.id, i.document_id)
                for i in pending
                if cutoff is None or i.updated_at.timestamp() < cutoff
            )
        return items, builds


def register_disclosure_tasks(
    app: Celery, resources: Callable[[], Resources], transient: tuple[type[BaseException], ...]
) -> None:
    """Register ``disclosure.apply_document`` and ``disclosure.build_package``."""

    @app.task(  # type: ignore[untyped-decorator]
        name=TASK_DISCLOSURE_APPLY,
        bind=True,
        autoretry_for=transient,
        **RETRY_OPTIONS,
    )
    def apply_document_task(self: Task, job_id: int, document_id: int) -> None:
        outcome = apply_document(resources(), job_id, document_id, self.request.id)
        if outcome.all_finished:
            enqueue(app, TASK_DISCLOSURE_BUILD, job_id)

    @app.task(  # type: ignore[untyped-decorator]
        name=TASK_DISCLOSURE_BUILD,
        bind=True,
        autoretry_for=transient,
        **RETRY_OPTIONS,
    )
    def build_package_task(self: Task, job_id: int) -> None:
        build_job_package(resources(), job_id, self.request.id)
