"""PDF conversion with LibreOffice: letter files as the CLI writes them, errors, unoserver."""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pypdfium2 as pdfium
import pytest

from core.errors import ConversionFailed, ToolMissing
from correspondence.catalog import ALL_SLOTS
from correspondence.formatting import format_long_date
from correspondence.letters import render_letter, write_letter_files
from correspondence.pdf import UnoConverter, find_soffice, render_pdf
from correspondence.samples import read_sample

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"

pytestmark = pytest.mark.slow

# One letter per kind, alternating languages: each conversion starts LibreOffice (~1.5 s).
CASES = [
    pytest.param("acknowledgement", "standard", "fr", "3 mars 2026", id="acknowledgement-fr"),
    pytest.param("decision", "out_of_time", "en", "March 3, 2026", id="decision-en"),
    pytest.param("disposition", "substantiated", "fr", "14 juin 2025", id="disposition-fr"),
    pytest.param("notification", "delay", "en", "April 7, 2026", id="notification-en"),
    pytest.param("outcome", "not_upheld", "fr", "12 décembre 2025", id="outcome-fr"),
]


def pdf_text(data: bytes) -> str:
    document = pdfium.PdfDocument(data)
    try:
        return "\n".join(page.get_textpage().get_text_range() for page in document)
    finally:
        document.close()


def _squash(text: str) -> str:
    # PDF text breaks lines and may turn no-break spaces into plain ones.
    return " ".join(text.replace("\xa0", " ").replace("\u202f", " ").split())


@pytest.mark.parametrize(("kind", "variant", "lang", "date_text"), CASES)
def test_letter_files_hold_the_case_facts(
    kind: str, variant: str, lang: str, date_text: str, tmp_path: Path
) -> None:
    context = read_sample(kind, variant, lang)
    docx_path, pdf_path = write_letter_files(TEMPLATES, kind, variant, lang, context, tmp_path)
    assert docx_path == tmp_path / f"{kind}-{variant}-{lang}.docx"
    assert pdf_path == tmp_path / f"{kind}-{variant}-{lang}.pdf"
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([docx_path.name, pdf_path.name])
    text = _squash(pdf_text(pdf_path.read_bytes()))
    assert context["complainant"] in text
    assert context["reference"] in text
    assert date_text in text
    assert context["signatory"]["name"] in text


def test_missing_soffice_is_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", "/nonexistent")
    with pytest.raises(ToolMissing) as caught:
        render_pdf(b"irrelevant")
    assert "soffice" in caught.value.message


def test_a_conversion_that_takes_too_long_fails_and_leaves_no_process() -> None:
    docx = render_letter(
        TEMPLATES, "notification", "delay", "en", read_sample("notification", "delay", "en")
    ).docx
    started = time.monotonic()
    with pytest.raises(ConversionFailed):
        render_pdf(docx, timeout=0.05)
    assert time.monotonic() - started < 10


def _unoserver_python() -> str:
    # `make install` puts unoserver in .uno-venv (system Python, which can import python3-uno).
    repo_venv = Path(__file__).resolve().parents[2] / ".uno-venv" / "bin" / "python"
    return os.environ.get("CASEDESK_UNOSERVER_PYTHON", str(repo_venv))


def test_persistent_converter_matches_the_one_shot_path() -> None:
    find_soffice()
    context = read_sample("outcome", "upheld", "en")
    docx = render_letter(TEMPLATES, "outcome", "upheld", "en", context).docx
    with UnoConverter(python=_unoserver_python(), timeout=30) as converter:
        first = converter.render_pdf(docx)
        second = converter.render_pdf(docx)
    for pdf in (first, second):
        assert context["reference"] in _squash(pdf_text(pdf))


@pytest.fixture(scope="module")
def converter() -> Iterator[UnoConverter]:
    """One persistent LibreOffice for the whole module (as a worker keeps one)."""
    with UnoConverter(python=_unoserver_python(), timeout=60) as uno:
        yield uno


@pytest.mark.parametrize(
    ("kind", "variant", "lang"), ALL_SLOTS, ids=["-".join(s) for s in ALL_SLOTS]
)
def test_every_template_and_language_makes_a_pdf_with_the_case_facts(
    converter: UnoConverter, kind: str, variant: str, lang: str
) -> None:
    context = read_sample(kind, variant, lang)
    letter = render_letter(TEMPLATES, kind, variant, lang, context)
    text = _squash(pdf_text(converter.render_pdf(letter.docx)))
    letter_date = format_long_date(date.fromisoformat(context["letter_date"]), letter.locale)
    for fact in (
        context["complainant"],
        context["reference"],
        context["signatory"]["name"],
        letter_date,
    ):
        assert _squash(fact) in text, f"{fact!r} missing from the {kind}/{variant}/{lang} PDF"
