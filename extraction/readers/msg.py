"""Outlook ``.msg`` reader on ``olefile`` (BSD): subject, sender, recipients, date, body, files.

``extract-msg`` is GPL-3.0 and may not be imported (DESIGN.md "Licences"); the MAPI
property streams we need are few and documented in [MS-OXMSG]. The result has the shape of
an ``.eml``'s: the same header lines, attached messages shown inline after their own header
(depth-limited), files as child attachments.
"""

from __future__ import annotations

import codecs
import datetime as dt
import email.parser
import email.policy
import email.utils
import io
import re
import struct
from collections import defaultdict
from dataclasses import dataclass, field

import olefile

from core.errors import CorruptDocument
from core.vocab import DocumentType
from extraction.document import Attachment, Document
from extraction.limits import Limits
from extraction.readers.mail import (
    MailContent,
    attached_message_heading,
    attachments_warning,
    html_to_text,
    nesting_warning,
    render_mail,
    safe_name,
)

# MAPI property ids ([MS-OXPROPS]) and types.
PR_SUBJECT = 0x0037
PR_CLIENT_SUBMIT_TIME = 0x0039
PR_SENT_REPRESENTING_NAME = 0x0042
PR_SENT_REPRESENTING_EMAIL = 0x0065
PR_TRANSPORT_HEADERS = 0x007D
PR_RECIPIENT_TYPE = 0x0C15
PR_SENDER_NAME = 0x0C1A
PR_SENDER_EMAIL = 0x0C1F
PR_DISPLAY_CC = 0x0E03
PR_DISPLAY_TO = 0x0E04
PR_MESSAGE_DELIVERY_TIME = 0x0E06
PR_BODY = 0x1000
PR_RTF_COMPRESSED = 0x1009
PR_HTML = 0x1013
PR_DISPLAY_NAME = 0x3001
PR_EMAIL_ADDRESS = 0x3003
PR_ATTACH_DATA = 0x3701
PR_ATTACH_FILENAME = 0x3704
PR_ATTACH_METHOD = 0x3705
PR_ATTACH_LONG_FILENAME = 0x3707
PR_ATTACH_MIME = 0x370E
PR_SMTP_ADDRESS = 0x39FE
PR_INTERNET_CPID = 0x3FDE
PR_MESSAGE_CODEPAGE = 0x3FFD
PR_SENDER_SMTP = 0x5D01
PR_SENT_REPRESENTING_SMTP = 0x5D02
PT_LONG, PT_SYSTIME = 0x0003, 0x0040
ATTACH_EMBEDDED_MSG, ATTACH_OLE = 5, 6
MAPI_TO, MAPI_CC = 1, 2

PROPERTIES = "__properties_version1.0"
EMBEDDED = "__substg1.0_3701000D"
# Bytes before the first 16-byte property entry: [MS-OXMSG] 2.4.1.
TOP_HEADER, EMBEDDED_HEADER, CHILD_HEADER = 32, 24, 8
_FILETIME_EPOCH = dt.datetime(1601, 1, 1, tzinfo=dt.UTC)
# Code pages whose Python codec is not simply "cp<N>".
_CODECS = {65001: "utf-8", 65000: "utf-7", 1200: "utf-16-le", 1201: "utf-16-be", 20127: "ascii",
           20866: "koi8-r", 21866: "koi8-u", 50220: "iso2022-jp", 51932: "euc-jp",
           54936: "gb18030", 936: "gbk"}  # fmt: skip
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
_ERRORS = (OSError, ValueError, IndexError, TypeError, KeyError, struct.error, RecursionError)


def read_msg(
    data: bytes,
    *,
    limits: Limits = Limits(),  # noqa: B008 - a frozen value, safe as a default
) -> Document:
    """Read an Outlook message into a typeset PDF with its attachments as child documents."""
    return render_mail(parse_msg(data, limits=limits), DocumentType.MSG.value, limits)


def parse_msg(data: bytes, *, limits: Limits = Limits()) -> MailContent:  # noqa: B008
    """The message's headers, body and attachments, read from its OLE2 property streams."""
    try:
        ole = olefile.OleFileIO(io.BytesIO(data))
    except _ERRORS as exc:
        raise CorruptDocument(f"the Outlook message cannot be read ({_reason(exc)})") from exc
    with ole:
        try:
            if not ole.exists(PROPERTIES):
                raise CorruptDocument("the Outlook message has no property stream")
            tree: dict[tuple[str, ...], list[str]] = defaultdict(list)
            for entry in ole.listdir(streams=True, storages=True):
                tree[tuple(entry[:-1])].append(entry[-1])
            top = _Object.open(ole, tree, (), TOP_HEADER, codepage="cp1252")
            out = _Collected()
            header = _message(top, out, depth=0, limits=limits)
        except _ERRORS as exc:
            raise CorruptDocument(f"the Outlook message is damaged ({_reason(exc)})") from exc
    return MailContent(
        header=header,
        body="\n".join(out.lines).strip("\n"),
        attachments=tuple(out.attachments),
        warnings=tuple(out.warnings),
        flags=frozenset(out.flags),
    )


@dataclass(slots=True)
class _Collected:
    """What a walk over a message and its attached messages gathers."""

    lines: list[str] = field(default_factory=list)
    attachments: list[Attachment] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    flags: set[str] = field(default_factory=set)


@dataclass(frozen=True, slots=True)
class _Object:
    """One MAPI object (message, recipient, attachment): its storage and fixed properties."""

    ole: olefile.OleFileIO
    tree: dict[tuple[str, ...], list[str]]
    path: tuple[str, ...]
    fixed: dict[int, tuple[int, bytes]]  # property id -> (type, 8-byte value)
    codepage: str  # codec of its PT_STRING8 strings

    @classmethod
    def open(
        cls,
        ole: olefile.OleFileIO,
        tree: dict[tuple[str, ...], list[str]],
        path: tuple[str, ...],
        header_size: int,
        codepage: str,
    ) -> _Object:
        props = _read(ole, (*path, PROPERTIES)) or b""
        fixed = {}
        for offset in range(header_size, len(props) - 15, 16):
            prop_type, prop_id = struct.unpack_from("<HH", props, offset)
            fixed[prop_id] = (prop_type, props[offset + 8 : offset + 16])
        # A message's own code page wins over the one inherited from its parent.
        own = fixed.get(PR_MESSAGE_CODEPAGE)
        own_codec = (
            _codec(struct.unpack_from("<i", own[1])[0]) if own and own[0] == PT_LONG else None
        )
        return cls(ole, tree, path, fixed, own_codec or codepage)

    def children(self, prefix: str) -> list[str]:
        prefix = prefix.lower()
        return sorted(n for n in self.tree.get(self.path, ()) if n.lower().startswith(prefix))

    def child(self, name: str, header_size: int) -> _Object:
        return _Object.open(self.ole, self.tree, (*self.path, name), header_size, self.codepage)

    def has(self, name: str) -> bool:
        return any(n.lower() == name.lower() for n in self.tree.get(self.path, ()))

    def string(self, prop_id: int) -> str:
        unicode = _read(self.ole, (*self.path, f"__substg1.0_{prop_id:04X}001F"))
        if unicode is not None:
            return unicode.decode("utf-16-le", "replace").split("\x00", 1)[0]
        ansi = _read(self.ole, (*self.path, f"__substg1.0_{prop_id:04X}001E"))
        if ansi is not None:
            return ansi.decode(self.codepage, "replace").split("\x00", 1)[0]
        return ""

    def binary(self, prop_id: int) -> bytes:
        return _read(self.ole, (*self.path, f"__substg1.0_{prop_id:04X}0102")) or b""

    def long(self, prop_id: int) -> int | None:
        prop_type, value = self.fixed.get(prop_id, (None, b""))
        return int(struct.unpack_from("<i", value)[0]) if prop_type == PT_LONG else None

    def time(self, prop_id: int) -> dt.datetime | None:
        prop_type, value = self.fixed.get(prop_id, (None, b""))
        if prop_type != PT_SYSTIME:
            return None
        (ticks,) = struct.unpack_from("<Q", value)
        try:
            return _FILETIME_EPOCH + dt.timedelta(microseconds=ticks // 10)
        except OverflowError:
            return None  # a damaged or "never" time: shown as no date


def _read(ole: olefile.OleFileIO, path: tuple[str, ...]) -> bytes | None:
    if not ole.exists("/".join(path)):
        return None
    with ole.openstream(list(path)) as stream:
        data: bytes = stream.read()
    return data


def _message(
    obj: _Object, out: _Collected, *, depth: int, limits: Limits
) -> tuple[tuple[str, str], ...]:
    """Collect one message's body and attachments (attached messages inline); its header."""
    header = _header(obj)
    body = _body(obj, out)
    if body.strip():
        out.lines.append(body.rstrip())
    for name in obj.children("__attach_version1.0_#"):
        attachment = obj.child(name, CHILD_HEADER)
        method = attachment.long(PR_ATTACH_METHOD)
        if attachment.has(EMBEDDED) and method != ATTACH_OLE:
            if depth + 1 > limits.max_email_depth:
                if "nesting_truncated" not in out.flags:
                    out.flags.add("nesting_truncated")
                    out.warnings.append(nesting_warning(limits))
                continue
            inner = attachment.child(EMBEDDED, EMBEDDED_HEADER)
            out.lines.append(attached_message_heading(_header(inner)))
            _message(inner, out, depth=depth + 1, limits=limits)
            continue
        if len(out.attachments) >= limits.max_attachments:
            if "attachments_truncated" not in out.flags:
                out.flags.add("attachments_truncated")
                out.warnings.append(attachments_warning(limits))
            break
        data = attachment.binary(PR_ATTACH_DATA)
        if not data:
            if method == ATTACH_OLE:
                out.warnings.append("an embedded OLE object in the message was not read")
            continue  # by reference, or empty: nothing to process
        filename = (
            attachment.string(PR_ATTACH_LONG_FILENAME)
            or attachment.string(PR_ATTACH_FILENAME)
            or attachment.string(PR_DISPLAY_NAME)
            or f"attachment-{len(out.attachments) + 1}"
        )
        out.attachments.append(
            Attachment(
                filename=safe_name(filename),
                content=data,
                content_type=attachment.string(PR_ATTACH_MIME) or "application/octet-stream",
            )
        )
    return header


def _header(obj: _Object) -> tuple[tuple[str, str], ...]:
    """From, To, Cc, Date, Subject as an .eml shows them; transport headers fill the gaps."""
    transport = _transport_headers(obj.string(PR_TRANSPORT_HEADERS))
    to, cc = _recipients(obj)
    pairs = [
        ("From", _sender(obj) or transport.get("From", "")),
        ("To", to or transport.get("To", "") or obj.string(PR_DISPLAY_TO)),
        ("Cc", cc or transport.get("Cc", "") or obj.string(PR_DISPLAY_CC)),
        ("Date", transport.get("Date", "") or _date(obj)),
        ("Subject", obj.string(PR_SUBJECT) or transport.get("Subject", "")),
    ]
    return tuple((name, " ".join(value.split())) for name, value in pairs if value.strip())


def _transport_headers(text: str) -> dict[str, str]:
    if not text.strip():
        return {}
    parsed = email.parser.HeaderParser(policy=email.policy.default).parsestr(text)
    found = {}
    for name in ("From", "To", "Cc", "Date", "Subject"):
        value = parsed.get(name)
        if value is not None:
            found[name] = str(value)
    return found


def _address(name: str, email_address: str) -> str:
    """``Name <address>``, like an .eml header; an Exchange X500 DN is no address to show."""
    address = email_address if "@" in email_address else ""
    if not address or address in name:
        return name or address
    if not name:
        return address
    if any(ch in name for ch in ',;<>"'):
        name = '"' + name.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return f"{name} <{address}>"


def _sender(obj: _Object) -> str:
    name = obj.string(PR_SENDER_NAME) or obj.string(PR_SENT_REPRESENTING_NAME)
    candidates = (
        obj.string(PR_SENDER_SMTP),
        obj.string(PR_SENDER_EMAIL),
        obj.string(PR_SENT_REPRESENTING_SMTP),
        obj.string(PR_SENT_REPRESENTING_EMAIL),
    )
    return _address(name, next((c for c in candidates if "@" in c), ""))


def _recipients(obj: _Object) -> tuple[str, str]:
    """The To and Cc lines from the recipient objects (Bcc is not shown, as in an .eml)."""
    lines: dict[int, list[str]] = {MAPI_TO: [], MAPI_CC: []}
    for name in obj.children("__recip_version1.0_#"):
        recipient = obj.child(name, CHILD_HEADER)
        kind = recipient.long(PR_RECIPIENT_TYPE)
        if kind not in lines:
            continue
        smtp = recipient.string(PR_SMTP_ADDRESS)
        address = smtp if "@" in smtp else recipient.string(PR_EMAIL_ADDRESS)
        shown = _address(recipient.string(PR_DISPLAY_NAME), address)
        if shown:
            lines[kind].append(shown)
    return ", ".join(lines[MAPI_TO]), ", ".join(lines[MAPI_CC])


def _date(obj: _Object) -> str:
    when = obj.time(PR_CLIENT_SUBMIT_TIME) or obj.time(PR_MESSAGE_DELIVERY_TIME)
    return email.utils.format_datetime(when) if when else ""


def _body(obj: _Object, out: _Collected) -> str:
    """The plain text body; else the HTML body as text; compressed RTF alone is not read."""
    body = obj.string(PR_BODY)
    if not body.strip():
        html = obj.string(PR_HTML)
        if not html:
            raw = obj.binary(PR_HTML)
            html = _decode_html(raw, obj.long(PR_INTERNET_CPID)) if raw else ""
        body = html_to_text(html) if html else ""
        if not body.strip() and obj.has(f"__substg1.0_{PR_RTF_COMPRESSED:04X}0102"):
            out.warnings.append("the message text is only in compressed RTF, which is not read")
    return body.replace("\r\n", "\n").replace("\r", "\n")


def _decode_html(raw: bytes, cpid: int | None) -> str:
    """An HTML body in its declared code page (PR_INTERNET_CPID, else its meta charset)."""
    codec = _codec(cpid)
    if codec is None:
        match = _META_CHARSET.search(raw[:4096])
        codec = _codec_named(match.group(1).decode("ascii")) if match else None
    if codec is None:
        try:
            return raw.decode("utf-8")
        except UnicodeDecodeError:
            codec = "cp1252"
    return raw.decode(codec, "replace")


def _codec(codepage: int | None) -> str | None:
    """The Python codec of a Windows code page number, or None when unknown."""
    if codepage is None or codepage <= 0:
        return None
    if 28591 <= codepage <= 28605:
        return _codec_named(f"iso8859-{codepage - 28590}")
    return _codec_named(_CODECS.get(codepage, f"cp{codepage}"))


def _codec_named(name: str) -> str | None:
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def _reason(exc: BaseException) -> str:
    """Our words for olefile's error (its own text names offsets, sectors and objects)."""
    if isinstance(exc, RecursionError):
        return "its storages are nested too deeply"
    if isinstance(exc, (struct.error, EOFError)) or "truncated" in str(exc).casefold():
        return "a stream is truncated"
    if isinstance(exc, UnicodeDecodeError):
        return "a text property is not valid text"
    return "its compound file structure is inconsistent"
