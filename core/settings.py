"""Settings read once at the edge (environment variables prefixed CASEDESK_) and passed inward.

The embedded default needs no server: SQLite under the data directory and a filesystem
broker. Production sets a PostgreSQL URL, a Redis broker and a real secret.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from core.errors import AppError

DEFAULT_SECRET = "casedesk-development-secret-change-me"  # noqa: S105 - refused in production
# Keys the audit chain; separate from the secret key so that one leaking is not both.
DEFAULT_AUDIT_KEY = "casedesk-development-audit-key-change-me"  # refused in production


class SettingsError(AppError):
    code = "invalid_settings"
    status_code = 500


class Settings(BaseSettings):
    """Every knob of one installation. Defaults are the embedded, single-machine deployment."""

    model_config = SettingsConfigDict(env_prefix="CASEDESK_", extra="ignore")

    environment: Literal["development", "test", "production"] = "development"
    data_dir: Path = Path("data")
    database_url: str = ""  # default: sqlite:///<data_dir>/casedesk.sqlite3
    broker_url: str = ""  # default: the filesystem broker under <data_dir>/broker
    secret_key: str = DEFAULT_SECRET
    # The audit chain's HMAC key and its signed checkpoints, kept outside the database so that
    # write access to the database alone cannot rewrite or truncate the chain unnoticed.
    audit_key: str = DEFAULT_AUDIT_KEY
    audit_checkpoint_path: Path | None = None  # default: <data_dir>/audit-checkpoints.jsonl
    audit_checkpoint_every: int = Field(default=100, gt=0)
    audit_checkpoint_seconds: float = Field(default=60.0, ge=0)
    host: str = "127.0.0.1"
    port: int = 8000

    max_upload_bytes: int = Field(default=200 * 1024 * 1024, gt=0)
    session_hours: int = Field(default=12, gt=0)
    # Sign-in: this many failures of one account (or from one client address) within the
    # lock-out time lock it for that time; further attempts get 429 with Retry-After.
    login_max_failures: int = Field(default=5, gt=0)
    login_max_failures_per_address: int = Field(default=30, gt=0)
    login_lockout_seconds: int = Field(default=900, gt=0)

    # Worker and broker. The hard time limit must stay below the visibility timeout, or the
    # broker hands a still-running task to a second worker.
    worker_concurrency: int = Field(default=2, gt=0)
    task_time_limit: int = Field(default=240, gt=0)
    task_soft_time_limit: int = Field(default=220, gt=0)
    visibility_timeout: int = Field(default=300, gt=0)
    unacked_restore_interval: int = Field(default=10, gt=0)
    max_deliveries: int = Field(default=3, gt=0)
    # The broker queue every API, CLI and worker of one installation shares: installations (or
    # test runs) sharing one Redis each name their own, so no worker takes another's work.
    queue_name: str = Field(default="casedesk", pattern=r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$")
    # How often each worker re-enqueues unfinished work whose delivery outlived the time limit.
    sweep_interval: float = Field(default=30.0, gt=0)
    # A big PDF is read this many pages per task (OCR at ~3 s a page stays within the limit).
    pages_per_task: int = Field(default=20, gt=0)
    # `casedesk redact`: processes recognising windows of pages at once (0: one per core).
    detect_processes: int = Field(default=0, ge=0)
    # Failure testing only: the intake step sleeps this long so a test can kill it mid-task.
    debug_task_delay_seconds: float = Field(default=0.0, ge=0)

    # A second FOI officer releases a package: not the one who built it. Unset: on in
    # production, off in development and test (the admin's second-person-release setting).
    release_requires_second_person: bool | None = None

    default_jurisdiction: str = "CA-ON"
    # The interpreter that runs unoserver (persistent LibreOffice for letters); empty: the
    # .uno-venv that `make install` creates, or one-shot soffice when that is missing.
    unoserver_python: str = ""
    # Letter templates: templates/<kind>/<variant>/<lang>/v<N>.docx and manifest.json.
    templates_dir: Path = Path("templates")
    # The letterhead every letter carries (the templates' header and contact lines). Set once
    # here so no coordinator types the organisation's name and address on each letter; when
    # name and address are set the letter form shows them instead of asking.
    organisation_name: str = ""
    organisation_address: str = ""
    organisation_phone: str = ""
    organisation_email: str = ""
    organisation_website: str = ""

    @model_validator(mode="after")
    def _fill_defaults(self) -> Settings:
        if not self.database_url:
            self.database_url = f"sqlite:///{(self.data_dir / 'casedesk.sqlite3').resolve()}"
        if not self.broker_url:
            self.broker_url = "filesystem://"
        return self

    @property
    def letterhead(self) -> dict[str, str] | None:
        """The ``organisation`` of every letter, or None when the installation has not set it."""
        if not (self.organisation_name.strip() and self.organisation_address.strip()):
            return None
        fields = {
            "name": self.organisation_name,
            "address": self.organisation_address,
            "phone": self.organisation_phone,
            "email": self.organisation_email,
            "website": self.organisation_website,
        }
        return {key: value.strip() for key, value in fields.items() if value.strip()}

    @property
    def blob_dir(self) -> Path:
        return self.data_dir / "blobs"

    @property
    def audit_checkpoint_file(self) -> Path:
        return self.audit_checkpoint_path or self.data_dir / "audit-checkpoints.jsonl"

    @property
    def broker_dir(self) -> Path:
        return self.data_dir / "broker"

    @property
    def embedded_broker(self) -> bool:
        return self.broker_url.startswith("filesystem://")

    @property
    def second_person_release(self) -> bool:
        """Whether the officer who built a package is refused its release."""
        if self.release_requires_second_person is None:
            return self.environment == "production"
        return self.release_requires_second_person

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")

    def check_production(self) -> None:
        """Refuse insecure defaults where real personal information is held."""
        if self.environment != "production":
            return
        problems = []
        if self.secret_key == DEFAULT_SECRET or len(self.secret_key) < 32:
            problems.append("CASEDESK_SECRET_KEY must be set to a random value of 32+ characters")
        if self.audit_key == DEFAULT_AUDIT_KEY or len(self.audit_key) < 32:
            problems.append("CASEDESK_AUDIT_KEY must be set to a random value of 32+ characters")
        elif self.audit_key == self.secret_key:
            problems.append("CASEDESK_AUDIT_KEY must differ from CASEDESK_SECRET_KEY")
        if self.is_sqlite:
            problems.append("CASEDESK_DATABASE_URL must point at PostgreSQL in production")
        if self.embedded_broker:
            problems.append("CASEDESK_BROKER_URL must point at Redis in production")
        if problems:
            raise SettingsError("refusing to start: " + "; ".join(problems))

    def check_runtime(self) -> None:
        """Checks made when a server or worker starts (not at import, not per request)."""
        if self.task_time_limit >= self.visibility_timeout:
            raise SettingsError(
                f"task time limit ({self.task_time_limit}s) must be below the broker "
                f"visibility timeout ({self.visibility_timeout}s)"
            )
        if self.task_soft_time_limit >= self.task_time_limit:
            raise SettingsError("the soft time limit must be below the hard time limit")
        self.check_production()


def read_settings() -> Settings:
    """Read settings from the environment; call once at the edge."""
    return Settings()
