"""Analysis a window of pages at a time gives what one parse of the whole text gives."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

import pytest

from extraction.document import PAGE_SEPARATOR
from extraction.nlp import Pipelines
from redaction.analyzer import Analyzer
from redaction.pool import RecognitionPool
from redaction.text_analysis import (
    TextAnalysis,
    Window,
    WindowFindings,
    WindowMap,
    analyse_text,
    recognise_window,
)

PAGES = [
    "Complainant: Margaret Okafor, received at the Kingsford office.\n"
    "On March 3, 2024, Constable Dmitri Vasquez pushed me against the wall.\n",
    "My phone number is 416-555-0143 and my e-mail margaret.ol@example.org.\n"
    "The officer searched my bag without my consent.\n",
    "Page three has nothing personal: the weather was clear and the street was quiet.\n",
    "At the station, Vasquez told Okafor to stop recording.\n"
    "Call 416-555-0143 again if the hearing moves.\n",
]


def _one_per_page(
    pipelines: Pipelines, analyzer: Analyzer, *, run: WindowMap | None = None
) -> TextAnalysis:
    text = PAGE_SEPARATOR.join(PAGES)
    return analyse_text(
        text,
        page_texts=PAGES,
        language="en",
        pipelines=pipelines,
        analyzer=analyzer,
        allegations=True,
        window_chars=1,  # every page its own window
        run=run,
    )


def test_windows_find_what_one_parse_finds(pipelines: Pipelines, analyzer: Analyzer) -> None:
    text = PAGE_SEPARATOR.join(PAGES)
    whole = analyse_text(
        text,
        page_texts=PAGES,
        language="en",
        pipelines=pipelines,
        analyzer=analyzer,
        allegations=True,
    )
    windowed = _one_per_page(pipelines, analyzer)

    def spans(analysis: TextAnalysis) -> set[tuple[str, str]]:
        return {(f.entity_type, f.text) for f in analysis.pi}

    assert spans(windowed) == spans(whole)
    assert {a.category for a in windowed.allegations} == {a.category for a in whole.allegations}
    assert {"use_of_force", "unlawful_search_or_seizure"} <= {
        a.category for a in windowed.allegations
    }
    for finding in windowed.pi:  # offsets are the whole text's
        assert text[finding.start : finding.end] == finding.text
    for allegation in windowed.allegations:
        assert " ".join(text[allegation.start : allegation.end].split()) == allegation.evidence


def test_a_name_from_an_earlier_window_is_found_alone_later(
    pipelines: Pipelines, analyzer: Analyzer
) -> None:
    text = PAGE_SEPARATOR.join(PAGES)
    last_page = text.rindex(PAGES[3])
    windowed = _one_per_page(pipelines, analyzer)
    later = {f.text for f in windowed.pi if f.start >= last_page and f.entity_type == "PERSON"}
    assert "Vasquez" in later and "Okafor" in later


def test_windows_can_be_mapped_by_a_caller(pipelines: Pipelines, analyzer: Analyzer) -> None:
    seen: list[int] = []

    def run(windows: Iterable[Window]) -> Iterator[WindowFindings]:
        for window in windows:
            seen.append(window.offset)
            yield recognise_window(window, pipelines, analyzer)

    mapped = _one_per_page(pipelines, analyzer, run=run)
    assert len(seen) == len(PAGES) and seen == sorted(seen)
    assert mapped == _one_per_page(pipelines, analyzer)


def test_seen_text_must_keep_offsets(pipelines: Pipelines, analyzer: Analyzer) -> None:
    with pytest.raises(ValueError, match="offsets"):
        analyse_text(
            "abc",
            page_texts=None,
            language="en",
            pipelines=pipelines,
            analyzer=analyzer,
            allegations=False,
            seen="ab",
        )


def test_a_forked_pool_recognises_what_this_process_does(
    pipelines: Pipelines, analyzer: Analyzer
) -> None:
    with RecognitionPool(pipelines, analyzer, processes=2) as pool:
        pooled = _one_per_page(pipelines, analyzer, run=pool.map)
    assert pooled == _one_per_page(pipelines, analyzer)
    assert any(f.entity_type == "PHONE_NUMBER" for f in pooled.pi)


def test_the_pool_loads_a_new_language_once_in_the_parent_and_shares_it() -> None:
    from extraction.nlp import LazyModels, build_pipelines
    from redaction.analyzer import build_analyzer

    pipelines = build_pipelines()
    analyzer = build_analyzer(pipelines)
    models = pipelines.by_language
    assert isinstance(models, LazyModels) and models.loaded() == ("en",)
    text = "Le 3 mars 2024, l'agent Tremblay a bousculé Mme Julie Bouchard (514-555-0199)."
    with RecognitionPool(pipelines, analyzer, processes=2) as pool:
        results = list(pool.map([Window(0, text, "fr", allegations=False)]))
        assert models.loaded() == ("en", "fr")  # loaded here, before the workers were forked
    assert {"Julie Bouchard", "514-555-0199"} <= {f.text for f in results[0].pi}
