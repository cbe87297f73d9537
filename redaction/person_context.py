"""People named by the shape of the text around them, for names no list and no model knows.

A name that spaCy and the names resource both miss ("Irenka", "Ubul", "Brabec") is still
marked by how the sentence uses it. Each rule below says which texts it is for:

- the owner of a family or social relation: "Franciska's kid", "la fille de Mourik"
  (witness statements, intake notes about relatives);
- the value after a name question or "name is": "What's your last name? Nielsen",
  "Her maiden name is Key" (call transcripts, intake interviews);
- a speaker's label in a transcript or a dialogue: "Ubul: What a wife." (interview
  transcripts, quoted exchanges), when the label is a known name or its neighbours are speakers;
- an unknown proper noun that opens a sentence as its subject when that sentence or the next
  refers to it as he or she: "Irenka is very reliable. You can always depend on him.";
- a member of a list whose other member is a person already found: "Brabec, Doyle and
  Gonzalez", "silvana, adam and caleb" (``spread_over_lists``, a document-level step).

Ordinary words stay readable: a candidate that is a stop word, a role ("Witness:"), a date
word, an organisation word or an everyday adjective or verb is never taken, and a capitalised
everyday word ("White", "Key") only where the rule itself says it is a name.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from presidio_analyzer import LocalRecognizer, RecognizerResult

from redaction.findings import PiFinding
from redaction.name_resource import COMMON_CAPITALISED
from redaction.names import (
    DATE_WORDS,
    LO,
    LONE_UNKNOWN_MAX,
    ORG_WORDS,
    STOP_WORDS,
    UP,
    Lexicon,
    word_frequency,
)
from redaction.patterns import recognizer_result, territory_names

_CAP_WORD = rf"[{UP}][{LO}]+(?:[-'’][{UP}]?[{LO}]+)?"
_LOW_WORD = rf"[{LO}]{{2,}}"
_CAP_NAME = rf"{_CAP_WORD}(?:[ \t]+(?:[{UP}]\.?|{_CAP_WORD})){{0,2}}"

# Kinship and social relations: the owner of one is a person.
_RELATIONS_EN = (
    r"daughter|son|kids?|child|children|wife|husband|partner|spouse|mother|father|mom|mum|"
    r"dad|parents|brother|sister|boyfriend|girlfriend|fianc[ée]e?|cousin|aunt|uncle|niece|"
    r"nephew|grand(?:mother|father|son|daughter|ma|pa)|step(?:son|daughter|mother|father)|"
    r"friend|roommate|neighbou?r|lawyer|employer|landlord|baby"
)
_RELATIONS_FR = (
    r"fille|fils|enfants?|femme|mari|conjointe?|épou(?:x|se)|mère|père|frère|sœur|cousine?|"
    r"tante|oncle|nièce|neveu|grand-(?:mère|père)|amie?|voisine?|avocate?|copine?"
)
POSSESSIVE_RELATION = re.compile(
    rf"(?<![\w@.])(?P<name>{_CAP_NAME}|{_LOW_WORD})['’]s[ \t]+(?:{_RELATIONS_EN})\b"
)
RELATION_OF = re.compile(
    rf"(?i:\b(?:{_RELATIONS_FR})[ \t]+(?:de|d['’])[ \t]*)(?P<name>{_CAP_NAME})(?![\w])"
)
# "What's your last name? Nielsen", "Her maiden name is Key", "nom de famille : Roy".
NAME_VALUE = re.compile(
    r"(?i:\b(?:first|last|given|maiden|family|middle|full|sur|nick)?[ \t]?name[ \t]*"
    r"(?:is|was|:|\?|=)|\bnom(?:[ \t]+de[ \t]+famille)?[ \t]*(?:est|:|\?)|"
    r"\bprénom[ \t]*(?:est|:|\?))"
    rf"[ \t]*[\"“]?(?P<name>{_CAP_NAME}|{_LOW_WORD}(?:[ \t]+{_LOW_WORD})?)(?![\w])"
)
# Who was spoken to: "said Erle to Maurice", "I complained to Okafor", "a dit à Gagnon".
SPOKEN_TO = re.compile(
    r"\b(?:said|says|asked|told|replied|shouted|yelled|whispered|wrote|explained|complained|"
    r"lied|spoke|talked|apologi[sz]ed|dit|demandé|répondu|écrit|parlé)"
    rf"(?:[ \t]+{_CAP_NAME})?[ \t]+(?:to|à)[ \t]+(?P<name>{_CAP_NAME})(?![\w])"
)
# A person addressed at the start of a sentence: "Danial, can I speak to your boss?"
VOCATIVE = re.compile(
    rf"(?:^|(?<=[.!?…])[ \t]+|(?<=\n))[ \t\"“]*(?P<name>{_CAP_WORD}),[ \t]+"
    r"(?=(?:can|could|would|will|do|did|please|I|you|we|are|is|have|thank|pouvez|peux|merci)\b)"
)
# A title before a name in lower case (chat, OCR): "mr. elliott", "mme tremblay".
LOWER_TITLE = re.compile(
    r"(?<![\w'’])(?:mr|mrs|ms|miss|dr|mme|mlle|m)\.?[ \t]+"
    rf"(?P<name>{_LOW_WORD}(?:[ \t]+{_LOW_WORD})?)"
)
# A name written in its own script inside an English or French text: two or three words of
# one non-Latin alphabet ("Иван Петров", "محمد علي"), standing apart from other words of that
# script (a longer run is a sentence or a title, not a name). Chinese and Japanese, written
# without spaces, give no such sign: a name there is left to the reviewing officer.
_SCRIPTS = (
    "\u0400-\u04ff",  # Cyrillic
    "\u0370-\u03ff\u1f00-\u1fff",  # Greek
    "\u0590-\u05ff",  # Hebrew
    "\u0600-\u06ff",  # Arabic
    "\u0900-\u097f",  # Devanagari
    "\u0e00-\u0e7f",  # Thai
    "\uac00-\ud7af",  # Hangul
)
FOREIGN_SCRIPT_NAME = re.compile(
    "|".join(
        rf"(?<![{r}\w])(?P<s{i}>[{r}]{{2,}}(?:[ \t]+[{r}]{{2,}}){{1,2}})(?![\w{r}]|[ \t]+[{r}])"
        for i, r in enumerate(_SCRIPTS)
    )
)
# An initial (or two) and a surname: "R. Nakashima", "J.-P. Ouellet", "A. B. Mensah".
INITIAL_SURNAME = re.compile(
    rf"(?<![\w.])(?P<name>(?:[{UP}]\.(?:-?[{UP}]\.)?[ \t]?){{1,2}}{_CAP_WORD})"
    r"(?![\w'’-]|[ \t]+(?:St|Ave|Rd)\b)"  # "J. Smith St." is a street
)
_NO_VALUE = frozenset({"unknown", "withheld", "redacted", "unavailable", "inconnu", "blank"})
# A speaker's label opening a line, then what was said.
SPEAKER = re.compile(
    rf"(?m)^[ \t>]*(?P<name>{_CAP_WORD}|{_LOW_WORD})[ \t]*:[ \t]*(?=[\"“”']|[{UP}][{LO}]*[ \t,]+\S)"
)
_PRONOUNS = frozenset({"he", "she", "him", "her", "his", "hers", "himself", "herself"})
_PRONOUNS_FR = frozenset({"il", "elle", "lui"})
# A capitalised word opening a sentence, then a lower-case word (its verb, "is", "began").
SENTENCE_SUBJECT = re.compile(
    rf"(?:^|(?<=[.!?…])[ \t]+|(?<=\n))[ \t>*•-]*[\"“]?(?P<name>{_CAP_WORD})[ \t]+"
    rf"(?P<next>[{LO}]+)\b"
)
_SUBJECT_VERBS = frozenset({"is", "was", "has", "had", "began", "lives", "lived", "said", "est"})
_WORDS = re.compile(r"\w+")
_SENTENCE_END = re.compile(r"[.!?…]+(?:[ \t]+|$)|\n")
_NOT_PEOPLE = frozenset({"ORG", "GPE", "LOC", "FAC", "PRODUCT", "EVENT", "WORK_OF_ART", "NORP"})


class PersonContextRecognizer(LocalRecognizer):
    """PERSON from the sentence around a word (the rules of the module docstring)."""

    NAME = "PersonContextRecognizer"

    def __init__(self, language: str, lexicon: Lexicon) -> None:
        self.lexicon = lexicon
        super().__init__(supported_entities=["PERSON"], name=self.NAME, supported_language=language)

    def load(self) -> None:
        """Nothing to load: the lexicon is built once by ``build_analyzer``."""

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: Any = None
    ) -> list[RecognizerResult]:
        if "PERSON" not in entities:
            return []
        results: list[RecognizerResult] = []
        for match in POSSESSIVE_RELATION.finditer(text):
            if self._name_like(match.group("name"), everyday_ok=False):
                results.append(self._result(match, 0.55, "the owner of a family relation"))
        for match in RELATION_OF.finditer(text):
            if self._name_like(match.group("name"), everyday_ok=False):
                results.append(self._result(match, 0.55, "the owner of a family relation"))
        for match in NAME_VALUE.finditer(text):
            name = match.group("name")
            words = name.split()
            if words[0].lower() in _NO_VALUE or words[0].lower() in STOP_WORDS:
                continue
            if name[0].islower() and not all(self.lexicon.is_known_name(w) for w in words):
                continue
            results.append(self._result(match, 0.6, "the value given as a name"))
        for match in INITIAL_SURNAME.finditer(text):
            surname = match.group("name").rsplit(".", 1)[-1].strip()
            if self._name_like(surname, everyday_ok=False):
                results.append(self._result(match, 0.5, "an initial and a surname"))
        for match in SPOKEN_TO.finditer(text):
            if self._name_like(match.group("name"), everyday_ok=False):
                results.append(self._result(match, 0.5, "the person spoken to"))
        for match in VOCATIVE.finditer(text):
            word = match.group("name")
            rare_or_known = word_frequency(word.lower()) < LONE_UNKNOWN_MAX or (
                self.lexicon.is_known_name(word) and word.lower() not in territory_names()
            )
            if rare_or_known and self._name_like(word, everyday_ok=False):
                results.append(self._result(match, 0.5, "a person addressed by name"))
        for match in LOWER_TITLE.finditer(text):
            words = match.group("name").split()
            # The surname may be any rare word; a second word only when it is a known name.
            if self._name_like(words[0], everyday_ok=False) and (
                self.lexicon.is_known_name(words[0]) or word_frequency(words[0]) < LONE_UNKNOWN_MAX
            ):
                end = (
                    match.end("name")
                    if len(words) == 1 or self._name_like(words[1], everyday_ok=False)
                    else match.start("name") + len(words[0])
                )
                span = (match.start("name"), end)
                results.append(
                    recognizer_result(self, self.NAME, "PERSON", span, 0.5, "a name after a title")
                )
        if self.supported_language in ("en", "fr"):
            for match in FOREIGN_SCRIPT_NAME.finditer(text):
                span = match.span(match.lastgroup or 0)
                results.append(
                    recognizer_result(
                        self, self.NAME, "PERSON", span, 0.45, "a name in another script"
                    )
                )
        results.extend(self._speakers(text))
        doc = nlp_artifacts.tokens if nlp_artifacts is not None else None
        results.extend(self._subjects(text, doc))
        return results

    def _plain(self, word: str) -> bool:
        """A stop word, role, date or organisation word, or an everyday adjective or verb."""
        key = word.lower().strip(".'’")
        return (
            key in STOP_WORDS or key in DATE_WORDS or key in ORG_WORDS or key in self.lexicon.common
        )

    def _name_like(self, name: str, *, everyday_ok: bool) -> bool:
        words = [w for w in name.split() if len(w.rstrip(".")) > 1]
        if not words or any(self._plain(w) for w in words):
            return False
        if name[0].islower():
            return all(self.lexicon.is_known_name(w) for w in words)
        return everyday_ok or all(word_frequency(w.lower()) < COMMON_CAPITALISED for w in words)

    def _speakers(self, text: str) -> list[RecognizerResult]:
        """Labels of a dialogue: a known name, or an unknown rare word beside other speakers."""
        found = list(SPEAKER.finditer(text))
        results: list[RecognizerResult] = []
        lines = [text.count("\n", 0, m.start()) for m in found]
        for index, match in enumerate(found):
            word = match.group("name")
            if self._plain(word) or word_frequency(word.lower()) >= COMMON_CAPITALISED:
                continue
            beside = any(
                abs(lines[other] - lines[index]) <= 2
                for other in range(len(found))
                if other != index
            )
            known = self.lexicon.is_known_name(word)
            rare = word_frequency(word.lower()) < LONE_UNKNOWN_MAX
            if (known and (beside or word[0].isupper())) or (beside and rare and word[0].isupper()):
                results.append(self._result(match, 0.5, "a speaker's label in a dialogue"))
        return results

    def _subjects(self, text: str, doc: Any) -> list[RecognizerResult]:
        """An unknown proper noun opening a sentence before its verb, taken up by he or she.

        Read from the text, not the parse: PI detection runs the model's NER alone."""
        results: list[RecognizerResult] = []
        for match in SENTENCE_SUBJECT.finditer(text):
            word = match.group("name")
            start, end = match.start("name"), match.end("name")
            if (
                self._plain(word)
                or (
                    self.lexicon.is_common(match.group("next"))
                    and match.group("next") not in _SUBJECT_VERBS
                )
                or word_frequency(word.lower()) >= LONE_UNKNOWN_MAX
                # The small model files many a rare one-word name as a place or a firm; a
                # longer entity, or a country, is one.
                or _entity_length(doc, start, end) > 1
                or word.lower() in territory_names()
            ):
                continue
            following = _two_sentences(text, end)
            if any(w in _PRONOUNS or w in _PRONOUNS_FR for w in _WORDS.findall(following)):
                results.append(
                    recognizer_result(
                        self,
                        self.NAME,
                        "PERSON",
                        (start, end),
                        0.5,
                        "a proper noun opening a sentence, taken up by he or she",
                    )
                )
        return results

    def _result(self, match: re.Match[str], score: float, reason: str) -> RecognizerResult:
        span = (match.start("name"), match.end("name"))
        return recognizer_result(self, self.NAME, "PERSON", span, score, reason)


def _two_sentences(text: str, position: int) -> str:
    """The rest of the sentence at ``position`` and the next one (at most 300 characters)."""
    window = text[position : position + 300].lower()
    ends = [m.end() for m in _SENTENCE_END.finditer(window)]
    return window[: ends[1]] if len(ends) > 1 else window


def _entity_length(doc: Any, start: int, end: int) -> int:
    """How many words the model's non-person entity at ``start:end`` has (0 when none)."""
    if doc is None:
        return 0
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or not len(span) or span[0].ent_type_ not in _NOT_PEOPLE:
        return 0
    for ent in doc.ents:
        if ent.start <= span[0].i < ent.end:
            return int(ent.end - ent.start)
    return 0


_JOIN = r"(?:[ \t]*,[ \t]*(?:(?:and|et|&|or|ou)[ \t]+)?|[ \t]+(?:and|et|&|or|ou)[ \t]+)"
_NEXT_CAP = re.compile(rf"{_JOIN}(?P<name>{_CAP_WORD}(?:[ \t]+{_CAP_WORD})?)(?![\w'’-])")
_NEXT_LOW = re.compile(rf"{_JOIN}(?P<name>{_LOW_WORD})(?![\w'’-])")
_PREVIOUS_CAP = re.compile(rf"(?<![\w'’-])(?P<name>{_CAP_WORD}(?:[ \t]+{_CAP_WORD})?){_JOIN}$")
_PREVIOUS_LOW = re.compile(rf"(?<![\w'’-])(?P<name>{_LOW_WORD}){_JOIN}$")
_LOOK_BACK = 80
# "Josef Mališ of Importio, Vladimír Jára of Civis": a member after "of" is a firm or a place.
_OF_BEFORE = re.compile(r"\b(?:of|at|from|for|with|de|du|chez)[ \t]+$", re.IGNORECASE)


def spread_over_lists(
    text: str, findings: Sequence[PiFinding], lexicon: Lexicon
) -> list[PiFinding]:
    """Every member of a list ("A, B and C") whose neighbour is a person found already.

    A capitalised member is taken unless it is an ordinary word or, alone, an everyday word
    that no names list knows; a lower-case member only when it is a known name. The list is
    followed both ways from each person, member by member, within one line; a member has as
    many words as its neighbour, is not possessive and does not follow "of" or "at"."""
    people = [f for f in findings if f.entity_type == "PERSON"]
    taken = bytearray(len(text))
    for finding in findings:
        taken[finding.start : finding.end] = b"\x01" * (finding.end - finding.start)
    added: list[PiFinding] = []
    queue = list(people)
    while queue:
        person = queue.pop()
        lower = person.text[:1].islower()
        forward = (_NEXT_LOW if lower else _NEXT_CAP).match(text, person.end)
        window_start = max(0, person.start - _LOOK_BACK)
        backward = (_PREVIOUS_LOW if lower else _PREVIOUS_CAP).search(
            text[window_start : person.start]
        )
        spans = []
        if forward:
            spans.append((forward.start("name"), forward.end("name")))
        if backward:
            spans.append(
                (window_start + backward.start("name"), window_start + backward.end("name"))
            )
        for start, end in spans:
            name = text[start:end]
            if (
                any(taken[start:end])
                or len(name.split()) != len(person.text.split())  # lists are parallel
                or _OF_BEFORE.search(text, max(0, start - 6), start)
                or text.startswith(("'s", "’s"), end)
                or not _member(name, lexicon, lower)
            ):
                continue
            member = replace(
                person,
                start=start,
                end=end,
                text=name,
                score=min(person.score, 0.5),
                recognizer="PersonListRecognizer",
                explanation="a member of a list beside a person",
                context_words=(),
            )
            taken[start:end] = b"\x01" * (end - start)
            added.append(member)
            queue.append(member)
    return [*findings, *added]


def _member(name: str, lexicon: Lexicon, lower: bool) -> bool:
    words = name.split()
    for word in words:
        key = word.lower()
        if key in STOP_WORDS or key in DATE_WORDS or key in ORG_WORDS or key in lexicon.common:
            return False
    if lower:
        return all(lexicon.is_known_name(w) and len(w) >= 3 for w in words)
    if len(words) == 1 and word_frequency(words[0].lower()) >= COMMON_CAPITALISED:
        return lexicon.is_known_name(words[0])
    return True


# A firm named after its founders: "Harper, Collins and Mills LLP", "Owens, Duran & Oneal".
_FIRM_MEMBERS = (
    rf"{_CAP_WORD}(?:[ \t]*,[ \t]*{_CAP_WORD})*(?:[ \t]*,)?[ \t]+(?:and|et|&)[ \t]+{_CAP_WORD}"
)
_FIRM_SUFFIX = re.compile(
    r"[ \t]*,?[ \t]+(?:LLP|LLC|L\.L\.P\.|Inc\.?|Ltd\.?|Limited|Partners|Associates|"
    r"P\.C\.|PLLC|Group|Co\.|s\.r\.l\.|S\.A\.|GmbH|S\.E\.N\.C\.R\.L\.|Associés|avocats)(?![\w])"
)
_FIRM_LIST = re.compile(rf"(?<![\w'’-])(?P<firm>{_FIRM_MEMBERS})(?![\w'’-])")
# A list of three or more founders alone on its line: a letterhead or a signature's firm.
_FIRM_LINE = re.compile(
    rf"(?m)^[ \t>*•-]*(?P<firm>{_CAP_WORD}(?:[ \t]*,[ \t]*{_CAP_WORD})+(?:[ \t]*,)?"
    rf"[ \t]+(?:and|et|&)[ \t]+{_CAP_WORD})[ \t.]*$"
)
_FIRM_LAST_MEMBERS = frozenset({"partners", "associates", "associés", "company", "sons", "fils"})
_POSSESSIVE = re.compile(r"['’]s[ \t]+")


def drop_firm_names(text: str, findings: Sequence[PiFinding]) -> list[PiFinding]:
    """PERSON findings that are in fact a firm named after people: the firm must stay
    readable (an employer, the complainant's law firm), and its founders are not the people
    of the case. A firm is known by its shape, not by a list of firms: founders' names
    followed by a legal form ("LLP", "& Associates"), a list of three founders alone on its
    line, or a name that owns a person ("Evans-Bonilla's Tânia Souza": people own relations,
    firms own employees). Names after a title or rank are never dropped."""
    firms: list[tuple[int, int]] = []
    for match in _FIRM_LIST.finditer(text):
        suffix = _FIRM_SUFFIX.match(text, match.end())
        if suffix:
            firms.append((match.start("firm"), suffix.end()))
        elif match.group("firm").rsplit(None, 1)[-1].lower() in _FIRM_LAST_MEMBERS:
            firms.append(match.span("firm"))  # "Mendez, Ortiz and Partners"
    firms.extend(match.span("firm") for match in _FIRM_LINE.finditer(text))
    people = sorted((f for f in findings if f.entity_type == "PERSON"), key=lambda f: f.start)
    starts = {f.start for f in people}
    for finding in people:
        owner_end = finding.end
        owner_start = finding.start
        for list_match in _FIRM_LIST.finditer(text, max(0, finding.start - 120), owner_end):
            if list_match.end("firm") == owner_end:
                owner_start = min(owner_start, list_match.start("firm"))
        possessive = _POSSESSIVE.match(text, owner_end)
        if possessive and _owned_person(text, possessive.end(), starts):
            firms.append((owner_start, owner_end))
    if not firms:
        return list(findings)
    return [
        f
        for f in findings
        if f.entity_type != "PERSON"
        or f.recognizer in _TITLED
        or not any(start <= f.start and f.end <= end for start, end in firms)
    ]


_TITLED = frozenset({"RankNameRecognizer", "TitleNameRecognizer"})
_TITLE_AHEAD = re.compile(r"(?:Mr|Mrs|Ms|Miss|Mx|Dr|Prof|Mme|Mlle|M)\.?[ \t]+")


def _owned_person(text: str, position: int, person_starts: set[int]) -> bool:
    """A person's name (or a title) opens the text at ``position``."""
    title = _TITLE_AHEAD.match(text, position)
    return position in person_starts or bool(title and title.end() in person_starts)
