"""Font facts the glyph geometry needs: code splitting, advance widths, vertical extent, Unicode.

Reads simple fonts (Type1, TrueType, Type3) and Type0 fonts with Identity-H; anything else is
reported as unsupported so the caller can rasterise the page instead of guessing positions.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import pikepdf
from pdfminer.encodingdb import EncodingDB, name2unicode
from pdfminer.fontmetrics import FONT_METRICS

_STANDARD_ALIASES = {
    "Arial": "Helvetica",
    "Arial,Bold": "Helvetica-Bold",
    "Arial,Italic": "Helvetica-Oblique",
    "Arial,BoldItalic": "Helvetica-BoldOblique",
    "TimesNewRoman": "Times-Roman",
    "CourierNew": "Courier",
}


@dataclass(frozen=True, slots=True)
class FontInfo:
    """What one font resource tells us; widths are in text-space units (glyph units / 1000)."""

    name: str
    code_bytes: int  # 1 for simple fonts, 2 for Identity-H
    widths: dict[int, float] = field(repr=False)
    default_width: float
    ascent: float  # text-space units, above the baseline
    descent: float  # text-space units, negative
    unicode: dict[int, str] = field(repr=False)
    trusted: bool  # glyph identity known (ToUnicode, or a standard encoding with known names)
    supported: bool  # we can compute positions (else: rasterise the page)
    reason: str = ""

    def split(self, data: bytes) -> list[int]:
        """The character codes in a string operand."""
        if self.code_bytes == 1:
            return list(data)
        out = [int.from_bytes(data[i : i + 2], "big") for i in range(0, len(data) - 1, 2)]
        if len(data) % 2:
            out.append(data[-1])  # a truncated code still advances by something; keep it
        return out

    def encode(self, codes: list[int]) -> bytes:
        if self.code_bytes == 1:
            return bytes(codes)
        return b"".join(code.to_bytes(2, "big") for code in codes)

    def width(self, code: int) -> float:
        return self.widths.get(code, self.default_width)

    def decode(self, data: bytes) -> str:
        return "".join(self.unicode.get(code, "") for code in self.split(data))


def _num(value: Any, default: float = 0.0) -> float:
    try:
        return float(value)
    except (TypeError, ValueError):
        return default


def _utf16(hexstr: str) -> str:
    try:
        return bytes.fromhex(hexstr).decode("utf-16-be", "replace")
    except ValueError:
        return ""


_BFCHAR = re.compile(r"beginbfchar(.*?)endbfchar", re.S)
_BFRANGE = re.compile(r"beginbfrange(.*?)endbfrange", re.S)
_PAIR = re.compile(r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]*)>")
_RANGE = re.compile(r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*(\[[^\]]*\]|<[0-9A-Fa-f]*>)")


def parse_tounicode(data: bytes) -> dict[int, str]:
    """Code -> text from a ToUnicode CMap (bfchar and bfrange, the forms producers write)."""
    text = data.decode("latin-1", "replace")
    mapping: dict[int, str] = {}
    for block in _BFCHAR.findall(text):
        for src, dst in _PAIR.findall(block):
            mapping[int(src, 16)] = _utf16(dst)
    for block in _BFRANGE.findall(text):
        for lo_hex, hi_hex, rest in _RANGE.findall(block):
            lo, hi = int(lo_hex, 16), int(hi_hex, 16)
            if hi < lo or hi - lo > 65535:
                continue
            if rest.startswith("["):
                for i, dst in enumerate(re.findall(r"<([0-9A-Fa-f]*)>", rest)):
                    mapping[lo + i] = _utf16(dst)
                continue
            base = _utf16(rest[1:-1])
            if not base:
                continue
            for i in range(hi - lo + 1):
                last = ord(base[-1]) + i
                if last < 0x110000:
                    mapping[lo + i] = base[:-1] + chr(last)
    return mapping


def _simple_encoding(font: pikepdf.Dictionary, base_default: str) -> tuple[dict[int, str], bool]:
    """Code -> text from /Encoding (base name + Differences); False when a glyph name is unknown."""
    enc = font.get("/Encoding")
    base = base_default
    diffs: list[Any] = []
    if isinstance(enc, pikepdf.Name):
        base = str(enc)[1:]
    elif isinstance(enc, pikepdf.Dictionary):
        if isinstance(enc.get("/BaseEncoding"), pikepdf.Name):
            base = str(enc.BaseEncoding)[1:]
        if isinstance(enc.get("/Differences"), pikepdf.Array):
            diffs = list(enc.Differences)
    if base not in EncodingDB.encodings:
        base = "StandardEncoding"
    mapping = dict(EncodingDB.get_encoding(base))
    known = True
    code = 0
    for item in diffs:
        if isinstance(item, pikepdf.Name):
            try:
                mapping[code] = name2unicode(str(item)[1:])
            except (KeyError, ValueError):
                mapping.pop(code, None)
                known = False
            code += 1
        else:
            code = int(_num(item))
    return mapping, known


def _vertical(font: pikepdf.Dictionary, scale: float) -> tuple[float, float]:
    desc = font.get("/FontDescriptor")
    ascent, descent = 0.8, -0.2
    if isinstance(desc, pikepdf.Dictionary):
        a = _num(desc.get("/Ascent"), 0.0) * scale
        d = _num(desc.get("/Descent"), 0.0) * scale
        if 0.3 <= a <= 1.5:
            ascent = a
        if -0.6 <= d <= 0.0:
            descent = d if d < 0 else descent
    return ascent, descent


def _base_name(font: pikepdf.Dictionary) -> str:
    name = str(font.get("/BaseFont", "/"))[1:]
    return name.split("+", 1)[1] if "+" in name[:7] else name


def read_font(font: pikepdf.Object) -> FontInfo:
    """Metrics and Unicode for one font dictionary; never raises for a malformed font."""
    if not isinstance(font, pikepdf.Dictionary):
        return _unsupported("?", "font is not a dictionary")
    subtype = str(font.get("/Subtype", ""))
    name = _base_name(font)
    tounicode: dict[int, str] = {}
    tu = font.get("/ToUnicode")
    if isinstance(tu, pikepdf.Stream):
        try:
            tounicode = parse_tounicode(tu.read_bytes())
        except pikepdf.PdfError:
            tounicode = {}
    if subtype == "/Type0":
        return _type0(font, name, tounicode)
    scale = 0.001
    if subtype == "/Type3":
        matrix = font.get("/FontMatrix")
        scale = _num(matrix[0], 0.001) if isinstance(matrix, pikepdf.Array) else 0.001
        if scale == 0:
            return _unsupported(name, "Type3 FontMatrix scale is zero")
    widths: dict[int, float] = {}
    first = int(_num(font.get("/FirstChar"), 0))
    arr = font.get("/Widths")
    missing = 0.0
    desc = font.get("/FontDescriptor")
    if isinstance(desc, pikepdf.Dictionary):
        missing = _num(desc.get("/MissingWidth"), 0.0) * scale
    encoding, names_known = _simple_encoding(font, "StandardEncoding")
    standard = _STANDARD_ALIASES.get(name, name)
    if isinstance(arr, pikepdf.Array):
        for i, w in enumerate(arr):
            widths[first + i] = _num(w) * scale
    elif standard in FONT_METRICS:
        # The standard 14 fonts may omit /Widths; the AFM widths are keyed by character.
        metrics = FONT_METRICS[standard][1]
        for code, char in encoding.items():
            if char in metrics:
                widths[code] = metrics[char] / 1000.0
        missing = missing or 0.5
    else:
        return _unsupported(name, "simple font without /Widths")
    if subtype == "/Type3":
        bbox = font.get("/FontBBox")
        ascent, descent = 0.8, -0.2
        if isinstance(bbox, pikepdf.Array) and len(bbox) == 4:
            yscale = _num(font.FontMatrix[3], 0.001)
            lo, hi = sorted((_num(bbox[1]) * yscale, _num(bbox[3]) * yscale))
            if hi > lo:
                ascent, descent = max(hi, 0.3), min(lo, 0.0)
    else:
        ascent, descent = _vertical(font, 0.001)
    symbolic = isinstance(desc, pikepdf.Dictionary) and bool(int(_num(desc.get("/Flags"))) & 4)
    unicode = dict(encoding)
    unicode.update(tounicode)
    if tounicode:
        trusted = True
    elif subtype == "/TrueType" and symbolic:
        trusted = False  # symbolic TrueType codes index the font's own cmap: identity unknown
    else:
        trusted = names_known and (subtype != "/Type3" or "/Encoding" in font)
    return FontInfo(
        name=name,
        code_bytes=1,
        widths=widths,
        default_width=missing,
        ascent=ascent,
        descent=descent,
        unicode=unicode,
        trusted=trusted,
        supported=True,
        reason="" if trusted else "no ToUnicode map and glyph names unknown",
    )


def _type0(font: pikepdf.Dictionary, name: str, tounicode: dict[int, str]) -> FontInfo:
    encoding = str(font.get("/Encoding", ""))
    if encoding != "/Identity-H":
        # Other CMaps need codespace ranges and a code->CID map; vertical writing moves
        # glyphs downwards. Neither is worth guessing at: the page is rasterised.
        return _unsupported(name, f"Type0 encoding {encoding or 'embedded CMap'}")
    descendants = font.get("/DescendantFonts")
    if not isinstance(descendants, pikepdf.Array) or len(descendants) == 0:
        return _unsupported(name, "Type0 without descendant font")
    cid = descendants[0]
    if not isinstance(cid, pikepdf.Dictionary):
        return _unsupported(name, "Type0 descendant font is not a dictionary")
    default = _num(cid.get("/DW"), 1000.0) / 1000.0
    widths: dict[int, float] = {}
    w = cid.get("/W")
    if isinstance(w, pikepdf.Array):
        items = list(w)
        i = 0
        while i < len(items):
            start = int(_num(items[i]))
            nxt = items[i + 1] if i + 1 < len(items) else None
            if isinstance(nxt, pikepdf.Array):
                for j, item in enumerate(nxt):
                    widths[start + j] = _num(item) / 1000.0
                i += 2
            elif i + 2 < len(items):
                end, width = int(_num(nxt)), _num(items[i + 2]) / 1000.0
                for code in range(start, min(end, start + 65536) + 1):
                    widths[code] = width
                i += 3
            else:
                break
    ascent, descent = _vertical(cid, 0.001)
    return FontInfo(
        name=name,
        code_bytes=2,
        widths=widths,
        default_width=default,
        ascent=ascent,
        descent=descent,
        unicode=tounicode,
        trusted=bool(tounicode),
        supported=True,
        reason="" if tounicode else "Type0 font without ToUnicode map",
    )


def _unsupported(name: str, reason: str) -> FontInfo:
    return FontInfo(
        name=name,
        code_bytes=1,
        widths={},
        default_width=0.5,
        ascent=0.8,
        descent=-0.2,
        unicode={},
        trusted=False,
        supported=False,
        reason=reason,
    )


class FontCache:
    """Reads each font object once per document (fonts are shared across pages)."""

    def __init__(self) -> None:
        self._by_objgen: dict[tuple[int, int], FontInfo] = {}

    def get(self, font: pikepdf.Object) -> FontInfo:
        key = font.objgen if isinstance(font, pikepdf.Object) else (0, 0)
        if key != (0, 0) and key in self._by_objgen:
            return self._by_objgen[key]
        info = read_font(font)
        if key != (0, 0):
            self._by_objgen[key] = info
        return info


def text_width(text: str, size: float, font: str = "Helvetica") -> float:
    """Width of ``text`` set in a standard font (for fitting labels)."""
    metrics = FONT_METRICS[font][1]
    return sum(metrics.get(ch, 556) for ch in text) * size / 1000.0
