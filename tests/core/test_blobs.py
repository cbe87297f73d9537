"""Blob store: content-addressed, write-once, atomic, streamed, size-limited."""

from __future__ import annotations

import hashlib
import io
import tracemalloc
from collections.abc import Iterator
from pathlib import Path

import pytest

from core.blobs import BlobStore
from core.errors import EmptyFile, TooLarge, UnsupportedType


def _stored_files(root: Path) -> list[Path]:
    return [p for p in root.rglob("*") if p.is_file() and p.parent.name != "tmp"]


def test_bytes_are_stored_under_their_sha256_once(tmp_path: Path) -> None:
    store = BlobStore(tmp_path, max_bytes=1000)
    first = store.write(io.BytesIO(b"complaint"))
    second = store.write(io.BytesIO(b"complaint"))
    assert first.sha256 == hashlib.sha256(b"complaint").hexdigest()
    assert first.created and not second.created
    assert store.read_bytes(first.sha256) == b"complaint"
    assert _stored_files(tmp_path) == [first.path]
    assert not (first.path.stat().st_mode & 0o222), "a stored blob is read-only"


@pytest.mark.parametrize(
    ("content", "error"),
    [
        pytest.param(b"", EmptyFile, id="empty"),
        pytest.param(b"x" * 1001, TooLarge, id="over-limit"),
    ],
)
def test_refused_input_leaves_nothing_behind(
    tmp_path: Path, content: bytes, error: type[Exception]
) -> None:
    store = BlobStore(tmp_path, max_bytes=1000)
    with pytest.raises(error):
        store.write(io.BytesIO(content))
    assert _stored_files(tmp_path) == []
    assert list((tmp_path / "tmp").iterdir()) == []


def test_validation_failure_stores_nothing(tmp_path: Path) -> None:
    store = BlobStore(tmp_path, max_bytes=1000)

    def refuse(_path: Path) -> None:
        raise UnsupportedType("GIF image")

    with pytest.raises(UnsupportedType):
        store.write(io.BytesIO(b"GIF89a..."), validate=refuse)
    assert _stored_files(tmp_path) == []


def test_large_upload_is_streamed_not_held_in_memory(tmp_path: Path) -> None:
    size = 64 * 1024 * 1024
    chunk = b"\x00" * (1024 * 1024)

    def chunks() -> Iterator[bytes]:
        for _ in range(size // len(chunk)):
            yield chunk

    store = BlobStore(tmp_path, max_bytes=size)
    tracemalloc.start()
    try:
        blob = store.write(chunks())
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert blob.size == size
    assert peak < 8 * 1024 * 1024, f"peak {peak} bytes: the upload was buffered"


def test_paths_are_only_hashes(tmp_path: Path) -> None:
    store = BlobStore(tmp_path, max_bytes=10)
    with pytest.raises(Exception, match="no such blob"):
        store.path_for("../../etc/passwd")
