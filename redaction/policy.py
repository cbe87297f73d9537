"""Disclosure policies as data: which PI types are withheld and under which exemption code.

Policies and exemption codes live in ``redaction/policies/*.json``; ``apply_policy`` adds the
code (and optional person labels), honours per-case allow and deny lists and the requester.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import cache
from pathlib import Path
from typing import Any, TypeVar

from core.errors import InvalidInput
from core.law.packs import exemption_code_for
from core.vocab import ENTITY_TYPES, JURISDICTIONS
from redaction.consistency import assign_labels, find_mentions, find_people
from redaction.findings import PiFinding

POLICY_DIR = Path(__file__).resolve().parent / "policies"
DEFAULT_JURISDICTION = "CA-ON"
DENY_RECOGNIZER = "CaseDenyList"


@dataclass(frozen=True, slots=True)
class Policy:
    """A named policy: the entity types it withholds, requester handling and labels."""

    name: str
    entity_types: frozenset[str]
    keep_requester: bool = False
    labels: bool = False
    description: str = ""


@dataclass(frozen=True, slots=True)
class Requester:
    """Who asked: under a requester policy their names and identifiers stay readable."""

    names: tuple[str, ...] = ()
    identifiers: tuple[str, ...] = ()

    @classmethod
    def from_json(cls, data: Mapping[str, Any] | None) -> Requester:
        """The requester as an FOI request stores it: {"names": [...], "identifiers": [...]}."""
        data = data or {}
        return cls(
            names=tuple(str(n) for n in data.get("names", ())),
            identifiers=tuple(str(i) for i in data.get("identifiers", ())),
        )

    def __bool__(self) -> bool:
        return bool(self.names or self.identifiers)


@dataclass(frozen=True, slots=True)
class CaseLists:
    """Per-case lists: ``allow`` strings are never withheld; ``deny`` (text, type) always are."""

    allow: tuple[str, ...] = ()
    deny: tuple[tuple[str, str], ...] = field(default_factory=tuple)

    @classmethod
    def from_json(cls, data: Mapping[str, Any] | None) -> CaseLists:
        """The lists as a case stores them: {"allow": [term], "deny": [{term, entity_type}]}."""
        data = data or {}
        return cls(
            allow=tuple(str(t) for t in data.get("allow", ())),
            deny=tuple((str(d["term"]), str(d["entity_type"])) for d in data.get("deny", ())),
        )


@cache
def _read(name: str) -> dict[str, Any]:
    path = POLICY_DIR / f"{name}.json"
    if not re.fullmatch(r"[a-z][a-z0-9_-]*", name) or not path.is_file():
        raise InvalidInput(f"unknown redaction policy: {name!r}")
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


def load_policy(name: str) -> Policy:
    """A policy from ``redaction/policies/<name>.json`` (``public``, ``requester``, ...)."""
    data = _read(name)
    types = frozenset(data.get("entity_types", ENTITY_TYPES))
    unknown = types - set(ENTITY_TYPES)
    if unknown:
        raise InvalidInput(f"policy {name!r} names unknown entity types: {sorted(unknown)}")
    return Policy(
        name=str(data.get("name", name)),
        entity_types=types,
        keep_requester=bool(data.get("keep_requester", False)),
        labels=bool(data.get("labels", False)),
        description=str(data.get("description", "")),
    )


def exemption_code(entity_type: str, jurisdiction: str = DEFAULT_JURISDICTION) -> str:
    """The exemption code a jurisdiction cites for withholding ``entity_type``, from the law
    packs (core.law), the one place where statutes and their sections are kept."""
    if jurisdiction not in JURISDICTIONS:
        raise InvalidInput(f"unknown jurisdiction: {jurisdiction!r}")
    return exemption_code_for(jurisdiction, entity_type)


def _norm(value: str) -> str:
    return re.sub(r"[\W_]+", "", value.casefold())


def _occurrences(text: str, phrase: str) -> list[tuple[int, int]]:
    words = [re.escape(w) for w in phrase.split()]
    if not words:
        return []
    pattern = re.compile(r"(?<!\w)" + r"\s+".join(words) + r"(?!\w)", re.IGNORECASE)
    return [m.span() for m in pattern.finditer(text)]


def apply_policy(
    text: str,
    findings: Sequence[PiFinding],
    *,
    policy: Policy,
    jurisdiction: str = DEFAULT_JURISDICTION,
    requester: Requester | None = None,
    case_lists: CaseLists | None = None,
) -> list[PiFinding]:
    """The findings ``policy`` withholds in ``text``, each with its exemption code (and label)."""
    lists = case_lists or CaseLists()
    allowed = {id(f) for f in allowed_findings(text, findings, lists)}
    kept = [f for f in findings if f.entity_type in policy.entity_types and id(f) not in allowed]
    kept.extend(denied_findings(text, lists))
    if policy.keep_requester and requester is not None:
        kept = _without_requester(text, kept, requester)
    if policy.labels:
        kept = _with_labels(text, kept)
    return [f.with_policy(exemption_code(f.entity_type, jurisdiction), f.label) for f in kept]


def allowed_findings(text: str, findings: Sequence[PiFinding], lists: CaseLists) -> list[PiFinding]:
    """The findings the case's allow list keeps readable: the value itself is on the list, or
    the finding lies inside an occurrence of a listed phrase."""
    if not lists.allow:
        return []
    spans = [span for phrase in lists.allow for span in _occurrences(text, phrase)]
    values = {_norm(phrase) for phrase in lists.allow}
    return [
        f
        for f in findings
        if _norm(f.text) in values or any(s <= f.start and f.end <= e for s, e in spans)
    ]


def denied_findings(text: str, lists: CaseLists) -> list[PiFinding]:
    """Every occurrence of a term on the case's deny list, as a finding of its entity type."""
    return [
        PiFinding(
            entity_type=entity_type,
            start=start,
            end=end,
            score=1.0,
            recognizer=DENY_RECOGNIZER,
            text=text[start:end],
            explanation="on the case's deny list",
        )
        for value, entity_type in lists.deny
        for start, end in _occurrences(text, value)
    ]


def requester_findings(
    text: str, findings: Sequence[PiFinding], requester: Requester
) -> list[PiFinding]:
    """The findings that are the requester's own name mentions and identifiers: what a
    requester-aware policy leaves in (deny-list findings never are)."""
    kept = {id(f) for f in _without_requester(text, list(findings), requester)}
    return [f for f in findings if id(f) not in kept]


_K = TypeVar("_K")


def keeps_requester(policy: str, requester: Mapping[str, Any] | None) -> bool:
    """Whether an FOI request leaves anything readable for its requester: a requester is
    named and the request's policy keeps a requester's own information."""
    return bool(Requester.from_json(requester)) and load_policy(policy).keep_requester


def requesters_own(
    policy: str,
    requester: Mapping[str, Any] | None,
    text: str,
    findings: Sequence[tuple[_K, PiFinding]],
) -> set[_K]:
    """The requester rule of an FOI request, in one place for the review page and the package
    build: the keys of the (key, finding) pairs that are the requester's own, which the
    request's ``policy`` leaves readable; none under a policy that does not keep them or
    without a requester (its stored JSON)."""
    if not keeps_requester(policy, requester):
        return set()
    who = Requester.from_json(requester)
    mine = {id(f) for f in requester_findings(text, [f for _, f in findings], who)}
    return {key for key, f in findings if id(f) in mine}


def _without_requester(
    text: str, findings: list[PiFinding], requester: Requester
) -> list[PiFinding]:
    """Drop the requester's own name mentions and identifiers (they may see their own data)."""
    identifiers = {_norm(value) for value in requester.identifiers if _norm(value)}
    own_spans: list[tuple[int, int]] = []
    if requester.names:
        seeds = [
            PiFinding("PERSON", 0, len(name), 1.0, "Requester", text=name)
            for name in requester.names
        ]
        people = find_people({"requester": seeds})
        own_spans = [(start, end) for start, end, _ in find_mentions(text, people)]
    kept: list[PiFinding] = []
    for finding in findings:
        if finding.recognizer == DENY_RECOGNIZER:
            kept.append(finding)
            continue
        if finding.entity_type != "PERSON" and _norm(finding.text) in identifiers:
            continue
        if finding.entity_type == "PERSON" and own_spans and _is_requester(finding, own_spans):
            continue
        kept.append(finding)
    return kept


def _is_requester(finding: PiFinding, own_spans: list[tuple[int, int]]) -> bool:
    """Every name word of the finding is a mention of the requester."""
    words = [m.span() for m in re.finditer(r"[^\W\d_]{2,}", finding.text)]
    if not words:
        return False
    return all(
        any(s <= finding.start + ws and finding.start + we <= e for s, e in own_spans)
        for ws, we in words
    )


def _with_labels(text: str, findings: list[PiFinding]) -> list[PiFinding]:
    people = find_people({"document": findings})
    assign_labels(people, {"document": text})
    labelled: list[PiFinding] = []
    for finding in findings:
        if finding.entity_type == "PERSON" and finding.label is None:
            mentions = find_mentions(finding.text, people)
            if mentions:
                finding = replace(finding, label=people[mentions[0][2]].label)
        labelled.append(finding)
    return labelled
