"""Letter-side errors in our own words: what python-docx, Jinja and LibreOffice say about a
bad template, a bad tag or a failed conversion never reaches a person as a Python repr, an
object address, a Python type name or soffice's own text."""

from __future__ import annotations

import io
import json
import re
import shutil
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from core.errors import AppError, ConversionFailed, InvalidInput, TemplateError
from correspondence.catalog import check_template
from correspondence.letters import read_context_file
from correspondence.pdf import render_pdf
from correspondence.render import open_template, render_docx

REPR = re.compile(r"object at 0x|<_io\.|\b0x[0-9a-f]{6,}|'str' object|'dict object'|Traceback")


def _clean(error: AppError) -> str:
    message = error.message
    assert not REPR.search(message), message
    assert "\n" not in message, message
    return message


def _retyped(docx: bytes) -> bytes:
    """A real DOCX whose main part is declared a spreadsheet: python-docx refuses it with
    ``file '<_io.BytesIO object at 0x…>' is not a Word file``."""
    source = zipfile.ZipFile(io.BytesIO(docx))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            data = source.read(item)
            if item.filename == "[Content_Types].xml":
                data = data.replace(
                    b"wordprocessingml.document.main+xml", b"spreadsheetml.sheet.main+xml"
                )
            target.writestr(item, data)
    return out.getvalue()


@pytest.mark.parametrize("kind", ["not-a-zip", "zip-without-document", "not-a-word-file"])
def test_a_file_that_is_no_docx_template_is_named_so(
    make_docx: Callable[..., bytes], kind: str
) -> None:
    if kind == "not-a-zip":
        data = b"plain text, not a template"
    elif kind == "zip-without-document":
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as archive:
            archive.writestr("hello.txt", "hi")
        data = buffer.getvalue()
    else:
        data = _retyped(make_docx("Dear {{ complainant }}"))
    with pytest.raises(TemplateError) as caught:
        open_template(data)
    assert _clean(caught.value).startswith("not a valid DOCX template: ")


@pytest.mark.parametrize(
    ("tag", "says"),
    [
        pytest.param("{{ complainant.__class__ }}", "Python internal attribute", id="internals"),
        pytest.param("{{ complainant + 1 }}", "such as text plus a number", id="type-error"),
        pytest.param("{{ count / 0 }}", "division", id="zero-division"),
        pytest.param("{{ complainant() }}", "calls values", id="not-callable"),
    ],
)
def test_a_tag_that_fails_at_render_is_a_template_error_in_our_words(
    make_docx: Callable[..., bytes], tag: str, says: str
) -> None:
    with pytest.raises(TemplateError) as caught:
        render_docx(make_docx(tag), {"complainant": "Zoë", "count": 3}, "en")
    assert says in _clean(caught.value)


def test_a_broken_tag_keeps_jinjas_words_about_the_tag_only(
    make_docx: Callable[..., bytes],
) -> None:
    problems = check_template(make_docx("Dear {{ complainant }"), "acknowledgement", "standard")
    assert any(p.startswith("broken tag in body: ") for p in problems), problems
    assert not any(REPR.search(p) for p in problems)


def test_a_context_file_that_cannot_be_read_is_named(tmp_path: Path) -> None:
    broken = tmp_path / "broken.json"
    broken.write_text("{not json", encoding="utf-8")
    with pytest.raises(InvalidInput) as caught:
        read_context_file(broken)
    assert "not JSON (line 1, column 2)" in _clean(caught.value)
    with pytest.raises(InvalidInput) as caught:
        read_context_file(tmp_path / "missing.json")
    assert "no such file or directory" in _clean(caught.value)
    assert "Errno" not in caught.value.message
    json.loads("{}")  # the module's own JSON is fine


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_a_failed_libreoffice_conversion_says_so_without_its_own_text() -> None:
    with pytest.raises(ConversionFailed) as caught:
        render_pdf(b"PK\x03\x04 this is not a document at all" * 10, timeout=120)
    message = _clean(caught.value)
    assert message.startswith("LibreOffice ")
    assert "/tmp" not in message and "casedesk-pdf-" not in message
