"""The people and places of a complaint: complainant, subject officers, witnesses, police service.

Officers are found by rank words (EN and FR, full and abbreviated) with their name and badge;
the complainant and witnesses by the phrases and form labels that introduce them.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, replace

from spacy.tokens import Doc

# Canonical rank for each way of writing it; longer forms first so "Staff Sergeant" wins
# over "Sergeant".
RANKS: dict[str, str] = {
    "police constable": "Police Constable", "special constable": "Special Constable",
    "detective constable": "Detective Constable", "detective sergeant": "Detective Sergeant",
    "detective inspector": "Detective Inspector", "chief inspector": "Chief Inspector",
    "chief superintendent": "Chief Superintendent", "staff sergeant": "Staff Sergeant",
    "sergeant major": "Sergeant Major", "superintendent": "Superintendent",
    "inspector": "Inspector", "sergeant": "Sergeant", "constable": "Constable",
    "detective": "Detective", "corporal": "Corporal", "officer": "Officer",
    "ch insp": "Chief Inspector", "ch. insp": "Chief Inspector", "s/sgt": "Staff Sergeant",
    "s/insp": "Staff Inspector", "d/sgt": "Detective Sergeant", "sp/cst": "Special Constable",
    "det": "Detective", "sgt": "Sergeant", "cst": "Constable", "const": "Constable",
    "insp": "Inspector", "supt": "Superintendent", "cpl": "Corporal", "pc": "Police Constable",
    "dc": "Detective Constable", "ds": "Detective Sergeant", "di": "Detective Inspector",
    # French (Quebec and Ontario francophone services)
    "agente": "agente", "agent": "agent", "sergente": "sergente", "sergent": "sergent",
    "lieutenante": "lieutenant", "lieutenant": "lieutenant", "capitaine": "capitaine",
    "commandant": "commandant", "inspectrice": "inspectrice", "inspecteur": "inspecteur",
    "enquêteuse": "enquêteuse", "enquêteur": "enquêteur", "sgte": "sergente", "lt": "lieutenant",
    "policière": "policière", "policier": "policier",
}  # fmt: skip
_RANK_RE = "|".join(
    re.escape(key).replace(r"\ ", r"\s+") for key in sorted(RANKS, key=len, reverse=True)
)
# Name words are matched case-sensitively (a capital letter starts each), so a rank followed
# by a verb ("Officer dealt") is not an officer. Handles O'Neil, MacKenzie, Tremblay-Bouchard,
# initials and names written in capitals.
_NAME_WORD = (
    r"(?:[A-ZÀ-Ý]\.|(?:[A-ZÀ-Ý]['’])?[A-ZÀ-Ý][a-zà-ÿ]+(?:[A-Z][a-zà-ÿ]+)?(?:[-'’][A-ZÀ-Ý]?[a-zà-ÿ]+)*"
    r"|(?:[A-ZÀ-Ý]['’])?[A-ZÀ-Ý]{2,}(?:[-'’][A-ZÀ-Ý]+)*)"
)
# Words of one name may be split by one line break (wrapped PDF and e-mail text).
_GAP = r"(?:[ \t]+|[ \t]*\n[ \t]*)"
_NAME = rf"{_NAME_WORD}(?:{_GAP}{_NAME_WORD}){{0,2}}"
_BADGE = (
    r"(?:\(\s*(?i:badge|shoulder number|warrant number|regimental number|PIN|matricule|insigne|"
    r"collar number|no\.?)?\s*#?\s*(?P<b1>[A-Z0-9]{2,8})\s*\)|#\s?(?P<b2>\d{2,6}[A-Z]{0,2})\b|"
    r"[ \t]+(?P<b3>\d{3,6})\b|,\s*(?P<b4>\d{3,6})\b)"
)
_OFFICER = re.compile(
    rf"(?<![\w/])(?P<rank>(?i:{_RANK_RE}))\.?[ \t]+(?P<name>{_NAME})"
    rf"(?:,[ \t]*(?P<first>{_NAME_WORD}(?:[ \t]+{_NAME_WORD})?))?(?:[ \t]*{_BADGE})?"
)
_BADGE_ONLY = re.compile(
    r"(?:officer|policier|policière|agent|agente)\s+(?:with|portant)\s+(?:the\s+|le\s+|l')?"
    r"(?:badge|PIN|regimental number|warrant number|shoulder number|matricule|insigne)"
    r"(?:\s+number)?\s+#?(?P<badge>[A-Z0-9]{2,8})",
    re.IGNORECASE,
)
# Words a capitalised run may pick up that are not part of a name.
_NOT_NAME = frozenset(
    {
        "the",
        "and",
        "et",
        "who",
        "with",
        "was",
        "were",
        "also",
        "then",
        "had",
        "has",
        "le",
        "la",
        "les",
        "des",
        "de",
        "du",
        "on",
        "in",
        "at",
        "for",
        "from",
        "said",
        "told",
        "page",
        "police",
        "service",
        "badge",
        "me",
        "my",
        "mon",
        # form and table labels that follow a name on the next line
        "date",
        "respondent",
        "received",
        "prepared",
        "complainant",
        "witness",
        "witnesses",
        "name",
        "address",
        "telephone",
        "email",
        "signature",
        "file",
        "incident",
        "time",
        "location",
        "officer",
        "occupation",
        "nom",
        "prénom",
        "adresse",
        "téléphone",
        "courriel",
    }
    | {key for key in RANKS if " " not in key}
)
_COMPLAINANT_PATTERNS = (
    re.compile(rf"\b(?i:my name is)\s+(?P<name>{_NAME})"),
    re.compile(rf"\bI am\s+(?P<name>{_NAME}),"),
    re.compile(rf"\b(?:his|her|their) name (?:was|is)\s+(?P<name>{_NAME})"),
    re.compile(rf"\b(?i:je m'appelle)\s+(?P<name>{_NAME})"),
    re.compile(rf"\b(?i:mon nom est)\s+(?P<name>{_NAME})"),
    re.compile(
        rf"^(?:Complainant|Plaignant|Plaignante)[ \t]*:?\s+"
        rf"(?P<last>{_NAME_WORD}),\s*(?P<first>{_NAME})",
        re.MULTILINE,
    ),
    re.compile(
        rf"^(?:Complainant|Plaignant|Plaignante)[ \t]*:?\s+(?P<name>{_NAME})$", re.MULTILINE
    ),
    re.compile(
        rf"^(?:Last name|Nom)[ \t]+(?P<last>{_NAME_WORD})\s*\n"
        rf"(?:First name|Prénom)[ \t]+(?P<first>{_NAME})",
        re.MULTILINE,
    ),
    # Last resort for e-mails: the sender of the first message.
    re.compile(rf"^From:[ \t]*\"?(?P<name>{_NAME})\"?[ \t]*<", re.MULTILINE),
)
_WITNESS_PATTERNS = (
    re.compile(rf"\b(?i:(?:a|one) witness(?: named|,))\s+(?P<name>{_NAME})"),
    re.compile(
        rf"\b(?i:(?:my|ma|mon) (?:neighbour|neighbor|friend|voisine?|ami|amie|colleague)s?),"
        rf"\s+(?P<name>{_NAME}),"
    ),
    re.compile(rf"\b(?i:witness(?:es)?)\s*:\s*(?P<name>{_NAME})"),
    re.compile(
        rf"\b(?i:interviewed)\s+(?P<last>{_NAME_WORD}),\s*(?P<first>{_NAME_WORD})\s+(?i:by|on)\b"
    ),
    re.compile(rf"\b(?i:interviewed)\s+(?P<name>{_NAME})\s+(?i:by|on)\b"),
    re.compile(
        rf"^(?P<last>{_NAME_WORD}),\s*(?P<first>{_NAME})[ \t]+(?:Witness|Témoin)\b", re.MULTILINE
    ),
    re.compile(rf"\bI,\s+(?P<name>{_NAME}),\s+am\b"),
)
_SERVICE = re.compile(
    r"\b((?:(?:[A-Z][a-zA-Z'’.-]*|and|of|&)(?:[ \t]+|[ \t]*\n[ \t]*)){1,5}"
    r"(?:Police(?:[ \t]+|[ \t]*\n[ \t]*)(?:Service|Department|Force)|Police|Constabulary))\b"
    r"|\b(Service\s+de\s+police\s+(?:de\s+la\s+Ville\s+de|de|d'|du)\s*"
    r"[A-ZÀ-Ý][\w'’-]*(?:[ \t]+[A-ZÀ-Ý][a-zà-ÿ'’-]*)?)"
    r"|\b(Sûreté\s+du\s+Québec|Royal\s+Canadian\s+Mounted\s+Police|Ontario\s+Provincial\s+Police)\b"
)
# A date written after a name ("Anjali Raghunathan January 14, 2026", a table's next column)
# ends it; only after the first word, since April, June or Jan may be a first name.
_MONTH_WORDS = frozenset(
    {
        "january", "february", "march", "april", "june", "july", "august", "september",
        "october", "november", "december", "janvier", "février", "mars", "avril", "juin",
        "juillet", "août", "septembre", "octobre", "novembre", "décembre",
        "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
    }
)  # fmt: skip
_OVERSIGHT_AFTER = re.compile(
    r"[ \t]*\n?[ \t]*(?:Review|Conduct|Complaints?|Commission|Oversight|Director|Ombuds\w*|"
    r"Accountability|Integrity|Investigations?\s+Unit)\b"
)
_OVERSIGHT_WORDS = re.compile(r"\b(?:Independent|Office)\b")
_SERVICE_LABEL = re.compile(
    r"^(?:Police service|Service de police)[ \t]*\n?[ \t]*((?:[A-ZÀ-Ý]|Service).+)$", re.MULTILINE
)
_LEADING_STOPWORDS = re.compile(
    r"^(?:(?:The|By|Of|For|And|To|In|Re:?|Against|With|From|Members|Officers?|Chief|Complaint|Regarding|&)\s+)+",
    re.IGNORECASE,
)
_LOCATION = (
    re.compile(r"^(?:Location|Lieu|Place of incident|Incident location)[ \t]+(.+)$", re.MULTILINE),
    re.compile(
        r"\bI was [a-z]+ing\b[^.]{0,60}?\b(?:at|near|in|on|close to|by)\s+"
        r"(?P<loc>(?:the\s+)?[^.,\n]{3,80}?)"
        r"(?=\s+when\b|\s+where\b|[.,;])",
    ),
    re.compile(r"\ben passant par\s+(?P<loc>[^.,\n]{3,80})"),
    re.compile(r"\boccurred on [^,]{3,40} at\s+(?P<loc>[^.,\n]{3,80}?)(?=,|\.|\s+where\b)"),
)


@dataclass(frozen=True, slots=True)
class Person:
    """A party: ``role`` is complainant, subject_officer or witness."""

    role: str
    name: str
    rank: str = ""
    badge: str = ""


@dataclass(frozen=True, slots=True)
class Parties:
    """Everyone a complaint names, and where and with which service it happened."""

    complainant: Person | None
    officers: tuple[Person, ...]
    witnesses: tuple[Person, ...]
    police_service: str | None
    incident_location: str | None

    def all(self) -> tuple[Person, ...]:
        first = (self.complainant,) if self.complainant else ()
        return first + self.officers + self.witnesses


def _clean_name(name: str) -> str:
    """Drop trailing non-name words and single initials in the middle; title-case capitals."""
    words = [re.sub(r"['’]s$", "", word) for word in re.split(r"\s+", name.strip()) if word]
    while words and words[0].lower().strip(".") in _NOT_NAME:
        words.pop(0)
    # A label on the next line ends the name ("Minh\nRespondent officer(s)").
    for index, word in enumerate(words):
        bare = word.lower().strip(".,")
        if bare in _NOT_NAME or (index > 0 and bare in _MONTH_WORDS):
            words = words[:index]
            break
    if len(words) > 2:
        words = (
            [words[0]]
            + [w for w in words[1:-1] if not re.fullmatch(r"[A-ZÀ-Ý]\.", w)]
            + [words[-1]]
        )
    return " ".join(word.title() if word.isupper() and len(word) > 2 else word for word in words)


def _surname(name: str) -> str:
    return name.split()[-1].lower() if name else ""


def _officer_name(match: re.Match[str]) -> str:
    # "Sergeant Radcliffe, Shannon 4447" / "Det. DHILLON, Ling (9021)": surname first.
    if match["first"] and len(match["name"].split()) == 1:
        return f"{_clean_name(match['first'])} {_clean_name(match['name'])}".strip()
    return _clean_name(match["name"])


def _name_from(match: re.Match[str]) -> str:
    groups = match.groupdict()
    if groups.get("last") and groups.get("first"):
        return f"{_clean_name(groups['first'])} {_clean_name(groups['last'])}".strip()
    return _clean_name(groups.get("name") or "")


def find_officers(text: str) -> tuple[Person, ...]:
    """Officers named with a rank (merged by surname), plus officers known only by badge."""
    merged: dict[str, Person] = {}
    order: list[str] = []
    for match in _OFFICER.finditer(text):
        rank = RANKS[re.sub(r"\s+", " ", match["rank"].lower())]
        name = _officer_name(match)
        if not name or name.lower() in _NOT_NAME or len(name) < 2:
            continue
        badge = next((match[group] for group in ("b1", "b2", "b3", "b4") if match[group]), "")
        key = _surname(name)
        current = merged.get(key)
        if current is None:
            merged[key] = Person("subject_officer", name, rank, badge)
            order.append(key)
            continue
        # Keep the fullest name and the most specific rank; fill a missing badge.
        better_name = name if len(name) > len(current.name) and "." not in name else current.name
        better_rank = current.rank if current.rank != "Officer" else rank
        merged[key] = replace(
            current, name=better_name, rank=better_rank, badge=current.badge or badge
        )
    known_badges = {person.badge for person in merged.values()}
    for match in _BADGE_ONLY.finditer(text):
        if match["badge"] not in known_badges:
            known_badges.add(match["badge"])
            key = f"#{match['badge']}"
            merged[key] = Person("subject_officer", "", "", match["badge"])
            order.append(key)
    return tuple(merged[key] for key in order)


def find_police_service(text: str) -> str | None:
    """The police service a complaint is about: a labelled value, else the most named one."""
    label = _SERVICE_LABEL.search(text)
    if label:
        return label.group(1).strip()
    counts: Counter[str] = Counter()
    for match in _SERVICE.finditer(text):
        # "Independent Police Review Director", "Office for Police Conduct": the oversight
        # body writing the letter, not a police service the complaint is about.
        if _OVERSIGHT_AFTER.match(text, match.end()) or _OVERSIGHT_WORDS.search(match.group(0)):
            continue
        value = next(group for group in match.groups() if group)
        value = _LEADING_STOPWORDS.sub("", re.sub(r"\s+", " ", value)).strip()
        if len(value.split()) >= 2 and not value.lower().startswith(("office ", "office of")):
            counts[value] += 1
    return counts.most_common(1)[0][0] if counts else None


def find_parties(doc: Doc | str, language: str = "en") -> Parties:
    """Parties named in ``doc`` (a parsed Doc or its text); ``language`` is "en" or "fr"."""
    text = doc.text if isinstance(doc, Doc) else doc
    complainant = None
    for pattern in _COMPLAINANT_PATTERNS:
        match = pattern.search(text)
        if match and _name_from(match):
            complainant = Person("complainant", _name_from(match))
            break
    officers = find_officers(text)
    officer_surnames = {_surname(person.name) for person in officers}
    complainant_surname = _surname(complainant.name) if complainant else ""
    witnesses: dict[str, Person] = {}
    for pattern in _WITNESS_PATTERNS:
        for match in pattern.finditer(text):
            name = _name_from(match)
            key = _surname(name)
            if (
                not name
                or key in officer_surnames
                or key == complainant_surname
                or key in witnesses
            ):
                continue
            witnesses[key] = Person("witness", name)
    location = None
    for pattern in _LOCATION:
        found = pattern.search(text)
        if found:
            location = re.sub(r"\s+", " ", found.group(found.lastindex or 1)).strip()
            break
    return Parties(
        complainant=complainant,
        officers=officers,
        witnesses=tuple(witnesses.values()),
        police_service=find_police_service(text),
        incident_location=location,
    )
