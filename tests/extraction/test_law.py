"""Jurisdiction rule packs: every code has a valid pack; rules answer by effective date."""

from __future__ import annotations

from datetime import date

import pytest

from core.errors import InvalidInput, NotFound
from core.law.packs import (
    exemption_code_for,
    holiday_calendar,
    load_all_packs,
    rule_for,
    rules_for,
)
from core.vocab import ENTITY_TYPES, JURISDICTIONS


def test_every_jurisdiction_has_a_valid_pack() -> None:
    packs = load_all_packs()
    assert set(JURISDICTIONS) <= set(packs)
    for pack in packs.values():
        for rule in pack.rules:
            assert rule.statute and rule.section


@pytest.mark.parametrize(
    ("on", "statute_word", "body"),
    [
        pytest.param(date(2024, 3, 31), "Police Services Act", "OIPRD", id="last-day-of-psa"),
        pytest.param(
            date(2024, 4, 1), "Community Safety and Policing Act", "LECA", id="first-day-of-cspa"
        ),
    ],
)
def test_ontario_switches_statute_on_2024_04_01(on: date, statute_word: str, body: str) -> None:
    limit = rule_for("CA-ON", "complaint_time_limit", on)
    oversight = rule_for("CA-ON", "oversight_body", on)
    assert limit is not None and statute_word in limit.statute
    assert oversight is not None and oversight.value is not None and body in oversight.value


def test_psa_six_month_limit_is_discretionary_and_cited() -> None:
    rule = rule_for("CA-ON", "complaint_time_limit", date(2023, 1, 1))
    assert rule is not None and rule.period is not None
    assert (rule.period.amount, rule.period.unit) == (6, "months")
    assert rule.effect == "discretionary"
    assert rule.section == "s. 60(2)"
    assert rule.flag is not None and "discretionary" in rule.flag


@pytest.mark.parametrize(
    ("jurisdiction", "section", "amount", "unit"),
    [
        pytest.param("CA-ON", "s. 26", 30, "calendar_days", id="fippa"),
        pytest.param("CA-ON-MUN", "s. 19", 30, "calendar_days", id="mfippa"),
        pytest.param("UK-ENG", "s. 10", 20, "working_days", id="foia-england"),
        pytest.param("UK-WLS", "s. 10", 20, "working_days", id="foia-wales"),
        pytest.param("CA-FED", "s. 7", 30, "calendar_days", id="atia-federal"),
    ],
)
def test_foi_response_periods(jurisdiction: str, section: str, amount: int, unit: str) -> None:
    rule = rule_for(jurisdiction, "foi_response", date(2025, 1, 15))
    assert rule is not None and rule.period is not None
    assert (rule.section, rule.period.amount, rule.period.unit) == (section, amount, unit)


@pytest.mark.parametrize(
    ("jurisdiction", "on", "code"),
    [
        pytest.param("CA-ON", None, "s.21(1)", id="fippa"),
        pytest.param("CA-ON-MUN", None, "s.14(1)", id="mfippa"),
        pytest.param("UK-ENG", None, "s.40(2)", id="foia"),
        pytest.param("CA-FED", None, "s.19(1)", id="atia"),
        pytest.param("CA-AB", date(2024, 6, 1), "s.17(1)", id="alberta-foip"),
    ],
)
def test_exemption_codes(jurisdiction: str, on: date | None, code: str) -> None:
    assert exemption_code_for(jurisdiction, "PERSON", on) == code
    for entity_type in ENTITY_TYPES:
        # A type may cite more (Ontario's medical presumption), never less.
        assert exemption_code_for(jurisdiction, entity_type, on).startswith(code)


def test_ontario_medical_information_cites_the_presumption() -> None:
    assert exemption_code_for("CA-ON", "MEDICAL") == "s.21(1), s.21(3)(a)"
    assert exemption_code_for("CA-ON-MUN", "MEDICAL") == "s.14(1), s.14(3)(a)"


def test_alberta_new_act_exemption_is_marked_unconfirmed() -> None:
    rules = [rule for rule in rules_for("CA-AB", date(2025, 9, 1)) if rule.kind == "exemption"]
    assert rules and all("Access to Information Act" in rule.statute for rule in rules)
    assert not any(rule.confirmed for rule in rules)


def test_uk_review_window_is_28_days_under_reg_29_2() -> None:
    rule = rule_for("UK-ENG", "review_window", date(2024, 5, 1))
    assert rule is not None and rule.period is not None
    assert (rule.period.amount, rule.section) == (28, "reg. 29(2)")


@pytest.mark.parametrize(
    ("jurisdiction", "country", "subdivision"),
    [
        pytest.param("CA-ON", "CA", "ON", id="ontario"),
        pytest.param("CA-AB", "CA", "AB", id="alberta"),
        pytest.param("UK-ENG", "GB", "ENG", id="england"),
        pytest.param("UK-WLS", "GB", "WLS", id="wales"),
    ],
)
def test_holiday_calendars(jurisdiction: str, country: str, subdivision: str) -> None:
    calendar = holiday_calendar(jurisdiction)
    assert (calendar.country, calendar.subdivision) == (country, subdivision)


def test_unknown_jurisdiction_and_entity_type_are_refused() -> None:
    with pytest.raises(NotFound):
        rules_for("XX-YY", date(2024, 1, 1))
    with pytest.raises(InvalidInput):
        exemption_code_for("CA-ON", "SHOE_SIZE")
