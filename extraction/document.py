"""The value types every later step reads: a document's pages, their text and character boxes.

Coordinates are PDF user-space points of the (normalised) PDF page, origin bottom-left,
before /Rotate is applied, so a box can be used directly to remove glyphs from that page's
content stream and written as-is into ``<stem>.redactions.json``.
"""

from __future__ import annotations

import math
import sys
from array import array
from bisect import bisect_right
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

PAGE_SEPARATOR = "\n\f\n"


@dataclass(frozen=True, slots=True)
class Box:
    """A rectangle in PDF points, origin bottom-left: x0 < x1, y0 < y1."""

    x0: float
    y0: float
    x1: float
    y1: float

    def union(self, other: Box) -> Box:
        return Box(
            min(self.x0, other.x0),
            min(self.y0, other.y0),
            max(self.x1, other.x1),
            max(self.y1, other.y1),
        )

    def intersects(self, other: Box) -> bool:
        return (
            self.x0 < other.x1 and other.x0 < self.x1 and self.y0 < other.y1 and other.y0 < self.y1
        )

    def as_list(self) -> list[float]:
        return [round(self.x0, 2), round(self.y0, 2), round(self.x1, 2), round(self.y1, 2)]


@dataclass(frozen=True, slots=True)
class Page:
    """One page: its text and, aligned with it, a box (None for synthetic spaces) per character.

    ``source`` says where the text came from: ``text`` (the PDF's own text layer), ``ocr``
    (Tesseract over a rendering) or ``mixed`` (a text layer plus OCR of its images).
    """

    number: int  # 1-based
    width: float
    height: float
    text: str
    char_boxes: tuple[Box | None, ...]
    language: str = "en"
    source: str = "text"
    rotation: int = 0
    # The lower-left corner of the MediaBox: boxes are in user space, which starts at (0, 0)
    # only when the MediaBox does ([50 50 662 842] puts the page's corner at (50, 50)).
    origin_x: float = 0.0
    origin_y: float = 0.0

    def __reduce__(self) -> tuple[Any, tuple[Any, ...]]:
        """Pickled with its boxes as one packed float64 array (exact): pickling a Box object
        per character made sending a parsed document out of the sandbox cost more than
        reading it."""
        return (
            _page_from_packed,
            (
                self.number,
                self.width,
                self.height,
                self.text,
                _pack(self.char_boxes, "d"),
                self.language,
                self.source,
                self.rotation,
                self.origin_x,
                self.origin_y,
            ),
        )

    def boxes_for_span(self, start: int, end: int) -> list[Box]:
        """Boxes covering text[start:end], one per line (characters on one baseline merged),
        snapped to whole words: a span that starts or ends inside a word covers all of it,
        whitespace is never boxed, and a line holding only punctuation (the comma after a
        name that wrapped) gets no box. A 1-2 pt box over a comma covered nothing a reader
        could use, and the release check then looked for the comma everywhere."""
        text = self.text
        start, end = max(start, 0), min(end, len(text))
        while 0 < start < end and text[start - 1].isalnum() and text[start].isalnum():
            start -= 1
        while start < end < len(text) and text[end - 1].isalnum() and text[end].isalnum():
            end += 1
        lines: list[Box] = []
        words: list[bool] = []  # whether each line holds a letter or digit
        for index in range(start, end):
            box = self.char_boxes[index] if index < len(self.char_boxes) else None
            char = text[index]
            if box is None or char.isspace():
                continue
            if lines and _same_line(lines[-1], box):
                lines[-1] = lines[-1].union(box)
                words[-1] = words[-1] or char.isalnum()
            else:
                lines.append(box)
                words.append(char.isalnum())
        return [line for line, word in zip(lines, words, strict=True) if word]


def _same_line(a: Box, b: Box) -> bool:
    height = max(a.y1 - a.y0, b.y1 - b.y0, 1.0)
    return abs((a.y0 + a.y1) / 2 - (b.y0 + b.y1) / 2) < height / 2


@dataclass(frozen=True, slots=True)
class Attachment:
    """A file carried inside another (an e-mail attachment): processed as a child document."""

    filename: str
    content: bytes
    content_type: str = "application/octet-stream"


@dataclass(frozen=True, slots=True)
class Document:
    """A parsed document. ``pdf`` is the PDF the boxes refer to (the original, or a rendering)."""

    kind: str  # a core.vocab.DocumentType value
    pages: tuple[Page, ...]
    pdf: bytes
    language: str = "en"
    attachments: tuple[Attachment, ...] = ()
    warnings: tuple[str, ...] = ()
    flags: frozenset[str] = field(default_factory=frozenset)

    @property
    def text(self) -> str:
        """All pages' text joined with PAGE_SEPARATOR; offsets map back with ``locate``."""
        return PAGE_SEPARATOR.join(page.text for page in self.pages)

    def page_offsets(self) -> Iterator[tuple[Page, int]]:
        """Each page with the offset of its first character in ``text``."""
        offset = 0
        for page in self.pages:
            yield page, offset
            offset += len(page.text) + len(PAGE_SEPARATOR)

    def locate(self, start: int, end: int) -> list[tuple[int, Box]]:
        """(page number, box) pairs covering document text[start:end], across page breaks."""
        return self.locator()(start, end)

    def locator(self) -> Callable[[int, int], list[tuple[int, Box]]]:
        """``locate`` with the page offsets worked out once: for locating many spans (a scan
        of every page per span made boxing a big document's findings quadratic)."""
        pages = [page for page, _ in self.page_offsets()]
        offsets = [offset for _, offset in self.page_offsets()]

        def locate(start: int, end: int) -> list[tuple[int, Box]]:
            found: list[tuple[int, Box]] = []
            first = max(bisect_right(offsets, start) - 1, 0)
            for index in range(first, len(pages)):
                page, offset = pages[index], offsets[index]
                if offset >= end:
                    break
                page_end = offset + len(page.text)
                if start >= page_end:
                    continue
                lo, hi = max(start, offset) - offset, min(end, page_end) - offset
                found.extend((page.number, box) for box in page.boxes_for_span(lo, hi))
            return found

        return locate


def _page_from_packed(
    number: int,
    width: float,
    height: float,
    text: str,
    boxes: bytes,
    language: str,
    source: str,
    rotation: int,
    origin_x: float = 0.0,
    origin_y: float = 0.0,
) -> Page:
    return Page(
        number=number,
        width=width,
        height=height,
        text=text,
        char_boxes=_unpack(boxes, "d"),
        language=language,
        source=source,
        rotation=rotation,
        origin_x=origin_x,
        origin_y=origin_y,
    )


def _pack(boxes: tuple[Box | None, ...], typecode: str) -> bytes:
    nan = float("nan")
    values = array(typecode, [nan] * (4 * len(boxes)))
    for i, box in enumerate(boxes):
        if box is not None:
            values[4 * i : 4 * i + 4] = array(typecode, (box.x0, box.y0, box.x1, box.y1))
    if sys.byteorder != "little":
        values.byteswap()
    return values.tobytes()


def _unpack(data: bytes, typecode: str) -> tuple[Box | None, ...]:
    values = array(typecode)
    values.frombytes(data)
    if sys.byteorder != "little":
        values.byteswap()
    flat = values.tolist()
    return tuple(
        None if math.isnan(x0) else Box(x0, y0, x1, y1)
        for x0, y0, x1, y1 in zip(flat[0::4], flat[1::4], flat[2::4], flat[3::4], strict=True)
    )


def pack_boxes(boxes: tuple[Box | None, ...]) -> bytes:
    """A page's character boxes as little-endian float32 quadruples (NaN for no box): about
    16 bytes a character instead of a Python object each, for storing beside the text."""
    return _pack(boxes, "f")


def unpack_boxes(data: bytes) -> tuple[Box | None, ...]:
    return _unpack(data, "f")
