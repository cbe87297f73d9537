"""Type sniffing from content: every supported type, the refusals, and name/content mismatches."""

from __future__ import annotations

import io
import pathlib
import zipfile

import pytest

from core.errors import AppError, EmptyFile, UnsupportedType
from core.vocab import DocumentType
from extraction.sniff import extension_mismatch, sniff_type

CORPUS = pathlib.Path("/work/shared/corpus")


def _zip(names: list[str]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name in names:
            archive.writestr(name, "<x/>")
    return buffer.getvalue()


MAIL = (
    b"From: A Person <a@example.org>\r\nTo: b@example.org\r\nSubject: hello\r\n"
    b"Date: Mon, 4 Mar 2024 10:00:00 -0500\r\n\r\nBody text.\r\n"
)


@pytest.mark.parametrize(
    ("head", "expected"),
    [
        pytest.param(b"%PDF-1.7\n...", DocumentType.PDF, id="pdf"),
        pytest.param(b"\x00" * 100 + b"%PDF-1.4\n", DocumentType.PDF, id="pdf-after-junk"),
        pytest.param(
            _zip(["[Content_Types].xml", "word/document.xml"]), DocumentType.DOCX, id="docx"
        ),
        pytest.param(b"\x89PNG\r\n\x1a\n\x00\x00", DocumentType.PNG, id="png"),
        pytest.param(b"\xff\xd8\xff\xe0\x00\x10JFIF", DocumentType.JPEG, id="jpeg"),
        pytest.param(b"II*\x00\x08\x00\x00\x00", DocumentType.TIFF, id="tiff-le"),
        pytest.param(b"MM\x00*\x00\x00\x00\x08", DocumentType.TIFF, id="tiff-be"),
        pytest.param(MAIL, DocumentType.EML, id="eml"),
        pytest.param(
            b"From someone@x Mon Mar  4 10:00:00 2024\n" + MAIL, DocumentType.EML, id="mbox"
        ),
        pytest.param(b"Dear Sir,\nI wish to complain.\n", DocumentType.TXT, id="txt-ascii"),
        pytest.param("Madame, je porte plainte. Ç\n".encode(), DocumentType.TXT, id="txt-utf8"),
        pytest.param("Élève à l'école\n".encode("cp1252"), DocumentType.TXT, id="txt-cp1252"),
        pytest.param(b"Subject: only one header\n\nbody", DocumentType.TXT, id="txt-one-header"),
        pytest.param(b"MZ is how this note starts.\n", DocumentType.TXT, id="txt-starting-mz"),
    ],
)
def test_sniff_detects(head: bytes, expected: DocumentType) -> None:
    assert sniff_type(head).type is expected


@pytest.mark.parametrize(
    ("head", "error", "found"),
    [
        pytest.param(b"", EmptyFile, "", id="empty"),
        pytest.param(b"GIF89a\x01\x00\x01\x00\x80\x00\x00", UnsupportedType, "GIF image", id="gif"),
        pytest.param(
            _zip(["a.txt"]), UnsupportedType, "ZIP archive (not a Word document)", id="zip"
        ),
        pytest.param(_zip(["xl/workbook.xml"]), UnsupportedType, "XLSX", id="xlsx"),
        pytest.param(bytes(range(256)) * 4, UnsupportedType, "binary data", id="binary"),
        pytest.param(b"\x7fELF\x02\x01\x01" + b"\x00" * 50, UnsupportedType, "ELF", id="elf"),
        pytest.param(b"{\\rtf1\\ansi hello}", UnsupportedType, "RTF", id="rtf"),
        pytest.param(
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600,
            UnsupportedType,
            "OLE2 compound file",
            id="ole2-damaged",
        ),
    ],
)
def test_sniff_refuses(head: bytes, error: type[AppError], found: str) -> None:
    with pytest.raises(error) as info:
        sniff_type(head)
    assert found in info.value.message


def test_sniff_docx_from_path_and_from_head_only(tmp_path: pathlib.Path) -> None:
    data = _zip(["[Content_Types].xml", "word/document.xml"]) + b""
    path = tmp_path / "x.bin"
    path.write_bytes(data)
    assert sniff_type(data[:64], path).type is DocumentType.DOCX
    # Head only, central directory cut off: the local headers still name word/document.xml.
    big = io.BytesIO()
    with zipfile.ZipFile(big, "w") as archive:
        archive.writestr("[Content_Types].xml", "<x/>")
        archive.writestr("word/document.xml", "<x/>")
        archive.writestr("word/media/pad.bin", b"\x00" * 20000)
    assert sniff_type(big.getvalue()[:4096]).type is DocumentType.DOCX


def test_sniff_real_docx_named_pdf() -> None:
    path = CORPUS / "hostile" / "actually_docx.pdf"
    result = sniff_type(path.read_bytes()[:8192], path)
    assert result.type is DocumentType.DOCX
    assert extension_mismatch(path.name, result.type)


@pytest.mark.parametrize(
    ("name", "detected", "mismatch"),
    [
        pytest.param("complaint.pdf", DocumentType.PDF, False, id="pdf-ok"),
        pytest.param("complaint.PDF", DocumentType.DOCX, True, id="docx-named-pdf"),
        pytest.param("scan.jpg", DocumentType.JPEG, False, id="jpg-ok"),
        pytest.param("note", DocumentType.TXT, False, id="no-extension"),
        pytest.param("weird.xyz", DocumentType.PDF, False, id="unknown-extension"),
        pytest.param("../../etc/cron.d/x.pdf", DocumentType.TXT, True, id="path-name"),
        pytest.param("mail.eml", DocumentType.TXT, True, id="eml-is-text"),
    ],
)
def test_extension_mismatch(name: str, detected: DocumentType, mismatch: bool) -> None:
    assert extension_mismatch(name, detected) is mismatch


@pytest.mark.parametrize(
    "path",
    [
        pytest.param(p, id=p.name)
        for p in sorted((CORPUS / "dev").glob("dev-*"))
        if "truth" not in p.name
    ],
)
def test_sniff_dev_corpus_matches_extension(path: pathlib.Path) -> None:
    result = sniff_type(path.read_bytes()[:8192], path)
    assert not extension_mismatch(path.name, result.type)
