"""Every hostile and weird file is processed or refused with its expected code, within limits;
dev corpus files yield pages whose text holds their ground-truth PI strings."""

from __future__ import annotations

import json
import pathlib
import re
import time

import pytest

from core.errors import AppError
from extraction.reader import read_document, read_document_isolated

CORPUS = pathlib.Path("/work/shared/corpus")
HOSTILE = CORPUS / "hostile"
WEIRD = CORPUS / "weird-pdfs"
DEV = CORPUS / "dev"
WALL = 120.0

PROCESSED = "processed"
# Expected outcomes from corpus/hostile/README.md: "processed" or the accepted refusal codes.
HOSTILE_EXPECTED: list[tuple[str, tuple[str, ...], str | None]] = [
    ("actually_docx.pdf", (PROCESSED,), "extension_mismatch"),
    ("billion_laughs.docx", ("malicious_xml",), None),
    ("xxe_etc_passwd.docx", (PROCESSED, "malicious_xml"), None),
    ("zipbomb_1GiB_document.docx", ("zip_bomb", "resource_limit"), None),
    ("zipbomb_many_paras_200MiB.docx", ("zip_bomb", "resource_limit"), None),
    ("bomb_content_1GiB.pdf", ("resource_limit",), None),
    ("bomb_image_40k.pdf", ("image_too_large", PROCESSED), None),
    ("corrupt_startxref.pdf", (PROCESSED,), "repaired"),
    ("corrupt_xref_zeroed.pdf", (PROCESSED,), "repaired"),
    ("truncated_60pct.pdf", (PROCESSED, "corrupt_pdf"), "partial"),
    ("deep_nested_arrays_100k.pdf", (PROCESSED, "corrupt_pdf"), None),
    ("deep_nested_dicts_50k.pdf", (PROCESSED, "corrupt_pdf"), None),
    ("encrypted_userpw.pdf", ("encrypted_pdf",), None),
    ("encrypted_ownerpw_only.pdf", (PROCESSED,), "owner_password"),
    ("javascript_openaction.pdf", (PROCESSED,), "javascript"),
    ("page_tree_cycle.pdf", ("corrupt_pdf",), None),
    ("png_bomb_30000x30000.png", ("image_too_large",), None),
    ("png_144MP_12000x12000.png", (PROCESSED,), None),
]


def _outcome(path: pathlib.Path, password: str | None = None) -> tuple[str, frozenset[str], str]:
    started = time.monotonic()
    try:
        document = read_document_isolated(path.read_bytes(), filename=path.name, password=password)
    except AppError as exc:
        assert exc.message  # a human reason, always
        return exc.code, frozenset(), exc.message
    finally:
        assert time.monotonic() - started < WALL + 10
    assert document.pages, "processed means at least one page"
    assert document.pdf.startswith(b"%PDF-") or b"%PDF-" in document.pdf[:1024]
    for page in document.pages:
        assert len(page.text) == len(page.char_boxes)
    return PROCESSED, document.flags, ""


def test_hostile_table_covers_the_folder() -> None:
    files = {p.name for p in HOSTILE.iterdir() if p.name != "README.md"}
    assert files == {name for name, _, _ in HOSTILE_EXPECTED}


@pytest.mark.slow
@pytest.mark.parametrize(
    ("name", "accepted", "flag"),
    [pytest.param(*row, id=row[0]) for row in HOSTILE_EXPECTED],
)
def test_hostile_file_outcome(name: str, accepted: tuple[str, ...], flag: str | None) -> None:
    outcome, flags, _ = _outcome(HOSTILE / name)
    assert outcome in accepted
    if flag is not None and outcome == PROCESSED:
        assert flag in flags


def test_encrypted_pdf_opens_with_its_password() -> None:
    outcome, flags, _ = _outcome(HOSTILE / "encrypted_userpw.pdf", password="s3cret")
    assert outcome == PROCESSED
    assert "decrypted_with_password" in flags


def test_wrong_password_is_still_encrypted_pdf() -> None:
    outcome, _, message = _outcome(HOSTILE / "encrypted_userpw.pdf", password="nope")
    assert outcome == "encrypted_pdf"
    assert "password" in message


def test_xxe_never_yields_the_file() -> None:
    try:
        document = read_document((HOSTILE / "xxe_etc_passwd.docx").read_bytes())
    except AppError as exc:
        assert exc.code == "malicious_xml"
        return
    assert "root:x:0:0" not in document.text


@pytest.mark.slow
@pytest.mark.parametrize("path", [pytest.param(p, id=p.name) for p in sorted(WEIRD.glob("*.pdf"))])
def test_weird_pdf_processed_or_refused_with_reason(path: pathlib.Path) -> None:
    outcome, _, _ = _outcome(path)
    assert outcome in (PROCESSED, "encrypted_pdf", "corrupt_pdf", "image_too_large")


def test_weird_password_pdf_opens_with_password() -> None:
    path = WEIRD / "005-libreoffice-writer-password_libreoffice-writer-password.pdf"
    assert _outcome(path)[0] == "encrypted_pdf"
    assert _outcome(path, password="openpassword")[0] == PROCESSED


def _normalised(text: str) -> str:
    # A rendering wraps lines where it likes: a line break is whitespace like any other.
    text = re.sub(r"-\s+", "-", text)  # "V3878-09438-\n86904" wrapped at its hyphen
    return re.sub(r"\s+", " ", text).strip().lower()


def _dev_files() -> list[pathlib.Path]:
    return sorted(p for p in DEV.glob("dev-*") if not p.name.endswith(".json"))


def _rendered_mail_source(raw: bytes) -> str:
    head, _, body = raw.decode("utf-8", "replace").replace("\r\n", "\n").partition("\n\n")
    kept: list[str] = []
    keep = False
    for line in head.split("\n"):
        if line[:1] not in (" ", "\t"):
            keep = line.split(":", 1)[0].lower() in {"from", "to", "cc", "date", "subject"}
        if keep:
            kept.append(line)
    return "\n".join(kept) + "\n" + body


@pytest.mark.slow
@pytest.mark.parametrize("path", [pytest.param(p, id=p.name) for p in _dev_files()])
def test_dev_file_text_holds_truth_pi(path: pathlib.Path) -> None:
    truth = json.loads(path.with_suffix(".truth.json").read_text(encoding="utf-8"))
    document = read_document(path.read_bytes(), filename=path.name)
    assert document.pdf.startswith(b"%PDF-")
    text = _normalised(document.text)
    expected = [item["text"] for item in truth.get("pii", [])]
    if path.suffix == ".eml":
        # Trace headers (Received, Message-ID, ...) are not part of the rendering.
        shown = _rendered_mail_source(path.read_bytes())
        expected = [s for s in expected if s in shown]
    found = [s for s in expected if _normalised(s) in text]
    # Text sources must hold every string; the dev scans are deliberately noisy and OCR
    # misreads some characters (see the report for the measured share: about 0.88 with the
    # scanner specks removed before OCR, 0.62 without).
    needed = 0.8 if any(p.source != "text" for p in document.pages) else 1.0
    assert len(found) >= needed * len(expected), sorted(set(expected) - set(found))
    if truth.get("language") in ("en", "fr"):
        assert document.language == truth["language"]
