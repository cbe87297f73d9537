"""One letter end to end: pick the template version, validate the context, render DOCX and PDF.

Everything is rendered in memory first, so an incomplete context or a failed conversion writes
no file at all (the CLI contract of `casedesk letter render`).
"""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from docx import Document
from pydantic import BaseModel

from core.errors import InvalidInput
from core.files import write_atomic
from correspondence import messages
from correspondence.catalog import active_version, check_slot, sha256_hex
from correspondence.contexts import context_model_for
from correspondence.formatting import locale_for
from correspondence.pdf import render_pdf
from correspondence.render import render_docx, validate_context


@dataclass(frozen=True, slots=True)
class RenderedLetter:
    kind: str
    variant: str
    lang: str
    locale: str
    template_version: int
    template_sha256: str
    docx: bytes
    docx_sha256: str
    # The validated context as canonical JSON: what the letter records to be reproducible.
    context_json: str


# Zip entries carry the time of writing; a fixed one makes a letter's DOCX reproducible.
_ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)


def normalise_docx(data: bytes) -> bytes:
    """The same DOCX with fixed zip timestamps, so one template and context give one hash."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=_ZIP_EPOCH)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = info.external_attr
            target.writestr(fixed, source.read(info))
    return out.getvalue()


def letter_stem(kind: str, variant: str, lang: str) -> str:
    """``<kind>-<variant>-<lang>``, the file name the CLI contract fixes."""
    return f"{kind}-{variant}-{lang}"


def letter_text(docx: bytes) -> str:
    """The visible text of a rendered letter, body then footers (for previews and checks)."""
    document = Document(io.BytesIO(docx))
    parts = [paragraph.text for paragraph in document.paragraphs]
    for section in document.sections:
        parts.extend(paragraph.text for paragraph in section.footer.paragraphs)
    return "\n".join(parts)


def read_context_file(path: Path) -> dict[str, Any]:
    """A context JSON file as a dict (validation happens when the letter is rendered)."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InvalidInput(f"{path}: {messages.context_file_problem(exc)}") from exc
    if not isinstance(data, dict):
        raise InvalidInput(f"{path}: a context file holds one JSON object")
    return data


def render_letter_bytes(
    template_bytes: bytes,
    kind: str,
    variant: str,
    lang: str,
    context: Mapping[str, Any] | BaseModel,
    *,
    template_version: int,
) -> RenderedLetter:
    """Render from template bytes (the database's copy of a version); same checks as files.

    The API and the CLI both render through here, so they get the same
    normalised DOCX, and so the same hash, for the same template version and context."""
    check_slot(kind, variant, lang)
    model = context_model_for(kind, variant)
    validated = validate_context(context, model)
    locale = locale_for(lang, validated.jurisdiction)
    docx = normalise_docx(render_docx(template_bytes, validated, lang, locale=locale))
    return RenderedLetter(
        kind=kind,
        variant=variant,
        lang=lang,
        locale=locale,
        template_version=template_version,
        template_sha256=sha256_hex(template_bytes),
        docx=docx,
        docx_sha256=sha256_hex(docx),
        context_json=json.dumps(
            validated.model_dump(mode="json"), ensure_ascii=False, sort_keys=True
        ),
    )


def render_letter(
    root: Path,
    kind: str,
    variant: str,
    lang: str,
    context: Mapping[str, Any] | BaseModel,
    version: int | None = None,
) -> RenderedLetter:
    """Render a letter from ``root``'s active template version (or ``version``)."""
    template = active_version(Path(root), kind, variant, lang, override=version)
    return render_letter_bytes(
        template.path.read_bytes(),
        kind,
        variant,
        lang,
        context,
        template_version=template.version,
    )


def write_letter_files(
    root: Path,
    kind: str,
    variant: str,
    lang: str,
    context: Mapping[str, Any] | BaseModel,
    out_dir: Path,
    version: int | None = None,
    *,
    convert: Callable[[bytes], bytes] = render_pdf,
) -> tuple[Path, Path]:
    """Write ``out_dir/<kind>-<variant>-<lang>.docx`` and ``.pdf``; nothing if anything fails.

    ``convert`` is DOCX bytes -> PDF bytes: a fresh LibreOffice by default, or a persistent
    ``UnoConverter.render_pdf``.
    """
    letter = render_letter(root, kind, variant, lang, context, version)
    pdf = convert(letter.docx)
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    stem = letter_stem(kind, variant, lang)
    docx_path, pdf_path = out / f"{stem}.docx", out / f"{stem}.pdf"
    write_atomic(docx_path, letter.docx)
    try:
        write_atomic(pdf_path, pdf)
    except BaseException:
        docx_path.unlink(missing_ok=True)
        raise
    return docx_path, pdf_path
