"""Safe display names for uploaded files (stored files are named by their hash, never by these)."""

from __future__ import annotations

import re
import unicodedata

MAX_FILENAME = 255


def safe_filename(name: str) -> str:
    """The name to show: last path component, no control characters, at most 255 characters."""
    name = unicodedata.normalize("NFC", name or "")
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C")
    name = re.split(r"[\\/]", name)[-1].strip().strip(".") or "upload"
    if len(name) > MAX_FILENAME:
        stem, dot, ext = name.rpartition(".")
        if dot and 0 < len(ext) <= 10:
            name = stem[: MAX_FILENAME - len(ext) - 1] + "." + ext
        else:
            name = name[:MAX_FILENAME]
    return name
