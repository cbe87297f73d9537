"""An FOI officer reviews a request in a real browser, builds the package on a real worker and
releases it; the released package passes the release gate.

The real app runs under uvicorn on a free localhost port (embedded SQLite, filesystem broker);
Chromium is Debian's, driven by Playwright. Screenshots go to test-artifacts/.
"""

from __future__ import annotations

import io
import re
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pdfplumber
import pypdfium2 as pdfium
import pytest
from playwright.sync_api import Browser, Page, expect
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from api.foi import decisions, jobs, requests
from api.state import build_state
from core.auth import create_user
from core.db import build_engine, build_sessionmaker, transaction
from core.models import (
    DisclosureRequest,
    Finding,
    PageDisposition,
    Redaction,
    ReviewDecision,
    User,
)
from core.settings import Settings
from redaction.auto import text_hmac
from redaction.pdf_text import page_words
from redaction.verify import verify_output
from tests.api.disclosure_support import (
    make_case,
    make_pdf,
    make_request,
    offset_pdf,
    page_lines,
    run_job_inline,
    seed_document,
    settle_request,
)
from tests.browser.support import (
    embedded_settings,
    launched_browser,
    running_server,
    running_worker,
    signed_in,
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
        " return i !== null && i.complete && i.naturalWidth > 0 && document.querySelectorAll('.rbox').length >= 0; }"
    )


def test_officer_reviews_builds_and_releases(
    seeded: tuple[Settings, int, list[int]],
    server: str,
    worker: subprocess.Popen[bytes],
    browser: Browser,
) -> None:
    settings, request_id, documents = seeded
    page = signed_in(browser, server, "fran", PASSWORD, "/requests")
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
    expect(page.locator("#bulk-preview .bulk-row")).to_have_count(2)  # two names, 5 each
    page.click("#bulk-apply")
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
    expect(page.locator("#value-note")).to_be_hidden()  # no box withholds that number
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

    # The review is not finished (phone numbers still proposed, pages without a
    # disposition): the build is refused and the panel names what is left, by box id.
    page.click("#run-job")
    expect(page.locator("#job-errors li[data-box]").first).to_be_visible()
    expect(page.locator("#job-errors li[data-page]").first).to_be_visible()
    expect(page.locator("#release")).to_be_disabled()
    engine = build_engine(settings.database_url)
    with transaction(build_sessionmaker(engine)) as session:
        officer = session.execute(select(User).where(User.username == "fran")).scalar_one()
        # The other phone numbers are released on purpose, every other page in part.
        settle_request(
            session, officer, requests.get_request(session, request_id), proposed="reject"
        )
    engine.dispose()
    page.reload()
    expect(page.locator("#review-gaps")).to_have_count(0)

    # Build the package on the worker, then release it.
    page.click("#run-job")
    expect(page.locator("#release")).to_be_enabled(timeout=SLOW_MS)
    expect(page.locator("#download-pdf")).to_be_visible()
    _shot(page, "4-package-built")
    page.click("#release")
    page.click("#release-confirm")
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
    # index + document 1 (page 3 withheld: a placeholder in its place) + document 2 + log
    assert len(texts) == 1 + 3 + 2 + 1
    assert "Statement page 3 of document 1" not in "\n".join(texts)
    assert "Page withheld in full" in texts[3] and "Withheld under s.21(1)" in texts[3]
    assert "Statement page 2 of document 1" in "\n".join(texts)
    assert "416-555-0199" in "\n".join(texts)  # rejected on every page: released
    assert len(documents) == 2


def test_accepting_one_box_of_a_value_left_readable_elsewhere_is_flagged(
    seeded: tuple[Settings, int, list[int]], server: str, browser: Browser
) -> None:
    """The officer accepts the phone number on page 1 while pages 2 and 3 still show it: the
    page says so and stays on the box, and "this exact value" settles it; rejecting the box
    then contradicts the two others, and the page says that too."""
    _, request_id, _ = seeded
    page = signed_in(browser, server, "fran", PASSWORD, f"/requests/{request_id}/review?lang=en")
    _image_ready(page)
    page.locator("#page-frame").focus()
    for _ in range(3):
        page.keyboard.press("n")
    expect(page.locator("#d-type")).to_have_text("PHONE_NUMBER")
    page.keyboard.press("a")
    note = page.locator("#value-note")
    expect(note).to_be_visible()
    expect(note).to_contain_text("2 other box(es) of this document that are not accepted")
    expect(page.locator("#d-status")).to_have_text("accepted")  # still on the same box
    expect(page.locator("#page-label")).to_have_text("Page 1 of 3")
    _shot(page, "6-value-contradicted")
    page.click("#accept-same")  # what the note suggests: every box of that number
    expect(page.locator("#bulk-preview .bulk-count")).to_have_text(["4"])  # both documents
    page.click("#bulk-apply")
    expect(page.locator("#live")).to_contain_text(": 4 accepted")
    expect(note).to_be_hidden()
    page.locator("#page-frame").focus()
    page.keyboard.press("r")  # and back to releasing this one: now it contradicts two
    expect(note).to_contain_text("2 accepted box(es) of this document")


OFFSET_LINES = [
    "Witness Marguerite Okonkwo was interviewed by Officer Theodore Vasquez.",
    "The parcel went to Zanzibar yesterday morning, said Marguerite Okonkwo.",
    "Theodore Vasquez wrote it down.",
]


@pytest.fixture
def offset_seeded(tmp_path: Path) -> tuple[Settings, int, int, bytes, dict[str, set[int]]]:
    """A request over one page whose MediaBox is [50 50 662 842]; the worker has linked both
    mentions of Marguerite Okonkwo to one person (and Theodore Vasquez to none)."""
    settings = embedded_settings(tmp_path)
    engine = build_engine(settings.database_url)
    with transaction(build_sessionmaker(engine)) as session:
        officer_id = create_user(session, "fran", PASSWORD, ["foi_officer"], "Fran Officer").id
    engine.dispose()
    pdf = offset_pdf([OFFSET_LINES])
    state = build_state(settings)
    try:
        people = {"Marguerite Okonkwo": "PERSON", "Theodore Vasquez": "PERSON"}
        document = seed_document(state, make_case(state), pdf, people)
        request_id = make_request(state, officer_id, [document])
        boxes: dict[str, set[int]] = {}
        with transaction(state.sessions) as session:
            for value in people:
                digest = text_hmac(b"test-secret", value)
                rows = session.execute(
                    select(Redaction, Finding)
                    .join(Finding, Finding.id == Redaction.finding_id)
                    .where(Finding.text_hmac == digest)
                ).all()
                boxes[value] = {box.id for box, _ in rows}
                if value == "Marguerite Okonkwo":
                    for _, finding in rows:
                        finding.person_key = "f" * 64
    finally:
        state.engine.dispose()
    return settings, request_id, officer_id, pdf, boxes


def test_a_box_drawn_on_a_page_with_an_offset_media_box_lands_on_its_words(
    offset_seeded: tuple[Settings, int, int, bytes, dict[str, set[int]]], browser: Browser
) -> None:
    settings, request_id, officer_id, pdf, boxes = offset_seeded
    with running_server(settings) as server:
        page = signed_in(browser, server, "fran", PASSWORD, f"/requests/{request_id}/review")
        _image_ready(page)
        expect(page.locator(".rbox.proposed")).to_have_count(4)

        # One person in all forms: both mentions of Okonkwo, not Vasquez.
        page.click(f'.rbox[data-id="{min(boxes["Marguerite Okonkwo"])}"]')
        expect(page.locator("#accept-person")).to_be_visible()
        expect(page.locator("#accept-person")).to_have_attribute("aria-describedby", "person-help")
        page.click("#accept-person")
        page.click("#bulk-apply")
        expect(page.locator("#live")).to_contain_text("This person, all forms: 2")
        expect(page.locator(".rbox.accepted")).to_have_count(2)
        page.click(f'.rbox[data-id="{min(boxes["Theodore Vasquez"])}"]')
        expect(page.locator("#accept-person")).to_be_hidden()
        expect(page.locator("#accept-same")).to_be_visible()

        # Drag a rectangle just around "Zanzibar", as it shows on the page image.
        word = next(w for w in page_words(pdf, 1) if w.text == "Zanzibar")
        image = page.locator("#page-image").bounding_box()
        assert image is not None
        scale = image["width"] / 612
        left, top = 50.0, 50.0 + 792.0  # the MediaBox's upper-left corner, in user space

        def screen(x: float, y: float) -> tuple[float, float]:
            return image["x"] + (x - left) * scale, image["y"] + (top - y) * scale

        page.fill("#new-code", "s.21(1)")
        page.mouse.move(*screen(word.box.x0 - 2, word.box.y1 + 2))
        page.mouse.down()
        page.mouse.move(*screen(word.box.x1 + 2, word.box.y0 - 2), steps=8)
        page.mouse.up()
        expect(page.locator("#live")).to_contain_text("Box added")
        drawn = page.locator(".rbox.accepted:not([data-type=PERSON])")
        expect(drawn).to_have_count(1)
        _shot(page, "6-offset-media-box")

    engine = build_engine(settings.database_url)
    with transaction(build_sessionmaker(engine)) as session:
        rect = session.execute(
            select(Redaction.rect).where(Redaction.source == "manual")
        ).scalar_one()
        officer = session.get(User, officer_id)
        assert officer is not None
        request = requests.get_request(session, request_id)
        # What the officer left proposed is released on purpose (rejected): the package
        # is built only from a finished review.
        settle_request(session, officer, request, proposed="reject")
        job_id = jobs.start_job(session, officer, request, "package").id
    engine.dispose()
    x0, y0, x1, y1 = rect
    assert abs(x0 - word.box.x0) < 4 and abs(x1 - word.box.x1) < 4, (rect, word.box)
    assert abs(y0 - word.box.y0) < 4 and abs(y1 - word.box.y1) < 4, (rect, word.box)
    state = build_state(settings)
    try:
        run_job_inline(state, job_id)
        with transaction(state.sessions) as session:
            officer = session.get(User, officer_id)
            assert officer is not None
            released = jobs.release(session, officer, requests.get_request(session, request_id))
            sha = released.package_sha256
        assert sha is not None
        package = state.blobs.read_bytes(sha)
    finally:
        state.engine.dispose()
    with pdfplumber.open(io.BytesIO(package)) as plumbed:
        text = " ".join(" ".join((p.extract_text() or "").split()) for p in plumbed.pages)
    assert "Zanzibar" not in text and "Okonkwo" not in text
    # The words beside it stayed (pdfplumber reads the box's code label into the line).
    assert "The parcel went to" in text and "yesterday morning, said" in text
    assert "Theodore Vasquez wrote it down." in text


def _officer(session: Session) -> User:
    return session.execute(select(User).where(User.username == "fran")).scalar_one()


def _phone_boxes(settings: Settings) -> list[tuple[int, int, int]]:
    """(box id, document id, page) of every seeded phone-number box, in page order."""
    engine = build_engine(settings.database_url)
    try:
        with build_sessionmaker(engine)() as session:
            rows = session.execute(
                select(Redaction.id, Redaction.document_id, Redaction.page)
                .where(Redaction.entity_type == "PHONE_NUMBER")
                .order_by(Redaction.document_id, Redaction.page)
            ).all()
    finally:
        engine.dispose()
    return [(int(i), int(d), int(p)) for i, d, p in rows]


def test_recoding_a_box_withholds_it_and_the_build_lists_what_is_undecided(
    seeded: tuple[Settings, int, list[int]], server: str, browser: Browser
) -> None:
    """Issue 16, bug 1: re-coding a proposed box means "withhold with this code" on the page
    (shown accepted, counted reviewed); the build is refused while other boxes are undecided,
    and each one listed links to it on the review page."""
    settings, request_id, _ = seeded
    phone = _phone_boxes(settings)[0][0]
    page = signed_in(browser, server, "fran", PASSWORD, f"/requests/{request_id}/review?lang=en")
    _image_ready(page)
    page.click(f'.rbox[data-id="{phone}"]')
    expect(page.locator("#d-type")).to_have_text("PHONE_NUMBER")
    page.fill("#d-code", "s.14(1)(e)")
    page.click("#recode")
    recoded = page.locator(f'.rbox[data-id="{phone}"]')
    expect(recoded).to_have_attribute("data-status", "accepted")
    expect(recoded).to_have_class("rbox accepted selected")
    expect(page.locator("#d-status")).to_have_text("accepted")
    expect(page.locator("#review-progress")).to_contain_text("1/15 boxes reviewed")

    page.click("#run-job")
    listed = page.locator("#job-errors li[data-box]")
    expect(listed).to_have_count(14)
    expect(page.locator(f'#job-errors li[data-box="{phone}"]')).to_have_count(0)
    expect(page.locator("#release")).to_be_disabled()
    first = listed.first
    target = first.get_attribute("data-box")
    first.locator("a").click()
    _image_ready(page)
    expect(page.locator(f'.rbox.selected[data-id="{target}"]')).to_be_visible()
    expect(page.locator("#d-status")).to_have_text("proposed")

    # The request page lists the same undecided boxes before any build is tried.
    page.goto(f"{server}/requests/{request_id}?lang=en")
    expect(page.locator("#preflight-undecided li[data-box]")).to_have_count(14)
    expect(page.locator("#preflight")).to_have_attribute("data-ready", "false")


def test_the_request_page_shows_a_value_withheld_in_one_document_and_readable_in_another(
    seeded: tuple[Settings, int, list[int]], server: str, browser: Browser
) -> None:
    """Issue 16, bug 2: the pre-flight panel lists a value accepted in one place and
    released in another (here across the request's documents) with links to both boxes."""
    settings, request_id, documents = seeded
    phones = _phone_boxes(settings)
    engine = build_engine(settings.database_url)
    with transaction(build_sessionmaker(engine)) as session:
        officer = _officer(session)
        request = requests.get_request(session, request_id)
        for box_id, document_id, _ in phones:
            decision = "reject" if document_id == documents[1] else "accept"
            decisions.decide(session, officer, request, box_id, decision)
        settle_request(session, officer, request, proposed="accept")
    engine.dispose()
    released = [b for b, d, _ in phones if d == documents[1]]

    page = signed_in(browser, server, "fran", PASSWORD, f"/requests/{request_id}?lang=en")
    panel = page.locator("#preflight")
    expect(panel).to_have_attribute("data-ready", "false")
    contradiction = page.locator("#preflight-contradictions li.contradiction")
    expect(contradiction).to_have_count(1)
    expect(contradiction.locator(".value")).to_have_text("416-555-0199")
    expect(contradiction).to_contain_text("across documents")
    expect(contradiction.locator("li.withheld")).to_have_count(3)
    expect(contradiction.locator("li.readable")).to_have_count(2)
    expect(page.locator("#preflight-undecided")).to_have_count(0)
    _shot(page, "7-preflight")

    # Built anyway, the package is refused: the failure names where the value was withheld
    # and what is wrong, never the value, and links to that box.
    engine = build_engine(settings.database_url)
    with transaction(build_sessionmaker(engine)) as session:
        officer = _officer(session)
        job_id = jobs.start_job(
            session, officer, requests.get_request(session, request_id), "package"
        ).id
    engine.dispose()
    state = build_state(settings)
    try:
        run_job_inline(state, job_id)
    finally:
        state.engine.dispose()
    page.reload()
    failure = page.locator("#job-errors li.job-failure")
    expect(failure).to_contain_text("(PHONE_NUMBER): the value withheld there is still readable")
    expect(failure).not_to_contain_text("416-555")
    link = failure.locator("a.failure-link").first
    named = int((link.text_content() or "").rsplit(" ", 1)[-1])
    link.click()
    _image_ready(page)
    expect(page.locator(f'.rbox.selected[data-id="{named}"]')).to_be_visible()
    expect(page.locator("#d-status")).to_have_text("accepted")
    page.goto(f"{server}/requests/{request_id}?lang=en")
    contradiction.locator(f'li.readable[data-box="{released[0]}"] a').click()
    _image_ready(page)
    expect(page.locator(f'.rbox.selected[data-id="{released[0]}"]')).to_be_visible()
    expect(page.locator("#d-status")).to_have_text("rejected")
    page.click("#accept")  # withhold it here too
    expect(page.locator("#d-status")).to_have_text("accepted")  # saved before leaving
    page.goto(f"{server}/requests/{request_id}?lang=en")
    expect(contradiction.locator("li.readable")).to_have_count(1)


def test_bulk_accept_by_type_lists_what_it_will_accept_with_low_scores_unticked(
    seeded: tuple[Settings, int, list[int]], server: str, browser: Browser
) -> None:
    """Issue 16, bug 3: a bulk accept first lists each value (as the officer reads it), its
    count and pages; a low-score value comes unticked and stays proposed; nothing changes
    until the officer applies the list."""
    settings, request_id, _ = seeded
    engine = build_engine(settings.database_url)
    with transaction(build_sessionmaker(engine)) as session:
        digest = text_hmac(b"test-secret", "Theodore Vasquez")
        for finding in session.execute(
            select(Finding).where(Finding.text_hmac == digest)
        ).scalars():
            finding.score = 0.4
    engine.dispose()
    page = signed_in(browser, server, "fran", PASSWORD, f"/requests/{request_id}/review?lang=en")
    _image_ready(page)
    page.select_option("#bulk-type", "PERSON")
    page.click("#bulk-accept")
    rows = page.locator("#bulk-preview .bulk-row")
    expect(rows).to_have_count(2)
    okonkwo = rows.filter(has_text="Marguerite Okonkwo")
    vasquez = rows.filter(has_text="Theodore Vasquez")
    expect(okonkwo.locator(".bulk-count")).to_have_text("5")
    expect(okonkwo).to_contain_text("p. 3")
    expect(okonkwo.locator("input")).to_be_checked()
    expect(vasquez.locator("input")).not_to_be_checked()
    expect(vasquez).to_contain_text("low score")
    expect(page.locator(".rbox.accepted")).to_have_count(0)  # nothing applied yet
    _shot(page, "8-bulk-preview")
    page.click("#bulk-apply")
    expect(page.locator("#live")).to_contain_text("PERSON: 5 accepted")
    expect(page.locator("#bulk-preview")).to_be_hidden()
    expect(page.locator(".rbox.accepted[data-type=PERSON]")).to_have_count(1)
    expect(page.locator(".rbox.proposed[data-type=PERSON]")).to_have_count(1)
    expect(page.locator("#review-progress")).to_contain_text("5/15 boxes reviewed")


def test_release_asks_naming_the_package_and_leaves_the_review_read_only(
    seeded: tuple[Settings, int, list[int]], server: str, browser: Browser
) -> None:
    """Issue 16, bug 4: release asks first, naming the request, its documents and the
    package; cancelling releases nothing; afterwards the review page offers no tool."""
    settings, request_id, _ = seeded
    engine = build_engine(settings.database_url)
    with transaction(build_sessionmaker(engine)) as session:
        officer = _officer(session)
        request = requests.get_request(session, request_id)
        settle_request(session, officer, request, proposed="accept")
        job_id = jobs.start_job(session, officer, request, "package").id
    engine.dispose()
    state = build_state(settings)
    try:
        run_job_inline(state, job_id)
    finally:
        state.engine.dispose()

    page = signed_in(browser, server, "fran", PASSWORD, f"/requests/{request_id}?lang=en")
    expect(page.locator("#preflight")).to_have_attribute("data-ready", "true")
    expect(page.locator("#release")).to_be_enabled()
    page.click("#release")
    dialog = page.locator("#release-dialog")
    expect(dialog).to_be_visible()
    expect(page.locator("#release-number")).to_have_text(f"REQ-2026-{request_id:04d}")
    expect(page.locator("#release-documents li")).to_have_count(2)
    expect(page.locator("#release-documents")).to_contain_text("statement.pdf")
    expect(page.locator("#release-sha")).not_to_be_empty()
    page.click("#release-cancel")
    expect(dialog).to_be_hidden()
    expect(page.locator("#request-status")).to_have_text("ready")
    page.click("#release")
    page.click("#release-confirm")
    expect(page.locator("#request-status")).to_have_text("released", timeout=30_000)

    page.click("#open-review")
    _image_ready(page)
    expect(page.locator("#read-only-note")).to_be_visible()
    for hidden in ("#edit-tools", "#decision-tools", "#run-job", "#release"):
        expect(page.locator(hidden)).to_be_hidden()
    expect(page.locator("#disposition")).to_be_disabled()
    before = page.locator(".rbox").count()
    page.locator(".rbox").first.click()
    expect(page.locator("#d-status")).to_have_text("accepted")
    page.keyboard.press("r")  # no decision: the shortcut is off
    expect(page.locator(".rbox.rejected")).to_have_count(0)
    image = page.locator("#page-image").bounding_box()
    assert image is not None
    page.mouse.move(image["x"] + image["width"] * 0.3, image["y"] + image["height"] * 0.55)
    page.mouse.down()
    page.mouse.move(image["x"] + image["width"] * 0.5, image["y"] + image["height"] * 0.6, steps=5)
    page.mouse.up()
    page.wait_for_timeout(300)
    expect(page.locator(".rbox")).to_have_count(before)  # nothing drawn
    _shot(page, "9-released-read-only")


def test_the_box_table_filters_sorts_and_decides_a_selection(
    seeded: tuple[Settings, int, list[int]], server: str, browser: Browser
) -> None:
    """Every box of the request in one table (document, page, type, code, score, status):
    filtered to the phone numbers, all selected and withheld under a new code at once."""
    settings, request_id, _ = seeded
    page = signed_in(browser, server, "fran", PASSWORD, f"/requests/{request_id}/review?lang=en")
    _image_ready(page)
    rows = page.locator("#box-rows tr")
    expect(rows).to_have_count(15)
    expect(rows.first.locator(".open-box")).to_have_text(re.compile(r"^statement\.pdf #\d+$"))
    page.select_option("#filter-type", "PHONE_NUMBER")
    expect(rows).to_have_count(5)
    page.click("#select-all")
    page.fill("#sel-code", "s.14(1)(l)")
    page.click("#sel-recode")
    expect(page.locator("#live")).to_contain_text("5 accepted")
    expect(page.locator("#box-rows tr[data-status=accepted]")).to_have_count(5)
    expect(rows.first).to_contain_text("s.14(1)(l)")
    expect(page.locator("#review-progress")).to_contain_text("5/15 boxes reviewed")
    page.select_option("#filter-type", "")
    page.select_option("#filter-status", "proposed")
    expect(rows).to_have_count(10)
    page.click('#box-table .sort[data-sort="page"]')
    expect(rows.first.locator("td").nth(2)).to_have_text("1")
    page.click('#box-table .sort[data-sort="page"]')
    expect(rows.first.locator("td").nth(2)).to_have_text("3")
    rows.first.locator(".open-box").click()
    expect(page.locator("#page-label")).to_have_text("Page 3 of 3")
    expect(page.locator("#d-status")).to_have_text("proposed")
    _shot(page, "10-box-table")
    engine = build_engine(settings.database_url)
    with build_sessionmaker(engine)() as session:
        codes = session.execute(
            select(Redaction.entity_type, func.count())
            .join(ReviewDecision, ReviewDecision.redaction_id == Redaction.id)
            .where(ReviewDecision.exemption_code == "s.14(1)(l)")
            .group_by(Redaction.entity_type)
        ).all()
    engine.dispose()
    assert [tuple(row) for row in codes] == [("PHONE_NUMBER", 5)]


def test_a_page_withheld_in_full_shows_its_section_and_keeps_it(
    seeded: tuple[Settings, int, list[int]], server: str, browser: Browser
) -> None:
    """Issue 16: a withheld page is marked on the review page with the section it is withheld
    under (the jurisdiction's personal-privacy section unless the officer names another); the
    package replaces it by a placeholder naming that section (tests/api/test_requests.py)."""
    settings, request_id, documents = seeded
    page = signed_in(browser, server, "fran", PASSWORD, f"/requests/{request_id}/review?lang=en")
    _image_ready(page)
    expect(page.locator("#withheld-banner")).to_be_hidden()
    page.click("#next-page")
    _image_ready(page)
    page.select_option("#disposition", "withheld_in_full")
    banner = page.locator("#withheld-banner")
    expect(banner).to_have_text("Withheld in full — s.21(1)")
    expect(page.locator("#withheld-code")).to_have_value("s.21(1)")
    page.fill("#withheld-code", "s.14(1)(a)")
    page.click("#save-withheld-code")
    expect(banner).to_have_text("Withheld in full — s.14(1)(a)")
    _shot(page, "withheld-page")

    page.reload()
    _image_ready(page)
    expect(banner).to_be_hidden()  # page 1 opens first
    page.click("#next-page")
    _image_ready(page)
    expect(banner).to_have_text("Withheld in full — s.14(1)(a)")
    page.click("#prev-page")
    _image_ready(page)
    expect(banner).to_be_hidden()
    engine = build_engine(settings.database_url)
    try:
        with Session(engine) as session:
            row = session.execute(
                select(PageDisposition).where(
                    PageDisposition.request_id == request_id,
                    PageDisposition.document_id == documents[0],
                    PageDisposition.page == 2,
                )
            ).scalar_one()
            assert (row.disposition, row.exemption_code) == ("withheld_in_full", "s.14(1)(a)")
    finally:
        engine.dispose()


def test_request_set_up_picks_the_case_scope_and_documents_by_file_name(
    seeded: tuple[Settings, int, list[int]], server: str, browser: Browser
) -> None:
    """Issue 16: a request is set up by picking its case, writing its scope and ticking
    documents by file name (the case's own documents first; the others on demand)."""
    settings, _, documents = seeded
    page = signed_in(browser, server, "fran", PASSWORD, "/requests")
    page.select_option("#case_id", label="CASE-2026-0001 — First")
    page.fill("#scope", "All records of the arrest near the park.")
    page.click("#create-request")
    expect(page.locator("#request-case")).to_have_text("CASE-2026-0001")
    expect(page.locator("#request-scope")).to_have_text("All records of the arrest near the park.")
    own, other = (page.locator(f"#doc-{d}") for d in documents)
    expect(own).to_be_visible()
    expect(other).to_be_hidden()  # another case's document: offered on demand
    expect(page.locator(f"label[for='doc-{documents[0]}']")).to_have_text("statement.pdf")
    page.check("#all-cases")
    expect(other).to_be_visible()
    page.check(f"#doc-{documents[1]}")
    own.check()
    positions = page.locator(".doc-position")
    expect(positions.nth(0)).to_have_text("2")  # ticked second: second in the package
    expect(positions.nth(1)).to_have_text("1")
    # A title for the package index instead of the value-free default (shown as placeholder).
    title = page.locator(f'.doc-title[data-document="{documents[0]}"]')
    expect(title).to_have_attribute("placeholder", re.compile(rf"/ document {documents[0]}$"))
    title.fill("Witness statement, 3 March")
    with page.expect_navigation():  # the selection is saved, then the page reloads
        page.click("#save-documents")
    expect(page.locator(f"#doc-{documents[1]}")).to_be_checked()
    expect(positions.nth(1)).to_have_text("1")
    expect(positions.nth(0)).to_have_text("2")
    expect(title).to_have_value("Witness statement, 3 March")
    _shot(page, "request-set-up")
    engine = build_engine(settings.database_url)
    try:
        with Session(engine) as session:
            created = (
                session.execute(select(DisclosureRequest).order_by(DisclosureRequest.id.desc()))
                .scalars()
                .first()
            )
            assert created is not None
            ids = [d.id for d in requests.request_documents(session, created.id)]
            assert ids == [documents[1], documents[0]]
            assert created.scope == "All records of the arrest near the park."
            titles = requests.document_titles(
                session, requests.request_documents(session, created.id), created.id
            )
            assert titles[documents[0]] == "Witness statement, 3 March"
    finally:
        engine.dispose()


def test_search_and_redact_lists_every_hit_before_boxing_the_ticked_ones(
    seeded: tuple[Settings, int, list[int]], server: str, browser: Browser
) -> None:
    """Issue 16: search-and-redact shows every hit with its context first; unticked hits are
    not boxed, and a second search shows the boxed ones as already boxed."""
    settings, request_id, _ = seeded
    page = signed_in(browser, server, "fran", PASSWORD, f"/requests/{request_id}/review?lang=en")
    _image_ready(page)
    page.fill("#term", "residence")
    page.click("#redact-term")
    rows = page.locator("#term-rows tr")
    expect(rows).to_have_count(5)
    expect(page.locator("#term-preview-count")).to_have_text("(5/5)")
    expect(rows.first.locator("mark")).to_have_text("residence")
    expect(rows.first).to_contain_text("attended the residence after a call")
    _shot(page, "term-preview")
    for i in (2, 3, 4):
        rows.nth(i).locator("input").uncheck()
    page.click("#term-apply")
    expect(page.locator("#term-preview")).to_be_hidden()
    engine = build_engine(settings.database_url)
    try:
        with Session(engine) as session:
            drawn = session.scalar(
                select(func.count()).select_from(Redaction).where(Redaction.source == "manual")
            )
            assert drawn == 2
    finally:
        engine.dispose()
    page.fill("#term", "residence")
    page.click("#redact-term")
    expect(page.locator("#term-rows tr.boxed")).to_have_count(2)
    expect(page.locator("#term-preview-count")).to_have_text("(3/5)")


def _decision_rows(settings: Settings, request_id: int) -> dict[int, tuple[str, str]]:
    """Box id -> (status, code) of the request's stored decisions."""
    engine = build_engine(settings.database_url)
    try:
        with Session(engine) as session:
            rows = session.execute(
                select(
                    ReviewDecision.redaction_id,
                    ReviewDecision.status,
                    ReviewDecision.exemption_code,
                ).where(ReviewDecision.request_id == request_id)
            ).all()
    finally:
        engine.dispose()
    return {int(i): (str(s), str(c)) for i, s, c in rows}


def test_undo_puts_back_a_decision_a_selection_and_a_drawn_box(
    seeded: tuple[Settings, int, list[int]], server: str, browser: Browser
) -> None:
    """Issue 16: undo of the last actions, newest first: a box accepted by key, a selection
    re-coded in the box table, a box drawn by hand. Each undo is stored (the decision row
    gone, the drawn box deleted), not only redrawn."""
    settings, request_id, _ = seeded
    page = signed_in(browser, server, "fran", PASSWORD, f"/requests/{request_id}/review?lang=en")
    _image_ready(page)
    expect(page.locator("#undo")).to_be_disabled()
    phone = _phone_boxes(settings)[0][0]
    page.click(f'.rbox[data-id="{phone}"]')
    page.keyboard.press("a")
    expect(page.locator(f'.rbox[data-id="{phone}"]')).to_have_attribute("data-status", "accepted")
    expect(page.locator("#review-progress")).to_contain_text("1/15 boxes reviewed")
    page.locator("#page-frame").focus()
    page.keyboard.press("u")
    expect(page.locator(f'.rbox[data-id="{phone}"]')).to_have_attribute("data-status", "proposed")
    expect(page.locator("#live")).to_contain_text("Undone")
    expect(page.locator("#review-progress")).to_contain_text("0/15 boxes reviewed")
    assert phone not in _decision_rows(settings, request_id)

    # A selection: all five phone numbers re-coded, then one undo puts all five back.
    page.select_option("#filter-type", "PHONE_NUMBER")
    page.click("#select-all")
    page.fill("#sel-code", "s.14(1)(l)")
    page.click("#sel-recode")
    expect(page.locator("#box-rows tr[data-status=accepted]")).to_have_count(5)
    page.click("#undo")
    expect(page.locator("#box-rows tr[data-status=proposed]")).to_have_count(5)
    assert _decision_rows(settings, request_id) == {}

    # An earlier decision survives the undo of a later one.
    others = [b for b, _, _ in _phone_boxes(settings)]
    page.click(f'#box-rows tr[data-id="{others[0]}"] .open-box')
    page.click("#reject")
    page.select_option("#filter-type", "")
    before = page.locator(".rbox").count()
    image = page.locator("#page-image").bounding_box()
    assert image is not None
    page.mouse.move(image["x"] + image["width"] * 0.30, image["y"] + image["height"] * 0.55)
    page.mouse.down()
    page.mouse.move(
        image["x"] + image["width"] * 0.55, image["y"] + image["height"] * 0.60, steps=8
    )
    page.mouse.up()
    expect(page.locator(".rbox")).to_have_count(before + 1)
    page.keyboard.press("Control+z")
    expect(page.locator(".rbox")).to_have_count(before)
    engine = build_engine(settings.database_url)
    try:
        with Session(engine) as session:
            manual = session.scalar(
                select(func.count()).select_from(Redaction).where(Redaction.source == "manual")
            )
    finally:
        engine.dispose()
    assert manual == 0
    assert _decision_rows(settings, request_id) == {others[0]: ("rejected", "s.21(1)")}
    _shot(page, "11-undo")


def test_preview_as_released_zoom_and_page_thumbnails(
    seeded: tuple[Settings, int, list[int]], server: str, browser: Browser
) -> None:
    """Issue 16: thumbnails of the document's pages (undecided boxes marked), a preview of
    the page as it will be released (withheld boxes black with their code, rejected ones
    gone, undecided ones hatched), and zoom that keeps the boxes on their words."""
    _, request_id, _ = seeded
    page = signed_in(browser, server, "fran", PASSWORD, f"/requests/{request_id}/review?lang=en")
    _image_ready(page)
    thumbs = page.locator("#thumbs .thumb")
    expect(thumbs).to_have_count(3)  # the first document's pages
    expect(page.locator("#thumbs .thumb.undecided")).to_have_count(3)
    expect(thumbs.first).to_have_attribute("aria-current", "page")

    # Decide every box of page 1: its thumbnail loses the mark.
    boxes = page.locator(".rbox")
    expect(boxes).to_have_count(3)
    ids = [boxes.nth(i).get_attribute("data-id") for i in range(3)]
    for box_id, decision, status in zip(
        ids, ("accept", "accept", "reject"), ("accepted", "accepted", "rejected"), strict=True
    ):
        page.click(f'#box-rows tr[data-id="{box_id}"] .open-box')
        expect(page.locator("#d-status")).to_have_text("proposed")
        page.click(f"#{decision}")
        expect(page.locator(f'#box-rows tr[data-id="{box_id}"]')).to_have_attribute(
            "data-status", status
        )
    expect(page.locator("#thumbs .thumb.undecided")).to_have_count(2)
    thumbs.first.click()  # the last decision moved on to page 2
    expect(page.locator("#page-label")).to_have_text("Page 1 of 3")
    expect(thumbs.first).to_have_class("thumb current")

    # As released: the two accepted boxes opaque with the code, the rejected one gone.
    page.click("#preview-released")
    expect(page.locator("#preview-released")).to_have_attribute("aria-pressed", "true")
    expect(page.locator("#preview-note")).to_be_visible()
    accepted = page.locator(".rbox.accepted")
    expect(accepted).to_have_count(2)
    expect(accepted.first).to_be_visible()
    expect(accepted.first).to_have_text("s.21(1)")
    colour = accepted.first.evaluate("el => getComputedStyle(el).backgroundColor")
    assert colour == "rgb(0, 0, 0)"
    expect(page.locator(f'.rbox[data-id="{ids[2]}"]')).to_be_hidden()
    _shot(page, "12-as-released")
    page.keyboard.press("v")
    expect(page.locator(f'.rbox[data-id="{ids[2]}"]')).to_be_visible()
    expect(accepted.first).to_have_text("")

    # Zoom: the image and its boxes grow together; fit goes back.
    first = page.locator(f'.rbox[data-id="{ids[0]}"]')
    width = page.locator("#page-image").evaluate("el => el.clientWidth")
    box_width = first.evaluate("el => el.getBoundingClientRect().width")
    page.click("#zoom-in")
    page.click("#zoom-in")
    expect(page.locator("#zoom-level")).to_have_text("150 %")
    zoomed = page.locator("#page-image").evaluate("el => el.clientWidth")
    assert zoomed > width * 1.4
    zoomed_box = first.evaluate("el => el.getBoundingClientRect().width")
    assert zoomed_box / box_width == pytest.approx(zoomed / width, rel=0.05)
    page.click("#zoom-fit")
    expect(page.locator("#zoom-level")).to_have_text("100 %")
    assert page.locator("#page-image").evaluate("el => el.clientWidth") == width

    # A thumbnail opens its page.
    thumbs.nth(2).click()
    expect(page.locator("#page-label")).to_have_text("Page 3 of 3")
    expect(thumbs.nth(2)).to_have_attribute("aria-current", "page")


def test_the_review_page_works_at_1024_pixels(
    seeded: tuple[Settings, int, list[int]], server: str, browser: Browser
) -> None:
    """Issue 16: at 1024 px the page, the box panel and its messages stay side by side; a box
    opened from the table far down the page is decided without scrolling back up."""
    _, request_id, _ = seeded
    page = signed_in(browser, server, "fran", PASSWORD, f"/requests/{request_id}/review?lang=en")
    page.set_viewport_size({"width": 1024, "height": 768})
    _image_ready(page)
    frame = page.locator("#page-frame").bounding_box()
    panel = page.locator(".box-panel").bounding_box()
    assert frame is not None and panel is not None
    assert panel["x"] >= frame["x"] + frame["width"] - 1  # beside the page, not below it
    row = page.locator("#box-rows tr").nth(4)
    row.scroll_into_view_if_needed()
    row.locator(".open-box").click()
    expect(page.locator("#box-detail")).to_be_in_viewport()
    expect(page.locator("#accept")).to_be_in_viewport()
    page.click("#accept")
    expect(page.locator("#live")).to_be_in_viewport()
    expect(page.locator("#live")).to_contain_text("accepted")
    _shot(page, "13-1024px")
