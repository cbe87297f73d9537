"""ARCHITECTURE.md stays true (issue 18): every file it names exists, and every function or
class it names in backticks is defined in the code."""

from __future__ import annotations

import re

from tests.support import REPO

MAP = REPO / "ARCHITECTURE.md"
_DEFINED = re.compile(r"^\s*(?:async\s+)?(?:def|class)\s+([A-Za-z_][A-Za-z0-9_]*)", re.MULTILINE)
# Backticked words that are not code names: statuses, settings, columns and commands.
_NOT_CODE = {"received", "stored", "analysed", "quarantined", "casedesk", "case_people_hmac"}


def _inline_code() -> list[str]:
    """Every `inline code` span of the map (code blocks left out)."""
    text = re.sub(r"```.*?```", "", MAP.read_text(encoding="utf-8"), flags=re.DOTALL)
    return re.findall(r"`([^`\n]+)`", text)


def _defined_names() -> set[str]:
    names: set[str] = set()
    for folder in (
        "api",
        "casedesk",
        "core",
        "correspondence",
        "extraction",
        "redaction",
        "worker",
    ):
        for path in (REPO / folder).rglob("*.py"):
            names.update(_DEFINED.findall(path.read_text(encoding="utf-8")))
    return names


def test_every_file_the_map_names_exists() -> None:
    named = {
        span for span in _inline_code() if re.fullmatch(r"[\w./-]+\.(?:py|js|yaml|json)", span)
    }
    missing = sorted(p for p in named if "*" not in p and not (REPO / p).exists())
    assert len(named) > 20 and not missing, missing


def test_every_function_the_map_names_is_defined() -> None:
    defined = _defined_names()
    named = {
        span.split(".")[-1]
        for span in _inline_code()
        if re.fullmatch(r"[a-z_][\w.]*", span)
        and not span.endswith((".py", ".js"))
        and not (REPO / span).is_dir()  # a package, as in the layers line
    }
    named -= _NOT_CODE
    missing = sorted(name for name in named if name not in defined)
    assert len(named) > 40 and not missing, missing
