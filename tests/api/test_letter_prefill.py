"""The letter form's starting context: one row per officer, without words that are not a name."""

from __future__ import annotations

import datetime as dt

from api.letters import prefill_context
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
