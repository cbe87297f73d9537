"""`casedesk redact FILE_OR_DIR... --out DIR`: fully automatic, leak-checked redaction.

Works on files alone (no database, no server). For each input it writes exactly
``DIR/<stem>.redacted.pdf`` (an e-mail's attachments follow its message) and
``DIR/<stem>.redactions.json``; an input whose output fails the release gate writes nothing.
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import json
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from casedesk.inputs import DocxConverter, ReadAhead, UsageError, collect_inputs, file_error
from core.errors import AppError
from core.files import write_atomic
from core.settings import Settings
from extraction.document import Document
from extraction.nlp import Pipelines, build_pipelines
from extraction.reader import read_document_isolated

if TYPE_CHECKING:
    from redaction.analyzer import Analyzer
    from redaction.auto import AutoResult
    from redaction.policy import Policy
    from redaction.text_analysis import WindowMap

# The redaction modules load spaCy and Presidio (over a second): they are imported once the
# first file is being read, so reading and importing overlap.


def read_parts(
    data: bytes, filename: str, notes: list[str], converter: DocxConverter | None = None
) -> list[Document]:
    """The document followed by its attachments (depth first), each read in its own child
    (a DOCX converted by ``converter``'s LibreOffice, when given)."""
    convert = converter.for_data(data) if converter is not None else None
    document = read_document_isolated(data, filename=filename, convert=convert)
    parts = [document]
    for attachment in document.attachments:
        try:
            parts.extend(read_parts(attachment.content, attachment.filename, notes, converter))
        except Exception as exc:  # noqa: BLE001 - left out, so never disclosed: the log says so
            code, message = file_error(Path(attachment.filename), exc)
            notes.append(f"attachment {attachment.filename!r} left out: {code}: {message}")
    return parts


def redactions_json(
    path: Path, data: bytes, result: AutoResult, policy: Policy, jurisdiction: str, notes: list[str]
) -> dict[str, Any]:
    return {
        "source": path.name,
        "sha256": hashlib.sha256(data).hexdigest(),
        "pages": result.pages,
        "policy": policy.name,
        "jurisdiction": jurisdiction,
        "boxes": [
            {
                "page": box.page,
                "rect": list(box.rect),
                "entity_type": box.entity_type,
                "exemption_code": box.exemption_code,
                "label": box.label,
                "recognizer": box.recognizer,
                "score": box.score,
                "text_hmac": box.text_hmac,
            }
            for box in result.boxes
        ],
        "log": [
            {"page": entry.page, "actions": list(entry.actions), "notes": list(entry.notes)}
            for entry in result.log
            if entry.notes or "page_rasterised" in entry.actions
        ],
        "notes": notes,
    }


@dataclass(frozen=True, slots=True)
class ReadInput:
    """One input as read (possibly ahead, while the previous one was redacted)."""

    data: bytes
    parts: list[Document]
    notes: list[str]


def read_input(path: Path, converter: DocxConverter | None = None) -> ReadInput:
    data = path.read_bytes()
    notes: list[str] = []
    return ReadInput(data, read_parts(data, path.name, notes, converter), notes)


def redact_file(
    path: Path,
    out_dir: Path,
    *,
    analyzer: Analyzer,
    pipelines: Pipelines,
    policy: Policy,
    jurisdiction: str,
    language: str | None,
    secret: bytes,
    run: WindowMap | None = None,
    read: Callable[[], ReadInput] | None = None,
) -> AutoResult:
    """Redact one input; ``read`` gives it already read (the read-ahead's result), and the
    "read" seconds are then only the wait for it."""
    from redaction.auto import detect, redact
    from redaction.verify import require_clean

    started = time.perf_counter()
    given = read() if read is not None else read_input(path)
    data, parts, notes = given.data, given.parts, given.notes
    detecting = time.perf_counter()
    findings = detect(
        parts,
        analyzer=analyzer,
        pipelines=pipelines,
        policy=policy,
        jurisdiction=jurisdiction,
        language=language,
        run=run,
    )
    read_seconds, detect_seconds = detecting - started, time.perf_counter() - detecting
    result = redact(parts, findings, secret=secret)
    result = replace(
        result, seconds=(("read", read_seconds), ("detect", detect_seconds), *result.seconds)
    )
    require_clean(result.report)  # nothing is written for an output that leaks
    write_atomic(out_dir / f"{path.stem}.redacted.pdf", result.pdf)
    record = redactions_json(path, data, result, policy, jurisdiction, notes)
    write_atomic(
        out_dir / f"{path.stem}.redactions.json",
        json.dumps(record, indent=1, ensure_ascii=False).encode("utf-8"),
    )
    return result


def run_redact(settings: Settings, args: argparse.Namespace) -> int:
    try:
        files = collect_inputs(args.inputs)
    except UsageError as exc:
        print(f"casedesk redact: {exc}", file=sys.stderr)
        return 2
    out_dir = Path(args.out)
    out_dir.mkdir(parents=True, exist_ok=True)
    jurisdiction = args.jurisdiction or settings.default_jurisdiction
    language = None if args.lang == "auto" else args.lang
    print(f"loading language models for {len(files)} file(s)...", file=sys.stderr)
    converter = DocxConverter(settings)
    # The first file is read (in its own child) while the libraries and models load; each
    # next one while the one before is detected, removed and checked.
    with ReadAhead(files, partial(read_input, converter=converter)) as reads:
        try:
            from redaction.analyzer import build_analyzer
            from redaction.policy import load_policy
            from redaction.pool import RecognitionPool, usable_cores

            try:
                policy = load_policy(args.policy)
            except AppError as exc:
                print(f"casedesk redact: {exc}", file=sys.stderr)
                return 2
            pipelines = build_pipelines()
            analyzer = build_analyzer(pipelines)
            secret = settings.secret_key.encode("utf-8")
            processes = settings.detect_processes or usable_cores()
            reads.settle()  # no fork while the reading thread may be importing
            pool = RecognitionPool(pipelines, analyzer, processes) if processes > 1 else None
            ahead = iter(reads)

            def redact_next(path: Path) -> AutoResult:
                read_path, result = next(ahead)
                assert read_path == path
                return redact_file(
                    path,
                    out_dir,
                    analyzer=analyzer,
                    pipelines=pipelines,
                    policy=policy,
                    jurisdiction=jurisdiction,
                    language=language,
                    secret=secret,
                    run=pool.map if pool else None,
                    read=result,
                )

            with pool or contextlib.nullcontext():
                return _redact_all(files, redact_next)
        finally:
            converter.close()


def _redact_all(files: list[Path], redact_one: Callable[[Path], AutoResult]) -> int:
    """Each file in turn, with a progress line; a refused or leaking file does not stop the rest."""
    failed = 0
    started = time.perf_counter()
    total_pages = 0
    for index, path in enumerate(files, start=1):
        try:
            result = redact_one(path)
        except Exception as exc:  # noqa: BLE001 - LeakDetected included: nothing was written
            failed += 1
            code, message = file_error(path, exc)
            print(f"{path}: {code}: {message}", file=sys.stderr)
            continue
        total_pages += result.pages
        print(
            f"[{index}/{len(files)}] {path.name}: {result.pages} page(s), "
            f"{len(result.boxes)} box(es), release gate passed",
            file=sys.stderr,
        )
        print(
            "  seconds: " + ", ".join(f"{stage} {value:.2f}" for stage, value in result.seconds),
            file=sys.stderr,
        )
    elapsed = time.perf_counter() - started
    print(
        f"done: {len(files) - failed} of {len(files)} redacted, {total_pages} pages "
        f"in {elapsed:.1f} s",
        file=sys.stderr,
    )
    return 1 if failed else 0
