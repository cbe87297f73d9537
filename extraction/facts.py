"""All facts of one document (allegations, dates, parties) and their ``casedesk extract`` JSON.

Allegations need a spaCy parse: the caller passes a Doc of the text (``extract_facts``) or
the allegations it found a window of pages at a time (``facts_with_allegations``), or has
the pages parsed here by window (``facts_for_pages``). Dates and parties need no parse.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

from spacy.tokens import Doc

from core.errors import InvalidInput
from extraction.allegations import Allegation, find_allegations
from extraction.dates import DateMention, find_dates
from extraction.document import PAGE_SEPARATOR
from extraction.nlp import Pipelines
from extraction.page_windows import find_allegations_by_window
from extraction.parties import Parties, Person, find_parties


@dataclass(frozen=True, slots=True)
class Facts:
    """What one document says: who, what was alleged, and when."""

    language: str
    jurisdiction: str
    allegations: tuple[Allegation, ...]
    dates: tuple[DateMention, ...]
    parties: Parties

    @property
    def police_service(self) -> str | None:
        return self.parties.police_service


def extract_facts(
    document_text: str,
    doc: Doc,
    language: str,
    jurisdiction: str,
    *,
    reference_year: int | None = None,
) -> Facts:
    """Facts of ``document_text``; ``doc`` is that same text parsed by the language's pipeline."""
    if doc.text != document_text:
        # Offsets of allegations (from the Doc) and dates (from the text) must agree.
        raise InvalidInput("the spaCy Doc was not parsed from this document text")
    return facts_with_allegations(
        document_text,
        tuple(find_allegations(doc, language)),
        language,
        jurisdiction,
        reference_year=reference_year,
    )


def facts_with_allegations(
    document_text: str,
    allegations: tuple[Allegation, ...],
    language: str,
    jurisdiction: str,
    *,
    reference_year: int | None = None,
) -> Facts:
    """Facts of ``document_text`` given its allegations (found from a parse, perhaps a window
    of pages at a time); dates and parties come from the text itself, so need no parse."""
    dates = find_dates(
        document_text, language, jurisdiction=jurisdiction, reference_year=reference_year
    )
    return Facts(
        language=language,
        jurisdiction=jurisdiction,
        allegations=allegations,
        dates=tuple(_incident_dates_from_allegations(dates, allegations)),
        parties=find_parties(document_text, language),
    )


# The writer going back afterwards ("On May 1 I went back to the station ...") tells a later
# visit: its date is not the incident's, whatever the sentence goes on to complain of.
_LATER_VISIT = re.compile(
    r"\b(?:went|came|got) back\b|\breturned\b|\b(?:suis|sommes|est|sont) (?:retourn|revenu)\w*",
    re.IGNORECASE,
)


def _incident_dates_from_allegations(
    dates: list[DateMention], allegations: tuple[Allegation, ...]
) -> list[DateMention]:
    """A date with no cue of its own, written in the sentence that states an allegation
    ("On March 3, Cst. X punched me"), is when the alleged conduct happened, unless the
    sentence tells of the writer going back later."""
    spans = [
        (a.start, a.end)
        for a in allegations
        if not a.possible and not _LATER_VISIT.search(a.evidence)
    ]
    return [
        replace(d, role="incident")
        if d.role == "other" and any(start <= d.start < end for start, end in spans)
        else d
        for d in dates
    ]


def _person_json(person: Person) -> dict[str, Any]:
    return {
        "role": person.role,
        "name": person.name or None,
        "rank": person.rank or None,
        "badge": person.badge or None,
    }


def _date_json(mention: DateMention) -> dict[str, Any]:
    """``{"text", "iso", "role"}``; a date kept as written but not to be used (a year far in the
    past or future) also has ``"flag"``."""
    found: dict[str, Any] = {"text": mention.text, "iso": mention.iso, "role": mention.role}
    if mention.flag:
        found["flag"] = mention.flag
    return found


def facts_to_json(facts: Facts) -> dict[str, Any]:
    """The object ``casedesk extract --json`` prints under a document's stem (DESIGN.md)."""
    return {
        "allegations": [
            {
                "category": allegation.category,
                "evidence": allegation.evidence,
                "score": allegation.score,
                "possible": allegation.possible,
            }
            for allegation in facts.allegations
        ],
        "dates": [_date_json(mention) for mention in facts.dates],
        "parties": [_person_json(person) for person in facts.parties.all()],
        "police_service": facts.police_service,
        "language": facts.language,
    }


def facts_for_pages(
    page_texts: Sequence[str],
    language: str,
    jurisdiction: str,
    pipelines: Pipelines,
    *,
    reference_year: int | None = None,
) -> Facts:
    """Facts of the document whose pages are ``page_texts`` (offsets in their
    ``PAGE_SEPARATOR`` join), parsed a window of pages at a time so that a big document is
    never parsed whole."""
    return facts_with_allegations(
        PAGE_SEPARATOR.join(page_texts),
        find_allegations_by_window(page_texts, language, pipelines),
        language,
        jurisdiction,
        reference_year=reference_year,
    )
