"""A document's pages taken a window at a time, so a parse never holds a whole big document.

spaCy's parse costs about 1 MiB a dense page, so a 500-page report parsed in one go held half
a gigabyte. Steps bound to a parse (allegations here, the PI recognizers in
``redaction.text_analysis``) run on windows of whole pages of at most ``WINDOW_CHARS`` characters,
each parse dropped before the next; what they find is small and is kept.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from extraction.allegations import Allegation, find_allegations
from extraction.document import PAGE_SEPARATOR
from extraction.nlp import Pipelines, parse

# About twenty dense pages: one window's parse stays near 20 MiB.
WINDOW_CHARS = 100_000


def window_spans(page_texts: Sequence[str], limit: int = WINDOW_CHARS) -> list[tuple[int, int]]:
    """(start, end) offsets in ``PAGE_SEPARATOR.join(page_texts)`` of consecutive windows of
    whole pages, each at most ``limit`` characters unless one page alone is longer."""
    spans: list[tuple[int, int]] = []
    window_start = offset = 0
    previous_end: int | None = None
    for text in page_texts:
        page_end = offset + len(text)
        if previous_end is not None and page_end - window_start > limit:
            spans.append((window_start, previous_end))
            window_start = offset
        previous_end = page_end
        offset = page_end + len(PAGE_SEPARATOR)
    spans.append((window_start, previous_end or 0))
    return spans


def find_allegations_by_window(
    page_texts: Sequence[str],
    language: str,
    pipelines: Pipelines,
    *,
    window_chars: int = WINDOW_CHARS,
) -> tuple[Allegation, ...]:
    """Every allegation of the document whose text is ``PAGE_SEPARATOR.join(page_texts)``,
    with offsets in that text, parsed one window of pages at a time."""
    text = PAGE_SEPARATOR.join(page_texts)
    found: list[Allegation] = []
    for start, end in window_spans(page_texts, window_chars):
        doc = parse(pipelines, text[start:end], language)
        found.extend(
            replace(a, start=a.start + start, end=a.end + start)
            for a in find_allegations(doc, language)
        )
        del doc
    return tuple(found)
