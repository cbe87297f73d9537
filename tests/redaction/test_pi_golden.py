"""Golden test: PI recall and precision over the shared dev corpus (text read simply).

Scanned PDFs are OCR'd with tesseract when it is installed. The thresholds are the figures
this detector really reaches on the dev corpus, rounded down.
"""

from __future__ import annotations

import pytest

from benchmarks.corpus_text import DEV_CORPUS, read_corpus
from benchmarks.pi_bench import Score, build_ours, score_document
from redaction.analyzer import Analyzer

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not DEV_CORPUS.is_dir(), reason="shared dev corpus not present"),
]


def test_recall_and_precision_on_dev_corpus(analyzer: Analyzer) -> None:
    run = build_ours(analyzer)
    score = Score()
    for doc in read_corpus():
        score_document(doc, run(doc.text, doc.language), score)
    assert score.recall() >= 0.98, score.missed
    for entity_type in score.total:
        assert score.recall(entity_type) >= 0.95, (entity_type, score.missed)
    assert score.precision() >= 0.95, score.false_examples
