"""OCR with the Tesseract command line (eng+fra, TSV output): words with pixel boxes -> page text.

One Tesseract process per chunk of pages (start-up is not free), one thread each
(``OMP_THREAD_LIMIT=1``: 2.7x faster on a shared 2-core machine), under a timeout.
"""

from __future__ import annotations

import csv
import io
import os
import pathlib
import signal
import subprocess
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from PIL import Image, ImageFilter

from core.errors import OcrFailed, ToolMissing
from extraction.document import Box

LANGUAGES = "eng+fra"
MIN_CONFIDENCE = 10.0  # below this a "word" is nearly always a speck or a line
# Despeckling needs letters many pixels tall: at office-scan resolutions (~300 dpi) a 3x3
# median removes specks and leaves strokes; at 100-150 dpi it erodes the letters themselves.
DESPECKLE_MIN_DPI = 250.0


@dataclass(frozen=True, slots=True)
class OcrWord:
    """One recognised word with its pixel box (origin top-left) and line identity."""

    text: str
    left: int
    top: int
    width: int
    height: int
    line_key: tuple[int, int, int]  # (block, paragraph, line)


@dataclass(frozen=True, slots=True)
class OcrText:
    """A page's OCR result already mapped to PDF points: text aligned with per-character boxes."""

    text: str
    char_boxes: tuple[Box | None, ...]


def despeckle(image: Image.Image, dpi: float) -> Image.Image:
    """The page image with scanner specks removed (a 3x3 median), when ``dpi`` is high enough.

    Salt-and-pepper specks from the scanner glass or a photocopy are read as punctuation
    glued to words, or make Tesseract drop whole words ("threatened to charge me with if",
    "30 years | age"); a word that is not read is neither redacted nor kept. The median
    leaves strokes several pixels wide intact: measured on rendered and noisy synthetic
    scans, clean pages read the same and noisy ones read about 10% more of their words.
    """
    if dpi < DESPECKLE_MIN_DPI:
        return image
    gray = image if image.mode == "L" else image.convert("L")
    return gray.filter(ImageFilter.MedianFilter(3))


def run_tesseract(images: Sequence[Image.Image], *, timeout: float) -> list[list[OcrWord]]:
    """OCR several page images in one Tesseract run; one list of words per image."""
    if not images:
        return []
    with tempfile.TemporaryDirectory(prefix="casedesk-ocr-") as tmp:
        folder = pathlib.Path(tmp)
        paths = []
        for index, image in enumerate(images):
            path = folder / f"page-{index:04d}.png"
            image.save(path, format="PNG", compress_level=1)  # speed over size: deleted soon
            paths.append(str(path))
        listing = folder / "pages.txt"
        listing.write_text("\n".join(paths) + "\n", encoding="utf-8")
        tsv = _call_tesseract(str(listing), timeout=timeout)
    return _parse_tsv(tsv, len(images))


def _call_tesseract(source: str, *, timeout: float) -> str:
    env = dict(os.environ, OMP_THREAD_LIMIT="1")
    command = ["tesseract", source, "stdout", "-l", LANGUAGES, "--psm", "3", "tsv"]
    try:
        process = subprocess.Popen(
            command,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=env,
            start_new_session=True,  # so a timeout kills the whole group
        )
    except FileNotFoundError as exc:
        raise ToolMissing("OCR is not available: the tesseract program is not installed") from exc
    try:
        out, _err = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired as exc:
        os.killpg(process.pid, signal.SIGKILL)
        process.communicate()
        raise OcrFailed(f"OCR timed out after {timeout:g} s") from exc
    if process.returncode != 0:
        # Tesseract's own message names the temporary image file: not shown.
        raise OcrFailed(f"OCR failed (tesseract exit status {process.returncode})")
    return out.decode("utf-8", "replace")


def _parse_tsv(tsv: str, page_count: int) -> list[list[OcrWord]]:
    pages: list[list[OcrWord]] = [[] for _ in range(page_count)]
    reader = csv.DictReader(io.StringIO(tsv), delimiter="\t", quoting=csv.QUOTE_NONE)
    for row in reader:
        if row.get("level") != "5":
            continue
        text = (row.get("text") or "").strip()
        if not text:
            continue
        try:
            confidence = float(row["conf"])
            page_index = int(row["page_num"]) - 1
            word = OcrWord(
                text=text,
                left=int(row["left"]),
                top=int(row["top"]),
                width=int(row["width"]),
                height=int(row["height"]),
                line_key=(int(row["block_num"]), int(row["par_num"]), int(row["line_num"])),
            )
        except (KeyError, ValueError):
            continue  # a malformed row: skip it rather than lose the page
        if confidence < MIN_CONFIDENCE or not 0 <= page_index < page_count:
            continue
        pages[page_index].append(word)
    return pages


PixelToPoints = Callable[[float, float], tuple[float, float]]


def words_to_text(words: Sequence[OcrWord], to_points: PixelToPoints) -> OcrText:
    """Join words into lines (blank line between blocks) with one box per character.

    A word's box is split evenly across its characters: Tesseract gives word boxes only,
    and an even split is close enough to cover a name inside a word-sized span.
    """
    chars: list[str] = []
    boxes: list[Box | None] = []
    previous: tuple[int, int, int] | None = None
    for word in words:
        if previous is not None:
            if word.line_key == previous:
                separator = " "
            elif word.line_key[0] != previous[0]:
                separator = "\n\n"
            else:
                separator = "\n"
            chars.extend(separator)
            boxes.extend([None] * len(separator))
        previous = word.line_key
        step = word.width / max(len(word.text), 1)
        for index, ch in enumerate(word.text):
            x0 = word.left + index * step
            x1 = x0 + step
            ax, ay = to_points(x0, word.top)
            bx, by = to_points(x1, word.top + word.height)
            chars.append(ch)
            boxes.append(Box(min(ax, bx), min(ay, by), max(ax, bx), max(ay, by)))
    return OcrText(text="".join(chars), char_boxes=tuple(boxes))


def rotated_mapper(
    *,
    scale: float,
    rotation: int,
    left: float,
    bottom: float,
    width: float,
    height: float,
) -> PixelToPoints:
    """Map pixels of a rendering (with /Rotate applied, origin top-left) to unrotated points.

    ``left, bottom, width, height`` describe the rendered (crop) box in user space.
    """

    def to_points(px: float, py: float) -> tuple[float, float]:
        x, y = px / scale, py / scale
        if rotation == 90:
            u, v = y, x
        elif rotation == 180:
            u, v = width - x, y
        elif rotation == 270:
            u, v = width - y, height - x
        else:
            u, v = x, height - y
        return left + u, bottom + v

    return to_points
