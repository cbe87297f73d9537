"""Input walking shared by `casedesk redact` and `casedesk extract` (DESIGN.md CLI contract).

A directory is walked recursively; ``*.truth.json``, ``*.json`` and hidden files are skipped;
two inputs with the same stem are a usage error, because their outputs would collide.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path


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
