"""The sweep's claim on a real database: expired deliveries (documents, job items, package
builds, letter PDFs) re-enqueued once per expiry, live and never-delivered work left alone,
concurrent sweeps never claiming the same row twice, and a second message for claimed work
(Redis redelivery beside the sweep's) doing nothing."""

from __future__ import annotations

import datetime as dt
import io
import threading
from typing import Any

import pytest
from sqlalchemy import update

from api import services
from api.state import AppState
from core.db import transaction
from core.models import Document, Job, JobItem, Letter, User, utcnow
from core.queue import TASK_DISCLOSURE_BUILD, TASK_PROCESS_DOCUMENT, build_celery
from worker.claims import claim_id
from worker.disclosure import Step, begin_build, begin_item
from worker.letters import begin_render, render_letter_pdf
from worker.pipeline import Delivery, begin_delivery, process_document
from worker.recovery import (
    KIND_BUILD,
    KIND_DOCUMENT,
    KIND_ITEM,
    KIND_LETTER,
    ReceiptMarker,
    claim_expired,
    mark_received,
    sweep_once,
)
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


def _job(state: AppState, documents: list[int], statuses: list[str], **job: Any) -> int:
    with transaction(state.sessions) as session:
        row = Job(kind="disclosure.package", total=len(documents), **{"status": "running", **job})
        session.add(row)
        session.flush()
        for position, (document_id, status) in enumerate(zip(documents, statuses, strict=True)):
            session.add(
                JobItem(job_id=row.id, document_id=document_id, position=position, status=status)
            )
        return row.id


def _age_items(state: AppState, job_id: int, seconds: float) -> None:
    with transaction(state.sessions) as session:
        session.execute(
            update(JobItem).where(JobItem.job_id == job_id).values(updated_at=_ago(seconds))
        )


def test_package_builds_whose_worker_died_are_claimed(state: AppState) -> None:
    """A worker SIGKILLed while merging a package left its job running with every item done:
    the sweep claims the build; one still building, or with items to do, is left alone."""
    a, b = _documents(state, 2)
    killed = _job(state, [a], ["done"], delivered_at=_ago(LIMIT + 1), delivery_id="t1")
    live = _job(state, [a], ["done"], delivered_at=_ago(LIMIT - 2), delivery_id="t2")
    # Its last item finished long ago but no build was ever delivered (the item's task died
    # between finishing the item and enqueueing the build).
    never_sent = _job(state, [b], ["failed"])
    _age_items(state, never_sent, LIMIT + 1)
    just_finished = _job(state, [b], ["done"])
    with_items = _job(state, [a, b], ["done", "running"], delivered_at=_ago(LIMIT + 1))
    finished = _job(state, [a], ["done"], status="done", delivered_at=_ago(LIMIT + 1))
    with transaction(state.sessions) as session:
        claimed = claim_expired(session, LIMIT)
    assert claimed.builds == tuple(sorted((killed, never_sent)))
    assert not {live, just_finished, with_items, finished} & set(claimed.builds)
    with state.sessions() as session:
        job = session.get(Job, killed)
        assert job is not None
        assert job.delivery_id is None  # the dead holder is cleared: the next message takes it


def test_sweep_sends_the_build_under_its_claim_and_the_killed_delivery_does_nothing(
    state: AppState,
) -> None:
    (document_id,) = _documents(state, 1)
    job_id = _job(state, [document_id], ["done"])
    resources = build_resources(state.settings.model_copy(update={"task_time_limit": int(LIMIT)}))
    try:
        assert begin_build(resources, job_id, "killed-task") is True
        with transaction(state.sessions) as session:
            session.execute(
                update(Job).where(Job.id == job_id).values(delivered_at=_ago(LIMIT + 1))
            )
        queue_dir = state.settings.broker_dir / "queue"
        before = len(list(queue_dir.glob("*"))) if queue_dir.exists() else 0
        claimed = sweep_once(resources, build_celery(state.settings))
        assert claimed.builds == (job_id,)
        assert len(list(queue_dir.glob("*"))) == before + 1
        # The sweep's message takes the build; Redis redelivering the killed task after its
        # visibility timeout finds it held by that live delivery and does nothing.
        assert begin_build(resources, job_id, claim_id(claimed.round_id, KIND_BUILD, job_id))
        assert begin_build(resources, job_id, "killed-task") is False
        with state.sessions() as session:
            job = session.get(Job, job_id)
            assert job is not None and job.deliveries == 2  # the duplicate was not counted
    finally:
        resources.engine.dispose()


def test_a_build_that_keeps_killing_its_worker_fails_the_job(state: AppState) -> None:
    (document_id,) = _documents(state, 1)
    job_id = _job(state, [document_id], ["done"], deliveries=state.settings.max_deliveries)
    resources = build_resources(state.settings)
    try:
        assert begin_build(resources, job_id, "sweep") is False
    finally:
        resources.engine.dispose()
    with state.sessions() as session:
        job = session.get(Job, job_id)
        assert job is not None and job.status == "failed"
        assert job.error_message is not None and job.error_message.startswith("poison:")


def test_a_document_is_worked_on_by_one_live_delivery(
    state: AppState, shared_models: dict[str, Any]
) -> None:
    """Redis redelivering a killed task the sweep already re-enqueued: whichever message comes
    second finds the row held by a live delivery and does nothing; a retry keeps its row."""
    (document_id,) = _documents(state, 1)
    settings = state.settings.model_copy(
        update={"task_time_limit": int(LIMIT), "max_deliveries": 10}
    )
    resources = build_resources(settings, shared_models)
    try:
        assert begin_delivery(resources, document_id, "first") is Delivery.PROCEED
        assert begin_delivery(resources, document_id, "other") is Delivery.SUPERSEDED
        assert begin_delivery(resources, document_id, "first") is Delivery.PROCEED  # a retry
        _set(state, document_id, delivered_at=_ago(LIMIT + 1))  # its worker died
        claimed = sweep_once(resources, build_celery(settings))
        assert claimed.documents == (document_id,)
        swept = claim_id(claimed.round_id, KIND_DOCUMENT, document_id)
        assert begin_delivery(resources, document_id, swept) is Delivery.PROCEED
        assert begin_delivery(resources, document_id, "first") is Delivery.SUPERSEDED
        # That one died too; Redis's redelivery of "first" now comes before the next sweep's.
        _set(state, document_id, delivered_at=_ago(LIMIT + 1))
        again = sweep_once(resources, build_celery(settings))
        assert begin_delivery(resources, document_id, "first") is Delivery.PROCEED
        later = claim_id(again.round_id, KIND_DOCUMENT, document_id)
        assert begin_delivery(resources, document_id, later) is Delivery.SUPERSEDED
    finally:
        resources.engine.dispose()
    with state.sessions() as session:
        document = session.get(Document, document_id)
        assert document is not None and document.deliveries == 4


def test_a_swept_message_that_waited_past_another_sweep_still_takes_its_row(
    state: AppState, shared_models: dict[str, Any]
) -> None:
    """A backlog longer than the time limit: the first sweep's message is still queued when
    the next sweep claims the row again. Whichever message comes first does the work."""
    (document_id,) = _documents(state, 1)
    settings = state.settings.model_copy(update={"task_time_limit": int(LIMIT)})
    resources = build_resources(settings, shared_models)
    try:
        assert begin_delivery(resources, document_id, "killed") is Delivery.PROCEED
        _set(state, document_id, delivered_at=_ago(LIMIT + 1))
        first = sweep_once(resources, build_celery(settings))
        _set(state, document_id, delivered_at=_ago(LIMIT + 1))  # still queued a limit later
        second = sweep_once(resources, build_celery(settings))
        assert first.documents == second.documents == (document_id,)
        waited = claim_id(first.round_id, KIND_DOCUMENT, document_id)
        assert begin_delivery(resources, document_id, waited) is Delivery.PROCEED
        newer = claim_id(second.round_id, KIND_DOCUMENT, document_id)
        assert begin_delivery(resources, document_id, newer) is Delivery.SUPERSEDED
    finally:
        resources.engine.dispose()


def test_a_job_item_is_worked_on_by_one_live_delivery(state: AppState) -> None:
    (document_id,) = _documents(state, 1)
    job_id = _job(state, [document_id], ["queued"])
    settings = state.settings.model_copy(update={"task_time_limit": int(LIMIT)})
    resources = build_resources(settings)
    try:
        assert begin_item(resources, job_id, document_id, "first").step is Step.PROCEED
        assert begin_item(resources, job_id, document_id, "second").step is Step.SUPERSEDED
        with transaction(state.sessions) as session:
            session.execute(update(JobItem).values(delivered_at=_ago(LIMIT + 1)))
        claimed = sweep_once(resources, build_celery(settings))
        ((_, _, item_id),) = claimed.items
        swept = claim_id(claimed.round_id, KIND_ITEM, item_id)
        assert begin_item(resources, job_id, document_id, swept).step is Step.PROCEED
        assert begin_item(resources, job_id, document_id, "first").step is Step.SUPERSEDED
    finally:
        resources.engine.dispose()


def test_letter_pdfs_whose_worker_died_are_swept_once(state: AppState, actors: Any) -> None:
    from tests.api.letter_support import make_letter

    with transaction(state.sessions) as session:
        user = session.get(User, actors["coordinator"].user_id)
        assert user is not None
        case_id = services.create_case(session, user, "Case", "CA-ON").id
    letter_id = make_letter(state, case_id, actors["coordinator"].user_id, "draft")
    settings = state.settings.model_copy(update={"task_time_limit": int(LIMIT)})
    resources = build_resources(settings)
    pdf = b"%PDF-1.4\n% stand-in\n"

    def killed(_docx: bytes) -> bytes:
        raise KeyboardInterrupt  # stands in for SIGKILL: the task ends without recording

    try:
        with transaction(state.sessions) as session:
            assert claim_expired(session, LIMIT).letters == ()  # its message is still queued
        with pytest.raises(KeyboardInterrupt):
            render_letter_pdf(resources, letter_id, convert=killed, delivery="killed-task")
        with transaction(state.sessions) as session:
            session.execute(
                update(Letter).where(Letter.id == letter_id).values(delivered_at=_ago(LIMIT + 1))
            )
        claimed = sweep_once(resources, build_celery(settings))
        assert claimed.letters == (letter_id,)
        assert sweep_once(resources, build_celery(settings)).letters == ()
        swept = claim_id(claimed.round_id, KIND_LETTER, letter_id)
        assert begin_render(resources, letter_id, swept) is not None  # the sweep's takes it
        assert begin_render(resources, letter_id, "killed-task") is None  # held: does nothing
        assert render_letter_pdf(resources, letter_id, lambda d: pdf, delivery=swept)
    finally:
        resources.engine.dispose()


def test_a_letter_that_keeps_killing_its_worker_gets_a_pdf_error(
    state: AppState, actors: Any
) -> None:
    from tests.api.letter_support import make_letter

    with transaction(state.sessions) as session:
        user = session.get(User, actors["coordinator"].user_id)
        assert user is not None
        case_id = services.create_case(session, user, "Case", "CA-ON").id
    letter_id = make_letter(state, case_id, actors["coordinator"].user_id, "draft")
    with transaction(state.sessions) as session:
        session.execute(
            update(Letter)
            .where(Letter.id == letter_id)
            .values(deliveries=state.settings.max_deliveries)
        )
    resources = build_resources(state.settings)
    try:
        assert not render_letter_pdf(resources, letter_id, lambda d: b"%PDF", delivery="x")
    finally:
        resources.engine.dispose()
    with state.sessions() as session:
        letter = session.get(Letter, letter_id)
        assert letter is not None and letter.pdf_sha256 is None
        assert letter.pdf_error is not None and letter.pdf_error.startswith("poison:")


def test_a_message_taken_by_the_worker_stamps_a_row_never_delivered(state: AppState) -> None:
    """A child killed between taking a message and beginning its delivery leaves the row
    looking queued; stamped at receipt, the sweep claims it once the time limit passes."""
    queued, taken, running, finished = _documents(state, 4)
    _set(state, running, delivered_at=_ago(1))
    _set(state, finished, status="analysed")
    with transaction(state.sessions) as session:
        assert mark_received(session, TASK_PROCESS_DOCUMENT, [taken], now=_ago(LIMIT + 1))
        assert not mark_received(session, TASK_PROCESS_DOCUMENT, [running])  # already stamped
        assert not mark_received(session, TASK_PROCESS_DOCUMENT, [finished])
        assert not mark_received(session, TASK_PROCESS_DOCUMENT, ["not a number"])
        assert not mark_received(session, TASK_DISCLOSURE_BUILD, [1])
    assert _claim(state) == (taken,)  # the queued one's message is still in the broker
    assert queued not in _claim(state, utcnow() + dt.timedelta(hours=1))


def test_the_receipt_marker_never_raises_into_the_consumer(state: AppState) -> None:
    class Received:
        id = "t-1"
        name = TASK_PROCESS_DOCUMENT
        args = (1,)

    (document,) = _documents(state, 1)
    Received.args = (document,)
    marker = ReceiptMarker(state.settings)
    marker.on_received(request=Received())
    with state.sessions() as session:
        row = session.get(Document, document)
        assert row is not None and row.delivered_at is not None
    broken = ReceiptMarker(
        state.settings.model_copy(update={"database_url": "sqlite:////nonexistent/x.db"})
    )
    broken.on_received(request=Received())  # logged, not raised
