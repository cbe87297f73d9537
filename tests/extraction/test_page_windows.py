"""A document's pages in windows: whole pages, and the same allegations as one parse."""

from __future__ import annotations

import itertools

from extraction.document import PAGE_SEPARATOR
from extraction.facts import extract_facts, facts_for_pages, facts_to_json
from extraction.nlp import Pipelines, parse
from extraction.page_windows import find_allegations_by_window, window_spans

PAGES = [
    "Complainant: Margaret Okafor. On March 3, 2024, Constable Dmitri Vasquez pushed me\n"
    "against the wall and called me a liar.\n",
    "The officer searched my bag without my consent on 2024-03-05.\n",
    "Page three says nothing of the complaint.\n",
    "Le 3 mars 2024, the sergeant refused to give me his badge number.\n",
]


def test_window_spans_cut_at_page_boundaries_within_the_limit() -> None:
    texts = ["a" * 40, "b" * 40, "c" * 40, "d" * 200, "e" * 10]
    joined = PAGE_SEPARATOR.join(texts)
    spans = window_spans(texts, limit=100)
    # Consecutive, covering every page, each window whole pages.
    assert spans[0][0] == 0 and spans[-1][1] == len(joined)
    for (_, end), (start, _) in itertools.pairwise(spans):
        assert joined[end:start] == PAGE_SEPARATOR
    assert [joined[s:e].split(PAGE_SEPARATOR) for s, e in spans] == [
        ["a" * 40, "b" * 40],
        ["c" * 40],
        ["d" * 200],  # one page longer than the limit is a window of its own
        ["e" * 10],
    ]
    assert all(e - s <= 100 for s, e in spans if e - s != 200)


def test_window_spans_of_no_pages_and_one_page() -> None:
    assert window_spans([]) == [(0, 0)]
    assert window_spans(["hello"]) == [(0, 5)]


def test_allegations_by_window_are_those_of_one_parse(pipelines: Pipelines) -> None:
    text = PAGE_SEPARATOR.join(PAGES)
    whole = extract_facts(text, parse(pipelines, text, "en"), "en", "CA-ON")
    assert len(whole.allegations) >= 3  # the comparison below means something
    by_page = find_allegations_by_window(PAGES, "en", pipelines, window_chars=1)
    # The same sentences (one parse may end a page's last sentence after the page break).
    assert [(a.category, a.start, a.evidence) for a in by_page] == [
        (a.category, a.start, a.evidence) for a in whole.allegations
    ]
    # Offsets are in the joined text, whichever window found them.
    assert all(text[a.start : a.end].split() == a.evidence.split() for a in by_page)


def test_facts_for_pages_match_the_facts_of_one_parse(pipelines: Pipelines) -> None:
    text = PAGE_SEPARATOR.join(PAGES)
    whole = extract_facts(text, parse(pipelines, text, "en"), "en", "CA-ON")
    windowed = facts_for_pages(PAGES, "en", "CA-ON", pipelines)
    assert facts_to_json(windowed) == facts_to_json(whole)
