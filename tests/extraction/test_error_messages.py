"""A refused file is described in our own words: a library's message (which can name Python
objects, ``stream <_io.BytesIO object at 0x...>``, or temporary files) never reaches an
error message, a document's ``error_message`` or a CLI stderr line; the codes stay."""

from __future__ import annotations

import io
import json
import os
import re
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

import pytest

from core.errors import AppError
from extraction.reader import read_document_isolated
from tests.support import CORPUS

HOSTILE = CORPUS / "hostile"
WEIRD = CORPUS / "weird-pdfs"
CORPUS_FILES = sorted(
    p
    for folder in (HOSTILE, WEIRD)
    for p in folder.iterdir()
    if p.suffix not in (".md", ".json") and p.name != "LICENSE"
)
_MINIMAL = (WEIRD / "001-trivial_minimal-document.pdf").read_bytes()


def _zip(entries: dict[str, str]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return buffer.getvalue()


# Broken files whose library errors used to show through (each with the code it keeps).
BROKEN: dict[str, tuple[bytes, str]] = {
    "garbage.pdf": (b"%PDF-1.4\nhello world\n", "corrupt_pdf"),
    "half.pdf": (_MINIMAL[: len(_MINIMAL) // 2], "corrupt_pdf"),
    "no-root.pdf": (_MINIMAL.replace(b"/Root", b"/Rxxx"), "corrupt_pdf"),
    "cut-jpeg.jpg": (b"\xff\xd8\xff\xe0" + b"\x00" * 50, "corrupt_document"),
    "cut-png.png": (
        (HOSTILE / "png_144MP_12000x12000.png").read_bytes()[:200],
        "corrupt_document",
    ),
    "bad-part.docx": (
        _zip({"[Content_Types].xml": "<Types/>", "word/document.xml": "<w:document><<<"}),
        "corrupt_document",
    ),
}
_TEMP = re.escape(tempfile.gettempdir().rstrip("/") + "/")
_LEAKS = re.compile(rf"<|object at 0x|Traceback|{_TEMP}|/var/tmp/|tmp[a-z0-9_]{{6,}}")


def _leak(message: str) -> str | None:
    match = _LEAKS.search(message)
    return match.group() if match else None


def _refusal(data: bytes, name: str) -> AppError | None:
    try:
        read_document_isolated(data, filename=name)
    except AppError as exc:
        return exc
    return None


@pytest.mark.slow
@pytest.mark.parametrize("path", [pytest.param(p, id=p.name) for p in CORPUS_FILES])
def test_corpus_refusals_are_in_our_words(path: Path) -> None:
    refused = _refusal(path.read_bytes(), path.name)
    if refused is not None:
        assert refused.message
        assert _leak(refused.message) is None, refused.message


@pytest.mark.parametrize("name", sorted(BROKEN))
def test_broken_files_keep_their_code_with_a_fixed_reason(name: str) -> None:
    data, code = BROKEN[name]
    refused = _refusal(data, name)
    assert refused is not None
    assert refused.code == code
    assert _leak(refused.message) is None, refused.message
    assert "BytesIO" not in refused.message


@pytest.mark.slow
def test_cli_stderr_and_json_hold_no_library_text(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    for name, (data, _code) in BROKEN.items():
        (folder / name).write_bytes(data)
    for path in CORPUS_FILES:
        if path.parent == HOSTILE:
            (folder / path.name).write_bytes(path.read_bytes())
    result = subprocess.run(
        [sys.executable, "-m", "casedesk", "extract", str(folder), "--json"],
        capture_output=True,
        text=True,
        env={**os.environ, "CASEDESK_DATA_DIR": str(tmp_path / "data")},
        timeout=900,
        check=False,
    )
    assert result.returncode == 1, result.stderr[-2000:]
    assert "Traceback" not in result.stderr
    errors = {k: v["error"] for k, v in json.loads(result.stdout).items() if "error" in v}
    assert {Path(n).stem for n in BROKEN} <= set(errors)
    for stem, error in errors.items():
        assert _leak(error["message"]) is None, (stem, error)
        line = f"{folder / next(p.name for p in folder.iterdir() if p.stem == stem)}: "
        line += f"{error['code']}: {error['message']}"
        assert line in result.stderr.splitlines()
