"""`casedesk extract`: the CLI contract end to end, and the text-only read it is built on."""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

from reportlab.lib.pagesizes import LETTER  # type: ignore[import-untyped]
from reportlab.pdfgen.canvas import Canvas  # type: ignore[import-untyped]

from extraction.reader import read_document_isolated, read_text_isolated
from tests.support import CORPUS

DEV = CORPUS / "dev"
HOSTILE = CORPUS / "hostile"
START = dt.date(2024, 3, 1)
FACT_KEYS = {"allegations", "dates", "parties", "police_service", "language"}


def _pdf(pages: int) -> bytes:
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=LETTER)
    for number in range(1, pages + 1):
        day = START + dt.timedelta(days=number - 1)
        canvas.drawString(72, 700, f"Page {number}: on {day:%B} {day.day}, 2024 Constable Reyes")
        canvas.drawString(72, 680, "pushed the complainant against the wall.")
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def test_extract_prints_facts_and_errors_by_stem(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    (folder / "nested").mkdir(parents=True)
    shutil.copy(DEV / "dev-001.eml", folder / "dev-001.eml")
    shutil.copy(DEV / "dev-004.pdf", folder / "nested" / "dev-004.pdf")
    shutil.copy(DEV / "dev-004.truth.json", folder / "dev-004.truth.json")  # skipped
    shutil.copy(HOSTILE / "encrypted_userpw.pdf", folder / "locked.pdf")
    (folder / "empty.txt").write_bytes(b"")
    (folder / "long.pdf").write_bytes(_pdf(60))  # read in two page ranges
    result = subprocess.run(
        [sys.executable, "-m", "casedesk", "extract", str(folder), "--json"],
        capture_output=True,
        text=True,
        env={**os.environ, "CASEDESK_DATA_DIR": str(tmp_path / "data")},
        timeout=600,
        check=False,
    )
    assert result.returncode == 1, result.stderr[-2000:]  # some inputs failed
    out = json.loads(result.stdout)  # stdout is one JSON object and nothing else
    assert set(out) == {"dev-001", "dev-004", "locked", "empty", "long"}
    for stem in ("dev-001", "dev-004", "long"):
        assert set(out[stem]) == FACT_KEYS, stem
    truth = json.loads((DEV / "dev-004.truth.json").read_text(encoding="utf-8"))
    assert {a["category"] for a in out["dev-004"]["allegations"]} >= {
        a["category"] for a in truth["allegations"]
    }
    assert out["locked"] == {
        "error": {"code": "encrypted_pdf", "message": "encrypted PDF: a password is needed"}
    }
    assert out["empty"]["error"]["code"] == "empty_file"
    assert f"{folder / 'locked.pdf'}: encrypted_pdf: " in result.stderr
    # Every page of the long file was read and parsed, in order.
    long = out["long"]
    assert [d["iso"] for d in long["dates"]] == [
        (START + dt.timedelta(days=n)).isoformat() for n in range(60)
    ]
    assert len(long["allegations"]) == 60


def test_text_read_by_ranges_is_the_whole_read_without_boxes() -> None:
    data = _pdf(5)
    whole = read_document_isolated(data, filename="five.pdf")
    by_range = read_text_isolated(data, filename="five.pdf", pages_per_read=2)
    assert [p.number for p in by_range.pages] == [1, 2, 3, 4, 5]
    assert by_range.text == whole.text
    assert by_range.language == whole.language
    assert all(p.char_boxes == () for p in by_range.pages)
    assert all(len(p.char_boxes) == len(p.text) for p in whole.pages)


def test_text_read_keeps_refusals_and_flags() -> None:
    named_pdf = read_text_isolated(
        (HOSTILE / "actually_docx.pdf").read_bytes(), filename="actually_docx.pdf"
    )
    assert "extension_mismatch" in named_pdf.flags
    assert named_pdf.text.strip()
    owner_only = read_text_isolated((HOSTILE / "encrypted_ownerpw_only.pdf").read_bytes())
    assert "owner_password" in owner_only.flags
