"""Duplicate pages across an FOI request: the same content hash, or near-identical text.

Pure: (key, text) pairs in request order; a later page that repeats an earlier one is its
duplicate. Near-identical means word 3-shingles with a Jaccard similarity of at least 0.9
(an e-mail printed twice with a different footer, a letter re-scanned by OCR).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

K = TypeVar("K", bound=Hashable)

NEAR = 0.9
MIN_WORDS = 8  # pages with fewer words (blank, a title) are never called duplicates
_WORD = re.compile(r"\w+")


@dataclass(frozen=True, slots=True)
class Duplicate(Generic[K]):
    key: K
    of: K
    method: str  # "content_hash" | "near_text"
    similarity: float


def _words(text: str) -> list[str]:
    return [w.casefold() for w in _WORD.findall(text)]


def content_hash(text: str) -> str:
    """A hash of the page's words only: spacing, case and punctuation do not count."""
    return hashlib.sha256(" ".join(_words(text)).encode()).hexdigest()


def _shingles(words: list[str]) -> frozenset[str]:
    if len(words) < 3:
        return frozenset(words)
    return frozenset(" ".join(words[i : i + 3]) for i in range(len(words) - 2))


def find_duplicates(pages: Sequence[tuple[K, str]], near: float = NEAR) -> list[Duplicate[K]]:
    """Pages (after the first) that repeat an earlier page, with the page they repeat."""
    seen_hash: dict[str, K] = {}
    kept: list[tuple[K, frozenset[str]]] = []
    found: list[Duplicate[K]] = []
    for key, text in pages:
        words = _words(text)
        if len(words) < MIN_WORDS:
            continue
        digest = hashlib.sha256(" ".join(words).encode()).hexdigest()
        if digest in seen_hash:
            found.append(Duplicate(key, seen_hash[digest], "content_hash", 1.0))
            continue
        seen_hash[digest] = key
        shingles = _shingles(words)
        best: tuple[float, K] | None = None
        for other, other_shingles in kept:
            # Jaccard cannot reach ``near`` when the sizes differ too much: skip cheaply.
            small, large = sorted((len(shingles), len(other_shingles)))
            if large and small / large < near:
                continue
            union = len(shingles | other_shingles)
            score = len(shingles & other_shingles) / union if union else 0.0
            if score >= near and (best is None or score > best[0]):
                best = (score, other)
        if best is not None:
            found.append(Duplicate(key, best[1], "near_text", round(best[0], 3)))
            continue
        kept.append((key, shingles))
    return found
