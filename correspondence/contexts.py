"""Pydantic context models, one per letter kind and variant, naming every variable a template uses.

A context is the trust boundary between what a coordinator types (or the case supplies) and a
template; `context_model_for` is the registry the renderer, the upload check and the CLI share.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated, ClassVar, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationError,
    field_validator,
    model_validator,
)
from pydantic_core import InitErrorDetails, PydanticCustomError

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

# The templates write "Dear {{ salutation }}:" and "{{ salutation }}," themselves, so a typed or
# pasted "Dear Mr. Lee:" would read "Dear Dear Mr. Lee::".
_GREETING = re.compile(r"^(?:dear|cher|chère|chere)\b[\s,:]*", re.IGNORECASE)
_TITLE_ABBREVIATION = re.compile(r"\b(?:Mr|Mrs|Ms|Mx|Dr|Mme|Mlle|M)\.$")
# A provision must read as one in the sentence "under {{ section }} of the Act": "160" alone
# gives "under 160 of"; "s. 160", "section 160(2)", "art. 12" and "paragraph 4" are fine.
_BARE_PROVISION = re.compile(r"^\d+(?:\.\d+)*[A-Za-z]?(?:\(\w+\))*$")


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
    salutation: str | None = Field(
        default=None, description='as it follows "Dear": "Ms. Okafor", "Madame" (no "Dear")'
    )

    @field_validator("salutation")
    @classmethod
    def _without_greeting(cls, value: str | None) -> str | None:
        """Drop a leading "Dear"/"Cher" and the closing punctuation the template adds itself."""
        if value is None:
            return None
        text = _GREETING.sub("", value.strip()).rstrip(" ,:;!")
        # A closing period goes too, unless it ends a title ("Ms." alone is a salutation).
        if text.endswith(".") and not _TITLE_ABBREVIATION.search(text):
            text = text.rstrip(". ")
        return text or None


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
    section: Annotated[
        str,
        StringConstraints(min_length=1),
        Field(description='as it reads after "under": "s. 158(1)", "art. 12"'),
    ]
    signatory: Signatory
    copies_to: list[str] = Field(default_factory=list)

    # Dates this kind of letter announces: each must fall after the letter's own date (a
    # decision "expected by" a day already past is a wrong letter, not a typo to send).
    AFTER_LETTER_DATE: ClassVar[tuple[str, ...]] = ()

    @field_validator("section")
    @classmethod
    def _reads_as_a_provision(cls, value: str) -> str:
        """A bare number reads "under 160 of the Act": ask for "s. 160" or "art. 160"."""
        if _BARE_PROVISION.match(value):
            raise PydanticCustomError(
                "bare_provision",
                'write the provision as it reads in a sentence, e.g. "s. {number}" or '
                '"art. {number}"',
                {"number": value},
            )
        return value

    @model_validator(mode="after")
    def _dates_in_order(self) -> LetterContext:
        """Each error on its own field, so the form shows it beside that field."""
        errors: list[InitErrorDetails] = []

        def refuse(loc: tuple[str | int, ...], value: date, message: str) -> None:
            errors.append(
                InitErrorDetails(
                    type=PydanticCustomError("date_order", message), loc=loc, input=value
                )
            )

        letter_day = self.letter_date
        if self.received_date > letter_day:
            refuse(("received_date",), self.received_date, "is after the letter date")
        if self.incident_date > self.received_date:
            refuse(("incident_date",), self.incident_date, "is after the complaint was received")
        for name in self.AFTER_LETTER_DATE:
            value = getattr(self, name)
            if isinstance(value, date) and value <= letter_day:
                refuse((name,), value, "must be after the letter date")
        review = getattr(self, "review", None)
        if isinstance(review, ReviewRight) and review.deadline <= letter_day:
            refuse(("review", "deadline"), review.deadline, "must be after the letter date")
        pairs = (("original_deadline", "new_deadline"), ("original_date", "new_date"))
        for earlier, later in pairs:
            before, after = getattr(self, earlier, None), getattr(self, later, None)
            if isinstance(before, date) and isinstance(after, date) and after <= before:
                refuse((later,), after, f"must be after the {earlier.replace('_', ' ')}")
        if errors:
            raise ValidationError.from_exception_data(type(self).__name__, errors)
        return self


class AcknowledgementContext(LetterContext):
    AFTER_LETTER_DATE = ("screening_decision_by",)
    screening_decision_by: date
    investigation_period_days: int = Field(gt=0)


class DecisionInvestigateContext(LetterContext):
    AFTER_LETTER_DATE = ("expected_completion",)
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
    AFTER_LETTER_DATE = ("new_deadline",)
    original_deadline: date
    new_deadline: date
    extension_reasons: Annotated[list[Text], Field(min_length=1)]


class NotificationDelayContext(LetterContext):
    AFTER_LETTER_DATE = ("new_date",)
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
