"""GET /health: database, broker and blob store, each with its status (no sign-in needed)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends
from fastapi.responses import JSONResponse
from sqlalchemy import text

from api.deps import get_state
from api.schemas import HealthOut
from api.state import AppState
from core.queue import check_broker

router = APIRouter(tags=["health"])


def _check(probe: object) -> str:
    try:
        result = probe() if callable(probe) else probe
    except Exception as exc:  # noqa: BLE001 - a health check reports any failure as text
        return f"error: {type(exc).__name__}"
    return str(result)


@router.get("/health", response_model=HealthOut)
def health(state: Annotated[AppState, Depends(get_state)]) -> JSONResponse:
    def database() -> str:
        with state.engine.connect() as connection:
            connection.execute(text("SELECT 1"))
        return "ok"

    checks = {
        "database": _check(database),
        "broker": _check(lambda: check_broker(state.celery)),
        "blob_store": _check(state.blobs.check),
    }
    healthy = all(value == "ok" for value in checks.values())
    body = HealthOut(status="ok" if healthy else "degraded", checks=checks)
    return JSONResponse(body.model_dump(), status_code=200 if healthy else 503)
