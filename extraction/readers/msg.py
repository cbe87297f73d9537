"""Outlook ``.msg`` reader on ``olefile`` (BSD): subject, sender, recipients, date, body, files.

``extract-msg`` is GPL-3.0 and may not be imported (DESIGN.md "Licences"); the MAPI
property streams we need are few and documented in [MS-OXMSG].
"""

from __future__ import annotations

import datetime
import io
import struct

import olefile

from core.errors import CorruptDocument
from core.vocab import DocumentType
from extraction.document import Attachment, Document
from extraction.limits import Limits
from extraction.readers.mail import MailContent, html_to_text, render_mail

# MAPI property tags ([MS-OXPROPS]).
PR_SUBJECT = "0037"
PR_SENDER_NAME = "0C1A"
PR_SENDER_EMAIL = "0C1F"
PR_DISPLAY_TO = "0E04"
PR_DISPLAY_CC = "0E03"
PR_BODY = "1000"
PR_HTML = "1013"
PR_CLIENT_SUBMIT_TIME = 0x0039
PR_ATTACH_DATA = "3701"
PR_ATTACH_LONG_FILENAME = "3707"
PR_ATTACH_FILENAME = "3704"
PR_ATTACH_MIME = "370E"


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
    except (OSError, ValueError, IndexError, TypeError) as exc:
        raise CorruptDocument(f"the Outlook message cannot be read ({exc})") from exc
    with ole:
        try:
            header = _header(ole)
            body = _string(ole, "", PR_BODY)
            if not body.strip():
                raw_html = _binary(ole, "", PR_HTML) or _string(ole, "", PR_HTML).encode()
                body = html_to_text(raw_html.decode("utf-8", "replace")) if raw_html else ""
            attachments, warnings = _attachments(ole, limits)
        except (OSError, ValueError, IndexError, TypeError, struct.error) as exc:
            raise CorruptDocument(f"the Outlook message is damaged ({exc})") from exc
    return MailContent(
        header=header,
        body=body.replace("\r\n", "\n"),
        attachments=tuple(attachments),
        warnings=tuple(warnings),
    )


def _header(ole: olefile.OleFileIO) -> tuple[tuple[str, str], ...]:
    sender = _string(ole, "", PR_SENDER_NAME)
    address = _string(ole, "", PR_SENDER_EMAIL)
    if address and address not in sender:
        sender = f"{sender} <{address}>" if sender else address
    pairs = [
        ("From", sender),
        ("To", _string(ole, "", PR_DISPLAY_TO)),
        ("Cc", _string(ole, "", PR_DISPLAY_CC)),
        ("Date", _submit_time(ole)),
        ("Subject", _string(ole, "", PR_SUBJECT)),
    ]
    return tuple((name, " ".join(value.split())) for name, value in pairs if value.strip())


def _stream(ole: olefile.OleFileIO, storage: str, name: str) -> bytes | None:
    path = f"{storage}/{name}" if storage else name
    if not ole.exists(path):
        return None
    with ole.openstream(path) as stream:
        data: bytes = stream.read()
    return data


def _string(ole: olefile.OleFileIO, storage: str, tag: str) -> str:
    unicode = _stream(ole, storage, f"__substg1.0_{tag}001F")
    if unicode is not None:
        return unicode.decode("utf-16-le", "replace").rstrip("\x00")
    ansi = _stream(ole, storage, f"__substg1.0_{tag}001E")
    if ansi is not None:
        return ansi.decode("cp1252", "replace").rstrip("\x00")
    return ""


def _binary(ole: olefile.OleFileIO, storage: str, tag: str) -> bytes:
    return _stream(ole, storage, f"__substg1.0_{tag}0102") or b""


def _submit_time(ole: olefile.OleFileIO) -> str:
    """PR_CLIENT_SUBMIT_TIME from the fixed-size property stream (a FILETIME), if present."""
    props = _stream(ole, "", "__properties_version1.0")
    if not props:
        return ""
    # Top-level message: a 32-byte header, then 16-byte entries (type, tag, flags, value).
    for offset in range(32, len(props) - 15, 16):
        prop_type, prop_id = struct.unpack_from("<HH", props, offset)
        if prop_id == PR_CLIENT_SUBMIT_TIME and prop_type == 0x0040:
            (ticks,) = struct.unpack_from("<Q", props, offset + 8)
            when = datetime.datetime(1601, 1, 1, tzinfo=datetime.UTC) + datetime.timedelta(
                microseconds=ticks // 10
            )
            return when.strftime("%a, %d %b %Y %H:%M:%S +0000")
    return ""


def _attachments(ole: olefile.OleFileIO, limits: Limits) -> tuple[list[Attachment], list[str]]:
    storages = sorted(
        {entry[0] for entry in ole.listdir(streams=True, storages=True)
         if entry and entry[0].startswith("__attach_version1.0_")}
    )  # fmt: skip
    attachments: list[Attachment] = []
    warnings: list[str] = []
    for storage in storages:
        if len(attachments) >= limits.max_attachments:
            warnings.append(f"more than {limits.max_attachments} attachments: the rest skipped")
            break
        data = _binary(ole, storage, PR_ATTACH_DATA)
        if not data:
            # Embedded messages (an attached .msg) are storages, not data streams.
            if ole.exists(f"{storage}/__substg1.0_3701000D"):
                warnings.append("an attached Outlook message was not read (embedded message)")
            continue
        name = (
            _string(ole, storage, PR_ATTACH_LONG_FILENAME)
            or _string(ole, storage, PR_ATTACH_FILENAME)
            or f"attachment-{len(attachments) + 1}"
        )
        mime = _string(ole, storage, PR_ATTACH_MIME) or "application/octet-stream"
        safe = name.replace("\\", "/").rsplit("/", 1)[-1].strip() or "attachment"
        attachments.append(Attachment(filename=safe, content=data, content_type=mime))
    return attachments, warnings
