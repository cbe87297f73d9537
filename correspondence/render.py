"""DOCX rendering with docxtpl in a sandboxed, autoescaping, strict Jinja environment.

A context missing any name fails before anything is rendered, with every missing name listed.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Mapping
from typing import Any, TypeVar

from docxtpl import DocxTemplate
from jinja2 import StrictUndefined, UndefinedError, meta
from jinja2 import TemplateError as JinjaTemplateError
from jinja2.exceptions import SecurityError
from jinja2.sandbox import ImmutableSandboxedEnvironment
from lxml import etree
from pydantic import BaseModel, ValidationError

from core.errors import InvalidInput, MissingContext, TemplateError
from correspondence import messages
from correspondence.formatting import (
    allegation_label,
    check_language,
    format_number,
    locale_for,
    localise,
)

# pydantic error types that mean "the value is not there" rather than "the value is wrong".
_MISSING_TYPES = frozenset({"missing", "string_too_short", "too_short"})

# The parts docxtpl writes context values into; the rest of the package is the template's own.
_RENDERED_PART = re.compile(
    r"^(word/(document|header\d*|footer\d*|footnotes)\.xml|docProps/core\.xml)$"
)

_UNDEFINED_NAME = re.compile(r"(?:^'([^']+)' is undefined|has no attribute '([^']+)')")

ModelT = TypeVar("ModelT", bound=BaseModel)


def build_environment(lang: str, locale: str | None = None) -> ImmutableSandboxedEnvironment:
    """The only Jinja environment letters see: sandboxed, immutable, autoescaping, strict."""
    lang = check_language(lang)
    resolved = locale or locale_for(lang)
    # Autoescape because docxtpl writes values straight into XML: an unescaped "&" or "<"
    # makes the part malformed and docxtpl's recovering parser then drops the paragraph.
    env = ImmutableSandboxedEnvironment(autoescape=True, undefined=StrictUndefined)
    env.filters["number"] = lambda value: format_number(value, resolved)
    env.filters["allegation_label"] = lambda code: allegation_label(str(code), lang)
    return env


def validate_context(context: Mapping[str, Any] | BaseModel, model: type[ModelT]) -> ModelT:
    """Validate a context: MissingContext lists every absent or empty field, InvalidInput others."""
    if isinstance(context, model):
        return context
    raw = context.model_dump() if isinstance(context, BaseModel) else dict(context)
    try:
        return model.model_validate(raw)
    except ValidationError as exc:
        missing: list[str] = []
        invalid: list[str] = []
        # Per field (dotted name): what to say beside it on a form.
        fields: dict[str, str] = {}
        for error in exc.errors():
            where = ".".join(str(part) for part in error["loc"])
            if error["type"] in _MISSING_TYPES:
                missing.append(where)
                fields.setdefault(where, "required")
            else:
                invalid.append(f"{where}: {error['msg']}")
                fields.setdefault(where, error["msg"])
        if missing:
            raise MissingContext(
                f"the context is missing: {', '.join(missing)}",
                missing=missing,
                invalid=invalid,
                fields=fields,
            ) from None
        raise InvalidInput(
            f"the context has invalid values: {'; '.join(invalid)}", invalid=invalid, fields=fields
        ) from None


def find_undeclared_names(template: DocxTemplate, env: ImmutableSandboxedEnvironment) -> set[str]:
    """Every top-level name the body, headers and footers of a template read from the context."""
    names: set[str] = set()
    for _part, source in template_sources(template):
        names |= meta.find_undeclared_variables(env.parse(source))
    return names


def template_sources(template: DocxTemplate) -> list[tuple[str, str]]:
    """(part name, Jinja source) for the body, headers and footers, as docxtpl will render them."""
    document = template.get_docx()
    # One line per paragraph, as docxtpl does when rendering, so syntax errors point somewhere.
    body = template.patch_xml(template.xml_to_string(document._element.body))
    sources = [("body", body.replace("<w:p>", "\n<w:p>").replace("<w:p ", "\n<w:p "))]
    for uri in (template.HEADER_URI, template.FOOTER_URI):
        for _key, part in template.get_headers_footers(uri):
            sources.append((str(part.partname), template.patch_xml(template.get_part_xml(part))))
    return sources


def open_template(template_bytes: bytes) -> DocxTemplate:
    """A DocxTemplate over bytes; TemplateError when the bytes are not a DOCX."""
    try:
        template = DocxTemplate(io.BytesIO(template_bytes))
        template.init_docx()
    except (zipfile.BadZipFile, KeyError, ValueError, etree.XMLSyntaxError) as exc:
        raise TemplateError(messages.not_a_docx(exc)) from exc
    return template


def render_docx(
    template_bytes: bytes,
    context: Mapping[str, Any] | BaseModel,
    lang: str,
    *,
    model: type[BaseModel] | None = None,
    locale: str | None = None,
) -> bytes:
    """Render a DOCX template; dates in ``context`` come out long and in the letter's language.

    With ``model`` (or a model instance as ``context``) the context is validated first, so every
    missing field is reported at once; for a plain dict, every top-level name the template reads
    but the dict lacks is. Nothing is returned unless the whole letter rendered.
    """
    env = build_environment(lang, locale)
    if model is not None:
        context = validate_context(context, model)
    data: dict[str, Any] = context.model_dump() if isinstance(context, BaseModel) else dict(context)
    template = open_template(template_bytes)
    if not isinstance(context, BaseModel):
        # Without a model nothing has listed what is absent yet; ask the template (~30 ms).
        # A validated model holds every name its kind's templates may use (the upload check).
        try:
            missing = sorted(find_undeclared_names(template, env) - set(data))
        except JinjaTemplateError as exc:
            raise TemplateError(messages.template_problem(exc)) from exc
        if missing:
            raise MissingContext(f"the context is missing: {', '.join(missing)}", missing=missing)
    resolved = locale or locale_for(lang)
    try:
        template.render(localise(data, resolved), jinja_env=env, autoescape=True)
    except SecurityError as exc:
        raise TemplateError(messages.template_problem(exc)) from exc
    except UndefinedError as exc:
        # "'x' is undefined" or "'dict object' has no attribute 'x'": report the name.
        match = _UNDEFINED_NAME.search(str(exc))
        if match is None:
            raise TemplateError(messages.template_problem(exc)) from exc
        name = match.group(1) or match.group(2)
        raise MissingContext(f"the context is missing: {name}", missing=[name]) from exc
    except (JinjaTemplateError, TypeError, ValueError, ArithmeticError) as exc:
        # A tag evaluating badly (text plus a number, a bad format) is the template's fault:
        # a TemplateError in our words, not an internal error carrying Python's text.
        raise TemplateError(messages.template_problem(exc)) from exc
    buffer = io.BytesIO()
    template.save(buffer)
    rendered = buffer.getvalue()
    check_well_formed(rendered)
    return rendered


def check_well_formed(docx_bytes: bytes) -> None:
    """Raise TemplateError unless every part docxtpl rendered parses strictly."""
    # docxtpl re-parses the body with recover=True, which hides damage by dropping content;
    # a strict parse of the result is the only way to know the letter is whole.
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
    with zipfile.ZipFile(io.BytesIO(docx_bytes)) as archive:
        for name in archive.namelist():
            if _RENDERED_PART.match(name):
                try:
                    etree.fromstring(archive.read(name), parser)
                except etree.XMLSyntaxError as exc:
                    raise TemplateError(messages.not_well_formed(name)) from exc
