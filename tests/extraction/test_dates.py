"""Date mentions: formats, day/month order by jurisdiction, years from context, and roles."""

from __future__ import annotations

from datetime import date

import pytest
import spacy
from spacy.tokens import Doc

from extraction.dates import IMPLAUSIBLE_YEAR, day_first, find_dates, plausible_year


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


# --- Written forms beyond the plain ones (made-up sentences) ---------------------------------


@pytest.mark.parametrize(
    ("text", "language", "jurisdiction", "iso"),
    [
        pytest.param(
            "Sworn before me the 14th day of October, 2024.",
            "en",
            "CA-ON",
            "2024-10-14",
            id="day-of-month",
        ),
        pytest.param("Seen 11-NOV-2024 by triage.", "en", "CA-ON", "2024-11-11", id="dd-MON-yyyy"),
        pytest.param("Seen 6 DEC 2023 by triage.", "en", "UK-ENG", "2023-12-06", id="upper-month"),
        pytest.param("JUNE the 3rd, 2024 at dusk", "en", "CA-ON", "2024-06-03", id="month-the-day"),
        pytest.param("le 22 juill. 2024", "fr", "CA-ON", "2024-07-22", id="fr-juill-dot"),
        pytest.param("le 30 sept. 2024", "fr", "CA-QC", "2024-09-30", id="fr-sept-dot"),
        pytest.param("Seen 4-19-23 at the desk.", "en", "CA-ON", "2023-04-19", id="m-d-yy"),
        pytest.param("Seen 19/4/23 at the desk.", "en", "UK-ENG", "2023-04-19", id="d-m-yy"),
        pytest.param("Seen 05/06/07 at the desk.", "en", "UK-ENG", "2007-06-05", id="yy-day-first"),
        pytest.param(
            "Seen 05/06/07 at the desk.", "en", "CA-ON", "2007-05-06", id="yy-month-first"
        ),
        pytest.param("Born 02.03.71 in Leeds.", "en", "UK-WLS", "1971-03-02", id="yy-1900s"),
        pytest.param("Logged 2024-05-06T14:30:00Z", "en", "CA-ON", "2024-05-06", id="iso-time"),
        pytest.param("Seen FEB-09-2025 at intake.", "en", "UK-ENG", "2025-02-09", id="MON-dd-yyyy"),
        pytest.param("Seen Feb/9/25 at intake.", "en", "CA-ON", "2025-02-09", id="Mon/d/yy"),
    ],
)
def test_normalises_more_written_forms(
    text: str, language: str, jurisdiction: str, iso: str
) -> None:
    found = find_dates(text, language, jurisdiction=jurisdiction)
    assert [mention.iso for mention in found] == [iso]
    assert text[found[0].start : found[0].end] == found[0].text
    assert found[0].usable


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("Seen 31/02/2024.", id="31-february"),
        pytest.param("Seen 2024-13-01.", id="month-13"),
        pytest.param("Seen 29/02/2023.", id="not-a-leap-year"),
        pytest.param("Seen 2023-02-29.", id="iso-not-a-leap-year"),
        pytest.param("Seen 00/12/2024.", id="day-zero"),
        pytest.param("Seen 12/00/2024.", id="month-zero"),
        pytest.param("Seen 13/13/24.", id="two-digit-year-month-13"),
        pytest.param("Seen 32 March 2024.", id="day-32"),
        pytest.param("Seen February 30, 2024.", id="february-30"),
        pytest.param("Vu le 31 avril 2024.", id="fr-31-april"),
    ],
)
@pytest.mark.parametrize("jurisdiction", ["CA-ON", "UK-ENG"])
def test_impossible_dates_have_no_iso(text: str, jurisdiction: str) -> None:
    assert find_dates(text, "en", jurisdiction=jurisdiction, reference_year=2024) == []


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        pytest.param("The battle was on October 14, 1066.", "1066-10-14", id="far-past"),
        pytest.param("Review due 2999-01-01.", "2999-01-01", id="far-future"),
        pytest.param("Incident date: 3 March 2999", "2999-03-03", id="far-future-incident"),
        pytest.param("Date de naissance : 12/05/1066", "1066-05-12", id="fr-far-past"),
    ],
)
def test_far_years_are_kept_as_written_and_flagged(text: str, iso: str) -> None:
    found = find_dates(text, "fr" if "naissance" in text else "en", jurisdiction="CA-ON")
    assert [(mention.iso, mention.flag) for mention in found] == [(iso, IMPLAUSIBLE_YEAR)]
    assert found[0].text in text
    assert not found[0].usable


def test_far_years_do_not_set_the_year_of_yearless_dates() -> None:
    text = "Seen 2024-02-01. Then 2999-01-01 and 2999-02-02. The stop was on the 4th of May."
    found = find_dates(text, "en", jurisdiction="CA-ON")
    assert found[-1].iso == "2024-05-04"


def test_plausible_year_window() -> None:
    today = date(2025, 6, 1)
    assert plausible_year(1931, today) and plausible_year(2030, today)
    assert not plausible_year(1066, today) and not plausible_year(2999, today)


# --- Roles from labels, verbs and layout (made-up documents) ----------------------------------


@pytest.mark.parametrize(
    ("text", "language", "role"),
    [
        pytest.param(
            "On 12 March 2025, two officers stopped my car on Elm Road.",
            "en",
            "incident",
            id="narrative-police-act",
        ),
        pytest.param(
            "I was walking my dog on 5 May 2024 when a cruiser pulled up beside me.",
            "en",
            "incident",
            id="narrative-writer-in-the-middle",
        ),
        pytest.param(
            "Le 3 mai 2024, deux policiers m'ont arrêté devant chez moi.",
            "fr",
            "incident",
            id="fr-narrative",
        ),
        pytest.param(
            "I phoned the station on 14 March 2025 to ask for the report.",
            "en",
            "other",
            id="later-exchange-is-not-the-incident",
        ),
        pytest.param(
            "I filed my complaint on 20 March 2025.", "en", "complaint_received", id="filed"
        ),
        pytest.param(
            "The complaint was lodged on 2 April 2025 by her lawyer.",
            "en",
            "complaint_received",
            id="lodged",
        ),
        pytest.param(
            "J'ai porté plainte le 2 avril 2025.", "fr", "complaint_received", id="fr-porte-plainte"
        ),
        pytest.param(
            "I met with the investigator on 2 April 2025.", "en", "interview", id="met-investigator"
        ),
        pytest.param(
            "Dated at Toronto this 9th day of February, 2025, in the presence of counsel.",
            "en",
            "letter_date",
            id="dated-at",
        ),
        pytest.param("DOB 03-FEB-1985", "en", "date_of_birth", id="dob-upper-month"),
        pytest.param("Né(e) le : 4 juill. 1979", "fr", "date_of_birth", id="fr-nee-le"),
        pytest.param("Interview date: 2-17-25", "en", "interview", id="interview-two-digit"),
        pytest.param("Date received: 11-NOV-2024", "en", "complaint_received", id="received"),
        pytest.param("D.O.B. 03-FEB-85", "en", "date_of_birth", id="dotted-dob-two-digit-year"),
        pytest.param("Seen on 3/Feb/85 by the nurse.", "en", "other", id="d-mon-yy-slashes"),
        pytest.param(
            "When did it happen? 9 Feb 2025", "en", "incident", id="question-label-same-line"
        ),
        pytest.param(
            "When did it happen?\n9 Feb 2025", "en", "incident", id="question-label-line-above"
        ),
        pytest.param("Complaint date: 2025-02-10", "en", "complaint_received", id="complaint-date"),
        pytest.param(
            "I received a parking ticket on 4 March 2025 in the mail.",
            "en",
            "other",
            id="a-person-receiving-is-not-the-complaint",
        ),
        pytest.param(
            "I received a ticket from Cst. Roe on 4 March 2025 at the corner.",
            "en",
            "incident",
            id="a-ticket-from-the-police-is-the-incident",
        ),
        pytest.param(
            "J'ai reçu une contravention le 4 mars 2025 par la poste.",
            "fr",
            "other",
            id="fr-a-person-receiving",
        ),
        pytest.param(
            "The reporting party alleged that on February 9, 2025 the accused entered his home.",
            "en",
            "incident",
            id="third-person-summary",
        ),
        pytest.param(
            "Nous avons reçu votre plainte le 4 mars 2025.",
            "fr",
            "complaint_received",
            id="fr-the-office-receiving",
        ),
    ],
)
def test_role_from_labels_and_verbs(text: str, language: str, role: str) -> None:
    found = find_dates(text, language, jurisdiction="CA-ON")
    assert [mention.role for mention in found] == [role]


def test_a_table_cell_takes_its_column_header() -> None:
    text = (
        "Person\tDate of birth\tTelephone\n"
        "A. Example\t1984-07-02\t555-0100\n"
        "B. Example\t11-NOV-1990\t555-0101\n"
    )
    found = find_dates(text, "en", jurisdiction="CA-ON")
    assert [(mention.iso, mention.role) for mention in found] == [
        ("1984-07-02", "date_of_birth"),
        ("1990-11-11", "date_of_birth"),
    ]


def test_a_letterhead_date_beside_another_column_is_the_letter_date() -> None:
    text = (
        "Office of the Example Police Complaints Commissioner       14 March 2025\n"
        "100 Example Street, Suite 400\n\nDear Ms. Roe,\n\nThank you for your letter.\n"
    )
    found = find_dates(text, "en", jurisdiction="CA-ON")
    assert [(mention.iso, mention.role) for mention in found] == [("2025-03-14", "letter_date")]


def test_a_signature_date_under_a_rank_is_not_the_incident() -> None:
    text = "Findings follow.\n\n_____________\nA. Example\nStaff Sergeant\n2025-03-14\n"
    found = find_dates(text, "en", jurisdiction="CA-ON")
    assert [mention.role for mention in found] != ["incident"]


# --- A parsed Doc's DATE entities (spaCy), normalised by dateparser ---------------------------


def _doc_with_date_entity(text: str, entity: str) -> Doc:
    doc = spacy.blank("en")(text)
    start = text.index(entity)
    span = doc.char_span(start, start + len(entity), label="DATE")
    assert span is not None
    doc.ents = [span]
    return doc


@pytest.mark.parametrize(
    ("text", "entity", "iso"),
    [
        pytest.param(
            "It was February 9th of 2025 then.", "February 9th of 2025", "2025-02-09", id="of-year"
        ),
        pytest.param("Seen 2025, February 9 then.", "2025, February 9", "2025-02-09", id="y-m-d"),
    ],
)
def test_date_entities_no_pattern_reads(text: str, entity: str, iso: str) -> None:
    found = find_dates(_doc_with_date_entity(text, entity), "en", jurisdiction="CA-ON")
    assert [(mention.text, mention.iso) for mention in found] == [(entity, iso)]


@pytest.mark.parametrize(
    ("text", "entity"),
    [
        pytest.param("Seen 2024-13-01 then.", "2024-13-01", id="impossible-numeric"),
        pytest.param("Seen last week then.", "last week", id="vague"),
        pytest.param("Seen in 2024 then.", "2024", id="a-year"),
        pytest.param("Seen in March 2024 then.", "March 2024", id="a-month"),
    ],
)
def test_date_entities_that_are_not_one_day_are_left_out(text: str, entity: str) -> None:
    assert find_dates(_doc_with_date_entity(text, entity), "en", jurisdiction="CA-ON") == []


def test_a_long_narrative_without_full_stops_or_line_breaks_stays_linear() -> None:
    import time

    clause = "and then on 3 March 2024 the officer came back and waited by the car with my friend "
    text = clause * (400_000 // len(clause))
    began = time.perf_counter()
    found = find_dates(text, "en", jurisdiction="CA-ON")
    assert len(found) == 400_000 // len(clause)
    assert {mention.role for mention in found} == {"incident"}
    assert time.perf_counter() - began < 10.0


def test_a_letter_head_has_one_date_line() -> None:
    letter = (
        "Example Oversight Office\n1 Example Road\n\n3 March 2025\n\nMr. A. Example\n\n"
        "Re: Your complaint of February 20, 2025\nUnit: 04/03/2025\n\nDear Mr. Example,\n"
    )
    found = find_dates(letter, "en", jurisdiction="CA-ON")
    assert [(mention.iso, mention.role) for mention in found] == [
        ("2025-03-03", "letter_date"),
        ("2025-02-20", "other"),
        ("2025-04-03", "other"),
    ]


def test_an_investigation_report_in_the_uk() -> None:
    report = (
        "INVESTIGATION REPORT\nDate of report: 14/04/2025\n\n"
        "The reporting party alleged that on 01/03/2025 the accused officers detained him.\n"
        "Complaint logged: 03/03/2025\nComplainant DOB: 7-Jul-79\n"
        "Witness A was interviewed on 20/03/2025.\n"
    )
    found = find_dates(report, "en", jurisdiction="UK-ENG")
    assert [(mention.iso, mention.role) for mention in found] == [
        ("2025-04-14", "letter_date"),
        ("2025-03-01", "incident"),
        ("2025-03-03", "complaint_received"),
        ("1979-07-07", "date_of_birth"),
        ("2025-03-20", "interview"),
    ]


def test_a_filled_in_field_is_not_the_label_of_the_date_below_it() -> None:
    """The complainant's details, then the letter's date: that date is not a date of birth."""
    text = "Name: Jo Lee\nDate of birth: May 4, 1980\nMarch 3, 2026\n\nDear Ms. Lee:\n"
    roles = [(m.iso, m.role) for m in find_dates(text, "en", jurisdiction="CA-ON")]
    assert roles == [("1980-05-04", "date_of_birth"), ("2026-03-03", "letter_date")]


# Invented material for the order of numeric dates decided by the text itself.
@pytest.mark.parametrize(
    ("text", "iso"),
    [
        pytest.param("Date of birth 04/03/1990\nPostcode AB1 2XY", "1990-03-04", id="uk-postcode"),
        pytest.param("Date of birth 04/03/1990. I lost £40.", "1990-03-04", id="pounds"),
        pytest.param("Date of birth 04/03/1990\nMobile +44 7700 900123", "1990-03-04", id="plus44"),
        pytest.param("Date of birth 04/03/1990\nSome Constabulary", "1990-03-04", id="uk-force"),
        pytest.param("Seen 04/03/2024 and again 25/03/2024.", "2024-03-04", id="own-dates-day"),
        pytest.param("Seen 04/03/2024 and again 03/25/2024.", "2024-04-03", id="own-dates-month"),
        pytest.param("Date of birth 04/03/1990, Toronto ON M5V 2T6", "1990-04-03", id="canada"),
        pytest.param("Signed 04.03.2024", "2024-03-04", id="dotted"),
    ],
)
def test_numeric_order_from_signs_in_the_text(text: str, iso: str) -> None:
    found = find_dates(text, "en", jurisdiction="CA-ON")
    assert found[0].iso == iso


def test_lower_case_may_is_a_month_where_a_date_goes() -> None:
    found = find_dates(
        "hi, on may 23 i was at the mall", "en", jurisdiction="CA-ON", reference_year=2025
    )
    assert [(d.iso, d.role) for d in found] == [("2025-05-23", "incident")]
    assert find_dates("you may 2 times ask", "en", jurisdiction="CA-ON", reference_year=2025) == []


@pytest.mark.parametrize(
    ("text", "iso", "role"),
    [
        pytest.param(
            "Summary: The complainant reports that on March 4, 2025 she phoned about a theft.",
            "2025-03-04",
            "incident",
            id="reports-that-on",
        ),
        pytest.param(
            "Faits allégués : le 3 mai 2025, le plaignant a été intercepté.",
            "2025-05-03",
            "incident",
            id="faits-allegues",
        ),
        pytest.param(
            "Intro line here.\nOn Friday 4 July I saw two\nofficers stop a cyclist.",
            "2025-07-04",
            "incident",
            id="wrapped-narrative",
        ),
        pytest.param(
            "Have you complained before? No.   Date form completed: 3 May 2025",
            "2025-05-03",
            "letter_date",
            id="form-completed",
        ),
        pytest.param(
            "Analyse du dossier.\nRapport déposé le 3 mai 2025.",
            "2025-05-03",
            "letter_date",
            id="rapport",
        ),
        pytest.param(
            "WITNESS STATEMENT\nI saw it all happen outside.\nSigned: A. Person   Date: 03/05/2025",
            "2025-03-05",
            "interview",
            id="witness-signature",
        ),
        pytest.param(
            "Statement of A. Person\nI live nearby and I saw the whole thing from my window.\n"
            "A. Person, 3 May 2025",
            "2025-05-03",
            "letter_date",
            id="last-line-signature",
        ),
    ],
)
def test_roles_in_narratives_forms_and_signatures(text: str, iso: str, role: str) -> None:
    found = find_dates(
        text,
        "fr" if "déposé" in text or "allégués" in text else "en",
        jurisdiction="CA-ON",
        reference_year=2025,
    )
    assert [(d.iso, d.role) for d in found] == [(iso, role)]


def test_an_office_reply_is_not_the_complaint_but_the_quoted_message_is() -> None:
    text = (
        "From: Intake <intake@example.org>\nTo: someone@example.com\n"
        "Subject: RE: my complaint\nDate: Tue, 27 May 2025 10:22:05 -0500\n"
        "Thank you for your message. Your complaint has been registered.\n"
        "-----Original Message-----\nFrom: someone <someone@example.com>\n"
        "Sent: May 25, 2025 11:48 PM\nSubject: my complaint\n"
        "> i want to complain about an officer\n"
    )
    found = find_dates(text, "en", jurisdiction="CA-ON")
    assert [(d.iso, d.role) for d in found] == [
        ("2025-05-27", "other"),
        ("2025-05-25", "complaint_received"),
    ]


def test_a_complainants_reply_quoting_the_office_is_the_complaint() -> None:
    text = (
        "From: someone <someone@example.com>\nTo: intake@example.org\n"
        "Subject: RE: your file\nDate: Tue, 27 May 2025 10:22:05 -0500\n"
        "I am writing to file my complaint about your officers.\n"
        "On May 20, 2025, Intake <intake@example.org> wrote:\n> Please send us your complaint.\n"
    )
    found = find_dates(text, "en", jurisdiction="CA-ON")
    assert found[0].role == "complaint_received"


def test_a_year_after_a_comma_without_a_space() -> None:
    found = find_dates("Seen on June 5th,2025 outside.", "en", jurisdiction="CA-ON")
    assert [d.iso for d in found] == ["2025-06-05"]


@pytest.mark.parametrize(
    "text",
    [
        "It all started on the evening of June 3, 2025 outside the arena.",
        "The events of June 3, 2025 are described below.",
        "Je me souviens très bien. Le soir du 3 juin 2025, tout a changé.",
    ],
)
def test_the_events_of_a_day_are_the_incident(text: str) -> None:
    found = find_dates(text, "fr" if "juin" in text else "en", jurisdiction="CA-ON")
    assert [(d.iso, d.role) for d in found] == [("2025-06-03", "incident")]
