"""Policies as data: exemption codes per jurisdiction, the requester, per-case allow/deny lists."""

from __future__ import annotations

import pytest

from core.errors import InvalidInput
from core.vocab import ENTITY_TYPES, JURISDICTIONS
from redaction.analyzer import Analyzer
from redaction.policy import CaseLists, Requester, apply_policy, exemption_code, load_policy
from tests.redaction.pi_helpers import detect

TEXT = (
    "My name is Dolores Fairweather-Kimani, e-mail dfk@example.net, phone 613-555-0123. "
    "Cst. Arvid Lindgren (badge #4471) and my neighbour Priya Santhanam saw it. "
    "Fairweather-Kimani is my family name. The Ottawa Police Service was told."
)


@pytest.mark.parametrize(
    ("jurisdiction", "code"),
    [
        pytest.param("CA-ON", "s.21(1)", id="on"),
        pytest.param("CA-ON-MUN", "s.14(1)", id="on-mun"),
        pytest.param("CA-FED", "s.19(1)", id="fed"),
        pytest.param("UK-ENG", "s.40(2)", id="eng"),
        pytest.param("UK-WLS", "s.40(2)", id="wls"),
    ],
)
def test_exemption_codes(jurisdiction: str, code: str) -> None:
    assert exemption_code("PERSON", jurisdiction) == code


def test_every_type_and_jurisdiction_has_a_code() -> None:
    for jurisdiction in JURISDICTIONS:
        for entity_type in ENTITY_TYPES:
            assert exemption_code(entity_type, jurisdiction)
    assert "s.21(3)(a)" in exemption_code("MEDICAL", "CA-ON")


def test_unknown_names_are_refused() -> None:
    with pytest.raises(InvalidInput):
        exemption_code("PERSON", "XX")
    with pytest.raises(InvalidInput):
        load_policy("../public")


def test_public_policy_withholds_every_name_with_codes(analyzer: Analyzer) -> None:
    policy = load_policy("public")
    assert policy.entity_types == frozenset(ENTITY_TYPES)
    findings = apply_policy(TEXT, detect(analyzer, TEXT), policy=policy, jurisdiction="CA-ON-MUN")
    withheld = {f.text for f in findings}
    assert {"Arvid Lindgren", "Priya Santhanam", "4471", "dfk@example.net"} <= withheld
    assert any("Fairweather-Kimani" in t for t in withheld)
    assert all(f.exemption_code == "s.14(1)" for f in findings)
    assert not any("Ottawa" in t for t in withheld)


def test_requester_policy_leaves_the_requesters_own_information(analyzer: Analyzer) -> None:
    requester = Requester(
        names=("Dolores Fairweather-Kimani",), identifiers=("dfk@example.net", "6135550123")
    )
    findings = apply_policy(
        TEXT, detect(analyzer, TEXT), policy=load_policy("requester"), requester=requester
    )
    withheld = {f.text for f in findings}
    assert not any("Fairweather" in t or "Dolores" in t for t in withheld)
    assert "dfk@example.net" not in withheld and "613-555-0123" not in withheld
    assert {"Arvid Lindgren", "Priya Santhanam"} <= withheld
    labels = {f.text: f.label for f in findings if f.entity_type == "PERSON"}
    assert labels["Arvid Lindgren"] == "Officer A"


def test_case_allow_and_deny_lists(analyzer: Analyzer) -> None:
    lists = CaseLists(allow=("Priya Santhanam",), deny=(("family name", "PERSON"),))
    findings = apply_policy(
        TEXT, detect(analyzer, TEXT), policy=load_policy("public"), case_lists=lists
    )
    withheld = {f.text for f in findings}
    assert "Priya Santhanam" not in withheld
    assert "family name" in withheld
