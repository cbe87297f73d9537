"""Context rules that keep a letter from reading wrong: "Dear Dear", "under 160 of", a promised
date already past. Each refused value is reported on its own field for the form to show."""

from __future__ import annotations

from typing import Any

import pytest

from core.errors import AppError
from correspondence.contexts import context_model_for
from correspondence.render import validate_context
from correspondence.samples import read_sample


def _refusal(kind: str, variant: str, **changes: Any) -> dict[str, str]:
    context = {**read_sample(kind, variant, "en"), **changes}
    with pytest.raises(AppError) as caught:
        validate_context(context, context_model_for(kind, variant))
    fields = caught.value.details["fields"]
    assert isinstance(fields, dict)
    return fields


@pytest.mark.parametrize(
    ("typed", "kept"),
    [
        ("Dear Mr. Lee:", "Mr. Lee"),
        ("dear Ms. Okafor,", "Ms. Okafor"),
        ("Chère Madame,", "Madame"),
        ("Ms.", "Ms."),
        ("Mr. Lee.", "Mr. Lee"),
        ("Dear ", None),
    ],
)
def test_salutation_loses_the_greeting_the_template_writes(typed: str, kept: str | None) -> None:
    context = read_sample("acknowledgement", "standard", "en")
    context["recipient"] = {**context["recipient"], "salutation": typed}
    model = validate_context(context, context_model_for("acknowledgement", "standard"))
    assert model.recipient.salutation == kept


@pytest.mark.parametrize("bare", ["160", "160(2)", "25.1"])
def test_a_bare_number_is_not_a_provision(bare: str) -> None:
    fields = _refusal("acknowledgement", "standard", section=bare)
    assert "s. " in fields["section"]


@pytest.mark.parametrize("section", ["s. 160", "section 160(2)", "art. 12", "paragraph 4"])
def test_a_provision_in_words_is_accepted(section: str) -> None:
    context = {**read_sample("acknowledgement", "standard", "en"), "section": section}
    validate_context(context, context_model_for("acknowledgement", "standard"))


def test_an_expected_date_before_the_letter_date_is_refused_on_its_field() -> None:
    fields = _refusal("decision", "investigate", expected_completion="2026-01-02")
    assert fields == {"expected_completion": "must be after the letter date"}
    fields = _refusal("acknowledgement", "standard", screening_decision_by="2026-03-03")
    assert set(fields) == {"screening_decision_by"}


def test_received_after_the_letter_and_incident_after_receipt_are_refused() -> None:
    fields = _refusal(
        "acknowledgement", "standard", received_date="2026-04-01", incident_date="2026-05-01"
    )
    assert set(fields) == {"received_date", "incident_date"}


def test_a_new_deadline_must_follow_the_original() -> None:
    sample = read_sample("notification", "extension", "en")
    fields = _refusal("notification", "extension", new_deadline=sample["original_deadline"])
    assert "new_deadline" in fields
