"""Letter pages: draft from a case with the generated form, preview, submit; the team lead's
queue, side-by-side view, approve; values are escaped and every form carries its CSRF token."""

from __future__ import annotations

import re
from typing import Any

import pytest
from fastapi.testclient import TestClient

from api.state import AppState
from core.db import transaction
from core.models import Letter
from core.vocab import LetterStatus
from tests.api.letter_support import letter_form
from tests.api.test_pages import _sign_in
from worker.letters import render_letter_pdf
from worker.resources import build_resources

pytestmark = [pytest.mark.db]


def _case(client: TestClient, csrf: str) -> str:
    created = client.post(
        "/cases", data={"title": "Stop on King Street", "csrf_token": csrf}, follow_redirects=False
    )
    assert created.status_code == 303
    return str(created.headers["location"])


def _every_form_has_csrf(html: str) -> None:
    for form in re.findall(r"<form[^>]*method=\"post\".*?</form>", html, flags=re.S):
        assert 'name="csrf_token"' in form


def test_coordinator_drafts_and_team_lead_approves(
    client: TestClient, actors: dict[str, Any], state: AppState
) -> None:
    csrf = _sign_in(client, actors["coordinator"])
    case_url = _case(client, csrf)
    case_page = client.get(case_url).text
    assert "Draft a letter" in case_page
    new_url = f"{case_url}/letters/new"
    chooser = client.get(new_url)
    assert chooser.status_code == 200
    assert "acknowledgement/standard" in chooser.text

    form_page = client.get(new_url, params={"slot": "acknowledgement/standard", "lang": "en"})
    assert form_page.status_code == 200
    _every_form_has_csrf(form_page.text)
    reference = re.search(r"(CASE-\d{4}-\d{4})", case_page)
    assert reference and f'value="{reference.group(1)}"' in form_page.text  # prefilled
    assert 'name="allegations.0.category"' in form_page.text
    assert 'name="recipient.address_lines"' in form_page.text

    # An incomplete form comes back with what is missing and the typed values kept.
    form = letter_form()
    del form["complainant"]
    form["recipient.name"] = "<script>alert(1)</script> & Co"
    refused = client.post(f"{case_url}/letters", data={**form, "csrf_token": csrf})
    assert refused.status_code == 422
    assert '<a href="#f-complainant">Complainant</a>: required' in refused.text
    assert 'id="f-complainant-error">Complainant: required<' in refused.text
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; Co" in refused.text
    assert "<script>alert(1)" not in refused.text

    form = letter_form()
    form["complainant"] = "Zoë <Brown> & Sons"
    created = client.post(
        f"{case_url}/letters", data={**form, "csrf_token": csrf}, follow_redirects=False
    )
    assert created.status_code == 303, created.text
    letter_url = created.headers["location"]
    preview = client.get(letter_url)
    assert preview.status_code == 200
    _every_form_has_csrf(preview.text)
    assert "Zoë &lt;Brown&gt; &amp; Sons" in preview.text  # the DOCX text, escaped
    assert "The PDF is being made" in preview.text
    submitted = client.post(f"{letter_url}/submit", data={"csrf_token": csrf})
    assert submitted.status_code == 200
    assert "Submitted for approval" in submitted.text
    letter_id = int(letter_url.rsplit("/", 1)[1])

    client.cookies.clear()
    csrf = _sign_in(client, actors["team_lead"])
    queue = client.get("/letters")
    assert 'id="approval-queue"' in queue.text
    assert f'href="/letters/{letter_id}"' in queue.text
    waiting = client.get(letter_url)
    assert re.search(r'id="approve-letter"\s+disabled', waiting.text)

    resources = build_resources(state.settings)
    try:
        assert render_letter_pdf(resources, letter_id)
    finally:
        resources.engine.dispose()
    review = client.get(letter_url)
    assert f'<iframe id="letter-pdf" src="/api/letters/{letter_id}/pdf"' in review.text
    assert 'id="case-facts"' in review.text
    assert client.get(f"/api/letters/{letter_id}/pdf").content.startswith(b"%PDF-")

    approved = client.post(f"{letter_url}/approve", data={"csrf_token": csrf})
    assert approved.status_code == 200
    assert "Approved" in approved.text
    assert 'id="letter-status">approved<' in approved.text
    assert "Edit the letter" not in approved.text
    issued = client.post(
        f"{letter_url}/issue",
        data={"csrf_token": csrf, "channel": "mail", "issued_on": "2026-03-05"},
    )
    assert "issued 2026-03-05 by mail" in issued.text


def test_team_lead_returns_with_a_comment_and_author_sees_it(
    client: TestClient, actors: dict[str, Any]
) -> None:
    csrf = _sign_in(client, actors["coordinator"])
    case_url = _case(client, csrf)
    created = client.post(
        f"{case_url}/letters", data={**letter_form(), "csrf_token": csrf}, follow_redirects=False
    )
    letter_url = created.headers["location"]
    client.post(f"{letter_url}/submit", data={"csrf_token": csrf})
    forged = client.post(f"{letter_url}/approve", data={})
    assert forged.status_code == 403  # no CSRF token, and not a team lead anyway

    client.cookies.clear()
    csrf = _sign_in(client, actors["team_lead"])
    returned = client.post(
        f"{letter_url}/return", data={"csrf_token": csrf, "comment": "Cite <s. 158>."}
    )
    assert returned.status_code == 200
    assert "Cite &lt;s. 158&gt;." in returned.text

    client.cookies.clear()
    csrf = _sign_in(client, actors["coordinator"])
    page = client.get(letter_url).text
    assert "Cite &lt;s. 158&gt;." in page
    assert "Edit the letter" in page
    edit = client.get(f"{letter_url}/edit")
    assert edit.status_code == 200
    saved = client.post(
        f"{letter_url}/edit",
        data={**letter_form(), "section": "s. 158(1)", "csrf_token": csrf},
        follow_redirects=False,
    )
    assert saved.status_code == 303
    assert 'id="letter-status">draft<' in client.get(letter_url).text


def _created_letter(client: TestClient, csrf: str, **changes: str) -> str:
    case_url = _case(client, csrf)
    created = client.post(
        f"{case_url}/letters",
        data={**letter_form(), **changes, "csrf_token": csrf},
        follow_redirects=False,
    )
    assert created.status_code == 303, created.text
    return str(created.headers["location"])


def test_the_edit_form_of_a_frozen_letter_does_not_open(
    client: TestClient, actors: dict[str, Any], state: AppState
) -> None:
    csrf = _sign_in(client, actors["coordinator"])
    letter_url = _created_letter(client, csrf)
    letter_id = int(letter_url.rsplit("/", 1)[1])
    with transaction(state.sessions) as session:
        letter = session.get(Letter, letter_id)
        assert letter is not None
        letter.status = LetterStatus.APPROVED
    opened = client.get(f"{letter_url}/edit")
    assert opened.status_code == 200
    assert str(opened.url).split("?")[0].endswith(letter_url)  # sent back to the letter
    assert 'id="letter-form"' not in opened.text
    assert "This letter is approved and cannot be edited." in opened.text


def test_resubmitted_letter_shows_the_lead_what_changed_and_the_author_the_comment(
    client: TestClient, actors: dict[str, Any]
) -> None:
    csrf = _sign_in(client, actors["coordinator"])
    letter_url = _created_letter(client, csrf)
    client.post(f"{letter_url}/submit", data={"csrf_token": csrf})
    client.cookies.clear()
    csrf = _sign_in(client, actors["team_lead"])
    client.post(f"{letter_url}/return", data={"csrf_token": csrf, "comment": "Cite s. 158(1)."})

    client.cookies.clear()
    csrf = _sign_in(client, actors["coordinator"])
    page = client.get(letter_url).text
    assert 'id="return-comment"' in page and "Cite s. 158(1)." in page
    edit = client.get(f"{letter_url}/edit").text
    assert 'id="return-comment"' in edit and "Cite s. 158(1)." in edit
    client.post(
        f"{letter_url}/edit",
        data={**letter_form(), "section": "s. 158(1)", "csrf_token": csrf},
        follow_redirects=False,
    )
    client.post(f"{letter_url}/submit", data={"csrf_token": csrf})

    client.cookies.clear()
    _sign_in(client, actors["team_lead"])
    review = client.get(letter_url).text
    changes = review.split('id="letter-changes"', 1)[1].split("</div>", 1)[0]
    assert "<td>Section</td><td>s. 158</td><td><ins>s. 158(1)</ins></td>" in changes
    assert "Your comment: Cite s. 158(1)." in changes
    assert changes.count("<tr>") == 2  # the header row and the one change


def test_the_installation_letterhead_replaces_the_organisation_fields(
    client: TestClient, actors: dict[str, Any], state: AppState
) -> None:
    state.settings.organisation_name = "Office of the Complaints Commissioner"
    state.settings.organisation_address = "1 Main Street, Toronto ON"
    state.settings.organisation_phone = "416-555-0100"
    state.settings.organisation_email = "letters@occ.example.ca"
    csrf = _sign_in(client, actors["coordinator"])
    case_url = _case(client, csrf)
    form_page = client.get(
        f"{case_url}/letters/new", params={"slot": "acknowledgement/standard", "lang": "en"}
    ).text
    assert 'id="letterhead"' in form_page
    assert "Office of the Complaints Commissioner" in form_page
    assert 'name="organisation.name"' not in form_page
    form = {k: v for k, v in letter_form().items() if not k.startswith("organisation.")}
    created = client.post(
        f"{case_url}/letters", data={**form, "csrf_token": csrf}, follow_redirects=False
    )
    assert created.status_code == 303, created.text
    preview = client.get(created.headers["location"]).text
    assert "Office of the Complaints Commissioner" in preview
    assert "Police Complaints Review Office" not in preview  # the sample's organisation
