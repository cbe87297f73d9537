"""A clean typeset PDF for text-only inputs (e-mail, plain text), so they can be disclosed too.

reportlab (BSD) draws the text with an embedded Unicode font; the character boxes are then
read back from this PDF by the PDF reader, so boxes and text come from one source.
"""

from __future__ import annotations

import io
import pathlib
from collections.abc import Sequence

from reportlab.lib.pagesizes import LETTER  # type: ignore[import-untyped]
from reportlab.pdfbase import pdfmetrics  # type: ignore[import-untyped]
from reportlab.pdfbase.ttfonts import TTFont  # type: ignore[import-untyped]
from reportlab.pdfgen.canvas import Canvas  # type: ignore[import-untyped]

FONT_SIZE = 10.0
LEADING = 13.0
MARGIN = 60.0
_FONT_CANDIDATES = (
    ("CasedeskSans", "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"),
    ("CasedeskSans", "/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf"),
)
_BOLD_CANDIDATES = (
    ("CasedeskSansBold", "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"),
    ("CasedeskSansBold", "/usr/share/fonts/truetype/liberation/LiberationSans-Bold.ttf"),
)


def _font(candidates: Sequence[tuple[str, str]], fallback: str) -> str:
    for name, path in candidates:
        if name in pdfmetrics.getRegisteredFontNames():
            return name
        if pathlib.Path(path).is_file():
            pdfmetrics.registerFont(TTFont(name, path))
            return name
    return fallback  # the built-in Type 1 font: Latin-1 only, but always there


def render_text_pdf(body: str, *, header: Sequence[tuple[str, str]] = ()) -> bytes:
    """Typeset ``header`` (label, value) lines in bold labels, then ``body``, on Letter pages."""
    regular = _font(_FONT_CANDIDATES, "Helvetica")
    bold = _font(_BOLD_CANDIDATES, "Helvetica-Bold")
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=LETTER, pageCompression=1, invariant=1)
    width, height = LETTER
    usable = width - 2 * MARGIN
    y = height - MARGIN

    def new_line() -> None:
        nonlocal y
        y -= LEADING
        if y < MARGIN:
            canvas.showPage()
            y = height - MARGIN - LEADING

    y += LEADING
    for label, value in header:
        new_line()
        canvas.setFont(bold, FONT_SIZE)
        canvas.drawString(MARGIN, y, f"{label}:")
        offset = pdfmetrics.stringWidth(f"{label}: ", bold, FONT_SIZE)
        pieces = _wrap(_clean(value), regular, usable - offset)
        for index, piece in enumerate(pieces):
            if index:
                new_line()
            canvas.setFont(regular, FONT_SIZE)
            canvas.drawString(MARGIN + offset, y, piece)
    if header:
        new_line()
    for paragraph in body.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        for piece in _wrap(_clean(paragraph), regular, usable) or [""]:
            new_line()
            if piece:
                canvas.setFont(regular, FONT_SIZE)
                canvas.drawString(MARGIN, y, piece)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def _clean(text: str) -> str:
    # Tabs and control characters have no glyph: draw them as spaces.
    return "".join(" " if (ord(ch) < 32 or ch == "\x7f") else ch for ch in text.expandtabs(4))


_MAX_LINE_CHARS = 400  # more than a Letter line holds in the narrowest glyphs


def _wrap(text: str, font: str, width: float) -> list[str]:
    """Greedy word wrap by measured width; over-long words are cut by characters."""
    if not text.strip():
        return []
    lines: list[str] = []
    current = ""
    for word in text.split(" "):
        candidate = f"{current} {word}" if current else word
        if pdfmetrics.stringWidth(candidate, font, FONT_SIZE) <= width:
            current = candidate
            continue
        if current:
            lines.append(current)
        current = ""
        # An over-long word is cut into lines from a moving start, measuring no more than
        # one line's worth of characters at a time: a 10 MB "word" stays linear.
        start = 0
        while True:
            window = word[start : start + _MAX_LINE_CHARS]
            if start + len(window) == len(word) and (
                pdfmetrics.stringWidth(window, font, FONT_SIZE) <= width
            ):
                break
            cut = len(window)
            while cut > 1 and pdfmetrics.stringWidth(window[:cut], font, FONT_SIZE) > width:
                cut = max(1, int(cut * 0.8))
            lines.append(window[:cut])
            start += cut
        current = word[start:]
    if current:
        lines.append(current)
    return lines
