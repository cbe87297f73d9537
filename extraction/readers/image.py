"""Image reader (PNG, JPEG, multi-page TIFF): header checks, a PDF page per frame, OCR words.

Pixel counts are read from the header (``Image.open`` is lazy) before anything is decoded;
over the limit is refused, large plausible scans are downsampled before OCR and embedding.
"""

from __future__ import annotations

import io
import warnings

from PIL import Image, ImageOps, UnidentifiedImageError

from core.errors import CorruptDocument, ImageTooLarge, TooManyPages
from core.vocab import DocumentType
from extraction.document import Document, Page
from extraction.language import detect_language, document_language
from extraction.limits import Limits
from extraction.readers.ocr import run_tesseract, words_to_text

DEFAULT_DPI = 300.0  # assumed when a scan does not say (typical office scanner setting)


def read_image(
    data: bytes,
    *,
    kind: str = DocumentType.PNG.value,
    limits: Limits = Limits(),  # noqa: B008 - a frozen value, safe as a default
) -> Document:
    """OCR an image file; ``pdf`` holds one page per frame at the image's physical size."""
    # Pillow's own bomb check is a warning below 2x its limit: ours runs first, on the header.
    Image.MAX_IMAGE_PIXELS = max(limits.max_image_pixels, 1) + 1
    frames: list[tuple[Image.Image, float]] = []
    notes: list[str] = []
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as image:
                count = getattr(image, "n_frames", 1)
                if count > limits.max_pages:
                    raise TooManyPages(
                        f"the image has {count} frames, more than the limit of {limits.max_pages}"
                    )
                for index in range(count):
                    image.seek(index)
                    frames.append(_prepared_frame(image, limits, notes, index + 1))
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise ImageTooLarge(
            f"the image is over the pixel limit of {limits.max_image_pixels / 1e6:.0f} MP"
        ) from exc
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError) as exc:
        raise CorruptDocument(f"the image cannot be decoded ({_reason(exc)})") from exc
    pdf = _frames_to_pdf(frames)
    words_per_page = run_tesseract(
        [frame for frame, _ in frames], timeout=limits.ocr_page_seconds * len(frames)
    )
    pages: list[Page] = []
    for number, ((frame, dpi), words) in enumerate(zip(frames, words_per_page, strict=True), 1):
        factor = 72.0 / dpi
        width, height = frame.width * factor, frame.height * factor

        def to_points(
            px: float, py: float, f: float = factor, h: float = height
        ) -> tuple[float, float]:
            return px * f, h - py * f

        ocr = words_to_text(words, to_points)
        pages.append(
            Page(
                number=number,
                width=width,
                height=height,
                text=ocr.text,
                char_boxes=ocr.char_boxes,
                language=detect_language(ocr.text),
                source="ocr",
            )
        )
        frame.close()
    return Document(
        kind=kind,
        pages=tuple(pages),
        pdf=pdf,
        language=document_language(pages),
        warnings=tuple(notes),
        flags=frozenset({"ocr", "rendered"}),
    )


def _prepared_frame(
    image: Image.Image, limits: Limits, notes: list[str], number: int
) -> tuple[Image.Image, float]:
    """The frame decoded as 8-bit gray (downsampled if huge) and its dots per inch."""
    width, height = image.size
    if width * height > limits.max_image_pixels:
        raise ImageTooLarge(
            f"the image is {width} x {height} pixels ({width * height / 1e6:.0f} MP), "
            f"over the limit of {limits.max_image_pixels / 1e6:.0f} MP"
        )
    dpi = _dpi(image)
    factor = 1
    while (width // factor) * (height // factor) > limits.ocr_max_pixels:
        factor += 1
    if factor > 1 and image.format == "JPEG":
        image.draft("L", (width // factor, height // factor))  # JPEG decodes at reduced size
    frame = image.convert("L") if image.mode != "L" else image.copy()
    frame = ImageOps.exif_transpose(frame) or frame
    if frame.width * frame.height > limits.ocr_max_pixels:
        reduced = frame.reduce(factor)
        frame.close()
        frame = reduced
        notes.append(f"page {number}: a {width} x {height} scan was downsampled {factor}x")
    # Keep the physical page size: fewer pixels over the same inches means fewer dpi.
    return frame, dpi * frame.width / width


def _dpi(image: Image.Image) -> float:
    value = image.info.get("dpi")
    try:
        dpi = float(value[0]) if value else DEFAULT_DPI
    except (TypeError, ValueError, IndexError):
        dpi = DEFAULT_DPI
    return dpi if 50 <= dpi <= 2400 else DEFAULT_DPI


def _frames_to_pdf(frames: list[tuple[Image.Image, float]]) -> bytes:
    buffer = io.BytesIO()
    first, dpi = frames[0]
    # Pillow writes one resolution for all pages; frames of a TIFF normally share it.
    first.save(
        buffer,
        format="PDF",
        resolution=dpi,
        save_all=True,
        append_images=[frame for frame, _ in frames[1:]],
    )
    return buffer.getvalue()


def _reason(exc: BaseException) -> str:
    """Our words for Pillow's error (its text can name Python objects: ``<_io.BytesIO ...>``)."""
    text = str(exc).casefold()
    if isinstance(exc, UnidentifiedImageError) or "cannot identify" in text:
        return "not an image format that can be read"
    if isinstance(exc, EOFError) or "truncated" in text:
        return "the file is truncated"
    return "the image data is damaged"
