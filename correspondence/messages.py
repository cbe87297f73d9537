"""Letter-side library errors (python-docx/docxtpl, Jinja, lxml, LibreOffice) in our own words.

Like the upload side's readers, a message shown to a person names the problem, never a
library's text as such: python-docx says ``file '<_io.BytesIO object at 0x7f…>' is not a Word
file``, Jinja's sandbox ``access to attribute '__class__' of 'str' object is unsafe``, soffice
prints its own warnings or temporary paths. Jinja's syntax messages describe the template's
own tokens (``unexpected '}'``) and are what an author needs, so they are kept, with any
object repr or address scrubbed out.
"""

from __future__ import annotations

import json
import os
import re
import zipfile

from jinja2 import TemplateError as JinjaTemplateError
from jinja2 import TemplateSyntaxError, UndefinedError
from jinja2.exceptions import SecurityError
from lxml import etree

_REPR = re.compile(r"<[^<>]*\bobject at 0x[0-9a-fA-F]+>|\b0x[0-9a-fA-F]{6,}\b")
_UNSAFE_ATTRIBUTE = re.compile(r"attribute '([^']{1,64})'")
_MAX = 200


def scrub(text: str) -> str:
    """One line, no object reprs or addresses, bounded length."""
    line = " ".join(_REPR.sub("an object", text).split())
    return line if len(line) <= _MAX else line[: _MAX - 1] + "…"


def not_a_docx(exc: BaseException) -> str:
    """Why bytes offered as a DOCX template could not be opened."""
    if isinstance(exc, zipfile.BadZipFile):
        return "not a valid DOCX template: the file is not a DOCX (ZIP) archive"
    if isinstance(exc, KeyError):
        return "not a valid DOCX template: a part every DOCX has (word/document.xml) is missing"
    if isinstance(exc, etree.XMLSyntaxError):
        return "not a valid DOCX template: its document XML is damaged"
    return "not a valid DOCX template: the archive is not a Word document"


def template_problem(exc: BaseException, line: int | None = None) -> str:
    """What is wrong with a template's tags, from a Jinja error raised parsing or rendering."""
    if isinstance(exc, TemplateSyntaxError):
        where = f" (line {line or exc.lineno})" if (line or exc.lineno) else ""
        return f"broken tag{where}: {scrub(exc.message or 'the tag cannot be read')}"
    if isinstance(exc, SecurityError):
        match = _UNSAFE_ATTRIBUTE.search(str(exc))
        what = f" ({match.group(1)})" if match else ""
        return f"the template reaches a Python internal attribute{what}, which letters may not use"
    if isinstance(exc, UndefinedError):
        return "the template uses a value the letter does not provide"
    if isinstance(exc, JinjaTemplateError):
        return "the template failed to render: a tag could not be evaluated"
    if isinstance(exc, TypeError):
        return (
            "the template failed to render: a tag combines or calls values in a way they do "
            "not allow (such as text plus a number)"
        )
    if isinstance(exc, ArithmeticError):
        return "the template failed to render: a tag's arithmetic failed (such as a division by 0)"
    return "the template failed to render: a tag's value could not be converted or formatted"


def not_well_formed(part: str) -> str:
    return f"the rendered letter is damaged: its part {part} is not well-formed XML"


def context_file_problem(exc: BaseException) -> str:
    """Why a letter context file could not be read."""
    if isinstance(exc, json.JSONDecodeError):
        return f"cannot read the context: not JSON (line {exc.lineno}, column {exc.colno})"
    if isinstance(exc, UnicodeDecodeError):
        return "cannot read the context: the file is not UTF-8 text"
    if isinstance(exc, OSError) and exc.errno is not None:
        return f"cannot read the context: {os.strerror(exc.errno).lower()}"
    return "cannot read the context file"
