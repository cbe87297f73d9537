"""Fixtures for the correspondence tests: tiny DOCX templates built on the fly."""

from __future__ import annotations

import io
from collections.abc import Callable

import pytest
from docx import Document


def _build_docx(*paragraphs: str) -> bytes:
    # One run per paragraph, so a Jinja tag is never split across runs.
    document = Document()
    for text in paragraphs:
        document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


@pytest.fixture
def make_docx() -> Callable[..., bytes]:
    """``make_docx("para 1", "{{ reference }}")`` -> DOCX bytes."""
    return _build_docx
