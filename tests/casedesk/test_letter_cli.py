"""`casedesk letter render`: the CLI contract (files, missing context, usage errors, versions)."""

from __future__ import annotations

import hashlib
import io
import json
from pathlib import Path
from typing import Any

import pypdfium2 as pdfium
import pytest
from docx import Document

from api import letter_templates, letters
from api.state import AppState
from casedesk.cli import main
from core.db import transaction
from core.models import User
from correspondence.letters import letter_text
from correspondence.samples import read_sample, sample_path
from tests.support import REPO

KIND, VARIANT = "decision", "out_of_time"


@pytest.fixture
def no_database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Settings with an empty data folder: no database file exists, none may be created."""
    data = tmp_path / "data"
    monkeypatch.setenv("CASEDESK_DATA_DIR", str(data))
    monkeypatch.delenv("CASEDESK_DATABASE_URL", raising=False)
    monkeypatch.setenv("CASEDESK_TEMPLATES_DIR", str(REPO / "templates"))
    return data


def _pdf_text(data: bytes) -> str:
    document = pdfium.PdfDocument(data)
    try:
        text = "\n".join(page.get_textpage().get_text_range() for page in document)
    finally:
        document.close()
    return " ".join(text.replace("\xa0", " ").replace("\u202f", " ").split())


@pytest.mark.slow
@pytest.mark.parametrize(
    ("lang", "date_text"),
    [pytest.param("en", "March 3, 2026", id="en"), pytest.param("fr", "3 mars 2026", id="fr")],
)
def test_renders_docx_and_pdf(lang: str, date_text: str, no_database: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    code = main(
        [
            "letter",
            "render",
            f"{KIND}/{VARIANT}",
            "--lang",
            lang,
            "--context",
            str(sample_path(KIND, VARIANT, lang)),
            "--out",
            str(out),
        ]
    )
    assert code == 0
    stem = f"{KIND}-{VARIANT}-{lang}"
    assert sorted(p.name for p in out.iterdir()) == [f"{stem}.docx", f"{stem}.pdf"]
    context = read_sample(KIND, VARIANT, lang)
    text = _pdf_text((out / f"{stem}.pdf").read_bytes())
    for fact in (context["reference"], context["complainant"], date_text):
        assert fact in text
    assert context["reference"] in letter_text((out / f"{stem}.docx").read_bytes())
    assert not no_database.exists(), "the command created a database"


def test_incomplete_context_writes_nothing_and_names_what_is_missing(
    no_database: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    context = read_sample(KIND, VARIANT, "en")
    del context["complainant"]
    del context["time_limit_months"]
    context["signatory"]["name"] = ""
    path = tmp_path / "context.json"
    path.write_text(json.dumps(context), encoding="utf-8")
    out = tmp_path / "out"
    argv = ["letter", "render", f"{KIND}/{VARIANT}", "--lang", "en", "--context", str(path)]
    code = main([*argv, "--out", str(out)])
    assert code == 1
    err = capsys.readouterr().err
    for name in ("complainant", "time_limit_months", "signatory.name"):
        assert f"missing: {name}" in err
    assert not out.exists() or not any(out.iterdir())


def _bad_json(tmp_path: Path) -> str:
    path = tmp_path / "bad.json"
    path.write_text("{not json", encoding="utf-8")
    return str(path)


@pytest.mark.parametrize(
    "argv",
    [
        pytest.param(["nosuch/standard", "--lang", "en"], id="unknown-kind"),
        pytest.param(["decision/nosuch", "--lang", "en"], id="unknown-variant"),
        pytest.param(["decision", "--lang", "en"], id="no-variant"),
        pytest.param([f"{KIND}/{VARIANT}", "--lang", "de"], id="unknown-lang"),
        pytest.param([f"{KIND}/{VARIANT}", "--lang", "en", "--context", "MISSING"], id="no-file"),
        pytest.param([f"{KIND}/{VARIANT}", "--lang", "en", "--context", "BAD"], id="bad-json"),
        pytest.param([f"{KIND}/{VARIANT}", "--context", "SAMPLE"], id="no-lang"),
    ],
)
def test_usage_errors_exit_2(argv: list[str], no_database: Path, tmp_path: Path) -> None:
    replaced = [
        {
            "MISSING": str(tmp_path / "absent.json"),
            "BAD": _bad_json(tmp_path),
            "SAMPLE": str(sample_path(KIND, VARIANT, "en")),
        }.get(arg, arg)
        for arg in argv
    ]
    if "--context" not in replaced:
        replaced += ["--context", str(sample_path(KIND, VARIANT, "en"))]
    out = tmp_path / "out"
    try:
        code = main(["letter", "render", *replaced, "--out", str(out)])
    except SystemExit as exc:  # argparse's own usage errors
        code = int(exc.code or 0)
    assert code == 2
    assert not out.exists()


def _docx_with(text: str) -> bytes:
    document = Document()
    document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


@pytest.mark.slow
def test_the_database_active_version_wins_over_the_highest_file(
    state: AppState,
    actors: dict[str, Any],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    settings = state.settings
    with transaction(state.sessions) as session:
        admin = session.get(User, actors["admin"].user_id)
        assert admin is not None
        letter_templates.sync_template_versions(session, state)  # v1 active
        letter_templates.upload_template_version(
            session,
            state,
            admin,
            kind=KIND,
            variant=VARIANT,
            lang="en",
            data=_docx_with("Version two for {{ complainant }}."),
            change_note="Trial wording",
        )  # v2 on disk, not active
    monkeypatch.setenv("CASEDESK_DATABASE_URL", settings.database_url)
    monkeypatch.setenv("CASEDESK_DATA_DIR", str(settings.data_dir))
    monkeypatch.setenv("CASEDESK_TEMPLATES_DIR", str(settings.templates_dir))
    argv = ["letter", "render", f"{KIND}/{VARIANT}", "--lang", "en"]
    argv += ["--context", str(sample_path(KIND, VARIANT, "en")), "--out", str(tmp_path / "a")]
    assert main(argv) == 0
    docx = (tmp_path / "a" / f"{KIND}-{VARIANT}-en.docx").read_bytes()
    assert "Version two" not in letter_text(docx)

    # Without the database, the highest file is the active version.
    monkeypatch.setenv("CASEDESK_DATA_DIR", str(tmp_path / "empty"))
    monkeypatch.delenv("CASEDESK_DATABASE_URL")
    argv[-1] = str(tmp_path / "b")
    assert main(argv) == 0
    docx = (tmp_path / "b" / f"{KIND}-{VARIANT}-en.docx").read_bytes()
    assert "Version two for" in letter_text(docx)


@pytest.mark.slow
def test_the_cli_and_the_api_make_the_same_docx_for_the_same_letter(
    state: AppState, no_database: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """One template version and one context give one DOCX hash, whichever shell renders it
    (the CLI once kept the zip's timestamps of the moment it wrote, so its hash differed)."""
    context = read_sample(KIND, VARIANT, "en")
    with transaction(state.sessions) as session:
        version = letter_templates.active_template(session, state, KIND, VARIANT, "en")
        api_letter = letters.render_for(state, version, context)
    monkeypatch.setenv("CASEDESK_TEMPLATES_DIR", str(state.settings.templates_dir))
    out = tmp_path / "out"
    argv = ["letter", "render", f"{KIND}/{VARIANT}", "--lang", "en"]
    assert main([*argv, "--context", str(sample_path(KIND, VARIANT, "en")), "--out", str(out)]) == 0
    cli_docx = (out / f"{KIND}-{VARIANT}-en.docx").read_bytes()
    assert hashlib.sha256(cli_docx).hexdigest() == api_letter.docx_sha256
