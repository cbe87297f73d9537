"""Served page images: rendered once per (PDF hash, page, dpi) and cached on disk.

The cache is a plain folder under the data directory (safe to delete); files are written to
a temporary name and renamed, so a reader never sees half an image (core.files). Rendering
holds the process's PDFium lock (core.pdfium_lock): the API serves sync routes from threads.
"""

from __future__ import annotations

from pathlib import Path

from api.state import AppState
from core.errors import NotFound
from core.files import write_atomic
from redaction.preview import DEFAULT_DPI, render_page_png


def cache_path(state: AppState, pdf_sha256: str, page: int, dpi: int) -> Path:
    state.blobs.path_for(pdf_sha256)  # validates the hash (NotFound otherwise)
    return (
        state.settings.data_dir
        / "cache"
        / "pages"
        / pdf_sha256[:2]
        / f"{pdf_sha256}-{page}-{dpi}.png"
    )


def page_png(state: AppState, pdf_sha256: str, page: int, dpi: int = DEFAULT_DPI) -> Path:
    """The path of the cached PNG, rendering it first if needed."""
    path = cache_path(state, pdf_sha256, page, dpi)
    if path.is_file():
        return path
    if not state.blobs.exists(pdf_sha256):
        raise NotFound("the document's PDF is missing")
    pdf = state.blobs.read_bytes(pdf_sha256)
    write_atomic(path, render_page_png(pdf, page, dpi), make_parents=True)
    return path
