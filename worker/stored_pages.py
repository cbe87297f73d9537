"""A document's pages as stored at extraction: text in the database, character boxes in blobs.

Analysis and case-level proposals read pages from here rather than from the parsed file, so
a big document is never held whole in memory: the text of every page (small) is joined, and
the boxes (about 16 bytes a character packed, ten times that unpacked) are loaded only for the
few pages a span falls on, a handful at a time.
"""

from __future__ import annotations

import array
import bisect
import itertools
from collections import OrderedDict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

from core.blobs import BlobStore
from core.models import Page
from extraction.document import PAGE_SEPARATOR, Box, unpack_boxes
from extraction.document import Page as ParsedPage

# Unpacked pages kept at once: proposals are located in text order, so a few suffice.
BOXES_CACHED_PAGES = 8


@dataclass(frozen=True, slots=True)
class PageText:
    """What analysis needs of one stored page (without its boxes)."""

    number: int
    width: float
    height: float
    text: str
    language: str
    boxes_sha256: str | None
    source: str = "text"


class StoredPages:
    """The joined text of a document's stored pages, and boxes for any span of it."""

    def __init__(self, pages: Sequence[PageText], blobs: BlobStore | None) -> None:
        self.pages = tuple(sorted(pages, key=lambda page: page.number))
        self._blobs = blobs
        self._boxes: OrderedDict[int, ParsedPage] = OrderedDict()
        self.text = PAGE_SEPARATOR.join(page.text for page in self.pages)
        self._starts = [start for _, start in self.page_offsets()]

    @classmethod
    def from_rows(cls, rows: Sequence[Page], blobs: BlobStore | None) -> StoredPages:
        return cls(
            [
                PageText(
                    number=row.number,
                    width=row.width,
                    height=row.height,
                    text=row.text,
                    language=row.language or "en",
                    boxes_sha256=row.boxes_sha256,
                    source=row.source or "text",
                )
                for row in rows
            ],
            blobs,
        )

    def page_offsets(self) -> Iterator[tuple[PageText, int]]:
        """Each page with the offset of its first character in ``text``."""
        offset = 0
        for page in self.pages:
            yield page, offset
            offset += len(page.text) + len(PAGE_SEPARATOR)

    def page_of(self, offset: int) -> int | None:
        """The number of the page that holds ``text[offset]`` (a page's end counts as its own)."""
        index = bisect.bisect_right(self._starts, offset) - 1
        if index < 0:
            return None
        page = self.pages[index]
        if offset <= self._starts[index] + len(page.text):
            return page.number
        return None

    def locate(self, start: int, end: int) -> list[tuple[int, Box]]:
        """(page number, box) pairs covering text[start:end], one box per line, across pages."""
        found: list[tuple[int, Box]] = []
        index = max(0, bisect.bisect_right(self._starts, start) - 1)
        while index < len(self.pages) and self._starts[index] < end:
            page, offset = self.pages[index], self._starts[index]
            index += 1
            page_end = offset + len(page.text)
            if end <= offset or start >= page_end:
                continue
            lo, hi = max(start, offset) - offset, min(end, page_end) - offset
            found.extend(
                (page.number, box) for box in self._with_boxes(page).boxes_for_span(lo, hi)
            )
        return found

    def _with_boxes(self, page: PageText) -> ParsedPage:
        cached = self._boxes.get(page.number)
        if cached is not None:
            self._boxes.move_to_end(page.number)
            return cached
        if self._blobs is None:
            raise RuntimeError("these stored pages were loaded without the blob store")
        boxes = unpack_boxes(self._blobs.read_bytes(page.boxes_sha256)) if page.boxes_sha256 else ()
        parsed = ParsedPage(
            number=page.number,
            width=page.width,
            height=page.height,
            text=page.text,
            char_boxes=boxes,
            language=page.language,
        )
        self._boxes[page.number] = parsed
        if len(self._boxes) > BOXES_CACHED_PAGES:
            self._boxes.popitem(last=False)
        return parsed


class SpanIndex:
    """Whether a span lies inside any of many (start, end) spans: sorted starts and the
    running maximum of their ends, kept in compact arrays."""

    def __init__(self, spans: Iterable[tuple[int, int]]) -> None:
        ordered = sorted(spans)
        self._starts = array.array("q", (start for start, _ in ordered))
        self._reach = array.array("q", itertools.accumulate((end for _, end in ordered), max))

    def covers(self, start: int, end: int) -> bool:
        index = bisect.bisect_right(self._starts, start) - 1
        return index >= 0 and self._reach[index] >= end
