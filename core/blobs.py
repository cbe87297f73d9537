"""Content-addressed, write-once blob store: files named by their SHA-256, written atomically.

Uploads are streamed through a hash into a temporary file in the same folder and renamed
into place, so a reader never sees half a file and the same bytes are stored once.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import tempfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from core.errors import EmptyFile, NotFound, TooLarge

CHUNK = 1024 * 1024


@dataclass(frozen=True, slots=True)
class StoredBlob:
    sha256: str
    size: int
    path: Path
    created: bool  # False when these bytes were already stored


def _chunks_of(source: BinaryIO | Iterable[bytes]) -> Iterator[bytes]:
    if hasattr(source, "read"):
        while chunk := source.read(CHUNK):
            yield chunk
    else:
        yield from source


class BlobStore:
    def __init__(self, root: Path, max_bytes: int) -> None:
        self.root = root
        self.max_bytes = max_bytes

    def ensure(self) -> None:
        (self.root / "tmp").mkdir(parents=True, exist_ok=True)

    def path_for(self, sha256: str) -> Path:
        if len(sha256) != 64 or any(c not in "0123456789abcdef" for c in sha256):
            raise NotFound("no such blob")
        return self.root / sha256[:2] / sha256[2:4] / sha256

    def exists(self, sha256: str) -> bool:
        return self.path_for(sha256).is_file()

    def write(
        self,
        source: BinaryIO | Iterable[bytes],
        validate: Callable[[Path], None] | None = None,
    ) -> StoredBlob:
        """Stream ``source`` in; refuse it whole (nothing stored) if empty or over the limit.

        ``validate`` sees the complete temporary file before it is moved into place; an
        exception from it leaves nothing stored.
        """
        self.ensure()
        digest = hashlib.sha256()
        size = 0
        fd, tmp_name = tempfile.mkstemp(dir=self.root / "tmp", prefix="upload-")
        tmp_path = Path(tmp_name)
        try:
            with os.fdopen(fd, "wb") as out:
                for chunk in _chunks_of(source):
                    size += len(chunk)
                    if size > self.max_bytes:
                        raise TooLarge(
                            f"the file is larger than the limit of {self.max_bytes} bytes",
                            limit=self.max_bytes,
                        )
                    digest.update(chunk)
                    out.write(chunk)
                out.flush()
                os.fsync(out.fileno())
            if size == 0:
                raise EmptyFile("the file is empty")
            if validate is not None:
                validate(tmp_path)
            sha256 = digest.hexdigest()
            final = self.path_for(sha256)
            if final.exists():
                return StoredBlob(sha256, size, final, created=False)
            final.parent.mkdir(parents=True, exist_ok=True)
            tmp_path.chmod(0o444)
            os.replace(tmp_path, final)
            return StoredBlob(sha256, size, final, created=True)
        finally:
            with contextlib.suppress(FileNotFoundError):
                tmp_path.unlink()

    def write_bytes(self, data: bytes) -> StoredBlob:
        return self.write([data])

    def open(self, sha256: str) -> BinaryIO:
        path = self.path_for(sha256)
        if not path.is_file():
            raise NotFound("the stored file is missing")
        return path.open("rb")

    def read_bytes(self, sha256: str) -> bytes:
        with self.open(sha256) as handle:
            return handle.read()

    def check(self) -> str:
        """Health: the folder exists and accepts a write."""
        self.ensure()
        probe = self.root / "tmp" / ".health"
        probe.write_bytes(b"ok")
        probe.unlink()
        return "ok"
