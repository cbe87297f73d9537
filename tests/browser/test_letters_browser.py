"""A coordinator drafts and submits a letter in a real browser; a team lead approves it.

The real app runs under uvicorn on a free localhost port (embedded SQLite, filesystem broker)
and a real `casedesk worker` makes the PDF the team lead looks at before approving.
"""

from __future__ import annotations

import re
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from core.auth import create_user
from core.db import build_engine, build_sessionmaker, transaction
from core.settings import Settings
from tests.api.letter_support import letter_form
from tests.browser.support import (
    embedded_settings,
    launched_browser,
    running_server,
    running_worker,
)
from tests.support import REPO

pytestmark = [pytest.mark.browser, pytest.mark.integration, pytest.mark.slow]

ARTIFACTS = REPO / "test-artifacts"
PASSWORDS = {"cora": "cora-password-1", "lee": "lee-password-1"}
# Each role lands on its own start page: the coordinator on the cases, the lead on the letters.
START_PAGES = {"cora": "/cases", "lee": "/letters"}
# Generous: the worker loads its models and starts LibreOffice; nothing here is a timing check.
SLOW_MS = 180_000


@pytest.fixture
def app_settings(tmp_path: Path) -> Settings:
    settings = embedded_settings(tmp_path)
    engine = build_engine(settings.database_url)
    with transaction(build_sessionmaker(engine)) as session:
        create_user(session, "cora", PASSWORDS["cora"], ["coordinator"], "Cora Coordinator")
        create_user(session, "lee", PASSWORDS["lee"], ["team_lead"], "Lee Lead")
    engine.dispose()
    return settings


@pytest.fixture
def server(app_settings: Settings) -> Iterator[str]:
    with running_server(app_settings) as base:
        yield base


@pytest.fixture
def worker(app_settings: Settings, tmp_path: Path) -> Iterator[subprocess.Popen[bytes]]:
    with running_worker(app_settings, tmp_path / "worker.log") as process:
        yield process


@pytest.fixture
def browser() -> Iterator[Browser]:
    with launched_browser() as instance:
        yield instance


def _sign_in(page: Page, base: str, username: str) -> None:
    page.goto(f"{base}/login")
    page.fill("#username", username)
    page.fill("#password", PASSWORDS[username])
    page.click("button[type=submit]")
    expect(page).to_have_url(f"{base}{START_PAGES[username]}")


def _shot(page: Page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"letters-{name}.png"), full_page=True)


def test_coordinator_drafts_and_team_lead_approves(
    server: str, worker: subprocess.Popen[bytes], browser: Browser
) -> None:
    coordinator = browser.new_context().new_page()
    _sign_in(coordinator, server, "cora")
    coordinator.fill("#title", "Stop on Spadina Avenue")
    coordinator.click("text=Open case")
    coordinator.click("#draft-letter")
    coordinator.select_option("#slot", "acknowledgement/standard")
    coordinator.click("#choose-kind")
    reference = coordinator.input_value("#f-reference")
    assert reference.startswith("CASE-")  # prefilled from the case
    for name, value in letter_form().items():
        if name in ("slot", "lang", "reference"):
            continue
        field = coordinator.locator(f'[name="{name}"]')
        if field.count() == 0:
            continue  # the form offers one allegation and one officer row at first
        if field.evaluate("element => element.tagName") == "SELECT":
            field.select_option(value)
        else:
            field.fill(value)
    _shot(coordinator, "1-draft-form")
    coordinator.click("#save-letter")
    expect(coordinator.locator("#letter-status")).to_have_text("draft")
    expect(coordinator.locator("#letter-text")).to_contain_text(reference)
    _shot(coordinator, "2-preview")
    coordinator.click("#submit-letter")
    # The submit redirects to the letter with a message: wait for it, or the next goto races it.
    coordinator.wait_for_url(re.compile(r"\?message="))
    expect(coordinator.locator("#letter-status")).to_have_text("submitted")
    letter_url = coordinator.url.split("?")[0]
    _shot(coordinator, "3-submitted")

    lead = browser.new_context().new_page()
    _sign_in(lead, server, "lee")
    lead.click("text=Letters")
    queue = lead.locator("#approval-queue")
    expect(queue).to_contain_text("acknowledgement/standard")
    _shot(lead, "4-queue")
    queue.locator(f'a[href="{letter_url.removeprefix(server)}"]').click()
    expect(lead.locator("#case-facts")).to_contain_text(reference)
    # The page refreshes itself until the worker has made the PDF.
    expect(lead.locator("#letter-pdf")).to_be_visible(timeout=SLOW_MS)
    expect(lead.locator("#approve-letter")).to_be_enabled()
    _shot(lead, "5-side-by-side")
    lead.click("#approve-letter")
    expect(lead.locator("#letter-status")).to_have_text("approved")
    expect(lead.locator("#letter-actions")).to_contain_text("Frozen: DOCX sha256")
    _shot(lead, "6-approved")
    assert worker.poll() is None, "the worker stopped"


def test_refused_values_are_shown_beside_their_fields(server: str, browser: Browser) -> None:
    """No worker: a refused form never reaches it. The summary names fields by their label,
    each message sits beside its field, and a summary link takes the user to the field."""
    page = browser.new_context().new_page()
    _sign_in(page, server, "cora")
    page.fill("#title", "Stop on Bloor Street")
    page.click("text=Open case")
    page.click("#draft-letter")
    page.select_option("#slot", "acknowledgement/standard")
    page.click("#choose-kind")
    for name, value in letter_form().items():
        if name in ("slot", "lang", "reference", "recipient.address_lines"):
            continue
        field = page.locator(f'[name="{name}"]')
        if field.count() == 0:
            continue
        if field.evaluate("element => element.tagName") == "SELECT":
            field.select_option(value)
        else:
            field.fill(value)
    page.fill('[name="recipient.address_lines"]', "")
    page.fill('[name="recipient.salutation"]', "Dear Ms. Tremblay:")
    page.fill('[name="section"]', "160")
    page.fill('[name="screening_decision_by"]', "2026-01-01")  # before the letter date
    page.click("#save-letter")

    summary = page.locator("#form-errors")
    expect(summary).to_be_visible()
    expect(summary).not_to_contain_text("recipient.address_lines")
    expect(summary).to_contain_text("Address lines: required")
    expect(summary).to_contain_text("Section: write the provision as it reads in a sentence")
    expect(page.locator("#f-recipient-address_lines-error")).to_have_text("Address lines: required")
    expect(page.locator("#f-section-error")).to_contain_text('"s. 160"')
    expect(page.locator("#f-section")).to_have_attribute("aria-invalid", "true")
    _shot(page, "7-refused")
    summary.locator('a[href="#f-recipient-address_lines"]').click()
    expect(page.locator("#f-recipient-address_lines")).to_be_in_viewport()

    # The section corrected and the address given, the promised date is the next refusal.
    page.fill('[name="section"]', "s. 160")
    page.fill('[name="recipient.address_lines"]', "1 King Street\nToronto ON")
    page.click("#save-letter")
    expect(page.locator("#f-screening_decision_by-error")).to_contain_text(
        "must be after the letter date"
    )
    page.fill('[name="screening_decision_by"]', "2027-01-01")
    page.click("#save-letter")
    expect(page.locator("#letter-status")).to_have_text("draft")
    expect(page.locator("#letter-text")).to_contain_text("Dear Ms. Tremblay:")
    expect(page.locator("#letter-text")).not_to_contain_text("Dear Dear")
    expect(page.locator("#letter-text")).to_contain_text("under s. 160 of")


def test_returned_letter_comment_and_changes_reach_who_needs_them(
    server: str, browser: Browser
) -> None:
    """No worker: returning needs no PDF. The author sees the lead's comment where they edit;
    the lead sees what changed when the letter comes back."""
    coordinator = browser.new_context().new_page()
    _sign_in(coordinator, server, "cora")
    coordinator.fill("#title", "Stop on Queen Street")
    coordinator.click("text=Open case")
    coordinator.click("#draft-letter")
    coordinator.select_option("#slot", "acknowledgement/standard")
    coordinator.click("#choose-kind")
    for name, value in letter_form().items():
        if name in ("slot", "lang", "reference"):
            continue
        field = coordinator.locator(f'[name="{name}"]')
        if field.count() == 0:
            continue
        if field.evaluate("element => element.tagName") == "SELECT":
            field.select_option(value)
        else:
            field.fill(value)
    coordinator.click("#save-letter")
    coordinator.click("#submit-letter")
    # The submit redirects to the letter with a message: wait for it, or the next goto races it.
    coordinator.wait_for_url(re.compile(r"\?message="))
    expect(coordinator.locator("#letter-status")).to_have_text("submitted")
    letter_url = coordinator.url.split("?")[0]

    lead = browser.new_context().new_page()
    _sign_in(lead, server, "lee")
    lead.goto(letter_url)
    lead.fill("#comment", "Cite the subsection: s. 158(1).")
    lead.click("#return-letter")
    expect(lead.locator("#letter-status")).to_have_text("returned")

    coordinator.goto(letter_url)
    expect(coordinator.locator("#return-comment")).to_contain_text("s. 158(1).")
    coordinator.click("text=Edit the letter")
    expect(coordinator.locator("#return-comment")).to_contain_text("Cite the subsection")
    coordinator.fill('[name="section"]', "s. 158(1)")
    coordinator.click("#save-letter")
    coordinator.click("#submit-letter")
    # The submit redirects to the letter with a message: wait for it, or the next goto races it.
    coordinator.wait_for_url(re.compile(r"\?message="))
    expect(coordinator.locator("#letter-status")).to_have_text("submitted")

    lead.goto(letter_url)
    changes = lead.locator("#letter-changes")
    expect(changes).to_contain_text("Your comment: Cite the subsection: s. 158(1).")
    row = changes.locator("tbody tr")
    expect(row).to_have_count(1)
    expect(row).to_contain_text("Section")
    expect(row.locator("ins")).to_have_text("s. 158(1)")
    _shot(lead, "8-changes-since-return")

    # Typing the edit address of a letter that is not the author's to edit opens no form.
    coordinator.goto(f"{letter_url}/edit")
    expect(coordinator).to_have_url(re.compile(rf"{re.escape(letter_url)}\?message="))
    expect(coordinator.locator("#letter-form")).to_have_count(0)
    expect(
        coordinator.get_by_text("This letter is submitted and cannot be edited.")
    ).to_be_visible()
