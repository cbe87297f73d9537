"""Parties: officers with rank, name and badge; complainant; witnesses; police service."""

from __future__ import annotations

import pytest

from extraction.parties import Person, find_parties


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            "Then Sgt. Maria Lopez (badge #5521) pushed me.",
            [Person("subject_officer", "Maria Lopez", "Sergeant", "5521")],
            id="abbreviated-rank-badge-in-brackets",
        ),
        pytest.param(
            "PC JAMES O'HARA 4410 refused to listen.",
            [Person("subject_officer", "James O'Hara", "Police Constable", "4410")],
            id="capitals-and-apostrophe",
        ),
        pytest.param(
            "Respondent officer(s) Det. MACKAY, Ian (3310)",
            [Person("subject_officer", "Ian Mackay", "Detective", "3310")],
            id="surname-first-table",
        ),
        pytest.param(
            "Staff Sergeant Ruth\nAdeyemi wrote the report.",
            [Person("subject_officer", "Ruth Adeyemi", "Staff Sergeant", "")],
            id="name-wrapped-over-a-line",
        ),
        pytest.param(
            "La sergente Julie Caron (matricule 7781) m'a parlé.",
            [Person("subject_officer", "Julie Caron", "sergente", "7781")],
            id="fr-matricule",
        ),
        pytest.param(
            "The officer with badge 9912 laughed.",
            [Person("subject_officer", "", "", "9912")],
            id="badge-only",
        ),
        pytest.param(
            "Constable Ray Kim and later Cst. Kim again.",
            [Person("subject_officer", "Ray Kim", "Constable", "")],
            id="merged-by-surname",
        ),
        pytest.param("The officer dealt with me politely.", [], id="rank-word-without-name"),
        pytest.param(
            "Constable Anjali Raghunathan January 14, 2026 spoke to me.",
            [Person("subject_officer", "Anjali Raghunathan", "Constable", "")],
            id="date-after-name",
        ),
        pytest.param(
            "Constable June Ward stopped me.",
            [Person("subject_officer", "June Ward", "Constable", "")],
            id="month-as-first-name",
        ),
    ],
)
def test_officers(text: str, expected: list[Person]) -> None:
    assert list(find_parties(text).officers) == expected


@pytest.mark.parametrize(
    ("text", "name"),
    [
        pytest.param(
            "Hello, my name is Oren B. Fisher and I live here.", "Oren Fisher", id="my-name-is"
        ),
        pytest.param(
            "Complainant\nTALBOT, Gwen\nIncident date", "Gwen Talbot", id="label-surname-first"
        ),
        pytest.param("Last name NORRIS\nFirst name Pia\n", "Pia Norris", id="form-fields"),
        pytest.param(
            "Bonjour, je m'appelle Hélène Roy et j'habite à Laval.", "Hélène Roy", id="fr"
        ),
        pytest.param(
            "From: DEV PATEL <dp@example.org>\nTo: x@example.org\n", "Dev Patel", id="email-sender"
        ),
    ],
)
def test_complainant(text: str, name: str) -> None:
    parties = find_parties(text)
    assert parties.complainant == Person("complainant", name)


@pytest.mark.parametrize(
    ("text", "names"),
    [
        pytest.param("A witness named Lola Brandt saw it.", ["Lola Brandt"], id="witness-named"),
        pytest.param("My neighbour, Omar Haddad, saw it all.", ["Omar Haddad"], id="neighbour"),
        pytest.param("Mon voisin, Luc Tardif, a tout vu.", ["Luc Tardif"], id="fr-voisin"),
        pytest.param(
            "The investigator interviewed BELL, Tara by telephone.", ["Tara Bell"], id="interviewed"
        ),
    ],
)
def test_witnesses(text: str, names: list[str]) -> None:
    assert [person.name for person in find_parties(text).witnesses] == names


@pytest.mark.parametrize(
    ("text", "service"),
    [
        pytest.param(
            "I complain about the Halton Regional Police Service.",
            "Halton Regional Police Service",
            id="regional",
        ),
        pytest.param(
            "Police service\nEdmonton Police Service\n", "Edmonton Police Service", id="form-label"
        ),
        pytest.param(
            "Officers of Avon and Somerset Constabulary stopped me.",
            "Avon and Somerset Constabulary",
            id="constabulary",
        ),
        pytest.param(
            "Plainte contre le Service de police de Laval au sujet",
            "Service de police de Laval",
            id="fr-service",
        ),
        pytest.param("Nothing here about anyone.", None, id="none"),
        pytest.param(
            "Independent Police Review Director\nFile 2026-0417\nYour complaint about the "
            "Hamilton Police Service was received.",
            "Hamilton Police Service",
            id="oversight-body-is-not-a-service",
        ),
        pytest.param(
            "The Independent Police Review Director has reviewed it.", None, id="only-oversight"
        ),
    ],
)
def test_police_service(text: str, service: str | None) -> None:
    assert find_parties(text).police_service == service


def test_location_from_form_label_and_narrative() -> None:
    assert find_parties("Location the north entrance of Union Station\n").incident_location == (
        "the north entrance of Union Station"
    )
    text = "I was cycling near the corner of King and Bay when a cruiser stopped."
    assert find_parties(text).incident_location == "the corner of King and Bay"
