"""Fully automatic redaction of one input (a document and its attachments): detect, apply the
policy, remove for real, sanitise, merge, and run the release gate on the result.

Used by `casedesk redact` (every proposal accepted) and by the worker. Pure: parsed documents
and loaded engines in, bytes and records out.
"""

from __future__ import annotations

import hashlib
import hmac
import io
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

import pikepdf

from extraction.document import Document
from extraction.nlp import Pipelines
from redaction.analyzer import Analyzer, find_pi, parse_text
from redaction.apply import BoxLogEntry, RedactionBox, apply_redactions
from redaction.consistency import find_case_mentions
from redaction.findings import PiFinding
from redaction.policy import Policy, Requester, apply_policy
from redaction.sanitize import sanitize_pdf
from redaction.verify import GateReport, normalise, verify_output


@dataclass(frozen=True, slots=True)
class BoxRecord:
    """One drawn box of the output, as ``<stem>.redactions.json`` lists it (never the text)."""

    page: int  # 1-based page of the output PDF
    rect: tuple[float, float, float, float]  # PDF points of the output page, origin bottom-left
    entity_type: str
    exemption_code: str
    label: str | None
    recognizer: str
    score: float
    text_hmac: str


@dataclass(frozen=True, slots=True)
class AutoResult:
    pdf: bytes
    pages: int
    boxes: tuple[BoxRecord, ...]
    log: tuple[BoxLogEntry, ...]
    report: GateReport
    findings: tuple[tuple[PiFinding, ...], ...]  # per part, after policy


def text_hmac(secret: bytes, text: str) -> str:
    """HMAC-SHA256 of the normalised text: lets a log be matched without holding the value."""
    return hmac.new(secret, normalise(text).encode("utf-8"), hashlib.sha256).hexdigest()


def detect(
    parts: Sequence[Document],
    *,
    analyzer: Analyzer,
    pipelines: Pipelines,
    policy: Policy,
    jurisdiction: str,
    language: str | None = None,
    requester: Requester | None = None,
) -> list[list[PiFinding]]:
    """PI findings per part: our recognizers, then every mention of a person identified in any
    part (case-level consistency), then the policy's choice and exemption codes."""
    texts: dict[str, str] = {}
    raw: dict[str, list[PiFinding]] = {}
    for index, part in enumerate(parts):
        key = str(index)
        text = part.text
        lang = language or part.language
        doc = parse_text(pipelines, text, lang, ner_only=True)  # no facts needed here
        texts[key] = text
        raw[key] = find_pi(text, doc, lang, analyzer=analyzer)
    widened = find_case_mentions(texts, raw, labels=policy.labels)
    widened = _every_occurrence(texts, widened)
    return [
        apply_policy(
            texts[str(index)],
            widened[str(index)],
            policy=policy,
            jurisdiction=jurisdiction,
            requester=requester,
        )
        for index in range(len(parts))
    ]


def _value_pattern(value: str) -> re.Pattern[str]:
    """The value with any run of whitespace allowed between its words, not inside a word."""
    words = [re.escape(word) for word in value.split()]
    return re.compile(r"(?<!\w)" + r"\s+".join(words) + r"(?!\w)", re.IGNORECASE)


def _every_occurrence(
    texts: dict[str, str], findings: dict[str, list[PiFinding]]
) -> dict[str, list[PiFinding]]:
    """A value found once is withheld everywhere it is written, in every part: the release
    gate searches for every occurrence, so a second, unrecognised one (a badge number in a
    table, a phone number in a signature) must be covered too."""
    values: dict[str, PiFinding] = {}
    for part_findings in findings.values():
        for finding in part_findings:
            value = finding.text.strip()
            if len(value) >= 3 and any(ch.isalnum() for ch in value):
                values.setdefault(value.casefold(), finding)
    result: dict[str, list[PiFinding]] = {}
    for key, text in texts.items():
        existing = list(findings.get(key, ()))
        covered = [(f.start, f.end) for f in existing]
        for template in values.values():
            for match in _value_pattern(template.text.strip()).finditer(text):
                if any(start <= match.start() and match.end() <= end for start, end in covered):
                    continue
                existing.append(
                    replace(
                        template,
                        start=match.start(),
                        end=match.end(),
                        text=match.group(0),
                        recognizer=f"{template.recognizer}+same_value",
                    )
                )
                covered.append((match.start(), match.end()))
        result[key] = sorted(existing, key=lambda f: (f.start, f.end))
    return result


def _page_count(pdf: bytes) -> int:
    with pikepdf.open(io.BytesIO(pdf)) as document:
        return len(document.pages)


def _merge(pdfs: Sequence[bytes]) -> bytes:
    """One fresh PDF of the parts in order (no metadata, no outline, one revision)."""
    if len(pdfs) == 1:
        return pdfs[0]
    merged = pikepdf.new()
    sources = [pikepdf.open(io.BytesIO(data)) for data in pdfs]
    try:
        for source in sources:
            merged.pages.extend(source.pages)
        out = io.BytesIO()
        merged.save(out, fix_metadata_version=False, deterministic_id=True)
        return out.getvalue()
    finally:
        for source in sources:
            source.close()
        merged.close()


def redact(
    parts: Sequence[Document],
    findings: Sequence[Sequence[PiFinding]],
    *,
    secret: bytes,
) -> AutoResult:
    """Remove every finding from its part for real, merge the parts and run the release gate."""
    outputs: list[bytes] = []
    records: list[BoxRecord] = []
    log: list[BoxLogEntry] = []
    strings: dict[tuple[str, str], None] = {}
    page_offset = 0
    for part, part_findings in zip(parts, findings, strict=True):
        boxes: list[RedactionBox] = []
        for finding in part_findings:
            code = finding.exemption_code or ""
            for page, box in finding.boxes(part):
                boxes.append(
                    RedactionBox(page=page, box=box, exemption_code=code, label=finding.label)
                )
                records.append(
                    BoxRecord(
                        page=page + page_offset,
                        rect=(
                            round(box.x0, 2),
                            round(box.y0, 2),
                            round(box.x1, 2),
                            round(box.y1, 2),
                        ),
                        entity_type=finding.entity_type,
                        exemption_code=code,
                        label=finding.label,
                        recognizer=finding.recognizer,
                        score=round(finding.score, 3),
                        text_hmac=text_hmac(secret, finding.text),
                    )
                )
            if finding.text.strip():
                strings[(finding.text, finding.entity_type)] = None
        applied = apply_redactions(part.pdf, boxes)
        log.extend(applied.log)
        output = sanitize_pdf(applied.pdf, [f.text for f in part_findings if f.text.strip()])
        outputs.append(output)
        page_offset += _page_count(output)
    merged = _merge(outputs)
    report = verify_output(merged, list(strings))
    return AutoResult(
        pdf=merged,
        pages=page_offset,
        boxes=tuple(records),
        log=tuple(log),
        report=report,
        findings=tuple(tuple(f) for f in findings),
    )
