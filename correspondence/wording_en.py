"""English wording of the v1 letters, in the small line markup that `authoring` turns into DOCX.

One line is one paragraph; ``{%p ...%}`` lines are docxtpl paragraph tags; ``- `` makes a bullet,
``## `` a heading and ``**...**`` bold. Every variable used here must exist in the context model.
"""

from __future__ import annotations

ALLEGATIONS = """\
{%p for a in allegations %}
- **{{ a.category|allegation_label }}:** {{ a.summary }}
{%p endfor %}"""

OFFICERS = "\n".join(
    [
        "{%p if officers %}",
        "The officers involved are:",
        "{%p for o in officers %}",
        "- {% if o.rank %}{{ o.rank }} {% endif %}{{ o.name }}"
        "{% if o.badge %} (badge {{ o.badge }}){% endif %}",
        "{%p endfor %}",
        "{%p endif %}",
    ]
)

REVIEW = "\n".join(
    [
        "{%p if review %}",
        "## Your right to ask for a review",
        "If you disagree with this decision, you may ask {{ review.body }} to review it. Your "
        "request must be received by **{{ review.deadline }}**, that is, within "
        "{{ review.period_days|number }} days of the date you receive this letter. "
        "{{ review.how }}",
        "A late request may not be accepted, so please act promptly. A review is free of charge.",
        "{%p else %}",
        "## If you disagree",
        "The {{ statute }} does not provide for a review of this decision. If you believe the "
        "decision is wrong in law, you may wish to get legal advice about your options.",
        "{%p endif %}",
    ]
)


def _reasons(name: str) -> str:
    return f"{{%p for r in {name} %}}\n- {{{{ r }}}}\n{{%p endfor %}}"


OPENING = (
    "We have reviewed your complaint, received on {{ received_date }}, about the conduct of "
    "officers of the {{ police_service }} during events on {{ incident_date }}."
)

# (kind, variant) -> (subject of the "Re:" line, body)
LETTERS: dict[tuple[str, str], tuple[str, str]] = {
    ("acknowledgement", "standard"): (
        "Acknowledgement of your complaint",
        "\n".join(
            [
                "Thank you for your complaint about the conduct of officers of the "
                "{{ police_service }}. We received it on {{ received_date }}. It concerns "
                "events on {{ incident_date }}. Your file number is {{ reference }}; please "
                "quote it whenever you contact us.",
                "We understand your complaint to include the following allegations:",
                ALLEGATIONS,
                "If we have misunderstood any part of your complaint, please let us know as "
                "soon as possible.",
                "## What happens next",
                "We will review your complaint under {{ section }} of the {{ statute }} to "
                "decide whether it will be investigated and by whom. We expect to send you our "
                "decision in writing by **{{ screening_decision_by }}**.",
                "If your complaint is investigated, the investigation should be completed "
                "within {{ investigation_period_days|number }} days. If it takes longer, we "
                "will write to you to explain why and give you a new date.",
                "The {{ statute }} allows us not to deal with some complaints, for example "
                "when a complaint is made long after the events or is outside our "
                "jurisdiction. If we decide not to deal with yours, we will explain our "
                "reasons and tell you whether you can ask for a review, and by when.",
                "## How to reach us",
                "You can reach us at {{ organisation.phone }} or {{ organisation.email }}. "
                "Please tell us if you need an interpreter, a document in another format or "
                "any other accommodation.",
            ]
        ),
    ),
    ("decision", "investigate"): (
        "Your complaint will be investigated",
        "\n".join(
            [
                OPENING,
                "We have decided that your complaint will be investigated under {{ section }} "
                "of the {{ statute }}. The investigation will cover these allegations:",
                ALLEGATIONS,
                OFFICERS,
                "## Who will investigate",
                "The investigation will be carried out by {{ investigated_by }}. An "
                "investigator may contact you to arrange an interview and to ask for any "
                "documents, photographs or names of witnesses you have. Please keep any such "
                "material safe.",
                "## How long it will take",
                "The investigation should be completed within "
                "{{ investigation_period_days|number }} days. We expect it to be finished by "
                "**{{ expected_completion }}**. If it will take longer, we will write to tell "
                "you why and give you a new date.",
                "When the investigation is finished, you will receive a written report of its "
                "findings and of the decision that follows, with information about any review "
                "you can ask for.",
            ]
        ),
    ),
    ("decision", "frivolous_vexatious"): (
        "Decision not to deal with your complaint",
        "\n".join(
            [
                OPENING,
                "Your complaint raised these allegations:",
                ALLEGATIONS,
                "## Our decision",
                "We have decided not to deal with your complaint because we consider it "
                '{% if ground == "frivolous" %}frivolous{% elif ground == "vexatious" %}'
                "vexatious{% else %}made in bad faith{% endif %}. We make this decision under "
                "{{ section }} of the {{ statute }}.",
                "This decision does not mean that we doubt your experience. It means that the "
                "complaint, as made, cannot go forward under the {{ statute }}.",
                "## Our reasons",
                _reasons("decision_reasons"),
                REVIEW,
            ]
        ),
    ),
    ("decision", "out_of_time"): (
        "Decision not to deal with your complaint (time limit)",
        "\n".join(
            [
                "We have reviewed your complaint about the conduct of officers of the "
                "{{ police_service }}. The events you describe took place on "
                "{{ incident_date }}, and we received your complaint on {{ received_date }}. "
                "Your complaint raised these allegations:",
                ALLEGATIONS,
                "## Our decision",
                "Under {{ section }} of the {{ statute }}, we may decide not to deal with a "
                "complaint made more than {{ time_limit_months|number }} months after the "
                "events it is about. This is a discretion, not an automatic rule: before "
                "deciding, we considered whether there were good reasons for the delay and "
                "whether it is in the public interest to deal with the complaint anyway.",
                "We have decided not to deal with your complaint.",
                "## Our reasons",
                _reasons("decision_reasons"),
                REVIEW,
            ]
        ),
    ),
    ("decision", "no_jurisdiction"): (
        "Your complaint is outside our jurisdiction",
        "\n".join(
            [
                OPENING,
                "Your complaint raised these allegations:",
                ALLEGATIONS,
                "## Our decision",
                "We have decided that we cannot deal with your complaint, because it falls "
                "outside the jurisdiction given to us by {{ section }} of the {{ statute }}.",
                "## Our reasons",
                _reasons("decision_reasons"),
                "{%p if referral_body %}",
                "## Where you can take your concerns",
                "{{ referral_body }} may be able to help you with these concerns."
                "{% if referral_contact %} You can contact them at {{ referral_contact }}."
                "{% endif %}",
                "{%p endif %}",
                REVIEW,
            ]
        ),
    ),
    ("decision", "refer_to_service"): (
        "Your complaint has been referred to the police service",
        "\n".join(
            [
                OPENING,
                "Your complaint raised these concerns:",
                ALLEGATIONS,
                "## Our decision",
                "Your complaint is about the services or the policies of the "
                "{{ police_service }}, rather than the conduct of an individual officer. Under "
                "{{ section }} of the {{ statute }}, a complaint of this kind is dealt with by "
                "the police service itself. We have therefore referred your complaint to "
                "{{ referral_body }}.",
                "## What happens next",
                "{{ referral_body }} is required to deal with your complaint and to tell you in "
                "writing what it has done and why, normally within "
                "{{ response_period_days|number }} days. We will keep your file open until "
                "then.",
                REVIEW,
            ]
        ),
    ),
    ("disposition", "substantiated"): (
        "Outcome of the investigation of your complaint",
        "\n".join(
            [
                "The investigation of your complaint, received on {{ received_date }}, about "
                "the conduct of officers of the {{ police_service }} during events on "
                "{{ incident_date }} is now complete. This letter tells you what the "
                "investigation found and what will happen next.",
                "The investigation examined these allegations:",
                ALLEGATIONS,
                OFFICERS,
                "## What the investigation did",
                "{{ investigation_summary }}",
                "## What the investigation found",
                "Under {{ section }} of the {{ statute }}, the investigation found that the "
                "evidence supports your complaint: the complaint is **substantiated**. In "
                "particular:",
                _reasons("findings"),
                "## What happens next",
                "{{ next_steps }}",
                REVIEW,
            ]
        ),
    ),
    ("disposition", "unsubstantiated"): (
        "Outcome of the investigation of your complaint",
        "\n".join(
            [
                "The investigation of your complaint, received on {{ received_date }}, about "
                "the conduct of officers of the {{ police_service }} during events on "
                "{{ incident_date }} is now complete. This letter tells you what the "
                "investigation found.",
                "The investigation examined these allegations:",
                ALLEGATIONS,
                OFFICERS,
                "## What the investigation did",
                "{{ investigation_summary }}",
                "## What the investigation found",
                "Under {{ section }} of the {{ statute }}, the investigation found that the "
                "evidence does not support your complaint: the complaint is "
                "**unsubstantiated**. This does not mean that we concluded you were not "
                "telling the truth; it means that there was not enough evidence to show "
                "misconduct on the standard the law requires.",
                "## Our reasons",
                _reasons("decision_reasons"),
                REVIEW,
            ]
        ),
    ),
    ("disposition", "informal_resolution"): (
        "Informal resolution of your complaint",
        "\n".join(
            [
                "Thank you for taking part in the informal resolution of your complaint, "
                "received on {{ received_date }}, about the conduct of officers of the "
                "{{ police_service }} during events on {{ incident_date }}. The complaint "
                "concerned these allegations:",
                ALLEGATIONS,
                "## What was agreed",
                "On {{ resolution_date }}, you and the {{ police_service }} agreed to resolve "
                "your complaint informally under {{ section }} of the {{ statute }}, on these "
                "terms:",
                _reasons("resolution_terms"),
                "## What this means",
                "Because your complaint has been resolved, your file is now closed. An "
                "informal resolution is not a finding of misconduct.",
                "If the terms above are not carried out, please contact us at "
                "{{ organisation.phone }} or {{ organisation.email }}, quoting your file number.",
            ]
        ),
    ),
    ("disposition", "withdrawn"): (
        "Withdrawal of your complaint",
        "\n".join(
            [
                "We have received your request of {{ withdrawal_date }} to withdraw your "
                "complaint, received on {{ received_date }}, about the conduct of officers of "
                "the {{ police_service }} during events on {{ incident_date }}. The complaint "
                "concerned these allegations:",
                ALLEGATIONS,
                "## Our decision",
                "{%p if continued_in_public_interest %}",
                "Under {{ section }} of the {{ statute }}, we may continue to deal with a "
                "complaint after it is withdrawn when it is in the public interest to do so. "
                "We have decided that the matters raised are serious enough for the "
                "investigation to continue. You do not have to take part any further, but we "
                "will tell you the outcome.",
                "{%p else %}",
                "In accordance with {{ section }} of the {{ statute }}, we have closed your "
                "file. No further action will be taken on your complaint, and no finding has "
                "been made about the officers' conduct.",
                "{%p endif %}",
                "If anyone pressured you to withdraw your complaint, please contact us right "
                "away at {{ organisation.phone }}.",
            ]
        ),
    ),
    ("notification", "extension"): (
        "The investigation of your complaint will take longer",
        "\n".join(
            [
                "We are writing about the investigation of your complaint, received on "
                "{{ received_date }}, about the conduct of officers of the "
                "{{ police_service }} during events on {{ incident_date }}.",
                "We had expected to complete the investigation by {{ original_deadline }}. The "
                "time for the investigation has been extended under {{ section }} of the "
                "{{ statute }}, and we now expect to complete it by **{{ new_deadline }}**.",
                "## Why more time is needed",
                _reasons("extension_reasons"),
                "We are sorry for the delay. We will write to you again when the "
                "investigation is finished, or sooner if anything changes.",
            ]
        ),
    ),
    ("notification", "delay"): (
        "Delay in dealing with your complaint",
        "\n".join(
            [
                "We are writing to let you know that there will be a delay in dealing with "
                "your complaint, received on {{ received_date }}, about the conduct of "
                "officers of the {{ police_service }} during events on {{ incident_date }}.",
                "We had told you that we expected to reach the next stage by "
                "{{ original_date }}. The new date is **{{ new_date }}**.",
                "## Reasons for the delay",
                _reasons("delay_reasons"),
                "The {{ statute }} ({{ section }}) requires us to keep you informed of the "
                "progress of your complaint. We are sorry for the delay and will write to you "
                "again if the date changes.",
            ]
        ),
    ),
    ("outcome", "upheld"): (
        "Outcome of your request for review",
        "\n".join(
            [
                "We have completed the review you asked for on {{ review_request_date }} of "
                "{{ decision_reviewed }}, dated {{ decision_reviewed_date }}. The decision "
                "concerned your complaint about the conduct of officers of the "
                "{{ police_service }} during events on {{ incident_date }}, which raised these "
                "allegations:",
                ALLEGATIONS,
                "## Our decision",
                "Under {{ section }} of the {{ statute }}, we have **upheld** your request for "
                "review. This means that we agree with you that the decision should not "
                "stand.",
                "## Our reasons",
                _reasons("decision_reasons"),
                "## What will be done",
                _reasons("remedial_action"),
                "We will write to you again when these steps have been taken.",
            ]
        ),
    ),
    ("outcome", "not_upheld"): (
        "Outcome of your request for review",
        "\n".join(
            [
                "We have completed the review you asked for on {{ review_request_date }} of "
                "{{ decision_reviewed }}, dated {{ decision_reviewed_date }}. The decision "
                "concerned your complaint about the conduct of officers of the "
                "{{ police_service }} during events on {{ incident_date }}, which raised these "
                "allegations:",
                ALLEGATIONS,
                "## Our decision",
                "Under {{ section }} of the {{ statute }}, we have **not upheld** your request "
                "for review. This means that the decision stands.",
                "## Our reasons",
                _reasons("decision_reasons"),
                "## What you can do next",
                "This decision ends the review process under the {{ statute }}. You may still "
                "have these options:",
                _reasons("next_options"),
            ]
        ),
    ),
}

# The parts every letter shares, keyed by role.
FRAME: dict[str, str] = {
    "phone": "Tel.",
    "our_file": "Our file:",
    "confidential": "PERSONAL AND CONFIDENTIAL",
    "re": "Re:",
    "complainant": "Complainant:",
    "file": "file",
    "salutation": "Dear {{ recipient.salutation or recipient.name }}:",
    "closing": "Yours truly,",
    "copies": "c:",
    "page": "Page",
}
