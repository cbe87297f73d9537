"""The worker's letter PDF step: idempotent, refuses a stale DOCX, records a conversion error."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from api.state import AppState
from core.db import transaction
from core.errors import ToolMissing
from core.models import Letter
from tests.api.letter_support import make_letter
from worker.letters import find_letters_without_pdf, render_letter_pdf
from worker.resources import Resources, build_resources

pytestmark = [pytest.mark.db]
PDF = b"%PDF-1.4\n% stand-in\n"


@pytest.fixture
def res(state: AppState) -> Iterator[Resources]:
    resources = build_resources(state.settings)
    yield resources
    resources.engine.dispose()


@pytest.fixture
def letter_id(state: AppState, actors: dict[str, Any]) -> int:
    from api import services
    from core.models import User

    with transaction(state.sessions) as session:
        user = session.get(User, actors["coordinator"].user_id)
        assert user is not None
        case_id = services.create_case(session, user, "Case", "CA-ON").id
    return make_letter(state, case_id, actors["coordinator"].user_id, "draft")


def test_pdf_is_recorded_once(res: Resources, letter_id: int) -> None:
    assert find_letters_without_pdf(res) == [letter_id]
    assert render_letter_pdf(res, letter_id, convert=lambda docx: PDF) is True
    assert render_letter_pdf(res, letter_id, convert=lambda docx: PDF) is False
    assert find_letters_without_pdf(res) == []
    with res.sessions() as session:
        letter = session.get(Letter, letter_id)
        assert letter is not None and letter.pdf_sha256 is not None
        assert res.blobs.read_bytes(letter.pdf_sha256) == PDF


def test_a_docx_changed_during_conversion_is_not_given_the_old_pdf(
    res: Resources, letter_id: int
) -> None:
    def convert_while_edited(docx: bytes) -> bytes:
        with transaction(res.sessions) as session:
            letter = session.get(Letter, letter_id)
            assert letter is not None
            letter.docx_sha256 = res.blobs.write_bytes(docx + b"edited").sha256
        return PDF

    assert render_letter_pdf(res, letter_id, convert=convert_while_edited) is False
    assert find_letters_without_pdf(res) == [letter_id]


def test_a_conversion_error_is_shown_on_the_letter(res: Resources, letter_id: int) -> None:
    def missing(docx: bytes) -> bytes:
        raise ToolMissing("LibreOffice (soffice) is not installed")

    assert render_letter_pdf(res, letter_id, convert=missing) is False
    with res.sessions() as session:
        letter = session.get(Letter, letter_id)
        assert letter is not None
        assert letter.pdf_error == "tool_missing: LibreOffice (soffice) is not installed"
    assert find_letters_without_pdf(res) == []


def test_worker_converts_letters_with_a_persistent_libreoffice(state: AppState) -> None:
    """`make install` provides unoserver: the worker keeps one LibreOffice for its letters."""
    from correspondence.letters import letter_text, render_letter
    from correspondence.pdf import UnoConverter
    from correspondence.samples import read_sample
    from tests.support import REPO

    context = read_sample("notification", "delay", "fr")
    docx = render_letter(REPO / "templates", "notification", "delay", "fr", context).docx
    resources = build_resources(state.settings)
    try:
        first = resources.convert_pdf(docx)
        second = resources.convert_pdf(docx)
        converter = resources._models["unoserver"]
        assert isinstance(converter, UnoConverter), "unoserver is not available to the worker"
    finally:
        if isinstance(resources._models.get("unoserver"), UnoConverter):
            resources._models["unoserver"].close()
        resources.engine.dispose()
    import pypdfium2

    for pdf in (first, second):
        document = pypdfium2.PdfDocument(pdf)
        text = "".join(page.get_textpage().get_text_range() for page in document)
        document.close()
        assert context["reference"] in text
    assert context["reference"] in letter_text(docx)
