"""Fully automatic redaction of one input (a document and its attachments): detect, apply the
policy, remove for real, sanitise, merge, and run the release gate on the result.

Used by `casedesk redact` (every proposal accepted) and by the worker. Pure: parsed documents
and loaded engines in, bytes and records out.
"""

from __future__ import annotations

import hashlib
import hmac
import importlib
import io
import re
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

import ahocorasick
import pikepdf

from extraction.document import Box, Document, Page
from extraction.nlp import Pipelines
from extraction.readers.pdf import read_pdf
from redaction.analyzer import Analyzer
from redaction.apply import BoxLogEntry, RedactionBox, apply_redactions
from redaction.consistency import find_case_mentions
from redaction.findings import PiFinding
from redaction.policy import Policy, Requester, apply_policy
from redaction.raster import Word, page_ops
from redaction.sanitize import sanitize_pdf
from redaction.text_analysis import WindowMap, analyse_text
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
    # Wall seconds per stage (apply, sanitise, verify; callers may add read and detect), so a
    # slow run can be told apart without a profiler.
    seconds: tuple[tuple[str, float], ...] = ()


def text_hmac(secret: bytes, text: str) -> str:
    """HMAC-SHA256 of the normalised text: lets a log be matched without holding the value."""
    return hmac.new(secret, normalise(text).encode("utf-8"), hashlib.sha256).hexdigest()


# Marks OCR scatters between the parts of a value ("2613: Westhaven Dr.", "(403) 959- -3569").
_OCR_NOISE = str.maketrans({ch: " " for ch in ":;|‘’»«¦_~^`"})


def ocr_cleaned(text: str) -> str:
    """The text with OCR's stray punctuation turned into spaces, same length and offsets, so
    the recognizers see "2613 Westhaven Dr." while boxes and the log keep what OCR read."""
    cleaned = text.translate(_OCR_NOISE)
    # "959- -3569": a hyphen left alone between digit groups is noise too; so is a full stop
    # after a civic number ("260. Cobblestone Ave.") or glued to an initial ("Cst.-H. Cheung").
    cleaned = re.sub(r"(?<=\d)([ -]{2,3})(?=\d)", lambda m: " " * len(m.group(1)), cleaned)
    cleaned = re.sub(r"(?<![\d.])(\d{1,5})\.(?=[ \t]+[A-Z][a-z])", r"\1 ", cleaned)
    return re.sub(r"(?<=[A-Za-z]\.)-(?=[A-Z]\.)", " ", cleaned)


def detect(
    parts: Sequence[Document],
    *,
    analyzer: Analyzer,
    pipelines: Pipelines,
    policy: Policy,
    jurisdiction: str,
    language: str | None = None,
    requester: Requester | None = None,
    run: WindowMap | None = None,
) -> list[list[PiFinding]]:
    """PI findings per part: our recognizers (a window of pages at a time, mapped by ``run``
    when given), then every mention of a person identified in any part (case-level
    consistency), then the policy's choice and exemption codes."""
    texts: dict[str, str] = {}
    raw: dict[str, list[PiFinding]] = {}
    for index, part in enumerate(parts):
        key = str(index)
        text = part.text
        texts[key] = text
        raw[key] = analyse_text(
            text,
            page_texts=[page.text for page in part.pages],
            language=language or part.language,
            pipelines=pipelines,
            analyzer=analyzer,
            allegations=False,  # no facts needed here
            seen=ocr_cleaned(text) if any(p.source != "text" for p in part.pages) else None,
            run=run,
        ).pi
    widened = find_case_mentions(texts, raw, labels=policy.labels)
    widened = every_occurrence(texts, widened)
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


def _value_pattern(value: str, entity_type: str) -> re.Pattern[str]:
    """Where ``value`` is written again. A name counts wherever its words stand between
    non-letters, even glued to digits or underscores ("callum_ mackenzie65@..." in OCR'd
    e-mail); an identifier needs word boundaries and may only be split by white space."""
    words = [re.escape(word) for word in value.split()]
    if entity_type == "PERSON":
        return re.compile(r"(?<![^\W\d_])" + r"[\W_]+".join(words) + r"(?![^\W\d_])", re.IGNORECASE)
    return re.compile(r"(?<!\w)" + r"\s+".join(words) + r"(?!\w)", re.IGNORECASE)


class _Cover:
    """Spans seen so far, answering "does one of them contain this span?" in O(log n).

    A Fenwick tree over start offsets holding the furthest end of any span starting at or
    before each offset: a span [s, e) is contained when that maximum at ``s`` reaches ``e``.
    (A list scan made ``every_occurrence`` quadratic in the findings of a big document.)
    """

    def __init__(self, size: int) -> None:
        self._ends = [-1] * (size + 2)

    def add(self, start: int, end: int) -> None:
        i = start + 1
        ends = self._ends
        while i < len(ends):
            if ends[i] < end:
                ends[i] = end
            i += i & -i

    def contains(self, start: int, end: int) -> bool:
        i = min(start + 1, len(self._ends) - 1)
        ends = self._ends
        while i > 0:
            if ends[i] >= end:
                return True
            i -= i & -i
        return False


# re's own table of characters IGNORECASE equates beyond their simple lower case ("s" and
# "ſ", "k" and the Kelvin sign): the fold below must put them together too.
_EXTRA_CASES: Mapping[int, tuple[int, ...]] = getattr(
    importlib.import_module("re._casefix"), "_EXTRA_CASES", {}
)
_FOLDED: dict[int, int] = {}  # characters whose fold differs from themselves
_FOLD_SEEN: set[str] = set()


def _fold_char(ch: str) -> str:
    """The character as re.IGNORECASE compares it: its simple lower case (one character, as
    sre's ``unicode_tolower``; "İ" is "i"), then the smallest of re's extra equivalents."""
    low = "i" if ch == "\u0130" else ch.lower()
    if len(low) != 1:
        low = ch
    return chr(min((ord(low), *_EXTRA_CASES.get(ord(low), ()))))


def case_fold(text: str) -> str:
    """``text`` folded character by character, same length and offsets: two characters
    re.IGNORECASE matches to each other fold to the same one, so an exact search of folded
    text finds (at least) every place a case-insensitive pattern can start."""
    for ch in set(text) - _FOLD_SEEN:
        _FOLD_SEEN.add(ch)
        folded = _fold_char(ch)
        if folded != ch:
            _FOLDED[ord(ch)] = ord(folded)
    return text.translate(_FOLDED)


class ValueFinder:
    """Every occurrence of many values (``_value_pattern``'s rules) in one pass over a text.

    One Aho-Corasick automaton of each value's first word (case-folded) proposes where a value
    may start; the value's own pattern decides there. Searching each value's pattern over the
    whole text separately cost a pass per value: about 47 ms a page of a big document. The
    result is what ``pattern.finditer`` gives for each value, in the values' order.
    """

    def __init__(self, values: Sequence[tuple[str, str]]) -> None:
        self._patterns: list[re.Pattern[str] | None] = []
        self._automaton = ahocorasick.Automaton()
        firsts: dict[str, list[int]] = {}
        for index, (value, entity_type) in enumerate(values):
            words = value.split()
            if not words:
                self._patterns.append(None)  # nothing to search for
                continue
            self._patterns.append(_value_pattern(value, entity_type))
            firsts.setdefault(case_fold(words[0]), []).append(index)
        for word, indices in firsts.items():
            self._automaton.add_word(word, (len(word), tuple(indices)))
        if firsts:
            self._automaton.make_automaton()
        self._empty = not firsts

    def matches(self, text: str) -> list[list[re.Match[str]]]:
        """For each value, its matches in ``text`` left to right, not overlapping."""
        starts: list[list[int]] = [[] for _ in self._patterns]
        if not self._empty:
            for end, (length, indices) in self._automaton.iter(case_fold(text)):
                for index in indices:
                    starts[index].append(end - length + 1)
        found: list[list[re.Match[str]]] = []
        for pattern, positions in zip(self._patterns, starts, strict=True):
            matches: list[re.Match[str]] = []
            reach = 0
            for start in positions:
                if start < reach or pattern is None:
                    continue
                match = pattern.match(text, start)
                if match is not None:
                    matches.append(match)
                    reach = match.end()
            found.append(matches)
        return found


def every_occurrence(
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
    templates = list(values.values())
    finder = ValueFinder([(t.text.strip(), t.entity_type) for t in templates])
    result: dict[str, list[PiFinding]] = {}
    for key, text in texts.items():
        existing = list(findings.get(key, ()))
        cover = _Cover(len(text))
        for f in existing:
            cover.add(f.start, f.end)
        for template, matches in zip(templates, finder.matches(text), strict=True):
            for match in matches:
                if cover.contains(match.start(), match.end()):
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
                cover.add(match.start(), match.end())
        result[key] = sorted(existing, key=lambda f: (f.start, f.end))
    return result


_OCR_FONT = pikepdf.Name("/CdOcr")


# Share of a character's width and height a redaction box must cover to withhold its word.
_COVER_SHARE = 0.25


def _under(char: Box, box: Box) -> bool:
    """Does ``box`` cover a real part of ``char``? OCR word boxes of adjacent lines overlap by a
    sliver (ascenders, descenders, a skewed scan): that sliver does not hide a word."""
    width = min(char.x1, box.x1) - max(char.x0, box.x0)
    height = min(char.y1, box.y1) - max(char.y0, box.y0)
    wide = width > _COVER_SHARE * (char.x1 - char.x0)
    return wide and height > _COVER_SHARE * (char.y1 - char.y0)


def _kept_words(page: Page, covered: Sequence[Box]) -> list[Word]:
    """The page's OCR words (with their boxes) as far as no redaction box covers them: what
    the burned-in image still shows. A word glued to a redacted value by OCR ("7N6.-Please")
    keeps its visible part ("-Please"); the redacted characters are never written."""
    words: list[Word] = []
    for match in re.finditer(r"\S+", page.text):
        chars = [
            (ch, b)
            for ch, b in zip(
                match.group(0), page.char_boxes[match.start() : match.end()], strict=False
            )
            if b is not None
        ]
        if not chars:
            continue
        box = chars[0][1]
        for _, other in chars[1:]:
            box = box.union(other)
        nearby = [c for c in covered if box.intersects(c)]
        if not nearby:
            words.append(Word(match.group(0), box))
            continue
        run: list[tuple[str, Box]] = []
        for ch, char in [*chars, ("", None)]:
            if char is not None and not any(_under(char, c) for c in nearby):
                run.append((ch, char))
                continue
            if any(c.isalnum() for c, _ in run):
                piece = run[0][1]
                for _, other in run[1:]:
                    piece = piece.union(other)
                words.append(Word("".join(c for c, _ in run), piece))
            run = []
    return words


def add_ocr_text_layer(pdf: bytes, words_by_page: dict[int, list[Word]]) -> bytes:
    """Scanned pages stay searchable: the kept OCR words as invisible (3 Tr) text at their
    places. Redacted words are never written, so the layer cannot leak them."""
    if not any(words_by_page.values()):
        return pdf
    with pikepdf.open(io.BytesIO(pdf)) as document:
        font = document.make_indirect(
            pikepdf.Dictionary(
                Type=pikepdf.Name.Font,
                Subtype=pikepdf.Name.Type1,
                BaseFont=pikepdf.Name.Helvetica,
                Encoding=pikepdf.Name.WinAnsiEncoding,
            )
        )
        for number, words in words_by_page.items():
            if not words:
                continue
            page = document.pages[number - 1]
            resources = page.obj.get(pikepdf.Name.Resources)
            if not isinstance(resources, pikepdf.Dictionary):
                page.obj.Resources = pikepdf.Dictionary()
                resources = page.obj.Resources
            fonts = resources.get(pikepdf.Name.Font)
            if not isinstance(fonts, pikepdf.Dictionary):
                resources.Font = pikepdf.Dictionary()
                fonts = resources.Font
            fonts[_OCR_FONT] = font
            ops = [
                op
                for op in page_ops(pikepdf.Name("/CdNone"), Box(0, 0, 0, 0), words, _OCR_FONT)
                if str(op[1]) not in ("cm", "Do")
            ]
            page.contents_add(document.make_stream(pikepdf.unparse_content_stream(ops)))
        out = io.BytesIO()
        document.save(out, deterministic_id=True)
        return out.getvalue()


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


def text_left(report: GateReport) -> bool:
    """The gate failed only because withheld text is still readable (not for structure)."""
    return not report.passed and all(
        f.kind in ("text", "invisible_text", "white_text") for f in report.findings
    )


@dataclass(frozen=True, slots=True)
class LeftOverRemoval:
    """What the second pass did: the new PDF and each box it added, with the value's key."""

    pdf: bytes
    boxes: tuple[tuple[RedactionBox, tuple[str, str]], ...]
    log: tuple[BoxLogEntry, ...]


def remove_left_over(
    pdf: bytes,
    withheld: Mapping[tuple[str, str], tuple[str, str | None]],
    *,
    released: Sequence[tuple[int, Box]] = (),
) -> LeftOverRemoval:
    """The second pass: read the output again, find every occurrence of every withheld value
    ((text, entity type) -> (exemption code, label)) on every page (a value split across text
    objects, in a header, converted from a DOCX) and remove those too. Only the values are
    searched for, not recognised again, so nothing is withheld that the first pass (or the
    reviewing officer) did not withhold somewhere. ``released``: (page, box) areas a person
    decided to leave readable; an occurrence there is left alone (the gate then refuses the
    file, and the officer settles the contradiction). The CLI and the worker both use it."""
    document = read_pdf(pdf, ocr=False)
    locate = document.locator()
    text = document.text
    found: list[tuple[RedactionBox, tuple[str, str]]] = []
    finder = ValueFinder(list(withheld))
    for (key, (code, label)), matches in zip(withheld.items(), finder.matches(text), strict=True):
        for match in matches:
            for page, box in locate(match.start(), match.end()):
                if any(page == p and box.intersects(b) for p, b in released):
                    continue
                found.append(
                    (RedactionBox(page=page, box=box, exemption_code=code, label=label), key)
                )
    if not found:
        return LeftOverRemoval(pdf, (), ())
    applied = apply_redactions(pdf, [box for box, _ in found])
    clean = sanitize_pdf(applied.pdf, [value for value, _ in withheld])
    return LeftOverRemoval(clean, tuple(found), tuple(applied.log))


@dataclass(frozen=True, slots=True)
class Removed:
    """One PDF with its boxes removed for real and sanitised, and what that took."""

    pdf: bytes
    log: tuple[BoxLogEntry, ...]
    apply_seconds: float
    sanitise_seconds: float


def remove_boxes(
    pdf: bytes,
    boxes: Sequence[RedactionBox],
    values: Sequence[str],
    *,
    ocr_words: Mapping[int, list[Word]] | None = None,
) -> Removed:
    """apply -> (a scan's OCR text layer of the words left) -> sanitise: the first half of
    every redaction, the CLI's and the worker's. ``values``: the withheld strings the
    sanitiser also looks for outside the page content (metadata, form fields, names)."""
    started = time.perf_counter()
    applied = apply_redactions(pdf, boxes)
    layered = add_ocr_text_layer(applied.pdf, dict(ocr_words)) if ocr_words else applied.pdf
    sanitising = time.perf_counter()
    clean = sanitize_pdf(layered, list(values))
    return Removed(
        clean, tuple(applied.log), sanitising - started, time.perf_counter() - sanitising
    )


@dataclass(frozen=True, slots=True)
class Verified:
    """The release gate's verdict on a redacted PDF, after the second pass when it ran."""

    pdf: bytes
    report: GateReport
    removal: LeftOverRemoval | None  # the second pass, when withheld text was still readable


def verify_removing_left_over(
    pdf: bytes,
    withheld: Mapping[tuple[str, str], tuple[str, str | None]],
    *,
    released: Sequence[tuple[int, Box]] = (),
) -> Verified:
    """The second half of every redaction: the gate; if it still reads a withheld value
    ((text, entity type) -> (exemption code, label)), the second pass removes every
    occurrence of every withheld value and the gate runs again. The caller refuses the
    output if that report still fails (``require_clean``)."""
    strings = list(withheld)
    report = verify_output(pdf, strings)
    if not text_left(report):
        return Verified(pdf, report, None)
    removal = remove_left_over(pdf, withheld, released=released)
    return Verified(removal.pdf, verify_output(removal.pdf, strings), removal)


def _second_pass_records(removal: LeftOverRemoval, *, secret: bytes) -> list[BoxRecord]:
    """The CLI's box records of the boxes the second pass added (one per box)."""
    return [
        BoxRecord(
            page=box.page,
            rect=(
                round(box.box.x0, 2),
                round(box.box.y0, 2),
                round(box.box.x1, 2),
                round(box.box.y1, 2),
            ),
            entity_type=entity_type,
            exemption_code=box.exemption_code,
            label=box.label,
            recognizer="SecondPassRemoval",
            score=1.0,
            text_hmac=text_hmac(secret, value),
        )
        for box, (value, entity_type) in removal.boxes
    ]


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
    codes: dict[tuple[str, str], tuple[str, str | None]] = {}
    page_offset = 0
    spent = {"apply": 0.0, "sanitise": 0.0, "verify": 0.0}
    for part, part_findings in zip(parts, findings, strict=True):
        boxes: list[RedactionBox] = []
        locate = part.locator()
        for finding in part_findings:
            code = finding.exemption_code or ""
            for page, box in locate(finding.start, finding.end):
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
                codes.setdefault((finding.text, finding.entity_type), (code, finding.label))
        ocr_words = {
            page.number: _kept_words(page, [b.box for b in boxes if b.page == page.number])
            for page in part.pages
            if page.source == "ocr"
        }
        removed = remove_boxes(
            part.pdf,
            boxes,
            [f.text for f in part_findings if f.text.strip()],
            ocr_words=ocr_words,
        )
        log.extend(removed.log)
        spent["apply"] += removed.apply_seconds
        spent["sanitise"] += removed.sanitise_seconds
        outputs.append(removed.pdf)
        page_offset += _page_count(removed.pdf)
    started = time.perf_counter()
    merged = _merge(outputs)
    spent["sanitise"] += time.perf_counter() - started
    started = time.perf_counter()
    verified = verify_removing_left_over(merged, codes)
    if verified.removal is not None:
        log.extend(verified.removal.log)
        records.extend(_second_pass_records(verified.removal, secret=secret))
    report = verified.report
    spent["verify"] = time.perf_counter() - started
    return AutoResult(
        pdf=verified.pdf,
        pages=page_offset,
        boxes=tuple(records),
        log=tuple(log),
        report=report,
        findings=tuple(tuple(f) for f in findings),
        seconds=tuple(spent.items()),
    )
