"""Stored pages: offsets map to pages and boxes the same way the parsed document's do."""

from __future__ import annotations

from pathlib import Path

from core.blobs import BlobStore
from extraction.document import PAGE_SEPARATOR, Box, Document, Page, pack_boxes
from worker.stored_pages import PageText, SpanIndex, StoredPages


def _page(number: int, text: str) -> Page:
    boxes = tuple(
        None
        if ch == " "
        else Box(10.0 + 6 * i, 700.0 - 20 * number, 16.0 + 6 * i, 710.0 - 20 * number)
        for i, ch in enumerate(text)
    )
    return Page(number=number, width=612, height=792, text=text, char_boxes=boxes)


def test_page_of_and_locate_agree_with_the_parsed_document(tmp_path: Path) -> None:
    parsed = [_page(n, text) for n, text in enumerate(["alpha beta", "", "gamma", "delta eps"], 1)]
    blobs = BlobStore(tmp_path, max_bytes=10_000_000)
    stored = StoredPages(
        [
            PageText(
                number=page.number,
                width=page.width,
                height=page.height,
                text=page.text,
                language="en",
                boxes_sha256=(
                    blobs.write_bytes(pack_boxes(page.char_boxes)).sha256
                    if page.char_boxes
                    else None
                ),
            )
            for page in reversed(parsed)  # any order in, page order kept
        ],
        blobs,
    )
    document = Document(kind="pdf", pages=tuple(parsed), pdf=b"")
    assert stored.text == document.text == PAGE_SEPARATOR.join(p.text for p in parsed)
    expected_page: dict[int, int] = {}
    for page, offset in document.page_offsets():
        for i in range(len(page.text) + 1):
            expected_page.setdefault(offset + i, page.number)
    for offset in range(len(stored.text)):
        assert stored.page_of(offset) == expected_page.get(offset), offset
    for start in range(len(stored.text)):
        for end in range(start + 1, len(stored.text) + 1):
            got = [(n, box.as_list()) for n, box in stored.locate(start, end)]
            want = [(n, box.as_list()) for n, box in document.locate(start, end)]
            assert got == want, (start, end)


def test_span_index_tells_whether_a_span_lies_inside_any_of_many() -> None:
    index = SpanIndex([(50, 60), (0, 200), (300, 310), (305, 400)])
    assert index.covers(10, 20)  # inside the long span that starts first
    assert index.covers(199, 200)
    assert not index.covers(199, 201)
    assert not index.covers(250, 260)  # between spans
    assert index.covers(306, 390)  # inside the later of two overlapping spans
    assert not index.covers(299, 305)  # starts before any span that reaches it
    assert not SpanIndex([]).covers(0, 1)
