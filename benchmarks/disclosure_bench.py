"""Disclosure figures: a 1,000-page package with one and two worker processes (time and peak
memory), and the review page's page images (first page, switching page, cached or not).

Run: .venv/bin/python benchmarks/disclosure_bench.py [--pages 1000] [--docs 20]
Needs Redis (CASEDESK_BENCH_REDIS_URL, default redis://127.0.0.1:6379/12). Prints figures.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import redis
from fastapi.testclient import TestClient
from reportlab.lib.pagesizes import letter  # type: ignore[import-untyped]
from reportlab.pdfgen import canvas  # type: ignore[import-untyped]

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from api.app import create_app
from api.foi import decisions, jobs, marks, requests
from api.state import AppState, build_state
from core.auth import create_token, create_user
from core.db import build_engine, transaction
from core.migrate import upgrade_database
from core.models import Case, Document, Job, Page, Redaction, User
from core.queue import TASK_DISCLOSURE_APPLY, enqueue
from core.settings import Settings
from redaction.pdf_text import find_term_boxes

REDIS = os.environ.get("CASEDESK_BENCH_REDIS_URL", "redis://127.0.0.1:6379/12")
NAMES = ("Marguerite Okonkwo", "Theodore Vasquez")


def render_pdf(doc: int, pages: int) -> bytes:
    buffer = io.BytesIO()
    c = canvas.Canvas(buffer, pagesize=letter, invariant=True)
    for p in range(1, pages + 1):
        c.setFont("Helvetica", 11)
        y = 720
        lines = [
            f"Investigation file {doc}, page {p}.",
            f"Witness {NAMES[0]} was interviewed by Officer {NAMES[1]} on day {p}.",
            *(
                f"Line {i}: the complainant describes the events at the station in detail."
                for i in range(30)
            ),
        ]
        for line in lines:
            c.drawString(72, y, line)
            y -= 18
        c.showPage()
    c.save()
    return buffer.getvalue()


def seed(state: AppState, docs: int, pages: int) -> tuple[int, int]:
    with transaction(state.sessions) as session:
        user = create_user(session, "bench", "bench-password", ["foi_officer"])
        case = Case(reference="CASE-BENCH", title="Bench", jurisdiction="CA-ON")
        session.add(case)
        session.flush()
        user_id, case_id = user.id, case.id
    ids = []
    for d in range(1, docs + 1):
        pdf = render_pdf(d, pages)
        blob = state.blobs.write_bytes(pdf)
        hits = [(name, h) for name in NAMES for h in find_term_boxes(pdf, name)]
        with transaction(state.sessions) as session:
            document = Document(
                case_id=case_id,
                filename=f"file-{d}.pdf",
                sha256=blob.sha256,
                size=blob.size,
                status="analysed",
                page_count=pages,
                pdf_sha256=blob.sha256,
            )
            session.add(document)
            session.flush()
            for p in range(1, pages + 1):
                session.add(
                    Page(
                        document_id=document.id,
                        number=p,
                        width=612,
                        height=792,
                        text=f"Investigation file {d}, page {p}.",
                    )
                )
            for _name, hit in hits:
                for box in hit.boxes:
                    session.add(
                        Redaction(
                            document_id=document.id,
                            page=hit.page,
                            rect=[box.x0, box.y0, box.x1, box.y1],
                            entity_type="PERSON",
                            exemption_code="FIPPA s.21(1)",
                            source="auto",
                        )
                    )
            ids.append(document.id)
    with transaction(state.sessions) as session:
        officer = session.get(User, user_id)
        assert officer is not None
        request = requests.create_request(
            session,
            officer,
            received_on=dt.date(2026, 3, 2),
            requester_type="media",
            policy="public",
            jurisdiction="CA-ON",
        )
        requests.set_documents(session, officer, request, ids)
        decisions.bulk_accept(session, officer, request, "PERSON")
        # A package is built only from a finished review: every page has a disposition.
        for document_id in ids:
            for number in range(1, pages + 1):
                marks.set_disposition(
                    session, officer, request, document_id, number, "released_in_part"
                )
        return request.id, user_id


def tree_rss_kb(pid: int) -> int:
    """Resident memory of a process and its children (kB), from /proc."""
    total = 0
    pids = [pid]
    out = subprocess.run(
        ["ps", "--ppid", str(pid), "-o", "pid="], capture_output=True, text=True, check=False
    )
    pids += [int(p) for p in out.stdout.split()]
    for p in pids:
        try:
            for line in Path(f"/proc/{p}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except OSError:
            continue
    return total


def run_job(
    state: AppState, request_id: int, user_id: int, concurrency: int, log: Path
) -> tuple[float, int, Job]:
    redis.Redis.from_url(REDIS).flushdb()
    env = {
        **os.environ,
        "CASEDESK_ENVIRONMENT": "test",
        "CASEDESK_DATA_DIR": str(state.settings.data_dir),
        "CASEDESK_DATABASE_URL": state.settings.database_url,
        "CASEDESK_BROKER_URL": REDIS,
    }
    with log.open("wb") as out:
        worker = subprocess.Popen(
            [sys.executable, "-m", "casedesk", "worker", "--concurrency", str(concurrency)],
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        while "ready" not in log.read_text(errors="replace"):
            time.sleep(0.2)
        time.sleep(1.0 + 3.0 * concurrency)  # pool children load their models
        with transaction(state.sessions) as session:
            officer = session.get(User, user_id)
            assert officer is not None
            request = requests.get_request(session, request_id)
            job = jobs.start_job(session, officer, request, "package")
            job_id = job.id
            documents = jobs.unfinished_items(session, job)
        started = time.perf_counter()
        for document_id in documents:
            enqueue(state.celery, TASK_DISCLOSURE_APPLY, job_id, document_id)
        peak = 0
        while True:
            peak = max(peak, tree_rss_kb(worker.pid))
            with state.sessions() as session:
                row = session.get(Job, job_id)
                assert row is not None
                if row.status in ("done", "done_with_errors", "failed"):
                    return time.perf_counter() - started, peak, row
            time.sleep(0.1)
    finally:
        os.killpg(worker.pid, 15)
        worker.wait(timeout=30)


def review_figures(state: AppState, request_id: int, user_id: int, pages: int) -> None:
    with transaction(state.sessions) as session:
        user = session.get(User, user_id)
        assert user is not None
        token = create_token(session, user, "bench").secret
        document_id = requests.request_documents(session, request_id)[0].id
    headers = {"Authorization": f"Bearer {token}"}
    with TestClient(create_app(state.settings, state)) as client:

        def get(page: int) -> float:
            url = f"/api/requests/{request_id}/documents/{document_id}/pages/{page}/image"
            t = time.perf_counter()
            response = client.get(url, headers=headers)
            assert response.status_code == 200
            return (time.perf_counter() - t) * 1000

        first = get(1)
        numbers = range(2, min(pages, 21) + 1)
        uncached = sorted(get(p) for p in numbers)
        cached = sorted(get(p) for p in numbers)
    print(f"review page image, first page (uncached render + PNG): {first:.1f} ms")
    for label, values in (("uncached", uncached), ("cached:  ", cached)):
        median, p90 = values[len(values) // 2], values[int(len(values) * 0.9)]
        print(f"switch page, {label} median {median:.1f} ms (p90 {p90:.1f} ms)")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--pages", type=int, default=1000)
    parser.add_argument("--docs", type=int, default=20)
    args = parser.parse_args()
    per_doc = args.pages // args.docs
    with tempfile.TemporaryDirectory(prefix="casedesk-bench-") as tmp:
        data = Path(tmp) / "data"
        data.mkdir()
        settings = Settings(environment="test", data_dir=data, broker_url=REDIS)
        engine = build_engine(settings.database_url)
        upgrade_database(engine)
        engine.dispose()
        state = build_state(settings)
        t = time.perf_counter()
        request_id, user_id = seed(state, args.docs, per_doc)
        print(
            f"input: {args.docs} documents x {per_doc} pages, generated and seeded in "
            f"{time.perf_counter() - t:.1f} s"
        )
        review_figures(state, request_id, user_id, per_doc)
        for concurrency in (1, 2):
            seconds, peak_kb, job = run_job(
                state, request_id, user_id, concurrency, Path(tmp) / f"worker-{concurrency}.log"
            )
            print(
                f"package, {concurrency} worker process(es): {seconds:.1f} s for "
                f"{job.pages} pages ({job.pages / seconds:.1f} pages/s), status {job.status}, "
                f"peak worker RSS {peak_kb / 1024:.0f} MiB"
            )
        state.engine.dispose()
    return 0


if __name__ == "__main__":
    sys.exit(main())
