"""Input walking shared by `casedesk redact` and `casedesk extract` (DESIGN.md CLI contract).

A directory is walked recursively; ``*.truth.json``, ``*.json`` and hidden files are skipped;
two inputs with the same stem are a usage error, because their outputs would collide.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from pathlib import Path

from core.errors import AppError
from extraction.sandbox import SandboxCrash

log = logging.getLogger(__name__)


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
