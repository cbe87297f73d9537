"""The `casedesk` command: the contract's commands are listed, service commands work."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from casedesk.cli import main
from core.settings import Settings

CONTRACT_COMMANDS = [
    "serve",
    "worker",
    "db",
    "users",
    "tokens",
    "audit",
    "redact",
    "extract",
    "letter",
    "disclose",
]


def test_help_lists_every_contract_command() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "casedesk", "--help"],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    for command in CONTRACT_COMMANDS:
        assert f"    {command} " in result.stdout, command


def test_commands_load_the_language_models_only_when_they_run() -> None:
    """Issue 17: `--help`, `serve` or `db upgrade` do not wait for spaCy and Presidio; the file
    commands import them when they run."""
    probe = (
        "import sys; from casedesk.cli import build_parser; "
        "args = build_parser().parse_args(sys.argv[1:]); "
        "heavy = ('spacy', 'presidio_analyzer', 'pdfplumber', 'pypdfium2', 'celery'); "
        "print(','.join(m for m in heavy if m in sys.modules))"
    )
    for argv in (["db", "upgrade"], ["redact", "x.pdf", "--out", "o"], ["extract", "x.pdf"]):
        result = subprocess.run(
            [sys.executable, "-c", probe, *argv],
            capture_output=True,
            text=True,
            check=True,
            timeout=60,
        )
        assert result.stdout.strip() == "", (argv, result.stdout)


def test_unknown_command_is_a_usage_error() -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["no-such-command"])
    assert exit_info.value.code == 2


@pytest.fixture
def env(settings: Settings, monkeypatch: pytest.MonkeyPatch) -> Settings:
    monkeypatch.setenv("CASEDESK_DATABASE_URL", settings.database_url)
    monkeypatch.setenv("CASEDESK_DATA_DIR", str(settings.data_dir))
    return settings


def test_users_and_tokens(env: Settings, capsys: pytest.CaptureFixture[str]) -> None:
    assert (
        main(["users", "add", "maria", "--role", "foi_officer", "--password", "a-long-password"])
        == 0
    )
    assert (
        main(["users", "add", "maria", "--role", "foi_officer", "--password", "a-long-password"])
        == 1
    )
    capsys.readouterr()
    assert main(["tokens", "create", "maria"]) == 0
    token = capsys.readouterr().out.strip()
    assert token.startswith("cd_")
    assert main(["tokens", "create", "nobody"]) == 1
    assert main(["audit", "verify"]) == 0


def test_db_upgrade_on_a_new_data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CASEDESK_DATA_DIR", str(tmp_path / "new"))
    monkeypatch.delenv("CASEDESK_DATABASE_URL", raising=False)
    assert main(["db", "upgrade"]) == 0
    assert main(["db", "upgrade"]) == 0  # twice is harmless
    assert (tmp_path / "new" / "casedesk.sqlite3").is_file()


def test_demo_is_idempotent(env: Settings, capsys: pytest.CaptureFixture[str]) -> None:
    samples = Path(__file__).resolve().parents[2] / "samples"
    assert main(["demo", "--samples", str(samples)]) == 0
    first = capsys.readouterr().out
    assert main(["demo", "--samples", str(samples)]) == 0
    second = capsys.readouterr().out
    token_line = [line for line in first.splitlines() if "API token" in line]
    assert token_line and token_line == [
        line for line in second.splitlines() if "API token" in line
    ]
    assert "sample files" in first


def test_worker_refuses_time_limit_above_visibility(
    env: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CASEDESK_TASK_TIME_LIMIT", "400")
    monkeypatch.setenv("CASEDESK_VISIBILITY_TIMEOUT", "300")
    assert main(["worker"]) == 2
