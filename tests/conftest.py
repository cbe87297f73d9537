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
from typing import TYPE_CHECKING, Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError

from api.app import create_app
from api.state import AppState, build_state
from core.auth import create_token, hash_password
from core.db import build_engine, transaction
from core.migrate import upgrade_database
from core.models import Base, User
from core.settings import Settings
from core.vocab import Role
from tests.support import PG_BASE_URL, PG_URL, REPO

if TYPE_CHECKING:
    from extraction.nlp import Pipelines
    from redaction.analyzer import Analyzer

BACKENDS = ["sqlite", "postgresql"] if PG_URL else ["sqlite"]


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "db_backend" in metafunc.fixturenames:
        metafunc.parametrize("db_backend", BACKENDS, scope="function")


# Folders whose every test pays for a real process or browser (see the markers in pyproject).
FOLDER_MARKERS: dict[str, tuple[str, ...]] = {"browser": ("browser", "integration", "slow")}


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Mark what a test costs, so ``-m "not slow and not integration and not browser"``
    (``make test-fast``) is a quick loop: ``db`` for every test that runs per database backend
    (it takes ``db_backend``, directly or through ``db_url``/``settings``), and the markers of
    the folders in FOLDER_MARKERS. Modules and tests mark ``slow``/``integration`` themselves."""
    tests_dir = Path(__file__).parent
    for item in items:
        if "db_backend" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.db)
        relative = item.path.relative_to(tests_dir) if item.path.is_relative_to(tests_dir) else None
        if relative is not None and len(relative.parts) > 1:
            for name in FOLDER_MARKERS.get(relative.parts[0], ()):
                item.add_marker(name)


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A migrated SQLite file, copied for each test (migrating per test would be slow)."""
    path = tmp_path_factory.mktemp("template") / "template.sqlite3"
    engine = build_engine(f"sqlite:///{path}")
    upgrade_database(engine)
    engine.dispose()
    return path


def _create_worker_database(url: str) -> None:
    """Create this xdist worker's own database (``<db>_gw0``) when it does not exist yet,
    connected to the configured database, which always exists."""
    if url == PG_BASE_URL:
        return
    name = make_url(url).database
    admin = create_engine(PG_BASE_URL, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            exists = connection.scalar(
                text("SELECT 1 FROM pg_database WHERE datname = :name"), {"name": name}
            )
            if not exists:
                try:
                    connection.execute(text(f'CREATE DATABASE "{name}"'))
                except DBAPIError:  # created meanwhile (another run of the same checkout)
                    if not connection.scalar(
                        text("SELECT 1 FROM pg_database WHERE datname = :name"), {"name": name}
                    ):
                        raise
    finally:
        admin.dispose()


@pytest.fixture(scope="session")
def pg_migrated() -> Iterator[str]:
    """The PostgreSQL test database (this xdist worker's own), emptied and migrated once per
    session."""
    _create_worker_database(PG_URL)
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
    """The one home of the models in a test session: ``build_resources(settings, shared_models)``
    fills it on first use (keys "spacy" and "analyzer"), and the ``pipelines`` and ``analyzer``
    fixtures read the same entries, so each process loads spaCy and Presidio once."""
    return {}


@pytest.fixture(scope="session")
def pipelines(shared_models: dict[str, Any]) -> Pipelines:
    """The real spaCy pipelines (English loaded, French on first use)."""
    from extraction.nlp import build_pipelines

    if "spacy" not in shared_models:
        shared_models["spacy"] = build_pipelines()
    loaded: Pipelines = shared_models["spacy"]
    return loaded


@pytest.fixture(scope="session")
def analyzer(pipelines: Pipelines, shared_models: dict[str, Any]) -> Analyzer:
    """The real PI analyzer over the same pipelines."""
    from redaction.analyzer import build_analyzer

    if "analyzer" not in shared_models:
        shared_models["analyzer"] = build_analyzer(pipelines)
    built: Analyzer = shared_models["analyzer"]
    return built
