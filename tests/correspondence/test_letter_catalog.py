"""The published templates: manifest hashes, the contract with the context models, versions."""

from __future__ import annotations

import io
import shutil
import zipfile
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import get_args

import pytest

from core.errors import Conflict, InvalidInput, NotFound
from core.vocab import ALLEGATION_CATEGORIES, JURISDICTIONS, LANGUAGES, LETTER_VARIANTS
from correspondence.authoring import WORDING_VERSION, build_letter
from correspondence.catalog import (
    ALL_SLOTS,
    active_version,
    check_template,
    find_manifest_problems,
    find_templates,
    publish_template,
    read_manifest,
    relative_path,
    sha256_hex,
)
from correspondence.contexts import (
    CONTEXT_MODELS,
    AllegationCategory,
    Jurisdiction,
    context_model_for,
    template_variables,
)
from correspondence.letters import render_letter
from correspondence.render import build_environment, open_template
from correspondence.samples import read_sample

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"
SLOTS = [pytest.param(*slot, id="/".join(slot)) for slot in ALL_SLOTS]


def test_every_kind_variant_and_language_has_a_published_template() -> None:
    found = {(t.kind, t.variant, t.lang) for t in find_templates(TEMPLATES)}
    expected = {(k, v, lang) for k, vs in LETTER_VARIANTS.items() for v in vs for lang in LANGUAGES}
    assert found == expected
    published = {(e.kind, e.variant, e.lang) for e in read_manifest(TEMPLATES)}
    assert published == expected


def test_published_files_never_change() -> None:
    # A failure here means a published template was edited: restore it and publish a vN+1.
    assert find_manifest_problems(TEMPLATES) == []


def test_manifest_entries_carry_author_date_and_change_note() -> None:
    for entry in read_manifest(TEMPLATES):
        assert entry.author and entry.change_note
        date.fromisoformat(entry.date)
        assert entry.path == relative_path(entry.kind, entry.variant, entry.lang, entry.version)


@pytest.mark.parametrize(("kind", "variant", "lang"), SLOTS)
def test_authoring_still_builds_the_published_v1(kind: str, variant: str, lang: str) -> None:
    # Editing wording_en/wording_fr without a new version number would silently fork the
    # source from the published file; the build is deterministic, so compare hashes.
    entry = {e.path: e for e in read_manifest(TEMPLATES)}[
        relative_path(kind, variant, lang, WORDING_VERSION)
    ]
    assert sha256_hex(build_letter(kind, variant, lang)) == entry.sha256


@pytest.mark.parametrize(("kind", "variant", "lang"), SLOTS)
def test_template_uses_only_what_its_context_model_provides(
    kind: str, variant: str, lang: str
) -> None:
    template = active_version(TEMPLATES, kind, variant, lang)
    data = template.path.read_bytes()
    assert check_template(data, kind, variant) == []
    # The same contract through docxtpl's own helper, with the sandboxed environment.
    undeclared = open_template(data).get_undeclared_template_variables(
        jinja_env=build_environment(lang)
    )
    assert undeclared <= template_variables(context_model_for(kind, variant))


@pytest.mark.parametrize(("kind", "variant", "lang"), SLOTS)
def test_sample_context_fills_every_model_field(kind: str, variant: str, lang: str) -> None:
    model = context_model_for(kind, variant)
    sample = read_sample(kind, variant, lang)
    model.model_validate(sample)
    assert set(model.model_fields) <= set(sample), "samples show every field, even optional ones"


def test_context_registry_matches_the_vocabulary() -> None:
    assert set(CONTEXT_MODELS) == {(k, v) for k, vs in LETTER_VARIANTS.items() for v in vs}
    assert set(get_args(AllegationCategory)) == set(ALLEGATION_CATEGORIES)
    assert set(get_args(Jurisdiction)) == set(JURISDICTIONS)
    with pytest.raises(InvalidInput):
        context_model_for("decision", "maybe")


@pytest.mark.parametrize(
    ("paragraphs", "expected"),
    [
        pytest.param(["Dear {{ recipient.name }"], "broken tag", id="unclosed-variable"),
        pytest.param(["{%p if review %}", "x"], "broken tag", id="unclosed-block"),
        pytest.param(["{{ reference }} {{ bank_balance }}"], "bank_balance", id="unknown-variable"),
        pytest.param(["{{ reference|shell }}"], "No filter named 'shell'", id="unknown-filter"),
        pytest.param(["{{ reference.__class__ }}"], "internal attribute", id="dunder"),
        pytest.param(["{{ reference['__class__'] }}"], "internal attribute", id="dunder-item"),
    ],
)
def test_check_template_lists_problems(
    paragraphs: list[str], expected: str, make_docx: Callable[..., bytes]
) -> None:
    problems = check_template(make_docx(*paragraphs), "acknowledgement", "standard")
    assert any(expected in problem for problem in problems), problems


def test_check_template_names_the_broken_paragraph(make_docx: Callable[..., bytes]) -> None:
    data = make_docx("Fine {{ reference }}", "Broken here {{ reference ")
    (problem,) = check_template(data, "acknowledgement", "standard")
    assert "Broken here" in problem


def test_check_template_refuses_a_non_docx() -> None:
    assert check_template(b"not a zip", "decision", "investigate")


@pytest.fixture
def tmp_templates(tmp_path: Path) -> Path:
    root = tmp_path / "templates"
    shutil.copytree(TEMPLATES, root)
    return root


def test_highest_version_is_active_and_v1_still_renders(
    tmp_templates: Path, make_docx: Callable[..., bytes]
) -> None:
    kind, variant, lang = "acknowledgement", "standard", "en"
    context = read_sample(kind, variant, lang)
    before = render_letter(tmp_templates, kind, variant, lang, context)
    v2 = make_docx("{{ organisation.name }}", "Version two for {{ complainant }}.")
    entry = publish_template(
        tmp_templates,
        kind,
        variant,
        lang,
        v2,
        author="A. Admin",
        change_note="Shorter wording.",
        published_on=date(2026, 3, 4),
    )
    assert entry.version == 2
    assert active_version(tmp_templates, kind, variant, lang).version == 2
    assert active_version(tmp_templates, kind, variant, lang, override=1).version == 1
    with pytest.raises(NotFound):
        active_version(tmp_templates, kind, variant, lang, override=7)

    latest = render_letter(tmp_templates, kind, variant, lang, context)
    pinned = render_letter(tmp_templates, kind, variant, lang, context, version=1)
    assert latest.template_version == 2 and pinned.template_version == 1
    # A letter made on v1 reproduces: same template hash, same context, same document text.
    assert pinned.template_sha256 == before.template_sha256
    assert pinned.context_json == before.context_json
    assert _document_xml(pinned.docx) == _document_xml(before.docx)
    assert find_manifest_problems(tmp_templates) == []


def test_a_published_version_cannot_be_replaced(
    tmp_templates: Path, make_docx: Callable[..., bytes]
) -> None:
    with pytest.raises(Conflict):
        publish_template(
            tmp_templates,
            "decision",
            "investigate",
            "fr",
            make_docx("{{ reference }}"),
            author="A. Admin",
            change_note="Oops.",
            published_on=date(2026, 3, 4),
            version=1,
        )


def test_publishing_refuses_a_template_with_problems(
    tmp_templates: Path, make_docx: Callable[..., bytes]
) -> None:
    with pytest.raises(InvalidInput) as caught:
        publish_template(
            tmp_templates,
            "decision",
            "investigate",
            "fr",
            make_docx("{{ secret_sauce }}"),
            author="A. Admin",
            change_note="Bad.",
            published_on=date(2026, 3, 4),
        )
    assert "secret_sauce" in str(caught.value.details["problems"])


def test_an_edited_published_file_is_detected(tmp_templates: Path) -> None:
    target = tmp_templates / "outcome" / "upheld" / "fr" / "v1.docx"
    target.write_bytes(target.read_bytes() + b"\0")
    assert find_manifest_problems(tmp_templates) == [
        "outcome/upheld/fr/v1.docx: changed after publication (sha256 moved)"
    ]
    (tmp_templates / "outcome" / "upheld" / "fr" / "v9.docx").write_bytes(b"x")
    assert any("v9.docx: not in" in p for p in find_manifest_problems(tmp_templates))


def _document_xml(docx: bytes) -> bytes:
    with zipfile.ZipFile(io.BytesIO(docx)) as archive:
        return archive.read("word/document.xml")
