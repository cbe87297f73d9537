"""Date mentions in English and French text, normalised to ISO, each with its role in the case.

Regular expressions find the mentions (dateparser's search is ~0.25 s for a 5 KB page and
returns many false hits); the role comes from cue words around the mention and the layout.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from datetime import date

from spacy.tokens import Doc

from core.errors import InvalidInput
from core.vocab import DATE_ROLES

MONTHS: dict[str, int] = {
    # English, full and abbreviated ("Sep." and "Sept." both occur).
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4,
    "apr": 4, "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8,
    "september": 9, "sep": 9, "sept": 9, "october": 10, "oct": 10, "november": 11, "nov": 11,
    "december": 12, "dec": 12,
    # French, with and without accents (OCR and e-mail often drop them).
    "janvier": 1, "janv": 1, "février": 2, "fevrier": 2, "févr": 2, "fevr": 2, "fév": 2,
    "mars": 3, "avril": 4, "avr": 4, "mai": 5, "juin": 6, "juillet": 7, "juil": 7,
    "août": 8, "aout": 8, "septembre": 9, "octobre": 10, "novembre": 11, "décembre": 12,
    "decembre": 12, "déc": 12,
}  # fmt: skip
_MONTH = "|".join(sorted((re.escape(name) for name in MONTHS), key=len, reverse=True))
_WEEKDAY = (
    r"(?:(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)(?:day|nesday|urday|sday)?\.?,?\s+|"
    r"(?:lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche)\s+)?"
)
_ORDINAL = r"(?:st|nd|rd|th|er|re|e)?"
_YEAR = r"(?:19|20)\d{2}"

_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    # 2024-03-03, 2024/03/03, 2024.03.03
    (
        "ymd",
        re.compile(
            rf"(?<![\w/.-])(?P<y>{_YEAR})[-/.](?P<m>\d{{1,2}})[-/.](?P<d>\d{{1,2}})(?![\w/-]|\.\d)"
        ),
    ),
    # 03/03/2024, 3-3-2024, 03.03.2024: order decided by jurisdiction and language
    (
        "num",
        re.compile(
            rf"(?<![\w/.-])(?P<a>\d{{1,2}})[-/.](?P<b>\d{{1,2}})[-/.](?P<y>{_YEAR})(?![\w/-]|\.\d)"
        ),
    ),
    # March 3, 2024 / Sep. 12, 2024 / March 3rd / Fri, March 3 2024
    (
        "mdy",
        re.compile(
            rf"(?<![\w-]){_WEEKDAY}(?P<mon>{_MONTH})\.?\s+(?P<d>\d{{1,2}}){_ORDINAL}\b"
            rf"(?:,?\s+(?P<y>{_YEAR})\b)?",
            re.IGNORECASE,
        ),
    ),
    # 3 March 2024 / 3rd of March, 2024 / Fri, 13 Sep 2024 / le 1er mars 2024 / 3 mars
    (
        "dmy",
        re.compile(
            rf"(?<![\w-]){_WEEKDAY}(?P<d>\d{{1,2}}){_ORDINAL}(?:\s+of)?\s+(?P<mon>{_MONTH})\b\.?"
            rf"(?:,?\s+(?P<y>{_YEAR})\b)?",
            re.IGNORECASE,
        ),
    ),
)

# Cue words, nearest one wins. Checked on both languages: a French letter may quote English
# e-mail headers and the other way round.
_CUES: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "date_of_birth",
        re.compile(
            r"date of birth|birth ?date|\bd\.?o\.?b\b|\bborn\b|date de naissance|naissance|"
            r"\bnée?\b|\bné\(e\)",
            re.IGNORECASE,
        ),
    ),
    (
        "interview",
        re.compile(
            r"interview\w*|statement (?:taken|given|of)|date of statement|duty report|"
            r"entrevue|entretien|rencontré\w*|déposition|déclaration (?:prise|recueillie)",
            re.IGNORECASE,
        ),
    ),
    (
        "complaint_received",
        re.compile(
            r"\breceived\b|\breceipt\b|date received|\breçue?s?\b|réception|date de dépôt",
            re.IGNORECASE,
        ),
    ),
    (
        "letter_date",
        re.compile(
            r"\bprepared\b|\breport date\b|date of (?:this |the )?(?:letter|report)|"
            r"date du rapport|date de la lettre|\bsigned\b|\bsigné\w*",
            re.IGNORECASE,
        ),
    ),
    (
        "incident",
        re.compile(
            r"incident|occur\w*|happened|took place|initial contact|treated by|"
            r"date of (?:the )?event|événement\w*|evenement\w*|survenu\w*|les faits|"
            r"s'est produit|se sont produits|a eu lieu|date des faits",
            re.IGNORECASE,
        ),
    ),
    # Explicit "other" cues stop the search so a farther cue cannot claim the date.
    (
        "other",
        re.compile(
            r"\bwrote\b|a écrit|panel date|hearing|completed|returned|went back|called|"
            r"retourné|appelé",
            re.IGNORECASE,
        ),
    ),
)
# A date followed by a time of day in a narrative ("On 27/01/2025 at about 9.05pm I was ...")
# is when the events happened.
_TIME_AFTER = re.compile(
    r"^\W{0,3}(?:at\s+)?(?:about|approximately|around|vers|à|roughly)?\s*"
    r"(?:\d{1,2}[:.h]\s?\d{2}|\d{4}\s+hours|\d{1,2}\s?(?:a\.?m|p\.?m))",
    re.IGNORECASE,
)
_BARE_DATE_LABEL = re.compile(r"\bdate\s*:?\s*$", re.IGNORECASE)
_EMAIL_HEADER_LINE = re.compile(r"^(?:date|sent|envoyé|received|reçu)\s*:", re.IGNORECASE)
_EMAIL_MARKERS = re.compile(r"^(?:from|de|to|à|subject|objet|message-id)\s*:", re.IGNORECASE | re.M)
_WITNESS_STATEMENT = re.compile(
    r"witness statement|statement of witness|déclaration (?:de|du) témoin|déclaration du témoin",
    re.IGNORECASE,
)
_SENTENCE_BREAK = re.compile(r"(?:[.!?;](?=\s|$)|\n\s*\n)")
# A full stop after these is an abbreviation, not the end of a sentence.
_ABBREVIATIONS = frozenset(
    {
        "sgt",
        "det",
        "cst",
        "const",
        "insp",
        "supt",
        "ch",
        "lt",
        "capt",
        "cpl",
        "dr",
        "mr",
        "mrs",
        "ms",
        "mme",
        "st",
        "no",
        "sp",
        "inv",
        "s/sgt",
        "d/sgt",
        "sp/cst",
        "p.c",
        "ave",
        "rd",
        "blvd",
        "cres",
        "crt",
        "apt",
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
        "vs",
        "etc",
        "p",
        "ss",
        "s",
        "c",
        "m",
        "e.g",
        "i.e",
    }
)
_LEFT_WINDOW = 160
_LETTER_HEAD_LINES = 15


@dataclass(frozen=True, slots=True)
class DateMention:
    """One date as written (``text``), its ISO form, its role and its offsets in the text."""

    text: str
    iso: str
    role: str
    start: int
    end: int


def day_first(jurisdiction: str, language: str) -> bool:
    """Whether ambiguous numeric dates are day/month: the UK and French writers (and Quebec)."""
    return language == "fr" or jurisdiction.upper().startswith("UK") or jurisdiction == "CA-QC"


def find_dates(
    source: str | Doc,
    language: str,
    *,
    jurisdiction: str,
    reference_year: int | None = None,
) -> list[DateMention]:
    """Every date mention in ``source``, in text order, normalised and given a role.

    A date written without a year ("3rd of March") takes ``reference_year``, or else the most
    common year among the document's complete dates; with neither it is left out.
    """
    text = source.text if isinstance(source, Doc) else source
    if not isinstance(text, str):
        raise InvalidInput("find_dates needs text or a spaCy Doc")
    raw = _find_raw(text, day_first(jurisdiction, language))
    if reference_year is None:
        years = Counter(found[3].year for found in raw if found[3] is not None)
        reference_year = (
            max(years.items(), key=lambda item: (item[1], item[0]))[0] if years else None
        )
    context = _Layout(text)
    mentions: list[DateMention] = []
    previous_end = 0
    for start, end, parts, full in raw:
        value = full
        if value is None:
            if reference_year is None:
                continue
            value = _safe_date(reference_year, parts[1], parts[2])
            if value is None:
                continue
        role = context.role_of(start, end, previous_end)
        previous_end = end
        mentions.append(DateMention(text[start:end], value.isoformat(), role, start, end))
    return mentions


def _safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _find_raw(
    text: str, dayfirst: bool
) -> list[tuple[int, int, tuple[int, int, int], date | None]]:
    """(start, end, (year or 0, month, day), date or None when the year is missing)."""
    candidates: list[tuple[int, int, tuple[int, int, int], date | None]] = []
    for kind, pattern in _PATTERNS:
        for match in pattern.finditer(text):
            parsed = _parse(kind, match, dayfirst)
            if parsed is None:
                continue
            year, month, day = parsed
            full = _safe_date(year, month, day) if year else None
            if year and full is None:
                continue
            if not year and _safe_date(2000, month, day) is None:  # 2000: a leap year
                continue
            candidates.append((match.start(), match.end(), (year, month, day), full))
    # Longest mention wins where two overlap ("Fri, 13 Sep 2024" over "13 Sep").
    candidates.sort(key=lambda item: (item[0], -(item[1] - item[0])))
    chosen: list[tuple[int, int, tuple[int, int, int], date | None]] = []
    for candidate in candidates:
        if chosen and candidate[0] < chosen[-1][1]:
            if candidate[1] - candidate[0] > chosen[-1][1] - chosen[-1][0]:
                chosen[-1] = candidate
            continue
        chosen.append(candidate)
    return chosen


def _parse(kind: str, match: re.Match[str], dayfirst: bool) -> tuple[int, int, int] | None:
    if kind == "ymd":
        return int(match["y"]), int(match["m"]), int(match["d"])
    if kind == "num":
        first, second, year = int(match["a"]), int(match["b"]), int(match["y"])
        if first > 12 >= second:
            return year, second, first
        if second > 12 >= first:
            return year, first, second
        return (year, second, first) if dayfirst else (year, first, second)
    month_word = match["mon"]
    # "may" is also a verb; only the capitalised word is the month.
    if month_word.lower() == "may" and month_word == "may":
        return None
    month = MONTHS[month_word.lower().rstrip(".")]
    year = int(match["y"]) if match["y"] else 0
    return year, month, int(match["d"])


class _Layout:
    """Lines and document kind, computed once per text, for deciding roles."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.line_starts = [0] + [index + 1 for index, char in enumerate(text) if char == "\n"]
        self.is_email = len(_EMAIL_MARKERS.findall(text[:3000])) >= 2
        self.is_witness_statement = bool(_WITNESS_STATEMENT.search(text[:600]))

    def _line_index(self, offset: int) -> int:
        low, high = 0, len(self.line_starts) - 1
        while low < high:
            middle = (low + high + 1) // 2
            if self.line_starts[middle] <= offset:
                low = middle
            else:
                high = middle - 1
        return low

    def _line(self, index: int) -> str:
        start = self.line_starts[index]
        end = (
            self.line_starts[index + 1] - 1 if index + 1 < len(self.line_starts) else len(self.text)
        )
        return self.text[start:end]

    def _signature_role(self) -> str:
        return "interview" if self.is_witness_statement else "letter_date"

    def role_of(self, start: int, end: int, previous_end: int = 0) -> str:
        """The role of the date at text[start:end]; ``previous_end`` ends the date before it."""
        line_index = self._line_index(start)
        line_start = self.line_starts[line_index]
        line = self._line(line_index)
        left = self.text[line_start:start]
        right = line[end - line_start :]
        if self.is_email and _EMAIL_HEADER_LINE.match(line.lstrip("> ")):
            return "complaint_received" if not line.startswith(">") else "other"
        # A table row ("2023-08-20  Complaint received by ...") describes the date after it.
        if not left.strip() and right.strip():
            role = _nearest_cue(_first_sentence(right)[:90], from_end=False)
            if role:
                return role
        # The sentence before the date, across line breaks (PDF and e-mail text wraps
        # mid-sentence), but never reaching back past the previous date.
        sentence_left = _last_sentence(
            self.text[max(previous_end, start - _LEFT_WINDOW, 0) : start]
        )
        role = _nearest_cue(sentence_left, from_end=True)
        if role:
            return role
        if _BARE_DATE_LABEL.search(sentence_left):
            return "complaint_received" if self.is_email else self._signature_role()
        sentence_right = _first_sentence(right)
        role = _nearest_cue(sentence_right[:90], from_end=False)
        if role:
            return role
        if _TIME_AFTER.search(right) and not left.strip(" \t,:").endswith(("Date", "date")):
            return "incident"
        # Only a date (almost) alone on its line is a form value, table cell or letterhead.
        if (left.strip() and len(left.strip()) > 25) or len(right.strip(" .,;:")) > 3:
            return "other"
        return self._role_from_neighbours(line_index, left, right)

    def _role_from_neighbours(self, line_index: int, left: str, right: str) -> str:
        """A date standing (almost) alone on its line: a form value, a table cell, a letterhead."""
        previous = [
            self._line(index).strip()
            for index in range(line_index - 1, max(-1, line_index - 7), -1)
        ]
        previous = [line for line in previous if line]
        if previous:
            label = previous[0]
            role = _nearest_cue(label, from_end=True)
            if role and len(label.split()) <= 8:
                return role
            if re.search(r"\bdate\b|:$", label, re.IGNORECASE) and len(label.split()) <= 4:
                return "other"
        # A column header a few lines up ("Witness  Telephone  Address  Interviewed").
        for line in previous[1:]:
            last_word = line.split()[-1] if line.split() else ""
            role = _nearest_cue(last_word, from_end=True)
            if role and role != "other":
                return role
        if line_index < _LETTER_HEAD_LINES or re.search(r",\s*le\s*$", left, re.IGNORECASE):
            return self._signature_role()
        if previous and len(previous[0].split()) <= 3 and not right.strip():
            return self._signature_role()
        return "other"


def _is_sentence_end(text: str, index: int) -> bool:
    if text[index] == "\n":
        return True
    if text[index] != ".":
        return True
    word = re.split(r"\s", text[:index])[-1].lower()
    return word not in _ABBREVIATIONS and not (len(word) == 1 and word.isalpha())


def _last_sentence(text: str) -> str:
    cut = 0
    for match in _SENTENCE_BREAK.finditer(text):
        if _is_sentence_end(text, match.start()):
            cut = match.end()
    return text[cut:]


def _first_sentence(text: str) -> str:
    for match in _SENTENCE_BREAK.finditer(text):
        if _is_sentence_end(text, match.start()):
            return text[: match.start()]
    return text


def _nearest_cue(context: str, *, from_end: bool) -> str | None:
    best: tuple[int, str] | None = None
    for role, pattern in _CUES:
        for match in pattern.finditer(context):
            distance = len(context) - match.end() if from_end else match.start()
            if best is None or distance < best[0]:
                best = (distance, role)
    return best[1] if best else None


assert {role for role, _ in _CUES} <= set(DATE_ROLES)
