"""What must stay readable next to PI: dates after an officer's name, the city after a street
"Dr.", a street name the model calls a person, a bank branch and the labels around an account
number; and the PI that OCR misreads or that follows a compound rank."""

from __future__ import annotations

import pytest

from redaction.analyzer import Analyzer
from redaction.findings import PiFinding
from tests.redaction.pi_helpers import covered, detect


def _overlapping(
    findings: list[PiFinding], text: str, value: str, entity_type: str | None = None
) -> list[tuple[str, str, str]]:
    start = text.index(value)
    end = start + len(value)
    return [
        (f.entity_type, f.text, f.recognizer)
        for f in findings
        if f.start < end and start < f.end and (entity_type is None or f.entity_type == entity_type)
    ]


def test_a_date_after_a_heading_is_not_the_badge_of_the_investigator_above(
    analyzer: Analyzer,
) -> None:
    # The rank-and-name rule lets a name wrap onto the next lines; once "Introduction" and
    # "On" are cut from the name, the year that follows is not a badge number.
    text = (
        "Report date 2025-03-19\n"
        "Investigator Inv. Marta Quellhorst\n"
        "Introduction\n"
        "On 2024/11/25, the agency received a complaint about an incident in 2024.\n"
    )
    findings = detect(analyzer, text)
    assert covered(findings, text, "Marta Quellhorst", "PERSON")
    assert not [f for f in findings if f.entity_type == "BADGE_NUMBER"], [
        (f.text, f.recognizer) for f in findings
    ]


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("Constable HOLLINGWORTH, Breck 4471 14 Division\n", id="table-row"),
        pytest.param("It was Sgt. Marlowe #3308 who wrote it.", id="hash"),
        pytest.param("Cst. Obuya (badge 4471) arrived first.", id="parenthesis"),
        pytest.param(
            "Role Name Rank Badge\nSubject officer Idris Vantongeren Constable 4471\n",
            id="name-rank-badge-columns",
        ),
    ],
)
def test_a_badge_right_after_a_rank_and_name_is_still_found(analyzer: Analyzer, text: str) -> None:
    value = "4471" if "4471" in text else "3308"
    assert covered(detect(analyzer, text), text, value, "BADGE_NUMBER")


def test_a_number_starting_a_date_after_a_rank_and_name_is_not_a_badge(analyzer: Analyzer) -> None:
    text = "The notes of Cst. Obuya 2024-11-25 were disclosed."
    findings = detect(analyzer, text)
    assert covered(findings, text, "Obuya", "PERSON")
    assert not _overlapping(findings, text, "2024-11-25", "BADGE_NUMBER")


@pytest.mark.parametrize(
    ("text", "place"),
    [
        pytest.param(
            "Ilse Vantongeren\n412 Birchmount Dr.\nLethbridge, AB T1K 3M4\n",
            "Lethbridge",
            id="city",
        ),
        pytest.param(
            "Ilse Vantongeren\nBirchmount Dr.\nRed Deer, AB T4N 2K1\n", "Red Deer", id="no-number"
        ),
    ],
)
def test_a_street_dr_is_not_a_doctor_title(analyzer: Analyzer, text: str, place: str) -> None:
    findings = detect(analyzer, text)
    assert covered(findings, text, "Ilse Vantongeren", "PERSON")
    assert not _overlapping(findings, text, place, "PERSON")


def test_a_doctor_is_still_a_title(analyzer: Analyzer) -> None:
    text = (
        "I was seen by Dr. Okwuosa at the clinic.\nDr.\nHalvorsen, the surgeon, agreed.\n"
        "On Ward 3 East Dr. Szczepanik examined me."
    )
    findings = detect(analyzer, text)
    for name in ("Okwuosa", "Halvorsen", "Szczepanik"):
        assert covered(findings, text, name, "PERSON"), name


def test_a_street_at_an_intersection_before_a_form_label_is_not_a_person(
    analyzer: Analyzer,
) -> None:
    # The model reads "Jarvis\nOfficer" as one person; cut to "Jarvis" it is a street name.
    text = (
        "Location of incident the intersection of Dundas and Jarvis\n"
        "Officer 1 (name, rank, badge) PC Hollis, 8817\n"
    )
    findings = detect(analyzer, text)
    assert not _overlapping(findings, text, "Jarvis", "PERSON"), findings
    assert covered(findings, text, "Hollis", "PERSON")


@pytest.mark.parametrize(
    ("text", "account", "branch"),
    [
        pytest.param(
            "If there is any compensation, please deposit it to my account: transit 46490, "
            "account 1188837.",
            "1188837",
            "transit 46490, account",
            id="ca-transit",
        ),
        pytest.param(
            "Deposit to transit 12345, institution 004, account 7654321.",
            "7654321",
            "transit 12345, institution 004, account",
            id="ca-institution",
        ),
    ],
)
def test_the_account_number_is_withheld_and_the_branch_and_labels_stay(
    analyzer: Analyzer, text: str, account: str, branch: str
) -> None:
    # A transit or institution number names a bank branch (printed on every cheque it
    # issues); the account number is the person's.
    findings = detect(analyzer, text)
    assert covered(findings, text, account, "BANK_ACCOUNT"), findings
    assert not _overlapping(findings, text, branch), findings


@pytest.mark.parametrize(
    ("text", "sort_code", "account"),
    [
        ("Sort code 11-22-33, account 41235678.", "11-22-33", "41235678"),
        (
            "Please refund it to sort code 60 83 71, account number 12345678.",
            "60 83 71",
            "12345678",
        ),
        ("Bank: Nationwide. Sort code: 07-04-36", "07-04-36", None),
    ],
)
def test_a_uk_sort_code_is_withheld_with_the_account(
    analyzer: Analyzer, text: str, sort_code: str, account: str | None
) -> None:
    # A UK sort code and account number together route a payment to one person's account:
    # both are withheld (the labels stay).
    findings = detect(analyzer, text)
    assert covered(findings, text, sort_code, "BANK_ACCOUNT"), findings
    if account:
        assert covered(findings, text, account, "BANK_ACCOUNT"), findings
    label = text[text.lower().index("sort code") :][: len("sort code")]
    assert not _overlapping(findings, text, label), findings


@pytest.mark.parametrize(
    ("text", "name"),
    [
        pytest.param("were kind to me. Sp/Cst. H.\nQuarrington threatened me.", "H.\nQuarrington",
                     id="special-constable"),
        pytest.param("A/S/Sgt Oyelaran-Moss signed it.", "Oyelaran-Moss", id="acting-staff-sgt"),
    ],
)  # fmt: skip
def test_compound_rank_abbreviations_introduce_names(
    analyzer: Analyzer, text: str, name: str
) -> None:
    assert covered(detect(analyzer, text), text, name, "PERSON")


@pytest.mark.parametrize(
    ("text", "code"),
    [
        pytest.param("City / Province / Postal code Calgary AB TOA 5P0\n", "TOA 5P0", id="O-for-0"),
        pytest.param("1648 Fairview Street, Oshawa, ON LSM 7N6. Please", "LSM 7N6", id="S-for-5"),
    ],
)
def test_a_postal_code_misread_by_ocr_after_a_province_is_found(
    analyzer: Analyzer, text: str, code: str
) -> None:
    assert covered(detect(analyzer, text), text, code, "POSTAL_CODE")


def test_capitalised_words_after_a_province_are_not_a_postal_code(analyzer: Analyzer) -> None:
    text = "The hearing in Toronto, ON THE BOX docket, and the QC SOS ZOO file."
    assert not [f for f in detect(analyzer, text) if f.entity_type == "POSTAL_CODE"]
