"""OCR of scanned pages: scanner specks are removed before Tesseract reads the page."""

from __future__ import annotations

import io
import random

import pytest
from PIL import Image, ImageDraw, ImageFont

from extraction.reader import read_document
from extraction.readers.ocr import DESPECKLE_MIN_DPI, despeckle

FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf"
LINES = (
    "Cheung threatened to charge me with something if I did not drop my complaint.",
    "I told the officers that I have a sprained ankle, but they ignored me.",
    "Please accept this letter as my complaint against members of the service.",
)


def _specks(image: Image.Image, share: float, seed: int = 7) -> None:
    """Dark single-pixel specks, as a dusty scanner glass or a photocopy leaves them."""
    rnd = random.Random(seed)
    pixels = image.load()
    assert pixels is not None
    for _ in range(int(image.width * image.height * share)):
        pixels[rnd.randrange(image.width), rnd.randrange(image.height)] = rnd.randrange(0, 120)


def test_despeckle_removes_specks_and_keeps_strokes() -> None:
    image = Image.new("L", (60, 60), 255)
    draw = ImageDraw.Draw(image)
    draw.rectangle((10, 5, 12, 50), fill=0)  # a 3-pixel stroke, as letters are at 300 dpi
    image.putpixel((40, 20), 0)
    image.putpixel((41, 21), 0)  # a speck (two touching pixels)
    cleaned = despeckle(image, 300)
    assert cleaned.getpixel((40, 20)) == 255 and cleaned.getpixel((41, 21)) == 255
    assert all(cleaned.getpixel((11, y)) == 0 for y in range(6, 50))


def test_despeckle_leaves_low_resolution_images_alone() -> None:
    # At 150 dpi a letter's stroke is one or two pixels: a median would erase it.
    image = Image.new("L", (20, 20), 255)
    image.putpixel((5, 5), 0)
    assert despeckle(image, DESPECKLE_MIN_DPI - 1) is image


@pytest.mark.slow
def test_a_speckled_scan_is_read_in_whole_sentences() -> None:
    dpi = 150
    image = Image.new("L", (int(8.5 * dpi), int(11 * dpi)), 245)
    draw = ImageDraw.Draw(image)
    font = ImageFont.truetype(FONT, 20)
    for index, line in enumerate(LINES):
        draw.text((90, 200 + index * 30), line, fill=40, font=font)
    _specks(image, 0.01)
    scan = io.BytesIO()
    image.save(scan, format="PDF", resolution=dpi)
    document = read_document(scan.getvalue(), filename="scan.pdf")
    assert document.pages[0].source == "ocr"
    text = " ".join(document.text.split())
    read = [line for line in LINES if line.rstrip(".") in text]
    # Without despeckling Tesseract reads the specks as punctuation inside the sentences
    # ("threatened to. me with: [something") and none of them comes out whole.
    assert len(read) >= 2, text
