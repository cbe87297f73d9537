"""Real `casedesk worker` processes for the integration tests, and helpers around them."""

from __future__ import annotations

import contextlib
import io
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient

from api.app import create_app
from api.state import AppState
from core.models import Document

# Short limits so a killed task is redelivered quickly (production: 240 s under 300 s).
FAST_LIMITS = {
    "CASEDESK_TASK_TIME_LIMIT": "6",
    "CASEDESK_TASK_SOFT_TIME_LIMIT": "5",
    "CASEDESK_VISIBILITY_TIMEOUT": "8",
    "CASEDESK_UNACKED_RESTORE_INTERVAL": "1",
}


class Worker:
    """A `casedesk worker` process in its own process group (so SIGKILL reaches the pool)."""

    def __init__(
        self, state: AppState, log_path: Path, concurrency: int = 1, **extra_env: str
    ) -> None:
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
        self.log = log_path.open("ab")
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "casedesk",
                "worker",
                "--concurrency",
                str(concurrency),
                "--loglevel",
                "INFO",
            ],
            env=env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def children(self) -> list[int]:
        """The pool children's process ids (from /proc: no extra dependency). Each thread has
        its own list: the pool's supervisor thread forks the replacements of dead children."""
        found: list[int] = []
        for listing in Path(f"/proc/{self.process.pid}/task").glob("*/children"):
            with contextlib.suppress(OSError):
                found.extend(int(part) for part in listing.read_text().split())
        return sorted(found)

    def kill_child(self, pid: int) -> None:
        """SIGKILL one pool child, as the OOM killer or a crashing library would."""
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)

    def kill(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=10)

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.kill()
        self.log.close()


def new_case(client: TestClient, actors: Any, title: str = "Worker test") -> int:
    headers = actors["coordinator"].headers
    case_id: int = client.post("/api/cases", json={"title": title}, headers=headers).json()["id"]
    return case_id


def upload_to(
    client: TestClient, actors: Any, case_id: int, data: bytes, name: str = "complaint.txt"
) -> int:
    response = client.post(
        f"/api/cases/{case_id}/documents",
        files={"file": (name, io.BytesIO(data), "application/octet-stream")},
        headers=actors["coordinator"].headers,
    )
    assert response.status_code == 202
    document_id: int = response.json()["id"]
    return document_id


def upload(state: AppState, actors: Any, data: bytes, name: str = "complaint.txt") -> int:
    with TestClient(create_app(state.settings, state)) as client:
        return upload_to(client, actors, new_case(client, actors), data, name)


def load_document(state: AppState, document_id: int) -> Document:
    with state.sessions() as session:
        found = session.get(Document, document_id)
        assert found is not None
        return found


def wait_for(
    state: AppState, document_id: int, done: Callable[[Document], bool], timeout: float, log: Path
) -> Document:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = load_document(state, document_id)
        if done(found):
            return found
        time.sleep(0.25)
    raise AssertionError(
        f"document {document_id} stuck at {load_document(state, document_id).status}; worker log:\n"
        + log.read_text(errors="replace")[-3000:]
    )
