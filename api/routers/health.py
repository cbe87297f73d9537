"""GET /health: database, broker, blob store and unfinished work, each with its status.

No sign-in needed, so the answer holds only counts and ages, never ids or names. Work whose
last delivery is older than the task time limit has lost its worker (the hard limit would
have ended any live task): the workers' sweep should re-enqueue it within one sweep interval,
so while any is left the service reports ``degraded``.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from fastapi import APIRouter, Depends
from fastapi.responses import JSONResponse
from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from api.deps import get_state
from api.schemas import HealthOut, WorkOut
from api.state import AppState
from core.models import Document, Job, JobItem, Letter, utcnow
from core.queue import check_broker
from core.vocab import FINAL_DOCUMENT_STATUSES, JobStatus

router = APIRouter(tags=["health"])

UNFINISHED_ITEMS = ("queued", "running")
LIVE_JOBS = (JobStatus.QUEUED.value, JobStatus.RUNNING.value)


def _check(probe: object) -> str:
    try:
        result = probe() if callable(probe) else probe
    except Exception as exc:  # noqa: BLE001 - a health check reports any failure as text
        return f"error: {type(exc).__name__}"
    return str(result)


def _age(now: dt.datetime, then: dt.datetime | None) -> float | None:
    return None if then is None else round(max((now - then).total_seconds(), 0.0), 1)


def _oldest(*values: dt.datetime | None) -> dt.datetime | None:
    present = [v for v in values if v is not None]
    return min(present) if present else None


def unfinished_work(session: Session, time_limit: float, now: dt.datetime) -> WorkOut:
    """Counts by status and ages of the documents, job items, package builds and letter PDFs
    still to be made."""
    open_document = Document.status.not_in([s.value for s in FINAL_DOCUMENT_STATUSES])
    open_item = JobItem.status.in_(UNFINISHED_ITEMS) & JobItem.job_id.in_(
        select(Job.id).where(Job.status.in_(LIVE_JOBS))
    )
    cutoff = now - dt.timedelta(seconds=time_limit)
    documents = dict(
        session.execute(
            select(Document.status, func.count()).where(open_document).group_by(Document.status)
        ).all()
    )
    items = dict(
        session.execute(
            select(JobItem.status, func.count()).where(open_item).group_by(JobItem.status)
        ).all()
    )
    first_upload, first_document_delivery, stuck_documents = session.execute(
        select(
            func.min(Document.created_at),
            func.min(Document.delivered_at),
            func.count(Document.id).filter(Document.delivered_at < cutoff),
        ).where(open_document)
    ).one()
    first_job, first_item_delivery, stuck_items = session.execute(
        select(
            func.min(Job.created_at),
            func.min(JobItem.delivered_at),
            func.count(JobItem.id).filter(JobItem.delivered_at < cutoff),
        )
        .join(Job, Job.id == JobItem.job_id)
        .where(open_item)
    ).one()
    pending_item = (
        select(JobItem.id)
        .where(JobItem.job_id == Job.id, JobItem.status.in_(UNFINISHED_ITEMS))
        .exists()
    )
    builds, first_build, first_build_delivery, stuck_builds = session.execute(
        select(
            func.count(Job.id),
            func.min(Job.created_at),
            func.min(Job.delivered_at),
            func.count(Job.id).filter(Job.delivered_at < cutoff),
        ).where(Job.status.in_(LIVE_JOBS), ~pending_item)
    ).one()
    letters, first_letter, first_letter_delivery, stuck_letters = session.execute(
        select(
            func.count(Letter.id),
            func.min(Letter.created_at),
            func.min(Letter.delivered_at),
            func.count(Letter.id).filter(Letter.delivered_at < cutoff),
        ).where(
            Letter.docx_sha256.is_not(None),
            Letter.pdf_sha256.is_(None),
            Letter.pdf_error.is_(None),
        )
    ).one()
    return WorkOut(
        oldest_unfinished_seconds=_age(
            now, _oldest(first_upload, first_job, first_build, first_letter)
        ),
        oldest_delivery_seconds=_age(
            now,
            _oldest(
                first_document_delivery,
                first_item_delivery,
                first_build_delivery,
                first_letter_delivery,
            ),
        ),
        stuck=int(stuck_documents) + int(stuck_items) + int(stuck_builds) + int(stuck_letters),
        documents={str(k): int(v) for k, v in documents.items()},
        job_items={str(k): int(v) for k, v in items.items()},
        package_builds=int(builds),
        letters=int(letters),
    )


@router.get("/health", response_model=HealthOut)
def health(state: Annotated[AppState, Depends(get_state)]) -> JSONResponse:
    work: WorkOut | None = None

    def database() -> str:
        with state.engine.connect() as connection:
            connection.execute(text("SELECT 1"))
        return "ok"

    def work_check() -> str:
        nonlocal work
        with state.sessions() as session:
            work = unfinished_work(session, state.settings.task_time_limit, utcnow())
        if work.stuck:
            return (
                f"stuck: {work.stuck} delivery(ies) older than the task time limit "
                f"({state.settings.task_time_limit}s)"
            )
        return "ok"

    checks = {
        "database": _check(database),
        "broker": _check(lambda: check_broker(state.celery)),
        "blob_store": _check(state.blobs.check),
        "work": _check(work_check),
    }
    healthy = all(value == "ok" for value in checks.values())
    body = HealthOut(status="ok" if healthy else "degraded", checks=checks, work=work)
    return JSONResponse(body.model_dump(), status_code=200 if healthy else 503)
