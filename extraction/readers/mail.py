"""E-mail readers: ``.eml`` (standard library ``email``) and Outlook ``.msg`` (olefile).

Headers and body are typeset into a PDF; file attachments become ``Attachment``s (child
documents); attached messages are shown inline up to a depth limit, deeper ones are cut.
"""

from __future__ import annotations

import email
import email.message
import email.policy
import html.parser
import re
from dataclasses import dataclass, field, replace

from core.errors import CorruptDocument, EmptyFile
from core.vocab import DocumentType
from extraction.document import Attachment, Document
from extraction.limits import Limits
from extraction.readers.pdf import read_pdf
from extraction.readers.typeset import render_text_pdf

HEADERS = ("From", "To", "Cc", "Date", "Subject")


@dataclass(slots=True)
class _Collected:
    """What a walk over a message tree gathers."""

    lines: list[str] = field(default_factory=list)
    attachments: list[Attachment] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    flags: set[str] = field(default_factory=set)


@dataclass(frozen=True, slots=True)
class MailContent:
    """A message reduced to what we render: header pairs, body text, attachments."""

    header: tuple[tuple[str, str], ...]
    body: str
    attachments: tuple[Attachment, ...]
    warnings: tuple[str, ...] = ()
    flags: frozenset[str] = frozenset()


def read_eml(
    data: bytes,
    *,
    limits: Limits = Limits(),  # noqa: B008 - a frozen value, safe as a default
) -> Document:
    """Read an RFC 822 message into a typeset PDF with its attachments as child documents."""
    return render_mail(parse_eml(data, limits=limits), DocumentType.EML.value, limits)


def parse_eml(data: bytes, *, limits: Limits = Limits()) -> MailContent:  # noqa: B008
    """Parse an .eml file (headers, body, attachments) without rendering it."""
    if not data.strip():
        raise EmptyFile("the e-mail is empty")
    try:
        message = email.message_from_bytes(data, policy=email.policy.default)
    except RecursionError as exc:
        raise CorruptDocument("the e-mail is nested too deeply to read") from exc
    collected = _Collected()
    try:
        header = _headers(message)
        _walk(message, collected, depth=0, limits=limits)
    except RecursionError as exc:
        raise CorruptDocument("the e-mail is nested too deeply to read") from exc
    return MailContent(
        header=header,
        body="\n".join(collected.lines).strip("\n"),
        attachments=tuple(collected.attachments),
        warnings=tuple(collected.warnings),
        flags=frozenset(collected.flags),
    )


def render_mail(content: MailContent, kind: str, limits: Limits) -> Document:
    """Typeset a parsed message and read the rendering back for text and boxes."""
    body = content.body or "(no message text)"
    if len(body) > limits.max_text_chars:
        body = body[: limits.max_text_chars]
    rendered = read_pdf(render_text_pdf(body, header=content.header), limits=limits, ocr=False)
    flags = {"rendered", *content.flags}
    if content.attachments:
        flags.add("attachments")
    return replace(
        rendered,
        kind=kind,
        attachments=content.attachments,
        warnings=rendered.warnings + content.warnings,
        flags=frozenset(flags),
    )


def _headers(message: email.message.Message) -> tuple[tuple[str, str], ...]:
    pairs: list[tuple[str, str]] = []
    for name in HEADERS:
        value = message.get(name)
        if value is not None:
            pairs.append((name, " ".join(str(value).split())))
    return tuple(pairs)


def _walk(part: email.message.Message, out: _Collected, *, depth: int, limits: Limits) -> None:
    """Collect body text and attachments; iterative over siblings, depth-limited over nesting."""
    stack: list[tuple[email.message.Message, int]] = [(part, depth)]
    body_found_at: set[int] = set()
    while stack:
        node, level = stack.pop()
        content_type = node.get_content_type()
        if node.is_multipart():
            payload = node.get_payload()
            if not isinstance(payload, list):
                continue
            children = [c for c in payload if isinstance(c, email.message.Message)]
            if not children:
                continue
            if content_type == "multipart/alternative":
                children = [_preferred_alternative(children)]
            if content_type == "message/rfc822":
                _nested(children, out, level, limits, stack)
                continue
            stack.extend((child, level) for child in reversed(children))
            continue
        filename = node.get_filename()
        disposition = node.get_content_disposition()
        if content_type.startswith("text/") and not filename and disposition != "attachment":
            text = _text_of(node)
            if text.strip():
                out.lines.append(text.rstrip())
                body_found_at.add(level)
            continue
        _attach(node, out, limits)


def _nested(
    children: list[email.message.Message],
    out: _Collected,
    level: int,
    limits: Limits,
    stack: list[tuple[email.message.Message, int]],
) -> None:
    if level + 1 > limits.max_email_depth:
        if "nesting_truncated" not in out.flags:
            out.flags.add("nesting_truncated")
            out.warnings.append(nesting_warning(limits))
        return
    for inner in reversed(children):
        # The inner message is shown inline, after a separator with its own headers.
        stack.append((inner, level + 1))
        out.lines.append(attached_message_heading(_headers(inner)))


def attached_message_heading(header: tuple[tuple[str, str], ...]) -> str:
    """The separator and header lines that introduce an attached message shown inline."""
    lines = "\n".join(f"{name}: {value}" for name, value in header)
    return f"\n---------- Attached message ----------\n{lines}\n"


def nesting_warning(limits: Limits) -> str:
    """The warning (with flag ``nesting_truncated``) for attached messages cut by depth."""
    return f"attached messages nested more than {limits.max_email_depth} levels deep were not read"


def attachments_warning(limits: Limits) -> str:
    """The warning (with flag ``attachments_truncated``) for attachments over the limit."""
    return f"more than {limits.max_attachments} attachments: the rest skipped"


def _attach(node: email.message.Message, out: _Collected, limits: Limits) -> None:
    if len(out.attachments) >= limits.max_attachments:
        if "attachments_truncated" not in out.flags:
            out.flags.add("attachments_truncated")
            out.warnings.append(attachments_warning(limits))
        return
    payload = node.get_payload(decode=True)
    if not isinstance(payload, bytes) or not payload:
        return
    name = node.get_filename() or f"attachment-{len(out.attachments) + 1}"
    out.attachments.append(
        Attachment(filename=safe_name(name), content=payload, content_type=node.get_content_type())
    )


def _preferred_alternative(children: list[email.message.Message]) -> email.message.Message:
    for wanted in ("text/plain", "text/html"):
        for child in children:
            if child.get_content_type() == wanted:
                return child
    return children[-1]


def _text_of(node: email.message.Message) -> str:
    payload = node.get_payload(decode=True)
    if not isinstance(payload, bytes):
        return ""
    charset = node.get_content_charset() or "utf-8"
    try:
        text = payload.decode(charset, errors="replace")
    except LookupError:
        text = payload.decode("cp1252", errors="replace")
    if node.get_content_type() == "text/html":
        text = html_to_text(text)
    return text.replace("\r\n", "\n")


def safe_name(name: str) -> str:
    """An attachment's name as a plain file name: never a path a shell could follow."""
    base = re.split(r"[\\/]", name)[-1].strip().strip(".") or "attachment"
    return re.sub(r"[\x00-\x1f]", "_", base)[:200]


class _HtmlText(html.parser.HTMLParser):
    _BLOCK = frozenset(
        {"p", "div", "br", "tr", "li", "h1", "h2", "h3", "h4", "h5", "h6", "table", "blockquote"}
    )
    _SKIP = frozenset({"script", "style", "head", "title"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self._SKIP:
            self.skipping += 1
        elif tag in self._BLOCK:
            self.parts.append("\n")
        elif tag == "td":
            self.parts.append("\t")

    def handle_endtag(self, tag: str) -> None:
        if tag in self._SKIP:
            self.skipping = max(0, self.skipping - 1)
        elif tag in self._BLOCK:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.parts.append(re.sub(r"\s+", " ", data))


def html_to_text(markup: str) -> str:
    """Readable text of an HTML body: block elements become line breaks; scripts dropped."""
    parser = _HtmlText()
    parser.feed(markup)
    parser.close()
    text = "".join(parser.parts)
    lines = [line.strip() for line in text.split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()
