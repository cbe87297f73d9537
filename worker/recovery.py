"""Recovery: re-enqueue work that the database shows unfinished.

The embedded filesystem broker forgets a message once a worker has taken it, so a worker
killed mid-task would lose the task; the database still says the document is unfinished,
and every idempotent task can safely run again. With Redis, a killed worker's task comes
back after the visibility timeout, so only work untouched for longer than that (lost, e.g.
by a Redis restart without persistence) is re-enqueued at start-up.

While a worker runs, a sweep in its main process (``Sweeper``, every ``sweep_interval``
seconds) re-enqueues every kind of delivered work (documents, disclosure job items, package
builds, letter PDFs) whose last delivery is older than the task time limit: no task can still
be running for it (the hard limit has killed it), so its worker died. The claim is one
``UPDATE ... WHERE delivered_at < cutoff RETURNING``, which moves ``delivered_at`` to now:
of several workers sweeping at once only one sees the row as expired, so it is re-enqueued
once per expiry. The delivery count still grows with
every delivery, so a document that keeps killing workers ends ``quarantined`` (a job's build
ends ``failed``, a letter gets a PDF error). Of the sweep's message and a second one for the
same work (Redis redelivering the killed task), the first to arrive takes the row and the
other does nothing while it is live (worker/claims).
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from celery import Celery
from sqlalchemy import func, or_, select, update
from sqlalchemy.orm import Session

from core import audit
from core.db import build_engine, build_sessionmaker, transaction
from core.models import Document, Job, JobItem, Letter, utcnow
from core.queue import (
    TASK_APPLY_CASE_LISTS,
    TASK_DISCLOSURE_APPLY,
    TASK_DISCLOSURE_BUILD,
    TASK_PROCESS_DOCUMENT,
    TASK_RENDER_LETTER_PDF,
    enqueue,
)
from core.settings import Settings
from core.vocab import CONSULT_KIND, FINAL_DOCUMENT_STATUSES, PACKAGE_KIND, JobStatus
from worker import claims
from worker.case_step import find_pending_lists
from worker.disclosure import UNFINISHED, find_unfinished_work
from worker.letters import find_letters_without_pdf
from worker.pipeline import find_unfinished
from worker.resources import Resources, build_resources

log = logging.getLogger(__name__)


KIND_DOCUMENT = "document"
KIND_ITEM = "item"
KIND_BUILD = "build"
KIND_LETTER = "letter"


def _claim_ids(
    session: Session,
    model: type[Document] | type[JobItem] | type[Job] | type[Letter],
    ids: Sequence[int],
    round_id: str,
    kind: str,
    now: dt.datetime,
) -> None:
    """Free the given rows for the messages about to be sent (start-up recovery): the first
    message to arrive takes a row, whichever it is."""
    if not ids:
        return
    session.execute(
        update(model)
        .where(model.id.in_(list(ids)))
        .values(delivered_at=now, delivery_id=None)
        .execution_options(synchronize_session=False)
    )


def requeue_unfinished(settings: Settings, app: Celery) -> int:
    """Start-up recovery: re-enqueue what the broker may have lost; of this message and any
    older one still queued for a row, the first to arrive takes it (worker/claims)."""
    res = build_resources(settings)
    untouched_for = (
        None if settings.embedded_broker else dt.timedelta(seconds=settings.visibility_timeout)
    )
    round_id = claims.new_round()
    try:
        document_ids = find_unfinished(res, untouched_for)
        # Redis redelivers a lost letter task itself; the embedded broker forgets it.
        letter_ids = find_letters_without_pdf(res) if settings.embedded_broker else []
        # Disclosure job items: the same rule (Redis redelivers what is younger).
        job_items, job_builds = find_unfinished_work(
            res, None if untouched_for is None else untouched_for.total_seconds()
        )
        # Changed case lists not yet applied (idempotent: applying twice changes nothing).
        case_ids = find_pending_lists(res)
        with transaction(res.sessions) as session:
            now = utcnow()
            _claim_ids(session, Document, document_ids, round_id, KIND_DOCUMENT, now)
            _claim_ids(session, Letter, letter_ids, round_id, KIND_LETTER, now)
            _claim_ids(session, Job, job_builds, round_id, KIND_BUILD, now)
            item_ids = _item_ids(session, job_items)
            _claim_ids(session, JobItem, list(item_ids.values()), round_id, KIND_ITEM, now)
    finally:
        res.engine.dispose()
    for document_id in document_ids:
        task_id = claims.claim_id(round_id, KIND_DOCUMENT, document_id)
        enqueue(app, TASK_PROCESS_DOCUMENT, document_id, task_id=task_id)
    for letter_id in letter_ids:
        task_id = claims.claim_id(round_id, KIND_LETTER, letter_id)
        enqueue(app, TASK_RENDER_LETTER_PDF, letter_id, task_id=task_id)
    for job_id, document_id in job_items:
        task_id = claims.claim_id(round_id, KIND_ITEM, item_ids[(job_id, document_id)])
        enqueue(app, TASK_DISCLOSURE_APPLY, job_id, document_id, task_id=task_id)
    for job_id in job_builds:  # idempotent: a package already built is left alone
        task_id = claims.claim_id(round_id, KIND_BUILD, job_id)
        enqueue(app, TASK_DISCLOSURE_BUILD, job_id, task_id=task_id)
    for case_id in case_ids:
        enqueue(app, TASK_APPLY_CASE_LISTS, case_id)
    return len(document_ids) + len(letter_ids) + len(job_items) + len(job_builds) + len(case_ids)


def _item_ids(session: Session, pairs: Sequence[tuple[int, int]]) -> dict[tuple[int, int], int]:
    """The row id of each (job id, document id) item."""
    if not pairs:
        return {}
    jobs = {job_id for job_id, _ in pairs}
    rows = session.execute(
        select(JobItem.job_id, JobItem.document_id, JobItem.id).where(JobItem.job_id.in_(jobs))
    ).all()
    wanted = set(pairs)
    return {(r[0], r[1]): r[2] for r in rows if (r[0], r[1]) in wanted}


@dataclass(frozen=True, slots=True)
class Claimed:
    """What one sweep took over: documents, (job id, document id, item id) disclosure items,
    package builds (job ids) and letter PDFs (letter ids), under one round id."""

    round_id: str = ""
    documents: tuple[int, ...] = ()
    items: tuple[tuple[int, int, int], ...] = ()
    builds: tuple[int, ...] = ()
    letters: tuple[int, ...] = ()

    @property
    def job_items(self) -> tuple[tuple[int, int], ...]:
        return tuple((job_id, document_id) for job_id, document_id, _ in self.items)

    @property
    def count(self) -> int:
        return len(self.documents) + len(self.items) + len(self.builds) + len(self.letters)


def claim_expired(session: Session, time_limit: float, now: dt.datetime | None = None) -> Claimed:
    """Claim unfinished rows whose delivery is older than ``time_limit`` seconds.

    Compare-and-set in SQL: the UPDATE moves ``delivered_at`` to now only where it is still
    older than the cutoff, so a concurrent sweep (another worker, another host) that reaches
    the same row after this one commits finds it fresh and leaves it. It also clears the dead
    holder (``delivery_id``): the first message to arrive takes the row, the sweep's or Redis
    redelivering the killed one, and any other does nothing while that one is live.
    A document, item or letter never delivered has its message still in the broker and is
    left alone; a package build never delivered is claimed once its last item has been
    finished for a time limit (the task that finished it may have died before enqueueing it).
    """
    now = now or utcnow()
    cutoff = now - dt.timedelta(seconds=time_limit)
    round_id = claims.new_round()
    documents = session.execute(
        update(Document)
        .where(
            Document.status.not_in([s.value for s in FINAL_DOCUMENT_STATUSES]),
            Document.delivered_at < cutoff,
        )
        .values(delivered_at=now, delivery_id=None)
        .returning(Document.id)
        .execution_options(synchronize_session=False)
    ).scalars()
    document_ids = tuple(sorted(documents))
    live_jobs = select(Job.id).where(Job.status.in_([JobStatus.QUEUED, JobStatus.RUNNING]))
    items = session.execute(
        update(JobItem)
        .where(
            JobItem.status.in_(UNFINISHED),
            JobItem.delivered_at < cutoff,
            JobItem.job_id.in_(live_jobs),
        )
        .values(delivered_at=now, delivery_id=None)
        .returning(JobItem.job_id, JobItem.document_id, JobItem.id)
        .execution_options(synchronize_session=False)
    ).all()
    pending = (
        select(JobItem.id).where(JobItem.job_id == Job.id, JobItem.status.in_(UNFINISHED)).exists()
    )
    last_finished = (
        select(func.max(JobItem.updated_at)).where(JobItem.job_id == Job.id).scalar_subquery()
    )
    builds = session.execute(
        update(Job)
        .where(
            Job.kind.in_([PACKAGE_KIND, CONSULT_KIND]),
            Job.status.in_([JobStatus.QUEUED, JobStatus.RUNNING]),
            ~pending,
            or_(
                Job.delivered_at < cutoff,
                Job.delivered_at.is_(None)
                & (func.coalesce(last_finished, Job.created_at) < cutoff),
            ),
        )
        .values(delivered_at=now, delivery_id=None)
        .returning(Job.id)
        .execution_options(synchronize_session=False)
    ).scalars()
    build_ids = tuple(sorted(builds))
    letters = session.execute(
        update(Letter)
        .where(
            Letter.docx_sha256.is_not(None),
            Letter.pdf_sha256.is_(None),
            Letter.pdf_error.is_(None),
            Letter.delivered_at < cutoff,
        )
        .values(delivered_at=now, delivery_id=None)
        .returning(Letter.id)
        .execution_options(synchronize_session=False)
    ).scalars()
    letter_ids = tuple(sorted(letters))
    return Claimed(
        round_id,
        document_ids,
        tuple(sorted((row[0], row[1], row[2]) for row in items)),
        build_ids,
        letter_ids,
    )


def sweep_once(res: Resources, app: Celery) -> Claimed:
    """Claim expired work (committed first), then re-enqueue it (each message's task id names
    the sweep round, kind and row, for the log).

    If sending fails after the commit, the rows wait one more time limit and the next
    sweep claims them again: nothing is lost, only delayed.
    """
    with transaction(res.sessions) as session:
        claimed = claim_expired(session, res.settings.task_time_limit)
    round_id = claimed.round_id
    for document_id in claimed.documents:
        task_id = claims.claim_id(round_id, KIND_DOCUMENT, document_id)
        enqueue(app, TASK_PROCESS_DOCUMENT, document_id, task_id=task_id)
    for job_id, document_id, item_id in claimed.items:
        task_id = claims.claim_id(round_id, KIND_ITEM, item_id)
        enqueue(app, TASK_DISCLOSURE_APPLY, job_id, document_id, task_id=task_id)
    for job_id in claimed.builds:
        task_id = claims.claim_id(round_id, KIND_BUILD, job_id)
        enqueue(app, TASK_DISCLOSURE_BUILD, job_id, task_id=task_id)
    for letter_id in claimed.letters:
        task_id = claims.claim_id(round_id, KIND_LETTER, letter_id)
        enqueue(app, TASK_RENDER_LETTER_PDF, letter_id, task_id=task_id)
    if claimed.count:
        # Ids only: the log never holds names or document text.
        log.warning(
            "sweep: re-enqueued %d document(s) %s, %d job item(s) %s, %d package build(s) %s "
            "and %d letter PDF(s) %s whose worker was lost",
            len(claimed.documents),
            list(claimed.documents),
            len(claimed.items),
            list(claimed.job_items),
            len(claimed.builds),
            list(claimed.builds),
            len(claimed.letters),
            list(claimed.letters),
        )
    return claimed


def mark_received(
    session: Session, task_name: str, args: Sequence[Any], now: dt.datetime | None = None
) -> bool:
    """Stamp ``delivered_at`` on the row of a message the worker took from the broker, if no
    delivery ever stamped it. Returns whether a row was stamped.

    A pool child killed after the message reached it but before its delivery began (a
    SIGKILL, the OOM killer) leaves no trace on the row; Celery then acks the message as
    timed out, and a row never delivered looks like one still queued, so the sweep would
    leave it forever. Stamped at receipt, it is claimed once the time limit has passed. A row
    a delivery already stamped is left alone (the sweep's rule covers it), and so is a
    finished one."""
    now = now or utcnow()
    try:
        ids = [int(a) for a in args]
    except (TypeError, ValueError):
        return False
    if task_name == TASK_PROCESS_DOCUMENT and len(ids) == 1:
        statement = update(Document).where(
            Document.id == ids[0],
            Document.delivered_at.is_(None),
            Document.status.not_in([s.value for s in FINAL_DOCUMENT_STATUSES]),
        )
    elif task_name == TASK_DISCLOSURE_APPLY and len(ids) == 2:
        statement = update(JobItem).where(
            JobItem.job_id == ids[0],
            JobItem.document_id == ids[1],
            JobItem.delivered_at.is_(None),
            JobItem.status.in_(UNFINISHED),
        )
    elif task_name == TASK_RENDER_LETTER_PDF and len(ids) == 1:
        statement = update(Letter).where(
            Letter.id == ids[0], Letter.delivered_at.is_(None), Letter.pdf_sha256.is_(None)
        )
    else:
        return False  # builds are claimed without a delivery; the other tasks are idempotent
    result = session.execute(
        statement.values(delivered_at=now).execution_options(synchronize_session=False)
    )
    return bool(getattr(result, "rowcount", 0))


class ReceiptMarker:
    """The worker main process's ``task_received`` handler (``mark_received``). Its engine
    keeps no connection between messages, so a pool child forked later shares none. An
    error is logged and never stops the consumer: the row then waits for start-up recovery
    as before."""

    def __init__(self, settings: Settings) -> None:
        self._sessions = build_sessionmaker(build_engine(settings.database_url, pooled=False))

    def on_received(self, request: Any = None, **_: Any) -> None:
        if request is None:
            return
        try:
            with transaction(self._sessions) as session:
                mark_received(session, str(request.name), tuple(request.args or ()))
        except Exception:
            log.exception("task %s received: its row could not be stamped", request.id)


class Sweeper:
    """A daemon thread in the worker's main process that runs ``sweep_once`` periodically,
    and anchors the audit chain: a signed checkpoint of the head whenever it moved, every
    ``audit_checkpoint_seconds``, so the unanchored tail a truncation could remove unseen is
    bounded in time as well as in events.

    It lives beside the pool, not in it: when every pool child is dead or busy, the main
    process still notices lost work. Errors are logged and the next round tries again.
    """

    def __init__(self, settings: Settings, app: Celery) -> None:
        self.settings = settings
        self.app = app
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        if self._thread is not None:
            return
        self._thread = threading.Thread(target=self._run, name="casedesk-sweep", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=10)

    def _checkpoint_every(self) -> float:
        return max(self.settings.audit_checkpoint_seconds, 1.0)

    def _run(self) -> None:
        res = build_resources(self.settings)
        now = time.monotonic()
        next_sweep = now + self.settings.sweep_interval
        next_checkpoint = now + self._checkpoint_every()
        try:
            while not self._stop.wait(max(min(next_sweep, next_checkpoint) - time.monotonic(), 0)):
                now = time.monotonic()
                if now >= next_sweep:
                    next_sweep = now + self.settings.sweep_interval
                    try:
                        sweep_once(res, self.app)
                    except Exception:  # a failed round must not end the sweeping
                        log.exception(
                            "sweep: round failed; trying again in %ss", self.settings.sweep_interval
                        )
                if now >= next_checkpoint:
                    next_checkpoint = now + self._checkpoint_every()
                    checkpoint_round(res)
        finally:
            res.engine.dispose()


def checkpoint_round(res: Resources) -> None:
    """One periodic audit checkpoint (if the head moved); a failure waits for the next round."""
    try:
        with res.sessions() as session:
            audit.checkpoint_if_behind(session, audit.config_from(res.settings))
    except Exception:
        log.exception("audit checkpoint: round failed; trying again")
