"""A letter's starting context from what the case knows: the facts mapped to the letter
model's field names, the signatory last used and the letterhead."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from api.facts import case_facts, key_dates
from api.state import AppState
from core.models import Case, Letter
from correspondence.contexts import LetterContext, context_model_for

_PARTY_OFFICER_ROLES = frozenset({"officer", "subject_officer", "respondent_officer"})


def prefill_context(
    model: type[LetterContext],
    *,
    reference: str,
    jurisdiction: str,
    facts: Mapping[str, Any],
    today: dt.date,
    defaults: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """A starting context for a letter: what the case knows, in the model's field names.

    ``facts`` may hold context keys directly (``complainant``, ``statute``, ...) and/or the
    extraction shape (``allegations`` with ``evidence``, ``dates`` with roles, ``parties``,
    ``police_service``); ``defaults`` (e.g. the organisation of the last letter) fill the rest.
    Nothing is validated here: the coordinator completes and checks the result.
    """
    fields = model.model_fields
    context: dict[str, Any] = {k: v for k, v in (defaults or {}).items() if k in fields}
    context.update({k: v for k, v in facts.items() if k in fields})
    context["reference"] = reference
    context["jurisdiction"] = jurisdiction
    context["letter_date"] = today.isoformat()
    allegations = facts.get("allegations")
    if isinstance(allegations, list):
        context["allegations"] = [
            {"category": a.get("category", ""), "summary": a.get("summary") or a.get("evidence")}
            for a in allegations
            # A "possible" allegation (low score) is for the coordinator to confirm, not for
            # a letter to state.
            if isinstance(a, dict) and not a.get("possible")
        ]
    # The same incident and receipt dates as the case page's timeline (a flagged date, a year
    # far off, is shown on the case page but never used).
    incident, received = key_dates(facts, today)
    if incident is not None:
        context.setdefault("incident_date", incident.isoformat())
    if received is not None:
        context.setdefault("received_date", received.isoformat())
    officers: dict[str, dict[str, Any]] = {}
    for party in facts.get("parties") or []:
        if not isinstance(party, dict) or not party.get("name"):
            continue
        if party.get("role") == "complainant":
            context.setdefault("complainant", party["name"])
            recipient = dict(context.get("recipient") or {})
            recipient.setdefault("name", party["name"])
            context["recipient"] = recipient
        elif party.get("role") in _PARTY_OFFICER_ROLES:
            _merge_officer(officers, party)
    if officers and "officers" not in facts:
        context["officers"] = list(officers.values())
    return context


def _merge_officer(officers: dict[str, dict[str, Any]], party: Mapping[str, Any]) -> None:
    """One row per officer: the same person named in several documents (or once with initials,
    once in full) is merged by surname and first initial, keeping the fullest name and the
    rank and badge any mention gave; words after the name that are not a name (a date in the
    next table column) are dropped."""
    words = [w for w in str(party["name"]).split() if w]
    while len(words) > 1 and _not_a_name_word(words[-1]):
        words.pop()
    name = " ".join(words)
    if not name:
        return
    key = f"{words[0][0].casefold()}|{words[-1].casefold()}" if len(words) > 1 else name.casefold()
    current = officers.get(key)
    if current is None:
        officers[key] = {"name": name, "rank": party.get("rank"), "badge": party.get("badge")}
        return
    if len(name) > len(current["name"]) and "." not in name:
        current["name"] = name
    current["rank"] = current.get("rank") or party.get("rank")
    current["badge"] = current.get("badge") or party.get("badge")


_MONTHS = frozenset(
    [
        "january",
        "february",
        "march",
        "april",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
        "janvier",
        "février",
        "mars",
        "avril",
        "juin",
        "juillet",
        "août",
        "septembre",
        "octobre",
        "novembre",
        "décembre",
    ]
)


def _not_a_name_word(word: str) -> bool:
    bare = word.strip(".,;:").casefold()
    return not bare or bare in _MONTHS or any(ch.isdigit() for ch in bare)


def with_letterhead(state: AppState, context: Mapping[str, Any]) -> dict[str, Any]:
    """The context with the installation's letterhead as its organisation, when one is set."""
    letterhead = state.settings.letterhead
    result = dict(context)
    if letterhead is not None:
        result["organisation"] = letterhead
    return result


def case_prefill(
    session: Session,
    case: Case,
    kind: str,
    variant: str,
    today: dt.date,
    letterhead: Mapping[str, str] | None = None,
) -> dict[str, Any]:
    """``prefill_context`` from the case row, with the signatory last used and the letterhead
    (the installation's, else the organisation of the last letter)."""
    model = context_model_for(kind, variant)
    last = session.execute(select(Letter).order_by(Letter.id.desc()).limit(1)).scalar_one_or_none()
    defaults: dict[str, Any] = {}
    if last is not None:
        defaults = {k: last.context[k] for k in ("organisation", "signatory") if k in last.context}
    if letterhead is not None:
        defaults["organisation"] = dict(letterhead)
    return prefill_context(
        model,
        reference=case.reference,
        jurisdiction=case.jurisdiction,
        facts={
            **case_facts(session, case),
            **{k: v for k, v in (case.facts or {}).items() if k != "corrections"},
        },
        today=today,
        defaults=defaults,
    )
