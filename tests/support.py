"""Paths and service URLs the tests share (imported as ``tests.support``)."""

from __future__ import annotations

import io
import os
import uuid
from pathlib import Path

from reportlab.lib.pagesizes import letter  # type: ignore[import-untyped]
from reportlab.pdfgen import canvas  # type: ignore[import-untyped]
from sqlalchemy.engine import make_url

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
CORPUS = SHARED / "corpus"
SAMPLES = REPO / "samples"
# Under pytest-xdist each worker process is named gw0, gw1, ...; a plain run is worker 0.
XDIST_WORKER = os.environ.get("PYTEST_XDIST_WORKER", "")
WORKER_INDEX = int(XDIST_WORKER.removeprefix("gw")) if XDIST_WORKER.startswith("gw") else 0


def worker_database_url(url: str, worker: str = XDIST_WORKER) -> str:
    """The PostgreSQL test database of one xdist worker: ``<db>_gw0`` next to the configured
    one (each worker drops and migrates its schema, so workers must never share a database).
    A plain run (no worker) uses the configured database itself."""
    if not url or not worker:
        return url
    parsed = make_url(url)
    return parsed.set(database=f"{parsed.database}_{worker}").render_as_string(hide_password=False)


def worker_redis_url(url: str, index: int = WORKER_INDEX) -> str:
    """The Redis database of one xdist worker: the configured number plus the worker's index
    (worker tests flush their database at set-up, which must not empty another worker's
    queues mid-test)."""
    base, _, number = url.rpartition("/")
    return f"{base}/{(int(number or 0) + index) % 16}"


PG_BASE_URL = os.environ.get("CASEDESK_TEST_DATABASE_URL", "")
PG_URL = worker_database_url(PG_BASE_URL)
# Redis runs on every developer machine and in CI; the tests use their own database number
# (one per xdist worker, counting up from the configured one).
REDIS_URL = worker_redis_url(os.environ.get("CASEDESK_TEST_REDIS_URL", "redis://127.0.0.1:6379/5"))


def own_queue() -> str:
    """A broker queue for one test: a worker left running by another test, suite or checkout
    on the same Redis can never take this test's messages (seen as documents stuck in a
    kill test while a stray worker consumed them)."""
    return f"casedesk-test-{uuid.uuid4().hex[:12]}"


PEOPLE = ("Oluwaseun Abernathy", "Priya Raghavendran", "Marguerite Tremblay", "Tobias Lindqvist")


def statement_pdf(pages: int) -> bytes:
    """A text PDF whose page N names a person and a phone number unique to that page."""
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=letter)
    for number in range(1, pages + 1):
        person = PEOPLE[number % len(PEOPLE)]
        pdf.setFont("Helvetica", 11)
        pdf.drawString(72, 700, f"Statement page {number} of the complaint file.")
        pdf.drawString(72, 680, f"The witness {person} can be reached at 416-555-01{number:02d}.")
        pdf.drawString(72, 660, "On March 3, 2026 a constable pushed the complainant.")
        pdf.showPage()
    pdf.save()
    return buffer.getvalue()
