"""Overwrite the pixels of an image XObject that lie under redaction boxes.

Raw samples are blanked in place for every colour space and bit depth the generic filters
decode; JPEG/JPX/CCITT/JBIG2 go through Pillow (pikepdf.PdfImage) and are re-encoded.
"""

from __future__ import annotations

import io
import math
import zlib
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import pikepdf
from PIL import ImageDraw

from core.errors import ImageTooLarge
from extraction.document import Box

if TYPE_CHECKING:
    from redaction.content import Matrix

_SPECIAL_FILTERS = frozenset({"/DCTDecode", "/JPXDecode", "/CCITTFaxDecode", "/JBIG2Decode"})
_COMPONENTS = {
    "/DeviceGray": 1,
    "/CalGray": 1,
    "/G": 1,
    "/DeviceRGB": 3,
    "/CalRGB": 3,
    "/RGB": 3,
    "/Lab": 3,
    "/DeviceCMYK": 4,
    "/CMYK": 4,
    "/Indexed": 1,
    "/I": 1,
    "/Separation": 1,
}

MAX_PIXELS = 150_000_000
PixelRect = tuple[int, int, int, int]  # x0, y0, x1, y1 with row 0 at the top of the image


class ImageUndecodable(Exception):
    """The image's samples cannot be read, so its pixels cannot be overwritten selectively."""


def pixel_rects(ctm: Matrix, boxes: Sequence[Box], width: int, height: int) -> list[PixelRect]:
    """Pixel rectangles of an image drawn in the unit square under ``ctm`` covered by boxes."""
    a, b, c, d, e, f = ctm
    det = a * d - b * c
    if width <= 0 or height <= 0 or abs(det) < 1e-12:
        return []
    rects: list[PixelRect] = []
    for box in boxes:
        us: list[float] = []
        vs: list[float] = []
        for x, y in ((box.x0, box.y0), (box.x1, box.y0), (box.x0, box.y1), (box.x1, box.y1)):
            # invert the CTM: user space -> unit square of the image
            dx, dy = x - e, y - f
            us.append((d * dx - c * dy) / det)
            vs.append((-b * dx + a * dy) / det)
        # Round outwards: a partly covered pixel is overwritten too.
        x0 = max(0, math.floor(min(us) * width))
        x1 = min(width, math.ceil(max(us) * width))
        y0 = max(0, math.floor((1.0 - max(vs)) * height))
        y1 = min(height, math.ceil((1.0 - min(vs)) * height))
        if x1 > x0 and y1 > y0:
            rects.append((x0, y0, x1, y1))
    return rects


def _components(cs: Any) -> int:
    if isinstance(cs, pikepdf.Name):
        return _COMPONENTS.get(str(cs), 0)
    if isinstance(cs, pikepdf.Array) and len(cs) > 0:
        family = str(cs[0])
        if family == "/ICCBased" and isinstance(cs[1], pikepdf.Stream):
            return int(cs[1].get("/N", 0))
        if family in ("/DeviceN", "/NChannel") and isinstance(cs[1], pikepdf.Array):
            return len(cs[1])
        return _COMPONENTS.get(family, 0)
    return 0


def _filters(image: pikepdf.Stream) -> list[str]:
    filt = image.get("/Filter")
    if isinstance(filt, pikepdf.Array):
        return [str(f) for f in filt]
    return [str(filt)] if filt is not None else []


def paint_image(
    pdf: pikepdf.Pdf,
    image: pikepdf.Stream,
    rects: Sequence[PixelRect],
) -> pikepdf.Stream:
    """A new image stream equal to ``image`` with ``rects`` blanked (its /SMask too)."""
    width, height = int(image.get("/Width", 0)), int(image.get("/Height", 0))
    if width * height > MAX_PIXELS:
        # Decoding would need gigabytes (a decompression bomb, or a 1,200 dpi poster).
        raise ImageTooLarge(
            f"an image of {width}x{height} pixels lies under a redaction box; too large to redact"
        )
    if any(f in _SPECIAL_FILTERS for f in _filters(image)):
        new = _paint_with_pillow(pdf, image, rects)
    else:
        try:
            new = _paint_raw(pdf, image, rects)
        except ImageUndecodable:
            new = _paint_with_pillow(pdf, image, rects)
    smask = image.get("/SMask")
    if isinstance(smask, pikepdf.Stream):
        sw, sh = int(smask.get("/Width", 0)), int(smask.get("/Height", 0))
        w, h = int(image.get("/Width", 1)), int(image.get("/Height", 1))
        scaled = [
            (x0 * sw // w, y0 * sh // h, -(-x1 * sw // w), -(-y1 * sh // h))
            for x0, y0, x1, y1 in rects
        ]
        new.SMask = paint_image(pdf, smask, scaled)
    return new


def _paint_raw(
    pdf: pikepdf.Pdf, image: pikepdf.Stream, rects: Sequence[PixelRect]
) -> pikepdf.Stream:
    width, height = int(image.get("/Width", 0)), int(image.get("/Height", 0))
    mask = bool(image.get("/ImageMask", False))
    bpc = 1 if mask else int(image.get("/BitsPerComponent", 8))
    ncomp = 1 if mask else _components(image.get("/ColorSpace"))
    if ncomp == 0 or bpc not in (1, 2, 4, 8, 16) or width <= 0 or height <= 0:
        raise ImageUndecodable("unknown colour space or bit depth")
    try:
        # "specialized" adds RunLengthDecode to the generic filters; lossy ones stay encoded.
        data = bytearray(image.read_bytes(decode_level=pikepdf.StreamDecodeLevel.specialized))
    except pikepdf.PdfError as exc:
        raise ImageUndecodable("filter could not be decoded") from exc
    row = (width * ncomp * bpc + 7) // 8
    if len(data) < row * height:
        data.extend(b"\0" * (row * height - len(data)))
    # For a stencil mask, set the samples to "not painted" (1 unless /Decode inverts it);
    # for colour images any constant will do: the opaque box is drawn on top.
    fill_one = False
    if mask:
        decode = image.get("/Decode")
        fill_one = not (
            isinstance(decode, pikepdf.Array) and len(decode) > 0 and float(decode[0]) == 1
        )
    sample_bits = ncomp * bpc
    for x0, y0, x1, y1 in rects:
        b0, b1 = x0 * sample_bits, x1 * sample_bits
        for y in range(y0, y1):
            start = y * row
            if b0 % 8 == 0 and b1 % 8 == 0:
                data[start + b0 // 8 : start + b1 // 8] = (b"\xff" if fill_one else b"\0") * (
                    (b1 - b0) // 8
                )
                continue
            bits = int.from_bytes(data[start : start + row], "big")
            span = ((1 << (b1 - b0)) - 1) << (row * 8 - b1)
            bits = bits | span if fill_one else bits & ~span
            data[start : start + row] = bits.to_bytes(row, "big")
    new = pdf.make_stream(zlib.compress(bytes(data), 6))
    for key, value in image.items():
        if key not in ("/Length", "/Filter", "/DecodeParms", "/SMask"):
            new[key] = value
    new.Filter = pikepdf.Name.FlateDecode
    return new


def _paint_with_pillow(
    pdf: pikepdf.Pdf, image: pikepdf.Stream, rects: Sequence[PixelRect]
) -> pikepdf.Stream:
    try:
        pil = pikepdf.PdfImage(image).as_pil_image()
    except Exception as exc:
        raise ImageUndecodable(type(exc).__name__) from exc
    mask = bool(image.get("/ImageMask", False))
    if pil.mode not in ("1", "L", "RGB", "CMYK"):
        pil = pil.convert("RGB")
    draw = ImageDraw.Draw(pil)
    fill: int | tuple[int, ...] = 0 if pil.mode in ("1", "L") else (0,) * len(pil.getbands())
    if mask:
        fill = 1  # in Pillow's "1" mode a set bit is white: not painted through the stencil
    for x0, y0, x1, y1 in rects:
        draw.rectangle((x0, y0, x1 - 1, y1 - 1), fill=fill)
    keep = {k: v for k, v in image.items() if k not in ("/Length", "/Filter", "/DecodeParms",
            "/SMask", "/Decode", "/ColorSpace", "/BitsPerComponent")}  # fmt: skip
    if pil.mode in ("L", "RGB") and "/DCTDecode" in _filters(image):
        buf = io.BytesIO()
        pil.save(buf, format="JPEG", quality=90)
        new = pdf.make_stream(buf.getvalue())
        new.Filter = pikepdf.Name.DCTDecode
    else:
        new = pdf.make_stream(zlib.compress(pil.tobytes(), 6))
        new.Filter = pikepdf.Name.FlateDecode
    for key, value in keep.items():
        new[key] = value
    new.Width, new.Height = pil.size[0], pil.size[1]
    if not mask:
        new.BitsPerComponent = 1 if pil.mode == "1" else 8
        new.ColorSpace = _colour_space(image.get("/ColorSpace"), pil.mode)
    else:
        new.BitsPerComponent = 1
        if pil.mode != "1":
            raise ImageUndecodable("stencil mask decoded to a colour image")
        # Pillow gives painted samples as 0 (black), matching the default /Decode [0 1].
    return new


def _colour_space(original: Any, mode: str) -> pikepdf.Object:
    wanted = {"1": 1, "L": 1, "RGB": 3, "CMYK": 4}[mode]
    if (
        isinstance(original, pikepdf.Array)
        and str(original[0]) == "/ICCBased"
        and _components(original) == wanted
    ):
        return original
    return pikepdf.Name({1: "/DeviceGray", 3: "/DeviceRGB", 4: "/DeviceCMYK"}[wanted])
