"""Fact extraction as `casedesk extract` does it: scores, documents per second, peak memory.

Runs the command's own code (``casedesk.extract_cli.extract_file``: the sandboxed readers with
OCR, a PDF's text read a range of pages at a time, the parse a window of pages at a time) over
the dev corpus, writes the predictions, scores them with ../shared/tools/score.py, and prints
speed and the peak memory of the whole process tree (readers run in child processes).

With ``--pages N...`` it instead runs generated dense PDFs of N pages, each size in a fresh
process, to show that memory does not grow with the page count.

Usage: .venv/bin/python -m benchmarks.facts_bench [CORPUS_DIR] [--out PRED.json]
       .venv/bin/python -m benchmarks.facts_bench --pages 50 500
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from benchmarks.tree_memory import TreeMemory, run_fresh

SHARED = Path(os.environ.get("CASEDESK_SHARED", "/work/shared"))
SCORE = SHARED / "tools" / "score.py"


def _jurisdiction(path: Path) -> str:
    """The case's jurisdiction is case metadata, not an extraction answer: taken from truth."""
    truth = path.with_name(f"{path.stem}.truth.json")
    if truth.exists():
        return str(json.loads(truth.read_text(encoding="utf-8"))["jurisdiction"])
    return "CA-ON"


def _corpus(corpus: Path, out: Path) -> None:
    from casedesk.extract_cli import extract_file
    from casedesk.inputs import collect_inputs
    from core.errors import AppError
    from extraction.nlp import build_pipelines

    files = collect_inputs([str(corpus)])
    predictions: dict[str, Any] = {}
    with TreeMemory(os.getpid()) as memory:
        started = time.perf_counter()
        pipelines = build_pipelines()
        loaded = time.perf_counter()
        for path in files:
            try:
                predictions[path.stem] = extract_file(path, pipelines, _jurisdiction(path), "auto")
            except AppError as exc:
                predictions[path.stem] = {"error": {"code": exc.code, "message": exc.message}}
        finished = time.perf_counter()
    out.write_text(json.dumps(predictions, ensure_ascii=False, indent=1), "utf-8")
    score = subprocess.run(
        [sys.executable, str(SCORE), "extract", str(out), str(corpus)],
        capture_output=True,
        text=True,
        check=True,
    )
    print(score.stdout.strip())
    seconds = finished - loaded
    print(
        f"documents={len(files)} model_load_s={loaded - started:.2f} "
        f"extract_s={seconds:.2f} ({len(files) / seconds:.2f} docs/s, reading and OCR included)"
    )
    print(
        f"peak MiB: tree PSS {memory.peak_pss_mib:.0f}, largest process "
        f"{memory.peak_largest_mib:.0f}, processes {memory.peak_processes}"
    )


def _generated(pages: int) -> dict[str, float]:
    from benchmarks.extract_bench import build_pdf
    from casedesk.extract_cli import extract_file
    from extraction.nlp import build_pipelines

    pipelines = build_pipelines()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"dense-{pages}.pdf"
        path.write_bytes(build_pdf(pages))
        models = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        with TreeMemory(os.getpid()) as memory:
            started = time.perf_counter()
            result = extract_file(path, pipelines, "CA-ON", "auto")
            seconds = time.perf_counter() - started
    return {
        "pages": pages,
        "seconds": seconds,
        "allegations": len(result["allegations"]),
        "models_mib": models,
        "peak_pss_mib": memory.peak_pss_mib,
        "largest_mib": memory.peak_largest_mib,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", nargs="?", default=str(SHARED / "corpus" / "dev"))
    parser.add_argument("--out", default=str(Path(tempfile.gettempdir()) / "facts_pred.json"))
    parser.add_argument("--pages", type=int, nargs="+", help="generated PDFs of these sizes")
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.one:
        print(json.dumps(_generated(args.one)))
        return 0
    if not args.pages:
        _corpus(Path(args.corpus), Path(args.out))
        return 0
    print(f"{'pages':>6} {'seconds':>8} {'pages/s':>8} {'models':>7} {'tree':>6} {'largest':>8}")
    for pages in args.pages:
        row = run_fresh("benchmarks.facts_bench", pages)
        print(
            f"{pages:>6} {row['seconds']:>8.1f} {pages / row['seconds']:>8.1f} "
            f"{row['models_mib']:>7.0f} {row['peak_pss_mib']:>6.0f} {row['largest_mib']:>8.0f}"
        )
    print(
        "MiB: models = this process with the models loaded (RSS); tree = peak PSS of it and its"
        " reader children; largest = the largest single process (RSS)"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
