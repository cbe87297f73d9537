"""Sample contexts, one JSON file per letter kind, variant and language (invented people).

Used by the tests and by the CLI demo: ``casedesk letter render decision/out_of_time --lang fr
--context correspondence/samples/decision/out_of_time/fr.json --out DIR``.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from core.errors import NotFound

SAMPLES_DIR = Path(__file__).resolve().parent


def sample_path(kind: str, variant: str, lang: str) -> Path:
    return SAMPLES_DIR / kind / variant / f"{lang}.json"


def read_sample(kind: str, variant: str, lang: str) -> dict[str, Any]:
    """A fresh copy of a sample context (callers may change it)."""
    path = sample_path(kind, variant, lang)
    if not path.is_file():
        raise NotFound(f"no sample context for {kind}/{variant}/{lang}")
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data
