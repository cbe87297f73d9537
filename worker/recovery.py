"""Recovery: re-enqueue work that the database shows unfinished.

The embedded filesystem broker forgets a message once a worker has taken it, so a worker
killed mid-task would lose the task; the database still says the document is unfinished,
and every idempotent task can safely run again. With Redis, a killed worker's task comes
back after the visibility timeout, so only work untouched for longer than that (lost, e.g.
by a Redis restart without persistence) is re-enqueued at start-up.

While a worker runs, a sweep in its main process (``Sweeper``, every ``sweep_interval``
seconds) re-enqueues documents and disclosure job items whose last delivery is older than
the task time limit: no task can still be running for them (the hard limit has killed it),
so their worker died. The claim is one ``UPDATE ... WHERE delivered_at < cutoff RETURNING``,
which moves ``delivered_at`` to now: of several workers sweeping at once only one sees the
row as expired, so it is re-enqueued once per expiry. The delivery count still grows with
every delivery, so a document that keeps killing workers ends ``quarantined``.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
from dataclasses import dataclass

from celery import Celery
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from core.db import transaction
from core.models import Document, Job, JobItem, utcnow
from core.queue import (
    TASK_APPLY_CASE_LISTS,
    TASK_DISCLOSURE_APPLY,
    TASK_DISCLOSURE_BUILD,
    TASK_PROCESS_DOCUMENT,
    TASK_RENDER_LETTER_PDF,
    enqueue,
)
from core.settings import Settings
from core.vocab import FINAL_DOCUMENT_STATUSES, JobStatus
from worker.case_step import find_pending_lists
from worker.disclosure import UNFINISHED, find_unfinished_work
from worker.letters import find_letters_without_pdf
from worker.pipeline import find_unfinished
from worker.resources import Resources, build_resources

log = logging.getLogger(__name__)


def requeue_unfinished(settings: Settings, app: Celery) -> int:
    res = build_resources(settings)
    untouched_for = (
        None if settings.embedded_broker else dt.timedelta(seconds=settings.visibility_timeout)
    )
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
    finally:
        res.engine.dispose()
    for document_id in document_ids:
        enqueue(app, TASK_PROCESS_DOCUMENT, document_id)
    for letter_id in letter_ids:
        enqueue(app, TASK_RENDER_LETTER_PDF, letter_id)
    for job_id, document_id in job_items:
        enqueue(app, TASK_DISCLOSURE_APPLY, job_id, document_id)
    for job_id in job_builds:  # idempotent: a package already built is left alone
        enqueue(app, TASK_DISCLOSURE_BUILD, job_id)
    for case_id in case_ids:
        enqueue(app, TASK_APPLY_CASE_LISTS, case_id)
    return len(document_ids) + len(letter_ids) + len(job_items) + len(job_builds) + len(case_ids)


@dataclass(frozen=True, slots=True)
class Claimed:
    """What one sweep took over: documents, and (job id, document id) disclosure items."""

    documents: tuple[int, ...] = ()
    job_items: tuple[tuple[int, int], ...] = ()

    @property
    def count(self) -> int:
        return len(self.documents) + len(self.job_items)


def claim_expired(session: Session, time_limit: float, now: dt.datetime | None = None) -> Claimed:
    """Claim unfinished rows whose delivery is older than ``time_limit`` seconds.

    Compare-and-set in SQL: the UPDATE moves ``delivered_at`` to now only where it is still
    older than the cutoff, so a concurrent sweep (another worker, another host) that reaches
    the same row after this one commits finds it fresh and leaves it. A row never delivered
    has its message still in the broker and is left alone.
    """
    now = now or utcnow()
    cutoff = now - dt.timedelta(seconds=time_limit)
    documents = session.execute(
        update(Document)
        .where(
            Document.status.not_in([s.value for s in FINAL_DOCUMENT_STATUSES]),
            Document.delivered_at < cutoff,
        )
        .values(delivered_at=now)
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
        .values(delivered_at=now)
        .returning(JobItem.job_id, JobItem.document_id)
        .execution_options(synchronize_session=False)
    ).all()
    return Claimed(document_ids, tuple(sorted((row[0], row[1]) for row in items)))


def sweep_once(res: Resources, app: Celery) -> Claimed:
    """Claim expired work (committed first), then re-enqueue it.

    If sending fails after the commit, the rows wait one more time limit and the next
    sweep claims them again: nothing is lost, only delayed.
    """
    with transaction(res.sessions) as session:
        claimed = claim_expired(session, res.settings.task_time_limit)
    for document_id in claimed.documents:
        enqueue(app, TASK_PROCESS_DOCUMENT, document_id)
    for job_id, document_id in claimed.job_items:
        enqueue(app, TASK_DISCLOSURE_APPLY, job_id, document_id)
    if claimed.count:
        # Ids only: the log never holds names or document text.
        log.warning(
            "sweep: re-enqueued %d document(s) %s and %d job item(s) %s whose worker was lost",
            len(claimed.documents),
            list(claimed.documents),
            len(claimed.job_items),
            list(claimed.job_items),
        )
    return claimed


class Sweeper:
    """A daemon thread in the worker's main process that runs ``sweep_once`` periodically.

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

    def _run(self) -> None:
        res = build_resources(self.settings)
        try:
            while not self._stop.wait(self.settings.sweep_interval):
                try:
                    sweep_once(res, self.app)
                except Exception:  # a failed round must not end the sweeping
                    log.exception(
                        "sweep: round failed; trying again in %ss", res.settings.sweep_interval
                    )
        finally:
            res.engine.dispose()
