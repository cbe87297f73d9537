"""Language-aware formatting for letters: Babel locales, long dates, numbers, allegation labels.

Dates are formatted before rendering (a letter never shows an ISO date); numbers stay numbers so
templates can compare them, and the ``number`` filter formats them.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from babel.dates import format_date
from babel.numbers import format_decimal

from core.errors import InvalidInput
from core.vocab import LANGUAGES

# Canadian usage by default ("March 3, 2026", "3 mars 2026"); UK bodies write "3 March 2026".
_DEFAULT_LOCALES: dict[str, str] = {"en": "en_CA", "fr": "fr_CA"}
_UK_PREFIX = "UK-"

ALLEGATION_LABELS: dict[str, dict[str, str]] = {
    "en": {
        "use_of_force": "Use of force",
        "unlawful_arrest_or_detention": "Unlawful arrest or detention",
        "unlawful_search_or_seizure": "Unlawful search or seizure",
        "discourtesy": "Discourtesy",
        "discrimination": "Discrimination",
        "neglect_of_duty": "Neglect of duty",
        "deceit": "Deceit",
        "breach_of_confidence": "Breach of confidence",
        "corrupt_practice": "Corrupt practice",
        "damage_to_property": "Damage to property",
        "sexual_misconduct": "Sexual misconduct",
        "harassment_or_intimidation": "Harassment or intimidation",
        "service_or_policy": "Service or policy of the police service",
    },
    "fr": {
        "use_of_force": "Recours à la force",
        "unlawful_arrest_or_detention": "Arrestation ou détention illégale",
        "unlawful_search_or_seizure": "Fouille, perquisition ou saisie illégale",
        "discourtesy": "Manque de courtoisie",
        "discrimination": "Discrimination",
        "neglect_of_duty": "Négligence dans l'exercice des fonctions",
        "deceit": "Tromperie",
        "breach_of_confidence": "Manquement à la confidentialité",
        "corrupt_practice": "Pratique de corruption",
        "damage_to_property": "Dommages matériels",
        "sexual_misconduct": "Inconduite sexuelle",
        "harassment_or_intimidation": "Harcèlement ou intimidation",
        "service_or_policy": "Services ou politiques du service de police",
    },
}


def check_language(lang: str) -> str:
    """Return ``lang`` if it is one of core.vocab.LANGUAGES, else raise InvalidInput."""
    if lang not in LANGUAGES:
        raise InvalidInput(f"unknown language {lang!r}; known: {', '.join(LANGUAGES)}", lang=lang)
    return lang


def locale_for(lang: str, jurisdiction: str | None = None) -> str:
    """The Babel locale of a letter: Canadian English/French, British English for UK bodies."""
    check_language(lang)
    if lang == "en" and jurisdiction is not None and jurisdiction.startswith(_UK_PREFIX):
        return "en_GB"
    return _DEFAULT_LOCALES[lang]


def format_long_date(value: date, locale: str) -> str:
    """``3 mars 2026`` (fr_CA), ``March 3, 2026`` (en_CA), ``3 March 2026`` (en_GB)."""
    text = str(format_date(value, format="long", locale=locale))
    # French writes the first of the month as an ordinal ("1er juillet"); CLDR does not.
    if locale.startswith("fr") and value.day == 1 and text.startswith("1 "):
        text = "1er" + text[1:]
    return text


def format_number(value: int | float | Decimal, locale: str) -> str:
    """Grouping and decimal marks of the locale: ``12 345,5`` in French, ``12,345.5`` in English."""
    return str(format_decimal(value, locale=locale))


def allegation_label(category: str, lang: str) -> str:
    """The plain-language name of an allegation category; the code itself if it is unknown."""
    return ALLEGATION_LABELS[check_language(lang)].get(category, category)


def localise(value: Any, locale: str) -> Any:
    """Recursively replace dates with their long form; everything else is left as it is."""
    # datetime is a date subclass: letters show the day only.
    if isinstance(value, datetime):
        return format_long_date(value.date(), locale)
    if isinstance(value, date):
        return format_long_date(value, locale)
    if isinstance(value, Mapping):
        return {key: localise(item, locale) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [localise(item, locale) for item in value]
    return value
