"""The one-pass searches (every withheld value at once, in detection's ``every_occurrence``,
the second pass and the release gate) give exactly what the per-value searches they replaced
gave: the same findings, boxes and gate verdicts, file by file, on dev inputs and the leak
suite. The per-value searches are kept here, as the reference."""

from __future__ import annotations

import contextlib
import json
import random
import re
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

import pytest

from casedesk.redact_cli import read_parts
from extraction.nlp import Pipelines
from redaction import auto, verify
from redaction.analyzer import Analyzer
from redaction.auto import ValueFinder, case_fold, detect, redact, remove_left_over
from redaction.findings import PiFinding
from redaction.policy import load_policy
from tests.support import CORPUS

DEV = CORPUS / "dev"
LEAK_SUITE = CORPUS / "leak-suite"
# Every format of the dev corpus, a few of each (OCR and LibreOffice are slow): under a minute.
DEV_FILES = [
    *sorted(
        p
        for p in DEV.glob("*.pdf")
        if json.loads(p.with_suffix(".truth.json").read_text())["format"] == "pdf"
    ),
    DEV / "dev-028.pdf",  # scanned: OCR'd text
    DEV / "dev-003.docx",
    DEV / "dev-018.docx",
    DEV / "dev-001.eml",
    DEV / "dev-014.eml",
    DEV / "dev-024.txt",
]
LEAK_STRINGS = [
    ("Joseph Brown 07309 802258", "PERSON"),
    ("Joseph Brown", "PERSON"),
    ("07309 802258", "PHONE_NUMBER"),
    ("12/03/1987", "DATE_OF_BIRTH"),
    ("EE", "PERSON"),  # short: the pattern path
]
_EVERY_OCCURRENCE = auto.every_occurrence
_VERIFY_OUTPUT = verify.verify_output


class _PerValue:
    """The reference for ``ValueFinder``: each value's pattern over the whole text."""

    def __init__(self, values: Sequence[tuple[str, str]]) -> None:
        self._patterns = [auto._value_pattern(value, etype) for value, etype in values]

    def matches(self, text: str) -> list[list[re.Match[str]]]:
        # An empty value matched empty spans, which box nothing: the same as no match.
        return [[m for m in p.finditer(text) if m.end() > m.start()] for p in self._patterns]


def _found_in(needle: Any, hay: Any) -> bool:
    """The reference for ``_NeedleSet.found``: the gate's former per-needle test."""
    if needle.compact and needle.compact in hay.compact:
        return True
    if needle.pattern is None:
        return bool(needle.solid in hay.solid)
    return needle.pattern.search(hay.spaced) is not None


def _reference_found(self: Any, hay: Any) -> list[Any]:
    return [n for n in self.needles if _found_in(n, hay)]


@contextlib.contextmanager
def _per_value(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Within: every search is the former per-value one."""
    with monkeypatch.context() as patch:
        patch.setattr(auto, "ValueFinder", _PerValue)
        patch.setattr(verify._NeedleSet, "found", _reference_found)
        yield


def _spans(findings: dict[str, list[PiFinding]]) -> dict[str, list[tuple[Any, ...]]]:
    return {
        key: [(f.start, f.end, f.text, f.entity_type, f.recognizer) for f in part]
        for key, part in findings.items()
    }


def _both(monkeypatch: pytest.MonkeyPatch, name: str, module: Any = auto) -> list[str]:
    """Wrap ``module.name`` so each call also runs the reference and both results must be
    equal; returns the list of calls made (by name), for the test to check it was used."""
    real: Callable[..., Any] = getattr(module, name)
    calls: list[str] = []

    def compare(*args: Any, **kwargs: Any) -> Any:
        calls.append(name)
        new = real(*args, **kwargs)
        with _per_value(monkeypatch):
            old = real(*args, **kwargs)
        if name == "every_occurrence":
            assert _spans(new) == _spans(old)
        else:
            assert new == old
        return new

    monkeypatch.setattr(module, name, compare)
    return calls


@pytest.mark.slow
@pytest.mark.parametrize("path", DEV_FILES, ids=[p.name for p in DEV_FILES])
def test_same_boxes_and_verdicts_on_dev(
    path: Path, monkeypatch: pytest.MonkeyPatch, pipelines: Pipelines, analyzer: Analyzer
) -> None:
    parts = read_parts(path.read_bytes(), path.name, [])
    policy = load_policy("public")
    occurrences = _both(monkeypatch, "every_occurrence")
    gates = _both(monkeypatch, "verify_output")
    findings = detect(
        parts, analyzer=analyzer, pipelines=pipelines, policy=policy, jurisdiction="CA-ON"
    )
    result = redact(parts, findings, secret=b"test")
    with _per_value(monkeypatch):
        # The whole redaction again with every search per value: the same file out.
        monkeypatch.setattr(auto, "every_occurrence", _EVERY_OCCURRENCE)
        monkeypatch.setattr(auto, "verify_output", _VERIFY_OUTPUT)
        old_findings = detect(
            parts, analyzer=analyzer, pipelines=pipelines, policy=policy, jurisdiction="CA-ON"
        )
        old = redact(parts, old_findings, secret=b"test")
    assert occurrences and gates
    assert result.boxes == old.boxes
    assert result.report == old.report
    assert result.pdf == old.pdf
    assert result.report.passed
    # The hardest case for both searches: the unredacted input, every value everywhere.
    withheld = {
        (f.text, f.entity_type): (f.exemption_code or "", f.label)
        for part in findings
        for f in part
        if f.text.strip()
    }
    for part in parts:
        new_removal = remove_left_over(part.pdf, withheld)
        gate = verify.verify_output(part.pdf, list(withheld))
        with _per_value(monkeypatch):
            assert remove_left_over(part.pdf, withheld) == new_removal
            assert verify.verify_output(part.pdf, list(withheld)) == gate
        if all(page.source == "text" for page in part.pages):  # a scan's page has no text
            assert withheld and not gate.passed


@pytest.mark.parametrize("path", sorted(LEAK_SUITE.glob("*.pdf")), ids=lambda p: p.stem)
def test_same_gate_verdicts_on_leak_suite(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    pdf = path.read_bytes()
    new = verify.verify_output(pdf, LEAK_STRINGS)
    with _per_value(monkeypatch):
        old = verify.verify_output(pdf, LEAK_STRINGS)
    assert new == old
    assert new.passed == path.name.startswith("02_")


def test_case_fold_joins_what_ignorecase_joins() -> None:
    """Two characters re.IGNORECASE matches fold to one, so no start is missed."""
    tricky = "sSſkKKiIİıµμΜßẞθϑΘΐΐﬅﬆσςΣ"
    for a in tricky:
        for b in tricky:
            if re.fullmatch(re.escape(a), b, re.IGNORECASE):
                assert case_fold(a) == case_fold(b), (a, b)
    assert len(case_fold("İstanbul Straße")) == len("İstanbul Straße")


def test_value_finder_matches_per_value_search_on_random_text() -> None:
    rng = random.Random(17)
    alphabet = "abſsSkKİiı -_.\n1@"
    values = [
        ("".join(rng.choice(alphabet) for _ in range(rng.randint(3, 8))), etype)
        for etype in ("PERSON", "PHONE_NUMBER")
        for _ in range(40)
    ]
    values += [("Kim Sſo", "PERSON"), ("İlhan", "PERSON"), ("sk-1", "BADGE_NUMBER")]
    for _ in range(200):
        text = "".join(rng.choice(alphabet) for _ in range(300)) + " kim SSO ilhan SK-1"
        new = ValueFinder(values).matches(text)
        old = _PerValue(values).matches(text)
        assert [[m.span() for m in v] for v in new] == [[m.span() for m in v] for v in old]
