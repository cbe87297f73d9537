"""Date mentions: formats, day/month order by jurisdiction, years from context, and roles."""

from __future__ import annotations

import pytest

from extraction.dates import day_first, find_dates


@pytest.mark.parametrize(
    ("text", "language", "jurisdiction", "iso"),
    [
        pytest.param("It was March 3, 2024.", "en", "CA-ON", "2024-03-03", id="month-day-year"),
        pytest.param("Dated 2024-03-03.", "en", "CA-ON", "2024-03-03", id="iso"),
        pytest.param("Dated 2024/03/04.", "en", "CA-ON", "2024-03-04", id="iso-slashes"),
        pytest.param("Seen 03/04/2024.", "en", "CA-ON", "2024-03-04", id="ca-month-first"),
        pytest.param("Seen 03/04/2024.", "en", "UK-ENG", "2024-04-03", id="uk-day-first"),
        pytest.param("Seen 03/04/2024.", "fr", "CA-ON", "2024-04-03", id="french-day-first"),
        pytest.param("Seen 25/04/2024.", "en", "CA-ON", "2024-04-25", id="unambiguous-day"),
        pytest.param("Seen 04/25/2024.", "en", "UK-WLS", "2024-04-25", id="unambiguous-month"),
        pytest.param("Seen 7.11.2023 at noon.", "en", "UK-ENG", "2023-11-07", id="dotted"),
        pytest.param("On the 3rd of March, 2021 I", "en", "CA-AB", "2021-03-03", id="ordinal-of"),
        pytest.param("Sent Tue, 5 Nov 2024 10:00", "en", "CA-FED", "2024-11-05", id="rfc-2822"),
        pytest.param("Dec. 1st, 2022 was cold", "en", "CA-ON", "2022-12-01", id="abbrev-month"),
        pytest.param("Sept. 30 2022 was cold", "en", "CA-ON", "2022-09-30", id="sept-no-comma"),
        pytest.param("le 3 mars 2024", "fr", "CA-ON", "2024-03-03", id="fr-long"),
        pytest.param("le 1er février 2025", "fr", "CA-ON", "2025-02-01", id="fr-premier"),
        pytest.param("le 14 aout 2023", "fr", "CA-ON", "2023-08-14", id="fr-no-accent"),
    ],
)
def test_normalises_to_iso(text: str, language: str, jurisdiction: str, iso: str) -> None:
    found = find_dates(text, language, jurisdiction=jurisdiction)
    assert [mention.iso for mention in found] == [iso]
    mention = found[0]
    assert text[mention.start : mention.end] == mention.text


@pytest.mark.parametrize(
    ("text", "language", "iso"),
    [
        pytest.param("It happened on the 3rd of March.", "en", "2019-03-03", id="en-ordinal"),
        pytest.param("It happened on May 9.", "en", "2019-05-09", id="en-month-day"),
        pytest.param("C'est arrivé le 1er mars.", "fr", "2019-03-01", id="fr-premier"),
    ],
)
def test_yearless_dates_take_the_reference_year(text: str, language: str, iso: str) -> None:
    found = find_dates(text, language, jurisdiction="CA-ON", reference_year=2019)
    assert [mention.iso for mention in found] == [iso]


def test_yearless_date_takes_the_documents_year_without_a_reference() -> None:
    text = "Letter of 2022-10-01. The stop was on the 4th of September. Seen 2022-09-20."
    found = find_dates(text, "en", jurisdiction="CA-ON")
    assert [mention.iso for mention in found] == ["2022-10-01", "2022-09-04", "2022-09-20"]


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("Call 416-226-9431 or 2024-6611306.", id="phone-and-file-number"),
        pytest.param("I may 3 times have asked.", id="may-as-verb"),
        pytest.param("Invalid 2023-02-30 date.", id="impossible-date"),
        pytest.param("File E-2024-1013-90527.", id="file-number"),
    ],
)
def test_ignores_numbers_that_are_not_dates(text: str) -> None:
    assert find_dates(text, "en", jurisdiction="CA-ON", reference_year=2024) == []


@pytest.mark.parametrize(
    ("text", "language", "role"),
    [
        pytest.param(
            "The assault took place on 2 May 2023 near the park.",
            "en",
            "incident",
            id="en-took-place",
        ),
        pytest.param(
            "Officers stopped me on 2023-05-02 at approximately 14:10 outside.",
            "en",
            "incident",
            id="en-time-after",
        ),
        pytest.param(
            "Your complaint was received on June 8, 2023.",
            "en",
            "complaint_received",
            id="en-received",
        ),
        pytest.param("DOB: 1961-07-30", "en", "date_of_birth", id="en-dob-label"),
        pytest.param(
            "I was born on\nApril 2, 1975 in Halifax.", "en", "date_of_birth", id="en-born-wrapped"
        ),
        pytest.param(
            "The witness was interviewed by phone on 2023/06/14.",
            "en",
            "interview",
            id="en-interviewed",
        ),
        pytest.param("Report date 2023-07-01", "en", "letter_date", id="en-report-date"),
        pytest.param(
            "I phoned the front desk on July 3, 2023 and nobody answered.",
            "en",
            "other",
            id="en-other",
        ),
        pytest.param(
            "Les faits se sont produits le 4 avril 2024.", "fr", "incident", id="fr-produits"
        ),
        pytest.param("Date de naissance : 12/05/1970", "fr", "date_of_birth", id="fr-naissance"),
        pytest.param("Plainte reçue le 9 mai 2024.", "fr", "complaint_received", id="fr-recue"),
        pytest.param(
            "Le témoin a été rencontré en entrevue le 3 juin 2024.",
            "fr",
            "interview",
            id="fr-entrevue",
        ),
    ],
)
def test_role_from_context(text: str, language: str, role: str) -> None:
    found = find_dates(text, language, jurisdiction="CA-ON")
    assert [mention.role for mention in found] == [role]


def test_roles_from_layout() -> None:
    letter = (
        "J. Smith\n12 Elm Street\n2024-02-10\n\nDear Sir,\n"
        "Date of incident\nJanuary 5, 2024\nDate complaint received 2024-02-12\n"
        "2024-02-20 Witness interviewed\n"
    )
    found = find_dates(letter, "en", jurisdiction="CA-ON")
    assert [(mention.iso, mention.role) for mention in found] == [
        ("2024-02-10", "letter_date"),
        ("2024-01-05", "incident"),
        ("2024-02-12", "complaint_received"),
        ("2024-02-20", "interview"),
    ]


def test_email_header_date_is_when_the_complaint_arrived() -> None:
    text = "From: A Person <a@example.org>\nTo: intake@example.org\nDate: Mon, 4 Mar 2024 09:00:00 -0500\nSubject: complaint\n\nHello."
    found = find_dates(text, "en", jurisdiction="CA-ON")
    assert [(mention.iso, mention.role) for mention in found] == [
        ("2024-03-04", "complaint_received")
    ]


@pytest.mark.parametrize(
    ("jurisdiction", "language", "expected"),
    [
        pytest.param("CA-ON", "en", False, id="ontario-en"),
        pytest.param("CA-ON", "fr", True, id="ontario-fr"),
        pytest.param("UK-ENG", "en", True, id="england"),
        pytest.param("CA-QC", "en", True, id="quebec"),
    ],
)
def test_day_first(jurisdiction: str, language: str, expected: bool) -> None:
    assert day_first(jurisdiction, language) is expected


def test_is_fast_on_long_text() -> None:
    import time

    text = "On March 3, 2024 the officer stopped me. Seen 2024-03-05. " * 2000
    began = time.perf_counter()
    found = find_dates(text, "en", jurisdiction="CA-ON")
    assert len(found) == 4000
    assert time.perf_counter() - began < 5.0
