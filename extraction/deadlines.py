"""Case timelines: due dates from the jurisdiction rule packs, in calendar or working days.

Working days skip weekends and the public holidays of the pack's calendar (``holidays``
package); a flag such as a late complaint is a prompt for a person, never a rejection.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from typing import Any

import holidays

from core.errors import InvalidInput, NotFound
from core.law.packs import Period, Rule, holiday_calendar, rule_for
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


@lru_cache(maxsize=64)
def _holiday_set(jurisdiction: str, year: int) -> frozenset[date]:
    source = holiday_calendar(jurisdiction)
    table: Any = holidays.country_holidays(
        source.country, subdiv=source.subdivision, years=(year, year + 1)
    )
    return frozenset(table.keys())


def is_working_day(jurisdiction: str, day: date) -> bool:
    """Monday to Friday and not a public holiday of the jurisdiction."""
    return day.weekday() < 5 and day not in _holiday_set(jurisdiction, day.year)


def add_working_days(jurisdiction: str, start: date, days: int) -> date:
    """The ``days``-th working day after ``start`` (``start`` itself is day 0)."""
    if days < 0:
        raise InvalidInput("working days must not be negative")
    current = start
    counted = 0
    while counted < days:
        current += timedelta(days=1)
        if is_working_day(jurisdiction, current):
            counted += 1
    return current


def next_working_day(jurisdiction: str, day: date) -> date:
    """``day`` itself when it is a working day, else the next one."""
    while not is_working_day(jurisdiction, day):
        day += timedelta(days=1)
    return day


def add_months(start: date, months: int) -> date:
    """Same day ``months`` later, clamped to the month's end (31 Aug + 6 months = 28/29 Feb)."""
    index = start.month - 1 + months
    year, month = start.year + index // 12, index % 12 + 1
    return date(year, month, min(start.day, calendar.monthrange(year, month)[1]))


def add_period(jurisdiction: str, start: date, period: Period, *, roll: bool = False) -> date:
    """``start`` plus ``period``; with ``roll``, a deadline on a holiday moves to a working day."""
    if period.unit == "working_days":
        return add_working_days(jurisdiction, start, period.amount)
    if period.unit == "calendar_days":
        due = start + timedelta(days=period.amount)
    elif period.unit == "months":
        due = add_months(start, period.amount)
    else:
        due = add_months(start, 12 * period.amount)
    return next_working_day(jurisdiction, due) if roll else due


def foi_due_date(
    jurisdiction: str,
    received_on: date,
    extensions_days: int = 0,
    on_hold_days: int = 0,
    *,
    on_date: date | None = None,
) -> date:
    """When an FOI answer is due: the pack's response period from the day of receipt.

    Extensions are counted in the rule's own unit (working days in the UK); days on hold
    (fee estimate unpaid, clarification awaited) stop the clock and are added as calendar
    days. ``on_date`` picks the statute in force (default: the day of receipt).
    """
    if extensions_days < 0 or on_hold_days < 0:
        raise InvalidInput("extensions and days on hold must not be negative")
    rule = rule_for(jurisdiction, "foi_response", on_date or received_on)
    if rule is None or rule.period is None:
        raise NotFound(f"no FOI response rule for {jurisdiction} on {received_on}")
    period = Period(amount=rule.period.amount + extensions_days, unit=rule.period.unit)
    due = add_period(jurisdiction, received_on, period)
    if on_hold_days:
        due += timedelta(days=on_hold_days)
    if rule.roll_to_business_day or period.unit == "working_days":
        due = next_working_day(jurisdiction, due)
    return due


def review_due_date(jurisdiction: str, notified_on: date) -> date:
    """Last day to ask for a review of a complaint outcome (UK: 28 days, reg. 29(2))."""
    rule = rule_for(jurisdiction, "review_window", notified_on)
    if rule is None or rule.period is None:
        raise NotFound(f"no review window rule for {jurisdiction} on {notified_on}")
    return add_period(jurisdiction, notified_on, rule.period, roll=rule.roll_to_business_day)


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
