"""Where words are on a PDF page: every occurrence of a term as page boxes, and the text in a box.

Pure: PDF bytes in, boxes (PDF points, origin bottom-left, unrotated user space) and strings out.
pdfium gives character boxes for the matched characters only (~2 ms/page, DESIGN.md).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import pypdfium2 as pdfium

from core.errors import CorruptPdf, InvalidInput
from core.pdfium_lock import pdfium_serialised
from extraction.document import Box

MAX_TERM = 200
# A little air around the glyphs so that the ascenders and descenders are covered too.
PAD = 1.0
# Characters of text shown either side of a search hit in the preview list.
CONTEXT_CHARS = 48


@dataclass(frozen=True, slots=True)
class TermHit:
    """One occurrence of a term: its page (1-based), one box per line it spans, and the words
    around it (what an officer reads to decide whether this occurrence is the one meant)."""

    page: int
    boxes: tuple[Box, ...]
    before: str = ""
    found: str = ""
    after: str = ""


def _open(pdf: bytes) -> pdfium.PdfDocument:
    try:
        return pdfium.PdfDocument(pdf)
    except pdfium.PdfiumError as exc:
        raise CorruptPdf("the PDF could not be opened to search its text") from exc


WORD_REACH = 100  # at most this many characters added either side to finish a word


def _is_word_char(textpage: pdfium.PdfTextPage, index: int) -> bool:
    if index < 0 or index >= textpage.count_chars():
        return False
    char: str = textpage.get_text_range(index=index, count=1)
    return char.isalnum()


def _whole_words(textpage: pdfium.PdfTextPage, index: int, count: int) -> tuple[int, int]:
    """A hit widened to whole words: searching "Nov" boxes all of "November", never a box
    that hides three letters and leaves the rest of the word readable."""
    start, end = index, index + count
    for _ in range(WORD_REACH):
        if not (_is_word_char(textpage, start - 1) and _is_word_char(textpage, start)):
            break
        start -= 1
    for _ in range(WORD_REACH):
        if not (_is_word_char(textpage, end - 1) and _is_word_char(textpage, end)):
            break
        end += 1
    return start, end - start


def _context(textpage: pdfium.PdfTextPage, index: int, count: int) -> tuple[str, str, str]:
    """The hit and up to CONTEXT_CHARS characters either side, whitespace collapsed."""
    start = max(0, index - CONTEXT_CHARS)
    total = textpage.count_chars()
    end = min(total, index + count + CONTEXT_CHARS)

    def text(a: int, b: int) -> str:
        return " ".join(textpage.get_text_range(a, b - a).split()) if b > a else ""

    return text(start, index), text(index, index + count), text(index + count, end)


@pdfium_serialised
def find_term_boxes(pdf: bytes, term: str, pages: Iterable[int] | None = None) -> list[TermHit]:
    """Every case-insensitive occurrence of ``term`` on ``pages`` (default: all pages)."""
    needle = " ".join(term.split())
    if not needle:
        raise InvalidInput("give a word or phrase to search for", field="term")
    if len(needle) > MAX_TERM:
        raise InvalidInput(f"a search term has at most {MAX_TERM} characters", field="term")
    doc = _open(pdf)
    hits: list[TermHit] = []
    try:
        wanted = sorted(set(pages)) if pages is not None else range(1, len(doc) + 1)
        for number in wanted:
            if not 1 <= number <= len(doc):
                continue
            page = doc[number - 1]
            textpage = page.get_textpage()
            try:
                searcher = textpage.search(needle, match_case=False, match_whole_word=False)
                while (found := searcher.get_next()) is not None:
                    index, count = _whole_words(textpage, *found)
                    rects = [
                        textpage.get_rect(i) for i in range(textpage.count_rects(index, count))
                    ]
                    boxes = tuple(
                        Box(left - PAD, bottom - PAD, right + PAD, top + PAD)
                        for left, bottom, right, top in rects
                        if right > left and top > bottom
                    )
                    if boxes:
                        hits.append(TermHit(number, boxes, *_context(textpage, index, count)))
                searcher.close()
            finally:
                textpage.close()
                page.close()
    finally:
        doc.close()
    return hits


@pdfium_serialised
def read_text_in_boxes(pdf: bytes, boxes: Sequence[tuple[int, Box]]) -> list[str]:
    """The text pdfium finds inside each (page, box), in order; '' for a box over no text."""
    doc = _open(pdf)
    out: list[str] = []
    try:
        by_page: dict[int, list[int]] = {}
        for i, (number, _box) in enumerate(boxes):
            by_page.setdefault(number, []).append(i)
        texts: dict[int, str] = {}
        for number, indexes in by_page.items():
            if not 1 <= number <= len(doc):
                texts.update({i: "" for i in indexes})
                continue
            page = doc[number - 1]
            textpage = page.get_textpage()
            try:
                for i in indexes:
                    b = boxes[i][1]
                    text = textpage.get_text_bounded(left=b.x0, bottom=b.y0, right=b.x1, top=b.y1)
                    texts[i] = " ".join(text.split())
            finally:
                textpage.close()
                page.close()
        out = [texts[i] for i in range(len(boxes))]
    finally:
        doc.close()
    return out


def read_context(pdf: bytes, page: int, box: Box, margin: float = 160.0) -> str:
    """The words on the same line(s) as ``box``, ``margin`` points either side (for review)."""
    wide = Box(box.x0 - margin, box.y0 - 2.0, box.x1 + margin, box.y1 + 2.0)
    return read_text_in_boxes(pdf, [(page, wide)])[0]


@dataclass(frozen=True, slots=True)
class PageWord:
    """A word of a page's text layer and its box, for selecting words on the review page."""

    text: str
    box: Box


@pdfium_serialised
def page_words(pdf: bytes, page_number: int) -> list[PageWord]:
    """The words of one page with their boxes (empty for a page without a text layer)."""
    doc = _open(pdf)
    try:
        if not 1 <= page_number <= len(doc):
            raise InvalidInput("no such page", field="page")
        page = doc[page_number - 1]
        textpage = page.get_textpage()
        try:
            count = textpage.count_chars()
            text = textpage.get_text_range(0, count) if count else ""
            words: list[PageWord] = []
            current: list[str] = []
            box: Box | None = None
            for index in range(min(count, len(text))):
                char = text[index]
                left, bottom, right, top = textpage.get_charbox(index)
                if char.isspace() or right <= left or top <= bottom:
                    if current and box is not None:
                        words.append(PageWord("".join(current), box))
                    current, box = [], None
                    continue
                char_box = Box(left - PAD, bottom - PAD, right + PAD, top + PAD)
                box = char_box if box is None else box.union(char_box)
                current.append(char)
            if current and box is not None:
                words.append(PageWord("".join(current), box))
            return words
        finally:
            textpage.close()
            page.close()
    finally:
        doc.close()
