"""Dates of birth in any wording, read by ``dateparser`` after a birth cue.

The pattern recognizers know the common date layouts; people and forms write many more
("the 25th day of July, 1989", "19-MAR-1978", "7 juill. 1990", "DOB: 3/4/61"). After a cue
("born", "date of birth", "DOB", "né le", "date de naissance") the next few words are offered
to ``dateparser``; the longest run it reads as a whole date (day, month and year) is the birth
date.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

import dateparser
from presidio_analyzer import LocalRecognizer, RecognizerResult

from redaction.patterns import recognizer_result

_CUE = re.compile(
    r"(?i)(?<!\w)(?:date\s+of\s+birth|birth\s*date|birthdate|d\.?o\.?b\.?|born(?:\s+on)?|"
    r"birthday|date\s+de\s+naissance|né(?:e|\(e\))?\s+le|ddn|naissance)(?!\w)[\s:.\-–—]*"
)
# Words that may make up a date: numbers, ordinals, month names and their abbreviations.
_DATE_WORD = re.compile(r"[^\s;:()\[\]]+")
_MAX_WORDS = 6
_SETTINGS = {"STRICT_PARSING": True, "REQUIRE_PARTS": ["day", "month", "year"]}


def birth_date_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each date of birth written after a cue in ``text``."""
    spans: list[tuple[int, int]] = []
    for cue in _CUE.finditer(text):
        words: list[tuple[int, int]] = []
        position = cue.end()
        while len(words) < _MAX_WORDS:
            match = _DATE_WORD.match(text, position)
            if match is None or "\n" in text[position : match.start()]:
                break
            words.append((match.start(), match.end()))
            gap = re.match(r"[ \t]*", text[match.end() :])
            position = match.end() + (gap.end() if gap else 0)
        if not words or not any(ch.isdigit() for ch in text[words[0][0] : words[-1][1]]):
            continue
        for count in range(len(words), 0, -1):
            start, end = words[0][0], words[count - 1][1]
            candidate = text[start:end].rstrip(".,")
            if candidate[-1:].isdigit() and _parses(candidate):
                spans.append((start, start + len(candidate)))
                break
    return spans


# French abbreviations dateparser does not read ("7 juill. 1990").
_FRENCH_ABBREVIATIONS = re.compile(r"(?i)\bjuill\.?")


@lru_cache(maxsize=4096)
def _parses(candidate: str) -> bool:
    readable = _FRENCH_ABBREVIATIONS.sub("juillet", candidate)
    try:
        return dateparser.parse(readable, languages=["en", "fr"], settings=_SETTINGS) is not None
    except (ValueError, OverflowError, TypeError):
        return False


class BirthDateRecognizer(LocalRecognizer):
    """DATE_OF_BIRTH for any date wording ``dateparser`` reads, right after a birth cue."""

    NAME = "BirthDateRecognizer"

    def __init__(self, language: str) -> None:
        super().__init__(
            supported_entities=["DATE_OF_BIRTH"], name=self.NAME, supported_language=language
        )

    def load(self) -> None:
        """Nothing to load: ``dateparser`` carries its language data."""

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: Any = None
    ) -> list[RecognizerResult]:
        if "DATE_OF_BIRTH" not in entities:
            return []
        return [self._result(start, end) for start, end in birth_date_spans(text)]

    def _result(self, start: int, end: int) -> RecognizerResult:
        reason = "a date read by dateparser after a birth cue"
        return recognizer_result(
            self, self.NAME, "DATE_OF_BIRTH", (start, end), 0.85, reason, ("birth",)
        )
