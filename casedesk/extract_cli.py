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
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

from casedesk.inputs import DocxConverter, ReadAhead, UsageError, collect_inputs, file_error
from core.settings import Settings
from extraction.document import Document
from extraction.nlp import Pipelines, build_pipelines
from extraction.reader import read_text_isolated


def _read_text(data: bytes, filename: str, converter: DocxConverter | None = None) -> Document:
    convert = converter.for_data(data) if converter is not None else None
    return read_text_isolated(data, filename=filename, convert=convert)


def read_file(path: Path, converter: DocxConverter | None = None) -> Document:
    """One input's text (its attachments are read with its pages, in ``extract_file``)."""
    return _read_text(path.read_bytes(), path.name, converter)


def _pages_with_attachments(
    document: Document, warnings: list[str], converter: DocxConverter | None = None
) -> list[str]:
    """The text of each page of the document, then of each page of each attachment (each
    read in its own child)."""
    pages = [page.text for page in document.pages]
    for attachment in document.attachments:
        try:
            child = _read_text(attachment.content, attachment.filename, converter)
        except Exception as exc:  # noqa: BLE001 - one attachment's failure is a warning
            code, message = file_error(Path(attachment.filename), exc)
            warnings.append(f"attachment {attachment.filename!r}: {code}: {message}")
            continue
        pages.extend(_pages_with_attachments(child, warnings, converter))
    return [text for text in pages if text.strip()]


def extract_file(
    path: Path,
    pipelines: Pipelines,
    jurisdiction: str,
    lang: str,
    read: Callable[[], Document] | None = None,
    converter: DocxConverter | None = None,
) -> dict[str, Any]:
    """One file's facts. Only its text is read (a PDF a range of pages at a time) and it is
    parsed a window of pages at a time, so a big file is never held whole. ``read`` gives the
    document already read (the read-ahead's result)."""
    # Imported here: it loads spaCy, and the first file is read while that happens.
    from extraction.facts import facts_for_pages, facts_to_json

    document = read() if read is not None else read_file(path, converter)
    warnings: list[str] = []
    pages = _pages_with_attachments(document, warnings, converter)
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
    results: dict[str, Any] = {}
    failed = 0
    converter = DocxConverter(settings)
    # The first file is read while the models load, each next one while the one before is
    # parsed; a DOCX is converted by one LibreOffice for the run.
    with ReadAhead(files, partial(read_file, converter=converter)) as reads:
        try:
            pipelines = build_pipelines()
            for index, (path, read) in enumerate(reads, start=1):
                print(f"[{index}/{len(files)}] {path.name}", file=sys.stderr)
                try:
                    results[path.stem] = extract_file(
                        path, pipelines, jurisdiction, args.lang, read, converter
                    )
                except Exception as exc:  # noqa: BLE001 - one line per bad file; batch goes on
                    failed += 1
                    code, message = file_error(path, exc)
                    results[path.stem] = {"error": {"code": code, "message": message}}
                    print(f"{path}: {code}: {message}", file=sys.stderr)
        finally:
            converter.close()
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
