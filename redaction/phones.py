"""Phone numbers of any country, read by Google's ``phonenumbers`` rather than by our regexes.

A cheap pattern finds phone-shaped runs of digits (groups of 2-4 digits, a parenthesised
area code, a ``+`` or ``00`` country prefix, an extension); ``phonenumbers`` then decides
whether the run is a number of some region. The regions we serve (Canada, the US, the UK and
France) are tried first; a number valid only elsewhere needs a phone word nearby or an
international prefix, so file numbers and amounts are not taken for phones.
"""

from __future__ import annotations

import re
from typing import Any

import phonenumbers
from presidio_analyzer import LocalRecognizer, RecognizerResult

from redaction.patterns import recognizer_result

HOME_REGIONS: tuple[str, ...] = ("CA", "US", "GB", "FR")
# Regions whose numbering plans are tried when the home ones do not fit: the countries our
# complainants, witnesses and their families most often come from or call, on every continent.
OTHER_REGIONS: tuple[str, ...] = (
    "BE", "NL", "LU", "DE", "AT", "CH", "IT", "ES", "PT", "IE", "DK", "NO", "SE", "FI", "IS",
    "PL", "CZ", "SK", "HU", "RO", "BG", "GR", "CY", "HR", "SI", "RS", "EE", "LV", "LT", "UA",
    "RU", "TR", "IL", "LB", "MA", "DZ", "TN", "EG", "NG", "GH", "KE", "ET", "SO", "ZA", "CM",
    "SN", "CI", "HT", "JM", "TT", "MX", "BR", "AR", "CO", "CL", "PE", "VE", "AU", "NZ", "IN",
    "PK", "BD", "LK", "PH", "VN", "CN", "HK", "TW", "JP", "KR", "IR", "IQ", "SY", "AF", "AE",
    "SA",
)  # fmt: skip

# A phone-shaped run: an optional country prefix, then 2-5 groups of digits separated by one
# space, dot or hyphen (the first group may be in parentheses), then an optional extension.
_GROUP_SEP = r"(?:[ .\-]|\)[ .\-]?)"
_CANDIDATE = re.compile(
    r"(?<![\w+.\-/])(?P<number>"
    r"(?:(?:\+|00)\d{1,3}[ .\-]?(?:\(0\)[ .\-]?)?|\b001[ .\-])?"
    r"(?:\(\d{1,5}\)[ .\-]?|\d{1,5}" + _GROUP_SEP + r")"
    r"(?:\d{2,5}[ .\-]){0,4}\d{2,8}"
    r"|(?:\+|00)\d{7,15}"
    r"|\d{9,11}"
    r")"
    r"(?P<ext>[ \t]*(?:,[ \t]*)?(?:x|ext\.?|extension|poste|p\.)[ \t]*\d{1,6})?"
    r"(?![\w/]|-\d|[.,]\d|:\d)",
    re.IGNORECASE,
)
_STRONG = (
    r"phone|telephone|tel|cell|cellular|mobile|mob|fax|desk|landline|whatsapp|sms"
    r"|téléphone|tél|cellulaire|portable|télécopieur|telefon|telefono|teléfono|telefone|handy"
)
_CONTEXT = re.compile(
    r"(?i)(?<!\w)(?:" + _STRONG + r"|home|work|office|call|called|calling|text|reached|reach"
    r"|number|contact|dial|ring|answer|answering|answered|joindre|rejoindre|numéro|appeler|appelé)(?!\w)"
)
_STRONG_CONTEXT = re.compile(r"(?i)(?<!\w)(?:" + _STRONG + r")(?!\w)")
# What a phone number is not: a date, a time, a year range, a money amount.
_DATE_LIKE = re.compile(
    r"^(?:\d{4}[-/.]\d{1,2}[-/.]\d{1,2}|\d{1,2}[-/.]\d{1,2}[-/.](?:\d{4}|\d{2})"
    r"|\d{4}\s*[-–]\s*\d{2,4}|(?:19|20)\d\d)$"
)
_DATE_START = re.compile(r"^(?:\d{4}[-/.]\d{1,2}[-/.]\d{1,2}|\d{1,2}[-/.]\d{1,2}[-/.]\d{4})\b")
# A year, then a serial: a file, case or occurrence number ("2023-001575", "2024/118").
_FILE_NUMBER = re.compile(r"^(?:19|20)\d\d[-/]\d")
_MONEY_BEFORE = re.compile(r"[$€£¥]\s*$|(?i:\b(?:usd|cad|eur|gbp)\s*)$")


def _digit_count(value: str) -> int:
    return sum(ch.isdigit() for ch in value)


def classify(
    number: str, *, has_context: bool, strong_context: bool = False
) -> tuple[float, str] | None:
    """A score and the region that reads ``number`` as a phone number, or None.

    Valid in a home region: 0.6; a ``+``/``00`` prefix that reads as a possible number: 0.6
    (0.75 when valid); valid only in another region: 0.45, kept only with a phone word nearby.
    A bare run of digits without separators needs a phone word too, and a run no plan reads
    (an invented or unallocated number) is kept only after a phone label ("Mobile:", "Tél.").
    """
    digits = _digit_count(number)
    if not 7 <= digits <= 15 or _DATE_LIKE.match(number.strip()) or _DATE_START.match(number):
        return None
    if _FILE_NUMBER.match(number):
        return None
    international = number.startswith(("+", "00"))
    if international:
        candidate = "+" + number[2:] if number.startswith("00") else number
        parsed = _parse(candidate, None)
        if parsed is not None and phonenumbers.is_possible_number(parsed):
            region = phonenumbers.region_code_for_number(parsed) or "international"
            return (0.75 if phonenumbers.is_valid_number(parsed) else 0.6), region
        return None
    compact = not re.search(r"[ .\-()]", number)
    if compact and not has_context:
        return None
    for region in HOME_REGIONS:
        parsed = _parse(number, region)
        if parsed is not None and phonenumbers.is_valid_number(parsed):
            return 0.6, region
    if not has_context:
        return None
    for region in OTHER_REGIONS:
        parsed = _parse(number, region)
        if parsed is not None and phonenumbers.is_valid_number(parsed):
            return 0.5, region
    # Invented or unallocated numbers are still someone's phone when a phone label says so.
    return (0.45, "labelled") if strong_context else None


def _parse(number: str, region: str | None) -> Any:
    try:
        return phonenumbers.parse(number, region)
    except phonenumbers.NumberParseException:
        return None


class PhoneNumberRecognizer(LocalRecognizer):
    """PHONE_NUMBER for any region, decided by ``phonenumbers`` (see the module docstring)."""

    NAME = "PhoneNumberRecognizer"

    CONTEXT_WINDOW = 60
    CONTEXT_AFTER = 12  # "416 60 039 office", "085 175 7641-Fax"

    def __init__(self, language: str) -> None:
        super().__init__(
            supported_entities=["PHONE_NUMBER"],
            name=self.NAME,
            supported_language=language,
        )

    def load(self) -> None:
        """Nothing to load: ``phonenumbers`` carries its metadata."""

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: Any = None
    ) -> list[RecognizerResult]:
        if "PHONE_NUMBER" not in entities:
            return []
        results: list[RecognizerResult] = []
        for match in _CANDIDATE.finditer(text):
            number = match.group("number")
            start = match.start()
            if _MONEY_BEFORE.search(text[max(0, start - 5) : start]):
                continue
            around = (
                text[max(0, start - self.CONTEXT_WINDOW) : start]
                + " "
                + text[match.end() : match.end() + self.CONTEXT_AFTER]
            )
            context = [m.group(0).lower() for m in _CONTEXT.finditer(around)]
            strong = any(_STRONG_CONTEXT.fullmatch(word) for word in context)
            verdict = classify(number, has_context=bool(context), strong_context=strong)
            if verdict is None:
                continue
            score, region = verdict
            if context:
                score = min(1.0, score + 0.2)
            results.append(self._result(match.start(), match.end(), score, region, context))
        return results

    def _result(
        self, start: int, end: int, score: float, region: str, context: list[str]
    ) -> RecognizerResult:
        words = tuple(dict.fromkeys(context))
        text = f"phone number ({region})" + (f"; context: {', '.join(words)}" if words else "")
        return recognizer_result(self, self.NAME, "PHONE_NUMBER", (start, end), score, text, words)
