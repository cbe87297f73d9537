"""Draw each redaction box as an opaque rectangle with its exemption code in white.

Labels are page content, never annotations; on a rotated page they read upright for the viewer.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import pikepdf

from extraction.document import Box
from redaction.pdf_fonts import text_width

_MIN_SIZE = 3.0
_MAX_SIZE = 11.0
_CAP_HEIGHT = 0.718  # Helvetica


def helvetica(pdf: pikepdf.Pdf) -> pikepdf.Object:
    """A standard Helvetica font resource (no embedding: one of the PDF standard 14)."""
    return pdf.make_indirect(
        pikepdf.Dictionary(
            Type=pikepdf.Name.Font,
            Subtype=pikepdf.Name.Type1,
            BaseFont=pikepdf.Name.Helvetica,
            Encoding=pikepdf.Name.WinAnsiEncoding,
        )
    )


def clip(box: Box, visible: Box) -> Box | None:
    """The part of a box on the visible page, or None when it is entirely off the page."""
    x0, y0 = max(box.x0, visible.x0), max(box.y0, visible.y0)
    x1, y1 = min(box.x1, visible.x1), min(box.y1, visible.y1)
    return Box(x0, y0, x1, y1) if x1 > x0 and y1 > y0 else None


def _frame(box: Box, rotate: int) -> tuple[tuple[float, ...], float, float]:
    """Matrix from the viewer's upright frame of the box to user space, and its width, height."""
    w, h = box.x1 - box.x0, box.y1 - box.y0
    if rotate == 90:
        return (0.0, 1.0, -1.0, 0.0, box.x1, box.y0), h, w
    if rotate == 180:
        return (-1.0, 0.0, 0.0, -1.0, box.x1, box.y1), w, h
    if rotate == 270:
        return (0.0, -1.0, 1.0, 0.0, box.x0, box.y1), h, w
    return (1.0, 0.0, 0.0, 1.0, box.x0, box.y0), w, h


def fit_label(text: str, width: float, height: float) -> float | None:
    """The font size at which ``text`` fits in a width x height box, or None."""
    if not text:
        return None
    pad = min(2.0, width * 0.1, height * 0.1)
    by_height = (height - 2 * pad) / 0.95
    one_point = text_width(text, 1.0)
    by_width = (width - 2 * pad) / one_point if one_point else by_height
    size = min(by_height, by_width, _MAX_SIZE)
    return size if size >= _MIN_SIZE else None


def _outward(box: Box) -> tuple[float, float, float, float]:
    """The box's ``re`` operands at 0.1 pt (0.035 mm), rounded outwards so it never shrinks:
    more digits were a quarter of a densely redacted page's compressed size."""
    x0, y0 = math.floor(box.x0 * 10) / 10, math.floor(box.y0 * 10) / 10
    x1, y1 = math.ceil(box.x1 * 10) / 10, math.ceil(box.y1 * 10) / 10
    return x0, y0, round(x1 - x0, 1), round(y1 - y0, 1)


def label_ops(
    boxes: Sequence[tuple[Box, str]], font_name: pikepdf.Name, rotate: int
) -> tuple[list[tuple[list[Any], pikepdf.Operator]], list[bool]]:
    """Operators drawing each (box, text); and for each, whether its text fitted.

    All boxes in one fill, all labels in one text object with the text state reset once and
    positions relative to the previous label: per-box state and full-precision numbers made
    the labels most of a densely redacted page's content (its size, and the time every engine
    of the release gate spends parsing it).
    """
    ops: list[tuple[list[Any], pikepdf.Operator]] = []
    fitted: list[bool] = []

    def emit(operands: list[Any], op: str) -> None:
        ops.append((operands, pikepdf.Operator(op)))

    if not boxes:
        return ops, fitted
    emit([], "q")
    emit([0], "g")
    for box, _text in boxes:
        emit(list(_outward(box)), "re")
    emit([], "f")  # every box in one fill: the labels' white text is drawn above them all
    emit([], "BT")
    emit([1], "g")
    # Text state survives ET and the page's own content: reset all of it for the labels
    # (nothing below changes it again before the closing Q).
    for value, op in ((0, "Tr"), (0, "Tc"), (0, "Tw"), (100, "Tz"), (0, "Ts")):
        emit([value], op)
    last_size: float | None = None
    last_origin: tuple[float, float] | None = None
    for box, text in boxes:
        matrix, w, h = _frame(box, rotate)
        shown = text
        size = fit_label(shown, w, h)
        if size is None and " " in text:
            shown = text.split(" ", 1)[0]  # the exemption code alone
            size = fit_label(shown, w, h)
        fitted.append(size is not None)
        if size is None:
            continue
        size = math.floor(size * 4) / 4  # down, in quarter points: it must still fit
        pad = min(2.0, w * 0.1, h * 0.1)
        lx, ly = pad, (h - size * _CAP_HEIGHT) / 2
        a, b, c, d, e, f = matrix
        x, y = round(e + a * lx + c * ly, 1), round(f + b * lx + d * ly, 1)
        if size != last_size:
            last_size = size
            emit([font_name, size], "Tf")
        if rotate == 0 and last_origin is not None:
            # Td moves from the last label's origin (same unrotated frame): short numbers
            # that repeat from line to line compress far better than absolute positions.
            emit([round(x - last_origin[0], 1), round(y - last_origin[1], 1)], "Td")
        else:
            emit([a, b, c, d, x, y], "Tm")
        last_origin = (x, y)
        emit([pikepdf.String(shown.encode("cp1252", errors="replace"))], "Tj")
    emit([], "ET")
    emit([], "Q")
    return ops, fitted
