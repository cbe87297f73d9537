"""Whole `casedesk redact` runs beside vanilla pdfplumber + Presidio (extract and detect only).

Prints, for the text PDFs of the dev corpus and for a generated multi-page PDF: pages per
second of both (same files, same run, same machine), the ratio, output size against input
size, and the peak memory of a `casedesk redact` child process on the big PDF.

    .venv/bin/python -m benchmarks.redact_cli_bench [--pages 500]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

import pdfplumber

from benchmarks.pi_bench import build_vanilla
from benchmarks.tree_memory import TreeMemory
from extraction.nlp import build_pipelines

REPO = Path(__file__).resolve().parents[1]
DEV = REPO.parent / "shared" / "corpus" / "dev"
WORDS = (
    "On March 3, 2026 Constable Dana Whitlock of the Riverside Police Service stopped "
    "Mr. Oluwaseun Abernathy at 1250 King Street West, Toronto, ON M6K 1G4 and called "
    "him at 416-555-0199. The complainant, born 1984-07-12, says the officer pushed him."
)


def make_pdf(path: Path, pages: int) -> None:
    from reportlab.lib.pagesizes import LETTER  # type: ignore[import-untyped]
    from reportlab.pdfgen.canvas import Canvas  # type: ignore[import-untyped]

    canvas = Canvas(str(path), pagesize=LETTER)
    for number in range(pages):
        text = canvas.beginText(72, 720)
        text.setFont("Helvetica", 10)
        for line in range(30):
            text.textLine(f"{number + 1}.{line + 1} " + WORDS[(line * 7) % 60 :][:90])
        canvas.drawText(text)
        canvas.showPage()
    canvas.save()


STAGES = ("read", "detect", "apply", "sanitise", "verify")


def run_casedesk(
    inputs: Sequence[Path], out: Path, env: dict[str, str] | None = None
) -> tuple[float, TreeMemory, dict[str, float]]:
    """Wall seconds, the process tree's sampled memory peaks (recognition pool and parsing
    children included), and the seconds per stage summed over its files (from its
    `seconds:` progress lines)."""
    started = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, "-m", "casedesk", "redact", *map(str, inputs), "--out", str(out)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, **(env or {})},
    )
    with TreeMemory(process.pid) as tree:
        _, stderr = process.communicate()
    elapsed = time.perf_counter() - started
    if process.returncode != 0:
        print(stderr[-2000:], file=sys.stderr)
    stages = dict.fromkeys(STAGES, 0.0)
    for match in re.finditer(r"^  seconds: (.*)$", stderr, re.MULTILINE):
        for item in match.group(1).split(", "):
            stage, value = item.rsplit(" ", 1)
            stages[stage] = stages.get(stage, 0.0) + float(value)
    return elapsed, tree, stages


def run_vanilla(inputs: Sequence[Path]) -> tuple[float, float, int]:
    """(load seconds, extract+detect seconds, pages) for pdfplumber + default Presidio."""
    started = time.perf_counter()
    detect = build_vanilla(build_pipelines())
    load = time.perf_counter() - started
    pages = 0
    started = time.perf_counter()
    for path in inputs:
        with pdfplumber.open(path) as pdf:
            for page in pdf.pages:
                detect(page.extract_text() or "", "en")
                pages += 1
    return load, time.perf_counter() - started, pages


def page_count(paths: Sequence[Path]) -> int:
    import pypdfium2

    total = 0
    for path in paths:
        document = pypdfium2.PdfDocument(str(path))
        total += len(document)
        document.close()
    return total


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--pages", type=int, default=500)
    parser.add_argument(
        "--processes",
        type=int,
        nargs="+",
        default=[1, 2],
        help="CASEDESK_DETECT_PROCESSES values to run casedesk with (each a separate run)",
    )
    args = parser.parse_args(argv)
    text_pdfs = sorted(
        p
        for p in DEV.glob("*.pdf")
        if json.loads(p.with_suffix(".truth.json").read_text())["format"] == "pdf"
    )
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        big = work / "big.pdf"
        make_pdf(big, args.pages)
        for label, inputs in (("dev text PDFs", text_pdfs), (f"{args.pages}-page PDF", [big])):
            pages = page_count(inputs)
            load, vanilla_seconds, vanilla_pages = run_vanilla(inputs)
            theirs = vanilla_pages / (vanilla_seconds + load)
            size_in = sum(p.stat().st_size for p in inputs)
            print(f"== {label}: {len(inputs)} file(s), {pages} pages")
            print(
                f"vanilla pdfplumber + Presidio (extract + detect only; models loaded): "
                f"{vanilla_seconds + load:.1f} s = {theirs:.2f} pages/s "
                f"(without model load: {vanilla_pages / vanilla_seconds:.2f} pages/s)"
            )
            for processes in args.processes:
                out = work / f"out-{len(inputs)}-{processes}"
                seconds, tree, stages = run_casedesk(
                    inputs, out, {"CASEDESK_DETECT_PROCESSES": str(processes)}
                )
                size_out = sum(p.stat().st_size for p in out.glob("*.pdf"))
                ours = pages / seconds
                print(
                    f"casedesk redact, {processes} recognition process(es) (read, detect, "
                    f"remove, sanitise, gate; models loaded): {seconds:.1f} s = "
                    f"{ours:.2f} pages/s; ratio casedesk/vanilla {ours / theirs:.2f}x"
                )
                print(
                    f"  memory: largest process {tree.peak_largest_mib:.0f} MiB; whole tree peak "
                    f"PSS {tree.peak_pss_mib:.0f} MiB (RSS sum {tree.peak_rss_mib:.0f} MiB, "
                    f"{tree.peak_processes} processes); output size {size_out / size_in:.2f}x input"
                )
                staged = sum(stages.values())
                per_page = ", ".join(f"{k} {1000 * v / pages:.0f}" for k, v in stages.items())
                print(
                    f"  stages, ms/page: {per_page}; "
                    f"model load and start-up {1000 * (seconds - staged) / pages:.0f}"
                )
    return 0


if __name__ == "__main__":
    sys.exit(main())
