"""Prints pages/s, peak RSS and output/input size for apply + sanitise + verify on a generated PDF.

Run: PYTHONPATH=. .venv/bin/python benchmarks/redact_bench.py [PAGES] [BOXES_PER_PAGE]
"""

from __future__ import annotations

import io
import resource
import sys
import time

from reportlab.lib.pagesizes import LETTER  # type: ignore[import-untyped]
from reportlab.pdfbase.pdfmetrics import stringWidth  # type: ignore[import-untyped]
from reportlab.pdfgen.canvas import Canvas  # type: ignore[import-untyped]

from extraction.document import Box
from redaction.apply import RedactionBox, apply_redactions
from redaction.sanitize import sanitize_pdf
from redaction.verify import require_clean, verify_output

PREFIX = "Complainant "
NAME = "Jane Tremblay"
OTHER = "Jean Dupuis"  # on the lines without a box: must survive
REST = " says Constable Smith #4412 pushed her on 3 March 2024 at noon."
SIZE = 10


def build_pdf(pages: int, boxes_per_page: int) -> tuple[bytes, list[RedactionBox]]:
    """A text PDF of 50 lines a page, and boxes over the name on the first lines of each page."""
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=LETTER, invariant=True)
    boxes: list[RedactionBox] = []
    for number in range(pages):
        canvas.setFont("Helvetica", SIZE)
        for line in range(50):
            y = 740 - line * 13
            head = f"{number}.{line} {PREFIX}"
            boxed = line < boxes_per_page
            canvas.drawString(50, y, head + (NAME if boxed else OTHER) + REST)
            if boxed:
                x0 = 50 + stringWidth(head, "Helvetica", SIZE)
                x1 = x0 + stringWidth(NAME, "Helvetica", SIZE)
                boxes.append(RedactionBox(number + 1, Box(x0, y - 2.5, x1, y + 8), "s.21(1)"))
        canvas.showPage()
    canvas.save()
    return buffer.getvalue(), boxes


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux reports KiB


def main() -> None:
    pages = int(sys.argv[1]) if len(sys.argv) > 1 else 200
    per_page = int(sys.argv[2]) if len(sys.argv) > 2 else 5
    source, boxes = build_pdf(pages, per_page)
    baseline = _rss_mb()
    strings = [(NAME, "PERSON"), ("Tremblay", "PERSON")]
    t0 = time.perf_counter()
    result = apply_redactions(source, boxes)
    t1 = time.perf_counter()
    clean = sanitize_pdf(result.pdf)
    t2 = time.perf_counter()
    report = verify_output(clean, strings)
    t3 = time.perf_counter()
    require_clean(report)
    total = t3 - t0
    print(f"pages={pages} boxes={len(boxes)}")
    print(f"apply    {t1 - t0:7.2f} s  {pages / (t1 - t0):7.1f} pages/s")
    print(f"sanitize {t2 - t1:7.2f} s  {pages / (t2 - t1):7.1f} pages/s")
    print(f"verify   {t3 - t2:7.2f} s  {pages / (t3 - t2):7.1f} pages/s")
    print(f"total    {total:7.2f} s  {pages / total:7.1f} pages/s")
    print(f"peak RSS {_rss_mb():.0f} MB (after building the input: {baseline:.0f} MB)")
    print(f"size     input {len(source) / 1e6:.2f} MB, output {len(clean) / 1e6:.2f} MB, "
          f"ratio {len(clean) / len(source):.2f}x")  # fmt: skip


if __name__ == "__main__":
    main()
