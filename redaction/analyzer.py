"""Presidio over our already-loaded spaCy pipelines: one parse per document, shared with facts.

``build_analyzer`` wires the engine explicitly (no model download, tldextract offline);
``find_pi`` turns the shared spaCy ``Doc`` into PI findings with document-level name consistency.
"""

from __future__ import annotations

import copy
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, replace
from typing import Any

import tldextract
import tldextract.tldextract
from presidio_analyzer import (
    AnalyzerEngine,
    EntityRecognizer,
    RecognizerRegistry,
    RecognizerResult,
)
from presidio_analyzer.context_aware_enhancers import LemmaContextAwareEnhancer
from presidio_analyzer.nlp_engine import NlpArtifacts, SpacyNlpEngine
from presidio_analyzer.nlp_engine.ner_model_configuration import NerModelConfiguration

from extraction.nlp import MODEL_PACKAGES, Pipelines
from redaction.addresses import AddressRecognizer
from redaction.birth_dates import BirthDateRecognizer
from redaction.consistency import propagate_names
from redaction.findings import PiFinding
from redaction.name_resource import NameResourceRecognizer, load_name_resource
from redaction.names import Lexicon, NameRecognizer, build_lexicon, extend_across_line_breaks
from redaction.patterns import (
    CONTEXT_WORDS_KEY,
    EXPLANATION_KEY,
    MIN_SCORE,
    build_pattern_recognizers,
)
from redaction.person_context import PersonContextRecognizer, drop_firm_names, spread_over_lists
from redaction.phones import PhoneNumberRecognizer

SUPPORTED_LANGUAGES: tuple[str, ...] = ("en", "fr")


class LoadedSpacyNlpEngine(SpacyNlpEngine):
    """Presidio's spaCy engine over ``Language`` objects we already loaded (``load`` is a no-op)."""

    def __init__(self, languages: Mapping[str, Any]) -> None:
        super().__init__(
            models=[{"lang_code": code, "model_name": MODEL_PACKAGES[code]} for code in languages],
            ner_model_configuration=NerModelConfiguration(
                # Presidio maps these to its own entity names; we only use PERSON from spaCy.
                labels_to_ignore=[
                    "CARDINAL",
                    "ORDINAL",
                    "QUANTITY",
                    "PERCENT",
                    "MONEY",
                    "FAC",
                    "PRODUCT",
                    "LAW",
                    "WORK_OF_ART",
                    "EVENT",
                    "LANGUAGE",
                    "MISC",
                ],
            ),
        )
        # Presidio declares ``nlp`` as None until its own load(); we hand it our pipelines
        # (a mapping that loads each language on first use).
        self.nlp = languages  # type: ignore[assignment]

    def load(self) -> None:
        """Models are loaded once per process by ``extraction.nlp.build_pipelines``."""

    def artifacts(self, doc: Any, language: str) -> NlpArtifacts:
        """Presidio's view of a parse we already have (no second parse)."""
        entities, scores = self._get_updated_entities(
            self._get_entities(doc), self._get_scores_for_entities(doc)
        )
        return _LazyArtifacts(doc, entities, scores, self, language)


class _Subset(Mapping[str, Any]):
    """Some languages of a pipelines mapping, still loaded on first use."""

    def __init__(self, models: Mapping[str, Any], languages: tuple[str, ...]) -> None:
        self._models = models
        self._languages = languages

    def __getitem__(self, language: str) -> Any:
        if language not in self._languages:
            raise KeyError(language)
        return self._models[language]

    def __contains__(self, language: object) -> bool:
        return language in self._languages

    def __iter__(self) -> Iterator[str]:
        return iter(self._languages)

    def __len__(self) -> int:
        return len(self._languages)


class _LazyArtifacts(NlpArtifacts):
    """``NlpArtifacts`` whose per-token lists (lemmas, offsets, keywords) are built on first
    use: only Presidio's context enhancer reads them, and our recognizers apply their own
    context, so on a big document building them cost more than the recognizers did."""

    def __init__(
        self,
        doc: Any,
        entities: list[Any],
        scores: list[float],
        nlp_engine: LoadedSpacyNlpEngine,
        language: str,
    ) -> None:
        # NlpArtifacts.__init__ would build every list at once: set the same fields here.
        self.entities = entities
        self.tokens = doc
        self.nlp_engine = nlp_engine
        self.scores = scores if scores else [0.85] * len(entities)
        self._language = language
        self._lists: dict[str, list[Any]] = {}

    def _list(self, name: str) -> list[Any]:
        if name not in self._lists:
            doc = self.tokens
            parsed = [token.lemma_ for token in doc]  # what Presidio's own artifacts hold
            self._lists["tokens_indices"] = [token.idx for token in doc]
            # Keywords come from the parse's own lemmas, as in NlpArtifacts.__init__.
            self._lists["keywords"] = NlpArtifacts.set_keywords(
                self.nlp_engine, parsed, self._language
            )
            # An NER-only parse has no lemmas; context words then match the lower-cased forms.
            has_lemmas = doc.has_annotation("LEMMA")
            self._lists["lemmas"] = parsed if has_lemmas else [token.lower_ for token in doc]
        return self._lists[name]

    @property
    def lemmas(self) -> list[str]:
        return self._list("lemmas")

    @lemmas.setter
    def lemmas(self, value: list[str]) -> None:
        self._list("lemmas")
        self._lists["lemmas"] = value

    @property
    def tokens_indices(self) -> list[int]:
        return self._list("tokens_indices")

    @tokens_indices.setter
    def tokens_indices(self, value: list[int]) -> None:
        self._list("tokens_indices")
        self._lists["tokens_indices"] = value

    @property
    def keywords(self) -> list[str]:
        return self._list("keywords")

    @keywords.setter
    def keywords(self, value: list[str]) -> None:
        self._list("keywords")
        self._lists["keywords"] = value


class _ShallowCopies(list[RecognizerResult]):
    """Results that ``copy.deepcopy`` copies one level down (each result, its metadata and
    its explanation): all that Presidio's context enhancer changes. Its deep copy of every
    result was a tenth of detection time on a big document."""

    def __deepcopy__(self, memo: dict[int, Any]) -> list[RecognizerResult]:
        out: list[RecognizerResult] = []
        for result in self:
            clone = copy.copy(result)
            if result.recognition_metadata is not None:
                clone.recognition_metadata = dict(result.recognition_metadata)
            if result.analysis_explanation is not None:
                clone.analysis_explanation = copy.copy(result.analysis_explanation)
            out.append(clone)
        return out


class ContextEnhancer(LemmaContextAwareEnhancer):
    """Presidio's lemma context enhancer, same results, without its deep copy."""

    def enhance_using_context(
        self,
        text: str,
        raw_results: list[RecognizerResult],
        nlp_artifacts: NlpArtifacts,
        recognizers: list[EntityRecognizer],
        context: list[str] | None = None,
    ) -> list[RecognizerResult]:
        return super().enhance_using_context(
            text, _ShallowCopies(raw_results), nlp_artifacts, recognizers, context
        )


@dataclass(frozen=True, slots=True)
class Analyzer:
    """A configured Presidio engine plus the pieces ``find_pi`` needs."""

    engine: AnalyzerEngine
    nlp_engine: LoadedSpacyNlpEngine
    pipelines: Pipelines
    lexicon: Lexicon
    languages: tuple[str, ...]
    min_score: float = MIN_SCORE


def configure_tldextract_offline() -> None:
    """Make tldextract use its bundled suffix-list snapshot: no DNS, no HTTP, ever.

    Presidio's e-mail and URL recognizers call the module-level ``tldextract.extract``, which
    would otherwise fetch the public-suffix list on first use and can stall a worker.
    """
    offline = tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None, fallback_to_snapshot=True)
    tldextract.tldextract.TLD_EXTRACTOR = offline


def build_analyzer(
    pipelines: Pipelines, languages: tuple[str, ...] = SUPPORTED_LANGUAGES
) -> Analyzer:
    """Our recognizers over the loaded pipelines, for ``languages`` that have a pipeline."""
    configure_tldextract_offline()
    available = tuple(code for code in languages if code in pipelines.by_language)
    nlp_engine = LoadedSpacyNlpEngine(_Subset(pipelines.by_language, available))
    names = load_name_resource()  # a missing or damaged resource stops start-up here
    lexicon = replace(
        build_lexicon(pipelines.by_language), names=frozenset(names.first) | frozenset(names.last)
    )
    registry = RecognizerRegistry(supported_languages=list(available))
    for recognizer in build_pattern_recognizers(available):
        registry.add_recognizer(recognizer)
    for language in available:
        registry.add_recognizer(NameRecognizer(language, lexicon))
        registry.add_recognizer(PhoneNumberRecognizer(language))
        registry.add_recognizer(AddressRecognizer(language))
        registry.add_recognizer(BirthDateRecognizer(language))
        registry.add_recognizer(NameResourceRecognizer(language, names, lexicon))
        registry.add_recognizer(PersonContextRecognizer(language, lexicon))
    engine = AnalyzerEngine(
        registry=registry,
        nlp_engine=nlp_engine,
        context_aware_enhancer=ContextEnhancer(),
        supported_languages=list(available),
        default_score_threshold=MIN_SCORE,
    )
    return Analyzer(
        engine=engine,
        nlp_engine=nlp_engine,
        pipelines=pipelines,
        lexicon=lexicon,
        languages=available,
    )


def find_pi(text: str, doc: Any, language: str, *, analyzer: Analyzer) -> list[PiFinding]:
    """PI findings in ``text`` using its spaCy ``doc`` (parsed once, by ``extraction.nlp.parse``).

    Findings are sorted by start; a finding fully inside a stronger one of another type is
    dropped; every further mention of a named person in the text is added.
    """
    return finish_pi(text, recognised_pi(text, doc, language, analyzer=analyzer), analyzer)


def recognised_pi(text: str, doc: Any, language: str, *, analyzer: Analyzer) -> list[PiFinding]:
    """What the recognizers find in ``text`` alone, before the document-level steps of
    ``finish_pi``: a big document is recognised a window at a time, then finished whole."""
    if language not in analyzer.languages:
        language = "en" if "en" in analyzer.languages else analyzer.languages[0]
    if not text.strip():
        return []
    artifacts = analyzer.nlp_engine.artifacts(doc, language)
    results = analyzer.engine.analyze(
        text=text,
        language=language,
        nlp_artifacts=artifacts,
        score_threshold=analyzer.min_score,
    )
    return [_to_finding(text, result) for result in results]


def finish_pi(text: str, findings: list[PiFinding], analyzer: Analyzer) -> list[PiFinding]:
    """The document-level steps over recognised findings: the strongest reading of each span,
        every other mention of a named person, names cut by a line break, firms named after people
    left readable; sorted by start."""
    findings = drop_firm_names(text, _resolve_overlaps(findings))
    findings = spread_over_lists(text, findings, analyzer.lexicon)
    findings = propagate_names(text, findings)
    findings = _resolve_overlaps(extend_across_line_breaks(text, findings, analyzer.lexicon))
    findings = drop_firm_names(text, findings)  # a founder's name spread back into its firm
    return sorted(findings, key=lambda f: (f.start, -f.end, f.entity_type))


def _to_finding(text: str, result: RecognizerResult) -> PiFinding:
    metadata = result.recognition_metadata or {}
    explanation = result.analysis_explanation
    return PiFinding(
        entity_type=result.entity_type,
        start=result.start,
        end=result.end,
        score=round(float(result.score), 3),
        recognizer=str(metadata.get(RecognizerResult.RECOGNIZER_NAME_KEY, "unknown")),
        text=text[result.start : result.end],
        explanation=str(
            metadata.get(EXPLANATION_KEY)
            or (explanation.textual_explanation if explanation else "")
        ),
        context_words=tuple(metadata.get(CONTEXT_WORDS_KEY, ())),
    )


def _resolve_overlaps(findings: list[PiFinding]) -> list[PiFinding]:
    """Keep the strongest reading of a span: drop a finding inside a stronger one.

    Stronger means a higher score, or the same score and a longer span. Partial overlaps of
    different types are both kept: redaction unions their boxes, and dropping either could
    leave part of an identifier readable. One sweep by start keeps this linear on big inputs.
    """
    ordered = sorted(findings, key=lambda f: (f.start, -f.end, -f.score))
    kept: list[PiFinding] = []
    active: list[PiFinding] = []
    for finding in ordered:
        active = [other for other in active if other.end >= finding.end]
        if not any(_stronger(other, finding) for other in active):
            kept.append(finding)
        active.append(finding)
    return kept


def _stronger(other: PiFinding, finding: PiFinding) -> bool:
    if not other.covers(finding) or other is finding:
        return False
    if other.score != finding.score:
        return other.score > finding.score
    return (other.end - other.start) > (finding.end - finding.start)
