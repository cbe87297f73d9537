"""Every page in the user's language, each role's own menu and start page, error pages."""

from __future__ import annotations

import re
from typing import Any

import pytest
from fastapi.testclient import TestClient

from api.i18n import LANGUAGE_COOKIE, STRINGS, browser_language

pytestmark = pytest.mark.db


def _csrf(html: str) -> str:
    match = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert match
    return match.group(1)


def _sign_in(client: TestClient, actor: Any) -> str:
    """Sign in without a ``next``: the answer is the role's start page."""
    form = client.get("/login")
    response = client.post(
        "/login",
        data={
            "username": actor.username,
            "password": actor.password,
            "csrf_token": _csrf(form.text),
        },
        follow_redirects=False,
    )
    assert response.status_code == 303, response.text
    return str(response.headers["location"])


def _menu(html: str) -> list[str]:
    nav = re.search(r'<nav[^>]*id="main-menu"[^>]*>(.*?)</nav>', html, re.S)
    assert nav, "the signed-in header has a menu"
    return re.findall(r'<a href="([^"]+)"', nav.group(1))


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("fr-CA,fr;q=0.9,en;q=0.8", "fr"),
        ("en-GB,en;q=0.9,fr;q=0.8", "en"),
        ("de-DE,de;q=0.9,fr;q=0.5,en;q=0.4", "fr"),
        ("fr;q=0.2, en;q=0.7", "en"),
        ("es, *;q=0.1", "en"),
        ("", "en"),
        ("fr;q=nonsense, en", "en"),
    ],
)
def test_browser_language_follows_the_q_weights(header: str, expected: str) -> None:
    assert browser_language(header) == expected


def test_a_french_browser_gets_french_pages_until_the_user_chooses(client: TestClient) -> None:
    french = client.get("/login", headers={"Accept-Language": "fr-CA,fr;q=0.9"})
    assert '<html lang="fr">' in french.text
    assert STRINGS["fr"]["sign_in"] in french.text
    assert STRINGS["en"]["user_name"] not in french.text

    chosen = client.get("/language/en?next=/login", follow_redirects=False)
    assert chosen.status_code == 303
    assert chosen.headers["location"] == "/login"
    assert client.cookies.get(LANGUAGE_COOKIE) == "en"
    remembered = client.get("/login", headers={"Accept-Language": "fr-CA,fr;q=0.9"})
    assert '<html lang="en">' in remembered.text
    assert STRINGS["en"]["user_name"] in remembered.text


def test_the_language_switch_stays_on_the_site(client: TestClient) -> None:
    away = client.get("/language/fr?next=//evil.example/phish", follow_redirects=False)
    assert away.headers["location"] == "/"
    unknown = client.get("/language/xx?next=/login", follow_redirects=False)
    assert LANGUAGE_COOKIE not in unknown.headers.get("set-cookie", "")


def test_a_french_user_sees_the_menu_roles_and_errors_in_french(
    client: TestClient, actors: Any
) -> None:
    client.get("/language/fr")
    _sign_in(client, actors["coordinator"])
    cases = client.get("/cases")
    fr = STRINGS["fr"]
    assert fr["nav_cases"] in cases.text and fr["sign_out"] in cases.text
    assert f"({fr['role_coordinator']})" in cases.text
    missing = client.get("/cases/999999", headers={"Referer": "http://testserver/cases"})
    assert missing.status_code == 404
    assert fr["error_title"] in missing.text
    assert fr["error_back"] in missing.text
    # What went wrong is said in French; the refusing code's own detail follows, marked English.
    assert fr["error_not_found"].replace("'", "&#39;") in missing.text
    assert f'{fr["error_detail"]} :</span> <span lang="en">' in missing.text
    refused = client.get("/requests")  # a coordinator may not open the FOI requests
    assert refused.status_code == 403
    assert fr["error_forbidden"].replace("'", "&#39;") in refused.text


def test_an_english_error_page_says_what_went_wrong_then_the_detail(
    client: TestClient, actors: Any
) -> None:
    _sign_in(client, actors["coordinator"])
    missing = client.get("/cases/999999?lang=en")
    en = STRINGS["en"]
    assert en["error_not_found"] in missing.text
    assert 'lang="en"' not in missing.text.split('id="error-detail"')[1][:80]


@pytest.mark.parametrize(
    ("role", "start", "menu"),
    [
        ("coordinator", "/cases", ["/cases", "/letters"]),
        ("foi_officer", "/requests", ["/cases", "/requests"]),
        ("team_lead", "/letters", ["/cases", "/letters"]),
        ("admin", "/cases", ["/cases"]),
    ],
)
def test_each_role_lands_on_its_start_page_and_sees_only_its_menu(
    client: TestClient, actors: Any, role: str, start: str, menu: list[str]
) -> None:
    assert _sign_in(client, actors[role]) == start
    page = client.get(start)
    assert page.status_code == 200
    assert _menu(page.text) == menu
    home = client.get("/", follow_redirects=False)
    assert home.headers["location"] == start


def test_an_explicit_next_still_wins_over_the_start_page(client: TestClient, actors: Any) -> None:
    form = client.get("/login?next=/cases")
    response = client.post(
        "/login",
        data={
            "username": actors["foi_officer"].username,
            "password": actors["foi_officer"].password,
            "csrf_token": _csrf(form.text),
            "next": "/cases",
        },
        follow_redirects=False,
    )
    assert response.headers["location"] == "/cases"


def test_a_visitor_at_the_root_is_sent_to_sign_in(client: TestClient) -> None:
    response = client.get("/", follow_redirects=False)
    assert response.headers["location"] == "/login"


def test_an_error_page_keeps_the_header_and_links_back(client: TestClient, actors: Any) -> None:
    _sign_in(client, actors["foi_officer"])
    missing = client.get("/requests/999999", headers={"Referer": "http://testserver/requests"})
    assert missing.status_code == 404
    assert _menu(missing.text) == ["/cases", "/requests"]
    assert 'id="error-back"' in missing.text and 'href="/requests"' in missing.text
    assert 'id="error-start"' in missing.text

    unknown = client.get("/no/such/page")
    assert unknown.status_code == 404
    assert STRINGS["en"]["http_404"] in unknown.text
    assert _menu(unknown.text) == ["/cases", "/requests"]

    # A referrer from another site is never offered as the way back.
    outside = client.get("/requests/999999", headers={"Referer": "https://evil.example/x"})
    assert 'id="error-back"' not in outside.text


def test_a_forbidden_page_names_the_problem_and_offers_the_start_page(
    client: TestClient, actors: Any
) -> None:
    _sign_in(client, actors["team_lead"])
    forbidden = client.get("/requests", headers={"Referer": "http://testserver/letters"})
    assert forbidden.status_code == 403
    assert _menu(forbidden.text) == ["/cases", "/letters"]
    assert 'href="/letters"' in forbidden.text


def test_a_signed_out_error_page_offers_sign_in(client: TestClient) -> None:
    unknown = client.get("/no/such/page")
    assert unknown.status_code == 404
    assert 'id="error-sign-in"' in unknown.text
    assert 'id="main-menu"' not in unknown.text
