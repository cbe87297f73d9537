"""Case-level consistency: a person identified anywhere in a case is proposed everywhere.

Surname alone (and each half of a double-barrelled one), given name alone where only one person
of the case has it, dotted initials, possessives and any casing; optional stable labels.
"""

from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace

from redaction.findings import PiFinding
from redaction.names import (
    CAP,
    CAPS,
    INIT,
    LONE_UNKNOWN_MAX,
    ORG_WORDS,
    RANK,
    STOP_WORDS,
    word_frequency,
)

RECOGNIZER = "ConsistencyRecognizer"
_WORD = re.compile(r"[^\W\d_][\w'’-]*\.?")
_INITIAL = re.compile(r"^[^\W\d_]\.(?:-?[^\W\d_]\.)?$")


@dataclass(slots=True)
class Person:
    """One natural person of a case, as the names found so far describe them."""

    surname: str
    given: set[str] = field(default_factory=set)
    initials: set[str] = field(default_factory=set)
    variants: set[str] = field(default_factory=set)
    first_seen: tuple[int, int] = (0, 0)  # (document order, offset): labels follow it
    role: str = "Person"
    label: str | None = None
    # Found written all in lower case ("jordan mckay"): its writer may sign that way too.
    lower_case: bool = False


def _norm(word: str) -> str:
    return word.lower().replace("’", "'").strip(".'")


def _is_source(finding: PiFinding) -> bool:
    """Findings trusted enough to spread: multi-word names, or rank/title/header names."""
    if finding.entity_type != "PERSON":
        return False
    words = [w for w in _WORD.findall(finding.text) if not _INITIAL.match(w)]
    return (len(words) >= 2 and finding.score >= 0.6) or finding.score >= 0.85


def split_name(name: str) -> tuple[str, list[str], list[str]] | None:
    """(surname, given names, initials) of "Given [I.] Surname" or "SURNAME, Given"."""
    name = " ".join(name.split())
    if "," in name:
        surname_part, _, given_part = name.partition(",")
        surname_words = _WORD.findall(surname_part)
        given_words = _WORD.findall(given_part)
    else:
        words = _WORD.findall(name)
        surname_words, given_words = words[-1:], words[:-1]
    if not surname_words:
        return None
    surname = surname_words[-1].rstrip(".")
    if _INITIAL.match(surname_words[-1]) or len(surname) < 2:
        return None
    given = [w for w in given_words if not _INITIAL.match(w) and len(w) > 1]
    initials = [w[0].upper() for w in given_words if _INITIAL.match(w)]
    return surname, given, initials


def _usable(word: str) -> bool:
    lower = _norm(word)
    return (
        len(lower) >= 2
        and lower not in STOP_WORDS
        and lower not in ORG_WORDS
        and not re.fullmatch(RANK, word)
    )


def find_people(
    findings_by_document: Mapping[str, Sequence[PiFinding]],
) -> list[Person]:
    """People of a case, merged across documents by surname and compatible given names."""
    people: list[Person] = []
    for order, (_, findings) in enumerate(findings_by_document.items()):
        for finding in sorted(findings, key=lambda f: f.start):
            if not _is_source(finding):
                continue
            parts = split_name(finding.text)
            if parts is None:
                continue
            surname, given, initials = parts
            if not _usable(surname):
                continue
            person = _match_person(people, surname, given, initials)
            if person is None:
                person = Person(surname=surname, first_seen=(order, finding.start))
                people.append(person)
            person.given.update(g for g in given if _usable(g))
            person.initials.update(initials)
            person.initials.update(g[0].upper() for g in given)
            person.variants.add(" ".join(finding.text.split()))
            if not any(ch.isupper() for ch in finding.text):
                person.lower_case = True
    return people


def _match_person(
    people: list[Person], surname: str, given: list[str], initials: list[str]
) -> Person | None:
    key = _norm(surname)
    same = [p for p in people if _norm(p.surname) == key]
    for person in same:
        known = {_norm(g) for g in person.given}
        if not given and not initials:
            return person
        if any(_norm(g) in known for g in given) or not person.given:
            return person
        if not given and initials and set(initials) & person.initials:
            return person
    if same and not given:
        return same[0]
    return None


def mention_terms(people: Sequence[Person]) -> list[tuple[str, int]]:
    """(term, person index): every string that refers to exactly one person of the case."""
    given_owners: dict[str, set[int]] = {}
    for index, person in enumerate(people):
        for given in person.given:
            given_owners.setdefault(_norm(given), set()).add(index)
    terms: list[tuple[str, int]] = []
    for index, person in enumerate(people):
        terms.extend((variant, index) for variant in person.variants)
        terms.append((person.surname, index))
        halves = [h for h in re.split(r"[-\s]", person.surname) if len(h) >= 3]
        if len(halves) > 1:
            terms.extend((half, index) for half in halves if _usable(half))
        for given in person.given:
            if len(given_owners[_norm(given)]) == 1:
                terms.append((given, index))
                # "Given Surname" in any order and casing is already covered by the parts.
        for initial in person.initials:
            terms.append((f"{initial}. {person.surname}", index))
    return terms


def _compile_terms(
    terms: Iterable[tuple[str, int]],
) -> tuple[re.Pattern[str], dict[str, int]] | None:
    owner: dict[str, int] = {}
    for term, index in terms:
        owner.setdefault(_norm(" ".join(term.split())), index)
    if not owner:
        return None
    return _terms_pattern(owner), owner


def _terms_pattern(terms: Iterable[str]) -> re.Pattern[str]:
    """Any of the normalised ``terms`` as whole words, longest first, any casing and spacing."""
    return _terms_pattern_of(tuple(terms))


@functools.lru_cache(maxsize=64)
def _terms_pattern_of(terms: tuple[str, ...]) -> re.Pattern[str]:
    # Cached: the case step looks for the same people in each of a case's documents after
    # every document's analysis; building the pattern cost ~5 ms each time (16% of the
    # worker's time on a case of 15 short documents).
    alternatives = []
    for term in sorted(terms, key=len, reverse=True):
        escaped = re.escape(term).replace("'", "['’]")
        alternatives.append(re.sub(r"(\\ )+", r"\\s+", escaped))
    return re.compile(r"(?<![\w'’-])(?:" + "|".join(alternatives) + r")(?![\w-])", re.IGNORECASE)


def person_name(person: Person) -> str:
    """One person's full name, normalised (their given names sorted, then the surname; lower
    case, no possessive): what stays the same across the forms a case mentions them in."""
    given = sorted({_bare(g) for g in person.given})
    return " ".join([*given, _bare(person.surname)])


def _bare(word: str) -> str:
    return re.sub(r"'s$", "", _norm(word))


def find_persons(findings: Sequence[PiFinding], people: Sequence[Person]) -> list[int | None]:
    """For each finding, the index in ``people`` of the one person it names, in any form (full
    name, surname alone, given name, initials, possessive, any casing), or None: not a PERSON
    finding, nobody known, or a name that several people of the case share ("Smith" when
    there are two Smiths)."""
    owners: dict[str, set[int]] = {}
    for term, index in mention_terms(people):
        owners.setdefault(_norm(" ".join(term.split())), set()).add(index)
    if not owners:
        return [None] * len(findings)
    pattern = _terms_pattern(owners)
    result: list[int | None] = []
    for finding in findings:
        named: set[int] | None = None
        if finding.entity_type == "PERSON":
            # Each word group narrows who it can be: "John" (one person) and "Smith" (two)
            # name the one John Smith; "Smith and Jones" names nobody in particular.
            for match in pattern.finditer(finding.text):
                candidates = owners.get(_norm(" ".join(match.group(0).split())), set())
                named = candidates if named is None else named & candidates
        result.append(next(iter(named)) if named is not None and len(named) == 1 else None)
    return result


def find_mentions(text: str, people: Sequence[Person]) -> list[tuple[int, int, int]]:
    """(start, end, person index) of every capitalised mention of a known person in ``text``."""
    compiled = _compile_terms(mention_terms(people))
    if compiled is None:
        return []
    pattern, owner = compiled
    mentions: list[tuple[int, int, int]] = []
    for match in pattern.finditer(text):
        value = match.group(0)
        key = _norm(" ".join(value.split()))
        if key not in owner:
            continue
        # "young" or "price" in lower case is a word, not the surname Young or Price.
        if not any(ch.isupper() for ch in value) and not _lower_case_mention(
            text, match.start(), match.end(), people[owner[key]]
        ):
            continue
        mentions.append((match.start(), match.end(), owner[key]))
    return mentions


_LINE_FILLER = re.compile(r"^[\s>|*\-–—,.!]*$")


def _lower_case_mention(text: str, start: int, end: int, person: Person) -> bool:
    """A lower-case mention of someone whose name the case already shows in lower case (a
    writer who writes no capitals): it is them when it is a line of its own, as a signature
    under a message or a quoted reply ("> jordan"), or a word too rare to be anything else."""
    if not person.lower_case:
        return False
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line_end = len(text) if line_end < 0 else line_end
    if _LINE_FILLER.match(text[line_start:start]) and _LINE_FILLER.match(text[end:line_end]):
        return True
    return all(word_frequency(word) < LONE_UNKNOWN_MAX for word in text[start:end].split())


def _mention_findings(
    text: str, people: Sequence[Person], existing: Sequence[PiFinding]
) -> list[PiFinding]:
    found: list[PiFinding] = []
    persons = sorted((f.start, f.end) for f in existing if f.entity_type == "PERSON")
    starts = [span[0] for span in persons]
    for start, end, index in find_mentions(text, people):
        if _inside(persons, starts, start, end):
            continue
        start, end = _widen(text, start, end)
        found.append(
            PiFinding(
                entity_type="PERSON",
                start=start,
                end=end,
                score=0.8,
                recognizer=RECOGNIZER,
                text=text[start:end],
                explanation=f"another mention of person {index + 1} of the case",
                context_words=(),
                label=people[index].label,
            )
        )
    return found


_GIVEN_BEFORE = re.compile(rf"(?:(?:{INIT}|{CAP}|{CAPS})[ \t]+){{1,2}}$")
_GIVEN_AFTER = re.compile(rf"^,[ \t]+{CAP}")


def _widen(text: str, start: int, end: int) -> tuple[int, int]:
    """Take in the given name or initial next to a known surname ("Jun Zhang", "ZHANG, Jun")."""
    before = _GIVEN_BEFORE.search(text[max(0, start - 40) : start])
    if before:
        words = before.group(0).split()
        while words and not _usable(words[0].rstrip(".")) and not _INITIAL.match(words[0]):
            words.pop(0)
        if words and all(_usable(w.rstrip(".")) or _INITIAL.match(w) for w in words):
            start -= len(before.group(0)) - before.group(0).find(words[0])
    after = _GIVEN_AFTER.match(text[end : end + 40])
    if after and _usable(after.group(0).strip(", \t")):
        end += after.end()
    return start, end


def _inside(spans: list[tuple[int, int]], starts: list[int], start: int, end: int) -> bool:
    """Whether (start, end) lies inside one of the sorted ``spans`` (names are short)."""
    position = bisect.bisect_right(starts, start)
    return any(spans[i][1] >= end for i in range(max(0, position - 8), position))


def propagate_names(text: str, findings: Sequence[PiFinding]) -> list[PiFinding]:
    """One document's findings plus every other mention of the people they name."""
    people = find_people({"": findings})
    return [*findings, *_mention_findings(text, people, findings)]


_ROLE_CONTEXT = (
    (
        "Complainant",
        re.compile(r"(?i)complainant|plaignante?|requester|my name is|je m['’]appelle|I,\s*$"),
    ),
    ("Witness", re.compile(r"(?i)witness|témoin|neighbour|voisine?")),
    ("Officer", re.compile(RANK + r"|(?i:officer|badge|policier)")),
)


def assign_labels(people: Sequence[Person], texts: Mapping[str, str]) -> None:
    """Stable labels in order of first appearance: Complainant, Witness 1, Officer A, Person 1."""
    documents = list(texts.values())
    for person in people:
        person.role = _guess_role(person, documents)
    counters: dict[str, int] = {}
    for person in sorted(people, key=lambda p: p.first_seen):
        counters[person.role] = counters.get(person.role, 0) + 1
        number = counters[person.role]
        if person.role == "Complainant":
            person.label = "Complainant" if number == 1 else f"Complainant {number}"
        elif person.role == "Officer":
            person.label = f"Officer {_letters(number)}"
        else:
            person.label = f"{person.role} {number}"


def _letters(number: int) -> str:
    letters = ""
    while number > 0:
        number, remainder = divmod(number - 1, 26)
        letters = chr(ord("A") + remainder) + letters
    return letters


def _guess_role(person: Person, documents: Sequence[str]) -> str:
    votes: dict[str, int] = {}
    compiled = _compile_terms((v, 0) for v in [*person.variants, person.surname])
    if compiled is None:
        return "Person"
    pattern, _ = compiled
    for text in documents:
        for match in pattern.finditer(text):
            before = text[max(0, match.start() - 40) : match.start()]
            # The role word nearest the mention wins ("Witness: A. Cst. B" makes B an officer).
            nearest: tuple[int, str] | None = None
            for role, context in _ROLE_CONTEXT:
                ends = [m.end() for m in context.finditer(before)]
                if ends and (nearest is None or ends[-1] > nearest[0]):
                    nearest = (ends[-1], role)
            if nearest is not None:
                votes[nearest[1]] = votes.get(nearest[1], 0) + 1
    if not votes:
        return "Person"
    return max(votes, key=lambda role: (votes[role], role == "Complainant"))


def find_case_mentions(
    texts: Mapping[str, str],
    findings: Mapping[str, Sequence[PiFinding]],
    *,
    labels: bool = False,
    people: Sequence[Person] | None = None,
) -> dict[str, list[PiFinding]]:
    """Every document's findings plus the mentions of people identified in any document.

    ``texts`` and ``findings`` are keyed by document id; with ``labels`` each PERSON finding
    that belongs to a known person carries its stable label. ``people``: the case's people if
    the caller has found them already (``find_people`` of the same findings).
    """
    if people is None:
        people = find_people({doc_id: findings.get(doc_id, ()) for doc_id in texts})
    if labels:
        assign_labels(people, texts)
    result: dict[str, list[PiFinding]] = {}
    for doc_id, text in texts.items():
        existing = list(findings.get(doc_id, ()))
        if labels:
            existing = [_labelled(f, people) for f in existing]
        result[doc_id] = [*existing, *_mention_findings(text, people, existing)]
    return result


def _labelled(finding: PiFinding, people: Sequence[Person]) -> PiFinding:
    if finding.entity_type != "PERSON":
        return finding
    for start, _, index in find_mentions(finding.text, people):
        if start >= 0:
            return replace(finding, label=people[index].label)
    return finding
