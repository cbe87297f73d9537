"""French (Canadian usage) wording of the v1 letters, in the line markup of `wording_en`.

Citations are parenthetical ("(Loi ..., par. 60(2))") so that no article has to agree with a
statute or police service name that comes from the context.
"""

from __future__ import annotations

NBSP = "\u00a0"

ALLEGATIONS = f"""\
{{%p for a in allegations %}}
- **{{{{ a.category|allegation_label }}}}{NBSP}:** {{{{ a.summary }}}}
{{%p endfor %}}"""

OFFICERS = "\n".join(
    [
        "{%p if officers %}",
        f"Policiers en cause{NBSP}:",
        "{%p for o in officers %}",
        "- {% if o.rank %}{{ o.rank }} {% endif %}{{ o.name }}"
        "{% if o.badge %} (matricule {{ o.badge }}){% endif %}",
        "{%p endfor %}",
        "{%p endif %}",
    ]
)

REVIEW = "\n".join(
    [
        "{%p if review %}",
        "## Votre droit de demander une révision",
        "Si vous êtes en désaccord avec cette décision, vous pouvez en demander la révision "
        "({{ review.body }}). Votre demande doit être reçue au plus tard le "
        "**{{ review.deadline }}**, soit dans les {{ review.period_days|number }} jours suivant "
        "la réception de la présente lettre. {{ review.how }}",
        f"Une demande tardive pourrait être refusée{NBSP}: nous vous invitons donc à agir "
        "rapidement. La révision est gratuite.",
        "{%p else %}",
        "## Si vous êtes en désaccord",
        "La loi applicable ({{ statute }}) ne prévoit pas de révision de cette décision. Si vous "
        "estimez que la décision est erronée en droit, vous pourriez consulter un conseiller "
        "juridique au sujet de vos recours.",
        "{%p endif %}",
    ]
)


def _items(name: str) -> str:
    return f"{{%p for r in {name} %}}\n- {{{{ r }}}}\n{{%p endfor %}}"


CITATION = "({{ statute }}, {{ section }})"
FACTS = (
    "reçue le {{ received_date }}, au sujet de la conduite de policiers "
    "({{ police_service }}) lors d’événements survenus le {{ incident_date }}"
)
OPENING = f"Nous avons examiné votre plainte, {FACTS}."

# (kind, variant) -> (objet, corps)
LETTERS: dict[tuple[str, str], tuple[str, str]] = {
    ("acknowledgement", "standard"): (
        "Accusé de réception de votre plainte",
        "\n".join(
            [
                "Nous vous remercions de votre plainte au sujet de la conduite de policiers "
                "({{ police_service }}). Nous l’avons reçue le {{ received_date }}. Elle porte "
                "sur des événements survenus le {{ incident_date }}. Votre numéro de dossier est "
                "le {{ reference }} : veuillez l’indiquer dans toute communication avec nous.",
                "Nous comprenons que votre plainte comporte les allégations suivantes :",
                ALLEGATIONS,
                "Si nous avons mal compris un élément de votre plainte, veuillez nous en "
                "informer dès que possible.",
                "## Prochaines étapes",
                f"Nous examinerons votre plainte en vertu de la loi applicable {CITATION} afin "
                "de décider si elle fera l’objet d’une enquête et, le cas échéant, par qui. "
                "Nous prévoyons vous communiquer notre décision par écrit au plus tard le "
                "**{{ screening_decision_by }}**.",
                "Si votre plainte fait l’objet d’une enquête, celle-ci devrait être terminée "
                "dans un délai de {{ investigation_period_days|number }} jours. Si elle devait "
                "prendre plus de temps, nous vous écririons pour vous en expliquer les raisons "
                "et vous indiquer une nouvelle date.",
                "La loi nous permet de ne pas donner suite à certaines plaintes, par exemple "
                "lorsqu’une plainte est déposée longtemps après les événements ou qu’elle ne "
                "relève pas de notre compétence. Si nous décidions de ne pas donner suite à la "
                "vôtre, nous vous en expliquerions les motifs et vous indiquerions si vous "
                "pouvez demander une révision, et dans quel délai.",
                "## Pour nous joindre",
                "Vous pouvez nous joindre au {{ organisation.phone }} ou à l’adresse "
                "{{ organisation.email }}. Veuillez nous indiquer si vous avez besoin d’un "
                "interprète, d’un document en média substitut ou de toute autre mesure "
                "d’adaptation.",
            ]
        ),
    ),
    ("decision", "investigate"): (
        "Votre plainte fera l’objet d’une enquête",
        "\n".join(
            [
                OPENING,
                f"Nous avons décidé que votre plainte fera l’objet d’une enquête {CITATION}. "
                "L’enquête portera sur les allégations suivantes :",
                ALLEGATIONS,
                OFFICERS,
                "## Qui mènera l’enquête",
                "L’enquête sera menée par {{ investigated_by }}. Un enquêteur pourrait "
                "communiquer avec vous pour fixer une entrevue et vous demander les documents, "
                "photographies ou noms de témoins dont vous disposez. Veuillez conserver ces "
                "éléments en lieu sûr.",
                "## Durée de l’enquête",
                "L’enquête devrait être terminée dans un délai de "
                "{{ investigation_period_days|number }} jours, soit au plus tard le "
                "**{{ expected_completion }}**. Si elle devait prendre plus de temps, nous vous "
                "écririons pour vous en expliquer les raisons et vous indiquer une nouvelle "
                "date.",
                "À la fin de l’enquête, vous recevrez un rapport écrit de ses conclusions et de "
                "la décision qui en découle, ainsi que des renseignements sur toute révision "
                "que vous pourriez demander.",
            ]
        ),
    ),
    ("decision", "frivolous_vexatious"): (
        "Décision de ne pas donner suite à votre plainte",
        "\n".join(
            [
                OPENING,
                "Votre plainte comportait les allégations suivantes :",
                ALLEGATIONS,
                "## Notre décision",
                "Nous avons décidé de ne pas donner suite à votre plainte parce que nous la "
                'jugeons {% if ground == "frivolous" %}futile{% elif ground == "vexatious" %}'
                f"vexatoire{{% else %}}faite de mauvaise foi{{% endif %}} {CITATION}.",
                "Cette décision ne met pas en doute ce que vous avez vécu. Elle signifie que la "
                "plainte, telle qu’elle a été présentée, ne peut pas être traitée en vertu de "
                "la loi.",
                "## Nos motifs",
                _items("decision_reasons"),
                REVIEW,
            ]
        ),
    ),
    ("decision", "out_of_time"): (
        "Décision de ne pas donner suite à votre plainte (délai)",
        "\n".join(
            [
                "Nous avons examiné votre plainte au sujet de la conduite de policiers "
                "({{ police_service }}). Les événements que vous décrivez sont survenus le "
                "{{ incident_date }}, et nous avons reçu votre plainte le {{ received_date }}. "
                "Votre plainte comportait les allégations suivantes :",
                ALLEGATIONS,
                "## Notre décision",
                f"La loi applicable {CITATION} nous permet de ne pas donner suite à une "
                "plainte déposée plus de {{ time_limit_months|number }} mois après les "
                "événements en cause. Il s’agit d’un pouvoir discrétionnaire et non d’une règle "
                "automatique : avant de décider, nous avons examiné si le retard était justifié "
                "et s’il était dans l’intérêt public de traiter la plainte malgré tout.",
                "Nous avons décidé de ne pas donner suite à votre plainte.",
                "## Nos motifs",
                _items("decision_reasons"),
                REVIEW,
            ]
        ),
    ),
    ("decision", "no_jurisdiction"): (
        "Votre plainte ne relève pas de notre compétence",
        "\n".join(
            [
                OPENING,
                "Votre plainte comportait les allégations suivantes :",
                ALLEGATIONS,
                "## Notre décision",
                "Nous avons décidé que nous ne pouvons pas traiter votre plainte, parce "
                f"qu’elle ne relève pas de la compétence que nous confère la loi {CITATION}.",
                "## Nos motifs",
                _items("decision_reasons"),
                "{%p if referral_body %}",
                "## À qui vous adresser",
                "L’organisme suivant pourrait vous aider : {{ referral_body }}."
                "{% if referral_contact %} Coordonnées : {{ referral_contact }}.{% endif %}",
                "{%p endif %}",
                REVIEW,
            ]
        ),
    ),
    ("decision", "refer_to_service"): (
        "Renvoi de votre plainte au service de police",
        "\n".join(
            [
                OPENING,
                "Votre plainte soulevait les préoccupations suivantes :",
                ALLEGATIONS,
                "## Notre décision",
                "Votre plainte porte sur les services ou les politiques du service de police "
                "({{ police_service }}) plutôt que sur la conduite d’un policier en "
                f"particulier. En vertu de la loi applicable {CITATION}, une plainte de ce "
                "type est traitée par le service de police lui-même. Nous l’avons donc "
                "transmise à l’instance suivante : {{ referral_body }}.",
                "## Prochaines étapes",
                "Cette instance est tenue de traiter votre plainte et de vous faire savoir par "
                "écrit ce qu’elle a fait et pourquoi, normalement dans un délai de "
                "{{ response_period_days|number }} jours. Votre dossier demeure ouvert chez "
                "nous d’ici là.",
                REVIEW,
            ]
        ),
    ),
    ("disposition", "substantiated"): (
        "Résultat de l’enquête sur votre plainte",
        "\n".join(
            [
                f"L’enquête sur votre plainte, {FACTS}, est terminée. La présente lettre vous "
                "informe de ses conclusions et de la suite du dossier.",
                "L’enquête a porté sur les allégations suivantes :",
                ALLEGATIONS,
                OFFICERS,
                "## Déroulement de l’enquête",
                "{{ investigation_summary }}",
                "## Conclusions de l’enquête",
                f"Au terme de l’enquête menée en vertu de la loi applicable {CITATION}, la "
                "preuve appuie votre plainte : celle-ci est **fondée**. En particulier :",
                _items("findings"),
                "## Suite du dossier",
                "{{ next_steps }}",
                REVIEW,
            ]
        ),
    ),
    ("disposition", "unsubstantiated"): (
        "Résultat de l’enquête sur votre plainte",
        "\n".join(
            [
                f"L’enquête sur votre plainte, {FACTS}, est terminée. La présente lettre vous "
                "informe de ses conclusions.",
                "L’enquête a porté sur les allégations suivantes :",
                ALLEGATIONS,
                OFFICERS,
                "## Déroulement de l’enquête",
                "{{ investigation_summary }}",
                "## Conclusions de l’enquête",
                f"Au terme de l’enquête menée en vertu de la loi applicable {CITATION}, la "
                "preuve n’appuie pas votre plainte : celle-ci est **non fondée**. Cela ne "
                "signifie pas que nous avons conclu que vous ne disiez pas la vérité, mais "
                "que la preuve ne suffisait pas à établir une inconduite selon la norme exigée "
                "par la loi.",
                "## Nos motifs",
                _items("decision_reasons"),
                REVIEW,
            ]
        ),
    ),
    ("disposition", "informal_resolution"): (
        "Règlement à l’amiable de votre plainte",
        "\n".join(
            [
                "Nous vous remercions d’avoir participé au règlement à l’amiable de votre "
                f"plainte, {FACTS}. La plainte portait sur les allégations suivantes :",
                ALLEGATIONS,
                "## Entente intervenue",
                "Le {{ resolution_date }}, vous et le service de police "
                "({{ police_service }}) avez convenu de régler votre plainte à l’amiable "
                f"{CITATION}, aux conditions suivantes :",
                _items("resolution_terms"),
                "## Ce que cela signifie",
                "Votre plainte ayant été réglée, votre dossier est maintenant fermé. Un "
                "règlement à l’amiable ne constitue pas une conclusion d’inconduite.",
                "Si les conditions ci-dessus ne sont pas respectées, veuillez communiquer avec "
                "nous au {{ organisation.phone }} ou à l’adresse {{ organisation.email }}, en "
                "indiquant votre numéro de dossier.",
            ]
        ),
    ),
    ("disposition", "withdrawn"): (
        "Retrait de votre plainte",
        "\n".join(
            [
                "Nous avons reçu votre demande du {{ withdrawal_date }} visant à retirer votre "
                f"plainte, {FACTS}. La plainte portait sur les allégations suivantes :",
                ALLEGATIONS,
                "## Notre décision",
                "{%p if continued_in_public_interest %}",
                f"La loi applicable {CITATION} nous permet de continuer à traiter une plainte "
                "retirée lorsque l’intérêt public le justifie. Nous avons décidé que les "
                "questions soulevées sont suffisamment graves pour que l’enquête se poursuive. "
                "Votre participation n’est plus requise, mais nous vous en communiquerons le "
                "résultat.",
                "{%p else %}",
                f"Conformément à la loi applicable {CITATION}, nous avons fermé votre dossier. "
                "Aucune autre mesure ne sera prise à l’égard de votre plainte, et aucune "
                "conclusion n’a été tirée sur la conduite des policiers.",
                "{%p endif %}",
                "Si quelqu’un a fait pression sur vous pour que vous retiriez votre plainte, "
                "veuillez communiquer avec nous sans tarder au {{ organisation.phone }}.",
            ]
        ),
    ),
    ("notification", "extension"): (
        "Prolongation de l’enquête sur votre plainte",
        "\n".join(
            [
                f"Nous vous écrivons au sujet de l’enquête sur votre plainte, {FACTS}.",
                "Nous prévoyions terminer l’enquête au plus tard le {{ original_deadline }}. Le "
                f"délai d’enquête a été prolongé {CITATION}, et nous prévoyons maintenant la "
                "terminer au plus tard le **{{ new_deadline }}**.",
                "## Pourquoi un délai supplémentaire est nécessaire",
                _items("extension_reasons"),
                "Nous sommes désolés de ce retard. Nous vous écrirons de nouveau à la fin de "
                "l’enquête, ou plus tôt en cas de changement.",
            ]
        ),
    ),
    ("notification", "delay"): (
        "Retard dans le traitement de votre plainte",
        "\n".join(
            [
                "Nous vous informons que le traitement de votre plainte, "
                f"{FACTS}, accuse un retard.",
                "Nous vous avions indiqué que la prochaine étape serait franchie au plus tard "
                "le {{ original_date }}. La nouvelle date est le **{{ new_date }}**.",
                "## Raisons du retard",
                _items("delay_reasons"),
                f"La loi applicable {CITATION} nous oblige à vous tenir au courant du "
                "déroulement de votre plainte. Nous sommes désolés de ce retard et vous "
                "écrirons de nouveau si la date change.",
            ]
        ),
    ),
    ("outcome", "upheld"): (
        "Résultat de votre demande de révision",
        "\n".join(
            [
                "Nous avons terminé la révision que vous avez demandée le "
                "{{ review_request_date }}. Décision révisée : {{ decision_reviewed }} "
                "(rendue le {{ decision_reviewed_date }}). Cette décision visait votre plainte "
                "au sujet de la conduite de policiers "
                "({{ police_service }}) lors d’événements survenus le {{ incident_date }}, qui "
                "comportait les allégations suivantes :",
                ALLEGATIONS,
                "## Notre décision",
                f"En vertu de la loi applicable {CITATION}, nous avons **accueilli** votre "
                "demande de révision. Autrement dit, nous convenons avec vous que la décision "
                "ne peut être maintenue.",
                "## Nos motifs",
                _items("decision_reasons"),
                "## Mesures qui seront prises",
                _items("remedial_action"),
                "Nous vous écrirons de nouveau lorsque ces mesures auront été prises.",
            ]
        ),
    ),
    ("outcome", "not_upheld"): (
        "Résultat de votre demande de révision",
        "\n".join(
            [
                "Nous avons terminé la révision que vous avez demandée le "
                "{{ review_request_date }}. Décision révisée : {{ decision_reviewed }} "
                "(rendue le {{ decision_reviewed_date }}). Cette décision visait votre plainte "
                "au sujet de la conduite de policiers "
                "({{ police_service }}) lors d’événements survenus le {{ incident_date }}, qui "
                "comportait les allégations suivantes :",
                ALLEGATIONS,
                "## Notre décision",
                f"En vertu de la loi applicable {CITATION}, nous avons **rejeté** votre "
                "demande de révision. Autrement dit, la décision est maintenue.",
                "## Nos motifs",
                _items("decision_reasons"),
                "## Vos recours",
                "Cette décision met fin au processus de révision prévu par la loi. Les recours "
                "suivants pourraient toutefois s’offrir à vous :",
                _items("next_options"),
            ]
        ),
    ),
}

# French typography: a non-breaking space before the colon, in body text as in the frame.
LETTERS = {
    key: (subject, body.replace(" :", f"{NBSP}:")) for key, (subject, body) in LETTERS.items()
}

FRAME: dict[str, str] = {
    "phone": "Tél.",
    "our_file": f"Notre dossier{NBSP}:",
    "confidential": "PERSONNEL ET CONFIDENTIEL",
    "re": f"Objet{NBSP}:",
    "complainant": f"Plainte de{NBSP}:",
    "file": "dossier",
    "salutation": "{{ recipient.salutation or 'Madame, Monsieur' }},",
    "closing": "Veuillez agréer, {{ recipient.salutation or 'Madame, Monsieur' }}, "
    "l’expression de nos sentiments distingués.",
    "copies": f"c.{NBSP}c.{NBSP}:",
    "page": "Page",
}
