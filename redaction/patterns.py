"""Pattern recognizers for every non-name PI type, with English and French context words.

Each recognizer is data (a ``RecognizerSpec``) run by one Presidio ``LocalRecognizer`` subclass
that looks for context in a character window, so table rows and line breaks still count.
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Any

from presidio_analyzer import AnalysisExplanation, LocalRecognizer, RecognizerResult
from presidio_analyzer.entity_recognizer import EntityRecognizer


def _words(text: str) -> frozenset[str]:
    """A word set written as one string, so long lists stay readable."""
    return frozenset(text.split())


CONTEXT_WORDS_KEY = "context_words"
# Presidio drops analysis_explanation unless asked for its decision process: carry ours here.
EXPLANATION_KEY = "explanation"


@dataclass(frozen=True, slots=True)
class PatternSpec:
    """A regex (its ``pi`` group, when present, is the reported span) and its base score."""

    name: str
    regex: str
    score: float
    flags: int = 0
    validator: Callable[[str], bool] | None = None


@dataclass(frozen=True, slots=True)
class RecognizerSpec:
    """A recognizer as data: patterns, context words and whether context is required."""

    name: str
    entity_type: str
    patterns: tuple[PatternSpec, ...]
    context: tuple[str, ...] = ()
    requires_context: bool = False
    context_boost: float = 0.35
    window_before: int = 60
    window_after: int = 0
    reject_before: str | None = None  # a regex on the text before the match that vetoes it


def _context_regex(words: tuple[str, ...]) -> re.Pattern[str] | None:
    if not words:
        return None
    parts = []
    for word in sorted(set(words), key=len, reverse=True):
        escaped = re.escape(word).replace("'", "['’]").replace(r"\ ", r"\s+")
        parts.append(escaped)
    return re.compile(r"(?<!\w)(?:" + "|".join(parts) + r")(?!\w)", re.IGNORECASE)


class RegexRecognizer(LocalRecognizer):
    """Runs one ``RecognizerSpec`` for one language."""

    def __init__(self, spec: RecognizerSpec, language: str) -> None:
        self.spec = spec
        self._compiled = [
            (pattern, re.compile(pattern.regex, pattern.flags)) for pattern in spec.patterns
        ]
        self._context = _context_regex(spec.context)
        self._reject = re.compile(spec.reject_before) if spec.reject_before else None
        super().__init__(
            supported_entities=[spec.entity_type],
            name=spec.name,
            supported_language=language,
            context=list(spec.context),
        )

    def load(self) -> None:
        """Nothing to load: the patterns are compiled in the constructor."""

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: Any = None
    ) -> list[RecognizerResult]:
        if self.spec.entity_type not in entities:
            return []
        results: list[RecognizerResult] = []
        for pattern, compiled in self._compiled:
            for match in compiled.finditer(text):
                group = "pi" if "pi" in compiled.groupindex and match.group("pi") else 0
                start, end = match.span(group)
                value = text[start:end]
                if start == end or (pattern.validator and not pattern.validator(value)):
                    continue
                if self._reject and self._rejected(text, start):
                    continue
                words = self._find_context(text, match.start(), match.end())
                if self.spec.requires_context and not words:
                    continue
                score = min(1.0, pattern.score + (self.spec.context_boost if words else 0.0))
                results.append(self._result(start, end, score, pattern, words))
        return results

    def _rejected(self, text: str, start: int) -> bool:
        assert self._reject is not None
        line_start = text.rfind("\n", max(0, start - 300), start) + 1
        return bool(self._reject.search(text[line_start:start]))

    def _find_context(self, text: str, start: int, end: int) -> tuple[str, ...]:
        if self._context is None:
            return ()
        window = text[max(0, start - self.spec.window_before) : start]
        if self.spec.window_after:
            window += " " + text[end : end + self.spec.window_after]
        return tuple(dict.fromkeys(m.group(0).lower() for m in self._context.finditer(window)))

    def _result(
        self, start: int, end: int, score: float, pattern: PatternSpec, words: tuple[str, ...]
    ) -> RecognizerResult:
        explanation = AnalysisExplanation(
            recognizer=self.spec.name,
            original_score=pattern.score,
            pattern_name=pattern.name,
            pattern=pattern.regex,
            textual_explanation=f"{pattern.name} pattern"
            + (f"; context: {', '.join(words)}" if words else ""),
        )
        if words:
            explanation.set_improved_score(score)
            explanation.set_supportive_context_word(words[0])
        return RecognizerResult(
            entity_type=self.spec.entity_type,
            start=start,
            end=end,
            score=score,
            analysis_explanation=explanation,
            recognition_metadata={
                RecognizerResult.RECOGNIZER_NAME_KEY: self.spec.name,
                RecognizerResult.RECOGNIZER_IDENTIFIER_KEY: self.id,
                # Our own window search already applied context: Presidio must not add more.
                RecognizerResult.IS_SCORE_ENHANCED_BY_CONTEXT_KEY: True,
                CONTEXT_WORDS_KEY: list(words),
                EXPLANATION_KEY: explanation.textual_explanation,
            },
        )


def recognizer_result(
    recognizer: LocalRecognizer,
    name: str,
    entity_type: str,
    span: tuple[int, int],
    score: float,
    explanation: str,
    context_words: Sequence[str] = (),
) -> RecognizerResult:
    """A finding of one of our own recognizers, in the shape ``_to_finding`` reads: its
    explanation and context words travel in the metadata, and Presidio adds no context."""
    start, end = span
    return RecognizerResult(
        entity_type=entity_type,
        start=start,
        end=end,
        score=score,
        analysis_explanation=AnalysisExplanation(
            recognizer=name, original_score=score, textual_explanation=explanation
        ),
        recognition_metadata={
            RecognizerResult.RECOGNIZER_NAME_KEY: name,
            RecognizerResult.RECOGNIZER_IDENTIFIER_KEY: recognizer.id,
            RecognizerResult.IS_SCORE_ENHANCED_BY_CONTEXT_KEY: True,
            CONTEXT_WORDS_KEY: list(context_words),
            EXPLANATION_KEY: explanation,
        },
    )


# --- validators -------------------------------------------------------------------------


def _digits(value: str) -> str:
    return "".join(ch for ch in value if ch.isdigit())


def luhn_ok(value: str) -> bool:
    """The Luhn check used by SINs and payment cards."""
    digits = _digits(value)
    if not digits:
        return False
    total = 0
    for index, char in enumerate(reversed(digits)):
        number = int(char)
        if index % 2 == 1:
            number *= 2
            if number > 9:
                number -= 9
        total += number
    return total % 10 == 0


def _sin_ok(value: str) -> bool:
    digits = _digits(value)
    # SINs never start with 0 or 8 (not issued) — a cheap way to drop random Luhn passes.
    return len(digits) == 9 and digits[0] not in "08" and luhn_ok(digits)


def _not_a_date(value: str) -> bool:
    """Eight digits may be a date ("2024-01-15", "15 01 2024"): never an account."""
    return re.fullmatch(r"\d{4}[ -]\d{2}[ -]\d{2}|\d{2}[ -]\d{2}[ -]\d{4}", value) is None


def _card_ok(value: str) -> bool:
    digits = _digits(value)
    return 13 <= len(digits) <= 19 and digits[0] in "2345689" and luhn_ok(digits)


def _any_card_ok(value: str) -> bool:
    digits = _digits(value)
    return 12 <= len(digits) <= 19 and luhn_ok(digits)


def _iban_ok(value: str) -> bool:
    compact = re.sub(r"\s", "", value).upper()
    if not 15 <= len(compact) <= 34:
        return False
    moved = compact[4:] + compact[:4]
    try:
        number = int("".join(str(int(ch, 36)) for ch in moved))
    except ValueError:
        return False
    return number % 97 == 1


def _ipv4_ok(value: str) -> bool:
    try:
        address = ipaddress.IPv4Address(value)
    except ValueError:
        return False
    # 0.x and version-like strings such as 1.0.0.0 are not people's addresses.
    return not address.is_unspecified and value.split(".")[0] != "0"


def _ipv6_ok(value: str) -> bool:
    if value.count(":") < 2:
        return False
    try:
        ipaddress.IPv6Address(value)
    except ValueError:
        return False
    return True


_EXTENSION = re.compile(r"(?i)[ \t,(]*(?:x|ext\.?|extension|poste|p\.)[ \t]*\d{1,6}\)?$")


def _nanp_ok(value: str) -> bool:
    digits = _digits(_EXTENSION.sub("", value))
    if len(digits) == 11 and digits[0] == "1":
        digits = digits[1:]
    # North American area codes and exchanges never start with 0 or 1.
    return len(digits) == 10 and digits[0] in "23456789" and digits[3] in "23456789"


def _uk_phone_ok(value: str) -> bool:
    digits = _digits(value)
    if digits.startswith("44"):
        digits = "0" + digits[2:].lstrip("0")
    return len(digits) in (10, 11) and digits.startswith("0")


def _intl_phone_ok(value: str) -> bool:
    return 8 <= len(_digits(value)) <= 15


_THIS_YEAR = date.today().year


def _old_date(value: str) -> bool:
    """A full date at least 12 years back: in a complaint file, nearly always a birth date."""
    years = re.findall(r"(?<!\d)(1[89]\d\d|20\d\d)(?!\d)", value)
    return bool(years) and 1900 <= int(years[-1]) <= _THIS_YEAR - 12


_UNITS_EN = "one|two|three|four|five|six|seven|eight|nine"
_AGE_WORDS = (
    rf"(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[- ](?:{_UNITS_EN}))?|"
    rf"ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|"
    rf"{_UNITS_EN}"
)


def _plausible_age(value: str) -> bool:
    numbers = re.findall(r"\d+", value)
    return bool(numbers) and 0 < int(numbers[0]) < 120


def _plate_ok(value: str) -> bool:
    compact = re.sub(r"[\s-]", "", value)
    return (
        5 <= len(compact) <= 8
        and any(ch.isdigit() for ch in compact)
        and any(ch.isalpha() for ch in compact)
    )


def _licence_ok(value: str) -> bool:
    compact = re.sub(r"[\s-]", "", value)
    return 5 <= len(compact) <= 20 and sum(ch.isdigit() for ch in compact) >= 4


# --- building blocks ----------------------------------------------------------------------

_SEP = r"[ \t.\-]?"
_MONTHS_EN = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
    r"Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
_MONTHS_FR = (
    r"(?:janv(?:ier)?|f[ée]vr(?:ier)?|mars|avr(?:il)?|mai|juin|juil(?:l|let)?|ao[uû]t|"
    r"sept(?:embre)?|oct(?:obre)?|nov(?:embre)?|d[ée]c(?:embre)?)\.?"
)
_DAY = r"(?:[12]\d|3[01]|0?[1-9])"
_ORD = r"(?:st|nd|rd|th|er|re)?"
_YEAR = r"(?:1[89]\d\d|20\d\d)"
DATE_REGEX = (
    r"(?:"
    + rf"{_YEAR}[-/.](?:0?[1-9]|1[0-2])[-/.]{_DAY}"  # 1980-11-26, 1974/05/15
    + rf"|{_DAY}[-/.](?:0?[1-9]|1[0-2])[-/.]{_YEAR}"  # 26/11/1980
    + rf"|(?:0?[1-9]|1[0-2])[-/.]{_DAY}[-/.]{_YEAR}"  # 12/14/1955
    + rf"|{_MONTHS_EN}\s+{_DAY}{_ORD},?\s+{_YEAR}"  # April 24, 1989
    + rf"|{_DAY}{_ORD}\s+(?:of\s+)?{_MONTHS_EN},?\s+{_YEAR}"  # 1st of March 1993
    + rf"|(?:the\s+)?{_DAY}{_ORD}\s+day\s+of\s+{_MONTHS_EN},?\s+{_YEAR}"  # 25th day of July, 1989
    + rf"|{_DAY}[-/ ]{_MONTHS_EN}[-/ ]{_YEAR}"  # 19-MAR-1978, 19 Mar 1978
    + rf"|(?:le\s+)?(?:1er|{_DAY})\s+{_MONTHS_FR}\s+{_YEAR}"  # 26 novembre 1980
    + rf"|{_DAY}[-/ ]{_MONTHS_FR}[-/ ]{_YEAR}"  # 7-juil.-1990
    + r")"
)

# Street types in both languages (abbreviations with or without the full stop).
_STREET_TYPES_EN = (
    r"(?:Street|St|Avenue|Ave|Av|Road|Rd|Drive|Dr|Boulevard|Blvd|Crescent|Cres|Cr|Court|Crt|Ct|"
    r"Place|Pl|Way|Lane|Ln|Trail|Trl|Circle|Cir|Terrace|Terr|Parkway|Pkwy|Highway|Hwy|Line|"
    r"Sideroad|Concession|Close|Gardens|Gdns|Grove|Square|Sq|Row|Mews|Hill|Heights|Hts|Ridge|"
    r"Gate|Path|Walk|Green|Park|Quay|Wharf|Broadway|Promenade|Esplanade|Landing|Common|Commons|"
    r"Point|Pt|Run|Bend|Loop|Crossing|View|Vale|Meadow|Meadows|Glen|Hollow|Circuit|Expressway|"
    r"Alley|Plaza|Pike|Turnpike|Rise|Chase|Cove|Mall|Market|Approach|Crest)\.?"
)
# A word of a street name: capitalised, or an ordinal ("5th"); bare numbers are not names.
_CAP_WORD = r"(?:[A-ZÀ-ÖØ-Þ][\w'’.-]*|\d{1,3}(?:st|nd|rd|th|e|er)\b)"
_UNIT_EN = (
    r"(?:Apt|Apartment|Unit|Suite|Ste|Flat|Room|Rm|Floor|Fl|Bldg|Building|PH|#)\.?\s*#?\s*"
    r"[\w-]{1,6}"
)
_UNIT_FR = (
    r"(?:app|appartement|apt|bureau|logement|local|unité|suite|porte|étage)\.?\s*#?\s*[\w-]{1,6}"
)
_DIRECTION = r"(?:\s+(?:East|West|North|South|E|W|N|S|NE|NW|SE|SW|Est|Ouest|Nord|Sud)\b\.?)?"
_CIVIC = r"\d{1,6}[A-Za-z]?(?:\s?[-–]\s?\d{1,6}[A-Za-z]?)?"
STREET_EN = (
    rf"(?:(?:{_UNIT_EN}),?\s+)?(?<![\w-]){_CIVIC}\s+(?:{_CAP_WORD}\s+){{0,3}}{_CAP_WORD}\s+"
    rf"{_STREET_TYPES_EN}(?![\w]){_DIRECTION}(?:,?\s*{_UNIT_EN}\b)?"
)
_STREET_TYPES_FR = (
    r"(?:rue|avenue|av\.|boulevard|boul\.|bd|chemin|ch\.|route|rang|place|allée|impasse|"
    r"promenade|montée|côte|croissant|cours|quai|square|terrasse|voie|sentier|carré|parc|"
    r"rond-point|autoroute)"
)
_ORDINAL_FR = r"\d{1,3}(?:e|er|re|ère|ème|è)"
STREET_FR = (
    # "la 3e Avenue" names a street (a place), not "3e" as a civic number of an avenue.
    rf"(?<![\w-])(?!{_ORDINAL_FR}\s+{_STREET_TYPES_FR}(?![\w])){_CIVIC},?\s+{_STREET_TYPES_FR}\s+(?:(?:de\s+la|de|du|des|d['’]|l['’])\s*)?"
    rf"[A-ZÀ-ÖØ-Þ0-9][\w'’.-]*(?:\s+[A-ZÀ-ÖØ-Þ][\w'’.-]*){{0,3}}{_DIRECTION}"
    rf"(?:,?\s*{_UNIT_FR}\b)?"
)
# A numbered street, as Québec and many French towns name them: "1620, 3e Avenue, app. 5",
# "85 1re Rue", "12, 22e rue Ouest" (the ordinal first, then the street type).
STREET_FR_ORDINAL = (
    rf"(?<![\w-]){_CIVIC},?\s+{_ORDINAL_FR}\s+{_STREET_TYPES_FR}(?![\w])"
    rf"{_DIRECTION}(?:,?\s*{_UNIT_FR}\b)?"
)
# Name-first forms used in much of Europe: "Hauptstraße 12", "Via Roma 10", "Calle Mayor 5".
STREET_INTL = (
    r"(?<![\w-])(?:(?:[A-ZÄÖÜ][\wäöüß-]{0,30}?(?:straße|strasse|weg|gasse|platz|allee|ring|damm|laan|straat|gade|"
    r"vej|gatan|vägen))|(?:(?:Via|Viale|Piazza|Corso|Calle|Avenida|Rua|Plaza|Carrer|Paseo|Largo)"
    r"\s+(?:(?:de|del|de\s+la|da|do|dos|di)\s+)?[A-ZÀ-ÖØ-Þ][\w'’-]*(?:\s+[A-ZÀ-ÖØ-Þ][\w'’-]*){0,2}))"
    r",?\s+\d{1,5}[a-zA-Z]?\b"
)

_POSTAL_CA = (
    r"(?<![\w-])[ABCEGHJ-NPRSTVXY]\d[ABCEGHJ-NPRSTV-Z](?:[ \t-]?|\r?\n)\d[ABCEGHJ-NPRSTV-Z]\d"
    r"(?![\w-])"
)
# A Canadian postal code as OCR misreads it ("T0A 5P0" read "TOA SPO", "L5M" read "LSM"):
# digits and letters that look alike are accepted in each other's places, only right after a
# province code and with at least one digit read as such. The pixels still show the code.
_OCR_AS_DIGIT = "0-9OoDQIlSBZG"
_OCR_AS_LETTER = "A-Z0582"
_POSTAL_CA_OCR = (
    r"(?<![\w-])(?:ON|QC|BC|AB|MB|SK|NS|NB|NL|PE|PEI|YT|NT|NU)\.?,?[ \t]+"
    rf"(?P<pi>[{_OCR_AS_LETTER}][{_OCR_AS_DIGIT}][{_OCR_AS_LETTER}][ \t-]?"
    rf"[{_OCR_AS_DIGIT}][{_OCR_AS_LETTER}][{_OCR_AS_DIGIT}])(?![\w-])"
)
_POSTAL_UK = (
    r"(?<![\w-])(?:GIR ?0AA|(?:[A-PR-UWYZ][A-HK-Y]?\d[A-Z\d]?|[A-PR-UWYZ]\d[A-HJKPSTUW]) ?"
    r"\d[ABD-HJLNP-UW-Z]{2})(?![\w-])"
)
_US_STATES = (
    "AL|AK|AZ|AR|CA|CO|CT|DE|DC|FL|GA|HI|ID|IL|IN|IA|KS|KY|LA|ME|MD|MA|MI|MN|MS|MO|MT|NE|NV|NH|"
    "NJ|NM|NY|NC|ND|OH|OK|OR|PA|RI|SC|SD|TN|TX|UT|VT|VA|WA|WV|WI|WY|PR"
)

MEDICAL_TERMS_EN = (
    "concussion|asthma|diabetes|type [12] diabetes|epilepsy|seizures?|HIV|AIDS|hepatitis [ABC]?|"
    "cancer|leukemia|schizophrenia|bipolar disorder|depression|PTSD|anxiety|panic attacks?|autism|"
    "ADHD|dementia|alzheimer'?s|parkinson'?s|multiple sclerosis|heart condition|heart attack|"
    "heart disease|hypertension|high blood pressure|stroke|migraines?|whiplash|chronic pain|"
    "back pain|chronic lower back pain|lower back pain|arthritis|fibromyalgia|pneumonia|"
    "tuberculosis|COPD|sickle cell|hemophilia|crohn'?s disease|colitis|kidney disease|"
    "liver disease|pregnant|pregnancy|miscarriage|addiction|substance use disorder|"
    "alcohol use disorder|opioid use disorder|psychosis|suicidal|self-harm|brain injury|"
    "head injury|traumatic brain injury|spinal injury|broken nose|black eye|nosebleed|"
    "internal bleeding|hypothermia|overdose|sprain|fracture|laceration|contusion|"
    "dislocated shoulder|torn ligament|stitches|sutures|disability|visual impairment|"
    "hearing impairment|deaf|blind|paraplegic|quadriplegic|diabetic|epileptic|asthmatic|"
    # the adjectives of conditions above, as a person is described: "my daughter is autistic"
    "autistic|schizophrenic|anorexic|bulimic|dyslexic|arthritic|an(?:a)?emic|"
    "hypoglyc(?:a)?emic|immunocompromised|HIV[- ]positive"
)
MEDICATIONS = (
    "insulin|methadone|suboxone|buprenorphine|oxycodone|oxycontin|percocet|morphine|fentanyl|"
    "hydromorphone|dilaudid|codeine|tylenol 3|naloxone|narcan|epipen|inhaler|ventolin|salbutamol|"
    "metformin|lithium|seroquel|quetiapine|risperidone|olanzapine|clozapine|abilify|aripiprazole|"
    "sertraline|zoloft|fluoxetine|prozac|citalopram|escitalopram|cipralex|venlafaxine|effexor|"
    "bupropion|wellbutrin|lorazepam|ativan|clonazepam|rivotril|diazepam|valium|alprazolam|xanax|"
    "adderall|ritalin|methylphenidate|antidepressants?|antipsychotics?|anticonvulsants?|"
    "warfarin|coumadin|nitroglycerin|prednisone|gabapentin|pregabalin|lyrica|levothyroxine|"
    "antiretrovirals?|chemotherapy|dialysis|ibuprofen|advil|motrin|acetaminophen|paracetamol|"
    "naproxen|aleve|aspirin|amoxicillin|penicillin|cephalexin|antibiotics?|tramadol|"
    "cyclobenzaprine|muscle relaxants?|painkillers?|analgesics?"
)
# Any drug written with a dose ("amoxicillin 500 mg", "Tylenol 2 tablets"): the dose says it
# is a medication even when the name is not in the list above.
MEDICATION_DOSE = (
    r"(?<![\w-])[A-Za-z][A-Za-z-]{3,}(?:[ \t][A-Za-z]{3,})?[ \t]+\d+(?:[.,]\d+)?[ \t]?"
    r"(?:mg|mcg|µg|g|ml|mL|units?|IU|tablets?|capsules?|comprimés?)(?![\w])"
)
_BODY_PARTS = (
    r"(?:wrist|arm|forearm|elbow|shoulder|collarbone|clavicle|hand|finger|thumb|knee|leg|ankle|"
    r"foot|feet|toe|hip|ribs?|nose|jaw|cheekbone|eye|eyebrow|eyelid|orbital bone|skull|head|"
    r"forehead|temple|scalp|neck|throat|back|spine|vertebrae?|pelvis|tibia|fibula|femur|ear|"
    r"lip|mouth|tooth|teeth|cheek|chin|face|chest|abdomen|stomach|groin|thigh|shin|calf|"
    r"knuckles?|palm)s?"
)
# An injury named by its kind and where it is, whatever the words: "a cut above his left
# eye", "bruises on both arms", "swelling to her wrist", "a split lip", "a chipped tooth".
_INJURY_EN = (
    rf"(?:(?:fractured|broken|sprained|bruised|dislocated|injured|cracked|swollen|lacerated|"
    rf"torn|twisted|split|chipped|bloody|bloodied|bleeding|grazed|scraped|scratched|burned|"
    rf"burnt|cut)\s+(?:(?:left|right|upper|lower)\s+){{0,2}}{_BODY_PARTS}"
    rf"|(?:fractures?|sprains?|bruising|bruises?|lacerations?|contusions?|dislocation|injury|"
    rf"injuries|cuts?|gash(?:es)?|abrasions?|scratch(?:es)?|grazes?|welts?|swelling|bleeding|"
    rf"burns?|stitches|sutures|wounds?)"
    rf"\s+(?:of|to|on|above|below|under|over|across|around|near|in)\s+"
    rf"(?:the|my|his|her|their|both|each|a)\s+(?:(?:left|right|upper|lower)\s+){{0,2}}"
    rf"{_BODY_PARTS})"
)
_DISORDER_EN = (
    r"(?:(?:post-traumatic stress|major depressive|generalized anxiety|anxiety|panic|bipolar|"
    r"obsessive-compulsive|borderline personality|personality|eating|seizure|sleep|"
    r"substance use|alcohol use|opioid use|mood|psychotic|schizoaffective|attention deficit|"
    r"autism spectrum|conduct|adjustment|depressive)\s+disorder)"
)
# A condition named after the words that introduce one, whatever it is: "diagnosed with
# sarcoidosis", "suffers from chronic vertigo", "traitée pour une anémie". The phrase runs to
# the first function word or punctuation (at most four words); time phrases are no condition.
_NOT_IN_CONDITION = (
    r"(?:and|or|but|after|when|because|while|at|in|on|by|from|with|for|to|of|the|a|an|his|her|"
    r"my|their|which|that|who|since|during|until|before|about|et|ou|mais|après|quand|depuis|"
    r"pendant|avec|pour|par|dans|sur|le|la|les|un|une|des|du|de|qui|que|\d+|two|three|several|"
    r"hours?|days?|weeks?|months?|years?|minutes?|heures?|jours?|semaines?|mois|ans?|last|next|"
    r"this|yesterday|today|ago|dernier|dernière|hier)"
)
_CONDITION_WORD = rf"(?!{_NOT_IN_CONDITION}(?![\w'’-]))[^\W\d_][\w'’-]*"
MEDICAL_AFTER_CUE = (
    r"(?i:\bdiagnosed[ \t]+with[ \t]+|\bdiagnosis[ \t]+of[ \t]+|"
    r"\bsuffer(?:s|ed|ing)?[ \t]+from[ \t]+|\btreated[ \t]+for[ \t]+|\btreatment[ \t]+for[ \t]+|"
    r"\bdiagnostiquée?[ \t]+(?:avec[ \t]+|d['’])|"
    r"\bsouffr(?:e|ait|ant)[ \t]+(?:de[ \t]+|d['’])|\btraitée?[ \t]+pour[ \t]+|"
    r"\batteinte?[ \t]+(?:de[ \t]+|d['’]))"
    r"(?:(?i:a|an|the|his|her|my|their|un|une|la|le|des|du)[ \t]+|(?i:l['’]))?"
    rf"(?P<pi>(?i:{_CONDITION_WORD}(?:[ \t]+{_CONDITION_WORD}){{0,3}}))"
)
MEDICAL_FR = (
    r"(?:entorse|fracture|foulure|luxation|contusion|blessure|ecchymoses?|lacération|coupure)"
    r"\s+(?:à\s+la|au|à\s+l['’]|aux|du|de\s+la|des)\s+[\w'’-]+(?:\s+(?:gauche|droite|droit))?"
    r"|(?:poignet|bras|cheville|genou|épaule|nez|côtes?|mâchoire|jambe|main|doigt)s?\s+"
    r"(?:cassée?s?|fracturée?s?|fêlée?s?|foulée?s?|luxée?s?)"
    r"|commotion\s+cérébrale|diabète(?:\s+de\s+type\s+[12])?|asthme|épilepsie|VIH|sida|"
    r"hépatite(?:\s+[ABC])?|cancer|schizophrénie|trouble\s+bipolaire|dépression|"
    r"trouble\s+(?:anxieux|panique|de\s+stress\s+post-traumatique|dépressif\s+majeur|"
    r"de\s+la\s+personnalité|du\s+spectre\s+de\s+l['’]autisme|déficitaire\s+de\s+l['’]attention)"
    r"|TSPT|anxiété|crise\s+cardiaque|hypertension|migraines?|douleurs?\s+chroniques?|"
    r"maux\s+de\s+dos|grossesse|enceinte|fausse\s+couche|toxicomanie|surdose|psychose|"
    r"traumatisme\s+crânien|insuline|méthadone|antidépresseurs?|antipsychotiques?|"
    r"inhalateur|pompe\s+pour\s+l['’]asthme|handicap|déficience\s+(?:visuelle|auditive|"
    r"intellectuelle)|sourde?|aveugle|diabétique|épileptique|asthmatique"
)


# Between digit groups: a separator or two (OCR adds some: "664. 0771"), and the line break of
# a number wrapped at the margin
# ("247-\n4964").
_DSEP = r"(?:[ \t.\-]{0,3}(?:\r?\n[ \t]*)?)"


def _flex(regex: str) -> str:
    """Let the words of a phrase be separated by any whitespace, line breaks included."""
    return regex.replace(" ", r"\s+")


_ROLE_MAILBOXES = _words(
    """
    intake info information accueil enquiries enquiry inquiries complaints complaint
    plaintes plainte admin administration contact contacts reception office support help
    noreply no-reply donotreply do-not-reply foi atip atip-aiprp privacy records webmaster
    postmaster mailer-daemon media communications secretariat registry greffe
    """
)


def _personal_email(value: str) -> bool:
    """Role mailboxes of organisations (intake@, info@, plaintes@) are not personal information."""
    return value.split("@", 1)[0].lower() not in _ROLE_MAILBOXES


# A badge, collar or warrant number, with the force or division letters some services put
# before it: "4417", "S-4417", "GMP 08814", "PC1234", "8179A".
_BADGE_VALUE = r"(?:[A-Z]{1,4}[ \t-]?)?\d{2,7}[A-Z]{0,3}"
_OFFICER_WORDS = (
    r"officer|constable|sergeant|inspector|detective|corporal|trooper|deputy|"
    r"policière?|policier|agente?|sergente?|caporale?|lieutenante?|enquêt(?:eur|rice)"
)

_OFFICER_CONTEXT = (
    "officer",
    "constable",
    "sergeant",
    "cop",
    "PC",
    "police",
    "policier",
    "policière",
    "agent",
    "agente",
    "sergent",
)

# --- the recognizers ----------------------------------------------------------------------

RECOGNIZER_SPECS: tuple[RecognizerSpec, ...] = (
    RecognizerSpec(
        name="CaSinRecognizer",
        entity_type="CA_SIN",
        patterns=(
            PatternSpec(
                "sin",
                r"(?<![\d-])\d{3}([ \t-]?|\s)\d{3}\1\d{3}(?![\d-])",
                0.5,
                validator=_sin_ok,
            ),
        ),
        context=(
            "SIN",
            "social insurance",
            "social insurance number",
            "NAS",
            "numéro d'assurance sociale",
            "assurance sociale",
            "S.I.N.",
        ),
        context_boost=0.45,
    ),
    RecognizerSpec(
        name="CreditCardRecognizer",
        entity_type="CREDIT_CARD",
        patterns=(
            PatternSpec(
                "card-4-4-4-4",
                r"(?<![\d-])\d{4}([ \t-]?)\d{4}\1\d{4}\1\d{1,7}(?![\d-])",
                0.6,
                validator=_card_ok,
            ),
            PatternSpec(
                "card-amex",
                r"(?<![\d-])\d{4}[ \t-]?\d{6}[ \t-]?\d{5}(?![\d-])",
                0.6,
                validator=_card_ok,
            ),
        ),
        context=(
            "card",
            "credit",
            "visa",
            "mastercard",
            "amex",
            "american express",
            "debit",
            "carte",
            "crédit",
            "débit",
            "card number",
            "numéro de carte",
        ),
    ),
    # Any payment card after a card word: Maestro and JCB numbers run 12 to 19 digits and start
    # with digits other cards do not (0604, 1800, 5018, 6759); Luhn still has to pass.
    RecognizerSpec(
        name="CreditCardLabelledRecognizer",
        entity_type="CREDIT_CARD",
        patterns=(
            PatternSpec(
                "card-labelled",
                r"(?<![\w-])\d{4}(?:[ \t-]?\d{2,7}){1,4}(?![\w-])",
                0.5,
                validator=_any_card_ok,
            ),
        ),
        context=(
            "card",
            "credit",
            "visa",
            "mastercard",
            "maestro",
            "jcb",
            "amex",
            "debit",
            "carte",
            "crédit",
            "débit",
            "cb",
        ),
        requires_context=True,
        window_before=80,
    ),
    RecognizerSpec(
        name="PhoneRecognizer",
        entity_type="PHONE_NUMBER",
        patterns=(
            PatternSpec(
                "nanp",
                rf"(?<![\w+\-.])(?:\+?1{_DSEP})?(?:\(\d{{3}}\)[ \t]?\r?\n?|\d{{3}}{_DSEP})"
                rf"\d{{3}}{_DSEP}\d{{4}}(?![\d\-])"
                r"(?:[ \t]*(?:,|\()?[ \t]*(?:x|ext\.?|extension|poste|p\.)[ \t]*\d{1,6}\)?)?",
                0.6,
                re.IGNORECASE,
                validator=_nanp_ok,
            ),
            PatternSpec(
                "uk",
                r"(?<![\w+\-.])(?:\+44[ \t]?(?:\(0\)[ \t]?)?|\(?0)\d{2,4}\)?[ \t\-]?\d{3,4}"
                r"[ \t\-]?\d{3,4}(?![\d\-])",
                0.55,
                validator=_uk_phone_ok,
            ),
            PatternSpec(
                "international",
                r"(?<![\w+])\+(?!1[ .\-(]|44)\d{1,3}[ \t.\-]?(?:\(\d{1,4}\)[ \t.\-]?)?\d{1,4}"
                r"(?:[ \t.\-]?\d{2,4}){1,4}(?![\d\-])",
                0.55,
                validator=_intl_phone_ok,
            ),
        ),
        context=(
            "phone",
            "telephone",
            "tel",
            "cell",
            "mobile",
            "home",
            "work",
            "fax",
            "call",
            "reached",
            "number",
            "contact",
            "téléphone",
            "tél",
            "cellulaire",
            "joindre",
            "rejoindre",
            "numéro",
            "portable",
        ),
        context_boost=0.3,
    ),
    RecognizerSpec(
        name="EmailRecognizer",
        entity_type="EMAIL_ADDRESS",
        patterns=(
            PatternSpec(
                "email",
                r"(?<![\w.+-])[A-Za-z0-9][A-Za-z0-9._%+'\-]{0,63}@[A-Za-z0-9](?:[A-Za-z0-9\-]{0,62}"
                r"[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9\-]{0,62}[A-Za-z0-9])?)*"
                r"\.[A-Za-z]{2,24}(?![\w-])",
                0.9,
                validator=_personal_email,
            ),
        ),
        context=("email", "e-mail", "courriel", "mail"),
        context_boost=0.1,
        # Message identifiers look like addresses but name no one.
        reject_before=r"(?i)^(?:message-id|in-reply-to|references|x-[\w-]+)[ \t]*:",
    ),
    RecognizerSpec(
        name="IpRecognizer",
        entity_type="IP_ADDRESS",
        patterns=(
            PatternSpec(
                "ipv4",
                r"(?<![\d.])(?:\d{1,3}\.){3}\d{1,3}(?!\d|\.\d)",
                0.7,
                validator=_ipv4_ok,
            ),
            PatternSpec(
                "ipv6",
                r"(?<![\w:])(?:[0-9A-Fa-f]{1,4}:){1,7}(?::|(?::[0-9A-Fa-f]{1,4}){1,6}|"
                r"[0-9A-Fa-f]{1,4})(?![\w:])",
                0.7,
                validator=_ipv6_ok,
            ),
        ),
        context=("ip", "ip address", "adresse ip", "address", "adresse", "logged", "from"),
        context_boost=0.2,
    ),
    RecognizerSpec(
        name="UkNinoRecognizer",
        entity_type="UK_NINO",
        patterns=(
            PatternSpec(
                "nino",
                r"(?<![\w-])(?!BG|GB|NK|KN|TN|NT|ZZ)[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z]"
                r"(?:[ \t]?\d{2}){3}[ \t]?[A-D](?![\w-])",
                0.75,
            ),
        ),
        context=("national insurance", "NI number", "NINO", "NI no", "insurance number"),
        context_boost=0.2,
    ),
    # After its label (on the same line or in the cell before it) a number in the NINO shape
    # is taken whatever its prefix letters: prefixes HMRC has not allocated (QQ, the specimen;
    # D, F, I, Q, U, V first) still appear on forms, mistyped or invented, and still identify.
    RecognizerSpec(
        name="UkNinoLabelledRecognizer",
        entity_type="UK_NINO",
        patterns=(
            PatternSpec(
                "nino-labelled",
                r"(?<![\w-])[A-Z]{2}(?:[ \t]?\d{2}){3}[ \t]?[A-D]?(?![\w-])",
                0.4,
            ),
        ),
        context=(
            "national insurance",
            "NI number",
            "NINO",
            "NI no",
            "N.I. number",
            "N.I. no",
            "insurance number",
            "assurance nationale",
        ),
        requires_context=True,
        window_before=40,
    ),
    RecognizerSpec(
        name="PostalCodeRecognizer",
        entity_type="POSTAL_CODE",
        patterns=(
            PatternSpec("ca-postal", _POSTAL_CA, 0.6),
            PatternSpec(
                "ca-postal-ocr",
                _POSTAL_CA_OCR,
                0.55,
                validator=lambda value: any(ch.isdigit() for ch in value),
            ),
            PatternSpec("uk-postcode", _POSTAL_UK, 0.5),
            PatternSpec(
                "us-zip",
                rf"(?<![\w-])(?:{_US_STATES})[ \t]+(?P<pi>\d{{5}}(?:-\d{{4}})?)(?![\w-])",
                0.5,
            ),
            PatternSpec(
                "zip-labelled",
                # After its label a postal code of any country's shape: "ZIP: 7412 SL",
                # "postcode 394 13", "code postal : 75011", "PLZ D-10115", "CEP 01310-100".
                r"(?i:\bzip(?:\s*code)?|code\s+postal|postal\s*code|post\s*code|\bplz|\bcep)"
                r"(?:\s+(?:is|est))?\s*[:#]?\s*"
                r"(?P<pi>\d{5}(?:-\d{4})?|[A-Z]\d[A-Z][ \t-]?\d[A-Z]\d|[A-Z]{1,2}-?\d{3,6}"
                r"|\d{3,6}(?:[ -]\d{2,4})?(?:[ \t][A-Z]{2}(?![\w]))?)(?![\w-])",
                0.8,
            ),
        ),
        context=(
            "postal",
            "postal code",
            "postcode",
            "zip",
            "code postal",
            "ON",
            "QC",
            "BC",
            "AB",
            "MB",
            "SK",
            "NS",
            "NB",
            "NL",
            "PE",
            "address",
            "adresse",
        ),
        context_boost=0.3,
        window_before=40,
    ),
    RecognizerSpec(
        name="StreetAddressRecognizer",
        entity_type="STREET_ADDRESS",
        patterns=(
            PatternSpec("civic-en", STREET_EN, 0.6),
            PatternSpec("civic-fr", STREET_FR, 0.6, re.IGNORECASE),
            PatternSpec("civic-fr-ordinal", STREET_FR_ORDINAL, 0.6, re.IGNORECASE),
            PatternSpec("intl", STREET_INTL, 0.5),
            PatternSpec(
                "po-box",
                r"(?i:P\.?\s?O\.?\s?Box|Post\s+Office\s+Box|Case\s+postale|C\.P\.|CP|Boîte\s+postale)"
                r"\s*#?\s*\d{1,6}",
                0.6,
            ),
            PatternSpec(
                "rural-route",
                r"(?<![\w])(?:R\.?R\.?|Rural\s+Route)\s*#?\s*\d{1,3}(?![\w])",
                0.5,
            ),
        ),
        context=(
            "address",
            "live at",
            "lives at",
            "reside",
            "resides at",
            "residing",
            "home",
            "street",
            "adresse",
            "domicile",
            "habite",
            "demeure",
            "réside",
        ),
        context_boost=0.3,
    ),
    RecognizerSpec(
        name="DateOfBirthRecognizer",
        entity_type="DATE_OF_BIRTH",
        patterns=(PatternSpec("birth-date", rf"(?<![\w/.-]){DATE_REGEX}(?![\w/-])", 0.3, re.I),),
        context=(
            "date of birth",
            "birth",
            "born",
            "DOB",
            "D.O.B",
            "d.o.b.",
            "birthdate",
            "birthday",
            "date de naissance",
            "naissance",
            "né le",
            "née le",
            "né(e) le",
            "né",
            "née",
            "ddn",
        ),
        context_boost=0.6,
        window_before=80,
    ),
    RecognizerSpec(
        name="OldDateRecognizer",
        entity_type="DATE_OF_BIRTH",
        patterns=(
            PatternSpec(
                "old-full-date",
                rf"(?<![\w/.-]){DATE_REGEX}(?![\w/-])",
                0.45,
                re.I,
                validator=_old_date,
            ),
        ),
    ),
    RecognizerSpec(
        name="AgeRecognizer",
        entity_type="AGE",
        patterns=(
            PatternSpec(
                "years-old",
                r"(?<![\w.])\d{1,3}[\s-]*(?:years?|yrs?|year)[\s-]*(?:old|of\s+age)(?![\w])",
                0.7,
                re.I,
                validator=_plausible_age,
            ),
            PatternSpec(
                "aged",
                r"(?<![\w])(?:aged|age|âgée?s?\s+de|âge\s*:?(?:\s+de)?)[ \t:]*\d{1,3}(?:\s+ans)?"
                r"(?![\w.,]\d)(?!\s*(?:%|per|hours|minutes))",
                0.65,
                re.I,
                validator=_plausible_age,
            ),
            # An age in words: "sixty-two years old", "a nineteen-year-old".
            PatternSpec(
                "years-old-in-words",
                rf"(?<![\w-])(?:{_AGE_WORDS})[\s-]+(?:years?[\s-]+old|year-old)(?![\w])",
                0.65,
                re.I,
            ),
            PatternSpec(
                "year-old",
                r"(?<![\w.])\d{1,3}-year-old(?![\w])",
                0.7,
                re.I,
                validator=_plausible_age,
            ),
            PatternSpec(
                "fr-ans",
                r"(?<![\w])(?:j['’]ai|(?:il|elle)\s+a|avait|a\s+maintenant|agé(?:e)?\s+de|"
                # "mon fils, qui a 15 ans", "ma fille a 9 ans"; not "il y a 5 ans" (ago)
                r"(?<!\by\s)(?<!\by\s\s)(?<![\w'’])a)\s+"
                r"\d{1,3}\s+ans(?![\w])",
                0.65,
                re.I,
                validator=_plausible_age,
            ),
            # A birthday reached: "just turned 55", "I'll turn 40", "turning 18 next week";
            # not a turn of so many degrees or a page turned to.
            PatternSpec(
                "turned",
                r"(?<![\w])(?i:turn(?:ed|s|ing)?)[ \t]+(?P<pi>\d{1,3})(?![\w.,:/]\d|\w)"
                r"(?![ \t]*(?i:%|°|degrees?|deg\b|pages?|times|km|miles|minutes|hours|seconds))",
                0.6,
                validator=_plausible_age,
            ),
            PatternSpec(
                "age-of",
                r"(?<![\w])(?i:age[ \t]+of|ages?[ \t]+de)[ \t]+(?P<pi>\d{1,3})(?![\w.,:/]\d|\w)",
                0.65,
                validator=_plausible_age,
            ),
            # "when he was 64", "since I was 12", "quand elle avait 9 ans" (the last via fr-ans).
            PatternSpec(
                "when-was",
                r"(?<![\w])(?i:when|since|until|till|by\s+the\s+time)[ \t]+"
                r"(?i:I|he|she|they|we|you)[ \t]+(?i:was|were|turned)[ \t]+(?P<pi>\d{1,3})"
                r"(?![\w.,:/]\d|\w)"
                r"(?![ \t]*(?i:%|minutes|hours|seconds|days|weeks|months|km|miles))",
                0.6,
                validator=_plausible_age,
            ),
            PatternSpec(
                "y-o",
                r"(?<![\w.])(?P<pi>\d{1,3})[ \t]*(?i:y/o|y\.o\.|yo|yrs?\.?[ \t]+old|"
                # "a 34 yrs male", "34 yrs, female": years before a person word or a comma
                r"yrs?\.?(?=,|[ \t]+(?i:male|female|man|woman|boy|girl|m\b|f\b)))(?![\w])",
                0.7,
                validator=_plausible_age,
            ),
            # "I am 45 and", "She is 16.", "he was 17 at the time": a person's age said
            # outright, ending there (no unit or noun after it: not "I am 5 minutes away").
            PatternSpec(
                "is-n",
                r"(?<![\w])(?i:I[ \t]+am|I['’]m|(?:he|she)[ \t]+(?:is|was)|(?:he|she)['’]s|"
                r"they[ \t]+(?:are|were))[ \t]+(?P<pi>\d{1,3})"
                r"(?=[ \t]*(?:[.,;!?)]|\n|$|(?i:and|but|now|then|at[ \t]+the[ \t]+time|when)\b))"
                r"(?![.,]\d)",
                0.55,
                validator=_plausible_age,
            ),
            # The age set off after a name, as reports and the press write it: "Dana Roe, 45,
            # of Leeds", "Mr Tan, 67, said"; what a person does or is comes next.
            PatternSpec(
                "name-comma-n",
                rf"(?<![\w])(?!(?:(?i:mon|tues|wednes|thurs|fri|satur|sun)day|{_MONTHS_EN}),)"
                r"[A-Z][\w'’-]+,[ \t]+(?P<pi>\d{1,3}),[ \t]+"
                r"(?=(?:of|from|who|was|is|has|had|said|says|told|a|an|lives|lived|resides|died|"
                r"appeared|admitted|denied|pleaded|pled|described|suffered|sustained|remains|"
                r"remained|were|are|and[ \t]+(?:his|her|their))\b)",
                0.5,
                validator=_plausible_age,
            ),
            # An age given as a decade: "a man in his 40s", "in her early twenties", "dans la
            # quarantaine".
            PatternSpec(
                "decade",
                r"(?<![\w])(?i:in[ \t]+(?:his|her|their)|dans[ \t]+la)[ \t]+(?P<pi>(?i:"
                r"(?:(?:early|mid|late)[- \t]?)?(?:teens|twenties|thirties|forties|fifties|"
                r"sixties|seventies|eighties|nineties|[1-9]0['’]?s)|(?:(?:jeune|début[ \t]+de"
                r"[ \t]+la|fin[ \t]+de[ \t]+la)[ \t]+)?(?:vingtaine|trentaine|quarantaine|"
                r"cinquantaine|soixantaine|septantaine|soixante-dizaine|quatre-vingtaine)))"
                r"(?![\w])",
                0.5,
            ),
            # French, the age set off after a name or a date of birth: "(50 ans)", "Luc
            # Roy, 42 ans, a vu"; a duration is not set off so ("depuis 5 ans, il").
            PatternSpec(
                "fr-ans-aside",
                r"(?:(?<=\()|(?<=\([ \t])|(?<=[^\W\d_)],[ \t]))\d{1,3}[ \t]+ans"
                r"(?=[ \t]*[,;)])",
                0.6,
                validator=_plausible_age,
            ),
            # French: "un homme de 50 ans", "âgée de 19 ans", "à 16 ans"; not "depuis 5 ans".
            PatternSpec(
                "fr-de-ans",
                r"(?<![\w])(?i:(?:homme|femme|garçon|fille|enfant|adolescente?|jeune|personne|"
                r"plaignante?|victime|témoin|conducteur|conductrice|passagère?|suspecte?|"
                r"individu|dame|monsieur)[ \t]+(?:âgée?[ \t]+)?de|à[ \t]+l['’]âge[ \t]+de|dès|à)"
                r"[ \t]+(?P<pi>\d{1,3})[ \t]+ans(?![\w])",
                0.6,
                validator=_plausible_age,
            ),
        ),
        context=("age", "âge", "old", "born", "birthday", "anniversaire"),
        context_boost=0.1,
    ),
    RecognizerSpec(
        name="CaHealthCardRecognizer",
        entity_type="CA_HEALTH_CARD",
        patterns=(
            PatternSpec(
                "on-hc-version",
                r"(?<![\w-])\d{4}[ \t-]?\d{3}[ \t-]?\d{3}[ \t-]?[A-Z]{2}(?![\w-])",
                0.7,
            ),
            PatternSpec("qc-ramq", r"(?<![\w-])[A-Z]{4}[ \t]?\d{4}[ \t]?\d{4}(?![\w-])", 0.3),
            PatternSpec(
                "hc-digits",
                r"(?<![\w-])\d{3,5}[ \t-]?\d{3,4}[ \t-]?\d{3,4}(?:[ \t-]?[A-Z]{1,2})?(?![\w-])",
                0.2,
            ),
        ),
        context=(
            "health card",
            "health number",
            "health insurance",
            "OHIP",
            "PHN",
            "personal health number",
            "AHCIP",
            "MSP",
            "carte santé",
            "carte soleil",
            "assurance maladie",
            "assurance-maladie",
            "RAMQ",
            "numéro d'assurance maladie",
        ),
        context_boost=0.7,
    ),
    RecognizerSpec(
        name="DriversLicenceRecognizer",
        entity_type="DRIVERS_LICENCE",
        patterns=(
            PatternSpec("on-dl", r"(?<![\w-])[A-Z]\d{4}[ \t-]?\d{5}[ \t-]?\d{5}(?![\w-])", 0.75),
            PatternSpec("qc-dl", r"(?<![\w-])[A-Z]\d{4}[ \t-]?\d{6}[ \t-]?\d{2}(?![\w-])", 0.7),
            PatternSpec(
                "uk-dvla",
                r"(?<![\w-])[A-Z9]{5}\d{6}[A-Z9]{2}\d[A-Z]{2}(?:\s?\d{2})?(?![\w-])",
                0.75,
            ),
            PatternSpec(
                "labelled",
                r"(?<![\w-])(?=[A-Z0-9-]*\d)[A-Z0-9][A-Z0-9 -]{3,20}[A-Z0-9](?![\w-])",
                0.2,
                validator=_licence_ok,
            ),
            PatternSpec(
                # In running text the number may come a few words after the licence word:
                # "my licence is a BC licence, number 3094417", "permis de conduire du Québec,
                # numéro L1234-567890-12"; not a licence plate's number.
                "licence-sentence",
                r"(?<![\w])(?i:driv(?:ing|er['’]?s?)[ \t]+licen[cs]e|licen[cs]e|"
                r"permis(?:[ \t]+de[ \t]+conduire)?)"
                r"(?:(?!(?i:plate|plaque|immatricul))[^\n.;:]){0,40}?"
                r"(?<![\w])(?i:number|no\.|numéro|n[°º]\.?|#)[ \t]*(?:(?i:is|was|est)[ \t]+)?"
                r":?[ \t]*(?P<pi>(?=[A-Za-z0-9-]*\d)[A-Za-z0-9][A-Za-z0-9-]{3,20}[A-Za-z0-9])"
                r"(?![\w-])",
                0.75,
                validator=_licence_ok,
            ),
        ),
        context=(
            "driver's licence",
            "driver's license",
            "drivers licence",
            "drivers license",
            "driving licence",
            "driver licence",
            "licence number",
            "license number",
            "licence no",
            "license no",
            "DL",
            "D/L",
            "permis de conduire",
            "permis",
            "numéro de permis",
        ),
        context_boost=0.6,
        window_before=45,
    ),
    RecognizerSpec(
        name="LicencePlateRecognizer",
        entity_type="LICENCE_PLATE",
        patterns=(
            PatternSpec(
                "plate",
                r"(?<![\w-])[A-Z0-9]{1,4}[ \t-]?[A-Z0-9]{2,4}(?![\w-])",
                0.2,
                validator=_plate_ok,
            ),
        ),
        context=(
            "plate",
            "plates",
            "licence plate",
            "license plate",
            "registration",
            "reg",
            "vehicle",
            "car",
            "plaque",
            "immatriculé",
            "immatriculée",
            "immatriculation",
            "véhicule",
            "voiture",
            "VRM",
            "tag",
        ),
        requires_context=True,
        context_boost=0.6,
        window_before=30,
    ),
    RecognizerSpec(
        name="BadgeNumberRecognizer",
        entity_type="BADGE_NUMBER",
        patterns=(
            PatternSpec(
                "labelled-badge",
                r"(?i:badge|shoulder|warrant|regimental|collar|PIN|matricule|insigne|serial|"
                r"employee)(?:[ \t]+(?i:number|no\.?|num(?:éro|ero)?|#))?"
                # "his badge said W-1893", "badge number is 4471", "le matricule était 552"
                r"(?:[ \t]+(?i:is|was|said|says|read|reads|showed|shows|displayed|était|est))?"
                rf"\s{{0,3}}(?:[:#]|(?i:no\.?))?\s{{0,3}}#?[ \t]*(?P<pi>{_BADGE_VALUE})"
                r"(?![\w-])",
                0.75,
            ),
            PatternSpec(
                # The number an officer wore or gave, after an officer word: "The sergeant,
                # number 2271", "l'agente portait le numéro S-4417", "PC Hale's number was 80".
                "officer-number",
                rf"(?<![\w])(?i:{_OFFICER_WORDS})(?:['’]s)?,?[ \t]+"
                r"(?:(?i:wore|wearing|had|bore|bearing|gave|showed|portait|avait|donné|donnée)"
                r"[ \t]+(?:(?i:the|a|his|her|their|le|la|son|sa)[ \t]+)?)?"
                r"(?i:number|no\.|numéro|n[°º]\.?|#)[ \t]*(?:(?i:is|was|était|est)[ \t]+)?:?"
                rf"[ \t]*#?(?P<pi>{_BADGE_VALUE})(?![\w-])",
                0.7,
            ),
            PatternSpec(
                # "Okafor #8179": a number sign straight after a name is a badge in these files.
                "name-hash",
                r"(?<=[a-zà-ÿA-Z])[ \t]*\(?#[ \t]?(?P<pi>\d{3,6}[A-Z]{0,2})(?![\w-])",
                0.6,
            ),
            PatternSpec(
                "numero-matricule",
                r"(?i:n[o°º]\.?|numéro)[ \t]*(?i:de[ \t]+)?(?i:matricule|badge|insigne)"
                r"[ \t]*:?[ \t]*(?P<pi>\d{2,7})(?![\w-])",
                0.8,
            ),
        ),
        context=("officer", "constable", "policier", "agent"),
        context_boost=0.1,
    ),
    # "his number was 4417", "he gave his number as W-1893": a number someone has, near an
    # officer word (a phone number has more digits and separators than this shape takes).
    RecognizerSpec(
        name="BadgeNumberContextRecognizer",
        entity_type="BADGE_NUMBER",
        patterns=(
            PatternSpec(
                "their-number",
                r"(?<![\w])(?i:his|her|their|son|sa|leur)[ \t]+(?i:number|numéro)[ \t]+"
                r"(?:(?i:was|is|as|était|est)[ \t]+)?:?[ \t]*"
                rf"(?P<pi>{_BADGE_VALUE})(?![\w-])",
                0.45,
            ),
        ),
        context=_OFFICER_CONTEXT,
        requires_context=True,
        context_boost=0.3,
        window_before=120,
    ),
    RecognizerSpec(
        name="BankAccountRecognizer",
        entity_type="BANK_ACCOUNT",
        patterns=(
            PatternSpec(
                "ca-transit-account",
                # The account number is the person's; the transit (branch) and institution
                # numbers name a bank branch, printed on every cheque it issues, and stay
                # readable with the labels.
                r"(?i:transit|succursale)[ \t]*(?i:no\.?|number|#|numéro)?[ \t]*:?\s*\d{5}"
                r"(?:[,;]?\s*(?i:institution)[ \t]*(?i:no\.?|number|#)?[ \t]*:?\s*\d{3})?"
                r"[,;]?\s*(?i:and\s+|et\s+)?(?i:account|compte|acct\.?)[ \t]*"
                r"(?i:no\.?|number|#|numéro)?[ \t]*:?\s*(?P<pi>\d{5,12})",
                0.85,
            ),
            PatternSpec("ca-cheque-line", r"(?<![\w-])\d{5}[-–]\d{3}[-–]\d{5,12}(?![\w-])", 0.5),
            # Institution, transit, account, as the banks print it for direct deposit.
            PatternSpec("ca-deposit-line", r"(?<![\w-])\d{3}[-–]\d{5}[-–]\d{5,12}(?![\w-])", 0.5),
            PatternSpec(
                "account-in-banking-sentence",
                # No label, but a banking act or place just before: "deposited into
                # 00412 8812345", "wired the money to 4415 2290 8812 at RBC".
                r"(?i:\bbank(?:ing)?|\bbanque|\bdeposit(?:ed)?|\btransfer(?:red)?|\bwired?|"
                r"\bvirement|\bchequing|\bchecking|\bsavings|\bépargne|\bchèques?|\bcheques?)"
                r"\b[^\d\n]{0,40}?(?P<pi>(?<![\w-])\d(?:[ -]?\d){7,16})(?![\w-])",
                0.55,
                validator=_not_a_date,
            ),
            PatternSpec(
                "account-labelled",
                r"(?i:account|acct\.?|compte(?:\s+bancaire)?|bank\s+account)[ \t]*"
                r"(?i:no\.?|number|#|numéro|n°)?[ \t]*:?\s*(?P<pi>\d(?:[ \t-]?\d){5,16})(?![\w-])",
                0.6,
            ),
            PatternSpec(
                "uk-sort-code-account",
                r"(?i:sort\s+code)[ \t]*:?\s*\d{2}[-–\s]\d{2}[-–\s]\d{2}"
                r"[,;]?\s*(?i:and\s+)?(?i:account)[ \t]*(?i:no\.?|number|#)?[ \t]*:?\s*"
                r"(?P<pi>\d{8})",
                0.85,
            ),
            PatternSpec(
                # A UK sort code is withheld too: with the account number it is how a payment
                # reaches this person's account, and a statement or form gives the two together
                # (unlike a Canadian transit number, it is not printed on every cheque issued).
                "uk-sort-code",
                r"(?i:sort[ \t]*code)[ \t]*(?:(?i:is|was|number|no\.?)[ \t]+)?[:#]?\s*"
                r"(?P<pi>\d{2}[-–\s]\d{2}[-–\s]\d{2})(?![\w-])",
                0.8,
            ),
            PatternSpec(
                "iban",
                r"(?<![\w-])[A-Z]{2}\d{2}(?:[ \t]?[A-Z0-9]{4}){2,7}(?:[ \t]?[A-Z0-9]{1,4})?"
                r"(?![\w-])",
                0.8,
                validator=_iban_ok,
            ),
        ),
        context=(
            "bank",
            "account",
            "deposit",
            "banque",
            "compte",
            "dépôt",
            "virement",
            "IBAN",
            "sort code",
            "transit",
            "institution",
        ),
        context_boost=0.15,
    ),
    RecognizerSpec(
        name="MedicalRecognizer",
        entity_type="MEDICAL",
        patterns=(
            PatternSpec("injury", _flex(_INJURY_EN), 0.55, re.I),
            PatternSpec("disorder", _flex(_DISORDER_EN), 0.6, re.I),
            PatternSpec(
                "condition", _flex(rf"(?<![\w-])(?:{MEDICAL_TERMS_EN})(?![\w-])"), 0.45, re.I
            ),
            PatternSpec("medication", _flex(rf"(?<![\w-])(?:{MEDICATIONS})(?![\w-])"), 0.5, re.I),
            PatternSpec("medication_dose", MEDICATION_DOSE, 0.6, 0),
            PatternSpec("fr", _flex(rf"(?<![\w-])(?:{MEDICAL_FR})(?![\w-])"), 0.5, re.I),
            PatternSpec("after_cue", MEDICAL_AFTER_CUE, 0.55, 0),
        ),
        context=(
            "treated",
            "diagnosed",
            "diagnosis",
            "hospital",
            "clinic",
            "doctor",
            "medical",
            "medication",
            "prescribed",
            "suffer",
            "suffers",
            "suffering",
            "I have",
            "condition",
            "injury",
            "injuries",
            "records",
            "health",
            "paramedic",
            "ambulance",
            "nurse",
            "soigné",
            "soignée",
            "diagnostiqué",
            "diagnostic",
            "hôpital",
            "clinique",
            "médecin",
            "médical",
            "médicale",
            "médicament",
            "souffre",
            "j'ai",
            "blessure",
            "santé",
            "urgence",
            "ambulanciers",
            "infirmière",
        ),
        context_boost=0.3,
        window_before=120,
    ),
)

MIN_SCORE = 0.4


def build_pattern_recognizers(languages: tuple[str, ...]) -> list[EntityRecognizer]:
    """One recognizer per spec and language (Presidio binds a recognizer to a language)."""
    return [RegexRecognizer(spec, language) for language in languages for spec in RECOGNIZER_SPECS]


@lru_cache(maxsize=1)
def territory_names() -> frozenset[str]:
    """Country and region names in English and French (babel), lower case, whole names only:
    "Cyprus" is a place, not a surname, and the last line of a foreign envelope; the parts of
    "Tristan da Cunha" or "Saint Lucia" are given names."""
    from babel import Locale

    return frozenset(
        name.lower() for locale in ("en", "fr") for name in Locale(locale).territories.values()
    )
