"""The release gate: search an output PDF for every redacted string and for forbidden structure.

Independent engines (pdfium, pypdf, poppler's pdftotext, our own raw content-stream walk) each
read every page; findings name the kind, engine, page and entity type, never the value itself.
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import tempfile
import unicodedata
import zlib
from collections.abc import Iterable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import ahocorasick
import pikepdf
import pypdfium2 as pdfium
from pypdf import PdfReader
from pypdf.errors import PyPdfError

from core.errors import CorruptPdf, LeakDetected, ResourceLimit, ToolMissing
from core.pdfium_lock import pdfium_serialised
from extraction.limits import Limits
from extraction.sandbox import SandboxCrash, run_isolated
from redaction.pdf_fonts import FontCache, FontInfo
from redaction.pdf_walk import iter_dicts

ENGINES = ("pdfium", "pypdf", "pdftotext", "raw", "raw_file")
RAW_FILE_MIN_CHARS = 5
STRUCTURE = "structure"
# Identifier-like types also match with every separator removed ("07309802258"), as the
# scorer does; names and addresses only when long enough not to match inside other words.
_COMPACT_TYPES = frozenset({
    "PHONE_NUMBER", "CA_SIN", "CA_HEALTH_CARD", "DRIVERS_LICENCE", "LICENCE_PLATE",
    "BADGE_NUMBER", "UK_NINO", "IP_ADDRESS", "CREDIT_CARD", "BANK_ACCOUNT", "POSTAL_CODE",
    "DATE_OF_BIRTH", "EMAIL_ADDRESS",
})  # fmt: skip
_COMPACT_MIN = {"PERSON": 8, "STREET_ADDRESS": 10}
_TRANS: dict[int, str | None] = {ord(c): "'" for c in "\u2018\u2019\u201b\u2032\u00b4`"}
_TRANS.update({ord(c): '"' for c in "\u201c\u201d\u201e\u2033"})
_TRANS.update({ord(c): "-" for c in "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe63\uff0d"})
_TRANS.update({ord(c): None for c in "\u00ad\u200b\u200c\u200d\u2060\ufeff"})
_ACTIONS = frozenset({
    "/JavaScript", "/Launch", "/URI", "/SubmitForm", "/ImportData", "/ResetForm", "/Hide",
    "/Rendition", "/GoToR", "/GoToE", "/Movie", "/Sound", "/SetOCGState", "/Trans", "/GoTo3DView",
    "/RichMediaExecute", "/Named",
})  # fmt: skip
_MAX_FORM_DEPTH = 12
# From this many pages pypdf reads the output in a child process while this one runs the other
# engines: pypdf is pure Python (about 30 ms a page, most of the gate's time on text pages)
# and the child costs about 0.3 s to start, so a short output is read here.
PARALLEL_PYPDF_PAGES = 16


@dataclass(frozen=True, slots=True)
class Finding:
    """One reason the gate failed. ``entity_type`` is None for structural findings."""

    kind: str
    engine: str
    page: int | None
    entity_type: str | None


KIND_WORDS: dict[str, str] = {
    "text": "still readable",
    "invisible_text": "still there as invisible text",
    "white_text": "still there as white text",
    "metadata": "still in the file's metadata",
    "outline_title": "still in a bookmark title",
    "form_field": "still in a form field",
    "embedded_file": "still in an attached file",
}


@dataclass(frozen=True, slots=True)
class GateReport:
    passed: bool
    findings: tuple[Finding, ...]
    pages: int
    engines: tuple[str, ...] = ENGINES
    # (index into the searched strings, finding) for each finding of a searched value: says
    # which value was found without naming it (see ``summary_at``).
    located: tuple[tuple[int, Finding], ...] = ()

    def summary_at(self, sources: Sequence[str]) -> str:
        """Like ``summary``, each found value named by where it was withheld (``sources``,
        one per searched string: "document 3 page 1 box 17"), never by the value, so the
        officer can open that box; structural findings as in ``summary``."""
        if self.passed:
            return self.summary()
        grouped: dict[tuple[str, str, str | None, int | None], list[str]] = {}
        named: set[Finding] = set()
        for index, f in self.located:
            if not 0 <= index < len(sources):
                continue
            named.add(f)
            key = (sources[index], f.kind, f.entity_type, f.page)
            grouped.setdefault(key, []).append(f.engine)
        parts = []
        for (source, kind, etype, page), engines in grouped.items():
            what = KIND_WORDS.get(kind, kind)
            where = f" on page {page} of the output" if page is not None else ""
            parts.append(
                f"{source} ({etype or 'drawn'}): the value withheld there is {what}{where}"
                f" ({', '.join(sorted(set(engines)))})"
            )
        rest = [f for f in self.findings if f not in named]
        if rest:
            other = GateReport(False, tuple(rest), self.pages).summary()
            parts.append(other.removeprefix("release gate failed: "))
        return "release gate failed: " + "; ".join(parts)

    def summary(self) -> str:
        """Human-readable, value-free list of what failed."""
        if self.passed:
            return "release gate passed"
        grouped: dict[tuple[str, str | None, int | None], list[str]] = {}
        for f in self.findings:
            grouped.setdefault((f.kind, f.entity_type, f.page), []).append(f.engine)
        parts = []
        for (kind, etype, page), engines in grouped.items():
            where = f" on page {page}" if page is not None else ""
            what = f"{etype} " if etype else ""
            parts.append(f"{what}{kind}{where} ({', '.join(sorted(set(engines)))})")
        return "release gate failed: " + "; ".join(parts)


@dataclass(frozen=True, slots=True)
class _Needle:
    entity_type: str
    spaced: str  # normalised, single spaces
    solid: str  # normalised, no whitespace
    compact: str | None  # alphanumerics only, for identifier types
    # For short values: compiled once here, not per page and engine (a big document's
    # thousands of values overflowed the re module's cache and were recompiled each time).
    pattern: re.Pattern[str] | None = None
    index: int = -1  # its place in the strings searched for


@dataclass(frozen=True, slots=True)
class _Hay:
    spaced: str
    solid: str
    compact: str


def _automaton(keys: dict[str, list[int]]) -> Any:
    """One Aho-Corasick automaton of ``keys``, each key's value (its length, the needles it
    stands for); None when there is nothing to search for."""
    if not keys:
        return None
    automaton = ahocorasick.Automaton()
    for key, positions in keys.items():
        automaton.add_word(key, (len(key), tuple(positions)))
    automaton.make_automaton()
    return automaton


class _NeedleSet:
    """All needles searched at once: which of them a hay holds, by one pass of an automaton
    over each of the hay's three forms instead of a search per needle (a big document's
    thousand values times its pages and engines made a million searches).

    A needle is found when its compact form (identifiers) is in the compact hay, else its
    solid form in the solid hay (long values), else its pattern in the spaced hay (short
    values: the automaton proposes where the first word starts, the pattern decides there).
    """

    def __init__(self, needles: Sequence[_Needle]) -> None:
        self.needles = tuple(needles)
        compact: dict[str, list[int]] = {}
        solid: dict[str, list[int]] = {}
        first: dict[str, list[int]] = {}
        for position, needle in enumerate(self.needles):
            if needle.compact:
                compact.setdefault(needle.compact, []).append(position)
            if needle.pattern is None:
                solid.setdefault(needle.solid, []).append(position)
            else:
                first.setdefault(needle.spaced.split(" ")[0], []).append(position)
        self._compact = _automaton(compact)
        self._solid = _automaton(solid)
        self._first = _automaton(first)

    def found(self, hay: _Hay) -> list[_Needle]:
        """The needles found in ``hay``, in their order (so findings keep theirs)."""
        hits: set[int] = set()
        for automaton, text in ((self._compact, hay.compact), (self._solid, hay.solid)):
            if automaton is not None:
                for _, (_, positions) in automaton.iter(text):
                    hits.update(positions)
        if self._first is not None:
            for end, (length, positions) in self._first.iter(hay.spaced):
                start = end - length + 1
                for position in positions:
                    if position in hits:
                        continue
                    pattern = self.needles[position].pattern
                    if pattern is not None and pattern.match(hay.spaced, start):
                        hits.add(position)
        return [self.needles[position] for position in sorted(hits)]


def normalise(text: str) -> str:
    """NFKC, unified quotes and dashes, casefolded, 'Marie-\\nClaude' rejoined, spaces collapsed."""
    s = unicodedata.normalize("NFKC", text).translate(_TRANS).casefold()
    s = re.sub(r"(?<=\w)-\s+(?=\w)", "-", s)
    return re.sub(r"\s+", " ", s).strip()


_NOT_ALNUM = re.compile(r"[\W_]+")  # \w is str.isalnum() plus the underscore


def _alnum(text: str) -> str:
    """The alphanumerics of ``text`` (one regex pass: a generator over every character of
    every page and engine was the gate's biggest own cost)."""
    return _NOT_ALNUM.sub("", text)


def _hay(text: str) -> _Hay:
    spaced = normalise(text)
    return _Hay(spaced, spaced.replace(" ", ""), _alnum(spaced))


def _needle(value: str, entity_type: str, index: int = -1) -> _Needle | None:
    spaced = normalise(value)
    if not spaced:
        return None
    compact = _alnum(spaced)
    need = _COMPACT_MIN.get(entity_type, 6)
    if compact.isdigit():
        need = max(need, 7)
    use_compact = (entity_type in _COMPACT_TYPES or entity_type in _COMPACT_MIN) and len(
        compact
    ) >= need
    solid = spaced.replace(" ", "")
    return _Needle(
        entity_type,
        spaced,
        solid,
        compact if use_compact else None,
        None if len(solid) >= 6 else _word_pattern(spaced),
        index,
    )


def _word_pattern(spaced: str) -> re.Pattern[str]:
    pre = r"(?<![^\W_])" if spaced[:1].isalnum() else ""
    post = r"(?![^\W_])" if spaced[-1:].isalnum() else ""
    body = r"\s?".join(re.escape(part) for part in spaced.split(" "))
    return re.compile(pre + body + post)


def verify_output(
    pdf: bytes, redacted_strings: Sequence[tuple[str, str]], *, timeout: float = 300.0
) -> GateReport:
    """Run the gate: ``redacted_strings`` are (value, entity type) pairs that must not appear."""
    needles = [
        n for i, (value, etype) in enumerate(redacted_strings) if (n := _needle(value, etype, i))
    ]
    search = _NeedleSet(needles)
    located: list[tuple[int, Finding]] = []
    try:
        doc = pikepdf.open(io.BytesIO(pdf))
    except pikepdf.PdfError as exc:
        raise CorruptPdf("the redacted output could not be parsed by the gate") from exc
    findings: list[Finding] = []
    with (
        tempfile.TemporaryDirectory(prefix="casedesk-gate-") as tmp,
        ThreadPoolExecutor(1, thread_name_prefix="casedesk-gate") as threads,
    ):
        # poppler (and pypdf, for a long output) run in their own processes while the
        # in-process engines work
        poppler = _start_pdftotext(pdf, Path(tmp))
        with doc:
            npages = len(doc.pages)
            pypdf: Future[list[str | None]] | None = None
            if npages >= PARALLEL_PYPDF_PAGES:
                pypdf = threads.submit(_pypdf_pages_isolated, pdf, npages, timeout)
            findings.extend(_structure(doc, pdf))
            for index, finding in _search_metadata(doc, search):
                findings.append(finding)
                located.append((index, finding))
            raw = _raw_pages(doc)
        texts: dict[str, list[str | None]] = {
            "pdfium": _pdfium_pages(pdf, npages),
            "pypdf": pypdf.result() if pypdf is not None else _pypdf_pages(pdf, npages),
            "raw": [page.text for page in raw],
        }
        texts["pdftotext"] = _finish_pdftotext(poppler, npages, timeout)
    file_hay = _hay(extract_file_strings(pdf))
    # Literal strings pulled from raw bytes include binary noise (image data): a value of a few
    # letters ("EE") turns up there by chance. Short values are still searched page by page.
    for n in search.found(file_hay):
        if len(n.spaced) >= RAW_FILE_MIN_CHARS:
            findings.append(found := Finding("text", "raw_file", None, n.entity_type))
            located.append((n.index, found))
    for engine, pages in texts.items():
        for number, text in enumerate(pages, start=1):
            if text is None:
                findings.append(Finding("engine_error", engine, number, None))
                continue
            for needle in search.found(_hay(text)):
                findings.append(found := Finding("text", engine, number, needle.entity_type))
                located.append((needle.index, found))
    for number, page in enumerate(raw, start=1):
        for kind, text in (("invisible_text", page.invisible), ("white_text", page.white)):
            if not text:
                continue
            for needle in search.found(_hay(text)):
                findings.append(found := Finding(kind, "raw", number, needle.entity_type))
                located.append((needle.index, found))
    unique = tuple(dict.fromkeys(findings))
    return GateReport(
        passed=not unique, findings=unique, pages=npages, located=tuple(dict.fromkeys(located))
    )


def require_clean(report: GateReport, sources: Sequence[str] | None = None) -> None:
    """Raise LeakDetected (value-free) unless the gate passed; with ``sources`` (where each
    searched string was withheld) the message names that place for each value found."""
    if report.passed:
        return
    raise LeakDetected(
        report.summary_at(sources) if sources is not None else report.summary(),
        findings=[
            {"kind": f.kind, "engine": f.engine, "page": f.page, "entity_type": f.entity_type}
            for f in report.findings
        ],
    )


# --- structure -------------------------------------------------------------------------------


def _structure(doc: pikepdf.Pdf, pdf: bytes) -> list[Finding]:
    out: list[Finding] = []

    def add(kind: str, page: int | None = None) -> None:
        out.append(Finding(kind, STRUCTURE, page, None))

    root = doc.Root
    if "/Info" in doc.trailer:
        add("metadata")
    xref_tables = len(re.findall(rb"(?m)^xref\s", pdf))
    if (
        "/Prev" in doc.trailer
        or pdf.count(b"%%EOF") > 1
        or pdf.count(b"startxref") > 1
        or xref_tables > 1
    ):
        add("revisions")
    if "/AcroForm" in root:
        add("form_field")
    if "/OpenAction" in root:
        add("action")
    if "/OCProperties" in root:
        add("optional_content")
    names = root.get("/Names")
    if isinstance(names, pikepdf.Dictionary):
        if "/EmbeddedFiles" in names:
            add("embedded_file")
        if "/JavaScript" in names:
            add("javascript")
    for number, page in enumerate(doc.pages, start=1):
        annots = page.obj.get("/Annots")
        if isinstance(annots, pikepdf.Array) and len(annots) > 0:
            add("annotation", number)
        if "/Thumb" in page.obj:
            add("thumbnail", number)
    for obj in iter_dicts(doc):
        typ = obj.get("/Type")
        if "/Metadata" in obj or typ == pikepdf.Name.Metadata:
            add("xmp")
        if typ in (pikepdf.Name.OCG, pikepdf.Name.OCMD):
            add("optional_content")
        if typ == pikepdf.Name.EmbeddedFile or "/EF" in obj or "/AF" in obj:
            add("embedded_file")
        if "/JS" in obj or obj.get("/S") == pikepdf.Name.JavaScript:
            add("javascript")
        if "/AA" in obj or str(obj.get("/S", "")) in _ACTIONS:
            add("action")
    return list(dict.fromkeys(out))


def _search_metadata(doc: pikepdf.Pdf, search: _NeedleSet) -> list[tuple[int, Finding]]:
    """Where a string survives outside page content: Info, XMP, bookmarks, forms, attachments."""
    places: dict[str, list[str]] = {
        "metadata": [],
        "outline_title": [],
        "form_field": [],
        "embedded_file": [],
    }
    info = doc.trailer.get("/Info")
    if isinstance(info, pikepdf.Dictionary):
        places["metadata"].extend(str(v) for v in info.values())
    for obj in iter_dicts(doc):
        if isinstance(obj, pikepdf.Stream) and obj.get("/Type") == pikepdf.Name.Metadata:
            try:
                xml = obj.read_bytes().decode("utf-8", "replace")
            except pikepdf.PdfError:
                continue
            places["metadata"].append(re.sub(r"<[^>]+>", " ", xml))
    places["outline_title"].extend(_outline_titles(doc))
    form = doc.Root.get("/AcroForm")
    if isinstance(form, pikepdf.Dictionary):
        stack: list[Any] = list(form.get("/Fields", []))
        seen = 0
        while stack and seen < 100_000:
            field_ = stack.pop()
            seen += 1
            if isinstance(field_, pikepdf.Dictionary):
                places["form_field"].extend(
                    str(field_.get(k)) for k in ("/V", "/DV", "/T", "/TU") if k in field_
                )
                stack.extend(list(field_.get("/Kids", [])))
    try:
        for name, spec in doc.attachments.items():
            places["embedded_file"].append(name)
            data = spec.get_file().read_bytes()
            if data.startswith(b"%PDF"):
                places["embedded_file"].extend(t or "" for t in _pdfium_pages(data, 10_000))
            else:
                places["embedded_file"].append(data[:5_000_000].decode("utf-8", "replace"))
    except (pikepdf.PdfError, KeyError, ValueError):
        places["embedded_file"].append("")
    out: list[tuple[int, Finding]] = []
    for kind, texts in places.items():
        if not texts:
            continue
        out.extend(
            (n.index, Finding(kind, STRUCTURE, None, n.entity_type))
            for n in search.found(_hay("\n".join(texts)))
        )
    return out


def _outline_titles(doc: pikepdf.Pdf) -> list[str]:
    outlines = doc.Root.get("/Outlines")
    if not isinstance(outlines, pikepdf.Dictionary):
        return []
    titles: list[str] = []
    seen: set[tuple[int, int]] = set()
    stack: list[Any] = [outlines.get("/First")]
    while stack:
        node = stack.pop()
        if not isinstance(node, pikepdf.Dictionary) or node.objgen in seen:
            continue
        if node.objgen != (0, 0):
            seen.add(node.objgen)
        titles.append(str(node.get("/Title", "")))
        stack.extend([node.get("/Next"), node.get("/First")])
    return titles


_STREAM = re.compile(rb"stream\r?\n")
_LITERAL = re.compile(rb"\(((?:[^()\\]|\\.)*)\)", re.S)
_ESCAPES = {b"n": b"\n", b"r": b"\r", b"t": b"\t", b"b": b"", b"f": b""}
_MAX_INFLATE = 64 * 1024 * 1024


def _unescape(data: bytes) -> bytes:
    def one(m: re.Match[bytes]) -> bytes:
        esc = m.group(1)
        if esc[:1] in b"01234567" and esc[:1]:
            return bytes([int(esc, 8) & 0xFF])
        return _ESCAPES.get(esc, esc)

    return re.sub(rb"\\([0-7]{1,3}|.)", one, data, flags=re.S)


def extract_file_strings(pdf: bytes) -> str:
    """Literal strings of every stream and object in the file bytes, reachable or not.

    Catches what an earlier revision or an orphaned object still holds, which a walk of the
    current object graph never visits.
    """
    chunks = [pdf]
    for m in _STREAM.finditer(pdf):
        start = m.end()
        end = pdf.find(b"endstream", start)
        if end < 0:
            break
        inflater = zlib.decompressobj()
        try:
            chunks.append(inflater.decompress(pdf[start:end], _MAX_INFLATE))
        except zlib.error:
            continue
    strings = [
        _unescape(lit).decode("cp1252", "replace")
        for chunk in chunks
        for lit in _LITERAL.findall(chunk)
    ]
    return " ".join(strings)


# --- text engines ----------------------------------------------------------------------------


@pdfium_serialised
def _pdfium_pages(pdf: bytes, npages: int) -> list[str | None]:
    try:
        doc = pdfium.PdfDocument(pdf)
    except pdfium.PdfiumError:
        return [None] * npages
    out: list[str | None] = [None] * min(npages, len(doc))
    try:
        for i in range(min(npages, len(doc))):
            page = doc[i]
            try:
                textpage = page.get_textpage()
                out[i] = textpage.get_text_range()
                textpage.close()
            except pdfium.PdfiumError:
                out[i] = None
            finally:
                page.close()
    finally:
        doc.close()
    return out


def _pypdf_pages(pdf: bytes, npages: int) -> list[str | None]:
    out: list[str | None] = [None] * npages
    try:
        reader = PdfReader(io.BytesIO(pdf), strict=False)
        pages = list(reader.pages)
    except (PyPdfError, ValueError, KeyError) as exc:
        del exc  # every page reports an engine error below
        return out
    for i, page in enumerate(pages[:npages]):
        try:
            out[i] = page.extract_text()
        except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, IndexError):
            # pypdf raises plain Python errors on odd fonts; the page counts as unverified.
            out[i] = None
    return out


def _pypdf_pages_isolated(pdf: bytes, npages: int, timeout: float) -> list[str | None]:
    """``_pypdf_pages`` in a limited child process; every page unverified (an engine error,
    so the gate fails) if the child runs out of time or memory or crashes."""
    try:
        return run_isolated(
            _pypdf_pages, pdf, npages, limits=Limits(wall_seconds=timeout), what="the output"
        )
    except (ResourceLimit, SandboxCrash):
        return [None] * npages


def _start_pdftotext(pdf: bytes, tmp: Path) -> subprocess.Popen[bytes]:
    if shutil.which("pdftotext") is None:
        raise ToolMissing("poppler's pdftotext is needed by the release gate")
    path = tmp / "out.pdf"
    path.write_bytes(pdf)
    return subprocess.Popen(
        ["pdftotext", "-q", "-enc", "UTF-8", str(path), "-"],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
    )


def _finish_pdftotext(
    proc: subprocess.Popen[bytes], npages: int, timeout: float
) -> list[str | None]:
    try:
        stdout, _ = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.communicate()
        return [None] * npages
    if proc.returncode != 0:
        return [None] * npages
    # pdftotext ends every page with a form feed
    pages = stdout.decode("utf-8", "replace").split("\f")
    return [pages[i] if i < len(pages) else "" for i in range(npages)]


@dataclass(slots=True)
class _RawPage:
    parts: list[str] = field(default_factory=list)
    invisible_parts: list[str] = field(default_factory=list)
    white_parts: list[str] = field(default_factory=list)

    @property
    def text(self) -> str | None:
        return "\n".join(self.parts)

    @property
    def invisible(self) -> str:
        return "\n".join(self.invisible_parts)

    @property
    def white(self) -> str:
        return "\n".join(self.white_parts)


def _raw_pages(doc: pikepdf.Pdf) -> list[_RawPage]:
    fonts = FontCache()
    pages: list[_RawPage] = []
    for page in doc.pages:
        raw = _RawPage()
        resources = page.obj.get("/Resources")
        _walk(page.obj, resources, raw, fonts, 0)
        annots = page.obj.get("/Annots")
        if isinstance(annots, pikepdf.Array):
            for annot in annots:
                if not isinstance(annot, pikepdf.Dictionary):
                    continue
                for key in ("/Contents", "/T", "/RC", "/Subj"):
                    if key in annot:
                        raw.parts.append(str(annot.get(key)))
                for stream in _appearances(annot):
                    _walk(stream, stream.get("/Resources", resources), raw, fonts, 1)
        pages.append(raw)
    return pages


def _appearances(annot: pikepdf.Dictionary) -> Iterable[pikepdf.Stream]:
    ap = annot.get("/AP")
    if not isinstance(ap, pikepdf.Dictionary):
        return
    for kind in ("/N", "/R", "/D"):
        entry = ap.get(kind)
        if isinstance(entry, pikepdf.Stream):
            yield entry
        elif isinstance(entry, pikepdf.Dictionary):
            yield from (v for v in entry.values() if isinstance(v, pikepdf.Stream))


@dataclass(slots=True)
class _Look:
    mode: int = 0
    white: bool = False
    transparent: bool = False
    font: FontInfo | None = None


def _is_white(op: str, operands: list[Any]) -> bool | None:
    try:
        values = [float(v) for v in operands if not isinstance(v, pikepdf.Name)]
    except (TypeError, ValueError):
        return None
    if op == "g" and len(values) == 1:
        return values[0] >= 0.99
    if op == "rg" and len(values) == 3:
        return all(v >= 0.99 for v in values)
    if op == "k" and len(values) == 4:
        return all(v <= 0.01 for v in values)
    if op in ("sc", "scn") and values:
        if len(values) == 4:
            return all(v <= 0.01 for v in values)
        return all(v >= 0.99 for v in values)
    return None


def _walk(owner: Any, resources: Any, raw: _RawPage, fonts: FontCache, depth: int) -> None:
    if depth > _MAX_FORM_DEPTH:
        return
    try:
        ops = pikepdf.parse_content_stream(owner)
    except pikepdf.PdfError:
        # Unparseable: fall back to every literal string so nothing hides behind a syntax error.
        try:
            data = owner.read_bytes() if isinstance(owner, pikepdf.Stream) else b""
        except pikepdf.PdfError:
            data = b""
        raw.parts.append(" ".join(re.findall(r"\(((?:[^()\\]|\\.)*)\)", data.decode("latin-1"))))
        return
    res = resources if isinstance(resources, pikepdf.Dictionary) else pikepdf.Dictionary()
    font_dict = res.get("/Font")
    xobjects = res.get("/XObject")
    gstates = res.get("/ExtGState")
    look = _Look()
    stack: list[_Look] = []
    line: list[str] = []

    def show(text: str) -> None:
        line.append(text)
        if look.mode in (3, 7) or look.transparent:
            raw.invisible_parts.append(text)
        elif look.white:
            raw.white_parts.append(text)

    def decode(data: bytes) -> str:
        if look.font is None:
            return data.decode("cp1252", "replace")
        return look.font.decode(data)

    for instr in ops:
        if isinstance(instr, pikepdf.ContentStreamInlineImage):
            continue
        op = str(instr.operator)
        operands = list(instr.operands)
        if op == "q":
            stack.append(_Look(look.mode, look.white, look.transparent, look.font))
        elif op == "Q" and stack:
            look = stack.pop()
        elif op == "Tr" and operands:
            look.mode = int(float(operands[0]))
        elif op == "Tf" and operands and isinstance(font_dict, pikepdf.Dictionary):
            font = font_dict.get(str(operands[0]))
            look.font = fonts.get(font) if isinstance(font, pikepdf.Object) else None
        elif op in ("g", "rg", "k", "sc", "scn"):
            white = _is_white(op, operands)
            if white is not None:
                look.white = white
        elif op == "gs" and operands and isinstance(gstates, pikepdf.Dictionary):
            gstate = gstates.get(str(operands[0]))
            if isinstance(gstate, pikepdf.Dictionary) and "/ca" in gstate:
                look.transparent = float(gstate.ca) <= 0.01
        elif op in ("Tj", "'", '"') and operands and isinstance(operands[-1], pikepdf.String):
            show(decode(bytes(operands[-1])))
        elif op == "TJ" and operands and isinstance(operands[0], pikepdf.Array):
            buf = []
            for el in operands[0]:
                if isinstance(el, pikepdf.String):
                    buf.append(decode(bytes(el)))
                elif isinstance(el, int | float | pikepdf.Object):
                    try:
                        if float(el) < -180:
                            buf.append(" ")
                    except (TypeError, ValueError):
                        continue
            show("".join(buf))
        elif op in ("Td", "TD", "T*", "Tm", "BT", "ET"):
            if line:
                raw.parts.append(" ".join(line))
                line = []
        elif op == "Do" and operands and isinstance(xobjects, pikepdf.Dictionary):
            xobj = xobjects.get(str(operands[0]))
            if isinstance(xobj, pikepdf.Stream) and xobj.get("/Subtype") == pikepdf.Name.Form:
                _walk(xobj, xobj.get("/Resources", res), raw, fonts, depth + 1)
    if line:
        raw.parts.append(" ".join(line))
