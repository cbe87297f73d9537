"""Case-level consistency: every mention of an identified person, in every document of a case."""

from __future__ import annotations

from redaction.analyzer import Analyzer
from redaction.consistency import (
    find_case_mentions,
    find_people,
    find_persons,
    person_name,
    split_name,
)
from redaction.findings import PiFinding
from tests.redaction.pi_helpers import covered, detect


def person(text: str, name: str, score: float = 0.9) -> PiFinding:
    start = text.index(name)
    return PiFinding("PERSON", start, start + len(name), score, "Test", text=name)


def test_split_name() -> None:
    assert split_name("Marisol K. Aberdeen") == ("Aberdeen", ["Marisol"], ["K"])
    assert split_name("ABERDEEN, Marisol") == ("ABERDEEN", ["Marisol"], [])
    assert split_name("J. O'Neil") == ("O'Neil", [], ["J"])


def test_mentions_across_documents() -> None:
    complaint = "My name is Marisol K. Aberdeen. Cst. Ravi Tulloch-Baines pushed me."
    report = (
        "ABERDEEN was interviewed. Aberdeen's account is consistent. Marisol said she was "
        "afraid. M. Aberdeen signed. Tulloch questioned her; Baines did not. T-B left."
    )
    texts = {"complaint": complaint, "report": report}
    findings = {
        "complaint": [
            person(complaint, "Marisol K. Aberdeen"),
            person(complaint, "Ravi Tulloch-Baines"),
        ],
        "report": [],
    }
    result = find_case_mentions(texts, findings)
    found = result["report"]
    for value in ("ABERDEEN", "Aberdeen", "Marisol", "M. Aberdeen", "Tulloch", "Baines"):
        assert covered(found, report, value, "PERSON"), value


def test_given_name_alone_only_when_unambiguous() -> None:
    first = "Ravi Okafor and Ravi Lindqvist were there."
    second = "Ravi said nothing. Okafor did."
    texts = {"a": first, "b": second}
    findings = {"a": [person(first, "Ravi Okafor"), person(first, "Ravi Lindqvist")], "b": []}
    found = find_case_mentions(texts, findings)["b"]
    assert [f.text for f in found] == ["Okafor"]


def test_lower_case_words_are_not_surnames() -> None:
    text = "Officer Young was young. Sgt. Price paid the price."
    findings = [person(text, "Young"), person(text, "Price")]
    found = find_case_mentions({"d": text}, {"d": findings})["d"]
    assert {f.text for f in found} == {"Young", "Price"}


def test_stable_labels() -> None:
    complaint = "Complainant: Imelda Vasquez-Roa. Witness: Tobias Grünewald. Cst. Lena Marchetti."
    later = "Vasquez-Roa spoke to Marchetti. Grünewald left."
    texts = {"complaint": complaint, "later": later}
    findings = {
        "complaint": [
            person(complaint, "Imelda Vasquez-Roa"),
            person(complaint, "Tobias Grünewald"),
            person(complaint, "Lena Marchetti"),
        ],
        "later": [],
    }
    result = find_case_mentions(texts, findings, labels=True)
    labels = {f.text: f.label for f in result["later"]}
    assert labels == {
        "Vasquez-Roa": "Complainant",
        "Marchetti": "Officer A",
        "Grünewald": "Witness 1",
    }
    again = find_case_mentions(texts, findings, labels=True)
    assert {f.text: f.label for f in again["later"]} == labels


def test_people_merge_by_surname_and_given_name() -> None:
    text = "Jun Zhang met S/Sgt. J. Zhang and Wei Zhang."
    findings = [person(text, "Jun Zhang"), person(text, "J. Zhang"), person(text, "Wei Zhang")]
    people = find_people({"d": findings})
    assert sorted(sorted(p.given) for p in people) == [["Jun"], ["Wei"]]


def test_end_to_end_with_analyzer(analyzer: Analyzer) -> None:
    first = "Det. Ingrid Solbakken-Moreau arrested me."
    second = (
        "SOLBAKKEN-MOREAU wrote in her notes that Ingrid was on duty. Moreau's notes were late."
    )
    findings = {"a": detect(analyzer, first), "b": detect(analyzer, second)}
    result = find_case_mentions({"a": first, "b": second}, findings)
    for value in ("SOLBAKKEN-MOREAU", "Ingrid", "Moreau"):
        assert covered(result["b"], second, value, "PERSON"), value


def test_each_form_of_a_name_belongs_to_one_person_and_shared_forms_to_nobody() -> None:
    text = "Cst. Jonas Whitfield and Dana Whitfield met Priya Okafor. Okafor's notes."
    people = find_people(
        {
            "d": [
                person(text, "Jonas Whitfield"),
                person(text, "Dana Whitfield"),
                person(text, "Priya Okafor"),
            ]
        }
    )
    jonas, dana, priya = (
        next(i for i, p in enumerate(people) if p.given == {given})
        for given in ("Jonas", "Dana", "Priya")
    )
    forms = [
        ("JONAS WHITFIELD", jonas), ("J. Whitfield", jonas), ("Jonas", jonas),
        ("Dana Whitfield", dana), ("Okafor's", priya), ("okafor", priya), ("P. Okafor", priya),
        ("Whitfield", None),  # two Whitfields: it could be either
        ("Whitfield and Okafor", None),  # two people
        ("Someone Else", None),
    ]  # fmt: skip
    findings = [PiFinding("PERSON", 0, len(form), 0.8, "Test", text=form) for form, _ in forms]
    assert find_persons(findings, people) == [index for _, index in forms]
    assert find_persons([PiFinding("PHONE_NUMBER", 0, 6, 0.9, "Test", text="Okafor")], people) == [
        None
    ]
    assert person_name(people[priya]) == "priya okafor"
    assert person_name(people[jonas]) != person_name(people[dana])
