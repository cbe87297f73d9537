"""Pydantic context models, one per letter kind and variant, naming every variable a template uses.

A context is the trust boundary between what a coordinator types (or the case supplies) and a
template; `context_model_for` is the registry the renderer, the upload check and the CLI share.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from core.errors import InvalidInput
from core.vocab import LETTER_VARIANTS

# Literal types mirror core.vocab so a wrong code fails validation with the allowed values listed.
AllegationCategory = Literal[
    "use_of_force",
    "unlawful_arrest_or_detention",
    "unlawful_search_or_seizure",
    "discourtesy",
    "discrimination",
    "neglect_of_duty",
    "deceit",
    "breach_of_confidence",
    "corrupt_practice",
    "damage_to_property",
    "sexual_misconduct",
    "harassment_or_intimidation",
    "service_or_policy",
]
Jurisdiction = Literal["CA-ON", "CA-ON-MUN", "CA-AB", "CA-FED", "UK-ENG", "UK-WLS"]

# Required text and lists must hold something: an empty name is as missing as an absent one.
Text = Annotated[str, StringConstraints(min_length=1)]


class _Model(BaseModel):
    # Extra keys are ignored so one sample file can serve every variant of a kind; values are
    # frozen because a context is recorded with the letter it produced.
    model_config = ConfigDict(extra="ignore", frozen=True, str_strip_whitespace=True)


class Organisation(_Model):
    name: Text
    address: Text
    phone: Text
    email: Text
    website: str | None = None


class Recipient(_Model):
    name: Text
    address_lines: Annotated[list[Text], Field(min_length=1)]
    # Form of address without "Dear" or punctuation ("Ms. Okafor", "Madame"); the templates fall
    # back to the name (English) or "Madame, Monsieur" (French).
    salutation: str | None = None


class Officer(_Model):
    name: Text
    rank: str | None = None
    badge: str | None = None


class Allegation(_Model):
    category: AllegationCategory
    summary: Text


class Signatory(_Model):
    name: Text
    title: Text


class ReviewRight(_Model):
    """Who reviews the decision, by when the request must arrive and how to make it."""

    body: Text
    deadline: date
    period_days: int = Field(gt=0)
    how: Text


class LetterContext(_Model):
    """The case facts every letter shares."""

    organisation: Organisation
    letter_date: date
    reference: Text
    recipient: Recipient
    complainant: Text
    police_service: Text
    officers: list[Officer] = Field(default_factory=list)
    allegations: Annotated[list[Allegation], Field(min_length=1)]
    incident_date: date
    received_date: date
    jurisdiction: Jurisdiction
    statute: Text
    # The provision this letter acts under ("s. 60(2)", "art. 12"): cited in the body.
    section: Text
    signatory: Signatory
    copies_to: list[str] = Field(default_factory=list)


class AcknowledgementContext(LetterContext):
    screening_decision_by: date
    investigation_period_days: int = Field(gt=0)


class DecisionInvestigateContext(LetterContext):
    investigated_by: Text
    expected_completion: date
    investigation_period_days: int = Field(gt=0)


class DecisionFrivolousVexatiousContext(LetterContext):
    ground: Literal["frivolous", "vexatious", "bad_faith"]
    decision_reasons: Annotated[list[Text], Field(min_length=1)]
    review: ReviewRight | None = None


class DecisionOutOfTimeContext(LetterContext):
    time_limit_months: int = Field(gt=0)
    decision_reasons: Annotated[list[Text], Field(min_length=1)]
    review: ReviewRight | None = None


class DecisionNoJurisdictionContext(LetterContext):
    decision_reasons: Annotated[list[Text], Field(min_length=1)]
    referral_body: str | None = None
    referral_contact: str | None = None
    review: ReviewRight | None = None


class DecisionReferToServiceContext(LetterContext):
    referral_body: Text
    response_period_days: int = Field(gt=0)
    review: ReviewRight | None = None


class DispositionSubstantiatedContext(LetterContext):
    investigation_summary: Text
    findings: Annotated[list[Text], Field(min_length=1)]
    next_steps: Text
    review: ReviewRight | None = None


class DispositionUnsubstantiatedContext(LetterContext):
    investigation_summary: Text
    decision_reasons: Annotated[list[Text], Field(min_length=1)]
    review: ReviewRight | None = None


class DispositionInformalResolutionContext(LetterContext):
    resolution_date: date
    resolution_terms: Annotated[list[Text], Field(min_length=1)]


class DispositionWithdrawnContext(LetterContext):
    withdrawal_date: date
    # Some statutes let the director continue a withdrawn complaint in the public interest.
    continued_in_public_interest: bool = False


class NotificationExtensionContext(LetterContext):
    original_deadline: date
    new_deadline: date
    extension_reasons: Annotated[list[Text], Field(min_length=1)]


class NotificationDelayContext(LetterContext):
    original_date: date
    new_date: date
    delay_reasons: Annotated[list[Text], Field(min_length=1)]


class _OutcomeContext(LetterContext):
    review_request_date: date
    decision_reviewed: Text
    decision_reviewed_date: date
    decision_reasons: Annotated[list[Text], Field(min_length=1)]


class OutcomeUpheldContext(_OutcomeContext):
    remedial_action: Annotated[list[Text], Field(min_length=1)]


class OutcomeNotUpheldContext(_OutcomeContext):
    next_options: Annotated[list[Text], Field(min_length=1)]


# A dict is the registry (CONVENTIONS: no discovery): (kind, variant) -> model.
CONTEXT_MODELS: dict[tuple[str, str], type[LetterContext]] = {
    ("acknowledgement", "standard"): AcknowledgementContext,
    ("decision", "investigate"): DecisionInvestigateContext,
    ("decision", "frivolous_vexatious"): DecisionFrivolousVexatiousContext,
    ("decision", "out_of_time"): DecisionOutOfTimeContext,
    ("decision", "no_jurisdiction"): DecisionNoJurisdictionContext,
    ("decision", "refer_to_service"): DecisionReferToServiceContext,
    ("disposition", "substantiated"): DispositionSubstantiatedContext,
    ("disposition", "unsubstantiated"): DispositionUnsubstantiatedContext,
    ("disposition", "informal_resolution"): DispositionInformalResolutionContext,
    ("disposition", "withdrawn"): DispositionWithdrawnContext,
    ("notification", "extension"): NotificationExtensionContext,
    ("notification", "delay"): NotificationDelayContext,
    ("outcome", "upheld"): OutcomeUpheldContext,
    ("outcome", "not_upheld"): OutcomeNotUpheldContext,
}


def context_model_for(kind: str, variant: str) -> type[LetterContext]:
    """The context model of a letter kind and variant; InvalidInput for an unknown pair."""
    try:
        return CONTEXT_MODELS[(kind, variant)]
    except KeyError:
        known = ", ".join(f"{k}/{v}" for k, vs in LETTER_VARIANTS.items() for v in vs)
        raise InvalidInput(
            f"unknown letter kind/variant {kind}/{variant}; known: {known}",
            kind=kind,
            variant=variant,
        ) from None


def template_variables(model: type[BaseModel]) -> frozenset[str]:
    """The top-level names a template of this model may use (what the contract test compares)."""
    return frozenset(model.model_fields)
