"""Migrations: upgrade head on an empty database, then the models and the schema agree; the
data migrations keep what the old schema recorded."""

from __future__ import annotations

import datetime as dt
from typing import Any

import sqlalchemy as sa
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import Engine, inspect, select
from sqlalchemy.orm import Session

from core.db import build_engine
from core.migrate import alembic_config, upgrade_database
from core.models import Base, PageDisposition, Redaction, ReviewDecision


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
        secure_delete = connection.exec_driver_sql("PRAGMA secure_delete").scalar()
    engine.dispose()
    assert mode == "wal"
    assert keys == 1
    assert secure_delete == 1  # a cleared value is zeroed in the file, not left in free pages


def _migrate(engine: Engine, target: str, *, down: bool = False) -> None:
    config = alembic_config(engine.url.render_as_string(hide_password=False))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        (command.downgrade if down else command.upgrade)(config, target)


def _seed_0007(engine: Engine) -> dict[str, int]:
    """Decisions as revision 0007 kept them: on the shared boxes and pages."""
    now = dt.datetime(2026, 3, 2, 12, tzinfo=dt.UTC)
    with engine.begin() as connection:
        tables = {
            name: sa.Table(name, sa.MetaData(), autoload_with=connection)
            for name in (
                "users", "cases", "documents", "pages", "disclosure_requests",
                "disclosure_documents", "redactions",
            )
        }  # fmt: skip

        def add(table: str, **values: Any) -> int:
            table_ = tables[table]
            query = sa.insert(table_).values(**values).returning(table_.c.id)
            return int(connection.execute(query).scalar_one())

        user = add("users", username="fran", display_name="Fran", password_hash="x",
                   roles=["foi_officer"], is_active=True, created_at=now)  # fmt: skip
        case = add("cases", reference="CASE-1", title="t", jurisdiction="CA-ON", created_at=now,
                   facts={})  # fmt: skip
        docs = [
            add("documents", case_id=case, filename=f"{n}.pdf", sha256=f"{n}" * 64, size=1,
                declared_content_type="", name_mismatch=False, status="analysed",
                deliveries=0, warnings=[], flags=[], created_at=now, updated_at=now)
            for n in range(3)
        ]  # fmt: skip
        for doc in docs:
            for number, disposition in ((1, "withheld_in_full"), (2, None)):
                add("pages", document_id=doc, number=number, width=612, height=792, text="",
                    source="text", disposition=disposition)  # fmt: skip
        requests = [
            add("disclosure_requests", number=f"REQ-2026-000{n}", received_on=now.date(),
                requester_type="media", policy="public", jurisdiction="CA-ON", status="in_review",
                created_at=now)
            for n in (1, 2)
        ]  # fmt: skip
        # Both requests include the first document; the second also the second; none the third.
        for request, doc in (
            (requests[0], docs[0]),
            (requests[1], docs[0]),
            (requests[1], docs[1]),
        ):
            add("disclosure_documents", request_id=request, document_id=doc, position=1)

        def box(doc: int, status: str, source: str = "auto") -> int:
            reviewed = {} if status == "proposed" else {"reviewed_by_id": user, "reviewed_at": now}
            return add("redactions", document_id=doc, page=1, rect=[1, 2, 3, 4],
                       exemption_code="s.21(1)", status=status, source=source, **reviewed)  # fmt: skip

        return {
            "first_request": requests[0],
            "second_request": requests[1],
            "first_doc": docs[0],
            "accepted": box(docs[0], "accepted"),
            "proposed": box(docs[0], "proposed"),
            "rejected": box(docs[1], "rejected"),
            "drawn": box(docs[0], "accepted", "manual"),
            "orphan": box(docs[2], "accepted", "manual"),
        }


def test_0008_gives_each_decision_to_the_requests_of_its_document(db_url: str) -> None:
    engine = build_engine(db_url)
    try:
        _migrate(engine, "0007", down=True)
        ids = _seed_0007(engine)
        _migrate(engine, "head")
        first, second = ids["first_request"], ids["second_request"]
        with Session(engine) as session:
            decisions = {
                (d.request_id, d.redaction_id): d.status
                for d in session.execute(select(ReviewDecision)).scalars()
            }
            boxes = {b.id: b for b in session.execute(select(Redaction)).scalars()}
            disposed = {
                (d.request_id, d.document_id, d.page): d.disposition
                for d in session.execute(select(PageDisposition)).scalars()
            }
        copy = next(i for i, b in boxes.items() if b.source == "manual" and i != ids["drawn"])
        assert decisions == {
            (first, ids["accepted"]): "accepted",
            (second, ids["accepted"]): "accepted",
            (second, ids["rejected"]): "rejected",
            (first, ids["drawn"]): "accepted",
            (second, copy): "accepted",
        }
        # A drawn box: the first request keeps it, the second has its own copy, and one on a
        # document no request includes is gone. Detected boxes stay shared.
        assert boxes[ids["drawn"]].request_id == first and boxes[copy].request_id == second
        assert boxes[copy].rect == boxes[ids["drawn"]].rect
        assert ids["orphan"] not in boxes
        assert boxes[ids["proposed"]].request_id is None
        assert disposed == {
            (first, ids["first_doc"], 1): "withheld_in_full",
            (second, ids["first_doc"], 1): "withheld_in_full",
            (second, ids["first_doc"] + 1, 1): "withheld_in_full",
        }
        # And back: one decision per box again.
        _migrate(engine, "0007", down=True)
        with engine.connect() as connection:
            rows = connection.execute(sa.text("SELECT id, status FROM redactions"))
            statuses = {row[0]: row[1] for row in rows}
        assert statuses[ids["accepted"]] == "accepted" and statuses[ids["rejected"]] == "rejected"
        assert statuses[ids["proposed"]] == "proposed"
    finally:
        _migrate(engine, "head")
        engine.dispose()


def test_0009_erases_a_clear_text_password_and_keeps_the_rows(db_url: str) -> None:
    engine = build_engine(db_url)
    try:
        _migrate(engine, "0008", down=True)
        now = dt.datetime(2026, 3, 2, 12, tzinfo=dt.UTC)
        with engine.begin() as connection:
            meta = sa.MetaData()
            cases, documents, pages = (
                sa.Table(name, meta, autoload_with=connection)
                for name in ("cases", "documents", "pages")
            )
            case = connection.execute(
                sa.insert(cases).values(reference="C-1", title="t", jurisdiction="CA-ON",
                                        created_at=now, facts={}).returning(cases.c.id)
            ).scalar_one()  # fmt: skip
            document = connection.execute(
                sa.insert(documents).values(case_id=case, filename="a.pdf", sha256="a" * 64,
                    size=1, declared_content_type="", name_mismatch=False, status="stored",
                    deliveries=0, warnings=[], flags=[], created_at=now, updated_at=now,
                    pdf_password="in-clear").returning(documents.c.id)
            ).scalar_one()  # fmt: skip
            connection.execute(
                sa.insert(pages).values(document_id=document, number=1, width=1, height=1,
                                        text="", source="text")
            )  # fmt: skip
        _migrate(engine, "head")
        with engine.connect() as connection:
            columns = {c["name"] for c in inspect(connection).get_columns("documents")}
            sealed = connection.execute(sa.text("SELECT pdf_password_sealed FROM documents"))
            page_rows = connection.execute(sa.text("SELECT count(*) FROM pages")).scalar_one()
            assert "pdf_password" not in columns
            assert list(sealed) == [(None,)]
            assert page_rows == 1  # the documents table was not copied and dropped
    finally:
        engine.dispose()
