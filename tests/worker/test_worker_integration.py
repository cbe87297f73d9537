"""Real worker processes against Redis and against the embedded broker, including SIGKILL.

A document task must reach its final status through a worker; a worker killed mid-task
must not lose the document (Redis redelivers after the visibility timeout; the embedded
broker's start-up recovery re-enqueues) and the document ends in one final status, one row.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import redis
from sqlalchemy import func, select

from api.state import AppState, build_state
from core.models import AuditEvent, Document, DocumentStep
from core.settings import Settings
from tests.support import REDIS_URL, own_queue, statement_pdf
from tests.worker.workers import FAST_LIMITS, Worker, load_document, upload, wait_for

pytestmark = [pytest.mark.integration, pytest.mark.xdist_group("worker-kill")]


@pytest.fixture(params=["redis", "embedded"])
def broker_url(request: pytest.FixtureRequest) -> str:
    if request.param == "redis":
        redis.Redis.from_url(REDIS_URL).flushdb()
        return REDIS_URL
    return "filesystem://"


@pytest.fixture
def worker_state(settings: Settings, broker_url: str) -> Iterator[AppState]:
    state = build_state(
        settings.model_copy(update={"broker_url": broker_url, "queue_name": own_queue()})
    )
    yield state
    state.engine.dispose()


def test_document_reaches_stored_through_a_real_worker(
    worker_state: AppState, actors: Any, tmp_path: Path
) -> None:
    log = tmp_path / "worker.log"
    document_id = upload(worker_state, actors, b"I was pushed to the ground on 3 March 2026.")
    worker = Worker(worker_state, log)
    try:
        document = wait_for(worker_state, document_id, lambda d: d.status == "analysed", 60, log)
    finally:
        worker.stop()
    assert document.detected_type == "txt"
    assert document.deliveries == 0


def test_big_pdf_is_read_in_page_range_tasks_through_a_real_worker(
    worker_state: AppState, actors: Any, tmp_path: Path
) -> None:
    log = tmp_path / "worker.log"
    document_id = upload(worker_state, actors, statement_pdf(5), name="statement.pdf")
    worker = Worker(worker_state, log, CASEDESK_PAGES_PER_TASK="2")
    try:
        document = wait_for(
            worker_state, document_id, lambda d: d.status in ("analysed", "failed"), 120, log
        )
    finally:
        worker.stop()
    assert document.status == "analysed", document.error_message
    assert document.page_count == 5
    with worker_state.sessions() as session:
        ranges = session.execute(
            select(DocumentStep.version).where(
                DocumentStep.document_id == document_id, DocumentStep.step == "pages"
            )
        ).scalars()
        assert sorted(ranges) == [1, 3, 5]


def test_killed_worker_loses_nothing(worker_state: AppState, actors: Any, tmp_path: Path) -> None:
    log = tmp_path / "worker.log"
    document_id = upload(worker_state, actors, b"Statement about the arrest on 4 April 2026.")
    first = Worker(worker_state, log, CASEDESK_DEBUG_TASK_DELAY_SECONDS="4")
    try:
        wait_for(worker_state, document_id, lambda d: d.deliveries == 1, 60, log)
        first.kill()  # SIGKILL, mid-task: the task has started and not finished
    finally:
        first.stop()
    assert load_document(worker_state, document_id).status == "received"

    killed_at = time.monotonic()
    second = Worker(worker_state, log)
    try:
        # Redis: redelivered after the visibility timeout; embedded: re-enqueued at start-up.
        document = wait_for(worker_state, document_id, lambda d: d.status == "analysed", 60, log)
    finally:
        second.stop()
    if not worker_state.settings.embedded_broker:
        visibility = float(FAST_LIMITS["CASEDESK_VISIBILITY_TIMEOUT"])
        assert time.monotonic() - killed_at >= visibility - 5, (
            "Redis redelivered, not start-up recovery"
        )
    assert document.deliveries == 0
    with worker_state.sessions() as session:
        assert session.scalar(select(func.count()).select_from(Document)) == 1
        steps = list(
            session.execute(
                select(DocumentStep.step).where(DocumentStep.document_id == document_id)
            ).scalars()
        )
        stored_events = session.scalar(
            select(func.count())
            .select_from(AuditEvent)
            .where(AuditEvent.action == "document.stored")
        )
    assert sorted(steps) == ["extract", "intake"]
    assert stored_events == 1
