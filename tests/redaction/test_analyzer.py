"""The analyzer: built explicitly over our pipelines, one shared parse, and bad input survived."""

from __future__ import annotations

import socket
from collections.abc import Iterator

import pytest
import tldextract.tldextract

from extraction.document import Box, Document, Page
from extraction.nlp import parse
from redaction.analyzer import Analyzer, find_pi
from redaction.findings import PiFinding
from tests.redaction.pi_helpers import detect


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Any attempt to open a socket (a model or suffix-list download) fails the test."""

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("network access attempted")

    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket.socket, "connect", refuse)
    yield


def test_engine_uses_our_pipelines(analyzer: Analyzer) -> None:
    assert set(analyzer.languages) == {"en", "fr"}
    assert analyzer.engine.nlp_engine is analyzer.nlp_engine
    for language in ("en", "fr"):
        assert analyzer.nlp_engine.get_nlp(language) is analyzer.pipelines.by_language[language]
    names: set[str] = {str(getattr(r, "name", "")) for r in analyzer.engine.registry.recognizers}
    assert {"NameRecognizer", "CaSinRecognizer", "MedicalRecognizer"} <= names


def test_tldextract_is_offline(analyzer: Analyzer, no_network: None) -> None:
    extractor = tldextract.tldextract.TLD_EXTRACTOR
    assert not extractor.suffix_list_urls
    assert extractor("mail.example.co.uk").suffix == "co.uk"


def test_find_pi_reuses_the_given_doc(analyzer: Analyzer, no_network: None) -> None:
    text = "Cst. Harriet Vandermeer (badge #5521) called me at 613-555-0143."
    doc = parse(analyzer.pipelines, text, "en")
    findings = find_pi(text, doc, "en", analyzer=analyzer)
    kinds = {(f.entity_type, f.text) for f in findings}
    assert ("PERSON", "Harriet Vandermeer") in kinds
    assert ("BADGE_NUMBER", "5521") in kinds
    assert ("PHONE_NUMBER", "613-555-0143") in kinds
    for finding in findings:
        assert text[finding.start : finding.end] == finding.text
        assert finding.recognizer and finding.explanation


def test_findings_carry_context_words(analyzer: Analyzer) -> None:
    text = "For identification, my social insurance number is 130 692 544."
    (sin,) = [f for f in detect(analyzer, text) if f.entity_type == "CA_SIN"]
    assert "social insurance number" in sin.context_words
    assert sin.score > 0.9


def test_long_text_is_parsed_in_pieces(analyzer: Analyzer) -> None:
    paragraph = "Sgt. Marguerite Okonjo spoke to me at 88 Elm Street. Nothing else happened.\n"
    text = paragraph * 3000  # about 230,000 characters: beyond one parse chunk
    doc = parse(analyzer.pipelines, text, "en")
    assert doc.text == text
    findings = find_pi(text, doc, "en", analyzer=analyzer)
    persons = [f for f in findings if f.entity_type == "PERSON"]
    assert len(persons) >= 3000


def test_boxes_map_to_pages(analyzer: Analyzer) -> None:
    text = "Call Ms. Ngozi Adeyemi."
    boxes = tuple(Box(10.0 + 6 * i, 700.0, 16.0 + 6 * i, 712.0) for i in range(len(text)))
    document = Document(
        kind="pdf",
        pages=(Page(number=1, width=612, height=792, text=text, char_boxes=boxes),),
        pdf=b"",
    )
    (person,) = [f for f in detect(analyzer, document.text) if f.entity_type == "PERSON"]
    [(page, box)] = person.boxes(document)
    assert page == 1
    assert box.x0 == pytest.approx(10.0 + 6 * text.index("Ngozi"))


BAD_INPUT = [
    pytest.param("1234 5678 ... --- !!! 0000 ///", id="no-letters"),
    pytest.param(
        "Сержант Иванов и 警察 Tanaka سلام ตำรวจ Cst. Ωmega 416-555-0199", id="mixed-scripts"
    ),
    pytest.param(
        "Name:\x00\x01 John\x07 Smith\x1b[31m\ufeff\u200b 555\x0c0199\r\r\n\t\x7f",
        id="control-chars",
    ),
    pytest.param("", id="empty"),
    pytest.param("\n\n\f\n   ", id="whitespace"),
]


@pytest.mark.parametrize("text", BAD_INPUT)
def test_bad_input_does_not_crash(analyzer: Analyzer, text: str) -> None:
    for language in ("en", "fr", "de"):
        findings = detect(analyzer, text, language if language != "de" else "en")
        assert all(isinstance(f, PiFinding) and 0 <= f.start < f.end <= len(text) for f in findings)


@pytest.mark.slow
@pytest.mark.parametrize(
    ("token", "megabytes"),
    [
        pytest.param("A", 10, id="letter-10mb"),
        pytest.param("police ", 10, id="word-10mb"),
        # Every token is a phone number: a million findings, so kept to 2 MB for test time.
        pytest.param("4165550199 ", 2, id="phone-2mb"),
    ],
)
def test_megabytes_of_one_token(analyzer: Analyzer, token: str, megabytes: int) -> None:
    text = token * (megabytes * 1_000_000 // len(token))
    # The tokenizer alone: the test is about our recognizers on huge input, not spaCy's speed.
    doc = analyzer.pipelines.for_language("en").tokenizer(text)
    findings = find_pi(text, doc, "en", analyzer=analyzer)
    assert all(0 <= f.start < f.end <= len(text) for f in findings)


def test_french_is_loaded_only_when_a_french_text_needs_it() -> None:
    from extraction.nlp import LazyModels, build_pipelines
    from redaction.analyzer import build_analyzer

    pipelines = build_pipelines()
    models = pipelines.by_language
    assert isinstance(models, LazyModels)
    analyzer = build_analyzer(pipelines)
    assert models.loaded() == ("en",)
    assert "fr" in models and analyzer.languages == ("en", "fr")
    text = "Le 3 mars 2024, l'agent Tremblay a bousculé Mme Julie Bouchard (514-555-0199)."
    findings = find_pi(text, parse(pipelines, text, "fr"), "fr", analyzer=analyzer)
    assert models.loaded() == ("en", "fr")
    assert {"Julie Bouchard", "514-555-0199"} <= {f.text for f in findings}
