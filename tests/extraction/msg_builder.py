"""Outlook ``.msg`` files for tests, built per [MS-OXMSG] on the ``cfb`` writer.

A message is a storage of property streams: fixed-size values (numbers, times) in
``__properties_version1.0`` (a 32-byte header at the top level, 24 bytes in an embedded
message, 8 bytes in a recipient or attachment, then 16-byte entries), variable-length ones
(strings, binaries) each in its own ``__substg1.0_<id><type>`` stream.
"""

from __future__ import annotations

import datetime as dt
import struct
from dataclasses import dataclass, field

from tests.extraction.cfb import Tree, build_cfb

PT_LONG = 0x0003
PT_BOOLEAN = 0x000B
PT_OBJECT = 0x000D
PT_STRING8 = 0x001E
PT_UNICODE = 0x001F
PT_SYSTIME = 0x0040
PT_BINARY = 0x0102
_FLAGS = 0x6  # PROPATTR_READABLE | PROPATTR_WRITABLE
_EPOCH = dt.datetime(1601, 1, 1, tzinfo=dt.UTC)
STORE_UNICODE_OK = 0x00040000
ATTACH_BY_VALUE = 1
ATTACH_EMBEDDED_MSG = 5
MAPI_TO, MAPI_CC, MAPI_BCC = 1, 2, 3


@dataclass
class Recipient:
    name: str
    email: str
    kind: int = MAPI_TO


@dataclass
class FileAttachment:
    filename: str
    data: bytes
    mime: str = "application/octet-stream"
    short_name: str = ""  # the 8.3 name (PR_ATTACH_FILENAME); the long one is always written


@dataclass
class Message:
    """What a test sets; ``None`` / empty leaves a property out, as Outlook does."""

    subject: str = ""
    body: str | None = None
    html: bytes | None = None
    sender_name: str = ""
    sender_email: str = ""  # PR_SENDER_EMAIL_ADDRESS: SMTP, or an Exchange X500 DN
    sender_smtp: str = ""  # PR_SENDER_SMTP_ADDRESS
    recipients: list[Recipient] = field(default_factory=list)
    submit_time: dt.datetime | None = None
    transport_headers: str = ""
    message_class: str = "IPM.Note"
    attachments: list[FileAttachment | Message] = field(default_factory=list)
    unicode: bool = True  # False: PT_STRING8 strings in ``codepage`` (a pre-2003 message)
    codepage: int = 1252  # PR_MESSAGE_CODEPAGE, written for non-Unicode messages
    internet_cpid: int | None = None  # PR_INTERNET_CPID: the HTML body's code page


class _Props:
    """Collects one object's property entries and streams."""

    def __init__(self, message: Message | None = None) -> None:
        self.entries: list[bytes] = []
        self.tree: Tree = {}
        self.unicode = message.unicode if message else True
        self.codepage = message.codepage if message else 1252

    def fixed(self, prop_id: int, prop_type: int, value: bytes) -> None:
        self.entries.append(struct.pack("<HHI8s", prop_type, prop_id, _FLAGS, value))

    def long(self, prop_id: int, value: int) -> None:
        self.fixed(prop_id, PT_LONG, struct.pack("<i", value))

    def time(self, prop_id: int, when: dt.datetime) -> None:
        ticks = (when - _EPOCH) // dt.timedelta(microseconds=1) * 10
        self.fixed(prop_id, PT_SYSTIME, struct.pack("<Q", ticks))

    def variable(self, prop_id: int, prop_type: int, data: bytes, size: int) -> None:
        self.tree[f"__substg1.0_{prop_id:04X}{prop_type:04X}"] = data
        self.fixed(prop_id, prop_type, struct.pack("<II", size, 0))

    def string(self, prop_id: int, text: str) -> None:
        if not text:
            return
        if self.unicode:
            data = text.encode("utf-16-le")
            self.variable(prop_id, PT_UNICODE, data, len(data) + 2)
        else:
            data = text.encode(f"cp{self.codepage}")
            self.variable(prop_id, PT_STRING8, data, len(data) + 1)

    def binary(self, prop_id: int, data: bytes) -> None:
        self.variable(prop_id, PT_BINARY, data, len(data))

    def stream(self, header: bytes) -> Tree:
        self.tree["__properties_version1.0"] = header + b"".join(self.entries)
        return self.tree


def build_msg(message: Message) -> bytes:
    """The ``.msg`` file of ``message``."""
    tree = _message_tree(message, top=True)
    tree["__nameid_version1.0"] = {
        "__substg1.0_00020102": b"",  # GUID stream
        "__substg1.0_00030102": b"",  # entry stream
        "__substg1.0_00040102": b"",  # string stream
    }
    return build_cfb(tree)


def _message_tree(message: Message, *, top: bool) -> Tree:
    props = _Props(message)
    props.string(0x001A, message.message_class)
    props.string(0x0037, message.subject)
    if message.body is not None:
        props.string(0x1000, message.body)
    if message.html is not None:
        props.binary(0x1013, message.html)
    props.string(0x0C1A, message.sender_name)
    props.string(0x0C1F, message.sender_email)
    if message.sender_email:
        props.string(0x0C1E, "EX" if message.sender_email.startswith("/O=") else "SMTP")
    props.string(0x5D01, message.sender_smtp)
    for prop_id, kind in ((0x0E04, MAPI_TO), (0x0E03, MAPI_CC), (0x0E02, MAPI_BCC)):
        props.string(prop_id, "; ".join(r.name for r in message.recipients if r.kind == kind))
    props.string(0x007D, message.transport_headers)
    if message.submit_time is not None:
        props.time(0x0039, message.submit_time)
        props.time(0x0E06, message.submit_time)
    props.long(0x340D, STORE_UNICODE_OK if message.unicode else 0)
    if not message.unicode:
        props.long(0x3FFD, message.codepage)
    if message.internet_cpid is not None:
        props.long(0x3FDE, message.internet_cpid)
    props.fixed(0x0E1B, PT_BOOLEAN, struct.pack("<H6x", bool(message.attachments)))
    for number, recipient in enumerate(message.recipients):
        props.tree[f"__recip_version1.0_#{number:08X}"] = _recipient_tree(recipient, message)
    for number, attachment in enumerate(message.attachments):
        props.tree[f"__attach_version1.0_#{number:08X}"] = _attachment_tree(
            attachment, number, message
        )
    counts = struct.pack(
        "<8xIIII",
        len(message.recipients),
        len(message.attachments),
        len(message.recipients),
        len(message.attachments),
    )
    return props.stream(counts + (b"\x00" * 8 if top else b""))


def _recipient_tree(recipient: Recipient, message: Message) -> Tree:
    props = _Props(message)
    props.long(0x0C15, recipient.kind)  # PR_RECIPIENT_TYPE
    props.string(0x3001, recipient.name)  # PR_DISPLAY_NAME
    props.string(0x3002, "SMTP")  # PR_ADDRTYPE
    props.string(0x3003, recipient.email)  # PR_EMAIL_ADDRESS
    props.string(0x39FE, recipient.email)  # PR_SMTP_ADDRESS
    return props.stream(b"\x00" * 8)


def _attachment_tree(attachment: FileAttachment | Message, number: int, message: Message) -> Tree:
    props = _Props(message)
    props.long(0x0E21, number)  # PR_ATTACH_NUM
    props.long(0x370B, -1)  # PR_RENDERING_POSITION: not rendered inline
    if isinstance(attachment, Message):
        props.long(0x3705, ATTACH_EMBEDDED_MSG)
        props.string(0x3001, attachment.subject)
        props.tree["__substg1.0_3701000D"] = _message_tree(attachment, top=False)
        props.fixed(0x3701, PT_OBJECT, struct.pack("<II", 0xFFFFFFFF, 0))
        return props.stream(b"\x00" * 8)
    props.long(0x3705, ATTACH_BY_VALUE)
    props.string(0x3707, attachment.filename)
    props.string(0x3704, attachment.short_name)
    props.string(0x3001, attachment.filename)
    if "." in attachment.filename:
        props.string(0x3703, "." + attachment.filename.rsplit(".", 1)[-1])
    props.string(0x370E, attachment.mime)
    props.binary(0x3701, attachment.data)
    return props.stream(b"\x00" * 8)
