"""Per-document resource limits for parsing untrusted files (defaults: corpus/hostile/README.md).

A frozen value passed inward by the shell; the sandbox enforces the process-wide ones, the
readers check the structural ones (pages, pixels, stream and ZIP sizes) before heavy work.
"""

from __future__ import annotations

from dataclasses import dataclass

MIB = 1024 * 1024


@dataclass(frozen=True, slots=True)
class Limits:
    """Hard limits for reading one document."""

    memory_bytes: int = 1536 * MIB  # 1.5 GiB address space for the parsing process
    wall_seconds: float = 120.0  # wall-clock time to parse one document
    max_image_pixels: int = 150_000_000  # per image, checked from headers before decoding
    max_pages: int = 2000
    max_stream_bytes: int = 100_000_000  # decompressed bytes per PDF stream / ZIP member
    ocr_chunk_pages: int = 20  # pages per Tesseract run (and per worker task for big scans)
    ocr_page_seconds: float = 60.0  # Tesseract time allowed per page of a chunk
    ocr_dpi: int = 300  # rendering resolution of scanned PDF pages for OCR
    ocr_max_pixels: int = 40_000_000  # larger (plausible) scans are downsampled before OCR
    max_zip_entries: int = 5000
    max_zip_ratio: float = 100.0  # compression ratio above which a large member is a bomb
    max_zip_total_bytes: int = 300_000_000  # all members of a DOCX, uncompressed
    max_email_depth: int = 10  # nested message/rfc822 levels followed; deeper ones are cut
    max_attachments: int = 500
    convert_seconds: float = 90.0  # LibreOffice conversion of one DOCX
    max_text_chars: int = 20_000_000  # text of one e-mail or text file

    @property
    def cpu_seconds(self) -> int:
        """CPU-time limit of the parsing process: the wall limit, rounded up, plus a margin."""
        return int(self.wall_seconds) + 5
