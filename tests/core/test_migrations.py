"""Migrations: upgrade head on an empty database, then the models and the schema agree."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect

from core.db import build_engine
from core.migrate import upgrade_database
from core.models import Base


def test_upgrade_head_on_empty_database_then_no_drift(db_url: str) -> None:
    engine = build_engine(db_url)
    upgrade_database(engine)  # already at head: must be a no-op
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        diff = compare_metadata(context, Base.metadata)
        tables = set(inspect(connection).get_table_names())
    engine.dispose()
    assert diff == []
    assert {t.name for t in Base.metadata.sorted_tables} <= tables


def test_fresh_sqlite_file_upgrades(tmp_path) -> None:  # type: ignore[no-untyped-def]
    engine = build_engine(f"sqlite:///{tmp_path / 'fresh.sqlite3'}")
    upgrade_database(engine)
    with engine.connect() as connection:
        mode = connection.exec_driver_sql("PRAGMA journal_mode").scalar()
        keys = connection.exec_driver_sql("PRAGMA foreign_keys").scalar()
    engine.dispose()
    assert mode == "wal"
    assert keys == 1
