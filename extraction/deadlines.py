"""Case timelines: the dated facts of a case and its deadlines from the jurisdiction rule packs.

The arithmetic of periods (working days, months, the FOI and review due dates) lives in
``core.law.calendar``; a flag such as a late complaint is a prompt for a person, never a
rejection.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from core.law.calendar import add_period
from core.law.packs import Rule, rule_for
from extraction.dates import DateMention, plausible_year


@dataclass(frozen=True, slots=True)
class TimelineItem:
    """A dated step of the case; ``due`` items are deadlines, the others are facts."""

    label: str
    on: date
    kind: str  # "fact" or "deadline"
    citation: str = ""
    overdue: bool = False
    confirmed: bool = True


@dataclass(frozen=True, slots=True)
class Flag:
    """Something a person must look at, with the rule that raised it."""

    code: str
    message: str
    citation: str
    discretionary: bool
    confirmed: bool


@dataclass(frozen=True, slots=True)
class Timeline:
    """A case's dated facts and deadlines in date order, plus flags."""

    jurisdiction: str
    items: tuple[TimelineItem, ...]
    flags: tuple[Flag, ...]
    statute: str = ""  # the complaint statute that governs the incident (PSA or CSPA, ...)

    @property
    def overdue(self) -> tuple[TimelineItem, ...]:
        return tuple(item for item in self.items if item.overdue)


def _first(mentions: Iterable[DateMention], role: str, today: date) -> date | None:
    """The earliest usable date of ``role``: a flagged date, or one whose year is far in the
    past or future (however it reached here), never starts a deadline."""
    found = [
        day
        for mention in mentions
        if mention.role == role and not mention.flag
        for day in [date.fromisoformat(mention.iso)]
        if plausible_year(day.year, today)
    ]
    return min(found) if found else None


def case_dates(mentions: Iterable[DateMention], today: date) -> tuple[date | None, date | None]:
    """(incident, complaint received): the one choice the case page's timeline and a letter's
    prefill both make, so they never state two different dates.

    The incident is the earliest usable incident date. A complaint is received after the
    events it describes: a "received" date on or before the incident is a misread narrative
    date while a later one (the office's stamp) exists, so the earliest later one is taken.
    """
    mentions = tuple(mentions)
    incident = _first(mentions, "incident", today)
    received = _first(mentions, "complaint_received", today)
    if incident is not None and received is not None and received <= incident:
        later = [
            day
            for mention in mentions
            if mention.role == "complaint_received" and not mention.flag
            for day in [date.fromisoformat(mention.iso)]
            if day > incident and plausible_year(day.year, today)
        ]
        if later:
            received = min(later)
    return incident, received


def build_timeline(
    dates: Iterable[DateMention] | Any,
    jurisdiction: str,
    today: date,
) -> Timeline:
    """The case timeline from extracted dates (a list of DateMention, or Facts with ``.dates``).

    The complaint statute is chosen by the incident date (Ontario: the PSA before 2024-04-01,
    the CSPA after); a complaint received after the time limit raises its flag.
    """
    mentions = tuple(dates.dates if hasattr(dates, "dates") else dates)
    incident, received = case_dates(mentions, today)
    items: list[TimelineItem] = []
    flags: list[Flag] = []
    statute = ""
    if incident:
        items.append(TimelineItem("incident", incident, "fact"))
    if received:
        items.append(TimelineItem("complaint received", received, "fact"))
    if incident:
        limit_rule = rule_for(jurisdiction, "complaint_time_limit", incident)
        if limit_rule is not None and limit_rule.period is not None:
            statute = limit_rule.statute
            limit = add_period(jurisdiction, incident, limit_rule.period)
            items.append(
                TimelineItem(
                    "complaint time limit",
                    limit,
                    "deadline",
                    citation=limit_rule.citation,
                    overdue=received is None and today > limit,
                    confirmed=limit_rule.confirmed,
                )
            )
            if received and received > limit:
                flags.append(_flag("late_complaint", limit_rule))
    items.sort(key=lambda item: (item.on, item.label))
    return Timeline(jurisdiction, tuple(items), tuple(flags), statute)


def _flag(code: str, rule: Rule) -> Flag:
    return Flag(
        code=code,
        message=rule.flag or f"time limit passed ({rule.citation})",
        citation=rule.citation,
        discretionary=rule.effect == "discretionary",
        confirmed=rule.confirmed,
    )
