"""`casedesk serve` and `casedesk worker` stop the unoserver and LibreOffice they started when
they are stopped, and stop at their next start those a killed run left behind (never a
process whose pid was reused)."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from api.state import AppState
from core.db import transaction
from core.models import Case, User
from correspondence.pdf import UnoConverter, _processes_using, stop_stale_converters
from tests.api.letter_support import make_letter
from tests.support import REPO

pytestmark = [pytest.mark.integration, pytest.mark.slow]
UNO_PYTHON = os.environ.get("CASEDESK_UNOSERVER_PYTHON") or str(
    Path("/work/main/.uno-venv/bin/python")
)
needs_unoserver = pytest.mark.skipif(
    not UnoConverter.available(UNO_PYTHON),
    reason="unoserver is not installed for the system Python",
)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _env(state: AppState) -> dict[str, str]:
    settings = state.settings
    return {
        **os.environ,
        "PYTHONPATH": str(REPO),
        "CASEDESK_ENVIRONMENT": "test",
        "CASEDESK_DATA_DIR": str(settings.data_dir),
        "CASEDESK_DATABASE_URL": settings.database_url,
        "CASEDESK_TEMPLATES_DIR": str(settings.templates_dir),
        "CASEDESK_UNOSERVER_PYTHON": UNO_PYTHON,
        "CASEDESK_PORT": str(_free_port()),
        "CASEDESK_WORKER_CONCURRENCY": "1",
    }


def _wait(condition: Any, timeout: float, what: str) -> Any:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.25)
    raise AssertionError(f"not within {timeout:g} s: {what}")


def _records(state: AppState) -> list[dict[str, Any]]:
    run = state.settings.data_dir / "run"
    return [json.loads(p.read_text()) for p in run.glob("unoserver-*.json")] if run.is_dir() else []


def _a_letter_to_convert(state: AppState, actors: dict[str, Any]) -> None:
    """A draft letter without its PDF: the worker converts it at start-up (embedded broker)."""
    with transaction(state.sessions) as session:
        user = session.get(User, actors["coordinator"].user_id)
        assert user is not None
        case = Case(reference="CASE-1", title="t", jurisdiction="CA-ON", created_by_id=user.id)
        session.add(case)
        session.flush()
        case_id = case.id
    make_letter(state, case_id, actors["coordinator"].user_id, "draft")


@pytest.fixture
def started() -> Iterator[list[subprocess.Popen[bytes]]]:
    processes: list[subprocess.Popen[bytes]] = []
    yield processes
    for process in processes:  # a failed test leaves nothing running either
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


@needs_unoserver
def test_sigterm_to_serve_stops_its_unoserver_and_libreoffice(
    state: AppState, actors: dict[str, Any], tmp_path: Path, started: list[Any]
) -> None:
    _a_letter_to_convert(state, actors)
    log = (tmp_path / "serve.log").open("wb")
    serve = subprocess.Popen(
        [sys.executable, "-m", "casedesk", "serve"],
        env=_env(state),
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    started.append(serve)
    record = _wait(lambda: _records(state), 180, "the worker's unoserver is recorded")[0]
    profile = Path(record["profile"])
    _wait(lambda: len(_processes_using(profile)) >= 2, 60, "unoserver and soffice run")
    os.killpg(serve.pid, signal.SIGTERM)  # what a service manager does
    serve.wait(60)
    _wait(lambda: not _processes_using(profile), 30, "no unoserver/soffice with that profile")
    assert _records(state) == []
    assert not profile.parent.exists()


def _orphaned_converter(run_dir: Path) -> Path:
    """A process that started a converter and was killed: its unoserver runs on, recorded."""
    script = (
        "import sys, time; from pathlib import Path; from correspondence.pdf import UnoConverter\n"
        f"c = UnoConverter(python={UNO_PYTHON!r}, run_dir=Path({str(run_dir)!r})); c.start()\n"
        "print('ready', flush=True); time.sleep(600)\n"
    )
    owner = subprocess.Popen(
        [sys.executable, "-c", script],
        cwd=REPO,
        env={**os.environ, "PYTHONPATH": str(REPO)},
        stdout=subprocess.PIPE,
    )
    assert owner.stdout is not None and owner.stdout.readline().strip() == b"ready"
    owner.kill()
    owner.wait()
    (path,) = run_dir.glob("unoserver-*.json")
    profile = Path(json.loads(path.read_text())["profile"])
    assert _processes_using(profile)  # left running by the killed owner
    return profile


def _records_text(run_dir: Path) -> str:
    """All converter records of ``run_dir`` as one text (a record removed meanwhile is skipped)."""
    texts = []
    for path in run_dir.glob("unoserver-*"):
        try:
            texts.append(path.read_text())
        except FileNotFoundError:
            continue
    return "".join(texts)


@needs_unoserver
def test_the_next_worker_start_stops_what_a_killed_run_left(
    state: AppState, tmp_path: Path, started: list[Any]
) -> None:
    run_dir = state.settings.data_dir / "run"
    profile = _orphaned_converter(run_dir)
    worker = subprocess.Popen(
        [sys.executable, "-m", "casedesk", "worker", "--pool", "solo"],
        env=_env(state),
        stdout=(tmp_path / "worker.log").open("wb"),
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    started.append(worker)
    _wait(lambda: not _processes_using(profile), 60, "the stale unoserver is stopped")
    # The killed run's record goes too (a record the new worker writes for its own converter
    # may appear meanwhile, and names another profile).
    _wait(
        lambda: str(profile) not in _records_text(run_dir),
        30,
        "the stale record is removed",
    )
    worker.send_signal(signal.SIGTERM)
    worker.wait(60)


def test_a_record_whose_pid_was_reused_kills_nothing(tmp_path: Path) -> None:
    bystander = subprocess.Popen(["sleep", "60"], start_new_session=True)
    try:
        run_dir = tmp_path / "run"
        run_dir.mkdir()
        record = {
            "host": socket.gethostname(),
            "owner": 999_999_999,  # gone
            "owner_start": 1,
            "pid": bystander.pid,  # now another program's
            "start": 1,  # not its start time
            "profile": str(tmp_path / "casedesk-uno-gone" / "profile"),
        }
        (run_dir / f"unoserver-{record['host']}-{bystander.pid}.json").write_text(
            json.dumps(record)
        )
        assert stop_stale_converters(run_dir) == 0
        assert bystander.poll() is None
        assert list(run_dir.iterdir()) == []  # the stale record itself is removed
    finally:
        bystander.kill()
        bystander.wait()
