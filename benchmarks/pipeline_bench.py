"""Prints the worker pipeline's speed and memory.

In-process (default): time and peak memory of plan, page-range reads and analysis on generated
dense text PDFs of several sizes, each size in a fresh process so peaks do not mix. Memory should
not grow with page count: pages are read a range at a time in limited child processes, stored,
and analysed from the stored text with boxes loaded a few pages at a time.

``--worker``: pages/s from upload to ``analysed`` through a real ``casedesk worker`` (embedded
broker, SQLite) with 1 and 2 pool processes, on ordinary complaint pages (the dev corpus's text
PDFs, uploaded ``--copies`` times each) and on dense generated pages. The clock starts when the
worker has analysed one warm-up document per pool process (models loaded, as in a running
installation) and stops when the last upload is analysed.

Run: .venv/bin/python -m benchmarks.pipeline_bench [--pages 50 200 500]
     .venv/bin/python -m benchmarks.pipeline_bench --worker [--copies 3] [--processes 1 2]
"""

from __future__ import annotations

import argparse
import io
import json
import os
import resource
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from benchmarks.extract_bench import build_pdf
from benchmarks.tree_memory import process_tree, run_fresh

if TYPE_CHECKING:
    from api.state import AppState


def _installation(folder: str) -> tuple[AppState, int]:
    """A new embedded installation in ``folder`` (SQLite, migrated) with one user: the
    state and the user's id."""
    from api.state import build_state
    from core.db import transaction
    from core.migrate import upgrade_database
    from core.models import User
    from core.settings import Settings

    state = build_state(Settings(environment="test", data_dir=Path(folder)))
    upgrade_database(state.engine)
    with transaction(state.sessions) as session:
        user = User(username="bench", display_name="bench", password_hash="-", roles=[])  # noqa: S106
        session.add(user)
        session.flush()
        return state, user.id


def _one(pages: int) -> dict[str, float]:
    from api import services
    from core.db import transaction
    from core.models import Document, User
    from worker.pipeline import process_document, process_page_range
    from worker.resources import build_resources

    data = build_pdf(pages)
    with tempfile.TemporaryDirectory() as folder:
        state, user_id = _installation(folder)
        settings = state.settings
        with transaction(state.sessions) as session:
            user = session.get(User, user_id)
            assert user is not None
            case = services.create_case(session, user, "Bench", "CA-ON")
            document, _ = services.take_upload(
                state,
                session,
                case=case,
                user=user,
                source=io.BytesIO(data),
                filename="big.pdf",
                content_type="application/pdf",
            )
            document_id = document.id
        res = build_resources(settings)
        res.analyzer()  # models loaded before the clock starts, as in a warm worker
        baseline = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        started = time.perf_counter()
        follow_up = process_document(res, document_id)
        planned = time.perf_counter()
        for first in follow_up.page_ranges:
            process_page_range(res, document_id, first)
        finished = time.perf_counter()
        with state.sessions() as session:
            stored = session.get(Document, document_id)
            assert stored is not None and stored.status == "analysed", stored and stored.status
    return {
        "pages": pages,
        "seconds": finished - started,
        "pages_per_second": pages / (finished - started),
        "plan_seconds": planned - started,
        "range_tasks": len(follow_up.page_ranges),
        "models_mib": baseline,
        "peak_self_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "peak_child_mib": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024,
    }


REPO = Path(__file__).resolve().parent.parent
DEV = REPO.parent / "shared" / "corpus" / "dev"
FINAL = ("analysed", "failed", "quarantined")


def dev_text_pdfs() -> list[Path]:
    """The dev corpus's PDFs with a text layer (letters, forms, reports, statements)."""
    return sorted(
        p
        for p in DEV.glob("*.pdf")
        if json.loads(p.with_suffix(".truth.json").read_text())["format"] == "pdf"
    )


def _through_worker(uploads: Sequence[tuple[str, str, bytes]], processes: int) -> dict[str, float]:
    """Upload every file, as the API does, to a real worker; pages/s until all are analysed."""
    from sqlalchemy import func, select

    from api import services
    from core.db import transaction
    from core.models import Case, Document, User
    from core.queue import TASK_PROCESS_DOCUMENT, enqueue

    with tempfile.TemporaryDirectory() as folder:
        data_dir = Path(folder)
        state, user_id = _installation(folder)
        settings = state.settings

        cases: dict[str, int] = {}

        def upload(name: str, data: bytes, case_title: str) -> int:
            """One upload into the case of that title (one case holds one copy of the set, as
            a complaint's file does; the same bytes twice in a case are one document)."""
            with transaction(state.sessions) as session:
                owner = session.get(User, user_id)
                assert owner is not None
                if case_title not in cases:
                    cases[case_title] = services.create_case(session, owner, case_title, "CA-ON").id
                case = session.get(Case, cases[case_title])
                assert case is not None
                document, _ = services.take_upload(
                    state,
                    session,
                    case=case,
                    user=owner,
                    source=io.BytesIO(data),
                    filename=name,
                    content_type="application/pdf",
                )
                document_id: int = document.id
            enqueue(state.celery, TASK_PROCESS_DOCUMENT, document_id)
            return document_id

        def wait_final(
            uploaded: list[int], timeout: float = float(os.environ.get("BENCH_TIMEOUT", 1800))
        ) -> None:
            ids = sorted(set(uploaded))
            deadline = time.monotonic() + timeout
            while time.monotonic() < deadline:
                with state.sessions() as session:
                    done = session.scalar(
                        select(func.count(Document.id)).where(
                            Document.id.in_(ids), Document.status.in_(FINAL)
                        )
                    )
                if done == len(ids):
                    return
                time.sleep(0.05)
            with state.sessions() as session:
                statuses = session.execute(
                    select(Document.status, func.count(Document.id))
                    .where(Document.id.in_(ids))
                    .group_by(Document.status)
                ).all()
            raise TimeoutError(
                f"{len(ids)} uploads not analysed in {timeout:.0f} s: {dict(statuses)} "
                f"(worker log: {data_dir / 'worker.log'})"
            )

        env = {
            **os.environ,
            "CASEDESK_ENVIRONMENT": "test",
            "CASEDESK_DATA_DIR": str(data_dir),
            "CASEDESK_DATABASE_URL": settings.database_url,
            "CASEDESK_BROKER_URL": settings.broker_url,
        }
        log = (data_dir / "worker.log").open("wb")
        worker = subprocess.Popen(
            [sys.executable, "-m", "casedesk", "worker", "--concurrency", str(processes)],
            env=env,
            cwd=REPO,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        try:
            warm = [
                upload(name, data, f"warm-up {index}")
                for index, (_, name, data) in enumerate(uploads[:processes])
            ]
            wait_final(warm)
            cpu_before = tree_cpu_seconds(worker.pid)
            started = time.perf_counter()
            ids = [upload(name, data, case) for case, name, data in uploads]
            uploaded = time.perf_counter()
            wait_final(ids)
            finished = time.perf_counter()
            cpu = tree_cpu_seconds(worker.pid) - cpu_before
        finally:
            os.killpg(worker.pid, signal.SIGTERM)
            try:
                worker.wait(timeout=60)
            except subprocess.TimeoutExpired:
                os.killpg(worker.pid, signal.SIGKILL)
                worker.wait()
            log.close()
        with state.sessions() as session:
            pages = session.scalar(
                select(func.sum(Document.page_count)).where(Document.id.in_(ids))
            )
            failed = session.scalar(
                select(func.count(Document.id)).where(
                    Document.id.in_(ids), Document.status != "analysed"
                )
            )
        state.engine.dispose()
    seconds = finished - started
    return {
        "documents": len(ids),
        "pages": float(pages or 0),
        "seconds": seconds,
        "upload_seconds": uploaded - started,
        "pages_per_second": (pages or 0) / seconds,
        "cpu_ms_per_page": 1000 * cpu / max(1, pages or 0),
        "not_analysed": float(failed or 0),
    }


def tree_cpu_seconds(pid: int) -> float:
    """CPU seconds used so far by ``pid`` and its descendants (with the children they have
    reaped): less sensitive than wall time to what else the machine runs."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0.0
    for member in process_tree(pid):
        try:
            fields = Path(f"/proc/{member}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        # utime, stime, cutime, cstime: fields 14-17 of proc(5), 12-15 after the name
        total += sum(int(value) for value in fields[11:15]) / ticks
    return total


def worker_main(copies: int, processes: Sequence[int], dense_pages: int) -> None:
    files = [(p.name, p.read_bytes()) for p in dev_text_pdfs()]
    ordinary = [(f"case {n}", name, data) for n in range(copies) for name, data in files]
    dense_pdf = build_pdf(dense_pages)
    dense = [(f"dense {i}", "dense.pdf", dense_pdf) for i in range(4)]
    print(
        f"{'pages':<34} {'workers':>7} {'docs':>5} {'pages':>6} {'seconds':>8} {'pages/s':>8}"
        f" {'CPU ms/page':>11} {'not analysed':>12}"
    )
    for label, uploads in (
        (f"ordinary (dev text PDFs x{copies})", ordinary),
        (f"dense ({dense_pages}-page PDF x4)", dense),
    ):
        for count in processes:
            row = _through_worker(uploads, count)
            print(
                f"{label:<34} {count:>7} {row['documents']:>5} {row['pages']:>6.0f} "
                f"{row['seconds']:>8.1f} {row['pages_per_second']:>8.2f} "
                f"{row['cpu_ms_per_page']:>11.0f} {row['not_analysed']:>12.0f}"
            )
    print(
        "seconds: from the first upload to the last document analysed, models already loaded; "
        "CPU: the worker's processes (and the readers they reaped) in that time"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, nargs="+", default=[50, 200, 500])
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--worker", action="store_true", help="through a real casedesk worker")
    parser.add_argument("--copies", type=int, default=3, help="uploads of each dev text PDF")
    parser.add_argument("--processes", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--dense-pages", type=int, default=25)
    args = parser.parse_args()
    if args.worker:
        worker_main(args.copies, args.processes, args.dense_pages)
        return
    if args.one:
        print(json.dumps(_one(args.one)))
        return
    print(
        f"{'pages':>6} {'seconds':>8} {'pages/s':>8} {'ranges':>6} "
        f"{'models MiB':>10} {'peak MiB':>9} {'growth':>7} {'child MiB':>9}"
    )
    for pages in args.pages:
        row = run_fresh("benchmarks.pipeline_bench", pages)
        print(
            f"{row['pages']:>6} {row['seconds']:>8.1f} {row['pages_per_second']:>8.1f} "
            f"{row['range_tasks']:>6} {row['models_mib']:>10.0f} {row['peak_self_mib']:>9.0f} "
            f"{row['peak_self_mib'] - row['models_mib']:>7.0f} {row['peak_child_mib']:>9.0f}"
        )
    print("growth = the worker's peak above its size with models loaded; child = a read's peak")


if __name__ == "__main__":
    main()
