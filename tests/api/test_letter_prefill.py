"""The letter form's starting context: one row per officer, without words that are not a name;
the same incident and receipt dates as the case page."""

from __future__ import annotations

import datetime as dt

from api.facts import case_timeline
from api.letter_prefill import prefill_context
from core.models import Case
from correspondence.contexts import context_model_for


def test_officers_are_merged_and_cleaned() -> None:
    parties = [
        {"role": "subject_officer", "name": "Anjali Raghunathan January", "rank": "Constable"},
        {"role": "subject_officer", "name": "Anjali Raghunathan", "badge": "4471"},
        {"role": "subject_officer", "name": "A. Raghunathan", "rank": "Constable"},
        {"role": "subject_officer", "name": "Tom Reid 14,", "rank": "Sergeant"},
        {"role": "subject_officer", "name": "Tom Reid", "rank": "Sergeant"},
        {"role": "witness", "name": "Pat Doe"},
    ]
    context = prefill_context(
        context_model_for("acknowledgement", "standard"),
        reference="CASE-2026-0001",
        jurisdiction="CA-ON",
        facts={"parties": parties},
        today=dt.date(2026, 3, 3),
    )
    assert context["officers"] == [
        {"name": "Anjali Raghunathan", "rank": "Constable", "badge": "4471"},
        {"name": "Tom Reid", "rank": "Sergeant", "badge": None},
    ]


def test_the_letter_form_and_the_timeline_choose_the_same_receipt_date() -> None:
    """A narrative "received" date on the incident day gives way to the office's later stamp,
    on the case page's timeline and in the letter form alike."""
    facts = {
        "dates": [
            # The stamp at the top of the form, then the narrative.
            {"text": "RECEIVED 2026-01-20", "iso": "2026-01-20", "role": "complaint_received"},
            {"text": "January 14, 2026", "iso": "2026-01-14", "role": "incident"},
            {"text": "January 14, 2026", "iso": "2026-01-14", "role": "complaint_received"},
        ]
    }
    today = dt.date(2026, 3, 3)
    context = prefill_context(
        context_model_for("acknowledgement", "standard"),
        reference="CASE-2026-0001",
        jurisdiction="CA-ON",
        facts=facts,
        today=today,
    )
    case = Case(reference="CASE-2026-0001", title="t", jurisdiction="CA-ON")
    timeline = {item.label: item.on for item in case_timeline(case, facts, today).items}
    assert context["incident_date"] == "2026-01-14"
    assert context["received_date"] == "2026-01-20"
    assert timeline["complaint received"] == dt.date(2026, 1, 20)
    assert timeline["incident"] == dt.date(2026, 1, 14)
