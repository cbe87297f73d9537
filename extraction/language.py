"""Language of a page or document (English or French) from the share of each one's stopwords.

Light on purpose: a page of complaint text has plenty of function words, and this runs on
every page. Text with too few words falls back to English (the default language).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Protocol

_WORD = re.compile(r"[a-zàâäçéèêëîïôöùûüÿœæ']+", re.IGNORECASE)

_EN = frozenset(
    (
        "the",
        "of",
        "and",
        "to",
        "a",
        "in",
        "is",
        "was",
        "that",
        "it",
        "for",
        "on",
        "with",
        "as",
        "he",
        "she",
        "his",
        "her",
        "they",
        "i",
        "my",
        "me",
        "we",
        "be",
        "by",
        "at",
        "this",
        "had",
        "have",
        "not",
        "are",
        "but",
        "from",
        "or",
        "were",
        "which",
        "an",
        "their",
        "there",
        "been",
        "has",
        "would",
        "what",
        "when",
        "who",
        "will",
        "all",
        "if",
        "so",
        "our",
        "your",
        "did",
        "do",
        "does",
        "than",
        "then",
        "into",
        "about",
        "after",
        "before",
        "officer",
        "police",
        "said",
        "told",
        "him",
        "them",
        "us",
        "you",
    )
)
_FR = frozenset(
    (
        "le",
        "la",
        "les",
        "de",
        "des",
        "du",
        "un",
        "une",
        "et",
        "est",
        "à",
        "au",
        "aux",
        "en",
        "que",
        "qui",
        "dans",
        "pour",
        "par",
        "sur",
        "pas",
        "ne",
        "se",
        "ce",
        "il",
        "elle",
        "ils",
        "nous",
        "vous",
        "je",
        "j'",
        "l'",
        "d'",
        "qu'",
        "n'",
        "s'",
        "c'",
        "m'",
        "mon",
        "ma",
        "mes",
        "son",
        "sa",
        "ses",
        "leur",
        "avec",
        "été",
        "était",
        "a",
        "avait",
        "ont",
        "sont",
        "mais",
        "ou",
        "où",
        "cette",
        "ces",
        "lui",
        "y",
        "plus",
        "policier",
        "agent",
        "monsieur",
        "madame",
        "suis",
        "être",
        "fait",
    )
)
MIN_WORDS = 5


def detect_language(text: str, default: str = "en") -> str:
    """'en' or 'fr' for a piece of text; ``default`` when it has too few words to tell."""
    en = fr = total = 0
    for match in _WORD.finditer(text[:20000]):
        word = match.group(0).lower()
        total += 1
        if "'" in word:
            head = word.split("'", 1)[0] + "'"
            if head in _FR:
                fr += 1
                continue
        if word in _EN:
            en += 1
        if word in _FR:
            fr += 1
    if total < MIN_WORDS or en == fr:
        return default
    return "fr" if fr > en else "en"


class _HasText(Protocol):
    """A page as the parser returns it or as it is stored: its text and language."""

    @property
    def text(self) -> str: ...

    @property
    def language(self) -> str: ...


def document_language(pages: Iterable[_HasText], default: str = "en") -> str:
    """The language most of the document's text is in (weighted by characters)."""
    weight: dict[str, int] = {}
    for page in pages:
        weight[page.language] = weight.get(page.language, 0) + len(page.text)
    if not weight or not any(weight.values()):
        return default
    return max(weight, key=lambda lang: weight[lang])
