"""/health reports the database, the broker, the blob store and unfinished work, each with its
status; work whose last delivery outlived the task time limit makes it ``degraded``."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import update

from api.app import create_app
from api.state import AppState, build_state
from core.db import transaction
from core.models import Document, Job, JobItem, Letter, utcnow
from core.settings import Settings
from tests.support import REDIS_URL

IDLE: dict[str, object] = {
    "oldest_unfinished_seconds": None,
    "oldest_delivery_seconds": None,
    "stuck": 0,
    "documents": {},
    "job_items": {},
    "package_builds": 0,
    "letters": 0,
}


def test_health_is_green_on_the_embedded_default(client: TestClient) -> None:
    response = client.get("/health")
    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "checks": {"database": "ok", "broker": "ok", "blob_store": "ok", "work": "ok"},
        "work": IDLE,
    }


def test_health_is_green_with_redis(settings: Settings) -> None:
    redis_settings = settings.model_copy(update={"broker_url": REDIS_URL})
    with TestClient(create_app(redis_settings, build_state(redis_settings))) as client:
        assert client.get("/health").json()["checks"]["broker"] == "ok"


def test_health_names_what_is_down(settings: Settings, tmp_path: Path) -> None:
    broken = settings.model_copy(update={"broker_url": "redis://127.0.0.1:1/0"})
    with TestClient(create_app(broken, build_state(broken))) as client:
        response = client.get("/health")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "degraded"
    assert body["checks"]["database"] == "ok"
    assert body["checks"]["broker"].startswith("error")


def _upload(client: TestClient, actors: Any, number: int) -> int:
    headers = actors["coordinator"].headers
    case_id = client.post("/api/cases", json={"title": "Health"}, headers=headers).json()["id"]
    response = client.post(
        f"/api/cases/{case_id}/documents",
        files={"file": (f"c{number}.txt", io.BytesIO(b"complaint %d" % number), "text/plain")},
        headers=headers,
    )
    assert response.status_code == 202
    document_id: int = response.json()["id"]
    return document_id


def _delivered(state: AppState, document_id: int, seconds_ago: float, **values: Any) -> None:
    at = utcnow() - dt.timedelta(seconds=seconds_ago)
    with transaction(state.sessions) as session:
        session.execute(
            update(Document).where(Document.id == document_id).values(delivered_at=at, **values)
        )


def test_health_counts_unfinished_work_and_stays_green_while_it_is_live(
    client: TestClient, state: AppState, actors: Any
) -> None:
    queued, running = _upload(client, actors, 1), _upload(client, actors, 2)
    _delivered(state, running, 5, status="extracting")
    with transaction(state.sessions) as session:
        job = Job(kind="disclosure.package", status="running", total=1)
        session.add(job)
        session.flush()
        session.add(JobItem(job_id=job.id, document_id=queued, position=1, status="queued"))
    response = client.get("/health")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    work = body["work"]
    assert work["documents"] == {"received": 1, "extracting": 1}
    assert work["job_items"] == {"queued": 1}
    assert work["stuck"] == 0
    assert 5 <= work["oldest_delivery_seconds"] < 60
    assert work["oldest_unfinished_seconds"] is not None


def test_health_is_degraded_when_a_delivery_outlived_the_time_limit(
    client: TestClient, state: AppState, actors: Any
) -> None:
    stuck, finished = _upload(client, actors, 1), _upload(client, actors, 2)
    limit = state.settings.task_time_limit
    _delivered(state, finished, limit + 600, status="analysed")  # finished: not stuck
    assert client.get("/health").json()["status"] == "ok"
    _delivered(state, stuck, limit + 1)
    response = client.get("/health")
    assert response.status_code == 503  # the contract: degraded answers 503
    body = response.json()
    assert body["status"] == "degraded"
    assert body["checks"]["work"].startswith("stuck: 1 ")
    assert body["checks"]["database"] == "ok"
    assert body["work"]["stuck"] == 1
    assert body["work"]["oldest_delivery_seconds"] >= limit + 1
    assert body["work"]["documents"] == {"received": 1}


def test_a_package_build_whose_delivery_outlived_the_limit_is_stuck(
    client: TestClient, state: AppState, actors: Any
) -> None:
    """A worker killed while merging a package: every item is done, the job still runs."""
    document_id = _upload(client, actors, 1)
    _delivered(state, document_id, 1, status="analysed")
    limit = state.settings.task_time_limit
    with transaction(state.sessions) as session:
        job = Job(kind="disclosure.package", status="running", total=1, done=1)
        session.add(job)
        session.flush()
        session.add(JobItem(job_id=job.id, document_id=document_id, position=1, status="done"))
        job_id = job.id
    body = client.get("/health").json()
    assert body["status"] == "ok"
    assert body["work"]["package_builds"] == 1
    with transaction(state.sessions) as session:
        session.execute(
            update(Job)
            .where(Job.id == job_id)
            .values(delivered_at=utcnow() - dt.timedelta(seconds=limit + 1))
        )
    response = client.get("/health")
    assert response.status_code == 503
    assert response.json()["work"]["stuck"] == 1


def test_a_letter_pdf_whose_delivery_outlived_the_limit_is_stuck(
    client: TestClient, state: AppState, actors: Any
) -> None:
    from api import services
    from core.models import User
    from tests.api.letter_support import make_letter

    with transaction(state.sessions) as session:
        user = session.get(User, actors["coordinator"].user_id)
        assert user is not None
        case_id = services.create_case(session, user, "Case", "CA-ON").id
    letter_id = make_letter(state, case_id, actors["coordinator"].user_id, "draft")
    body = client.get("/health").json()
    assert body["status"] == "ok"
    assert body["work"]["letters"] == 1
    limit = state.settings.task_time_limit
    with transaction(state.sessions) as session:
        session.execute(
            update(Letter)
            .where(Letter.id == letter_id)
            .values(delivered_at=utcnow() - dt.timedelta(seconds=limit + 1))
        )
    response = client.get("/health")
    assert response.status_code == 503
    assert response.json()["work"]["stuck"] == 1
