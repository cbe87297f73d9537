"""Rendering: every template from its sample, missing names, escaping, sandbox, locales."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from lxml import etree

from core.errors import MissingContext, TemplateError
from correspondence.catalog import ALL_SLOTS, active_version
from correspondence.contexts import context_model_for
from correspondence.letters import letter_text, render_letter, write_letter_files
from correspondence.render import render_docx
from correspondence.samples import read_sample

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"
SLOTS = [pytest.param(*slot, id="/".join(slot)) for slot in ALL_SLOTS]

LONG_DATES = {
    "en": {"letter_date": "March 3, 2026", "incident_date": "June 14, 2025"},
    "fr": {"letter_date": "3 mars 2026", "incident_date": "14 juin 2025"},
}


@pytest.mark.parametrize(("kind", "variant", "lang"), SLOTS)
def test_every_template_renders_from_its_sample(kind: str, variant: str, lang: str) -> None:
    context = read_sample(kind, variant, lang)
    letter = render_letter(TEMPLATES, kind, variant, lang, context)
    text = letter_text(letter.docx)  # python-docx opens it: a valid DOCX
    assert context["complainant"] in text
    assert context["reference"] in text
    assert context["recipient"]["address_lines"][-1] in text
    assert context["signatory"]["name"] in text
    for value in LONG_DATES[lang].values():
        assert value in text
    assert "{{" not in text and "{%" not in text
    assert letter.template_version == 1
    assert letter.locale == ("en_CA" if lang == "en" else "fr_CA")


def _escape_context(lang: str) -> dict[str, Any]:
    context = read_sample("decision", "investigate", lang)
    context["organisation"] = {**context["organisation"], "name": "Smith & Sons <Ltd>"}
    context["complainant"] = 'Zoë "Zed" O\'Brien-Çelik & <Partners>'
    context["allegations"] = [
        {"category": "deceit", "summary": "Said </w:t></w:r><w:r><w:t>injected & more"}
    ]
    return context


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_special_characters_render_and_the_xml_stays_well_formed(lang: str) -> None:
    letter = render_letter(TEMPLATES, "decision", "investigate", lang, _escape_context(lang))
    with zipfile.ZipFile(io.BytesIO(letter.docx)) as archive:
        for name in ("word/document.xml", "word/footer1.xml"):
            etree.fromstring(archive.read(name))  # strict parser: raises if malformed
    text = letter_text(letter.docx)
    assert "Smith & Sons <Ltd>" in text
    assert 'Zoë "Zed" O\'Brien-Çelik & <Partners>' in text
    assert "Said </w:t></w:r><w:r><w:t>injected & more" in text


def test_missing_values_are_all_listed_and_nothing_is_written(tmp_path: Path) -> None:
    context = read_sample("outcome", "upheld", "fr")
    del context["reference"]
    del context["remedial_action"]
    context["recipient"] = {**context["recipient"], "name": ""}
    out = tmp_path / "out"
    with pytest.raises(MissingContext) as caught:
        write_letter_files(TEMPLATES, "outcome", "upheld", "fr", context, out)
    assert caught.value.details["missing"] == ["reference", "recipient.name", "remedial_action"]
    assert "reference" in caught.value.message
    assert not out.exists()


def test_a_plain_dict_without_model_reports_every_missing_name() -> None:
    data = active_version(TEMPLATES, "notification", "delay", "en").path.read_bytes()
    with pytest.raises(MissingContext) as caught:
        render_docx(data, {"reference": "X-1"}, "en")
    missing = set(caught.value.details["missing"])
    assert {"organisation", "new_date", "delay_reasons", "complainant"} <= missing
    assert "reference" not in missing


def test_wrong_values_are_not_reported_as_missing() -> None:
    context = read_sample("notification", "delay", "en")
    context["new_date"] = "next Tuesday"
    with pytest.raises(Exception) as caught:
        render_letter(TEMPLATES, "notification", "delay", "en", context)
    assert getattr(caught.value, "code", None) == "invalid_input"
    assert "new_date" in str(caught.value)


@pytest.mark.parametrize(
    "expression",
    [
        pytest.param("{{ ''.__class__.__mro__ }}", id="mro"),
        pytest.param("{{ reference.__class__.__base__.__subclasses__() }}", id="subclasses"),
        pytest.param("{{ cycler.__init__.__globals__ }}", id="globals"),
        pytest.param("{{ allegations.append(1) }}", id="mutation"),
        pytest.param("{{ reference.format.__globals__ }}", id="format-globals"),
    ],
)
def test_template_expressions_cannot_reach_python_internals(
    expression: str, make_docx: Callable[..., bytes]
) -> None:
    template = make_docx("{{ reference }}", expression)
    with pytest.raises(TemplateError) as caught:
        render_docx(template, {"reference": "X-1", "allegations": [], "cycler": None}, "en")
    assert caught.value.code in {"template_error", "missing_context"}
    assert "<class" not in caught.value.message


def test_a_broken_tag_is_a_template_error_not_a_crash(make_docx: Callable[..., bytes]) -> None:
    with pytest.raises(TemplateError):
        render_docx(make_docx("{{ reference "), {"reference": "x"}, "en")


def test_not_a_docx_is_a_template_error() -> None:
    with pytest.raises(TemplateError):
        render_docx(b"PK\x03\x04 nope", {}, "en")


@pytest.mark.parametrize(
    ("lang", "locale", "expected_date", "expected_number"),
    [
        pytest.param("en", None, "March 3, 2026", "12,345.5", id="en-CA"),
        pytest.param("fr", None, "3 mars 2026", "12\u202f345,5", id="fr-CA"),
        pytest.param("en", "en_GB", "3 March 2026", "12,345.5", id="en-GB"),
    ],
)
def test_dates_and_numbers_follow_the_language(
    lang: str,
    locale: str | None,
    expected_date: str,
    expected_number: str,
    make_docx: Callable[..., bytes],
) -> None:
    template = make_docx("{{ when }} / {{ amount|number }} / {{ code|allegation_label }}")
    rendered = render_docx(
        template,
        {"when": date(2026, 3, 3), "amount": 12345.5, "code": "use_of_force"},
        lang,
        locale=locale,
    )
    text = letter_text(rendered)
    assert expected_date in text
    assert expected_number.replace("\u202f", " ") in text.replace("\u202f", " ").replace(
        "\xa0", " "
    )
    assert ("Use of force" if lang == "en" else "Recours à la force") in text


def test_uk_bodies_get_british_dates() -> None:
    context = read_sample("notification", "delay", "en")
    context["jurisdiction"] = "UK-ENG"
    letter = render_letter(TEMPLATES, "notification", "delay", "en", context)
    assert letter.locale == "en_GB"
    assert "3 March 2026" in letter_text(letter.docx)


def test_optional_blocks_switch_off_cleanly() -> None:
    context = read_sample("decision", "out_of_time", "en")
    context["review"] = None
    context["officers"] = []
    context["copies_to"] = []
    context["organisation"] = {**context["organisation"], "website": None}
    context["recipient"] = {**context["recipient"], "salutation": None}
    text = letter_text(render_letter(TEMPLATES, "decision", "out_of_time", "en", context).docx)
    assert "does not provide for a review" in text
    assert "Your right to ask for a review" not in text
    assert f"Dear {context['recipient']['name']}:" in text
    assert "None" not in text and "c: " not in text


def test_a_model_instance_is_accepted_as_context() -> None:
    model = context_model_for("disposition", "withdrawn")
    context = model.model_validate(read_sample("disposition", "withdrawn", "fr"))
    letter = render_letter(TEMPLATES, "disposition", "withdrawn", "fr", context)
    assert "27 février 2026" in letter_text(letter.docx)


def test_a_missing_nested_value_is_named(make_docx: Callable[..., bytes]) -> None:
    template = make_docx("{{ recipient.name }}")
    with pytest.raises(MissingContext) as caught:
        render_docx(template, {"recipient": {}}, "en")
    assert caught.value.details["missing"] == ["name"]
