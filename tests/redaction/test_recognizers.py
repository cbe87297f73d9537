"""Table-driven recognizer tests: one invented example per PI type and language."""

from __future__ import annotations

import pytest

from redaction.analyzer import Analyzer
from tests.redaction.pi_helpers import covered, detect

CASES = [
    # (language, text, value, entity type)
    pytest.param(
        "en", "My SIN is 130 692 544 if you need it.", "130 692 544", "CA_SIN", id="sin-en"
    ),
    pytest.param("fr", "Mon NAS est le 527-123-459.", "527-123-459", "CA_SIN", id="sin-fr"),
    pytest.param(
        "en",
        "OHIP card 1234-567-890-AB was taken.",
        "1234-567-890-AB",
        "CA_HEALTH_CARD",
        id="hc-on",
    ),
    pytest.param(
        "en",
        "My health card number is 9876 543 210.",
        "9876 543 210",
        "CA_HEALTH_CARD",
        id="hc-digits",
    ),
    pytest.param(
        "fr",
        "Ma carte d'assurance maladie TREM 8501 1234 a été saisie.",
        "TREM 8501 1234",
        "CA_HEALTH_CARD",
        id="hc-qc",
    ),
    pytest.param(
        "en",
        "His driver's licence (B1234-56789-01234) was seized.",
        "B1234-56789-01234",
        "DRIVERS_LICENCE",
        id="dl-on",
    ),
    pytest.param(
        "en",
        "Driver's license no. 4471-220 from Alberta.",
        "4471-220",
        "DRIVERS_LICENCE",
        id="dl-labelled",
    ),
    pytest.param(
        "en",
        "UK driving licence MORGA753116SM9IJ 35 shown.",
        "MORGA753116SM9IJ",
        "DRIVERS_LICENCE",
        id="dl-uk",
    ),
    pytest.param(
        "fr",
        "Il a pris mon permis de conduire T2345-678901-23.",
        "T2345-678901-23",
        "DRIVERS_LICENCE",
        id="dl-qc",
    ),
    pytest.param(
        "en",
        "The truck with licence plate BXRT 512 drove off.",
        "BXRT 512",
        "LICENCE_PLATE",
        id="plate-en",
    ),
    pytest.param(
        "fr",
        "Une voiture immatriculée 482 QXL était garée.",
        "482 QXL",
        "LICENCE_PLATE",
        id="plate-fr",
    ),
    pytest.param(
        "en",
        "Registration plate LK19 HGT was recorded.",
        "LK19 HGT",
        "LICENCE_PLATE",
        id="plate-uk",
    ),
    pytest.param(
        "en", "The officer with badge number 5521 laughed.", "5521", "BADGE_NUMBER", id="badge"
    ),
    pytest.param(
        "en", "It was PC 4417 Patel who stopped me.", "4417", "BADGE_NUMBER", id="badge-pc-first"
    ),
    pytest.param(
        "en", "Sgt. Marlowe #3308 wrote the report.", "3308", "BADGE_NUMBER", id="badge-hash"
    ),
    pytest.param(
        "fr", "L'agent portant le matricule 6612 m'a poussé.", "6612", "BADGE_NUMBER", id="badge-fr"
    ),
    pytest.param(
        "en", "Collar number 77AB was on his shoulder.", "77AB", "BADGE_NUMBER", id="badge-collar"
    ),
    pytest.param(
        "en",
        "My National Insurance number is JT 41 22 90 C.",
        "JT 41 22 90 C",
        "UK_NINO",
        id="nino",
    ),
    pytest.param(
        "en",
        "I live in Sudbury, ON P3E 4N1 near the lake.",
        "P3E 4N1",
        "POSTAL_CODE",
        id="postal-ca",
    ),
    pytest.param(
        "en", "Flat 2, 5 Elm Row, Leeds LS6 2QE.", "LS6 2QE", "POSTAL_CODE", id="postcode-uk"
    ),
    pytest.param("en", "Send it to Buffalo, NY 14201 please.", "14201", "POSTAL_CODE", id="zip-us"),
    pytest.param(
        "en",
        "I live at 88 Quarry Hill Road, Unit 4, in town.",
        "88 Quarry Hill Road, Unit 4",
        "STREET_ADDRESS",
        id="street-en",
    ),
    pytest.param(
        "en", "Mail: P.O. Box 4410, Kenora.", "P.O. Box 4410", "STREET_ADDRESS", id="po-box"
    ),
    pytest.param(
        "fr",
        "J'habite au 1204, rue des Érables, app. 3 à Laval.",
        "1204, rue des Érables, app. 3",
        "STREET_ADDRESS",
        id="street-fr",
    ),
    pytest.param(
        "en",
        "She lives at Lindenstraße 14 in Berlin.",
        "Lindenstraße 14",
        "STREET_ADDRESS",
        id="street-intl",
    ),
    pytest.param(
        "en", "My date of birth is March 3, 1979.", "March 3, 1979", "DATE_OF_BIRTH", id="dob-en"
    ),
    pytest.param("en", "DOB: 1981-07-22", "1981-07-22", "DATE_OF_BIRTH", id="dob-iso"),
    pytest.param(
        "en", "I was born on 14/09/1990 in Leeds.", "14/09/1990", "DATE_OF_BIRTH", id="dob-born"
    ),
    pytest.param(
        "fr", "Je suis né le 3 février 1975 à Hull.", "3 février 1975", "DATE_OF_BIRTH", id="dob-fr"
    ),
    pytest.param(
        "fr", "Date de naissance : 1969-12-01", "1969-12-01", "DATE_OF_BIRTH", id="dob-fr-label"
    ),
    pytest.param("en", "The man, 34 years old, was calm.", "34 years old", "AGE", id="age-en"),
    pytest.param("en", "A witness aged 71 saw it.", "aged 71", "AGE", id="age-aged"),
    pytest.param("en", "A 19-year-old was arrested.", "19-year-old", "AGE", id="age-hyphen"),
    pytest.param("fr", "Elle est âgée de 34 ans.", "âgée de 34 ans", "AGE", id="age-fr"),
    pytest.param("fr", "J'ai 52 ans et je vis seul.", "52 ans", "AGE", id="age-fr-jai"),
    pytest.param(
        "en",
        "Call me at (519) 555-0142 ext. 12 any time.",
        "(519) 555-0142 ext. 12",
        "PHONE_NUMBER",
        id="phone-nanp",
    ),
    pytest.param(
        "en", "Mobile 07700 900461 after six.", "07700 900461", "PHONE_NUMBER", id="phone-uk"
    ),
    pytest.param(
        "en",
        "Reach my sister on +33 6 12 34 56 78.",
        "+33 6 12 34 56 78",
        "PHONE_NUMBER",
        id="phone-intl",
    ),
    pytest.param(
        "fr", "Mon numéro est le 819 555-0177.", "819 555-0177", "PHONE_NUMBER", id="phone-fr"
    ),
    pytest.param(
        "en",
        "Write to j.okafor-smith@mailbox.example.org today.",
        "j.okafor-smith@mailbox.example.org",
        "EMAIL_ADDRESS",
        id="email",
    ),
    pytest.param(
        "en",
        "Logins came from 203.0.113.77 and 2001:db8::8a2e:370:7334.",
        "203.0.113.77",
        "IP_ADDRESS",
        id="ipv4",
    ),
    pytest.param(
        "en",
        "Logins came from 203.0.113.77 and 2001:db8::8a2e:370:7334.",
        "2001:db8::8a2e:370:7334",
        "IP_ADDRESS",
        id="ipv6",
    ),
    pytest.param(
        "en",
        "They kept my Visa 4539 1488 0343 6467 for an hour.",
        "4539 1488 0343 6467",
        "CREDIT_CARD",
        id="card",
    ),
    pytest.param(
        "en",
        "Deposit to transit 12345, institution 004, account 7654321.",
        "7654321",
        "BANK_ACCOUNT",
        id="bank-ca",
    ),
    pytest.param(
        "en", "Sort code 20-45-77, account 41235678.", "41235678", "BANK_ACCOUNT", id="bank-uk"
    ),
    pytest.param(
        "en",
        "IBAN GB82 WEST 1234 5698 7654 32 for refunds.",
        "GB82 WEST 1234 5698 7654 32",
        "BANK_ACCOUNT",
        id="iban",
    ),
    pytest.param(
        "fr", "Virement au compte 00123456789 svp.", "00123456789", "BANK_ACCOUNT", id="bank-fr"
    ),
    pytest.param(
        "en",
        "I was treated for a broken left arm at the hospital.",
        "broken left arm",
        "MEDICAL",
        id="injury",
    ),
    pytest.param(
        "en",
        "I told them I have bipolar disorder and take lithium.",
        "bipolar disorder",
        "MEDICAL",
        id="disorder",
    ),
    pytest.param(
        "en",
        "I told them I have bipolar disorder and take lithium.",
        "lithium",
        "MEDICAL",
        id="medication",
    ),
    pytest.param(
        "fr",
        "J'ai été soigné pour une fracture du poignet gauche.",
        "fracture du poignet gauche",
        "MEDICAL",
        id="medical-fr",
    ),
]


@pytest.mark.parametrize(("language", "text", "value", "entity_type"), CASES)
def test_recognizer_finds_value(
    analyzer: Analyzer, language: str, text: str, value: str, entity_type: str
) -> None:
    findings = detect(analyzer, text, language)
    assert covered(findings, text, value, entity_type), [
        (f.entity_type, f.text, f.recognizer) for f in findings
    ]


NAME_CASES = [
    pytest.param("en", "Cst. Smithers told me to leave.", ["Smithers"], id="rank-abbrev"),
    pytest.param("en", "Sgt J. O'Neil arrived later.", ["J. O'Neil"], id="rank-initial-apostrophe"),
    pytest.param("en", "PC 4417 Patel searched my bag.", ["Patel"], id="rank-badge-name"),
    pytest.param(
        "en",
        "Detective Constable Aurelia Brzezinski called.",
        ["Aurelia Brzezinski"],
        id="rank-two-words",
    ),
    pytest.param(
        "en", "Staff Sergeant Nguyen-Halloran signed it.", ["Nguyen-Halloran"], id="hyphenated"
    ),
    pytest.param(
        "en",
        "The report by Inspector Wendell\nMacAskill was late.",
        ["Wendell\nMacAskill"],
        id="split-line",
    ),
    pytest.param(
        "fr",
        "Le sergent-détective Benoît Lafleur-Ouimet m'a parlé.",
        ["Benoît Lafleur-Ouimet"],
        id="fr-rank",
    ),
    pytest.param(
        "fr", "L'agente Roxanne Thibodeau était présente.", ["Roxanne Thibodeau"], id="fr-agente"
    ),
    pytest.param(
        "fr",
        "Mme Ghislaine Perreault et M. Dufour sont venus.",
        ["Ghislaine Perreault", "Dufour"],
        id="fr-titles",
    ),
    pytest.param(
        "en",
        "Dr. Okwuosa examined me and Ms. Tenenbaum drove me home.",
        ["Okwuosa", "Tenenbaum"],
        id="titles",
    ),
    pytest.param(
        "en",
        "From: BARNABY QUILLFEATHER <bq77@example.net>\nTo: desk@example.org\n\nHello",
        ["BARNABY QUILLFEATHER"],
        id="email-header-caps",
    ),
    pytest.param(
        "en",
        "Thanks for your help.\n\nRegards,\nOlusegun Abernathy-Reyes\n",
        ["Olusegun Abernathy-Reyes"],
        id="signature",
    ),
    pytest.param(
        "en",
        "Name: Ptolemy Vanderstraaten\nPhone: 416-555-0100",
        ["Ptolemy Vanderstraaten"],
        id="form-field",
    ),
    pytest.param(
        "en", "Complainant | WOJCIECHOWSKA, Halina\n", ["WOJCIECHOWSKA, Halina"], id="surname-comma"
    ),
    pytest.param(
        "en",
        "My neighbour, Siddharth Ramaswamy, saw everything. Ramaswamy's car was there.",
        ["Siddharth Ramaswamy", "Ramaswamy"],
        id="possessive-propagation",
    ),
    pytest.param(
        "en", "I, Teodora Szymańska, am 40 years old.", ["Teodora Szymańska"], id="self-intro"
    ),
]


@pytest.mark.parametrize(("language", "text", "values"), NAME_CASES)
def test_names(analyzer: Analyzer, language: str, text: str, values: list[str]) -> None:
    findings = detect(analyzer, text, language)
    for value in values:
        assert covered(findings, text, value, "PERSON"), [
            (f.entity_type, f.text, f.recognizer) for f in findings
        ]


NOT_PI = [
    pytest.param(
        "en",
        "The Thunder Bay Police Service referred it to the Ontario Provincial Police.",
        id="services",
    ),
    pytest.param(
        "en",
        "Under the Police Services Act, R.S.O. 1990, the Superior Court of Justice ruled.",
        id="statute-court",
    ),
    pytest.param(
        "en", "The incident happened on June 14, 2024 at about 2300 hours.", id="incident-date"
    ),
    pytest.param(
        "en",
        "The Law Enforcement Complaints Agency and the Special Investigations Unit reviewed it.",
        id="oversight",
    ),
    pytest.param(
        "fr",
        "Le Service de police de la Ville de Montréal et le Commissaire à la déontologie policière.",
        id="fr-services",
    ),
    pytest.param("en", "Please write to intake@oversight.example.ca for help.", id="role-mailbox"),
]


@pytest.mark.parametrize(("language", "text"), NOT_PI)
def test_not_personal_information(analyzer: Analyzer, language: str, text: str) -> None:
    findings = detect(analyzer, text, language)
    assert findings == [], [(f.entity_type, f.text, f.recognizer) for f in findings]


def test_luhn_rejects_random_nine_digits(analyzer: Analyzer) -> None:
    text = "My SIN is 123 456 789."
    assert not [f for f in detect(analyzer, text) if f.entity_type == "CA_SIN"]


def test_plate_needs_context(analyzer: Analyzer) -> None:
    text = "Form AB12 CD was filed."
    assert not [f for f in detect(analyzer, text) if f.entity_type == "LICENCE_PLATE"]
