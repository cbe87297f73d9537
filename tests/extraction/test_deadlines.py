"""Due dates in calendar and working days with each jurisdiction's holidays; timeline flags."""

from __future__ import annotations

from datetime import date

import pytest

from core.errors import InvalidInput
from core.law.calendar import (
    add_months,
    add_working_days,
    foi_due_date,
    is_working_day,
    review_due_date,
)
from extraction.dates import DateMention
from extraction.deadlines import build_timeline


def _mention(iso: str, role: str) -> DateMention:
    return DateMention(iso, iso, role, 0, len(iso))


@pytest.mark.parametrize(
    ("jurisdiction", "received", "extensions", "on_hold", "due"),
    [
        # 20 working days in England skip Christmas Day, Boxing Day and New Year's Day.
        pytest.param("UK-ENG", date(2024, 12, 20), 0, 0, date(2025, 1, 22), id="uk-over-christmas"),
        pytest.param("UK-WLS", date(2025, 3, 3), 0, 0, date(2025, 3, 31), id="uk-plain-month"),
        pytest.param(
            "UK-ENG", date(2025, 3, 3), 20, 0, date(2025, 4, 30), id="uk-extension-working-days"
        ),
        # 30 calendar days; Ontario rolls a weekend deadline to the next business day.
        pytest.param("CA-ON", date(2024, 11, 20), 0, 0, date(2024, 12, 20), id="fippa-weekday"),
        pytest.param(
            "CA-ON", date(2024, 11, 2), 0, 0, date(2024, 12, 2), id="fippa-rolls-from-sunday"
        ),
        pytest.param(
            "CA-ON-MUN", date(2024, 6, 1), 0, 0, date(2024, 7, 2), id="mfippa-rolls-past-canada-day"
        ),
        pytest.param(
            "CA-ON", date(2024, 11, 20), 30, 5, date(2025, 1, 24), id="fippa-extension-and-hold"
        ),
        pytest.param("CA-FED", date(2024, 11, 20), 0, 0, date(2024, 12, 20), id="atia"),
    ],
)
def test_foi_due_date(
    jurisdiction: str, received: date, extensions: int, on_hold: int, due: date
) -> None:
    assert foi_due_date(jurisdiction, received, extensions, on_hold) == due


def test_foi_due_date_refuses_negative_days() -> None:
    with pytest.raises(InvalidInput):
        foi_due_date("CA-ON", date(2024, 1, 1), extensions_days=-1)


@pytest.mark.parametrize(
    ("jurisdiction", "day", "working"),
    [
        pytest.param("CA-ON", date(2024, 2, 19), False, id="ontario-family-day"),
        pytest.param("CA-AB", date(2024, 2, 19), False, id="alberta-family-day"),
        pytest.param("UK-ENG", date(2024, 2, 19), True, id="no-family-day-in-england"),
        pytest.param("UK-ENG", date(2024, 8, 5), True, id="scottish-summer-holiday-is-not-english"),
        pytest.param("UK-ENG", date(2024, 8, 26), False, id="english-summer-bank-holiday"),
        pytest.param("UK-ENG", date(2024, 5, 27), False, id="spring-bank-holiday"),
        pytest.param("CA-ON", date(2024, 3, 16), False, id="saturday"),
    ],
)
def test_working_days(jurisdiction: str, day: date, working: bool) -> None:
    assert is_working_day(jurisdiction, day) is working


def test_add_working_days_counts_from_the_next_day() -> None:
    assert add_working_days("CA-ON", date(2024, 3, 15), 1) == date(2024, 3, 18)
    assert add_working_days("CA-ON", date(2024, 3, 15), 0) == date(2024, 3, 15)


def test_uk_review_due_in_28_days() -> None:
    assert review_due_date("UK-ENG", date(2024, 5, 1)) == date(2024, 5, 29)


@pytest.mark.parametrize(
    ("incident", "received", "statute_word", "flagged"),
    [
        pytest.param("2023-01-10", "2023-09-01", "Police Services Act", True, id="psa-late"),
        pytest.param("2023-01-10", "2023-06-01", "Police Services Act", False, id="psa-in-time"),
        pytest.param("2024-05-01", "2024-12-15", "Community Safety", True, id="cspa-late"),
        pytest.param("2024-03-31", "2024-04-15", "Police Services Act", False, id="psa-last-day"),
    ],
)
def test_timeline_picks_statute_by_incident_date(
    incident: str, received: str, statute_word: str, flagged: bool
) -> None:
    timeline = build_timeline(
        [_mention(incident, "incident"), _mention(received, "complaint_received")],
        "CA-ON",
        date(2025, 1, 1),
    )
    assert statute_word in timeline.statute
    assert bool(timeline.flags) is flagged
    if flagged:
        assert timeline.flags[0].discretionary
    assert [item.label for item in timeline.items if item.kind == "deadline"] == [
        "complaint time limit"
    ]


def test_psa_flag_wording() -> None:
    timeline = build_timeline(
        [_mention("2023-01-10", "incident"), _mention("2023-09-01", "complaint_received")],
        "CA-ON",
        date(2024, 1, 1),
    )
    assert timeline.flags[0].message == (
        "complaint more than six months after the incident (PSA s.60(2), discretionary)"
    )


def test_overdue_when_no_complaint_and_limit_passed() -> None:
    timeline = build_timeline([_mention("2023-01-10", "incident")], "CA-ON", date(2024, 1, 1))
    assert [item.label for item in timeline.overdue] == ["complaint time limit"]
    timeline = build_timeline([_mention("2023-01-10", "incident")], "CA-ON", date(2023, 2, 1))
    assert timeline.overdue == ()


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        pytest.param(date(2023, 8, 31), 6, date(2024, 2, 29), id="clamped-to-leap-february"),
        pytest.param(date(2023, 11, 15), 6, date(2024, 5, 15), id="across-year"),
        pytest.param(date(2024, 1, 31), 12, date(2025, 1, 31), id="one-year"),
    ],
)
def test_add_months(start: date, months: int, expected: date) -> None:
    assert add_months(start, months) == expected


@pytest.mark.parametrize(
    "mentions",
    [
        pytest.param(
            [DateMention("3 March 2999", "2999-03-03", "incident", 0, 12, "implausible_year")],
            id="flagged-by-extraction",
        ),
        # A date rebuilt from stored findings without its flag is checked again.
        pytest.param([_mention("2999-03-03", "incident")], id="far-future-unflagged"),
        pytest.param([_mention("1066-10-14", "incident")], id="far-past-unflagged"),
    ],
)
def test_a_far_year_never_starts_a_deadline(mentions: list[DateMention]) -> None:
    timeline = build_timeline(mentions, "CA-ON", date(2025, 1, 1))
    assert timeline.items == () and timeline.flags == ()


def test_a_flagged_date_gives_way_to_a_usable_one() -> None:
    timeline = build_timeline(
        [
            DateMention("1 Jan 1066", "1066-01-01", "incident", 0, 10, "implausible_year"),
            _mention("2024-06-01", "incident"),
        ],
        "CA-ON",
        date(2025, 1, 1),
    )
    assert [item.on for item in timeline.items if item.label == "incident"] == [date(2024, 6, 1)]
