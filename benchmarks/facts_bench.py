"""Fact extraction over the dev corpus: writes the PRED json, scores it with score.py, prints speed.

Usage: .venv/bin/python benchmarks/facts_bench.py [CORPUS_DIR] [--no-ocr] [--out PRED.json]
Text is obtained simply (not through the ingestion readers): .txt read, .eml via ``email``,
PDF via pypdfium2 (Tesseract for pages without a text layer), DOCX via python-docx.
"""

from __future__ import annotations

import argparse
import email
import email.policy
import json
import os
import re
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from extraction.facts import extract_facts, facts_to_json
from extraction.nlp import build_pipelines

SHARED = Path(os.environ.get("CASEDESK_SHARED", "/work/shared"))
SCORE = SHARED / "tools" / "score.py"
_FRENCH_WORDS = re.compile(r"\b(?:le|la|les|des|je|une|est|et|du|pour|avec|dans|que|sur)\b")
_ENGLISH_WORDS = re.compile(r"\b(?:the|and|of|to|was|is|for|with|my|that|on|in)\b")


def guess_language(text: str) -> str:
    """English or French by stop-word counts (the readers do this properly per page)."""
    lowered = text.lower()
    return (
        "fr" if len(_FRENCH_WORDS.findall(lowered)) > len(_ENGLISH_WORDS.findall(lowered)) else "en"
    )


def ocr_pdf(path: Path) -> str:
    """Render each page at 300 dpi and run the tesseract CLI (eng+fra) on it."""
    import pypdfium2 as pdfium

    texts: list[str] = []
    pdf = pdfium.PdfDocument(str(path))
    with tempfile.TemporaryDirectory() as folder:
        for index in range(len(pdf)):
            image = pdf[index].render(scale=300 / 72, grayscale=True).to_pil()
            png = Path(folder) / f"page-{index}.png"
            image.save(png)
            result = subprocess.run(
                ["tesseract", str(png), "-", "-l", "eng+fra"],
                capture_output=True,
                timeout=120,
                check=True,
                env={**os.environ, "OMP_THREAD_LIMIT": "1"},
            )
            texts.append(result.stdout.decode("utf-8", "replace"))
    return "\n\f\n".join(texts)


def read_text(path: Path, *, ocr: bool = True) -> tuple[str, str]:
    """(text, source) where source is "text" or "ocr"."""
    suffix = path.suffix.lower()
    if suffix == ".txt":
        return path.read_text(encoding="utf-8"), "text"
    if suffix == ".eml":
        message = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
        headers = "\n".join(f"{key}: {value}" for key, value in message.items())
        body = message.get_body(preferencelist=("plain", "html"))
        content = body.get_content() if body is not None else ""
        return f"{headers}\n\n{content}", "text"
    if suffix == ".pdf":
        import pypdfium2 as pdfium

        pdf = pdfium.PdfDocument(str(path))
        text = "\n\f\n".join(page.get_textpage().get_text_range() for page in pdf)
        if len(text.strip()) < 40 and ocr:
            return ocr_pdf(path), "ocr"
        return text, "text"
    if suffix == ".docx":
        import docx

        document = docx.Document(str(path))
        lines = [paragraph.text for paragraph in document.paragraphs]
        for table in document.tables:
            for row in table.rows:
                lines.extend(cell.text for cell in row.cells)
        return "\n".join(lines), "text"
    raise ValueError(f"unsupported file {path.name}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("corpus", nargs="?", default=str(SHARED / "corpus" / "dev"))
    parser.add_argument("--out", default=str(Path(tempfile.gettempdir()) / "facts_pred.json"))
    parser.add_argument("--no-ocr", action="store_true")
    args = parser.parse_args(argv)
    corpus = Path(args.corpus)
    started = time.perf_counter()
    pipelines = build_pipelines()
    load_seconds = time.perf_counter() - started
    predictions: dict[str, Any] = {}
    timings = {"text": 0.0, "ocr": 0.0, "facts": 0.0}
    counted = 0
    for path in sorted(corpus.iterdir()):
        if path.name.endswith(".json") or path.name.startswith("."):
            continue
        truth_path = path.with_name(f"{path.stem}.truth.json")
        jurisdiction = "CA-ON"
        if truth_path.exists():
            # The case's jurisdiction is case metadata (not an extraction answer).
            jurisdiction = json.loads(truth_path.read_text(encoding="utf-8"))["jurisdiction"]
        began = time.perf_counter()
        text, source = read_text(path, ocr=not args.no_ocr)
        timings["ocr" if source == "ocr" else "text"] += time.perf_counter() - began
        if not text.strip():
            continue
        began = time.perf_counter()
        language = guess_language(text)
        doc = pipelines.for_language(language)(text)
        facts = extract_facts(text, doc, language, jurisdiction)
        timings["facts"] += time.perf_counter() - began
        predictions[path.stem] = facts_to_json(facts)
        counted += 1
    Path(args.out).write_text(json.dumps(predictions, ensure_ascii=False, indent=1), "utf-8")
    result = subprocess.run(
        [sys.executable, str(SCORE), "extract", args.out, str(corpus)],
        capture_output=True,
        text=True,
        check=True,
    )
    print(result.stdout.strip())
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(f"documents={counted} model_load_s={load_seconds:.2f}")
    print(
        f"facts_s={timings['facts']:.2f} ({counted / timings['facts']:.1f} docs/s, spaCy parse "
        f"included) text_s={timings['text']:.2f} ocr_s={timings['ocr']:.2f}"
    )
    print(f"peak_rss_mib={peak_kib / 1024:.0f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
