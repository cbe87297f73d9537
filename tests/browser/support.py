"""What the browser tests share: the real app under uvicorn on a free localhost port, a real
`casedesk worker`, and Debian's Chromium driven by Playwright (no browser download)."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import uvicorn
from playwright.sync_api import Browser, Page, sync_playwright

from api.app import create_app
from core.db import build_engine
from core.migrate import upgrade_database
from core.settings import Settings
from tests.support import REPO

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def embedded_settings(tmp_path: Path) -> Settings:
    """A migrated embedded installation (SQLite, filesystem broker) on a free port."""
    data = tmp_path / "data"
    data.mkdir()
    settings = Settings(
        environment="test",
        data_dir=data,
        broker_url="filesystem://",
        templates_dir=REPO / "templates",  # read only: nothing is published here
        port=free_port(),
    )
    engine = build_engine(settings.database_url)
    upgrade_database(engine)
    engine.dispose()
    return settings


@contextmanager
def running_server(settings: Settings) -> Iterator[str]:
    """The app served in a thread; yields its base URL."""
    config = uvicorn.Config(
        create_app(settings), host="127.0.0.1", port=settings.port, log_level="warning"
    )
    instance = uvicorn.Server(config)
    thread = threading.Thread(target=instance.run, daemon=True)
    thread.start()
    while not instance.started:
        if not thread.is_alive():
            raise RuntimeError("the server did not start")
        threading.Event().wait(0.05)
    try:
        yield f"http://127.0.0.1:{settings.port}"
    finally:
        instance.should_exit = True
        thread.join(timeout=30)


@contextmanager
def running_worker(settings: Settings, log_path: Path) -> Iterator[subprocess.Popen[bytes]]:
    """A `casedesk worker` (solo pool) on the same installation, in its own process group."""
    env = {
        **os.environ,
        "CASEDESK_ENVIRONMENT": "test",
        "CASEDESK_DATA_DIR": str(settings.data_dir),
        "CASEDESK_DATABASE_URL": settings.database_url,
        "CASEDESK_BROKER_URL": settings.broker_url,
        "CASEDESK_TEMPLATES_DIR": str(settings.templates_dir),
    }
    with log_path.open("ab") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "casedesk", "worker", "--pool", "solo", "--loglevel", "INFO"],
            env=env,
            cwd=REPO,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        yield process
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


@contextmanager
def launched_browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(
            executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS
        )
        try:
            yield instance
        finally:
            instance.close()


def signed_in(
    browser: Browser,
    base: str,
    username: str,
    password: str,
    next_path: str,
    *,
    viewport: tuple[int, int] | None = (1500, 1000),
) -> Page:
    """A new page signed in through the login form and sent on to ``next_path``."""
    if viewport is None:
        page = browser.new_page()
    else:
        page = browser.new_context(
            viewport={"width": viewport[0], "height": viewport[1]}
        ).new_page()
    page.goto(f"{base}/login?next={next_path}")
    page.fill("#username", username)
    page.fill("#password", password)
    page.click("button[type=submit]")
    # The click only starts the form's post: wait until the browser has left the sign-in page,
    # or a caller's first look at the page can land on the login form (seen in CI).
    page.wait_for_url(lambda url: "/login" not in url)
    page.wait_for_load_state("load")
    return page
