"""PDFium from many threads at once, as the API's thread pool calls it (page images, box
contexts, word lists, term searches for one review page): every answer is the one a single
thread gets, and the process survives (PDFium itself is not thread-safe: core.pdfium_lock)."""

from __future__ import annotations

import concurrent.futures

from extraction.document import Box
from redaction.pdf_text import find_term_boxes, page_words, read_text_in_boxes
from redaction.preview import render_page_png
from tests.api.disclosure_support import make_pdf, page_lines

THREADS = 8
ROUNDS = 12


def test_concurrent_renders_and_text_reads_match_one_thread() -> None:
    pdf = make_pdf([page_lines(n) for n in (1, 2, 3)])
    box = (1, Box(100.0, 690.0, 460.0, 715.0))

    def work(round_number: int) -> tuple[int, str, int, int]:
        page = round_number % 3 + 1
        image = render_page_png(pdf, page, 60)
        text = read_text_in_boxes(pdf, [box])[0]
        words = page_words(pdf, page)
        hits = find_term_boxes(pdf, "Okonkwo")
        return len(image), text, len(words), len(hits)

    expected = [work(n) for n in range(3)]
    with concurrent.futures.ThreadPoolExecutor(THREADS) as pool:
        results = list(pool.map(work, range(THREADS * ROUNDS)))
    for number, result in enumerate(results):
        assert result == expected[number % 3]
    assert "Okonkwo" in expected[0][1] and expected[0][3] == 3
