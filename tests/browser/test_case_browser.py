"""The case page follows its documents' processing without wiping what the user is typing: it
replaces the status parts it fetched again, never a part with focus or changed fields in it.

The real app runs under uvicorn on a free localhost port (embedded SQLite); no worker runs:
the test moves the document along in the database, as the worker would.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, expect
from sqlalchemy import delete

from core.auth import create_user
from core.db import build_engine, build_sessionmaker, transaction
from core.models import Case, Document, Finding, Page
from core.settings import Settings
from core.vocab import DocumentStatus
from tests.browser.support import (
    embedded_settings,
    launched_browser,
    running_server,
    signed_in,
)

pytestmark = [pytest.mark.browser, pytest.mark.integration, pytest.mark.slow]

PASSWORD = "cora-password-1"


@pytest.fixture
def seeded(tmp_path: Path) -> tuple[Settings, int, int, int]:
    """A case with two uploaded documents the worker has not taken yet."""
    settings = embedded_settings(tmp_path)
    engine = build_engine(settings.database_url)
    with transaction(build_sessionmaker(engine)) as session:
        user = create_user(session, "cora", PASSWORD, ["coordinator"], "Cora Coordinator")
        case = Case(reference="CASE-2026-0001", title="Stop on Elm Street", jurisdiction="CA-ON")
        session.add(case)
        session.flush()
        documents = [
            Document(
                case_id=case.id, filename=name, sha256=name[0] * 64, size=10,
                status=DocumentStatus.STORED, created_by_id=user.id,
            )
            for name in ("statement.pdf", "notes.pdf")
        ]  # fmt: skip
        session.add_all(documents)
        session.flush()
        ids = case.id, documents[0].id, documents[1].id
    engine.dispose()
    return settings, *ids


@pytest.fixture
def browser() -> Iterator[Browser]:
    with launched_browser() as instance:
        yield instance


def _set_status(
    settings: Settings, document_id: int, status: str, message: str | None = None
) -> None:
    engine = build_engine(settings.database_url)
    with transaction(build_sessionmaker(engine)) as session:
        document = session.get(Document, document_id)
        assert document is not None
        document.status = status
        document.error_code = "encrypted_pdf" if message else None
        document.error_message = message
    engine.dispose()


def test_the_status_refreshes_and_half_filled_forms_stay(
    seeded: tuple[Settings, int, int, int], browser: Browser
) -> None:
    settings, case_id, statement, notes = seeded
    with running_server(settings) as server:
        page = signed_in(browser, server, "cora", PASSWORD, f"/cases/{case_id}", viewport=None)
        row = page.locator(f"#document-{statement}")
        expect(row.locator(".status")).to_have_text("stored")
        page.evaluate("window.__notReloaded = true")

        # Half-filled: the upload form's password and the allow list, the cursor in the list.
        page.fill("#upload-password", "half-typed")
        page.fill("#allow_terms", "Toronto Police Serv")
        _set_status(settings, statement, DocumentStatus.FAILED, "a password is needed")
        expect(row.locator(".status")).to_have_text("failed", timeout=15_000)
        expect(page.locator("#case-live")).to_contain_text("statement.pdf: failed")
        expect(page.locator(f"#password-{statement}")).to_be_visible()
        assert page.evaluate("window.__notReloaded") is True  # no reload: parts replaced
        expect(page.locator("#upload-password")).to_have_value("half-typed")
        expect(page.locator("#allow_terms")).to_have_value("Toronto Police Serv")
        expect(page.locator("#allow_terms")).to_be_focused()

        # Typing the document's password in its row: that row is left alone while it changes
        # (the other document is still pending, so the page keeps refreshing).
        page.fill(f"#password-{statement}", "sec")
        _set_status(settings, statement, DocumentStatus.FAILED, "the password was wrong")
        page.wait_for_timeout(4_000)  # more than one refresh
        expect(page.locator(f"#password-{statement}")).to_have_value("sec")
        expect(row).to_contain_text("a password is needed")

        # Left alone again, the row catches up; once nothing is pending the page stops.
        page.fill(f"#password-{statement}", "")
        page.locator("h1").click()
        _set_status(settings, notes, DocumentStatus.ANALYSED)
        expect(row).to_contain_text("the password was wrong", timeout=15_000)
        expect(page.locator(f"#document-{notes} .status")).to_have_text("analysed")
        expect(page.locator("#case-title")).to_have_attribute("data-pending", "false")
        expect(page.locator("#upload-password")).to_have_value("half-typed")
        assert page.evaluate("window.__notReloaded") is True


def _store_findings(settings: Settings, document_id: int) -> None:
    """The findings the worker stores for the document (replacing any it stored before)."""
    engine = build_engine(settings.database_url)
    with transaction(build_sessionmaker(engine)) as session:
        session.execute(delete(Finding).where(Finding.document_id == document_id))
        rows = [
            ("date", "date_of_birth", {"text": "March 3, 2026", "iso": "2026-03-03"}),
            ("date", "incident", {"text": "January 14, 2026", "iso": "2026-01-14"}),
            ("party", "police_service", {"name": "Independent Police"}),
            ("party", "police_service", {"name": "Hamilton Police Service"}),
            ("party", "subject_officer", {"name": "Anjali Raghunathan", "rank": "Constable"}),
        ]
        for kind, label, value in rows:
            session.add(Finding(document_id=document_id, kind=kind, label=label, value=value))
        document = session.get(Document, document_id)
        assert document is not None
        document.status = DocumentStatus.ANALYSED
    engine.dispose()


def test_a_coordinator_corrects_facts_and_they_survive_reanalysis(
    seeded: tuple[Settings, int, int, int], browser: Browser
) -> None:
    settings, case_id, statement, notes = seeded
    _store_findings(settings, statement)  # the notes are still being processed
    with running_server(settings) as server:
        page = signed_in(browser, server, "cora", PASSWORD, f"/cases/{case_id}")
        parties = page.locator("#parties")
        wrong = parties.locator("tr.police-service", has_text="Independent Police")
        wrong.locator("summary", has_text="Correct").click()
        page.locator("h1").click()  # no focus in the form: only its being open keeps it
        # The page refreshes its parts while the notes are processed; the open form stays.
        _set_status(settings, notes, DocumentStatus.ANALYSED)
        expect(page.locator(f"#document-{notes} .status")).to_have_text("analysed", timeout=15_000)
        expect(wrong.locator("details.correct")).to_have_attribute("open", "")
        wrong.get_by_role("button", name="Not a fact of this case: remove").click()
        expect(page.get_by_text("The police service was removed")).to_be_visible()
        expect(page.locator("#removed-facts")).to_contain_text("Independent Police")
        expect(parties.locator("tr.police-service")).to_have_count(1)

        dob = page.locator("#dates tr", has_text="2026-03-03")
        expect(dob.locator(".fact-role")).to_have_text("date of birth")
        dob.locator("summary", has_text="Correct").click()
        dob.get_by_label("What the date is").select_option("letter_date")
        dob.get_by_role("button", name="Save the correction").click()
        expect(dob.locator(".fact-role")).to_have_text("letter date")
        expect(dob.locator(".status")).to_have_text("corrected")

        # The worker analyses the document again: its findings are replaced, the corrections
        # stay (and nothing says "received" while no document states it).
        _store_findings(settings, statement)
        page.reload()
        expect(dob.locator(".fact-role")).to_have_text("letter date")
        expect(page.locator("#removed-facts")).to_contain_text("Independent Police")
        expect(page.locator("#parties tr.police-service")).to_have_text(
            re.compile(r"Hamilton Police Service")
        )


def _store_pages(settings: Settings, document_id: int, numbers: range, page_count: int) -> None:
    """Pages as the worker stores them, a range at a time, while the document is read."""
    engine = build_engine(settings.database_url)
    with transaction(build_sessionmaker(engine)) as session:
        document = session.get(Document, document_id)
        assert document is not None
        document.status = DocumentStatus.EXTRACTING
        document.page_count = page_count
        for number in numbers:
            session.add(
                Page(document_id=document_id, number=number, width=612.0, height=792.0, text="x")
            )
    engine.dispose()


def test_a_long_document_shows_its_pages_read_as_they_come(
    seeded: tuple[Settings, int, int, int], browser: Browser
) -> None:
    """Issue 16: processing progress by page for long documents, not only a status word; the
    bar moves on its own as the worker stores pages, and goes when the document is done."""
    settings, case_id, first, _ = seeded
    _store_pages(settings, first, range(1, 11), 200)
    with running_server(settings) as base:
        page = signed_in(browser, base, "cora", PASSWORD, f"/cases/{case_id}?lang=en")
        row = page.locator(f"#document-{first}")
        expect(row.locator(".page-progress")).to_contain_text("10/200 pages read")
        expect(row.locator("progress")).to_have_attribute("value", "10")
        _store_pages(settings, first, range(11, 101), 200)
        expect(row.locator(".page-progress")).to_contain_text("100/200 pages read", timeout=15_000)
        _set_status(settings, first, DocumentStatus.ANALYSED)
        expect(row.locator(".status")).to_have_text("analysed", timeout=15_000)
        expect(row.locator(".page-progress")).to_have_count(0)


def test_a_french_error_page_says_what_went_wrong_in_french(
    seeded: tuple[Settings, int, int, int], browser: Browser
) -> None:
    """Issue 16: French on every page, errors included: the page says in French what went
    wrong, keeps the header and links back; the refusing code's detail is marked English."""
    settings, case_id, _, _ = seeded
    with running_server(settings) as base:
        page = signed_in(browser, base, "cora", PASSWORD, f"/cases/{case_id}")
        page.goto(f"{base}/language/fr?next=/cases/{case_id}")  # chosen once, remembered
        page.goto(f"{base}/cases/999999")
        expect(page.locator("#error-lead")).to_have_text(
            "Ce que vous avez demandé est introuvable."
        )
        expect(page.locator('#error-detail [lang="en"]')).not_to_be_empty()
        expect(page.locator("nav")).to_contain_text("Dossiers")
        page.goto(f"{base}/requests")  # a coordinator may not open the FOI requests
        expect(page.locator("#error-lead")).to_have_text("Votre rôle ne permet pas cette action.")
