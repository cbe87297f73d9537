"""Input walking shared by `casedesk redact` and `casedesk extract` (DESIGN.md CLI contract).

A directory is walked recursively; ``*.truth.json``, ``*.json`` and hidden files are skipped;
two inputs with the same stem are a usage error, because their outputs would collide.
Files are read one ahead (``ReadAhead``) and DOCX files converted by one LibreOffice per run
(``DocxConverter``).
"""

from __future__ import annotations

import atexit
import concurrent.futures
import logging
import threading
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Generic, TypeVar

from core.errors import AppError
from core.settings import Settings
from correspondence.pdf import DEFAULT_UNO_PYTHON, UnoClient, UnoConverter, stop_stale_converters
from extraction.limits import Limits
from extraction.sandbox import SandboxCrash

log = logging.getLogger(__name__)
T = TypeVar("T")


class UsageError(Exception):
    """A mistake in the command line: exit code 2."""


def _wanted(path: Path) -> bool:
    return not path.name.startswith(".") and not path.name.endswith(".json")


def collect_inputs(arguments: Iterable[str]) -> list[Path]:
    files: list[Path] = []
    for argument in arguments:
        path = Path(argument)
        if path.is_dir():
            files.extend(
                sorted(
                    p
                    for p in path.rglob("*")
                    if p.is_file()
                    and _wanted(p)
                    and not any(part.startswith(".") for part in p.relative_to(path).parts)
                )
            )
        elif path.is_file():
            if _wanted(path):
                files.append(path)
        else:
            raise UsageError(f"{argument}: no such file or directory")
    if not files:
        raise UsageError("no input files")
    seen: dict[str, Path] = {}
    for path in files:
        if path.stem in seen and seen[path.stem] != path:
            raise UsageError(
                f"two inputs have the same name stem {path.stem!r}: {seen[path.stem]} and {path}"
            )
        seen[path.stem] = path
    return list(dict.fromkeys(files))


def file_error(path: Path, exc: Exception) -> tuple[str, str]:
    """(code, message) for a file that failed, in our own words and on one line: a refusal's
    own message, a parser crash or any other fault named by its class only (no traceback, no
    library text or reprs on the terminal; the traceback goes to the debug log)."""
    if isinstance(exc, AppError):
        return exc.code, " ".join(exc.message.split())
    log.debug("%s: unexpected failure", path.name, exc_info=exc)
    if isinstance(exc, SandboxCrash):
        return exc.code, exc.reason
    if isinstance(exc, MemoryError):
        return "resource_limit", "the file needed more memory than this process may use"
    return (
        "internal_error",
        f"unexpected {type(exc).__name__} while working on the file "
        "(a fault in Casedesk or a library, not a refusal of the file)",
    )


class DocxConverter:
    """One persistent LibreOffice (the worker's ``UnoConverter``) for a whole run, started at
    the first input that may be a DOCX; each read passes its picklable client to the limited
    reader process, which converts only after its safety checks (``read_docx``). Without
    unoserver every DOCX is converted by a fresh LibreOffice, as before."""

    def __init__(self, settings: Settings, limits: Limits = Limits()) -> None:  # noqa: B008
        self._python = settings.unoserver_python or str(DEFAULT_UNO_PYTHON)
        self._run_dir = settings.data_dir / "run"
        self._limits = limits
        self._converter: UnoConverter | None = None
        self._unavailable = False
        self._lock = threading.Lock()

    def for_data(self, data: bytes) -> UnoClient | None:
        """The converter's client when ``data`` may be a DOCX (a ZIP), else None; None too
        when unoserver cannot run here or does not start (a fresh LibreOffice converts)."""
        if not data.startswith(b"PK\x03\x04"):
            return None
        with self._lock:
            if self._unavailable:
                return None
            try:
                if self._converter is None:
                    if not UnoConverter.available(self._python):
                        self._unavailable = True
                        return None
                    stop_stale_converters(self._run_dir)
                    self._converter = UnoConverter(
                        python=self._python,
                        timeout=self._limits.convert_seconds,
                        run_dir=self._run_dir,
                        memory_bytes=self._limits.memory_bytes,
                    )
                    atexit.register(self._converter.close)
                return self._converter.client()
            except AppError as exc:
                log.warning("unoserver did not start (%s): a fresh LibreOffice converts", exc.code)
                self._unavailable = True
                return None

    def close(self) -> None:
        with self._lock:
            if self._converter is not None:
                self._converter.close()
                self._converter = None


class ReadAhead(Generic[T]):
    """``read`` of each file, the next file's read running (in its limited child process)
    while the caller works on the current one: on a folder of small files the CPU no longer
    waits for each file to be read. The first read starts at once, before the models load.

    Iterating yields (path, result): ``result()`` waits for the read, and raises its error."""

    def __init__(self, files: list[Path], read: Callable[[Path], T]) -> None:
        self._files = files
        self._read = read
        self._pool = concurrent.futures.ThreadPoolExecutor(1, thread_name_prefix="casedesk-read")
        self._next = self._pool.submit(read, files[0]) if files else None

    def settle(self) -> None:
        """Wait for the read in flight: call before forking (a fork while the reading thread
        imports a module would copy its import lock held)."""
        if self._next is not None:
            concurrent.futures.wait([self._next])

    def __iter__(self) -> Iterator[tuple[Path, Callable[[], T]]]:
        for index, path in enumerate(self._files):
            current = self._next
            assert current is not None
            following = index + 1
            # Queued behind the current read: it starts as soon as that one is done.
            self._next = (
                self._pool.submit(self._read, self._files[following])
                if following < len(self._files)
                else None
            )
            yield path, current.result

    def close(self) -> None:
        """Stop reading ahead (a read in flight finishes; none is started)."""
        if self._next is not None:
            self._next.cancel()
        self._pool.shutdown(wait=True)

    def __enter__(self) -> ReadAhead[T]:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()
