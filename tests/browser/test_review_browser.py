"""An FOI officer reviews a request in a real browser, builds the package on a real worker and
releases it; the released package passes the release gate.

The real app runs under uvicorn on a free localhost port (embedded SQLite, filesystem broker);
Chromium is Debian's, driven by Playwright. Screenshots go to test-artifacts/.
"""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from playwright.sync_api import Browser, Page, expect

from api.state import build_state
from core.auth import create_user
from core.db import build_engine, build_sessionmaker, transaction
from core.models import DisclosureRequest, PageDisposition
from core.settings import Settings
from redaction.verify import verify_output
from tests.api.disclosure_support import (
    make_case,
    make_pdf,
    make_request,
    page_lines,
    seed_document,
)
from tests.browser.support import (
    embedded_settings,
    launched_browser,
    running_server,
    running_worker,
)
from tests.support import REPO

pytestmark = [pytest.mark.browser, pytest.mark.integration, pytest.mark.slow]

ARTIFACTS = REPO / "test-artifacts"
PASSWORD = "fran-password-1"
SLOW_MS = 180_000  # a bounded wait for the worker (it loads its models first)


@pytest.fixture
def seeded(tmp_path: Path) -> tuple[Settings, int, list[int]]:
    settings = embedded_settings(tmp_path)
    engine = build_engine(settings.database_url)
    with transaction(build_sessionmaker(engine)) as session:
        officer = create_user(session, "fran", PASSWORD, ["foi_officer"], "Fran Officer")
        officer_id = officer.id
    engine.dispose()
    state = build_state(settings)
    try:
        first = seed_document(state, make_case(state, "First"),
                              make_pdf([page_lines(p) for p in (1, 2, 3)]))  # fmt: skip
        second = seed_document(state, make_case(state, "Second"),
                               make_pdf([page_lines(p, doc=2) for p in (1, 2)]))  # fmt: skip
        request_id = make_request(state, officer_id, [first, second])
    finally:
        state.engine.dispose()
    return settings, request_id, [first, second]


@pytest.fixture
def server(seeded: tuple[Settings, int, list[int]]) -> Iterator[str]:
    with running_server(seeded[0]) as base:
        yield base


@pytest.fixture
def worker(
    seeded: tuple[Settings, int, list[int]], tmp_path: Path
) -> Iterator[subprocess.Popen[bytes]]:
    with running_worker(seeded[0], tmp_path / "worker.log") as process:
        yield process


@pytest.fixture
def browser() -> Iterator[Browser]:
    with launched_browser() as instance:
        yield instance


def _shot(page: Page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"review-{name}.png"), full_page=True)


def _image_ready(page: Page) -> None:
    page.wait_for_function(
        "() => { const i = document.getElementById('page-image');"
        " return i.complete && i.naturalWidth > 0 && document.querySelectorAll('.rbox').length >= 0; }"
    )


def test_officer_reviews_builds_and_releases(
    seeded: tuple[Settings, int, list[int]],
    server: str,
    worker: subprocess.Popen[bytes],
    browser: Browser,
) -> None:
    settings, request_id, documents = seeded
    page = browser.new_context(viewport={"width": 1500, "height": 1000}).new_page()
    page.goto(f"{server}/login?next=/requests")
    page.fill("#username", "fran")
    page.fill("#password", PASSWORD)
    page.click("button[type=submit]")
    expect(page).to_have_url(f"{server}/requests")
    page.click(f"a[href='/requests/{request_id}?lang=en']")
    expect(page.locator("#due-on")).not_to_be_empty()
    page.click("#open-review")
    _image_ready(page)
    expect(page.locator(".rbox.proposed").first).to_be_visible()
    _shot(page, "1-opened")

    # French and back: the interface strings switch.
    page.click("#lang-switch")
    expect(page.locator("#bulk-accept")).to_have_text("Tout accepter")
    page.click("#lang-switch")
    expect(page.locator("#bulk-accept")).to_have_text("Accept all")
    _image_ready(page)

    # Accept every PERSON box of the request at once.
    page.select_option("#bulk-type", "PERSON")
    page.click("#bulk-accept")
    expect(page.locator("#live")).to_contain_text("PERSON: 10")
    expect(page.locator(".rbox.proposed[data-type=PERSON]")).to_have_count(0)
    expect(page.locator(".rbox.accepted[data-type=PERSON]")).to_have_count(2)

    # Keyboard: next box, reject it (the phone number stays readable in the package).
    page.locator("#page-frame").focus()
    page.keyboard.press("n")
    page.keyboard.press("n")
    page.keyboard.press("n")
    expect(page.locator("#d-type")).to_have_text("PHONE_NUMBER")
    page.keyboard.press("r")
    expect(page.locator("#live")).to_contain_text("rejected")
    expect(page.locator("#review-progress")).to_contain_text("11/15")
    expect(page.locator("#page-label")).to_have_text("Page 2 of 3")  # moved on to the next box

    # Draw a box by dragging over blank space on the page image.
    accepted_before = page.locator(".rbox.accepted").count()
    box = page.locator("#page-image").bounding_box()
    assert box is not None
    start = (box["x"] + box["width"] * 0.30, box["y"] + box["height"] * 0.55)
    end = (box["x"] + box["width"] * 0.55, box["y"] + box["height"] * 0.60)
    page.mouse.move(*start)
    page.mouse.down()
    page.mouse.move(*end, steps=8)
    page.mouse.up()
    expect(page.locator("#live")).to_contain_text("Box added")
    expect(page.locator(".rbox.accepted")).to_have_count(accepted_before + 1)

    # Box two words by selecting them (one line: one box). They are unique to this page, so
    # the release gate finds them nowhere else.
    page.click("#select-words")
    words = page.locator("#words .word")
    expect(words.first).to_be_visible()
    page.locator('#words .word[aria-label="Paragraph"]').first.click()
    page.locator('#words .word[aria-label="1-2:"]').first.click()
    expect(page.locator("#words .word.chosen")).to_have_count(2)
    page.click("#box-words")
    expect(page.locator(".rbox.accepted")).to_have_count(accepted_before + 2)
    page.click("#select-words")
    _shot(page, "2-reviewed")

    # Withhold page 3 of the first document.
    page.click("#next-page")
    expect(page.locator("#page-label")).to_have_text("Page 3 of 3")
    page.select_option("#disposition", "withheld_in_full")
    expect(page.locator("#live")).to_contain_text("Withheld in full")
    expect(page.locator("#review-progress")).to_contain_text("1/5 pages reviewed")
    _shot(page, "3-withheld")

    # Build the package on the worker, then release it.
    page.click("#run-job")
    expect(page.locator("#release")).to_be_enabled(timeout=SLOW_MS)
    expect(page.locator("#download-pdf")).to_be_visible()
    _shot(page, "4-package-built")
    page.click("#release")
    expect(page.locator("#request-status")).to_have_text("released", timeout=30_000)
    expect(page.locator("#released-note")).to_be_visible()
    _shot(page, "5-released")

    engine = build_engine(settings.database_url)
    sessions = build_sessionmaker(engine)
    with sessions() as session:
        request = session.get(DisclosureRequest, request_id)
        assert request is not None and request.package_sha256
        sha = request.package_sha256
        withheld = (
            session.query(PageDisposition)
            .filter(
                PageDisposition.request_id == request_id,
                PageDisposition.disposition == "withheld_in_full",
            )
            .count()
        )
    engine.dispose()
    assert withheld == 1
    state = build_state(settings)
    try:
        pdf = state.blobs.read_bytes(sha)
    finally:
        state.engine.dispose()
    report = verify_output(pdf, [("Marguerite Okonkwo", "PERSON"), ("Theodore Vasquez", "PERSON")])
    assert report.passed, report.summary()
    doc = pdfium.PdfDocument(pdf)
    try:
        texts = [doc[i].get_textpage().get_text_range() for i in range(len(doc))]
    finally:
        doc.close()
    assert len(texts) == 1 + (3 - 1) + 2 + 1
    assert "Statement page 3 of document 1" not in "\n".join(texts)
    assert "Statement page 2 of document 1" in "\n".join(texts)
    assert "416-555-0199" in "\n".join(texts)  # rejected on one page only: others stayed too
    assert len(documents) == 2
