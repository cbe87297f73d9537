"""Builds the v1 letter templates (DOCX with docxtpl tags) from `wording_en`/`wording_fr`, and
publishes the ones not yet published. Run: ``python -m correspondence.authoring --root templates``.
Published files are never rebuilt: a wording change is a new version with its own change note.
"""

from __future__ import annotations

import argparse
import io
import re
import sys
import zipfile
from collections.abc import Sequence
from datetime import UTC, date, datetime

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor
from docx.text.paragraph import Paragraph

from core.errors import AppError
from core.vocab import LANGUAGES, LETTER_VARIANTS
from correspondence import wording_en, wording_fr
from correspondence.catalog import (
    find_manifest_problems,
    publish_template,
    read_manifest,
    relative_path,
    sha256_hex,
)

WORDING_VERSION = 1
AUTHOR = "Casedesk correspondence team"
CHANGE_NOTE = "First published wording."
# Fixed stamps make a rebuild byte-identical, so drift between wording and files is detectable.
_FIXED_TIME = datetime(2026, 1, 1, tzinfo=UTC)
_ZIP_TIME = (2026, 1, 1, 0, 0, 0)
_FONT = "Arial"
_ACCENT = RGBColor(0x1F, 0x3A, 0x5F)
_BOLD = re.compile(r"\*\*(.+?)\*\*")

_WORDING = {"en": wording_en, "fr": wording_fr}
_LANG_TAGS = {"en": "en-CA", "fr": "fr-CA"}


def _set_language(document: object, lang: str) -> None:
    # The style's language drives LibreOffice/Word hyphenation and spelling for the whole letter.
    styles = document.styles  # type: ignore[attr-defined]
    rpr = styles["Normal"].element.get_or_add_rPr()
    lang_el = OxmlElement("w:lang")
    lang_el.set(qn("w:val"), _LANG_TAGS[lang])
    rpr.append(lang_el)


def _bottom_border(paragraph: Paragraph) -> None:
    ppr = paragraph._p.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("w:val", "single"), ("w:sz", "8"), ("w:space", "4"), ("w:color", "1F3A5F")):
        bottom.set(qn(key), value)
    borders.append(bottom)
    ppr.append(borders)


def _add_runs(paragraph: Paragraph, text: str, *, size: float | None = None) -> None:
    """Add text with **bold** spans; each Jinja tag stays whole inside one run."""
    for index, piece in enumerate(_BOLD.split(text)):
        if not piece:
            continue
        run = paragraph.add_run(piece)
        run.bold = index % 2 == 1 or None
        if size is not None:
            run.font.size = Pt(size)


def _add_page_field(paragraph: Paragraph, size: float) -> None:
    # Word's own field layout: begin, instruction, separate, cached result, end, one run each,
    # so every part carries the footer's font size.
    parts: list[tuple[str, dict[str, str], str | None]] = [
        ("w:fldChar", {"w:fldCharType": "begin"}, None),
        ("w:instrText", {"xml:space": "preserve"}, " PAGE "),
        ("w:fldChar", {"w:fldCharType": "separate"}, None),
        ("w:t", {}, "1"),
        ("w:fldChar", {"w:fldCharType": "end"}, None),
    ]
    for tag, attrs, text in parts:
        run = paragraph.add_run()
        run.font.size = Pt(size)
        element = OxmlElement(tag)
        for key, value in attrs.items():
            element.set(qn(key), value)
        if text is not None:
            element.text = text
        run._r.append(element)


def _tight(paragraph: Paragraph) -> Paragraph:
    paragraph.paragraph_format.space_after = Pt(0)
    return paragraph


def _add_markup(document: object, markup: str) -> None:
    """One line, one paragraph: ``{%p`` tags, ``## `` headings, ``- `` bullets, ``**bold**``."""
    add = document.add_paragraph  # type: ignore[attr-defined]
    for line in markup.split("\n"):
        if not line.strip():
            continue
        if line.startswith("{%p"):
            add(line)
        elif line.startswith("## "):
            heading = add()
            heading.paragraph_format.space_before = Pt(10)
            heading.paragraph_format.keep_with_next = True
            run = heading.add_run(line[3:])
            run.bold = True
            run.font.color.rgb = _ACCENT
        elif line.startswith("- "):
            bullet = add(style="List Bullet")
            bullet.paragraph_format.space_after = Pt(3)
            _add_runs(bullet, line[2:])
        else:
            _add_runs(add(), line)


def build_letter(kind: str, variant: str, lang: str) -> bytes:
    """The DOCX template of one letter, byte-identical on every call."""
    wording = _WORDING[lang]
    subject, body = wording.LETTERS[(kind, variant)]
    frame = wording.FRAME
    document = Document()

    properties = document.core_properties
    properties.title = f"{kind}/{variant} ({lang}) v{WORDING_VERSION}"
    properties.author = AUTHOR
    properties.last_modified_by = AUTHOR
    properties.comments = ""
    properties.created = _FIXED_TIME
    properties.modified = _FIXED_TIME
    properties.last_printed = _FIXED_TIME
    properties.revision = WORDING_VERSION
    properties.language = _LANG_TAGS[lang]

    normal = document.styles["Normal"]
    normal.font.name = _FONT
    normal.font.size = Pt(11)
    normal.paragraph_format.space_after = Pt(6)
    _set_language(document, lang)

    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Cm(21.59), Cm(27.94)  # US Letter, Canadian usage
    for side in ("left_margin", "right_margin"):
        setattr(section, side, Cm(2.5))
    section.top_margin, section.bottom_margin = Cm(2), Cm(2)

    # Letterhead
    name = _tight(document.add_paragraph())
    name_run = name.add_run("{{ organisation.name }}")
    name_run.bold = True
    name_run.font.size = Pt(15)
    name_run.font.color.rgb = _ACCENT
    _add_runs(_tight(document.add_paragraph()), "{{ organisation.address }}", size=9)
    contact = document.add_paragraph()
    _add_runs(
        contact,
        f"{frame['phone']} {{{{ organisation.phone }}}} · {{{{ organisation.email }}}}"
        "{% if organisation.website %} · {{ organisation.website }}{% endif %}",
        size=9,
    )
    _bottom_border(contact)
    contact.paragraph_format.space_after = Pt(18)

    # Date, file, addressee
    document.add_paragraph("{{ letter_date }}")
    _add_runs(document.add_paragraph(), f"{frame['our_file']} {{{{ reference }}}}")
    _add_runs(document.add_paragraph(), f"**{frame['confidential']}**")
    _tight(document.add_paragraph("{{ recipient.name }}"))
    document.add_paragraph("{%p for line in recipient.address_lines %}")
    _tight(document.add_paragraph("{{ line }}"))
    document.add_paragraph("{%p endfor %}")
    document.add_paragraph()

    # Subject, salutation, body, closing and signature
    _add_runs(_tight(document.add_paragraph()), f"**{frame['re']} {subject}**")
    _add_runs(document.add_paragraph(), f"{frame['complainant']} {{{{ complainant }}}}")
    document.add_paragraph(frame["salutation"])
    _add_markup(document, body)
    closing = document.add_paragraph(frame["closing"])
    closing.paragraph_format.space_before = Pt(12)
    closing.paragraph_format.space_after = Pt(36)
    closing.paragraph_format.keep_with_next = True
    signer = _tight(document.add_paragraph())
    signer.paragraph_format.keep_with_next = True
    _add_runs(signer, "**{{ signatory.name }}**")
    _tight(document.add_paragraph("{{ signatory.title }}")).paragraph_format.keep_with_next = True
    _tight(document.add_paragraph("{{ organisation.name }}"))
    document.add_paragraph("{%p if copies_to %}")
    copies = document.add_paragraph()
    copies.paragraph_format.space_before = Pt(12)
    _add_runs(copies, f"{frame['copies']} {{{{ copies_to|join(', ') }}}}", size=9)
    document.add_paragraph("{%p endif %}")

    # Footer on every page: who, which file, which page
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _add_runs(
        footer,
        f"{{{{ organisation.name }}}} · {frame['file']} {{{{ reference }}}} · {frame['page']} ",
        size=8,
    )
    _add_page_field(footer, 8)

    buffer = io.BytesIO()
    document.save(buffer)
    return _normalise_zip(buffer.getvalue())


def _normalise_zip(data: bytes) -> bytes:
    # zipfile stamps entries with the current time; fixed stamps make the bytes reproducible.
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=_ZIP_TIME)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            target.writestr(entry, source.read(info.filename))
    return out.getvalue()


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--root", default="templates", help="the templates folder")
    parser.add_argument(
        "--check",
        action="store_true",
        help="publish nothing; exit 1 if a published v1 differs from what the wording builds "
        "or the manifest does not match the files",
    )
    args = parser.parse_args(argv)
    published = {entry.path: entry for entry in read_manifest(args.root)}
    drift: list[str] = []
    for kind, variants in LETTER_VARIANTS.items():
        for variant in variants:
            for lang in LANGUAGES:
                rel = relative_path(kind, variant, lang, WORDING_VERSION)
                data = build_letter(kind, variant, lang)
                if rel in published:
                    if sha256_hex(data) != published[rel].sha256:
                        drift.append(f"{rel}: the wording no longer builds the published file")
                    continue
                if args.check:
                    drift.append(f"{rel}: not published")
                    continue
                try:
                    publish_template(
                        args.root,
                        kind,
                        variant,
                        lang,
                        data,
                        author=AUTHOR,
                        change_note=CHANGE_NOTE,
                        published_on=date.today(),
                        version=WORDING_VERSION,
                    )
                except AppError as exc:
                    print(f"{rel}: {exc.message} {exc.details}", file=sys.stderr)
                    return 1
                print(f"published {rel}", file=sys.stderr)
    problems = drift + find_manifest_problems(args.root)
    for problem in problems:
        print(problem, file=sys.stderr)
    return 1 if args.check and problems else 0


if __name__ == "__main__":
    raise SystemExit(main())
