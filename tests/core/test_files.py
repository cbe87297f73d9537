"""core.files.write_atomic: the whole new content or the old one, never half, never a stray temp file."""

from __future__ import annotations

from pathlib import Path

import pytest

from core.files import write_atomic


def test_a_write_replaces_the_file_whole(tmp_path: Path) -> None:
    target = tmp_path / "letter.docx"
    target.write_bytes(b"old")
    write_atomic(target, b"new content")
    assert target.read_bytes() == b"new content"
    assert [p.name for p in tmp_path.iterdir()] == ["letter.docx"]


def test_a_failed_write_keeps_the_old_file_and_leaves_no_temp_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "manifest.json"
    target.write_bytes(b"old")

    def fail(*_: object) -> None:
        raise OSError("no space left on device")

    monkeypatch.setattr("core.files.os.replace", fail)
    with pytest.raises(OSError, match="no space"):
        write_atomic(target, b"new")
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["manifest.json"]


def test_parents_are_made_only_when_asked(tmp_path: Path) -> None:
    nested = tmp_path / "a" / "b" / "page.png"
    with pytest.raises(FileNotFoundError):
        write_atomic(nested, b"png")
    write_atomic(nested, b"png", make_parents=True)
    assert nested.read_bytes() == b"png"
