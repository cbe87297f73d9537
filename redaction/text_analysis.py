"""A text analysed a window of pages at a time (``extraction.page_windows``), then finished whole.

spaCy's parse and Presidio's artefacts cost about 1 MiB a dense page. Here the model-bound
steps (the parse, allegations, the recognizers) run on each window, its parse dropped before
the next, while the steps that need the whole document (a name written on page
3 and again on page 400, overlaps, every other mention) run once on the joined findings, which
are small. Windows are independent, so they can also run in parallel (``run`` is any map).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from typing import TypeVar

from extraction.allegations import Allegation, find_allegations
from extraction.nlp import Pipelines, parse
from extraction.page_windows import WINDOW_CHARS, window_spans
from redaction.analyzer import Analyzer, finish_pi, recognised_pi
from redaction.findings import PiFinding

_S = TypeVar("_S", str, tuple[str, ...])


@dataclass(frozen=True, slots=True)
class Window:
    """One window's text (as the recognizers see it) and where it starts in the document."""

    offset: int
    text: str
    language: str
    allegations: bool


@dataclass(frozen=True, slots=True)
class WindowFindings:
    """What one window yielded, with offsets already in the whole document's text."""

    allegations: tuple[Allegation, ...]
    pi: tuple[PiFinding, ...]


# Maps ``recognise_window`` over windows, in order (e.g. a process pool sharing the models).
WindowMap = Callable[[Iterable[Window]], Iterator[WindowFindings]]


@dataclass(frozen=True, slots=True)
class TextAnalysis:
    """A whole document's allegations and finished PI findings."""

    allegations: tuple[Allegation, ...]
    pi: list[PiFinding]


def recognise_window(window: Window, pipelines: Pipelines, analyzer: Analyzer) -> WindowFindings:
    """The model-bound steps for one window; its parse is dropped on return."""
    doc = parse(pipelines, window.text, window.language, ner_only=not window.allegations)
    allegations = find_allegations(doc, window.language) if window.allegations else []
    pi = recognised_pi(window.text, doc, window.language, analyzer=analyzer)
    shift = window.offset
    return WindowFindings(
        allegations=tuple(
            replace(a, start=a.start + shift, end=a.end + shift) for a in allegations
        ),
        pi=tuple(replace(f, start=f.start + shift, end=f.end + shift) for f in pi),
    )


def analyse_text(
    text: str,
    *,
    page_texts: Sequence[str] | None,
    language: str,
    pipelines: Pipelines,
    analyzer: Analyzer,
    allegations: bool,
    seen: str | None = None,
    run: WindowMap | None = None,
    window_chars: int = WINDOW_CHARS,
) -> TextAnalysis:
    """Allegations (when asked) and PI findings of ``text``, a window of pages at a time.

    ``page_texts`` are the pages ``text`` joins (None: one window). ``seen`` is the text as
    the recognizers should read it (OCR noise cleaned, same length); findings keep the values
    written in ``text``. ``run`` maps ``recognise_window`` over the windows, in order (a
    process pool sharing the loaded models); by default they run here, one after the other.
    """
    seen = text if seen is None else seen
    if len(seen) != len(text):
        raise ValueError("the text as seen must keep the original's offsets")
    spans = window_spans(page_texts, window_chars) if page_texts is not None else [(0, len(text))]
    windows = (Window(start, seen[start:end], language, allegations) for start, end in spans)
    if run is None:
        results: Iterable[WindowFindings] = (
            recognise_window(window, pipelines, analyzer) for window in windows
        )
    else:
        results = run(windows)
    found_allegations: list[Allegation] = []
    recognised: list[PiFinding] = []
    shared = _SharedStrings()
    for result in results:
        found_allegations.extend(result.allegations)
        recognised.extend(shared.finding(f) for f in result.pi)
    finished = finish_pi(seen, recognised, analyzer)
    if seen is not text:  # values and evidence as written, not as cleaned
        finished = [replace(f, text=text[f.start : f.end]) for f in finished]
        found_allegations = [
            replace(a, evidence=" ".join(text[a.start : a.end].split())) for a in found_allegations
        ]
    return TextAnalysis(allegations=tuple(found_allegations), pi=finished)


class _SharedStrings:
    """One copy of each repeated string of the findings a document keeps while its windows
    are analysed: explanations, recognizers and values repeat (a name on every page), and
    shared they halve what each finding holds (about 110 bytes instead of 250)."""

    def __init__(self) -> None:
        self._seen: dict[object, object] = {}

    def _one(self, value: _S) -> _S:
        return self._seen.setdefault(value, value)  # type: ignore[return-value]

    def finding(self, finding: PiFinding) -> PiFinding:
        return replace(
            finding,
            entity_type=self._one(finding.entity_type),
            recognizer=self._one(finding.recognizer),
            text=self._one(finding.text),
            explanation=self._one(finding.explanation),
            context_words=self._one(finding.context_words),
        )
