"""Prints time and peak memory of the worker pipeline (plan, page-range reads, analysis) on
generated text PDFs of several sizes, each size in a fresh process so peaks do not mix.

Memory should not grow with page count: pages are read a range at a time in limited child
processes, stored, and analysed from the stored text with boxes loaded a few pages at a time.

Run: .venv/bin/python -m benchmarks.pipeline_bench [--pages 50 200 500]
"""

from __future__ import annotations

import argparse
import io
import json
import resource
import tempfile
import time
from pathlib import Path

from benchmarks.extract_bench import build_pdf
from benchmarks.tree_memory import run_fresh


def _one(pages: int) -> dict[str, float]:
    from api import services
    from api.state import build_state
    from core.db import transaction
    from core.migrate import upgrade_database
    from core.models import Document, User
    from core.settings import Settings
    from worker.pipeline import process_document, process_page_range
    from worker.resources import build_resources

    data = build_pdf(pages)
    with tempfile.TemporaryDirectory() as folder:
        settings = Settings(environment="test", data_dir=Path(folder))
        state = build_state(settings)
        upgrade_database(state.engine)
        with transaction(state.sessions) as session:
            user = User(username="bench", display_name="bench", password_hash="-", roles=[])  # noqa: S106
            session.add(user)
            session.flush()
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, nargs="+", default=[50, 200, 500])
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
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
