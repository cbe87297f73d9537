"""Facts aggregation, the extract JSON contract, and the golden scores over the dev corpus.

The golden test reads text simply (.txt, .eml with ``email``, text PDFs with pypdfium2) and
scores with ../shared/tools/score.py; scanned PDFs (OCR) and DOCX are measured by
benchmarks/facts_bench.py instead.
"""

from __future__ import annotations

import email
import email.policy
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from core.errors import InvalidInput
from extraction.facts import extract_facts, facts_to_json
from extraction.nlp import Pipelines

SHARED = Path(__file__).resolve().parents[3] / "shared"
if not SHARED.exists():
    SHARED = Path("/work/shared")
DEV = SHARED / "corpus" / "dev"
SCORE = SHARED / "tools" / "score.py"


def _read_text(path: Path) -> str:
    if path.suffix == ".txt":
        return path.read_text(encoding="utf-8")
    if path.suffix == ".eml":
        message = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
        headers = "\n".join(f"{key}: {value}" for key, value in message.items())
        body = message.get_body(preferencelist=("plain", "html"))
        content = body.get_content() if body is not None else ""
        return f"{headers}\n\n{content}"
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(str(path))
    return "\n\f\n".join(page.get_textpage().get_text_range() for page in pdf)


def test_facts_to_json_has_the_cli_contract_shape(pipelines: Pipelines) -> None:
    text = (
        "My name is Ada Quinn. On March 2, 2024 Constable Tom Reed (badge #4411) of the "
        "Peel Regional Police Service punched me in the face without any reason."
    )
    facts = extract_facts(text, pipelines.for_language("en")(text), "en", "CA-ON")
    payload = facts_to_json(facts)
    assert set(payload) == {"allegations", "dates", "parties", "police_service", "language"}
    # The contract's keys, plus the score and whether it is only "possible" (extra keys).
    assert [
        {"category": a["category"], "evidence": a["evidence"]} for a in payload["allegations"]
    ] == [{"category": "use_of_force", "evidence": text.split(". ", 1)[1]}]
    assert all(0.0 <= a["score"] <= 1.0 and a["possible"] is False for a in payload["allegations"])
    # The date stated in the allegation sentence is when the alleged conduct happened.
    assert payload["dates"] == [{"text": "March 2, 2024", "iso": "2024-03-02", "role": "incident"}]
    assert payload["parties"] == [
        {"role": "complainant", "name": "Ada Quinn", "rank": None, "badge": None},
        {"role": "subject_officer", "name": "Tom Reed", "rank": "Constable", "badge": "4411"},
    ]
    assert payload["police_service"] == "Peel Regional Police Service"
    assert payload["language"] == "en"
    json.dumps(payload)


def test_a_later_visit_in_an_allegation_sentence_keeps_its_own_date(pipelines: Pipelines) -> None:
    """The writer going back afterwards keeps its cue ("went back": other) even when the
    sentence complains; the incident is the date of the events complained of first."""
    text = (
        "On 2 March 2024 Constable Reed punched me in the face. On 9 March 2024 I went back "
        "to the detachment for a copy of the report and the clerk laughed at me and called me "
        "a liar."
    )
    facts = extract_facts(text, pipelines.for_language("en")(text), "en", "CA-ON")
    assert {a.category for a in facts.allegations if not a.possible} == {
        "use_of_force",
        "discourtesy",
    }
    assert [(d.iso, d.role) for d in facts.dates] == [
        ("2024-03-02", "incident"),
        ("2024-03-09", "other"),
    ]


def test_facts_to_json_flags_a_far_year_and_keeps_it_as_written(pipelines: Pipelines) -> None:
    text = "Incident date: 3 March 2999. Complaint received on 4 March 2024."
    facts = extract_facts(text, pipelines.for_language("en")(text), "en", "CA-ON")
    assert facts_to_json(facts)["dates"] == [
        {
            "text": "3 March 2999",
            "iso": "2999-03-03",
            "role": "incident",
            "flag": "implausible_year",
        },
        {"text": "4 March 2024", "iso": "2024-03-04", "role": "complaint_received"},
    ]


def test_french_document(pipelines: Pipelines) -> None:
    text = (
        "Je m'appelle Chloé Martin. Le 4 avril 2024, l'agent Marc Roy (matricule 2231) du "
        "Service de police de Laval m'a insultée devant mes enfants."
    )
    facts = extract_facts(text, pipelines.for_language("fr")(text), "fr", "CA-ON")
    assert [allegation.category for allegation in facts.allegations] == ["discourtesy"]
    assert [(mention.iso, mention.role) for mention in facts.dates] == [("2024-04-04", "incident")]
    assert facts.police_service == "Service de police de Laval"


def test_doc_must_come_from_the_same_text(pipelines: Pipelines) -> None:
    with pytest.raises(InvalidInput):
        extract_facts("one text", pipelines.for_language("en")("another"), "en", "CA-ON")


@pytest.mark.slow
def test_golden_dev_corpus_scores(pipelines: Pipelines, tmp_path: Path) -> None:
    assert DEV.exists(), "the shared dev corpus (../shared/corpus/dev) is part of the test setup"
    predictions: dict[str, Any] = {}
    for truth_path in sorted(DEV.glob("*.truth.json")):
        truth = json.loads(truth_path.read_text(encoding="utf-8"))
        path = DEV / truth["file"]
        if path.suffix not in (".txt", ".eml", ".pdf"):
            continue
        text = _read_text(path)
        if len(text.strip()) < 40:  # a scan: needs OCR (benchmarks/facts_bench.py does it)
            continue
        language = truth["language"]
        doc = pipelines.for_language(language)(text)
        facts = extract_facts(text, doc, language, truth["jurisdiction"])
        predictions[truth["doc_id"]] = facts_to_json(facts)
    assert len(predictions) >= 20
    pred_path = tmp_path / "pred.json"
    pred_path.write_text(json.dumps(predictions), encoding="utf-8")
    truth_dir = tmp_path / "truth"
    truth_dir.mkdir()
    # Score only the documents predicted here (the DOCX and scans are left to the benchmark).
    for doc_id in predictions:
        source = DEV / f"{doc_id}.truth.json"
        (truth_dir / source.name).write_text(source.read_text(encoding="utf-8"), encoding="utf-8")
    report = tmp_path / "report.json"
    subprocess.run(
        [
            sys.executable,
            str(SCORE),
            "extract",
            str(pred_path),
            str(truth_dir),
            "--json",
            str(report),
            "--quiet",
        ],
        check=True,
        capture_output=True,
    )
    scores = json.loads(report.read_text(encoding="utf-8"))
    assert scores["alleg_recall"] >= 0.90
    assert scores["alleg_precision"] >= 0.85
    assert scores["date_recall"] >= 0.90
