"""/health reports the database, the broker and the blob store, each with its status."""

from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient

from api.app import create_app
from api.state import build_state
from core.settings import Settings
from tests.support import REDIS_URL


def test_health_is_green_on_the_embedded_default(client: TestClient) -> None:
    response = client.get("/health")
    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "checks": {"database": "ok", "broker": "ok", "blob_store": "ok"},
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
