"""Due dates by jurisdiction: periods in calendar or working days from the rule packs.

Working days skip weekends and the public holidays of the pack's calendar (``holidays``
package). One home for the arithmetic, used by case timelines (``extraction.deadlines``) and
FOI requests (``api.foi.requests``).
"""

from __future__ import annotations

import calendar
from datetime import date, timedelta
from functools import lru_cache
from typing import Any

import holidays

from core.errors import InvalidInput, NotFound
from core.law.packs import Period, holiday_calendar, rule_for


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
