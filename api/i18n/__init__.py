"""Interface strings in English and French, and which language a page is shown in.

The language is chosen once (the switch in the header sets a cookie) and remembered; before
that it follows the browser's Accept-Language. A page may still be asked for in the other
language with ``?lang=`` (links shared between colleagues keep working). Letters have their
own language (the template's); that is never the interface language.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Final

from starlette.requests import Request

from api.i18n.cases import CASE_STRINGS
from api.i18n.common import COMMON_STRINGS
from api.i18n.foi import FOI_STRINGS
from api.i18n.letters import LETTER_STRINGS

LANGUAGES: Final = ("en", "fr")
LANGUAGE_COOKIE: Final = "casedesk_lang"
DEFAULT_LANGUAGE: Final = "en"


def _merge(*parts: dict[str, dict[str, str]]) -> dict[str, dict[str, str]]:
    merged: dict[str, dict[str, str]] = {lang: {} for lang in LANGUAGES}
    for part in parts:
        for lang in LANGUAGES:
            clash = merged[lang].keys() & part[lang].keys()
            if clash:
                raise RuntimeError(f"interface strings defined twice: {sorted(clash)}")
            merged[lang].update(part[lang])
    return merged


STRINGS: Final[dict[str, dict[str, str]]] = _merge(
    COMMON_STRINGS, FOI_STRINGS, CASE_STRINGS, LETTER_STRINGS
)


def strings_for(lang: str) -> dict[str, str]:
    return STRINGS.get(lang, STRINGS[DEFAULT_LANGUAGE])


def browser_language(accept_language: str) -> str:
    """The first of our languages in an Accept-Language header, by its q weight."""
    ranked: list[tuple[float, int, str]] = []
    for position, item in enumerate(accept_language.split(",")):
        tag, _, params = item.strip().partition(";")
        weight = 1.0
        if params.strip().startswith("q="):
            try:
                weight = float(params.strip()[2:])
            except ValueError:
                weight = 0.0
        primary = tag.strip().lower().split("-")[0]
        if primary in LANGUAGES and weight > 0:
            ranked.append((-weight, position, primary))
    return min(ranked)[2] if ranked else DEFAULT_LANGUAGE


def language_of(request: Request, asked: str | None = None) -> str:
    """The interface language: ``?lang=`` if given, else the remembered one, else the browser's."""
    if asked in LANGUAGES:
        return str(asked)
    chosen = request.cookies.get(LANGUAGE_COOKIE)
    if chosen in LANGUAGES:
        return str(chosen)
    return browser_language(request.headers.get("accept-language", ""))


def status_labeller(strings: dict[str, str]) -> Callable[[str | None], str]:
    """A function for templates: a status word in the page's language (unknown ones readable)."""

    def label(status: str | None) -> str:
        if not status:
            return ""
        return strings.get(f"status_{status}", status.replace("_", " "))

    return label
