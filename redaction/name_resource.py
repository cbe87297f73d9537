"""Person names from a names resource, for the names a statistical model does not know.

spaCy's small models miss names of many origins, names alone, and names in lower case. The
resource (``resources/names.tsv.gz``, built from names-dataset by
``scripts/build_name_resource.py``) holds the first names and surnames among the 3,000 most
common of at least one of 106 countries. A word of it is a name only when the text treats it
as one, read with word frequencies (``wordfreq``) so that a name that is also an everyday
word ("Will", "Hope", "White", "Court") needs more than itself:

- a capitalised pair "Given Surname" (either may be an initial) is a name;
- a capitalised word alone, not opening a sentence, not an everyday word, not inside an
  organisation or place the model found, is a name;
- in lower case only rare words are names: a known first name (with its surname after it)
  that is rare as a word in English and French.
"""

from __future__ import annotations

import gzip
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar

from presidio_analyzer import LocalRecognizer, RecognizerResult

from core.errors import AppError
from redaction.names import (
    DATE_WORDS,
    LONE_UNKNOWN_MAX,
    ORG_WORDS,
    STOP_WORDS,
    Lexicon,
    word_frequency,
)
from redaction.patterns import recognizer_result, territory_names

RESOURCE = Path(__file__).resolve().parent / "resources" / "names.tsv.gz"
_HEADER = re.compile(r"^# casedesk names v1 first=(\d+) last=(\d+) max_rank=\d+$")

# Everyday-word thresholds (wordfreq's Zipf scale: 6 is "the", 3 is once per million words).
COMMON_CAPITALISED = 5.0  # "White", "Will", "Hope", "Court" alone are words, not names
RARE_LOWER = 3.0  # "bertram", "kristina" in lower case; not "mark", "grace", "bill"
RARE_LOWER_PAIR = 4.0  # "lena andersson": two names in a row may be a little more common
LEXICON_NAME_MAX = 4.0
SINGLE_MAX_RANK = 2000
SENTENCE_START_MAX_RANK = 500
# What follows a name that opens a sentence: "Megan lives", "David is", "Celina just has".
_VERBS_AFTER = frozenset(
    {"is", "was", "has", "had", "does", "did", "will", "would", "can", "could", "should",
     "may", "might", "must", "just", "also", "never", "always", "then", "and", "said", "told",
     "asked", "says", "went", "came", "saw", "got", "gave", "took", "made", "knew", "thought",
     "est", "était", "a", "avait", "dit", "fait"}
)  # fmt: skip
LOWER_MAX_RANK = 1000
# Where a lone given name is a town ("lives in Regina", "drove to Florence"): people are not
# "in" anyone, and one is driven to a place.
_PLACE_BEFORE = re.compile(
    r"(?:\b(?:in|near|outside|across|throughout|dans)|\b(?:drove|driven|moved|travell?ed|went|"
    r"gone|flew|returned|relocated|headed|transferred|taken|brought|arrived)[ \t]+(?:back[ \t]+)?"
    r"(?:to|from|in|at))[ \t]+$"
)
# Verbs only a person does, right after a word the small model filed as a place.
_HUMAN_VERB_AFTER = re.compile(
    r"[ \t]+(?:(?:just|then|also|later|never|finally)[ \t]+)?(?:said|says|told|tells|asked|asks|"
    r"replied|answered|shouted|yelled|screamed|cried|whispered|laughed|smiled|explained|stated|"
    r"admitted|complained|phoned|texted|wrote|thought|felt|wanted|wants|decided|refused|agreed|"
    r"remembered|recalled|testified|ran|walked|sat|slept|woke|dit|a[ \t]+dit|répond|répondu)\b"
)
# The model's entities that hold capitalised words which are not people.
_NOT_PEOPLE = frozenset(
    {"ORG", "GPE", "LOC", "FAC", "PRODUCT", "EVENT", "WORK_OF_ART", "NORP", "LAW", "LANGUAGE"}
)


_PLACES = frozenset({"GPE", "LOC", "FAC"})
# Streets named at a crossing are a place ("the intersection of Dundas and Jarvis").
_INTERSECTION = re.compile(
    r"(?i:intersection|corner|crossing|junction|coin|angle|carrefour)[ \t]+(?i:of|de|des|du)?"
    r"[ \t]*(?:(?i:the|la|le|l['’])[ \t]+)?[A-Z][\w.'’-]*(?:[ \t]+[A-Z][\w.'’-]*){0,3}[ \t]+"
    r"(?:and|&|et)[ \t]+[A-Z][\w.'’-]*(?:[ \t]+[A-Z][\w.'’-]*){0,3}"
)


class NameResourceError(AppError):
    """The names resource is missing or damaged: detection must not start weaker."""

    code: ClassVar[str] = "name_resource_unavailable"
    status_code: ClassVar[int] = 500


@dataclass(frozen=True, slots=True)
class NameResource:
    """Lower-cased first names and surnames with their best rank in any country."""

    first: dict[str, int]
    last: dict[str, int]

    def rank(self, word: str) -> tuple[int | None, int | None]:
        key = word.lower()
        return self.first.get(key), self.last.get(key)


def load_name_resource(path: Path = RESOURCE) -> NameResource:
    """Read and check the resource; a missing or damaged file is an error, never a fallback."""
    try:
        lines = gzip.decompress(path.read_bytes()).decode("utf-8").splitlines()
    except (OSError, EOFError, UnicodeDecodeError, gzip.BadGzipFile) as exc:
        raise NameResourceError(
            f"names resource {path.name} cannot be read ({type(exc).__name__}): "
            "reinstall Casedesk or rebuild it with scripts/build_name_resource.py"
        ) from None
    header = _HEADER.match(lines[0]) if lines else None
    first: dict[str, int] = {}
    last: dict[str, int] = {}
    for line in lines[1:]:
        kind, _, rest = line.partition("\t")
        name, _, rank = rest.partition("\t")
        table = first if kind == "F" else last if kind == "L" else None
        if table is None or not rank.isdigit():
            raise NameResourceError(f"names resource {path.name} is damaged (a bad line)")
        key = name.lower()
        table[key] = min(int(rank), table.get(key, int(rank)))
    if header is None or len(lines) - 1 != int(header.group(1)) + int(header.group(2)):
        raise NameResourceError(f"names resource {path.name} is damaged (wrong header or size)")
    return NameResource(first=first, last=last)


_INITIAL = re.compile(r"^[A-ZÀ-Þ]\.?$")
_TOKEN = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*\.?|['’]s\b|\d+|[^\w\s]")


@dataclass(frozen=True, slots=True)
class _Token:
    """A word or a mark of the text, where it starts."""

    idx: int
    raw: str

    @property
    def text(self) -> str:
        # An initial keeps its full stop ("J."); other words are read without it.
        return self.raw if len(self.raw) == 2 and self.raw[1] == "." else self.raw.rstrip(".")

    @property
    def is_alpha(self) -> bool:
        return self.text.isalpha()


# Words after a name that make it a firm's or a product's ("Reed Elsevier Group", "Van Lines").
_ORG_AFTER = frozenset(
    {"lines", "llc", "llp", "plc", "gmbh", "sa", "ag", "group", "technologies", "solutions",
     "systems", "partners", "associates", "holdings", "industries", "labs", "media", "press",
     "company", "co", "consulting", "foundation", "publishing", "records", "studios"}
)  # fmt: skip
# Particles open no name on their own ("van", "de", "la").
_PARTICLES = frozenset({"van", "von", "de", "da", "di", "del", "der", "den", "le", "la", "du"})
PAIR_COMMON = 5.2  # "Data Explorer" is no name; "David Smith" is (david: 5.1)


class NameResourceRecognizer(LocalRecognizer):
    """PERSON from the names resource, by the rules of the module docstring."""

    NAME = "NameResourceRecognizer"

    def __init__(self, language: str, resource: NameResource, lexicon: Lexicon) -> None:
        self.resource = resource
        self.lexicon = lexicon
        self._text = ""
        super().__init__(
            supported_entities=["PERSON"],
            name=self.NAME,
            supported_language=language,
        )

    def load(self) -> None:
        """The resource is loaded once per process by ``build_analyzer``."""

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: Any = None
    ) -> list[RecognizerResult]:
        if "PERSON" not in entities or nlp_artifacts is None:
            return []
        doc = nlp_artifacts.tokens
        self._text = text
        blocked = bytearray(len(text))
        for ent in doc.ents:
            # The small model often files a lone given name as a work or an organisation
            # ("Why is Rebecca so...", "The gender of Teresa"): one word is blocked only as a
            # place; longer spans of any of these kinds are blocked.
            # An entity across a line break ("Sandra\nDate") is the model reading two lines
            # as one: it blocks nothing.
            if "\n" in ent.text:
                continue
            if ent.label_ in _NOT_PEOPLE and (len(ent) > 1 or ent.label_ in _PLACES):
                if len(ent) == 1 and _HUMAN_VERB_AFTER.match(text, ent.end_char):
                    continue  # "Rebecca told him", "Stanko shouted": a place says nothing
                blocked[ent.start_char : ent.end_char] = b"\x01" * (ent.end_char - ent.start_char)
        for match in _INTERSECTION.finditer(text):
            blocked[match.start() : match.end()] = b"\x01" * (match.end() - match.start())
        # Our own word split: iterating a spaCy Doc builds a Token object per word, which cost
        # more than everything else this recognizer does.
        tokens = [_Token(m.start(), m.group(0)) for m in _TOKEN.finditer(text)]
        results: list[RecognizerResult] = []
        index = 0
        while index < len(tokens):
            found = self._name_at(text, tokens, index, blocked)
            if found is None:
                index += 1
                continue
            end_index, score, reason = found
            start, end = tokens[index].idx, tokens[end_index].idx + len(tokens[end_index].text)
            results.append(self._result(start, end, score, reason))
            index = end_index + 1
        return results

    def _is_word(self, key: str) -> bool:
        return (
            key in STOP_WORDS or key in ORG_WORDS or key in DATE_WORDS or key in self.lexicon.common
        )

    def _name_at(
        self, text: str, tokens: list[Any], index: int, blocked: bytearray
    ) -> tuple[int, float, str] | None:
        token = tokens[index]
        word = token.text
        if not word.isalpha() or len(word) < 2:
            return None
        if word.islower():
            full = self._lower_full_name(tokens, index)
            if full is not None:
                return full, 0.6, "given name, initial or middle name, surname in lower case"
        key = word.lower()
        first, last = self.resource.rank(word)
        if first is None and last is None:
            return self._unknown_given_name(tokens, index, blocked)
        capitalised = word[0].isupper() and not word.isupper()
        if key in _PARTICLES or key in territory_names() or key in STOP_WORDS or key in ORG_WORDS:
            return None
        if key in DATE_WORDS:
            return None
        # An adjective or verb that is also a name ("Misty", "Rose") is a name when capitalised
        # mid-sentence, unless the word is too common to tell ("Will", "Bill", "Mark").
        if self._is_word(key) and not (capitalised and word_frequency(key) < LEXICON_NAME_MAX):
            return None
        follower = self._surname_after(tokens, index, capitalised)
        if capitalised:
            if follower is not None and self._org_after(tokens, follower):
                return None
            if (
                follower is not None
                and first is not None
                and (word_frequency(key) < PAIR_COMMON or first <= 20)
            ):
                return follower, 0.65, "given name and surname in the names resource"
            if self._org_after(tokens, index):
                return None
            if (
                self._opens_sentence(text, token)
                and first is not None
                and first <= SENTENCE_START_MAX_RANK
                and word_frequency(key) < PAIR_COMMON
                and self._verb_after(tokens, index)
            ):
                return index, 0.5, "a first name opening a sentence, before its verb"
            if (
                not self._opens_sentence(text, token)
                and not blocked[token.idx]
                and not self._in_title_phrase(tokens, index)
                and not _PLACE_BEFORE.search(text, max(0, token.idx - 40), token.idx)
                and word_frequency(key) < COMMON_CAPITALISED
                and min(r for r in (first, last) if r is not None) <= SINGLE_MAX_RANK
            ):
                return index, 0.5, "a name in the names resource, capitalised mid-sentence"
            return None
        if word.islower() and first is not None and first <= LOWER_MAX_RANK and len(word) >= 3:
            # A short first name ("eva", "ana") only with its surname after it.
            if follower is not None and word_frequency(key) < RARE_LOWER_PAIR:
                return follower, 0.5, "a first name and surname in lower case (names resource)"
            if len(word) < 4:
                return None
            if word_frequency(key) >= RARE_LOWER:
                return None
            if follower is not None:
                return follower, 0.5, "a first name and surname in lower case (names resource)"
            return index, 0.45, "a rare first name in lower case (names resource)"
        return None

    def _lower_full_name(self, tokens: list[Any], index: int) -> int | None:
        """The last token of a three-part name in lower case (chat, e-mail, OCR): "leidy t
        muris", "benjamin a seiler", "mary ellen tremblay". Three parts are a stronger sign
        than two, so the given name may be as common as "eric": an initial or a known middle
        name sits between it and a surname that is rare as a word; no part is an everyday
        word, and the names resource knows the given name or the surname."""
        if index + 2 >= len(tokens):
            return None
        given, middle, surname = (tokens[index + k] for k in range(3))
        if not all(
            t.text.islower() and tokens[i].idx - _end(tokens[i - 1]) == 1
            for i, t in ((index + 1, middle), (index + 2, surname))
        ):
            return None
        words = [t.text.rstrip(".").lower() for t in (given, middle, surname)]
        if len(words[0]) < 3 or len(words[2]) < 2 or not words[2].isalpha():
            return None
        initial = len(words[1]) == 1 and words[1].isalpha()
        if any(self._is_word(w) or w in territory_names() for w in (words[0], words[2])):
            return None
        if word_frequency(words[0]) >= COMMON_CAPITALISED:  # "had a seizure", "was a ..."
            return None
        first, _ = self.resource.rank(words[0])
        _, last = self.resource.rank(words[2])
        if word_frequency(words[2]) >= RARE_LOWER_PAIR or (first is None and last is None):
            return None
        if initial and words[1] in ("a", "i"):  # an article or "I" needs both names known
            known = first is not None and first <= LOWER_MAX_RANK and last is not None
            return index + 2 if known else None
        if initial:
            known_or_rare = first is not None or word_frequency(words[0]) < LONE_UNKNOWN_MAX
            return index + 2 if known_or_rare else None
        middle_first, _ = self.resource.rank(words[1])
        if (
            first is not None
            and first <= LOWER_MAX_RANK
            and middle_first is not None
            and not self._is_word(words[1])
            and last is not None
        ):
            return index + 2
        return None

    def _unknown_given_name(
        self, tokens: list[Any], index: int, blocked: bytearray
    ) -> tuple[int, float, str] | None:
        """A given name no list holds (of a smaller country, in a rarer spelling) right before
        a surname the resource knows: "Zdzisława Nowak". Both capitalised and both rare as
        words, so that a firm or a place before a surname-like word is not taken."""
        token = tokens[index]
        word = token.text
        if not (word.isalpha() and len(word) >= 3 and word[0].isupper() and not word.isupper()):
            return None
        key = word.lower()
        if (
            self._is_word(key)
            or key in territory_names()
            or word_frequency(key) >= LONE_UNKNOWN_MAX
            or blocked[token.idx]
        ):
            return None
        follower = self._surname_after(tokens, index, True)
        if follower != index + 1 or follower is None:
            return None
        surname = tokens[follower].text
        if (
            self.resource.rank(surname)[1] is None
            or word_frequency(surname.lower()) >= LONE_UNKNOWN_MAX
            or blocked[tokens[follower].idx]
            or self._org_after(tokens, follower)
        ):
            return None
        return follower, 0.6, "an unknown given name before a surname in the names resource"

    def _in_title_phrase(self, tokens: list[Any], index: int) -> bool:
        """Next to a capitalised word that is no name: a title or an institution ("Municipal
        Freedom of Information"), not a person."""
        for other in (index - 1, index + 1):
            if not 0 <= other < len(tokens):
                continue
            near, here = tokens[other], tokens[index]
            left, right = (near, here) if other < index else (here, near)
            if right.idx - _end(left) != 1 or not near.text[:1].isupper() or not near.is_alpha:
                continue
            lowered = near.text.lower()
            if lowered in STOP_WORDS or any(r is not None for r in self.resource.rank(lowered)):
                continue
            return True
        return False

    def _verb_after(self, tokens: list[Any], index: int) -> bool:
        if index + 1 >= len(tokens):
            return False
        following = tokens[index + 1].text
        if not following.islower():
            return following in ("'s", "’s")
        if following in _VERBS_AFTER:
            return True
        stem = following[:-1] if following.endswith(("s", "d")) else ""
        return bool(stem) and (stem in self.lexicon.common or stem[:-1] in self.lexicon.common)

    @staticmethod
    def _org_after(tokens: list[Any], index: int) -> bool:
        following = tokens[index + 1].text.lower() if index + 1 < len(tokens) else ""
        return following in _ORG_AFTER or following in ORG_WORDS

    def _surname_after(self, tokens: list[Any], index: int, capitalised: bool) -> int | None:
        """The last token of a surname (after optional initials) right after ``index``."""
        position = index + 1
        while position < len(tokens) and _INITIAL.match(tokens[position].text) and capitalised:
            position += 1
        if position >= len(tokens) or tokens[position].idx - _end(tokens[position - 1]) != 1:
            return None
        if self._text[tokens[position].idx - 1] not in " \t":
            return None
        candidate = tokens[position].text
        lowered = candidate.lower()
        if not candidate.isalpha() or self._is_word(lowered) or lowered in territory_names():
            return None
        if capitalised != (candidate[0].isupper() and not candidate.isupper()):
            return None
        _, surname = self.resource.rank(candidate)
        rare = word_frequency(lowered) < (COMMON_CAPITALISED if capitalised else RARE_LOWER_PAIR)
        return position if (surname is not None or (capitalised and rare)) and rare else None

    @staticmethod
    def _opens_sentence(text: str, token: Any) -> bool:
        before = text[max(0, token.idx - 3) : token.idx].rstrip(" \t\"'“‘(")
        return not before or before[-1] in ".!?:\n;•*-"

    def _result(self, start: int, end: int, score: float, reason: str) -> RecognizerResult:
        return recognizer_result(self, self.NAME, "PERSON", (start, end), score, reason)


def _end(token: Any) -> int:
    return int(token.idx) + len(token.text)


def names_in(words: Iterable[str], resource: NameResource) -> list[str]:
    """The words of ``words`` that the resource knows (for tests and diagnostics)."""
    return [w for w in words if any(r is not None for r in resource.rank(w))]
