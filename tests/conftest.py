"""Shared fixtures: real databases (SQLite per test; PostgreSQL too when configured), settings,
the API client with users of every role.

Tests that take the ``db_url`` fixture (directly or through ``settings``) run once per
database backend: SQLite always, PostgreSQL when CASEDESK_TEST_DATABASE_URL is set.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, text

from api.app import create_app
from api.state import AppState, build_state
from core.auth import create_token, hash_password
from core.db import build_engine, transaction
from core.migrate import upgrade_database
from core.models import Base, User
from core.settings import Settings
from core.vocab import Role
from tests.support import PG_URL, REPO

BACKENDS = ["sqlite", "postgresql"] if PG_URL else ["sqlite"]


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "db_backend" in metafunc.fixturenames:
        metafunc.parametrize("db_backend", BACKENDS, scope="function")


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A migrated SQLite file, copied for each test (migrating per test would be slow)."""
    path = tmp_path_factory.mktemp("template") / "template.sqlite3"
    engine = build_engine(f"sqlite:///{path}")
    upgrade_database(engine)
    engine.dispose()
    return path


@pytest.fixture(scope="session")
def pg_migrated() -> Iterator[str]:
    """The PostgreSQL test database, emptied and migrated once per session."""
    engine = build_engine(PG_URL)
    with engine.begin() as connection:
        connection.execute(text("DROP SCHEMA public CASCADE"))
        connection.execute(text("CREATE SCHEMA public"))
    upgrade_database(engine)
    engine.dispose()
    yield PG_URL


def _truncate_postgres(engine: Engine) -> None:
    tables = ", ".join(t.name for t in Base.metadata.sorted_tables)
    with engine.begin() as connection:
        connection.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
        connection.execute(
            text("INSERT INTO audit_head (id, seq, hash) VALUES (1, 0, :h)"), {"h": "0" * 64}
        )


@pytest.fixture
def db_url(db_backend: str, tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[str]:
    if db_backend == "sqlite":
        template: Path = request.getfixturevalue("sqlite_template")
        path = tmp_path / "casedesk.sqlite3"
        shutil.copyfile(template, path)
        yield f"sqlite:///{path}"
        return
    url: str = request.getfixturevalue("pg_migrated")
    engine = build_engine(url)
    _truncate_postgres(engine)
    try:
        yield url
    finally:
        _truncate_postgres(engine)
        engine.dispose()


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    path = tmp_path / "data"
    path.mkdir()
    return path


@pytest.fixture
def templates_dir(tmp_path: Path) -> Path:
    """A private copy of templates/: a test that publishes a version never touches the repo's."""
    path = tmp_path / "templates"
    shutil.copytree(REPO / "templates", path)
    return path


@pytest.fixture
def settings(db_url: str, data_dir: Path, templates_dir: Path) -> Settings:
    return Settings(
        environment="test",
        data_dir=data_dir,
        database_url=db_url,
        broker_url="filesystem://",
        max_upload_bytes=5 * 1024 * 1024,
        templates_dir=templates_dir,
    )


@pytest.fixture
def state(settings: Settings) -> Iterator[AppState]:
    app_state = build_state(settings)
    yield app_state
    app_state.engine.dispose()


@dataclass(frozen=True)
class Actor:
    username: str
    password: str
    token: str
    user_id: int

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"}


@pytest.fixture(scope="session")
def password_hashes() -> dict[str, str]:
    """Argon2 is slow on purpose: hash the test passwords once per session."""
    return {role.value: hash_password(f"pw-{role.value}-secret") for role in Role}


@pytest.fixture
def actors(state: AppState, password_hashes: dict[str, str]) -> dict[str, Actor]:
    """One user (with a token) per role, keyed by role name."""
    result: dict[str, Actor] = {}
    with transaction(state.sessions) as session:
        for role in Role:
            user = User(
                username=f"user_{role.value}",
                display_name=f"Test {role.value}",
                password_hash=password_hashes[role.value],
                roles=[role.value],
            )
            session.add(user)
            session.flush()
            issued = create_token(session, user, "test")
            result[role.value] = Actor(
                user.username, f"pw-{role.value}-secret", issued.secret, user.id
            )
    return result


@pytest.fixture
def client(settings: Settings, state: AppState) -> Iterator[TestClient]:
    with TestClient(create_app(settings, state)) as test_client:
        yield test_client


@pytest.fixture(scope="session")
def shared_models() -> dict[str, Any]:
    """spaCy pipelines loaded once for the whole session, shared by in-process pipeline runs."""
    return {}
