"""Disclosure jobs on real worker processes against Redis, with SIGKILL.

Killing the worker's main process, or one pool child, mid-job loses nothing and puts no page in
the package twice; a document that kills its worker three times is quarantined and the job
completes without it. Short limits (visibility timeout 8 s) keep redelivery quick.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pypdfium2 as pdfium
import pytest
import redis
from sqlalchemy import func, select

from api.foi import jobs, requests
from api.state import AppState, build_state
from core.db import transaction
from core.models import AuditEvent, Job, JobItem, User
from core.queue import TASK_DISCLOSURE_APPLY, enqueue
from core.settings import Settings
from redaction.verify import verify_output
from tests.api.disclosure_support import (
    PEOPLE,
    make_case,
    make_pdf,
    make_request,
    page_lines,
    seed_document,
    settle_request,
)
from tests.support import REDIS_URL, own_queue
from worker.disclosure import FAILURE_TEST_EXIT_ENV

pytestmark = [pytest.mark.integration, pytest.mark.slow, pytest.mark.xdist_group("worker-kill")]

# This pytest process's own Redis database (one per xdist worker, see tests.support): the
# other Redis tests flush it only at their set-up, never while a test of this process runs,
# and two checkouts given different test databases never share a queue.
DISCLOSURE_REDIS_URL = REDIS_URL
FAST_LIMITS = {
    "CASEDESK_TASK_TIME_LIMIT": "12",
    "CASEDESK_TASK_SOFT_TIME_LIMIT": "10",
    "CASEDESK_VISIBILITY_TIMEOUT": "15",
    "CASEDESK_UNACKED_RESTORE_INTERVAL": "1",
}
VISIBILITY = float(FAST_LIMITS["CASEDESK_VISIBILITY_TIMEOUT"])
DOCUMENTS = 6
PAGES = 3
# Bounded waits for real workers (model loading, redelivery): never a timing assertion.
WAIT = 180.0
# Each death of a pool child costs a respawn that loads the models again: a longer bound.
POISON_WAIT = 420.0


@pytest.fixture
def redis_state(settings: Settings) -> Iterator[AppState]:
    redis.Redis.from_url(DISCLOSURE_REDIS_URL).flushdb()
    state = build_state(
        settings.model_copy(update={"broker_url": DISCLOSURE_REDIS_URL, "queue_name": own_queue()})
    )
    yield state
    state.engine.dispose()


class Worker:
    """A `casedesk worker` (prefork, one pool child) in its own process group."""

    def __init__(self, state: AppState, log: Path, **extra_env: str) -> None:
        env = {
            **os.environ,
            "CASEDESK_ENVIRONMENT": "test",
            "CASEDESK_DATA_DIR": str(state.settings.data_dir),
            "CASEDESK_DATABASE_URL": state.settings.database_url,
            "CASEDESK_BROKER_URL": state.settings.broker_url,
            "CASEDESK_QUEUE_NAME": state.settings.queue_name,
            **FAST_LIMITS,
            **extra_env,
        }
        self.log = log.open("ab")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "casedesk", "worker", "--concurrency", "1", "--loglevel",
             "INFO"],
            env=env, stdout=self.log, stderr=subprocess.STDOUT, start_new_session=True,
        )  # fmt: skip

    def children(self) -> list[int]:
        out = subprocess.run(
            ["ps", "--ppid", str(self.process.pid), "-o", "pid="],
            capture_output=True, text=True, check=False,
        )  # fmt: skip
        return [int(p) for p in out.stdout.split()]

    def kill_main(self) -> None:
        """SIGKILL the main process only (its pool child is orphaned, as in a real crash)."""
        os.kill(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=10)

    def stop(self) -> None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()
        # Whatever is left of the group (an orphaned pool child): gone.
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGKILL)
        self.log.close()


def _seed_job(
    state: AppState, officer_id: int, documents: int = DOCUMENTS
) -> tuple[int, int, list[int]]:
    """A request over ``documents`` documents with every box accepted and every page released
    in part, and its package job."""
    case_id = make_case(state)
    ids = [
        seed_document(state, case_id, make_pdf([page_lines(p, doc=d) for p in range(1, PAGES + 1)]))
        for d in range(1, documents + 1)
    ]
    request_id = make_request(state, officer_id, ids)
    with transaction(state.sessions) as session:
        officer = session.get(User, officer_id)
        assert officer is not None
        request = requests.get_request(session, request_id)
        settle_request(session, officer, request)
        job = jobs.start_job(session, officer, request, "package")
        job_id = job.id
    for document_id in ids:
        enqueue(state.celery, TASK_DISCLOSURE_APPLY, job_id, document_id)
    return request_id, job_id, ids


def _job(state: AppState, job_id: int) -> Job:
    with state.sessions() as session:
        job = session.get(Job, job_id)
        assert job is not None
        return job


def _wait(state: AppState, job_id: int, done: Any, log: Path, timeout: float = WAIT) -> Job:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        job = _job(state, job_id)
        if done(job):
            return job
        time.sleep(0.2)
    raise AssertionError(
        f"job {job_id} stuck at {_job(state, job_id).status} "
        f"({_job(state, job_id).done}/{_job(state, job_id).total}); worker log:\n"
        + log.read_text(errors="replace")[-4000:]
    )


def _finished(job: Job) -> bool:
    return job.status in ("done", "done_with_errors", "failed")


def _check_package(state: AppState, job: Job, documents: list[int]) -> None:
    """Every kept page exactly once, in order; the gate passes; one record per document."""
    assert job.package_sha256 is not None
    pdf = state.blobs.read_bytes(job.package_sha256)
    doc = pdfium.PdfDocument(pdf)
    try:
        texts = [doc[i].get_textpage().get_text_range() for i in range(len(doc))]
    finally:
        doc.close()
    assert job.pages == len(texts) == 1 + len(documents) * PAGES + 1
    headings = [line for t in texts for line in t.splitlines() if line.startswith("Statement page")]
    ordinal = {doc_id: i + 1 for i, doc_id in enumerate(documents)}
    expected = [
        f"Statement page {p} of document {ordinal[d]}."
        for d in documents
        for p in range(1, PAGES + 1)
    ]
    assert headings == expected  # no page lost, none twice
    report = verify_output(pdf, list(PEOPLE.items()))
    assert report.passed, report.summary()
    with state.sessions() as session:
        redacted = session.scalar(
            select(func.count())
            .select_from(AuditEvent)
            .where(
                AuditEvent.action == "document.redacted",
                AuditEvent.details["job_id"].as_integer() == job.id,
            )
        )
        built = session.scalar(
            select(func.count()).select_from(AuditEvent).where(AuditEvent.action == "package.built")
        )
    assert redacted == len(documents)
    assert built == 1


def test_killing_the_main_process_mid_job_loses_nothing(
    redis_state: AppState, actors: Any, tmp_path: Path
) -> None:
    log = tmp_path / "worker.log"
    _, job_id, ids = _seed_job(redis_state, actors["foi_officer"].user_id)
    first = Worker(redis_state, log, CASEDESK_DEBUG_TASK_DELAY_SECONDS="1.5")
    second: Worker | None = None
    try:
        _wait(redis_state, job_id, lambda j: j.done >= 2, log)
        first.kill_main()  # its pool child lives on, orphaned, until the end of the test
        assert not _finished(_job(redis_state, job_id))
        second = Worker(redis_state, log)
        job = _wait(redis_state, job_id, _finished, log, timeout=WAIT + VISIBILITY)
    finally:
        first.stop()
        if second is not None:
            second.stop()
    assert job.status == "done", job.error_message
    assert (job.done, job.failed) == (DOCUMENTS, 0)
    _check_package(redis_state, job, ids)


def test_killing_a_pool_child_mid_job_loses_nothing(
    redis_state: AppState, actors: Any, tmp_path: Path
) -> None:
    log = tmp_path / "worker.log"
    _, job_id, ids = _seed_job(redis_state, actors["foi_officer"].user_id)
    worker = Worker(redis_state, log, CASEDESK_DEBUG_TASK_DELAY_SECONDS="1.5")
    try:
        _wait(redis_state, job_id, lambda j: j.done >= 1, log)

        def running() -> list[JobItem]:
            with redis_state.sessions() as session:
                return list(
                    session.execute(
                        select(JobItem).where(JobItem.job_id == job_id, JobItem.status == "running")
                    ).scalars()
                )

        deadline = time.monotonic() + WAIT
        while not running() and time.monotonic() < deadline:
            time.sleep(0.05)
        victim = running()[0].document_id
        children = worker.children()
        assert children, "the worker has no pool child"
        os.kill(children[0], signal.SIGKILL)
        job = _wait(redis_state, job_id, _finished, log)
    finally:
        worker.stop()
    assert job.status == "done", job.error_message
    assert (job.done, job.failed) == (DOCUMENTS, 0)
    with redis_state.sessions() as session:
        item = session.execute(
            select(JobItem).where(JobItem.job_id == job_id, JobItem.document_id == victim)
        ).scalar_one()
    assert item.status == "done"
    _check_package(redis_state, job, ids)


def test_a_document_that_kills_its_worker_is_quarantined(
    redis_state: AppState, actors: Any, tmp_path: Path
) -> None:
    log = tmp_path / "worker.log"
    request_id, job_id, ids = _seed_job(redis_state, actors["foi_officer"].user_id, documents=3)
    poison = ids[1]
    worker = Worker(redis_state, log, **{FAILURE_TEST_EXIT_ENV: str(poison)})
    try:
        # The CLI follows the job to its end with a progress bar on stderr.
        env = {
            **os.environ,
            "CASEDESK_DATA_DIR": str(redis_state.settings.data_dir),
            "CASEDESK_DATABASE_URL": redis_state.settings.database_url,
            "CASEDESK_BROKER_URL": redis_state.settings.broker_url,
            "CASEDESK_QUEUE_NAME": redis_state.settings.queue_name,
        }
        result = subprocess.run(
            [sys.executable, "-m", "casedesk", "disclose", str(request_id), "--wait",
             "--timeout", str(POISON_WAIT)],
            env=env, capture_output=True, text=True, timeout=POISON_WAIT + 30, check=False,
        )  # fmt: skip
    finally:
        worker.stop()
    job = _job(redis_state, job_id)
    assert job.status == "done_with_errors", (result.stderr, log.read_text()[-3000:])
    assert (job.done, job.failed) == (2, 1)
    assert result.returncode == 1
    assert "resuming job" in result.stderr and "[####" in result.stderr
    assert f"document {poison}: poison" in result.stderr
    with redis_state.sessions() as session:
        item = session.execute(
            select(JobItem).where(JobItem.job_id == job_id, JobItem.document_id == poison)
        ).scalar_one()
        quarantined = session.scalar(
            select(func.count())
            .select_from(AuditEvent)
            .where(AuditEvent.action == "document.quarantined")
        )
    assert (item.status, item.error_code, item.deliveries) == ("quarantined", "poison", 3)
    assert quarantined == 1
    assert job.pages == 1 + 2 * PAGES + 1


def test_a_package_build_killed_mid_merge_is_swept_without_a_restart(
    state: AppState, actors: Any, tmp_path: Path
) -> None:
    """A pool child SIGKILLed while merging the package leaves the job running with every item
    done; when the embedded broker has lost the message, only the running worker's sweep
    (after the task time limit) can build it. No restart either way."""
    log = tmp_path / "worker.log"
    worker = Worker(state, log, CASEDESK_DEBUG_TASK_DELAY_SECONDS="3", CASEDESK_SWEEP_INTERVAL="1")
    try:
        # Seed once the worker runs: its start-up recovery must not send the items twice
        # (a duplicate item task enqueues a build of its own), so only the sweep can help.
        deadline = time.monotonic() + WAIT
        while "ready." not in log.read_text(errors="replace") and time.monotonic() < deadline:
            time.sleep(0.2)
        _, job_id, ids = _seed_job(state, actors["foi_officer"].user_id, documents=2)
        building = _wait(state, job_id, lambda j: j.deliveries == 1, log)  # build taken
        assert building.status == "running" and building.done == 2
        for pid in worker.children():
            os.kill(pid, signal.SIGKILL)
        killed_at = time.monotonic()
        job = _wait(state, job_id, _finished, log, timeout=WAIT)
        recovered_in = time.monotonic() - killed_at
        assert worker.process.poll() is None, "the worker's main process must not restart"
    finally:
        worker.stop()
    swept = f"1 package build(s) [{job_id}]" in log.read_text(errors="replace")
    print(
        f"package build recovered {recovered_in:.1f} s after the kill "
        f"({'by the sweep' if swept else 'the broker requeued the rejected message'})"
    )
    assert job.status == "done", job.error_message
    # The killed build and the one that finished it: the sweep's message, or the rejected
    # message requeued (task_reject_on_worker_lost) when the broker kept it. Without the
    # sweep of builds the lost case stays ``running`` for good.
    assert job.deliveries == 2
    _check_package(state, job, ids)
