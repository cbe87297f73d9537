"""Outlook .msg files, built per [MS-CFB]/[MS-OXMSG] (no real one may be downloaded), read
through the same entry point as every upload: headers, bodies, code pages, attachments,
attached messages, damage and limits."""

from __future__ import annotations

import datetime as dt
import struct
from email.message import EmailMessage

import olefile
import pytest

from core.errors import AppError
from extraction.limits import Limits
from extraction.reader import read_document, read_document_isolated
from extraction.readers.typeset import render_text_pdf
from tests.extraction.cfb import BLACK, NOSTREAM, RED, Tree, build_cfb, sort_key
from tests.extraction.msg_builder import (
    MAPI_BCC,
    MAPI_CC,
    FileAttachment,
    Message,
    Recipient,
    build_msg,
)

SENT = dt.datetime(2024, 3, 4, 15, 0, tzinfo=dt.UTC)
PDF = render_text_pdf("Emergency room discharge note for the complainant.")


def _complaint(**changes: object) -> Message:
    message = Message(
        subject="Complaint about Constable Smith",
        body="I was pushed by the officer outside the bar.\r\nHe did not give his name.\r\n",
        sender_name="Jane Tremblay",
        sender_email="jane@example.org",
        recipients=[
            Recipient("Intake Desk", "intake@example.org"),
            Recipient("Marc Gagnon", "marc@example.org", MAPI_CC),
            Recipient("Hidden Person", "hidden@example.org", MAPI_BCC),
        ],
        submit_time=SENT,
        attachments=[
            FileAttachment("discharge note.pdf", PDF, "application/pdf", short_name="DISCHA~1.PDF"),
            FileAttachment("notes.txt", b"Badge 4412 seen.\n" * 400, "text/plain"),
        ],
    )
    for name, value in changes.items():
        setattr(message, name, value)
    return message


def _flat(text: str) -> str:
    return " ".join(text.split())


# --- the writer itself, checked independently of the reader ---------------------------------


def _siblings(ole: olefile.OleFileIO, sid: int) -> list[int]:
    if sid == NOSTREAM:
        return []
    entry = ole.direntries[sid]
    return [*_siblings(ole, entry.sid_left), sid, *_siblings(ole, entry.sid_right)]


def _black_height(ole: olefile.OleFileIO, sid: int) -> int:
    """Black nodes on every path down from ``sid``; fails on a red node with a red child."""
    if sid == NOSTREAM:
        return 0
    entry = ole.direntries[sid]
    for child in (entry.sid_left, entry.sid_right):
        if entry.color == RED and child != NOSTREAM:
            assert ole.direntries[child].color == BLACK
    left, right = _black_height(ole, entry.sid_left), _black_height(ole, entry.sid_right)
    assert left == right
    return left + int(entry.color == BLACK)


def test_cfb_writer_output_opens_without_defects_and_holds_what_was_written() -> None:
    tree: Tree = {
        "small": b"s" * 100,
        "big": bytes(range(256)) * 40,  # over the 4096-byte cutoff: regular sectors
        "empty": b"",
        "Storage": {"inner": b"i" * 4095, "Deeper": {"leaf": b"x" * 4096}},
        **{f"n{i}": bytes([i]) * i for i in range(1, 40)},
    }
    ole = olefile.OleFileIO(build_cfb(tree), raise_defects=olefile.DEFECT_POTENTIAL)
    assert ole.parsing_issues == []
    expected_streams = {"small", "big", "empty", "Storage/inner", "Storage/Deeper/leaf"}
    expected_streams |= {f"n{i}" for i in range(1, 40)}
    assert {"/".join(e) for e in ole.listdir(streams=True, storages=False)} == expected_streams
    assert {"/".join(e) for e in ole.listdir(streams=False, storages=True)} == {
        "Storage",
        "Storage/Deeper",
    }
    assert ole.openstream("big").read() == bytes(range(256)) * 40
    assert ole.openstream("Storage/inner").read() == b"i" * 4095
    assert ole.openstream("Storage/Deeper/leaf").read() == b"x" * 4096
    assert ole.openstream("n39").read() == bytes([39]) * 39
    assert ole.openstream("empty").read() == b""
    # Each storage's children form a red-black tree in [MS-CFB] order.
    for entry in ole.direntries:
        if entry is None or entry.sid_child == NOSTREAM:
            continue
        ordered = _siblings(ole, entry.sid_child)
        keys = [sort_key(ole.direntries[sid].name) for sid in ordered]
        assert keys == sorted(keys) and len(set(keys)) == len(keys)
        assert ole.direntries[entry.sid_child].color == BLACK
        _black_height(ole, entry.sid_child)


def test_msg_builder_writes_exactly_the_outlook_streams() -> None:
    message = Message(subject="S", body="B", sender_name="N", attachments=[Message(subject="I")])
    ole = olefile.OleFileIO(build_msg(message), raise_defects=olefile.DEFECT_POTENTIAL)
    assert ole.parsing_issues == []
    assert {"/".join(e) for e in ole.listdir()} == {
        "__properties_version1.0",
        "__substg1.0_001A001F",
        "__substg1.0_0037001F",
        "__substg1.0_1000001F",
        "__substg1.0_0C1A001F",
        "__nameid_version1.0/__substg1.0_00020102",
        "__nameid_version1.0/__substg1.0_00030102",
        "__nameid_version1.0/__substg1.0_00040102",
        "__attach_version1.0_#00000000/__properties_version1.0",
        "__attach_version1.0_#00000000/__substg1.0_3001001F",
        "__attach_version1.0_#00000000/__substg1.0_3701000D/__properties_version1.0",
        "__attach_version1.0_#00000000/__substg1.0_3701000D/__substg1.0_001A001F",
        "__attach_version1.0_#00000000/__substg1.0_3701000D/__substg1.0_0037001F",
    }
    top = ole.openstream("__properties_version1.0").read()
    assert (len(top) - 32) % 16 == 0
    assert struct.unpack_from("<II", top, 16) == (0, 1)  # recipients, attachments
    embedded = ole.openstream("__attach_version1.0_#00000000/__substg1.0_3701000D/"
                              "__properties_version1.0").read()  # fmt: skip
    assert (len(embedded) - 24) % 16 == 0


# --- the reader --------------------------------------------------------------------------------


def test_msg_headers_body_and_file_attachments() -> None:
    document = read_document(build_msg(_complaint()), filename="complaint.msg")
    assert document.kind == "msg"
    assert document.pdf.startswith(b"%PDF-")
    text = _flat(document.text)
    assert "From: Jane Tremblay <jane@example.org>" in text
    assert "To: Intake Desk <intake@example.org>" in text
    assert "Cc: Marc Gagnon <marc@example.org>" in text
    assert "Date: Mon, 04 Mar 2024 15:00:00 +0000" in text
    assert "Subject: Complaint about Constable Smith" in text
    assert "pushed by the officer outside the bar. He did not give his name." in text
    assert "Hidden Person" not in text  # Bcc is not shown, as for an .eml
    assert [(a.filename, a.content_type) for a in document.attachments] == [
        ("discharge note.pdf", "application/pdf"),
        ("notes.txt", "text/plain"),
    ]
    assert document.attachments[0].content == PDF
    assert document.attachments[1].content == b"Badge 4412 seen.\n" * 400
    assert "attachments" in document.flags
    assert "extension_mismatch" not in document.flags


def test_msg_reads_the_same_in_the_sandbox() -> None:
    data = build_msg(_complaint())
    isolated = read_document_isolated(data, filename="complaint.msg")
    assert isolated.text == read_document(data).text
    assert [a.content for a in isolated.attachments] == [PDF, b"Badge 4412 seen.\n" * 400]


def test_msg_header_block_matches_the_same_message_as_eml() -> None:
    headers = "Date: Mon, 4 Mar 2024 10:00:00 -0500\r\nMessage-ID: <1@example.org>\r\n"
    msg = read_document(build_msg(_complaint(attachments=[], transport_headers=headers)))
    eml = EmailMessage()
    eml["From"] = "Jane Tremblay <jane@example.org>"
    eml["To"] = "Intake Desk <intake@example.org>"
    eml["Cc"] = "Marc Gagnon <marc@example.org>"
    eml["Date"] = "Mon, 4 Mar 2024 10:00:00 -0500"
    eml["Subject"] = "Complaint about Constable Smith"
    eml.set_content("I was pushed by the officer outside the bar.\nHe did not give his name.\n")
    assert msg.text == read_document(eml.as_bytes()).text


@pytest.mark.parametrize(
    ("html", "cpid", "expected"),
    [
        pytest.param(
            "<html><head><style>p {color: red}</style></head><body><p>L'agent a été "
            "<b>agressif</b>.</p><p>Deuxième paragraphe.</p></body></html>".encode("cp1252"),
            1252,
            "L'agent a été agressif. Deuxième paragraphe.",
            id="cp1252-by-internet-cpid",
        ),
        pytest.param(
            '<html><head><meta charset="utf-8"></head><body><div>Constable Ødegård '
            "&amp; partner</div></body></html>".encode(),
            None,
            "Constable Ødegård & partner",
            id="utf8-by-meta",
        ),
    ],
)
def test_html_only_body_becomes_text(html: bytes, cpid: int | None, expected: str) -> None:
    message = _complaint(body=None, html=html, internet_cpid=cpid, attachments=[])
    text = _flat(read_document(build_msg(message)).text)
    assert expected in text
    assert "color: red" not in text and "<b>" not in text


def test_french_message_with_non_ascii_names() -> None:
    message = _complaint(
        subject="Plainte concernant l'agent Bélanger",
        body=(
            "Madame, Monsieur,\r\nLe 8 novembre 2025, l'agent Éric Bélanger m'a poussée contre "
            "le mur et m'a insultée devant témoins. Je dépose une plainte officielle.\r\n"
        ),
        sender_name="Élodie Côté-Nguyễn",
        sender_email="elodie@example.ca",
        attachments=[
            FileAttachment(
                "déclaration témoin.txt", "Déclaration de témoin".encode(), "text/plain"
            ),
            FileAttachment("证据.txt", b"evidence", "text/plain"),
        ],
    )
    document = read_document(build_msg(message))
    text = _flat(document.text)
    assert "From: Élodie Côté-Nguyễn <elodie@example.ca>" in text
    assert "Subject: Plainte concernant l'agent Bélanger" in text
    assert "l'agent Éric Bélanger m'a poussée" in text
    assert document.language == "fr"
    assert [a.filename for a in document.attachments] == ["déclaration témoin.txt", "证据.txt"]


def test_ansi_strings_are_read_in_the_message_code_page() -> None:
    message = _complaint(
        unicode=False,
        codepage=1250,  # Central European: cp1252 would turn these letters into others
        subject="Skarga na funkcjonariusza Łukasza Żółtowskiego",
        body="Zostałem pobity w Łodzi.",
        sender_name="Paweł Wiśniewski",
    )
    text = _flat(read_document(build_msg(message)).text)
    assert "Subject: Skarga na funkcjonariusza Łukasza Żółtowskiego" in text
    assert "From: Paweł Wiśniewski <jane@example.org>" in text
    assert "Zostałem pobity w Łodzi." in text
    assert "Intake Desk <intake@example.org>" in text  # recipients inherit the code page


def test_exchange_sender_shows_its_smtp_address_not_the_x500_name() -> None:
    message = _complaint(
        sender_email="/O=EXCHANGELABS/OU=EXCHANGE ADMINISTRATIVE GROUP/CN=RECIPIENTS/CN=JT",
        sender_smtp="jane.tremblay@example.org",
    )
    text = _flat(read_document(build_msg(message)).text)
    assert "From: Jane Tremblay <jane.tremblay@example.org>" in text
    assert "EXCHANGELABS" not in text


def test_message_without_body_keeps_its_headers() -> None:
    document = read_document(build_msg(_complaint(body=None, attachments=[])))
    text = _flat(document.text)
    assert "Subject: Complaint about Constable Smith" in text
    assert "(no message text)" in text
    assert document.attachments == ()


def test_attached_message_is_shown_inline_and_its_files_become_children() -> None:
    forwarded = Message(
        subject="Statement of the witness",
        body="I saw Constable Smith push her.",
        sender_name="Paul Witness",
        sender_email="paul@example.org",
        recipients=[Recipient("Jane Tremblay", "jane@example.org")],
        submit_time=SENT - dt.timedelta(days=1),
        attachments=[FileAttachment("photo-notes.txt", b"photo notes", "text/plain")],
    )
    document = read_document(build_msg(_complaint(attachments=[forwarded])))
    text = _flat(document.text)
    assert text.index("He did not give his name.") < text.index("Attached message")
    inline = text[text.index("Attached message") :]
    assert "From: Paul Witness <paul@example.org>" in inline
    assert "Date: Sun, 03 Mar 2024 15:00:00 +0000" in inline
    assert "Subject: Statement of the witness" in inline
    assert "I saw Constable Smith push her." in inline
    assert [(a.filename, a.content) for a in document.attachments] == [
        ("photo-notes.txt", b"photo notes")
    ]


def test_attached_messages_nested_too_deep_are_cut_with_a_warning() -> None:
    message = Message(subject="Level 0", body="Body of level 0")
    for level in range(1, 16):
        message = Message(subject=f"Level {level}", body=f"Body of level {level}",
                          attachments=[message])  # fmt: skip
    document = read_document(build_msg(message), limits=Limits(max_email_depth=10))
    text = _flat(document.text)
    assert "Body of level 15" in text and "Body of level 5" in text
    assert "Body of level 4" not in text
    assert "nesting_truncated" in document.flags
    assert any("nested more than 10 levels" in warning for warning in document.warnings)


def test_too_many_attachments_are_cut_at_the_limit() -> None:
    files = [FileAttachment(f"f{i}.txt", f"file {i}".encode(), "text/plain") for i in range(600)]
    document = read_document(build_msg(_complaint(attachments=files)))
    limit = Limits().max_attachments
    assert [a.filename for a in document.attachments] == [f"f{i}.txt" for i in range(limit)]
    assert "attachments_truncated" in document.flags
    assert any(f"more than {limit} attachments" in warning for warning in document.warnings)


def test_truncated_msg_is_refused_with_a_clear_code() -> None:
    data = build_msg(_complaint())
    for cut in (600, len(data) // 2, len(data) - 100):
        with pytest.raises(AppError) as info:
            read_document(data[:cut])
        assert info.value.code == "unsupported_type"
        assert "damaged" in info.value.message
    # Cut after its directory, the file still says it was meant to be an Outlook message.
    assert "damaged Outlook message (MSG)" in info.value.message


def test_compound_file_with_outlook_streams_but_no_properties_is_corrupt() -> None:
    data = build_cfb({"__substg1.0_0037001F": "Subject".encode("utf-16-le")})
    with pytest.raises(AppError) as info:
        read_document(data)
    assert info.value.code == "corrupt_document"


def test_damaged_property_values_do_not_crash_the_reader() -> None:
    data = bytearray(build_msg(_complaint(attachments=[])))
    # PR_CLIENT_SUBMIT_TIME and PR_MESSAGE_DELIVERY_TIME set to a FILETIME past year 9999.
    for tag in (struct.pack("<HH", 0x0040, 0x0039), struct.pack("<HH", 0x0040, 0x0E06)):
        at = data.index(tag)
        data[at + 8 : at + 16] = b"\xff" * 8
    document = read_document(bytes(data))
    text = _flat(document.text)
    assert "Date:" not in text
    assert "Subject: Complaint about Constable Smith" in text


def test_many_characters_without_glyphs_do_not_crash_the_rendering() -> None:
    # pypdfium2 recursed once per leading character with no text (CJK is not in the font):
    # a second page of them overflowed the stack.
    document = read_document(build_msg(_complaint(subject="证据", body="投诉" * 2500)))
    assert document.kind == "msg"
    assert "Subject:" in document.text
