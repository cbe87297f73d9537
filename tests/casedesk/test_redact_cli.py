"""`casedesk redact`: the CLI contract, end to end on the demo samples, scored from outside."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from casedesk.cli import main
from tests.support import CORPUS, SAMPLES, SHARED

SCORER = SHARED / "tools" / "score.py"


def _run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "CASEDESK_DATA_DIR": str(cwd / "data")}
    return subprocess.run(
        [sys.executable, "-m", "casedesk", "redact", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        env=env,
        timeout=900,
        check=False,
    )


def _truth_dir(tmp_path: Path) -> Path:
    """samples/expected.json as the scorer's truth files (one per document, keyed by stem)."""
    truth = tmp_path / "truth"
    truth.mkdir()
    for name, expected in json.loads((SAMPLES / "expected.json").read_text()).items():
        stem = Path(name).stem
        (truth / f"{stem}.truth.json").write_text(json.dumps({**expected, "doc_id": stem}))
    return truth


def test_redact_samples_leaves_no_personal_information(tmp_path: Path) -> None:
    out = tmp_path / "out"
    inputs = sorted(p for p in SAMPLES.iterdir() if p.suffix not in {".json", ".md", ".py"})
    folder = tmp_path / "in"
    folder.mkdir()
    for path in inputs:
        shutil.copy(path, folder / path.name)
    (folder / "expected.json").write_text("{}")  # JSON files are skipped by the walk
    result = _run(str(folder), "--out", str(out), cwd=tmp_path)
    assert result.returncode == 0, result.stderr[-3000:]
    expected = {f"{p.stem}.redacted.pdf" for p in inputs} | {
        f"{p.stem}.redactions.json" for p in inputs
    }
    assert {p.name for p in out.iterdir()} == expected

    score = subprocess.run(
        [sys.executable, str(SCORER), "redact", str(out), str(_truth_dir(tmp_path)), "--quiet"],
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    summary = score.stdout + score.stderr
    leaks = re.search(r"leaks=(\d+)", summary)
    assert leaks is not None, summary[-2000:]
    assert leaks.group(1) == "0", summary[-3000:]

    record = json.loads((out / "02-complaint-email.redactions.json").read_text())
    assert record["source"] == "02-complaint-email.eml"
    assert len(record["sha256"]) == 64
    assert record["policy"] == "public" and record["jurisdiction"] == "CA-ON"
    assert record["pages"] >= 2, "the attachment's pages follow the message"
    assert any(box["page"] > 1 for box in record["boxes"]), "the attachment was redacted too"
    keys = {
        "page",
        "rect",
        "entity_type",
        "exemption_code",
        "label",
        "recognizer",
        "score",
        "text_hmac",
    }
    for box in record["boxes"]:
        assert keys <= box.keys()
        x0, y0, x1, y1 = box["rect"]
        assert x0 < x1 and y0 < y1
        assert re.fullmatch(r"[0-9a-f]{64}", box["text_hmac"])
    # Never the text itself: no value of the truth appears in the log.
    truth = json.loads((SAMPLES / "expected.json").read_text())["02-complaint-email.eml"]
    text = json.dumps(record)
    assert not any(item["text"] in text for item in truth["pii"] if len(item["text"]) > 4)


def test_bad_inputs_fail_with_a_reason_and_the_batch_goes_on(tmp_path: Path) -> None:
    good = tmp_path / "note.txt"
    good.write_text("Sergeant Miriam Okonkwo-Hartley phoned me at 613-555-0142 about the arrest.\n")
    encrypted = CORPUS / "hostile" / "encrypted_userpw.pdf"
    cycle = CORPUS / "hostile" / "page_tree_cycle.pdf"
    out = tmp_path / "out"
    result = _run(str(encrypted), str(good), str(cycle), "--out", str(out), cwd=tmp_path)
    assert result.returncode == 1
    assert f"{encrypted}: encrypted_pdf: " in result.stderr
    assert f"{cycle}: corrupt_pdf: " in result.stderr
    assert sorted(p.name for p in out.iterdir()) == ["note.redacted.pdf", "note.redactions.json"]
    assert b"Okonkwo" not in (out / "note.redacted.pdf").read_bytes()


@pytest.mark.parametrize(
    "args",
    [
        pytest.param(["a/x.pdf", "b/x.txt"], id="same-stem"),
        pytest.param(["no-such-file.pdf"], id="missing-input"),
        pytest.param(["--policy", "nobody"], id="unknown-policy"),
    ],
)
def test_usage_errors_exit_2(tmp_path: Path, args: list[str]) -> None:
    for name in ("a/x.pdf", "b/x.txt"):
        (tmp_path / name).parent.mkdir(exist_ok=True)
        (tmp_path / name).write_text("x")
    argv = [str(tmp_path / a) if "/" in a or a.endswith(".pdf") else a for a in args]
    if "--policy" in args:
        argv = [str(tmp_path / "a" / "x.pdf"), *args]
    with pytest.raises(SystemExit) if "--policy" in args else _NoRaise():
        code = main(["redact", *argv, "--out", str(tmp_path / "out")])
        assert code == 2


class _NoRaise:
    def __enter__(self) -> None:
        return None

    def __exit__(self, *exc: object) -> None:
        return None
