"""The sweep's claim on a real database: expired deliveries re-enqueued once per expiry, live
and never-delivered work left alone, concurrent sweeps never claiming the same row twice."""

from __future__ import annotations

import datetime as dt
import io
import threading
from typing import Any

from sqlalchemy import update

from api import services
from api.state import AppState
from core.db import transaction
from core.models import Document, Job, JobItem, User, utcnow
from core.queue import build_celery
from worker.pipeline import begin_delivery, process_document
from worker.recovery import claim_expired, sweep_once
from worker.resources import build_resources

LIMIT = 6.0  # seconds: the task time limit the claims are measured against


def _documents(state: AppState, count: int) -> list[int]:
    with transaction(state.sessions) as session:
        user = User(username="u", display_name="u", password_hash="x", roles=["coordinator"])
        session.add(user)
        session.flush()
        case = services.create_case(session, user, "Case", "CA-ON")
        ids = []
        for number in range(count):
            document, _ = services.take_upload(
                state,
                session,
                case=case,
                user=user,
                source=io.BytesIO(f"complaint number {number}".encode()),
                filename=f"d{number}.txt",
                content_type="",
            )
            ids.append(document.id)
        return ids


def _set(state: AppState, document_id: int, **values: Any) -> None:
    with transaction(state.sessions) as session:
        session.execute(update(Document).where(Document.id == document_id).values(**values))


def _ago(seconds: float) -> dt.datetime:
    return utcnow() - dt.timedelta(seconds=seconds)


def _claim(state: AppState, now: dt.datetime | None = None) -> tuple[int, ...]:
    with transaction(state.sessions) as session:
        return claim_expired(session, LIMIT, now).documents


def test_only_unfinished_work_whose_delivery_expired_is_claimed(state: AppState) -> None:
    expired, live, never, finished = _documents(state, 4)
    _set(state, expired, delivered_at=_ago(LIMIT + 1))
    _set(state, live, delivered_at=_ago(LIMIT - 2))  # still within its time limit: running
    _set(state, finished, delivered_at=_ago(LIMIT + 1), status="analysed")
    assert _claim(state) == (expired,)
    assert never not in _claim(state, utcnow() + dt.timedelta(hours=1))  # message still queued


def test_a_claim_lasts_one_expiry(state: AppState) -> None:
    (document_id,) = _documents(state, 1)
    _set(state, document_id, delivered_at=_ago(LIMIT + 1))
    assert _claim(state) == (document_id,)
    assert _claim(state) == ()  # re-enqueued: not again until that delivery expires too
    assert _claim(state, utcnow() + dt.timedelta(seconds=LIMIT + 1)) == (document_id,)


def test_two_sweeps_at_once_claim_a_row_once(state: AppState) -> None:
    """The second sweep's UPDATE waits for the first one's row (PostgreSQL) or write (SQLite)
    lock, then finds ``delivered_at`` moved on and claims nothing."""
    ids = _documents(state, 3)
    for document_id in ids:
        _set(state, document_id, delivered_at=_ago(LIMIT + 1))
    second: list[tuple[int, ...]] = []
    with transaction(state.sessions) as session:
        first = claim_expired(session, LIMIT).documents
        rival = threading.Thread(target=lambda: second.append(_claim(state)))
        rival.start()
        rival.join(timeout=1)
        assert rival.is_alive(), "the second sweep should wait for the first one's commit"
    rival.join(timeout=30)
    assert first == tuple(ids)
    assert second == [()]


def test_many_concurrent_sweeps_share_the_rows_without_overlap(state: AppState) -> None:
    ids = _documents(state, 12)
    for document_id in ids:
        _set(state, document_id, delivered_at=_ago(LIMIT + 1))
    start = threading.Barrier(6)
    results: list[tuple[int, ...]] = []

    def sweep() -> None:
        start.wait()
        results.append(_claim(state))

    threads = [threading.Thread(target=sweep) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    claimed = [document_id for result in results for document_id in result]
    assert sorted(claimed) == ids  # every row once, none twice


def test_job_items_of_running_jobs_are_claimed(state: AppState) -> None:
    first, second = _documents(state, 2)
    with transaction(state.sessions) as session:
        running = Job(kind="disclosure.package", status="running", total=2)
        done = Job(kind="disclosure.package", status="done", total=1)
        session.add_all([running, done])
        session.flush()
        session.add_all(
            [
                JobItem(
                    job_id=running.id,
                    document_id=first,
                    position=1,
                    status="running",
                    delivered_at=_ago(LIMIT + 1),
                ),
                JobItem(
                    job_id=running.id,
                    document_id=second,
                    position=2,
                    status="done",
                    delivered_at=_ago(LIMIT + 1),
                ),
                JobItem(
                    job_id=done.id,
                    document_id=first,
                    position=1,
                    status="running",
                    delivered_at=_ago(LIMIT + 1),
                ),
            ]
        )
        running_id = running.id
    with transaction(state.sessions) as session:
        assert claim_expired(session, LIMIT).job_items == ((running_id, first),)


def test_sweep_enqueues_and_a_poison_document_still_ends_quarantined(
    state: AppState, shared_models: dict[str, Any]
) -> None:
    (document_id,) = _documents(state, 1)
    settings = state.settings.model_copy(update={"task_time_limit": int(LIMIT)})
    # Its third worker died too: the delivery the sweep re-enqueues quarantines it.
    _set(state, document_id, delivered_at=_ago(LIMIT + 1), deliveries=settings.max_deliveries)
    resources = build_resources(settings, shared_models)
    queue_dir = settings.broker_dir / "queue"
    try:
        before = len(list(queue_dir.glob("*"))) if queue_dir.exists() else 0
        assert sweep_once(resources, build_celery(settings)).documents == (document_id,)
        assert len(list(queue_dir.glob("*"))) == before + 1  # one message on the embedded broker
        process_document(resources, document_id)
        with state.sessions() as session:
            document = session.get(Document, document_id)
            assert document is not None
            assert document.status == "quarantined"
        assert sweep_once(resources, build_celery(settings)).documents == ()
    finally:
        resources.engine.dispose()


def test_a_delivery_is_stamped_so_the_sweep_leaves_it(
    state: AppState, shared_models: dict[str, Any]
) -> None:
    (document_id,) = _documents(state, 1)
    resources = build_resources(state.settings, shared_models)
    try:
        begin_delivery(resources, document_id)
    finally:
        resources.engine.dispose()
    with state.sessions() as session:
        document = session.get(Document, document_id)
        assert document is not None and document.delivered_at is not None
        assert utcnow() - document.delivered_at < dt.timedelta(seconds=5)
    assert _claim(state) == ()
