"""Prints pages/s and peak RSS for reading a generated text PDF (in process and sandboxed).

Run: PYTHONPATH=. .venv/bin/python benchmarks/extract_bench.py [PAGES]
"""

from __future__ import annotations

import io
import resource
import sys
import time

from reportlab.lib.pagesizes import LETTER  # type: ignore[import-untyped]
from reportlab.pdfgen.canvas import Canvas  # type: ignore[import-untyped]

from extraction.reader import read_document, read_document_isolated

LINE = "Complainant Jane Tremblay says Constable Smith #4412 pushed her on 3 March 2024 at noon."


def build_pdf(pages: int) -> bytes:
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=LETTER)
    for number in range(pages):
        canvas.setFont("Helvetica", 10)
        for line in range(50):
            canvas.drawString(50, 740 - line * 13, f"{number}.{line} {LINE}")
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def main() -> None:
    pages = int(sys.argv[1]) if len(sys.argv) > 1 else 500
    data = build_pdf(pages)
    for name, reader in (("in-process", read_document), ("sandboxed", read_document_isolated)):
        started = time.perf_counter()
        document = reader(data)
        elapsed = time.perf_counter() - started
        assert len(document.pages) == pages
        print(f"{name}: {pages} pages in {elapsed:.2f} s = {pages / elapsed:.1f} pages/s")
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    child = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"peak RSS: this process {own:.0f} MiB, largest child {child:.0f} MiB")


if __name__ == "__main__":
    main()
