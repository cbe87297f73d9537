"""`casedesk extract FILE_OR_DIR... --json`: allegations, dates, parties and the police service.

Works on files alone (no database, no server) with the same library code as the worker:
each file's text is read in limited child processes (a PDF a range of pages at a time), its
e-mail attachments too, and parsed a window of pages at a time; the spaCy models are loaded
once for the whole run.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from casedesk.inputs import UsageError, collect_inputs, file_error
from core.settings import Settings
from core.vocab import JURISDICTIONS
from extraction.document import Document
from extraction.facts import facts_for_pages, facts_to_json
from extraction.nlp import Pipelines, build_pipelines
from extraction.reader import read_text_isolated


def add_extract_parser(sub: Any) -> None:
    parser = sub.add_parser("extract", help="extract allegations, dates and parties from files")
    parser.add_argument("inputs", nargs="+", metavar="FILE_OR_DIR")
    parser.add_argument("--json", action="store_true", help="print one JSON object on stdout")
    parser.add_argument("--jurisdiction", choices=JURISDICTIONS, default=None)
    parser.add_argument("--lang", choices=["auto", "en", "fr"], default="auto")
    parser.set_defaults(func=run_extract)


def _pages_with_attachments(document: Document, warnings: list[str]) -> list[str]:
    """The text of each page of the document, then of each page of each attachment (each
    read in its own child)."""
    pages = [page.text for page in document.pages]
    for attachment in document.attachments:
        try:
            child = read_text_isolated(attachment.content, filename=attachment.filename)
        except Exception as exc:  # noqa: BLE001 - one attachment's failure is a warning
            code, message = file_error(Path(attachment.filename), exc)
            warnings.append(f"attachment {attachment.filename!r}: {code}: {message}")
            continue
        pages.extend(_pages_with_attachments(child, warnings))
    return [text for text in pages if text.strip()]


def extract_file(path: Path, pipelines: Pipelines, jurisdiction: str, lang: str) -> dict[str, Any]:
    """One file's facts. Only its text is read (a PDF a range of pages at a time) and it is
    parsed a window of pages at a time, so a big file is never held whole."""
    document = read_text_isolated(path.read_bytes(), filename=path.name)
    warnings: list[str] = []
    pages = _pages_with_attachments(document, warnings)
    language = document.language if lang == "auto" else lang
    result = facts_to_json(facts_for_pages(pages, language, jurisdiction, pipelines))
    if warnings:
        result["warnings"] = warnings
    return result


def run_extract(settings: Settings, args: argparse.Namespace) -> int:
    try:
        files = collect_inputs(args.inputs)
    except UsageError as exc:
        print(f"casedesk extract: {exc}", file=sys.stderr)
        return 2
    jurisdiction = args.jurisdiction or settings.default_jurisdiction
    print(f"loading language models for {len(files)} file(s)...", file=sys.stderr)
    pipelines = build_pipelines()
    results: dict[str, Any] = {}
    failed = 0
    for index, path in enumerate(files, start=1):
        print(f"[{index}/{len(files)}] {path.name}", file=sys.stderr)
        try:
            results[path.stem] = extract_file(path, pipelines, jurisdiction, args.lang)
        except Exception as exc:  # noqa: BLE001 - one line per bad file; the batch goes on
            failed += 1
            code, message = file_error(path, exc)
            results[path.stem] = {"error": {"code": code, "message": message}}
            print(f"{path}: {code}: {message}", file=sys.stderr)
    if args.json:
        json.dump(results, sys.stdout, ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
    else:
        for stem, result in results.items():
            _print_summary(stem, result)
    return 1 if failed else 0


def _print_summary(stem: str, result: dict[str, Any]) -> None:
    if "error" in result:
        print(f"{stem}: FAILED {result['error']['code']}: {result['error']['message']}")
        return
    print(f"{stem} ({result['language']}, {result.get('police_service') or 'service unknown'})")
    for allegation in result["allegations"]:
        print(f"  allegation  {allegation['category']:<30} {allegation['evidence'][:80]}")
    for date in result["dates"]:
        print(f"  date        {date['iso']}  {date['role']:<20} {date['text']}")
