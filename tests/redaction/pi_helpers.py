"""Helpers for the PI-detection tests: parse once and detect, and check span coverage."""

from __future__ import annotations

from extraction.nlp import parse
from redaction.analyzer import Analyzer, find_pi
from redaction.findings import PiFinding


def detect(analyzer: Analyzer, text: str, language: str = "en") -> list[PiFinding]:
    """Parse once and find PI, as the worker does."""
    doc = parse(analyzer.pipelines, text, language)
    return find_pi(text, doc, language, analyzer=analyzer)


def covered(
    findings: list[PiFinding], text: str, value: str, entity_type: str | None = None
) -> bool:
    """Every letter and digit of each occurrence of ``value`` lies inside some finding."""
    start = text.find(value)
    assert start >= 0, f"{value!r} is not in the test text"
    spans = [f for f in findings if entity_type is None or f.entity_type == entity_type]
    while start >= 0:
        end = start + len(value)
        for index in range(start, end):
            if text[index].isalnum() and not any(f.start <= index < f.end for f in spans):
                return False
        start = text.find(value, end)
    return True
