"""Content-stream rewriting: find each glyph's box and drop the glyphs and image pixels under a box.

Walks the operators with the graphics and text state (CTM, Tm, Tf, Tc, Tw, Tz, Ts), descends
into form XObjects with their /Matrix, and re-spaces the kept glyphs with TJ adjustments.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Any

import pikepdf

from extraction.document import Box
from redaction.images import ImageUndecodable, paint_image, pixel_rects
from redaction.pdf_fonts import FontCache, FontInfo

Matrix = tuple[float, float, float, float, float, float]
IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
_MAX_FORM_DEPTH = 12
# A glyph goes when this share of its box is under a redaction box (or its centre is): the
# boxes come from another engine whose glyph boxes are tighter or looser than ours.
_COVER_SHARE = 0.15
_PATH_OPS = frozenset({"m", "l", "c", "v", "y", "re"})
_PAINT_OPS = frozenset({"S", "s", "f", "F", "f*", "B", "B*", "b", "b*"})
_HIDDEN_TEXT_KEYS = ("/ActualText", "/Alt", "/E")


class NeedsRaster(Exception):
    """This page cannot be redacted as vector content; the caller rasterises it."""


def mul(m1: Matrix, m2: Matrix) -> Matrix:
    """m1 then m2 (PDF row-vector convention: m1 x m2)."""
    a1, b1, c1, d1, e1, f1 = m1
    a2, b2, c2, d2, e2, f2 = m2
    return (
        a1 * a2 + b1 * c2,
        a1 * b2 + b1 * d2,
        c1 * a2 + d1 * c2,
        c1 * b2 + d1 * d2,
        e1 * a2 + f1 * c2 + e2,
        e1 * b2 + f1 * d2 + f2,
    )


def transform_box(m: Matrix, x0: float, y0: float, x1: float, y1: float) -> Box:
    """The axis-aligned box in the target space around a transformed rectangle."""
    a, b, c, d, e, f = m
    if b == 0 and c == 0:
        xa, xb = a * x0 + e, a * x1 + e
        ya, yb = d * y0 + f, d * y1 + f
        return Box(min(xa, xb), min(ya, yb), max(xa, xb), max(ya, yb))
    xs = [a * x + c * y + e for x, y in ((x0, y0), (x1, y0), (x0, y1), (x1, y1))]
    ys = [b * x + d * y + f for x, y in ((x0, y0), (x1, y0), (x0, y1), (x1, y1))]
    return Box(min(xs), min(ys), max(xs), max(ys))


def _matrix(operands: Sequence[Any]) -> Matrix:
    vals = [float(v) for v in operands[:6]]
    if len(vals) != 6:
        raise NeedsRaster("malformed matrix operand")
    return (vals[0], vals[1], vals[2], vals[3], vals[4], vals[5])


def _overlap(a: Box, b: Box) -> float:
    w = min(a.x1, b.x1) - max(a.x0, b.x0)
    h = min(a.y1, b.y1) - max(a.y0, b.y0)
    return w * h if w > 0 and h > 0 else 0.0


def covered(glyph: Box, box: Box) -> bool:
    """Whether a glyph counts as under a redaction box."""
    cx, cy = (glyph.x0 + glyph.x1) / 2, (glyph.y0 + glyph.y1) / 2
    if box.x0 <= cx <= box.x1 and box.y0 <= cy <= box.y1:
        return True
    overlap = _overlap(glyph, box)
    if overlap <= 0:
        return False
    area = (glyph.x1 - glyph.x0) * (glyph.y1 - glyph.y0)
    # A box drawn tight round a comma's ink is small beside our advance-width glyph box:
    # then most of the box lying on the glyph is what counts.
    box_area = (box.x1 - box.x0) * (box.y1 - box.y0)
    return overlap >= _COVER_SHARE * area or overlap >= 0.5 * box_area


@dataclass(slots=True)
class BoxTally:
    """What happened under one redaction box (mutable while a page is walked)."""

    glyphs: int = 0
    images: int = 0
    images_replaced: int = 0
    forms: int = 0
    vector_paths: int = 0


@dataclass(slots=True)
class _State:
    ctm: Matrix = IDENTITY
    font: FontInfo | None = None
    size: float = 0.0
    tc: float = 0.0
    tw: float = 0.0
    th: float = 1.0
    tl: float = 0.0
    rise: float = 0.0


@dataclass(slots=True)
class _Resources:
    """A resource dictionary copied on first write, so shared dictionaries are never changed."""

    pdf: pikepdf.Pdf
    original: pikepdf.Dictionary | None
    copy: pikepdf.Dictionary | None = None
    names: set[str] = field(default_factory=set)
    replaced: set[str] = field(default_factory=set)

    def lookup(self, category: str, name: str) -> pikepdf.Object | None:
        res = self.copy if self.copy is not None else self.original
        if res is None:
            return None
        group = res.get(category)
        if not isinstance(group, pikepdf.Dictionary):
            return None
        found = group.get(name)
        return found if isinstance(found, pikepdf.Object) else None

    def add(self, category: str, prefix: str, obj: pikepdf.Object) -> pikepdf.Name:
        if self.copy is None:
            self.copy = pikepdf.Dictionary()
            if self.original is not None:
                for key, value in self.original.items():
                    self.copy[key] = value
        group = self.copy.get(category)
        fresh = pikepdf.Dictionary()
        if isinstance(group, pikepdf.Dictionary):
            for key, value in group.items():
                fresh[key] = value
        self.copy[category] = fresh
        n = len(fresh) + 1
        while f"/{prefix}{n}" in fresh or f"/{prefix}{n}" in self.names:
            n += 1
        name = pikepdf.Name(f"/{prefix}{n}")
        self.names.add(str(name))
        fresh[name] = obj
        return name

    def result(self) -> pikepdf.Dictionary | None:
        return self.copy if self.copy is not None else self.original


Op = tuple[list[Any], pikepdf.Operator]


class PageRewriter:
    """Rewrites one page's content (and the forms it draws) against a set of boxes."""

    def __init__(
        self,
        pdf: pikepdf.Pdf,
        fonts: FontCache,
        boxes: Sequence[Box],
        tallies: Sequence[BoxTally],
    ) -> None:
        self.pdf = pdf
        self.fonts = fonts
        self.boxes = list(boxes)
        self.tallies = list(tallies)
        self.resource_dicts: list[pikepdf.Dictionary] = []

    def rewrite_page(self, page: pikepdf.Dictionary) -> tuple[bytes, pikepdf.Dictionary | None]:
        """The page's new content bytes and its (possibly copied) resources."""
        try:
            ops = list(pikepdf.parse_content_stream(page))
        except pikepdf.PdfError as exc:
            raise NeedsRaster("content stream could not be parsed") from exc
        res = _inherited(page, "/Resources")
        resources = _Resources(self.pdf, res if isinstance(res, pikepdf.Dictionary) else None)
        out, _changed, depth = self._walk(ops, resources, IDENTITY, 0, top=True)
        _drop_replaced(resources, out)
        self._check_patterns()
        body = pikepdf.unparse_content_stream(out)
        # Close what the page left open so the boxes drawn after it sit in default space.
        return b"q\n" + body + b"\nQ" * depth + b"\nQ\n", resources.result()

    def _check_patterns(self) -> None:
        for res in self.resource_dicts:
            patterns = res.get("/Pattern")
            if not isinstance(patterns, pikepdf.Dictionary):
                continue
            for pattern in patterns.values():
                if not isinstance(pattern, pikepdf.Stream):
                    continue  # shading patterns carry no text or images
                try:
                    data = pattern.read_bytes()
                except pikepdf.PdfError as exc:
                    raise NeedsRaster("unreadable tiling pattern") from exc
                if any(tok in data for tok in (b"Tj", b"TJ", b"Do", b"BI", b"'", b'"')):
                    # Pattern space is anchored to the page, not to where it is used, and
                    # one cell repeats across the page: rasterising is the safe answer.
                    raise NeedsRaster("text or images inside a tiling pattern")

    def _walk(
        self,
        ops: list[Any],
        resources: _Resources,
        ctm: Matrix,
        depth: int,
        *,
        top: bool = False,
    ) -> tuple[list[Op], bool, int]:
        if depth > _MAX_FORM_DEPTH:
            raise NeedsRaster("form XObjects nested too deeply")
        own = resources.original
        if own is not None and all(own is not r for r in self.resource_dicts):
            self.resource_dicts.append(own)
        state = _State(ctm=ctm)
        stack: list[_State] = []
        tm: Matrix = IDENTITY
        tlm: Matrix = IDENTITY
        path: Box | None = None
        changed = False
        out: list[Op] = []
        for instr in ops:
            if isinstance(instr, pikepdf.ContentStreamInlineImage):
                new = self._inline_image(instr, resources, state.ctm)
                if new is not None:
                    out.append(new)
                    changed = True
                else:
                    out.append(([instr.iimage], pikepdf.Operator("INLINE IMAGE")))
                continue
            operands = list(instr.operands)
            op = str(instr.operator)
            emit: list[Op] | None = None
            if op == "q":
                stack.append(replace(state))
            elif op == "Q":
                if stack:
                    state = stack.pop()
                elif top:
                    continue  # an unbalanced Q would pop our own wrapper's q
            elif op == "cm":
                state.ctm = mul(_matrix(operands), state.ctm)
            elif op == "BT":
                tm = tlm = IDENTITY
            elif op == "Tf" and len(operands) >= 2:
                font = resources.lookup("/Font", str(operands[0]))
                state.font = self.fonts.get(font) if font is not None else None
                state.size = float(operands[1])
            elif op == "Tc" and operands:
                state.tc = float(operands[0])
            elif op == "Tw" and operands:
                state.tw = float(operands[0])
            elif op == "Tz" and operands:
                state.th = float(operands[0]) / 100.0
            elif op == "TL" and operands:
                state.tl = float(operands[0])
            elif op == "Ts" and operands:
                state.rise = float(operands[0])
            elif op in ("Td", "TD") and len(operands) >= 2:
                tx, ty = float(operands[0]), float(operands[1])
                if op == "TD":
                    state.tl = -ty
                tlm = mul((1.0, 0.0, 0.0, 1.0, tx, ty), tlm)
                tm = tlm
            elif op == "Tm" and len(operands) >= 6:
                tm = tlm = _matrix(operands)
            elif op == "T*":
                tlm = mul((1.0, 0.0, 0.0, 1.0, 0.0, -state.tl), tlm)
                tm = tlm
            elif op in ("Tj", "TJ", "'", '"'):
                prefix: list[Op] = []
                if op in ("'", '"'):
                    if op == '"' and len(operands) >= 3:
                        state.tw, state.tc = float(operands[0]), float(operands[1])
                        prefix = [
                            ([operands[0]], pikepdf.Operator("Tw")),
                            ([operands[1]], pikepdf.Operator("Tc")),
                        ]
                    prefix.append(([], pikepdf.Operator("T*")))
                    tlm = mul((1.0, 0.0, 0.0, 1.0, 0.0, -state.tl), tlm)
                    tm = tlm
                if not operands:
                    out.append((operands, instr.operator))
                    continue
                arg = operands[-1]
                elements = list(arg) if op == "TJ" else [arg]
                new_elements, advance = self._show(elements, state, tm)
                tm = mul((1.0, 0.0, 0.0, 1.0, advance, 0.0), tm)
                if new_elements is not None:
                    emit = [*prefix, ([pikepdf.Array(new_elements)], pikepdf.Operator("TJ"))]
                    changed = True
            elif op == "Do" and operands:
                emit, did = self._do(operands[0], resources, state.ctm, depth)
                changed = changed or did
            elif op == "BDC" and len(operands) >= 2 and isinstance(operands[1], pikepdf.Dictionary):
                props = operands[1]
                if any(key in props for key in _HIDDEN_TEXT_KEYS):
                    # ActualText/Alt replace the glyphs for extractors: the removed words
                    # may be spelled out there.
                    clean = pikepdf.Dictionary(
                        {k: v for k, v in props.items() if k not in _HIDDEN_TEXT_KEYS}
                    )
                    emit = [([operands[0], clean], instr.operator)]
                    changed = True
            elif op in _PATH_OPS and self.boxes:
                path = self._extend_path(path, op, operands, state.ctm)
            elif op in _PAINT_OPS or op == "n":
                if op != "n" and path is not None:
                    for box, tally in zip(self.boxes, self.tallies, strict=True):
                        if path.intersects(box):
                            tally.vector_paths += 1
                path = None
            if emit is None:
                out.append((operands, instr.operator))
            else:
                out.extend(emit)
        return out, changed, len(stack) if top else 0

    @staticmethod
    def _extend_path(path: Box | None, op: str, operands: list[Any], ctm: Matrix) -> Box | None:
        try:
            nums = [float(v) for v in operands]
        except (TypeError, ValueError):
            return path
        if op == "re" and len(nums) == 4:
            x, y, w, h = nums
            part = transform_box(ctm, min(x, x + w), min(y, y + h), max(x, x + w), max(y, y + h))
        elif len(nums) >= 2:
            xs, ys = nums[0::2], nums[1::2]
            part = transform_box(ctm, min(xs), min(ys), max(xs), max(ys))
        else:
            return path
        return part if path is None else path.union(part)

    def _show(
        self, elements: list[Any], state: _State, tm: Matrix
    ) -> tuple[list[Any] | None, float]:
        """New TJ elements (None when nothing is removed) and the horizontal advance."""
        font = state.font
        if font is None:
            raise NeedsRaster("text shown with a font missing from the resources")
        if not font.supported or not font.trusted:
            raise NeedsRaster(f"font {font.name}: {font.reason}")
        fs, th = state.size, state.th
        tc, tw = state.tc, state.tw
        widths, default_width = font.widths, font.default_width
        word_space = font.code_bytes == 1
        # (code, x start, x end, advance) per glyph, in text space
        parts: list[tuple[int, float, float, float] | float] = []
        u = 0.0
        lo = hi = 0.0
        for el in elements:
            if isinstance(el, pikepdf.String):
                for code in font.split(bytes(el)):
                    w = widths.get(code, default_width)
                    extra = tw if word_space and code == 32 else 0.0
                    adv = (w * fs + tc + extra) * th
                    end = u + w * fs * th
                    parts.append((code, u, end, adv))
                    # min()/max() calls per glyph were a hot spot on big documents
                    if u < lo:
                        lo = u
                    elif u > hi:
                        hi = u
                    if end < lo:
                        lo = end
                    elif end > hi:
                        hi = end
                    u += adv
            else:
                try:
                    moved = -float(el) / 1000.0 * fs * th
                except (TypeError, ValueError):
                    continue
                parts.append(float(el))
                u += moved
        if not self.boxes or not parts:
            return None, u
        m = mul(tm, state.ctm)
        y0, y1 = sorted((state.rise + font.descent * fs, state.rise + font.ascent * fs))
        whole = transform_box(m, lo, y0, hi, y1)
        near = [i for i, box in enumerate(self.boxes) if whole.intersects(box)]
        if not near:
            return None, u
        removed = self._covered_glyphs(parts, m, y0, y1, near)
        if not removed:
            return None, u
        if fs == 0:
            raise NeedsRaster("glyphs to remove are shown at font size 0")
        new: list[Any] = []
        run: list[int] = []

        def flush() -> None:
            if run:
                new.append(pikepdf.String(font.encode(run)))
                run.clear()

        def shift(value: float) -> None:
            if new and not isinstance(new[-1], pikepdf.String):
                value += float(new[-1])
                new.pop()
            new.append(round(value, 4))

        for index, part in enumerate(parts):
            if isinstance(part, float):
                flush()
                shift(part)
            elif index in removed:
                flush()
                # TJ numbers move by -n/1000 * Tfs * Th; the glyph moved by
                # (w * Tfs + Tc + Tw) * Th, so Th cancels out.
                shift(-(part[3] / th if th else 0.0) * 1000.0 / fs)
            else:
                run.append(part[0])
        flush()
        if th == 0:
            raise NeedsRaster("glyphs to remove are shown with zero horizontal scaling")
        return new, u

    def _covered_glyphs(
        self,
        parts: list[tuple[int, float, float, float] | float],
        m: Matrix,
        y0: float,
        y1: float,
        near: list[int],
    ) -> set[int]:
        """Indexes of the glyphs in ``parts`` that a box in ``near`` covers (tallied per box).

        A glyph can only be covered when its box touches the redaction box (edges included):
        that cheap test runs first, so ``covered`` is only called for glyphs near a box.
        """
        removed: set[int] = set()
        a, b, c, d, e, f = m
        glyphs = [(i, p) for i, p in enumerate(parts) if isinstance(p, tuple)]
        if not (b == 0 and c == 0):
            for index, (_code, start, end, _adv) in glyphs:
                glyph = transform_box(m, min(start, end), y0, max(start, end), y1)
                for i in near:
                    if covered(glyph, self.boxes[i]):
                        self.tallies[i].glyphs += 1
                        removed.add(index)
            return removed
        gy0, gy1 = sorted((d * y0 + f, d * y1 + f))
        spans = []
        for index, (_code, start, end, _adv) in glyphs:
            gx0, gx1 = a * start + e, a * end + e
            spans.append((index, gx0, gx1) if gx0 <= gx1 else (index, gx1, gx0))
        for i in near:
            box = self.boxes[i]
            if box.y0 > gy1 or gy0 > box.y1:
                continue
            bx0, bx1 = box.x0, box.x1
            tally = self.tallies[i]
            for index, gx0, gx1 in spans:
                if gx0 <= bx1 and bx0 <= gx1 and covered(Box(gx0, gy0, gx1, gy1), box):
                    tally.glyphs += 1
                    removed.add(index)
        return removed

    def _do(
        self, name: Any, resources: _Resources, ctm: Matrix, depth: int
    ) -> tuple[list[Op] | None, bool]:
        xobj = resources.lookup("/XObject", str(name))
        if not isinstance(xobj, pikepdf.Stream):
            return None, False
        subtype = str(xobj.get("/Subtype", ""))
        if subtype == "/Image":
            new_image = self._image(xobj, ctm, resources)
            if new_image is None:
                return None, False
            new_name = resources.add("/XObject", "CdIm", new_image)
            resources.replaced.add(str(name))
            return [([new_name], pikepdf.Operator("Do"))], True
        if subtype != "/Form":
            return None, False
        matrix = xobj.get("/Matrix")
        form_m = _matrix(list(matrix)) if isinstance(matrix, pikepdf.Array) else IDENTITY
        form_ctm = mul(form_m, ctm)
        bbox = xobj.get("/BBox")
        if isinstance(bbox, pikepdf.Array) and len(bbox) == 4:
            bx = [float(v) for v in bbox]
            area = transform_box(form_ctm, min(bx[0], bx[2]), min(bx[1], bx[3]),
                                 max(bx[0], bx[2]), max(bx[1], bx[3]))  # fmt: skip
            if not any(area.intersects(box) for box in self.boxes):
                return None, False
        try:
            ops = list(pikepdf.parse_content_stream(xobj))
        except pikepdf.PdfError as exc:
            raise NeedsRaster("form XObject content could not be parsed") from exc
        own = xobj.get("/Resources")
        form_res = _Resources(
            self.pdf, own if isinstance(own, pikepdf.Dictionary) else resources.result()
        )
        new_ops, changed, _ = self._walk(ops, form_res, form_ctm, depth + 1)
        if not changed:
            return None, False
        _drop_replaced(form_res, new_ops)
        form = self.pdf.make_stream(pikepdf.unparse_content_stream(new_ops))
        for key, value in xobj.items():
            if key not in ("/Length", "/Filter", "/DecodeParms"):
                form[key] = value
        if form_res.result() is not None:
            form.Resources = form_res.result()
        for i, box in enumerate(self.boxes):
            if area_hits(form_ctm, xobj, box):
                self.tallies[i].forms += 1
        new_name = resources.add("/XObject", "CdFm", form)
        resources.replaced.add(str(name))
        return [([new_name], pikepdf.Operator("Do"))], True

    def _image(
        self, image: pikepdf.Stream, ctm: Matrix, resources: _Resources
    ) -> pikepdf.Stream | None:
        placed = transform_box(ctm, 0.0, 0.0, 1.0, 1.0)
        hits = [i for i, box in enumerate(self.boxes) if _overlap(placed, box) > 0]
        if not hits:
            return None
        width = int(image.get("/Width", 0))
        height = int(image.get("/Height", 0))
        rects = pixel_rects(ctm, [self.boxes[i] for i in hits], width, height)
        if not rects:
            return None
        try:
            new = paint_image(self.pdf, image, rects)
        except ImageUndecodable as exc:
            raise NeedsRaster("image could not be decoded") from exc
        for i in hits:
            self.tallies[i].images += 1
        return new

    def _inline_image(
        self, instr: pikepdf.ContentStreamInlineImage, resources: _Resources, ctm: Matrix
    ) -> Op | None:
        placed = transform_box(ctm, 0.0, 0.0, 1.0, 1.0)
        if not any(_overlap(placed, box) > 0 for box in self.boxes):
            return None
        iimage = instr.iimage
        meta = pikepdf.Dictionary()
        for key, value in iimage.obj.items():
            meta[key] = value
        meta.Type = pikepdf.Name.XObject
        meta.Subtype = pikepdf.Name.Image
        cs = meta.get("/ColorSpace")
        if isinstance(cs, pikepdf.Name) and str(cs) not in (
            "/DeviceGray",
            "/DeviceRGB",
            "/DeviceCMYK",
        ):
            named = resources.lookup("/ColorSpace", str(cs))
            if named is None:
                raise NeedsRaster("inline image with an unknown colour space")
            meta.ColorSpace = named
        stream = self.pdf.make_stream(iimage.read_raw_bytes(), meta)
        new = self._image(stream, ctm, resources)
        name = resources.add("/XObject", "CdIm", new if new is not None else stream)
        return ([name], pikepdf.Operator("Do"))


def _drop_replaced(resources: _Resources, ops: list[Op]) -> None:
    """Remove replaced XObjects no longer drawn: else the unredacted original stays in the file."""
    if resources.copy is None or not resources.replaced:
        return
    used = {str(operands[0]) for operands, op in ops if str(op) == "Do" and operands}
    group = resources.copy.get("/XObject")
    if not isinstance(group, pikepdf.Dictionary):
        return
    for name in resources.replaced - used:
        if name in group:
            del group[name]


def area_hits(ctm: Matrix, form: pikepdf.Stream, box: Box) -> bool:
    bbox = form.get("/BBox")
    if not isinstance(bbox, pikepdf.Array) or len(bbox) != 4:
        return True
    bx = [float(v) for v in bbox]
    area = transform_box(ctm, min(bx[0], bx[2]), min(bx[1], bx[3]), max(bx[0], bx[2]),
                         max(bx[1], bx[3]))  # fmt: skip
    return area.intersects(box)


def _inherited(page: pikepdf.Dictionary, key: str) -> pikepdf.Object | None:
    node: pikepdf.Object | None = page
    for _ in range(64):  # the page tree is shallow; a cycle must not hang us
        if not isinstance(node, pikepdf.Dictionary):
            return None
        if key in node:
            value = node.get(key)
            return value if isinstance(value, pikepdf.Object) else None
        node = node.get("/Parent")
    return None


def inherited(page: pikepdf.Dictionary, key: str) -> pikepdf.Object | None:
    """A page attribute looked up through the page tree (/Resources, /MediaBox, /CropBox...)."""
    return _inherited(page, key)
