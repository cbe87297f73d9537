"""A user who chose French sees the case and letter pages in French: labels, statuses, data
codes' labels and the notes after a form; no English word of the interface is left over.

The letter's own language is not the interface's: a French user drafts an English letter on
a French page, and the form still posts ``lang=en``.
"""

from __future__ import annotations

import html
import re
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from api.i18n import STRINGS
from api.letter_forms import form_groups
from api.state import AppState
from core.db import transaction
from core.law.packs import load_pack
from core.models import Document, Finding
from core.vocab import ALLEGATION_CATEGORIES, DATE_ROLES, DocumentStatus
from correspondence.contexts import CONTEXT_MODELS
from tests.api.letter_support import letter_form
from tests.api.test_pages import _sign_in

pytestmark = [pytest.mark.db]

TEMPLATES = Path(__file__).resolve().parents[2] / "api" / "pages" / "templates"
EN, FR = STRINGS["en"], STRINGS["fr"]

# Common words of the English interface; none may show on a French page.
ENGLISH_WORDS = (
    "Upload",
    "Uploaded",
    "Documents",
    "Document",
    "Status",
    "Letter",
    "Letters",
    "Save",
    "Cancel",
    "Approve",
    "Submit",
    "Case",
    "Cases",
    "Title",
    "Reference",
    "Opened",
    "File",
    "Password",
    "Redaction",
    "Never",
    "Always",
    "Deadlines",
    "Allegations",
    "Evidence",
    "Source",
    "Name",
    "Role",
    "Correct",
    "Restore",
    "Remove",
    "remove",
    "Draft",
    "Kind",
    "Language",
    "Show",
    "Choose",
    "Continue",
    "Create",
    "preview",
    "Edit",
    "Return",
    "Download",
    "Versions",
    "Comments",
    "Jurisdiction",
    "Recipient",
    "Complainant",
    "Signatory",
    "required",
    "optional",
    "Fields",
    "facts",
    "yet",
    "the",
    "and",
    "with",
    "received",
    "submitted",
    "draft",
    "analysed",
    "stored",
    "deadline",
    "overdue",
    "discretionary",
    "complaint",
    "incident date",
    "police service",
    "Sign out",
    "English",
)
# What may stay: names and codes that read the same in both languages, and user data.
ALLOWED = {
    "Casedesk", "PDF", "DOCX", "CSV", "UTC", "sha256", "TYPE", "PERSON",
}  # fmt: skip


def _visible_text(page: str) -> str:
    """What a reader sees or hears: text outside tags, and labelling attributes."""
    page = re.sub(r"<script\b.*?</script>|<style\b.*?</style>", " ", page, flags=re.S)
    attributes = re.findall(r'\b(?:title|aria-label|placeholder|alt)="([^"]*)"', page)
    text = re.sub(r"<[^>]+>", " ", page)
    return html.unescape(" ".join([text, *attributes]))


def _english_left(page: str, data: tuple[str, ...] = ()) -> list[str]:
    """The English interface words on a page, once the user's own data is taken out."""
    text = _visible_text(page)
    for value in data:
        text = text.replace(value, " ")
    # The language switch names the other language in its own words.
    text = text.replace(FR["switch_language"], " ")
    return sorted(
        {
            word
            for word in ENGLISH_WORDS
            if word not in ALLOWED and re.search(rf"(?<![\w-]){re.escape(word)}(?![\w-])", text)
        }
    )


def _french_user(client: TestClient, actor: Any) -> str:
    chosen = client.get("/language/fr", follow_redirects=False)
    assert chosen.status_code == 303
    return _sign_in(client, actor)


def _analysed_document(state: AppState, case_id: int, user_id: int) -> None:
    """A document the worker has read, with the findings it stores (no worker runs)."""
    with transaction(state.sessions) as session:
        document = Document(
            case_id=case_id, filename="statement.pdf", sha256="a" * 64, size=10,
            status=DocumentStatus.ANALYSED, created_by_id=user_id,
        )  # fmt: skip
        session.add(document)
        session.flush()
        rows = [
            ("allegation", "use_of_force", {"evidence": "pushed to the ground", "page": 1}),
            ("date", "incident", {"text": "January 14, 2025", "iso": "2025-01-14"}),
            ("date", "date_of_birth", {"text": "March 3, 1990", "iso": "1990-03-03"}),
            ("party", "police_service", {"name": "Hamilton Police Service"}),
            ("party", "subject_officer", {"name": "Anjali Raghunathan", "rank": "Constable"}),
            ("party", "complainant", {"name": "Marek Dudek"}),
        ]
        for kind, label, value in rows:
            session.add(Finding(document_id=document.id, kind=kind, label=label, value=value))


def test_a_french_user_works_on_cases_and_letters_in_french(
    client: TestClient, actors: dict[str, Any], state: AppState
) -> None:
    csrf = _french_user(client, actors["coordinator"])

    cases = client.get("/cases").text
    assert '<html lang="fr">' in cases
    for key in ("cases_title", "case_new_title", "case_open", "case_reference", "cases_none"):
        assert FR[key] in html.unescape(cases), key
    assert _english_left(cases) == []

    created = client.post(
        "/cases", data={"title": "Interpellation rue King", "csrf_token": csrf},
        follow_redirects=False,
    )  # fmt: skip
    case_url = created.headers["location"]
    case_id = int(case_url.rsplit("/", 1)[1])
    _analysed_document(state, case_id, actors["coordinator"].user_id)
    case_page = client.get(case_url).text
    for key in (
        "case_upload", "case_documents", "case_doc_status", "case_lists", "case_deadlines",
        "case_allegations", "case_dates", "case_parties", "correct", "correct_save",
        "correct_remove", "case_draft_letter", "category_use_of_force", "date_role_incident",
        "date_role_date_of_birth", "party_role_subject_officer", "timeline_complaint_time_limit",
        "timeline_complaint_received", "status_analysed", "flag_late_complaint",
    ):  # fmt: skip
        assert FR[key] in html.unescape(case_page), key
    data = ("Interpellation rue King", "statement.pdf", "pushed to the ground", "January 14, 2025",
            "March 3, 1990", "Hamilton Police Service", "Anjali Raghunathan", "Constable",
            "Marek Dudek")  # fmt: skip
    # Legal citations are the rule pack's (statute titles and sections, in English).
    citations = tuple(rule.citation for rule in load_pack("CA-ON").rules)
    assert _english_left(case_page, (*citations, *data)) == []
    assert EN["case_upload"] not in case_page
    # The codes are unchanged: what is posted back is the code, only its label is French.
    assert '<option value="use_of_force" selected>' in case_page

    saved = client.post(f"{case_url}/redaction-lists", data={"allow_terms": "", "csrf_token": csrf})
    assert FR["note_lists_saved"] in html.unescape(saved.text)

    letters = client.get("/letters").text
    for key in ("letters_title", "letters_status", "letters_none", "letters_show"):
        assert FR[key] in html.unescape(letters), key
    assert _english_left(letters) == []

    new_url = f"{case_url}/letters/new"
    chooser = client.get(new_url).text
    assert FR["form_kind"] in html.unescape(chooser)
    assert '<option value="acknowledgement/standard">accusé de réception/standard<' in chooser
    assert _english_left(chooser) == []

    # An English letter drafted on a French page: the form is French, the letter English.
    form_page = client.get(new_url, params={"slot": "acknowledgement/standard", "lang": "en"})
    assert '<html lang="fr">' in form_page.text
    assert '<input type="hidden" name="lang" value="en">' in form_page.text
    for key in ("field_recipient", "field_complainant", "field_letter_date", "form_create"):
        assert FR[key] in html.unescape(form_page.text), key
    assert FR["lang_en"] in form_page.text
    values = re.findall(r'value="([^"]+)"', form_page.text)
    textareas = re.findall(r"<textarea[^>]*>([^<]+)</textarea>", form_page.text)
    prefilled = tuple(html.unescape(v) for v in [*values, *textareas] if len(v) > 3)
    assert _english_left(form_page.text, (*citations, *data, *prefilled)) == []

    form = letter_form()
    del form["complainant"]
    refused = client.post(f"{case_url}/letters", data={**form, "csrf_token": csrf})
    assert refused.status_code == 422
    assert f'<a href="#f-complainant">{FR["field_complainant"]}</a>: obligatoire' in refused.text
    assert FR["form_problems"] in html.unescape(refused.text)

    created_letter = client.post(
        f"{case_url}/letters", data={**letter_form(), "csrf_token": csrf}, follow_redirects=False
    )
    assert created_letter.status_code == 303, created_letter.text
    letter_url = created_letter.headers["location"]
    letter_page = client.get(letter_url).text
    for key in ("letter_back", "letter_edit", "letter_submit", "letter_case_facts"):
        assert FR[key] in html.unescape(letter_page), key
    assert f">{FR['status_draft']}</span>" in letter_page
    submitted = client.post(f"{letter_url}/submit", data={"csrf_token": csrf})
    assert FR["note_submitted"] in html.unescape(submitted.text)
    assert f">{FR['status_submitted']}</span>" in submitted.text


def test_an_english_user_still_reads_english(client: TestClient, actors: dict[str, Any]) -> None:
    csrf = _sign_in(client, actors["coordinator"])
    created = client.post(
        "/cases", data={"title": "Stop on King Street", "csrf_token": csrf},
        follow_redirects=False,
    )  # fmt: skip
    page = client.get(created.headers["location"]).text
    assert '<html lang="en">' in page
    for key in ("case_upload", "case_documents", "case_deadlines", "case_draft_letter"):
        assert EN[key] in page
    assert FR["case_upload"] not in page


def test_no_template_writes_english_outside_its_strings() -> None:
    """Every word a template shows comes from ``t`` (or data): none is written in the file."""
    allowed = {*ALLOWED, "sha"}
    for template in sorted(TEMPLATES.glob("*.html")):
        source = template.read_text(encoding="utf-8")
        source = re.sub(r"{{.*?}}|{%.*?%}|{#.*?#}", " ", source, flags=re.S)
        source = re.sub(r"<script\b[^>]*>.*?</script>|<style\b.*?</style>", " ", source, flags=re.S)
        attributes = re.findall(r'\b(?:title|aria-label|placeholder|alt)="([^"]*)"', source)
        text = " ".join([re.sub(r"<[^>]+>", " ", source), *attributes])
        words = set(re.findall(r"[A-Za-z]{2,}", text)) - allowed
        assert not words, f"{template.name} writes {sorted(words)}"


def test_every_letter_field_and_data_code_has_a_french_label() -> None:
    english_labels = {value for key, value in EN.items() if key.startswith("field_")}

    def bare(label: str) -> str:
        for note in ("form_one_per_line", "form_rows", "form_optional_group"):
            label = label.replace(FR[note], "")
        return re.sub(r"^\d+\. ", "", label)

    for model in CONTEXT_MODELS.values():
        for group in form_groups(model, {}, FR):
            assert bare(group.legend) in FR.values(), group.legend
            for field in group.fields:
                label = bare(field.label)
                assert label in FR.values() and label not in english_labels, field.name
    for code in ALLEGATION_CATEGORIES:
        assert FR[f"category_{code}"] != EN[f"category_{code}"] or code == "discrimination"
    for role in DATE_ROLES:
        assert FR[f"date_role_{role}"] != EN[f"date_role_{role}"] or role == "incident"
