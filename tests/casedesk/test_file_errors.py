"""A file the parser crashes on (SandboxCrash: a fault, not a refusal) gets one clear line
naming the file and the problem in both `casedesk extract` and `casedesk redact`, never a
traceback, and the batch goes on with the next file."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

import pytest

import casedesk.extract_cli as extract_cli
from casedesk.inputs import file_error
from casedesk.redact_cli import _redact_all
from core.errors import EncryptedPdf
from core.settings import Settings
from extraction.sandbox import SandboxCrash, run_isolated


def _parser_bug() -> None:
    """Runs in the sandbox's child: a library raising something that is no AppError."""
    raise KeyError("/Kids <_io.BytesIO object at 0x7f00deadbeef>")


def _crash() -> SandboxCrash:
    with pytest.raises(SandboxCrash) as caught:
        run_isolated(_parser_bug)
    return caught.value


def test_a_parser_crash_is_one_line_in_our_words() -> None:
    crash = _crash()
    assert "Traceback" in str(crash)  # the log keeps the trace
    code, message = file_error(Path("x.pdf"), crash)
    assert code == "parser_crash"
    assert "KeyError" in message
    assert "\n" not in message and "BytesIO" not in message and "0x" not in message
    code, message = file_error(Path("x.pdf"), ValueError("<object at 0x1>"))
    assert code == "internal_error" and "0x" not in message and "ValueError" in message


def test_extract_batch_goes_on_after_a_parser_crash(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    for name in ("a_crash.pdf", "b_locked.pdf", "c_fine.txt"):
        (tmp_path / name).write_bytes(b"x")

    def extract_file(path: Path, *_: Any) -> dict[str, Any]:
        if path.name == "a_crash.pdf":
            run_isolated(_parser_bug)  # a real crash in a real child process
        if path.name == "b_locked.pdf":
            raise EncryptedPdf("encrypted PDF: a password is needed")
        return {"allegations": []}

    monkeypatch.setattr(extract_cli, "build_pipelines", lambda: None)
    monkeypatch.setattr(extract_cli, "extract_file", extract_file)
    args = argparse.Namespace(inputs=[str(tmp_path)], json=True, jurisdiction=None, lang="auto")
    assert extract_cli.run_extract(Settings(data_dir=tmp_path / "data"), args) == 1
    captured = capsys.readouterr()
    out = json.loads(captured.out)
    assert out["a_crash"]["error"]["code"] == "parser_crash"
    assert out["b_locked"]["error"]["code"] == "encrypted_pdf"
    assert out["c_fine"] == {"allegations": []}
    assert "Traceback" not in captured.err
    lines = [line for line in captured.err.splitlines() if line.startswith(str(tmp_path))]
    assert lines[0].startswith(f"{tmp_path / 'a_crash.pdf'}: parser_crash: ")
    assert "KeyError" in lines[0] and "BytesIO" not in lines[0]


def test_redact_batch_goes_on_after_a_parser_crash(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    files = [tmp_path / "a.pdf", tmp_path / "b.pdf", tmp_path / "c.pdf"]
    seen: list[str] = []

    def redact_one(path: Path) -> Any:
        seen.append(path.name)
        if path.name == "a.pdf":
            run_isolated(_parser_bug)
        if path.name == "b.pdf":
            raise RuntimeError("pymupdf: <fitz.Document object at 0x7f00>")
        raise EncryptedPdf("encrypted PDF: a password is needed")

    assert _redact_all(files, redact_one) == 1
    assert seen == ["a.pdf", "b.pdf", "c.pdf"]  # the batch went on
    err = capsys.readouterr().err
    assert "Traceback" not in err and "0x7f00" not in err
    assert f"{files[0]}: parser_crash: the file could not be read" in err
    assert f"{files[1]}: internal_error: unexpected RuntimeError" in err
    assert f"{files[2]}: encrypted_pdf: " in err
    assert "done: 0 of 3 redacted" in err
