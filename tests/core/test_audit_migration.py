"""Migration 0011 on a database that already has a plain SHA-256 chain and letters: the old
events still verify, new ones are keyed, and neither part can be rewritten unnoticed; every
letter gets the versions (and editors) its row still shows."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from alembic import command
from sqlalchemy import Engine, select, update
from sqlalchemy.orm import Session

from api.state import AppState, build_state
from casedesk.cli import main
from core import audit
from core.db import build_engine, transaction
from core.migrate import alembic_config
from core.models import AuditEvent, AuditHead, LetterVersion
from core.settings import Settings

KEY = "m" * 20 + "-the-audit-key-after-upgrading"
LEGACY = 5
AT = dt.datetime(2026, 3, 2, 12, tzinfo=dt.UTC)


def _migrate(engine: Engine, target: str, *, down: bool = False) -> None:
    config = alembic_config(engine.url.render_as_string(hide_password=False))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        (command.downgrade if down else command.upgrade)(config, target)


def _legacy_hash(prev: str, row: dict[str, Any]) -> str:
    """The chain as revisions before 0011 computed it (plain SHA-256)."""
    payload = {"prev": prev, **{k: row[k] for k in _FIELDS}, "at": row["at"].isoformat()}
    return hashlib.sha256(
        json.dumps(payload, sort_keys=True, separators=(",", ":")).encode()
    ).hexdigest()


_FIELDS = ("seq", "actor_id", "actor", "action", "object_type", "object_id", "details")


def _seed_0008(engine: Engine) -> dict[str, int]:
    with engine.begin() as connection:
        tables = {
            name: sa.Table(name, sa.MetaData(), autoload_with=connection)
            for name in ("users", "cases", "template_versions", "letters", "audit_events",
                         "audit_head")
        }  # fmt: skip

        def add(table: str, **values: Any) -> int:
            table_ = tables[table]
            query = sa.insert(table_).values(**values).returning(table_.c.id)
            return int(connection.execute(query).scalar_one())

        prev = audit.GENESIS_HASH
        for seq in range(1, LEGACY + 1):
            row: dict[str, Any] = {
                "seq": seq, "at": AT + dt.timedelta(minutes=seq), "actor_id": None,
                "actor": "cli", "action": "case.created", "object_type": "case",
                "object_id": str(seq), "details": {"n": seq},
            }  # fmt: skip
            row["hash"] = _legacy_hash(prev, row)
            add("audit_events", prev_hash=prev, **row)
            prev = row["hash"]
        connection.execute(sa.update(tables["audit_head"]).values(seq=LEGACY, hash=prev))

        users = [
            add("users", username=name, display_name=name, password_hash="x",
                roles=["coordinator", "team_lead"], is_active=True, created_at=AT)
            for name in ("drafter", "editor")
        ]  # fmt: skip
        case = add("cases", reference="CASE-1", title="t", jurisdiction="CA-ON", created_at=AT,
                   facts={})  # fmt: skip
        version = add("template_versions", kind="acknowledgement", variant="standard",
                      lang="en", version=1, sha256="a" * 64, change_note="", author_name="",
                      active=True, created_at=AT)  # fmt: skip

        def letter(edited_by: int) -> int:
            return add("letters", case_id=case, template_version_id=version, status="draft",
                       context={"reference": "CASE-1"}, docx_sha256="d" * 64, comments=[],
                       drafted_by_id=users[0], edited_by_id=edited_by,
                       created_at=AT)  # fmt: skip

        return {
            "drafter": users[0],
            "editor": users[1],
            "own": letter(users[0]),
            "edited": letter(users[1]),
        }


@pytest.fixture
def upgraded(settings: Settings, tmp_path: Path) -> Iterator[tuple[AppState, dict[str, int]]]:
    engine = build_engine(settings.database_url)
    _migrate(engine, "0008", down=True)
    ids = _seed_0008(engine)
    _migrate(engine, "head")
    engine.dispose()
    custom = settings.model_copy(
        update={
            "audit_key": KEY,
            "audit_checkpoint_path": tmp_path / "checkpoints.jsonl",
            "audit_checkpoint_every": 10,
            "audit_checkpoint_seconds": 3600.0,
        }
    )
    app_state = build_state(custom)
    yield app_state, ids
    app_state.engine.dispose()


@pytest.fixture
def verify(
    upgraded: tuple[AppState, dict[str, int]],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> Callable[[], tuple[int, str]]:
    state = upgraded[0]
    monkeypatch.setenv("CASEDESK_DATABASE_URL", state.settings.database_url)
    monkeypatch.setenv("CASEDESK_DATA_DIR", str(state.settings.data_dir))
    monkeypatch.setenv("CASEDESK_AUDIT_KEY", KEY)
    monkeypatch.setenv("CASEDESK_AUDIT_CHECKPOINT_PATH", str(state.settings.audit_checkpoint_file))

    def run() -> tuple[int, str]:
        capsys.readouterr()
        code = main(["audit", "verify"])
        return code, capsys.readouterr().out

    return run


def _append(state: AppState, count: int) -> None:
    for index in range(count):
        with transaction(state.sessions) as session:
            audit.record(session, "case.updated", "case", index, actor_name="clerk")


def test_old_events_stay_plain_and_new_ones_are_keyed(
    upgraded: tuple[AppState, dict[str, int]], verify: Callable[[], tuple[int, str]]
) -> None:
    state = upgraded[0]
    code, out = verify()  # before any new event: the legacy chain alone, nothing to anchor
    assert code == 0, out
    _append(state, 3)
    with state.sessions() as session:
        schemes = [e.scheme for e in session.execute(select(AuditEvent).order_by(AuditEvent.seq))
                   .scalars()]  # fmt: skip
        head = session.get(AuditHead, 1)
        assert head is not None
        assert head.keyed_from == LEGACY + 1
    assert schemes == ["sha256"] * LEGACY + ["hmac"] * 3
    code, out = verify()
    assert code == 0, out
    assert "8 event(s)" in out
    assert f"events 1-{LEGACY} predate the audit key" in out


def _rehash_legacy_prefix(session: Session) -> None:
    events = list(session.execute(select(AuditEvent).order_by(AuditEvent.seq)).scalars())
    events[1].details = {"n": 99}
    prev = events[0].hash
    for event in events[1:LEGACY]:
        row = {k: getattr(event, k) for k in (*_FIELDS, "at")}
        event.prev_hash = prev
        event.hash = _legacy_hash(prev, row)
        prev = event.hash
    events[LEGACY].prev_hash = prev  # and re-link the first keyed event
    session.flush()


def test_rewritten_legacy_events_break_the_first_keyed_one(
    upgraded: tuple[AppState, dict[str, int]], verify: Callable[[], tuple[int, str]]
) -> None:
    state = upgraded[0]
    _append(state, 3)
    with transaction(state.sessions) as session:
        _rehash_legacy_prefix(session)
    code, out = verify()
    assert code == 1
    # An unkeyed event cannot tell it was edited; the keyed event that binds them can.
    assert f"BROKEN at event {LEGACY + 1}" in out


def test_keyed_events_cannot_pass_as_legacy(
    upgraded: tuple[AppState, dict[str, int]], verify: Callable[[], tuple[int, str]]
) -> None:
    state = upgraded[0]
    _append(state, 3)
    with transaction(state.sessions) as session:
        session.execute(update(AuditEvent).where(AuditEvent.seq == 8).values(scheme="sha256"))
        session.execute(update(AuditHead).values(keyed_from=9))
    code, out = verify()
    assert code == 1
    assert "BROKEN at event 8" in out
    assert "unkeyed hash" in out


def test_letters_get_the_versions_their_rows_show(
    upgraded: tuple[AppState, dict[str, int]],
) -> None:
    state, ids = upgraded
    with state.sessions() as session:
        versions = list(
            session.execute(
                select(LetterVersion).order_by(LetterVersion.letter_id, LetterVersion.number)
            ).scalars()
        )
    by_letter: dict[int, list[tuple[int, str, int | None, bool]]] = {}
    for v in versions:
        by_letter.setdefault(v.letter_id, []).append(
            (v.number, v.action, v.editor_id, v.docx_sha256 is not None)
        )
    assert by_letter[ids["own"]] == [(1, "drafted", ids["drafter"], True)]
    assert by_letter[ids["edited"]] == [
        (1, "drafted", ids["drafter"], False),
        (2, "edited", ids["editor"], True),
    ]
