"""Settings: embedded defaults, production refuses insecure values, runtime limits checked."""

from __future__ import annotations

from pathlib import Path

import pytest

from core.settings import DEFAULT_AUDIT_KEY, DEFAULT_SECRET, Settings, SettingsError


def test_embedded_defaults_need_no_server(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path)
    assert settings.database_url == f"sqlite:///{(tmp_path / 'casedesk.sqlite3').resolve()}"
    assert settings.embedded_broker
    settings.check_runtime()


def test_settings_come_from_prefixed_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CASEDESK_DATABASE_URL", "postgresql+psycopg://db/casedesk")
    monkeypatch.setenv("CASEDESK_BROKER_URL", "redis://cache:6379/0")
    monkeypatch.setenv("CASEDESK_MAX_UPLOAD_BYTES", "1234")
    settings = Settings()
    assert settings.database_url == "postgresql+psycopg://db/casedesk"
    assert not settings.embedded_broker
    assert settings.max_upload_bytes == 1234


@pytest.mark.parametrize(
    ("overrides", "problem"),
    [
        pytest.param({"secret_key": DEFAULT_SECRET}, "CASEDESK_SECRET_KEY", id="default-secret"),
        pytest.param({"secret_key": "short"}, "CASEDESK_SECRET_KEY", id="short-secret"),
        pytest.param(
            {"audit_key": DEFAULT_AUDIT_KEY}, "CASEDESK_AUDIT_KEY", id="default-audit-key"
        ),
        pytest.param({"audit_key": "short"}, "CASEDESK_AUDIT_KEY", id="short-audit-key"),
        pytest.param({"audit_key": "x" * 40}, "must differ", id="audit-key-is-secret-key"),
        pytest.param({"database_url": "sqlite:///x.db"}, "PostgreSQL", id="sqlite-in-production"),
        pytest.param({"broker_url": "filesystem://"}, "Redis", id="embedded-broker-in-production"),
    ],
)
def test_production_refuses_insecure_defaults(overrides: dict[str, str], problem: str) -> None:
    values = {
        "environment": "production",
        "secret_key": "x" * 40,
        "audit_key": "a" * 40,
        "database_url": "postgresql+psycopg://db/casedesk",
        "broker_url": "redis://cache:6379/0",
    }
    values.update(overrides)
    settings = Settings(**values)  # type: ignore[arg-type]
    with pytest.raises(SettingsError, match=problem):
        settings.check_runtime()


def test_production_with_real_values_starts() -> None:
    Settings(
        environment="production",
        secret_key="x" * 40,
        audit_key="a" * 40,
        database_url="postgresql+psycopg://db/casedesk",
        broker_url="redis://cache:6379/0",
    ).check_runtime()


@pytest.mark.parametrize(
    ("time_limit", "visibility"),
    [pytest.param(300, 300, id="equal"), pytest.param(400, 300, id="above")],
)
def test_start_refuses_time_limit_at_or_above_visibility_timeout(
    time_limit: int, visibility: int
) -> None:
    settings = Settings(
        task_time_limit=time_limit, task_soft_time_limit=100, visibility_timeout=visibility
    )
    with pytest.raises(SettingsError, match="visibility timeout"):
        settings.check_runtime()
