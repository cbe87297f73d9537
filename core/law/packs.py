"""Jurisdiction rule packs: load and validate the JSON files beside this module, answer by date.

Each rule cites its statute and section and says whether it was confirmed from a primary
source (``confirmed``); a rule applies from ``effective_from`` to ``effective_to`` inclusive.
"""

from __future__ import annotations

import json
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from core.errors import InvalidInput, NotFound
from core.vocab import ENTITY_TYPES, JURISDICTIONS

PACK_DIR = Path(__file__).parent
RuleKind = Literal[
    "complaint_time_limit", "oversight_body", "foi_response", "review_window", "exemption"
]
PeriodUnit = Literal["calendar_days", "working_days", "months", "years"]


class Period(BaseModel):
    """A length of time in one unit; working days skip weekends and the pack's holidays."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    amount: int = Field(gt=0)
    unit: PeriodUnit


class Rule(BaseModel):
    """One rule of one statute, in force between two dates."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str
    kind: RuleKind
    statute: str
    section: str
    effective_from: date | None = None
    effective_to: date | None = None
    period: Period | None = None
    effect: Literal["mandatory", "discretionary"] | None = None
    flag: str | None = None
    value: str | None = None
    entity_types: tuple[str, ...] = ()
    roll_to_business_day: bool = False
    note: str = ""
    confirmed: bool

    @model_validator(mode="after")
    def _check_shape(self) -> Rule:
        if self.effective_from and self.effective_to and self.effective_from > self.effective_to:
            raise ValueError(f"{self.id}: effective_from after effective_to")
        if (
            self.kind in ("complaint_time_limit", "foi_response", "review_window")
            and not self.period
        ):
            raise ValueError(f"{self.id}: a {self.kind} rule needs a period")
        if self.kind in ("exemption", "oversight_body") and not self.value:
            raise ValueError(f"{self.id}: a {self.kind} rule needs a value")
        unknown = set(self.entity_types) - set(ENTITY_TYPES) - {"*"}
        if unknown:
            raise ValueError(f"{self.id}: unknown entity types {sorted(unknown)}")
        return self

    def in_force_on(self, on_date: date) -> bool:
        if self.effective_from and on_date < self.effective_from:
            return False
        return not (self.effective_to and on_date > self.effective_to)

    @property
    def citation(self) -> str:
        """How letters and flags cite the rule: "Freedom of Information Act 2000, s. 10"."""
        return f"{self.statute}, {self.section}"


class HolidayCalendar(BaseModel):
    """The ``holidays`` package country and subdivision whose public holidays apply."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    country: str
    subdivision: str | None = None


class RulePack(BaseModel):
    """All rules of one jurisdiction code."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    jurisdiction: str
    name: str
    holidays: HolidayCalendar
    rules: tuple[Rule, ...]

    @model_validator(mode="after")
    def _unique_ids(self) -> RulePack:
        ids = [rule.id for rule in self.rules]
        if len(ids) != len(set(ids)):
            raise ValueError(f"{self.jurisdiction}: duplicate rule ids")
        return self


def available_jurisdictions() -> tuple[str, ...]:
    """Codes that have a pack file (every code of core.vocab.JURISDICTIONS must)."""
    return tuple(sorted(path.stem for path in PACK_DIR.glob("*.json")))


@lru_cache(maxsize=32)
def load_pack(jurisdiction: str) -> RulePack:
    """The validated pack for ``jurisdiction``; NotFound for a code without a pack file."""
    code = jurisdiction.upper()
    if code not in available_jurisdictions():
        raise NotFound(f"no rule pack for jurisdiction {jurisdiction!r}")
    path = PACK_DIR / f"{code}.json"
    try:
        pack = RulePack.model_validate(json.loads(path.read_text(encoding="utf-8")))
    except (ValidationError, json.JSONDecodeError) as exc:
        raise InvalidInput(f"invalid rule pack {path.name}: {exc}") from exc
    if pack.jurisdiction != code:
        raise InvalidInput(f"{path.name} declares jurisdiction {pack.jurisdiction!r}")
    return pack


def load_all_packs() -> dict[str, RulePack]:
    """Every pack, validated; used by tests and at worker start to fail early."""
    packs = {code: load_pack(code) for code in available_jurisdictions()}
    missing = set(JURISDICTIONS) - set(packs)
    if missing:
        raise InvalidInput(f"rule packs missing for {sorted(missing)}")
    return packs


def rules_for(jurisdiction: str, on_date: date) -> tuple[Rule, ...]:
    """The rules of ``jurisdiction`` in force on ``on_date``."""
    return tuple(rule for rule in load_pack(jurisdiction).rules if rule.in_force_on(on_date))


def rule_for(jurisdiction: str, kind: RuleKind, on_date: date) -> Rule | None:
    """The one rule of ``kind`` in force on ``on_date`` (None when the pack has none)."""
    for rule in rules_for(jurisdiction, on_date):
        if rule.kind == kind:
            return rule
    return None


def exemption_rule_for(jurisdiction: str, entity_type: str, on_date: date | None = None) -> Rule:
    """The exemption rule covering ``entity_type`` (a PI type of core.vocab.ENTITY_TYPES)."""
    if entity_type not in ENTITY_TYPES:
        raise InvalidInput(f"unknown entity type {entity_type!r}")
    when = on_date or date.today()
    fallback: Rule | None = None
    for rule in rules_for(jurisdiction, when):
        if rule.kind != "exemption":
            continue
        if entity_type in rule.entity_types:
            return rule
        if "*" in rule.entity_types and fallback is None:
            fallback = rule
    if fallback is None:
        raise NotFound(f"no exemption for {entity_type} in {jurisdiction} on {when}")
    return fallback


def exemption_code_for(jurisdiction: str, entity_type: str, on_date: date | None = None) -> str:
    """The exemption code drawn on a redaction box, e.g. "s.21(1)" for CA-ON on ``on_date``."""
    value = exemption_rule_for(jurisdiction, entity_type, on_date).value
    if value is None:  # the validator guarantees a value; this keeps mypy honest
        raise InvalidInput(f"exemption rule without a code in {jurisdiction}")
    return value


def holiday_calendar(jurisdiction: str) -> HolidayCalendar:
    """Where the public holidays of ``jurisdiction`` come from."""
    return load_pack(jurisdiction).holidays
