"""PI detection on text that is bad for it: one 10 MB word, a page of thousands of names,
several scripts at once. Each finishes with an answer (no regex runs away, nothing crashes),
and what it finds is what the text holds."""

from __future__ import annotations

import random

from redaction.addresses import address_spans
from redaction.analyzer import Analyzer
from redaction.name_resource import NameResourceRecognizer
from redaction.person_context import PersonContextRecognizer, spread_over_lists
from redaction.phones import PhoneNumberRecognizer
from tests.redaction.pi_helpers import covered, detect


def _no_spaces(size: int) -> str:
    rng = random.Random(7)
    alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJ0123456789.-:,"
    return "".join(rng.choice(alphabet) for _ in range(size))


def test_ten_megabytes_without_a_space_give_the_text_recognizers_no_trouble(
    analyzer: Analyzer,
) -> None:
    """The rules that read raw text (no model) run over the whole 10 MB string: a pattern that
    backtracked on long words would never return here."""
    text = _no_spaces(10_000_000)
    assert list(address_spans(text)) == []  # no street without a space
    context = PersonContextRecognizer("en", analyzer.lexicon)
    people = context.analyze(text, ["PERSON"], None)
    # Random "X.Abc" may read as an initial and a surname; nothing runs on.
    assert all(r.end - r.start < 40 for r in people)
    phones = PhoneNumberRecognizer("en").analyze(text, ["PHONE_NUMBER"])
    assert all(r.end - r.start < 40 for r in phones)
    assert spread_over_lists(text, [], analyzer.lexicon) == []


def test_a_page_of_five_thousand_names_is_all_found(analyzer: Analyzer) -> None:
    rng = random.Random(3)
    names = ["Anneliese", "Kowalczyk", "Oyelaran", "Tremblay", "Nakamura", "Fitzgerald"]
    words = [rng.choice(names) for _ in range(5000)]
    text = "Present at the scene: " + ", ".join(words) + "."
    findings = detect(analyzer, text)
    for name in names:
        assert covered(findings, text, name, "PERSON"), name
    assert covered(findings, text, "Present at the scene") is False


def test_a_name_resource_recognizer_on_a_wall_of_name_like_words(analyzer: Analyzer) -> None:
    recognizer = next(
        r
        for r in analyzer.engine.registry.recognizers
        if isinstance(r, NameResourceRecognizer) and r.supported_language == "en"
    )
    text = " ".join(["Maria Garcia Nguyen Singh"] * 1250)
    doc = analyzer.pipelines.for_language("en")(text[:100_000])
    artifacts = analyzer.nlp_engine.artifacts(doc, "en")
    results = recognizer.analyze(text[:100_000], ["PERSON"], artifacts)
    assert results, "the names are found"
    assert all(r.end - r.start < 60 for r in results)


def test_names_in_other_scripts_inside_an_english_complaint(analyzer: Analyzer) -> None:
    text = (
        "The complaint was made by Иван Петров and his neighbour محمد علي about the officer "
        "who stopped them on King Street. Ms. Παπαδοπούλου Ελένη was a witness."
    )
    findings = detect(analyzer, text)
    assert covered(findings, text, "Иван Петров", "PERSON")
    assert covered(findings, text, "محمد علي", "PERSON")
    assert covered(findings, text, "Παπαδοπούλου Ελένη", "PERSON")
    assert not any("officer" in f.text or "complaint" in f.text for f in findings)
