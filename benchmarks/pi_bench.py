"""PI detection benchmark: vanilla Presidio vs Casedesk's analyzer on the dev corpus, one run.

Prints recall per entity type, precision, false positives by kind, characters per second and
seconds per MB of a big synthetic text. Run: ``.venv/bin/python benchmarks/pi_bench.py``.
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.corpus_text import CorpusDoc, read_corpus
from extraction.nlp import Pipelines, build_pipelines, parse
from redaction.analyzer import (
    Analyzer,
    LoadedSpacyNlpEngine,
    build_analyzer,
    configure_tldextract_offline,
    find_pi,
)

Span = tuple[int, int, str, str]  # start, end, entity type, recognizer


def truth_pattern(value: str) -> re.Pattern[str]:
    """A truth string anywhere, whitespace-insensitive and case-insensitive, on word edges."""
    parts = [re.escape(part) for part in value.split()]
    body = r"\s*".join(parts) if len(parts) > 1 else parts[0]
    return re.compile(r"(?<!\w)" + body + r"(?!\w)", re.IGNORECASE)


@dataclass(slots=True)
class Score:
    """Counts for one detector over the corpus."""

    found: Counter[str] = field(default_factory=Counter)
    total: Counter[str] = field(default_factory=Counter)
    absent: int = 0
    spans: int = 0
    true_spans: int = 0
    false_kinds: Counter[str] = field(default_factory=Counter)
    false_examples: list[str] = field(default_factory=list)
    missed: list[str] = field(default_factory=list)
    chars: int = 0
    seconds: float = 0.0

    def recall(self, entity_type: str | None = None) -> float:
        if entity_type is None:
            total = sum(self.total.values())
            return sum(self.found.values()) / total if total else 1.0
        return self.found[entity_type] / self.total[entity_type] if self.total[entity_type] else 1.0

    def precision(self) -> float:
        return self.true_spans / self.spans if self.spans else 1.0


def score_document(doc: CorpusDoc, spans: Sequence[Span], score: Score) -> None:
    """Add one document's recall and precision counts to ``score``."""
    covered = bytearray(len(doc.text))
    for start, end, _, _ in spans:
        covered[start:end] = b"\x01" * (end - start)
    truth_ranges: list[tuple[int, int]] = []
    for pi in doc.pii:
        occurrences = [m.span() for m in truth_pattern(pi.text).finditer(doc.text)]
        if not occurrences:
            score.absent += 1
            continue
        truth_ranges.extend(occurrences)
        score.total[pi.entity_type] += 1
        if all(
            covered[i] or not doc.text[i].isalnum()
            for start, end in occurrences
            for i in range(start, end)
        ):
            score.found[pi.entity_type] += 1
        else:
            score.missed.append(f"{doc.doc_id} {pi.entity_type}: {pi.text!r}")
    keep_ranges = [
        m.span() for phrase in doc.keep for m in truth_pattern(phrase).finditer(doc.text)
    ]
    for start, end, entity_type, recognizer in spans:
        score.spans += 1
        if any(start < t_end and t_start < end for t_start, t_end in truth_ranges):
            score.true_spans += 1
            continue
        kind = (
            "keep-phrase"
            if any(start < k_end and k_start < end for k_start, k_end in keep_ranges)
            else "other"
        )
        score.false_kinds[f"{entity_type} via {recognizer} ({kind})"] += 1
        score.false_examples.append(
            f"{doc.doc_id} {entity_type} {recognizer}: {doc.text[start:end]!r}"
        )


def build_vanilla(pipelines: Pipelines) -> Callable[[str, str], list[Span]]:
    """Presidio's default recognizers over the same loaded spaCy models (no download)."""
    from presidio_analyzer import AnalyzerEngine, RecognizerRegistry

    configure_tldextract_offline()
    languages: dict[str, Any] = {
        code: pipelines.by_language[code] for code in ("en", "fr") if code in pipelines.by_language
    }
    engine_nlp = LoadedSpacyNlpEngine(languages)
    registry = RecognizerRegistry(supported_languages=list(languages))
    registry.load_predefined_recognizers(languages=list(languages), nlp_engine=engine_nlp)
    engine = AnalyzerEngine(
        registry=registry, nlp_engine=engine_nlp, supported_languages=list(languages)
    )

    def run(text: str, language: str) -> list[Span]:
        results = engine.analyze(text=text, language=language)
        return [
            (
                r.start,
                r.end,
                r.entity_type,
                str((r.recognition_metadata or {}).get("recognizer_name", "")),
            )
            for r in results
        ]

    return run


def build_ours(analyzer: Analyzer) -> Callable[[str, str], list[Span]]:
    def run(text: str, language: str) -> list[Span]:
        doc = parse(analyzer.pipelines, text, language)
        return [
            (f.start, f.end, f.entity_type, f.recognizer)
            for f in find_pi(text, doc, language, analyzer=analyzer)
        ]

    return run


def evaluate(name: str, run: Callable[[str, str], list[Span]], docs: Sequence[CorpusDoc]) -> Score:
    score = Score()
    for doc in docs:
        started = time.perf_counter()
        spans = run(doc.text, doc.language)
        score.seconds += time.perf_counter() - started
        score.chars += len(doc.text)
        score_document(doc, spans, score)
    return score


def seconds_per_mb(
    run: Callable[[str, str], list[Span]], docs: Sequence[CorpusDoc], megabytes: float
) -> float:
    """Time for a synthetic text of ``megabytes`` MB made of the corpus documents repeated."""
    base = "\n\n".join(doc.text for doc in docs if doc.language == "en")
    repeat = int(megabytes * 1_000_000 / max(1, len(base.encode()))) + 1
    text = ("\n\n".join([base] * repeat))[: int(megabytes * 1_000_000)]
    started = time.perf_counter()
    run(text, "en")
    return (time.perf_counter() - started) / (len(text.encode()) / 1_000_000)


def report(name: str, score: Score, types: Sequence[str], verbose: bool) -> None:
    print(f"\n== {name}")
    print(
        f"recall overall {score.recall():.3f}  precision {score.precision():.3f}  "
        f"({score.true_spans}/{score.spans} spans)  chars/s {score.chars / score.seconds:,.0f}  "
        f"truth strings absent from extracted text: {score.absent}"
    )
    for entity_type in types:
        print(
            f"  {entity_type:16s} {score.found[entity_type]:4d}/{score.total[entity_type]:<4d} "
            f"recall {score.recall(entity_type):.3f}"
        )
    print("  false positives by kind:")
    for kind, count in score.false_kinds.most_common(25):
        print(f"    {count:4d}  {kind}")
    if verbose:
        print("  missed:")
        for line in score.missed:
            print("    " + line)
        print("  false positives:")
        for line in score.false_examples:
            print("    " + line)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--verbose", action="store_true", help="list misses and false positives")
    parser.add_argument("--no-vanilla", action="store_true")
    parser.add_argument("--no-scans", action="store_true", help="skip OCR of scanned PDFs")
    parser.add_argument("--big-mb", type=float, default=1.0, help="size of the synthetic text")
    args = parser.parse_args(argv)

    docs = read_corpus(include_scans=not args.no_scans)
    pipelines = build_pipelines()
    analyzer = build_analyzer(pipelines)
    ours = build_ours(analyzer)
    ours("warm up John Smith 416-555-0199", "en")
    types = sorted({pi.entity_type for doc in docs for pi in doc.pii})
    print(
        f"{len(docs)} documents, {sum(len(d.text) for d in docs):,} characters "
        f"({sum(d.fmt == 'scanned_pdf' for d in docs)} scanned, OCR'd with tesseract)"
    )
    ours_score = evaluate("ours", ours, docs)
    report("Casedesk (ours)", ours_score, types, args.verbose)
    if not args.no_vanilla:
        vanilla = build_vanilla(pipelines)
        vanilla("warm up John Smith 416-555-0199", "en")
        vanilla_score = evaluate("vanilla", vanilla, docs)
        report("vanilla Presidio", vanilla_score, types, args.verbose)
        ratio = (ours_score.chars / ours_score.seconds) / (
            vanilla_score.chars / vanilla_score.seconds
        )
        print(f"\nspeed ours/vanilla: {ratio:.2f}")
    if args.big_mb > 0:
        ours_spm = seconds_per_mb(ours, docs, args.big_mb)
        print(f"\nseconds per MB ({args.big_mb} MB synthetic): ours {ours_spm:.1f}")
        if not args.no_vanilla:
            print(
                f"seconds per MB ({args.big_mb} MB synthetic): vanilla "
                f"{seconds_per_mb(vanilla, docs, min(args.big_mb, 0.9)):.1f}"
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
