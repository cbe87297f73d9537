"""Date mentions in English and French text, normalised to ISO, each with its role in the case.

Candidates come from general patterns (numeric day/month/year in either order with four- or
two-digit years, month names and their abbreviations in any case, ordinals and "the 9th day
of") and, when the caller passes a parsed Doc, from its DATE entities. A pattern's parts are
checked as a calendar date (31/02/2024 and 2024-13-01 are not dates); an entity no pattern
explains is normalised by ``dateparser`` (dateparser's own search is ~0.25 s for a 5 KB page
and returns many false hits, so it never looks for candidates). A year far in the past or
future is kept as written and flagged, and never feeds a deadline. (The worker and ``casedesk
extract`` pass the document text, parsed elsewhere a window at a time, so today they get the
patterns only; a caller holding a Doc passes it to add its entities.)

The role comes from the field label before the date, the cue words and verb of its sentence,
the layout (a date alone on a line near the top of a letter, an e-mail's Date header) and,
failing those, a narrative sentence about the events.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Any

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
    "août": 8, "aout": 8, "juill": 7, "septembre": 9, "octobre": 10, "novembre": 11, "décembre": 12,
    "decembre": 12, "déc": 12,
}  # fmt: skip
_MONTH = "|".join(sorted((re.escape(name) for name in MONTHS), key=len, reverse=True))
_WEEKDAY = (
    r"(?:(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)(?:day|nesday|urday|sday)?\.?,?\s+|"
    r"(?:lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche)\s+)?"
)
_ORDINAL = r"(?:st|nd|rd|th|er|re|e)?"
# Any four-digit year is read (a year far off is flagged, not dropped); two-digit years only in
# all-numeric dates ("2-17-20"), where the separators make them unambiguous.
_YEAR = r"[12]\d{3}"
_NUMERIC_YEAR = r"(?:[12]\d{3}|\d{2})"
# After a numeric date: no more digits, words or separators, except an ISO time ("T10:00").
_NUMERIC_END = r"(?!T\d)(?![\w/-]|\.\d)|(?=T\d)"
# Between a day and its month: "3 March", "3rd of March", "9th day of February", "03-FEB".
_DAY_MONTH = r"(?:\s+(?:day\s+)?(?:of\s+|de\s+)?|[-/]|\s*-\s*)"
# Between a month and its year: "March 3, 2024", "03-FEB-2025", "7 juill. 2025".
_MONTH_YEAR = r"(?:,?\s+|[-/]|\s*-\s*)"

_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    # 2024-03-03, 2024/03/03, 2024.03.03, 2024-03-03T10:00
    (
        "ymd",
        re.compile(
            rf"(?<![\w/.-])(?P<y>{_YEAR})(?P<sep>[-/.])(?P<m>\d{{1,2}})(?P=sep)(?P<d>\d{{1,2}})"
            rf"(?:{_NUMERIC_END})"
        ),
    ),
    # 03/03/2024, 3-3-2024, 03.03.2024, 2-17-20: order decided by jurisdiction and language
    (
        "num",
        re.compile(
            rf"(?<![\w/.-])(?P<a>\d{{1,2}})(?P<sep>[-/.])(?P<b>\d{{1,2}})(?P=sep)"
            rf"(?P<y>{_NUMERIC_YEAR})(?:{_NUMERIC_END})"
        ),
    ),
    # March 3, 2024 / Sep. 12, 2024 / March 3rd / Fri, March 3 2024 / FEBRUARY the 9th
    (
        "mdy",
        re.compile(
            rf"(?<![\w-]){_WEEKDAY}(?P<mon>{_MONTH})\.?\s+(?:the\s+)?(?P<d>\d{{1,2}}){_ORDINAL}\b"
            rf"(?:(?:,\s*|\s+)(?P<y>{_YEAR})\b)?",
            re.IGNORECASE,
        ),
    ),
    # FEB-09-2025, Feb/9/25: month first between two separators, with its year
    (
        "mdy",
        re.compile(
            rf"(?<![\w/.-])(?P<mon>{_MONTH})(?P<sep>[-/])(?P<d>\d{{1,2}})(?P=sep)"
            rf"(?P<y>{_NUMERIC_YEAR})(?![\w/-]|\.\d)",
            re.IGNORECASE,
        ),
    ),
    # 03-FEB-85, 3/Feb/85: a two-digit year only between the same two separators
    (
        "dmy",
        re.compile(
            rf"(?<![\w/.-])(?P<d>\d{{1,2}})(?P<sep>[-/])(?P<mon>{_MONTH})\.?(?P=sep)"
            r"(?P<y>\d{2})(?![\w/-]|\.\d)",
            re.IGNORECASE,
        ),
    ),
    # 3 March 2024 / 3rd of March, 2024 / the 9th day of February, 2025 / 03-FEB-2025 /
    # Fri, 13 Sep 2024 / le 1er mars 2024 / 7 juill. 2025 / 3 mars
    (
        "dmy",
        re.compile(
            rf"(?<![\w-]){_WEEKDAY}(?P<d>\d{{1,2}}){_ORDINAL}{_DAY_MONTH}(?P<mon>{_MONTH})\b\.?"
            rf"(?:{_MONTH_YEAR}(?P<y>{_YEAR})\b)?",
            re.IGNORECASE,
        ),
    ),
)
# Years outside this window are kept as written and flagged: never used for a deadline.
EARLIEST_YEAR = 1900
YEARS_AHEAD = 5
IMPLAUSIBLE_YEAR = "implausible_year"

# Cue words, nearest one wins. Checked on both languages: a French letter may quote English
# e-mail headers and the other way round.
_CUES: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "date_of_birth",
        re.compile(
            r"date of birth|birth ?date|\bbirthday\b|\bd\.?o\.?b\b|\bborn\b|date de naissance|"
            r"naissance|\bnée?\b|\bné\(e\)|\bd\.d\.n\b|\bddn\b",
            re.IGNORECASE,
        ),
    ),
    (
        "interview",
        re.compile(
            r"interview\w*|statement (?:taken|given|of)|date of statement|"
            r"duty (?:report|statement)|"
            r"\b(?:met|spoke|sat down) with (?:the |an |our )?investigat\w*|"
            r"entrevue|entretien|rencontré\w*|déposition|déclaration (?:prise|recueillie)",
            re.IGNORECASE,
        ),
    ),
    (
        "complaint_received",
        re.compile(
            r"\breceived\b|\breceipt\b|date received|\breçue?s?\b|réception|date de dépôt|"
            # the complainant's own act of complaining: "I filed my complaint on ..."
            r"\b(?:filed|lodged|submitted|made|sent in) (?:a |my |the |his |her |this |their )?"
            r"(?:formal |written )?complaint|"
            r"\bcomplaint (?:was )?(?:filed|lodged|submitted|made|logged|registered|recorded)\b|"
            r"\bdate (?:logged|registered)\b|"
            r"\blodged\b|\bdate of (?:the )?complaint\b|\bcomplaint date\b|\bintake date\b|"
            r"\bdate of intake\b|\bdate filed\b|plainte (?:a été )?déposée|"
            r"porté plainte|dépôt de (?:la |ma )?plainte",
            re.IGNORECASE,
        ),
    ),
    (
        "letter_date",
        re.compile(
            r"\bprepared\b|\breport date\b|date of (?:this |the )?(?:letter|report)|"
            # the writer finishing the document: "Date form completed:", "Rapport déposé le"
            r"\b(?:form|report|statement|document) (?:completed|submitted|finali[sz]ed)\b|"
            r"\bdate (?:completed|of completion)\b|\b(?:rapport|formulaire) (?:déposé|rempli|"
            r"complété)\b|"
            r"date du rapport|date de la lettre|\bsigned\b|\bsigné\w*|"
            # "Dated:", "Dated at Toronto this 9th day of", "Fait à Montréal le"
            r"^\s*dated\b|\bdated\s*:|\bdated (?:at|this)\b|\bfait à\b",
            re.IGNORECASE,
        ),
    ),
    (
        "incident",
        re.compile(
            r"incident|occur\w*|happen\w*|took place|initial contact|treated by|"
            # third-person summaries: "The reporting party alleged that on ..."
            r"\balleg\w*|\ball[eéè]gu\w*|\bon or about\b|"
            # "the events of", "on the night of", "it all started on"
            r"\b(?:events?|night|evening|morning|afternoon) of\b|"
            r"\b(?:it all|this all|everything|the trouble|the problems?) (?:started|began)\b|"
            r"\b(?:le soir|la nuit|le matin) du\b|"
            # "The complainant reports that on March 3 ...": the events being reported
            r"\b(?:reports?|reported|states?|stated|says|said|claims?|claimed|explains?|"
            r"explained|describes?|described|recounts?|indicates?|indicated) that,? (?:on|in)\b|"
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
    # Neutral cues ("") stop the search and decide nothing: the sentence and the layout do.
    # A person receiving something (a ticket, a call, treatment) is not the office receiving
    # the complaint; the match runs to the object so that it is nearer than "received".
    (
        "",
        re.compile(
            r"\b(?:i|he|she|they|my \w+) (?:had |have |later |then |also |finally )?received"
            r"(?: (?:a|an|my|his|her|the|some|two|three) [\w-]+)?|"
            r"\b(?:j'ai|il a|elle a|ils ont) (?:\w+ )?reçu"
            r"(?: (?:une?|la|le|les|mon|ma|mes) [\w-]+)?",
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
# A narrative sentence about the events themselves (a reviewed table of cue words, English and
# French): the police acting, or the writer in the middle of something ("I was walking home").
# A date in one, with no cue of its own, is the incident; talking to the office afterwards
# (phoning, writing, asking) is not.
_NARRATIVE_EVENT = re.compile(
    r"\b(?:officers?|constables?|cst|sgt|sergeants?|police(?:man|men|woman|women)?|cops?|"
    r"cruisers?|squad car|(?:stopped|arrested|detained|searched|handcuffed|approached|"
    r"grabbed|pushed|punched|struck|kicked|tasered|pulled (?:me |us |him |her )?over|"
    r"attended|raided|seized|assaulted|followed)|"
    r"(?:i|we|he|she|they) (?:was|were) (?:\w+ing|at|in|outside|inside|near|by)|"
    r"policiers?|agents?|patrouilleurs?|(?:m'|l'|les? |nous )?(?:ont |a )?"
    r"(?:arrêtée?s?|interpellée?s?|fouillée?s?|frappée?s?|poussée?s?|menottée?s?|détenue?s?))\b",
    re.IGNORECASE,
)
_COMMUNICATION = re.compile(
    r"\b(?:phoned|telephoned|e-?mailed|wrote|sent|called|contacted|asked|requested|spoke|"
    r"replied|responded|complained|reported|followed up|téléphoné|écrit|envoyé|contacté|"
    r"demandé|répondu|signalé)\b",
    re.IGNORECASE,
)
# PDF and DOCX table text puts cells side by side with a tab or a run of spaces.
_CELL_GAP = re.compile(r"\t|\s{3,}")
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
# Lower-case words or a label's colon before a date: it is not a letterhead's date line.
_LABEL_WORDS = re.compile(r"\b(?!le\b|on\b|the\b)[a-zà-ÿ]{2,}\b|:\s*$")
_INITIALS = re.compile(r"(?:\w\.)+\w")
# A form's question is the label of the answer after it ("When did it happen? 9 Feb 2025").
_QUESTION_BEFORE = re.compile(r"([^.!?\n]{3,120})\?[ \t]*\n?[ \t]*$")
_LETTER_HEAD_LINES = 15
_TABLE_LINE = 400  # a longer line is running text, not a table row
_TABLE_ROWS = 60  # rows looked through, upwards, for a column header
_LINE_LIMIT = 1000  # characters of a line read on either side of a date


@dataclass(frozen=True, slots=True)
class DateMention:
    """One date as written (``text``), its ISO form, its role and its offsets in the text.

    ``flag`` is empty for a date that can be used, else why it must not feed a deadline
    (``IMPLAUSIBLE_YEAR``: a year far in the past or future, kept as written).
    """

    text: str
    iso: str
    role: str
    start: int
    end: int
    flag: str = ""

    @property
    def usable(self) -> bool:
        """Whether the date may be used for a deadline or a letter."""
        return not self.flag


def plausible_year(year: int, today: date | None = None) -> bool:
    """A year a complaint file can mean: from 1900 (births) to a few years ahead."""
    current = (today or date.today()).year
    return EARLIEST_YEAR <= year <= current + YEARS_AHEAD


def _full_year(written: str) -> int:
    """A two-digit year as strptime's ``%y`` reads it: 69-99 are the 1900s, 00-68 the 2000s."""
    year = int(written)
    if len(written) == 2:
        return year + (1900 if year >= 69 else 2000)
    return year


def day_first(jurisdiction: str, language: str) -> bool:
    """Whether ambiguous numeric dates are day/month: the UK and French writers (and Quebec)."""
    return language == "fr" or jurisdiction.upper().startswith("UK") or jurisdiction == "CA-QC"


# What shows a text was written in the UK (where 03/04 is the 3rd of April) whatever the
# jurisdiction the file was filed under: a UK postcode ("M14 5LW"; Canadian ones are "L5B 3K9"),
# pounds, the +44 dialling code, UK-only policing bodies and statutes.
_UK_SIGNS = re.compile(
    r"\b[A-Z]{1,2}\d[A-Z\d]? \d[ABD-HJLNP-UW-Z]{2}\b|£|\+44\b|"
    r"\b(?:Constabulary|IOPC|Independent Office for Police Conduct|Metropolitan Police|"
    r"Police Scotland|PSNI|Police Reform Act|National Insurance|[Cc]ollar number)\b"
)
_FRENCH_SIGNS = re.compile(
    r"\b(?:le|du|au) \d{1,2}(?:er)? (?:janvier|février|mars|avril|mai|juin|juillet|août|"
    r"septembre|octobre|novembre|décembre)\b|\b(?:je|nous|il|elle) (?:suis|sommes|est|ai|a)\b"
)


_NUMERIC_DATE = dict(_PATTERNS)["num"]


def numeric_day_first(text: str, jurisdiction: str, language: str) -> bool:
    """How this text writes an ambiguous numeric date (03/04/2025): day first or month first.

    The writer's own unambiguous dates decide first (23/06/1988 is day-first, 06/23/1988
    month-first); then the jurisdiction and language (``day_first``); then signs in the text
    that it was written in the UK or in French (a UK postcode, "£", "+44"; French date phrases):
    a letter from Manchester filed in Ontario is still written day first."""
    numeric = list(_NUMERIC_DATE.finditer(text))
    votes: Counter[str] = Counter()
    for match in numeric:
        first, second = int(match["a"]), int(match["b"])
        if first > 12 >= second >= 1:
            votes["day"] += 1
        elif second > 12 >= first >= 1:
            votes["month"] += 1
    if votes["day"] != votes["month"]:
        return votes["day"] > votes["month"]
    if numeric and all(match["sep"] == "." for match in numeric):
        return True  # 12.07.2025: dotted numeric dates are the European, day-first habit
    if day_first(jurisdiction, language):
        return True
    return bool(_UK_SIGNS.search(text) or _FRENCH_SIGNS.search(text))


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
    dayfirst = numeric_day_first(text, jurisdiction, language)
    today = date.today()
    raw = _find_raw(text, dayfirst)
    if isinstance(source, Doc):
        raw = _with_entities(raw, source, dayfirst)
    if reference_year is None:
        years = Counter(
            found[3].year
            for found in raw
            if found[3] is not None and plausible_year(found[3].year, today)
        )
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
        flag = "" if plausible_year(value.year, today) else IMPLAUSIBLE_YEAR
        mentions.append(DateMention(text[start:end], value.isoformat(), role, start, end, flag))
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
    return _longest_first(candidates)


def _longest_first(candidates: list[Any]) -> list[Any]:
    """Longest mention wins where two overlap ("Fri, 13 Sep 2024" over "13 Sep")."""
    candidates.sort(key=lambda item: (item[0], -(item[1] - item[0])))
    chosen: list[Any] = []
    for candidate in candidates:
        if chosen and candidate[0] < chosen[-1][1]:
            if candidate[1] - candidate[0] > chosen[-1][1] - chosen[-1][0]:
                chosen[-1] = candidate
            continue
        chosen.append(candidate)
    return chosen


def _with_entities(raw: list[Any], doc: Doc, dayfirst: bool) -> list[Any]:
    """``raw`` plus the Doc's DATE entities that no pattern found, normalised by dateparser
    when they name one whole day ("the ninth of February 2025"); periods and vague times
    ("last week", "2024") are not dates of a case."""
    # A pattern's complete date stands; a yearless one ("February 9th") gives way to an entity
    # that says more ("February 9th of 2025").
    complete = [(start, end) for start, end, _, full in raw if full is not None]
    added = list(raw)
    for entity in doc.ents:
        if entity.label_ != "DATE" or len(entity.text) > 60:
            continue
        start, end = entity.start_char, entity.end_char
        if any(start < other_end and other_start < end for other_start, other_end in complete):
            continue
        value = _dateparser_day(entity.text, dayfirst)
        if value is not None:
            added.append((start, end, (value.year, value.month, value.day), value))
    return _longest_first(added)


@lru_cache(maxsize=4096)
def _dateparser_day(written: str, dayfirst: bool) -> date | None:
    """One whole calendar day written in ``written`` (day, month and year all present)."""
    if not re.search(r"\d", written) or re.search(r"\d[-/.]\d{1,2}[-/.]\d", written):
        # Numbers in words alone are not a day of a case; an all-numeric form the patterns
        # refused is not a date (dateparser would read 2024-13-01 as 13 January).
        return None
    parser = _date_parser(dayfirst)
    data = parser.get_date_data(written)
    if data.date_obj is None or data.period != "day":
        return None
    return data.date_obj.date()  # type: ignore[no-any-return]


@lru_cache(maxsize=2)
def _date_parser(dayfirst: bool) -> Any:
    from dateparser.date import DateDataParser  # loaded only when a Doc's entities need it

    return DateDataParser(
        languages=["en", "fr"],
        settings={
            "DATE_ORDER": "DMY" if dayfirst else "MDY",
            "STRICT_PARSING": True,
            "RETURN_AS_TIMEZONE_AWARE": False,
        },
    )


def _parse(kind: str, match: re.Match[str], dayfirst: bool) -> tuple[int, int, int] | None:
    if kind == "ymd":
        return int(match["y"]), int(match["m"]), int(match["d"])
    if kind == "num":
        first, second, year = int(match["a"]), int(match["b"]), _full_year(match["y"])
        if first > 12 >= second:
            return year, second, first
        if second > 12 >= first:
            return year, first, second
        return (year, second, first) if dayfirst else (year, first, second)
    month_word = match["mon"]
    # "may" is also a verb; the lower-case word is the month only where a date goes
    # ("on may 23", "since may 3rd", "23 may"), not after a subject ("you may 2 ...").
    if month_word == "may" and not _LOWER_MAY_DATE.search(
        match.string[max(0, match.start() - 12) : match.start("mon")]
    ):
        return None
    month = MONTHS[month_word.lower().rstrip(".")]
    year = _full_year(match["y"]) if match["y"] else 0
    return year, month, int(match["d"])


_LOWER_MAY_DATE = re.compile(
    r"(?:^|[\n,;(]|\b(?:on|since|until|till|from|by|before|after|of|in|early|late|mid|"
    r"\d{1,2}(?:st|nd|rd|th)?))\s*$",
    re.IGNORECASE,
)


class _Layout:
    """Lines and document kind, computed once per text, for deciding roles."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.line_starts = [0] + [index + 1 for index, char in enumerate(text) if char == "\n"]
        self.is_email = len(_EMAIL_MARKERS.findall(text[:3000])) >= 2
        # A reply (Subject "RE: ...") quoting the message it answers: its own Date header is
        # the office's reply, the quoted message's date is when the complaint came in.
        # Only when the reply is the office's ("Your complaint has been registered"); a
        # complainant's reply quoting the office is the complaint itself.
        original = _ORIGINAL_MESSAGE.search(text) if self.is_email else None
        reply = text[: original.start()] if original else ""
        body = _HEADER_LINES.sub("", reply)
        self.reply_header_end = (
            len(reply)
            if reply
            and _REPLY_SUBJECT.search(reply)
            and _OFFICE_VOICE.search(body)
            and not _COMPLAINANT_VOICE.search(body)
            else 0
        )
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

    def _line_end(self, index: int) -> int:
        return (
            self.line_starts[index + 1] - 1 if index + 1 < len(self.line_starts) else len(self.text)
        )

    def _line(self, index: int) -> str:
        """Line ``index``, cut at ``_LINE_LIMIT`` characters: a page-long line without breaks
        (a narrative with no full stops) must not be copied once per date."""
        start = self.line_starts[index]
        return self.text[start : min(self._line_end(index), start + _LINE_LIMIT)]

    def _signature_role(self) -> str:
        return "interview" if self.is_witness_statement else "letter_date"

    def role_of(self, start: int, end: int, previous_end: int = 0) -> str:
        """The role of the date at text[start:end]; ``previous_end`` ends the date before it."""
        line_index = self._line_index(start)
        line_start = self.line_starts[line_index]
        line = self._line(line_index)
        left = self.text[max(line_start, start - _LINE_LIMIT) : start]
        # (A date may wrap: "samedi 11\noctobre 2025"; its right side is on the line it ends.)
        end_line = self._line_end(self._line_index(max(start, end - 1)))
        right = self.text[end : min(end_line, end + _LINE_LIMIT)]
        if self.is_email and _EMAIL_HEADER_LINE.match(line.lstrip("> ")):
            if line.startswith(">") or start < self.reply_header_end:
                return "other"
            return "complaint_received"
        role = self._role_in_text(start, end, previous_end, left, right, line_index)
        # A witness statement's signature date is when the statement was taken.
        if role == "letter_date" and self.is_witness_statement:
            return "interview"
        return role

    def _role_in_text(
        self, start: int, end: int, previous_end: int, left: str, right: str, line_index: int
    ) -> str:
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
        if not sentence_left.strip():
            question = _QUESTION_BEFORE.search(self.text[max(0, start - _LEFT_WINDOW) : start])
            role = _nearest_cue(question.group(1), from_end=True) if question else None
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
        left_cell = _CELL_GAP.split(left[-_LEFT_WINDOW:])[-1]
        right_cell = _CELL_GAP.split(right[:_LEFT_WINDOW])[0]
        # (A date alone on its line or in its table cell is a form value, a letterhead or a
        # signature, not part of a sentence.)
        # Narrative text wraps: the sentence after the date runs on past the line's end, onto
        # a line that goes on in lower case (a capital starts a field, a heading, a salutation).
        running_right = _NEW_LINE_START.split(
            _first_sentence(self.text[end : end + _LEFT_WINDOW]), maxsplit=1
        )[0]
        if (left_cell.strip() or right_cell.strip(" .,;:")) and _is_narrative(
            sentence_left, running_right
        ):
            return "incident"
        # Only a date (almost) alone on its line (or its table cell) is a form value, a table
        # cell or a letterhead.
        if (left_cell.strip() and len(left_cell.strip()) > 25) or len(
            right_cell.strip(" .,;:")
        ) > 3:
            return "other"
        return self._role_from_neighbours(line_index, left, right)

    def _is_last_line(self, line_index: int) -> bool:
        """Whether no text follows this line before the end of its page or of the text."""
        following = self.text[self._line_end(line_index) : self._line_end(line_index) + 400]
        return not following.split("\f", 1)[0].strip()

    def _header_cell(self, line_index: int, left: str) -> str | None:
        """The column header above a table cell: the cell at the same place in the first line
        of the rows above with as many cells ("Name<TAB>Date of birth", then one row a person)."""
        line_length = self._line_end(line_index) - self.line_starts[line_index]
        if line_index == 0 or line_length > _TABLE_LINE:
            return None
        cells = _cells(self._line(line_index))
        if len(cells) < 2:
            return None
        headers: list[str] | None = None
        for index in range(line_index - 1, max(-1, line_index - _TABLE_ROWS), -1):
            row = self._line(index)
            if len(row) >= _TABLE_LINE or len(_cells(row)) != len(cells):
                break
            headers = _cells(row)
        position = len(_cells(left))
        return headers[position] if headers and position < len(headers) else None

    def _role_from_neighbours(self, line_index: int, left: str, right: str) -> str:
        """A date standing (almost) alone on its line: a form value, a table cell, a letterhead."""
        header = self._header_cell(line_index, left)
        if header is not None:
            return _nearest_cue(header, from_end=True) or "other"
        previous = [
            self._line(index).strip()
            for index in range(line_index - 1, max(-1, line_index - 7), -1)
        ]
        previous = [line for line in previous if line]
        # A line holding a date of its own ("Date of birth: May 4, 1980") is a filled-in
        # field, not the label of the date below it (the letter's own date, say).
        if previous and _HAS_YEAR.search(previous[0]):
            previous = []
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
        if re.search(r",\s*le\s*$", left, re.IGNORECASE):
            return self._signature_role()
        # The last line of a document or page, a name or a place then the date
        # ("M. A. Example, 12.07.2025"): the signature.
        if not right.strip(" .") and self._is_last_line(line_index) and len(left.split()) <= 6:
            return self._signature_role()
        # A letterhead's date stands alone or after a place ("Toronto, "); one after words of a
        # sentence or a field label of its own ("Re: your complaint of", "Logged:") is not it.
        if _LABEL_WORDS.search(_CELL_GAP.split(left[-_LEFT_WINDOW:])[-1]):
            return "other"
        if line_index < _LETTER_HEAD_LINES:
            return self._signature_role()
        if previous and len(previous[0].split()) <= 3 and not right.strip():
            return self._signature_role()
        return "other"


_NEW_LINE_START = re.compile(r"\n(?=[\s>]*[A-ZÀ-Ý0-9])")
_REPLY_SUBJECT = re.compile(r"^(?:subject|objet)\s*:\s*(?:re|ré|rép|aw|sv)\s*:", re.I | re.M)
_ORIGINAL_MESSAGE = re.compile(
    r"^-{2,}\s*(?:original message|message d'origine|message original)|"
    r"^On .{5,80} wrote:\s*$|^Le .{5,80} a écrit\s*:\s*$",
    re.IGNORECASE | re.MULTILINE,
)
_HEADER_LINES = re.compile(
    r"^(?:from|to|cc|bcc|subject|date|sent|objet|de|à|envoyé)\s*:.*$", re.I | re.M
)
_OFFICE_VOICE = re.compile(
    r"\b(?:your|votre) (?:complaint|message|e-?mail|file|plainte|courriel|dossier)\b", re.I
)
_COMPLAINANT_VOICE = re.compile(
    r"\b(?:I|we)\b[^.\n]{0,40}\bcomplain|\bmy complaint\b|\bje\b[^.\n]{0,30}\bplainte\b", re.I
)
_HAS_YEAR = re.compile(r"\b(?:19|20)\d{2}\b")


def _cells(line: str) -> list[str]:
    return [cell for cell in _CELL_GAP.split(line.strip()) if cell]


def _is_narrative(sentence_left: str, sentence_right: str) -> bool:
    """The date's sentence tells the events (the police acting, the writer in the middle of
    something) and not a later exchange with the office."""
    sentence = f"{sentence_left} {sentence_right[:200]}"
    return bool(_NARRATIVE_EVENT.search(sentence)) and not _COMMUNICATION.search(sentence)


def _is_sentence_end(text: str, index: int) -> bool:
    if text[index] == "\n":
        return True
    if text[index] != ".":
        return True
    word = re.split(r"\s", text[max(0, index - 40) : index])[-1].lower()
    # Dotted initials ("D.O.B.", "p.m.", "U.S.") are one abbreviation.
    return (
        word not in _ABBREVIATIONS
        and not (len(word) == 1 and word.isalpha())
        and not _INITIALS.fullmatch(word)
    )


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


assert {role for role, _ in _CUES} - {""} <= set(DATE_ROLES)
