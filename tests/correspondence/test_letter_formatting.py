"""Language-aware formatting: Babel long dates (with the French "1er"), numbers, labels."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from core.errors import InvalidInput
from core.vocab import ALLEGATION_CATEGORIES
from correspondence.formatting import (
    ALLEGATION_LABELS,
    allegation_label,
    format_long_date,
    locale_for,
    localise,
)


@pytest.mark.parametrize(
    ("value", "locale", "expected"),
    [
        pytest.param(date(2026, 3, 3), "fr_CA", "3 mars 2026", id="fr"),
        pytest.param(date(2026, 7, 1), "fr_CA", "1er juillet 2026", id="fr-first"),
        pytest.param(date(2026, 7, 11), "fr_CA", "11 juillet 2026", id="fr-eleventh"),
        pytest.param(date(2026, 3, 3), "en_CA", "March 3, 2026", id="en-CA"),
        pytest.param(date(2026, 7, 1), "en_CA", "July 1, 2026", id="en-first"),
        pytest.param(date(2026, 3, 3), "en_GB", "3 March 2026", id="en-GB"),
    ],
)
def test_long_dates(value: date, locale: str, expected: str) -> None:
    assert format_long_date(value, locale) == expected


@pytest.mark.parametrize(
    ("lang", "jurisdiction", "expected"),
    [
        pytest.param("en", "CA-ON", "en_CA", id="ontario"),
        pytest.param("fr", "CA-ON", "fr_CA", id="ontario-fr"),
        pytest.param("en", "UK-WLS", "en_GB", id="wales"),
        pytest.param("fr", "UK-ENG", "fr_CA", id="fr-stays-canadian"),
        pytest.param("en", None, "en_CA", id="default"),
    ],
)
def test_locale_for(lang: str, jurisdiction: str | None, expected: str) -> None:
    assert locale_for(lang, jurisdiction) == expected


def test_unknown_language_is_refused() -> None:
    with pytest.raises(InvalidInput):
        locale_for("de")


def test_localise_formats_dates_deep_and_leaves_the_rest() -> None:
    data = {"a": date(2026, 3, 3), "b": [{"c": datetime(2026, 7, 1, 9, 30)}], "n": 3, "s": "x"}
    assert localise(data, "fr_CA") == {
        "a": "3 mars 2026",
        "b": [{"c": "1er juillet 2026"}],
        "n": 3,
        "s": "x",
    }


def test_every_allegation_category_has_both_labels() -> None:
    for lang in ("en", "fr"):
        assert set(ALLEGATION_LABELS[lang]) == set(ALLEGATION_CATEGORIES)
    assert allegation_label("deceit", "fr") == "Tromperie"
