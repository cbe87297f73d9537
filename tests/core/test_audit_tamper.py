"""The keyed audit chain against someone with write access to the database (not to the key or
the checkpoint file): every kind of tampering is reported by the real ``casedesk audit verify``.

Runs on SQLite and, when configured, PostgreSQL (the ``settings`` fixture's database).
"""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from api.state import AppState, build_state
from casedesk.cli import main
from core import audit
from core.db import transaction
from core.models import AuditEvent, AuditHead
from core.settings import DEFAULT_AUDIT_KEY, Settings

KEY = "k" * 16 + "-a-test-audit-key-of-this-install"
EVERY = 10


@pytest.fixture
def keyed(settings: Settings, tmp_path: Path) -> Iterator[AppState]:
    """An installation with its own audit key, checkpointing every 10 events (no timer)."""
    custom = settings.model_copy(
        update={
            "audit_key": KEY,
            "audit_checkpoint_path": tmp_path / "anchor" / "audit.jsonl",
            "audit_checkpoint_every": EVERY,
            "audit_checkpoint_seconds": 3600.0,
        }
    )
    app_state = build_state(custom)
    yield app_state
    app_state.engine.dispose()


@pytest.fixture
def cli(
    keyed: AppState, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> Callable[..., tuple[int, str]]:
    """Run ``casedesk audit ...`` through ``casedesk.cli.main`` with this installation's env."""
    config = keyed.settings
    monkeypatch.setenv("CASEDESK_DATABASE_URL", config.database_url)
    monkeypatch.setenv("CASEDESK_DATA_DIR", str(config.data_dir))
    monkeypatch.setenv("CASEDESK_AUDIT_KEY", KEY)
    monkeypatch.setenv("CASEDESK_AUDIT_CHECKPOINT_PATH", str(config.audit_checkpoint_file))

    def run(*args: str) -> tuple[int, str]:
        capsys.readouterr()
        code = main(["audit", *args])
        return code, capsys.readouterr().out

    return run


def _append(state: AppState, count: int, *, per_transaction: int = 1) -> None:
    for start in range(0, count, per_transaction):
        with transaction(state.sessions) as session:
            for index in range(start, min(count, start + per_transaction)):
                audit.record(
                    session, "case.created", "case", index + 1, actor_name="clerk", n=index
                )


def _checkpoints(state: AppState) -> list[dict[str, object]]:
    path = state.settings.audit_checkpoint_file
    return [json.loads(line) for line in path.read_text().splitlines()]


def _plain_hash(prev_hash: str, event: AuditEvent) -> str:
    """What the attacker can compute: the chain's payload under plain SHA-256."""
    payload = json.dumps(
        {
            "prev": prev_hash,
            "seq": event.seq,
            "at": event.at.isoformat(),
            "actor_id": event.actor_id,
            "actor": event.actor,
            "action": event.action,
            "object_type": event.object_type,
            "object_id": event.object_id,
            "details": event.details,
        },
        sort_keys=True,
        separators=(",", ":"),
    )
    return hashlib.sha256(payload.encode()).hexdigest()


def _rehash_from(
    session: Session, first: int, hasher: Callable[[str, AuditEvent], str], scheme: str | None
) -> None:
    """Recompute every hash from ``first`` to the end and move the head along, as an attacker
    with database access would after editing an event."""
    events = list(session.execute(select(AuditEvent).order_by(AuditEvent.seq)).scalars())
    prev = events[first - 2].hash if first > 1 else audit.GENESIS_HASH
    for event in events[first - 1 :]:
        if scheme is not None:
            event.scheme = scheme
        event.prev_hash = prev
        event.hash = hasher(prev, event)
        prev = event.hash
    head = session.get(AuditHead, 1)
    assert head is not None
    head.hash = prev
    session.flush()


def _rewrite(state: AppState, scheme: str | None, hasher: Callable[[str, AuditEvent], str]) -> None:
    with transaction(state.sessions) as session:
        session.execute(
            update(AuditEvent)
            .where(AuditEvent.seq == 7)
            .values(actor="someone_else", actor_id=None, details={"n": 999})
        )
        session.expire_all()
        _rehash_from(session, 7, hasher, scheme)


def _guessed_key_hash(prev_hash: str, event: AuditEvent) -> str:
    """The attacker guesses the development key (production refuses it)."""
    return audit._event_hash(prev_hash, event, DEFAULT_AUDIT_KEY.encode())


def test_intact_chain_verifies_with_checkpoints(
    keyed: AppState, cli: Callable[..., tuple[int, str]]
) -> None:
    _append(keyed, 25)
    with keyed.sessions() as session:
        events = list(session.execute(select(AuditEvent).order_by(AuditEvent.seq)).scalars())
    assert {e.scheme for e in events} == {"hmac"}
    # The hash is keyed: plain SHA-256 of the same payload is not it.
    assert events[0].hash != _plain_hash(audit.GENESIS_HASH, events[0])
    # The first write of a process anchors at once; then every tenth event.
    assert [c["seq"] for c in _checkpoints(keyed)] == [1, 10, 20]
    assert all(c["keyed_from"] == 1 for c in _checkpoints(keyed))
    code, out = cli("verify")
    assert code == 0, out
    assert "audit chain intact: 25 event(s), 3 checkpoint(s); last checkpoint: event 20" in out
    assert "events 21-25 are newer than the last checkpoint" in out

    code, out = cli("checkpoint")
    assert code == 0
    assert "checkpoint of event 25" in out
    assert _checkpoints(keyed)[-1]["seq"] == 25
    assert "last checkpoint: event 25" in cli("verify")[1]


def test_checkpoint_after_commit_only_and_crossing_multiples(keyed: AppState) -> None:
    _append(keyed, 1)
    with pytest.raises(RuntimeError), transaction(keyed.sessions) as session:
        for index in range(12):
            audit.record(session, "case.created", "case", index, actor_name="clerk")
        raise RuntimeError("the change failed")
    assert [c["seq"] for c in _checkpoints(keyed)] == [1]  # nothing for a rolled-back change
    _append(keyed, 14, per_transaction=7)  # events 2-8, then 9-15 (crosses 10)
    assert [c["seq"] for c in _checkpoints(keyed)] == [1, 15]


def _edit_details(state: AppState) -> None:
    with transaction(state.sessions) as session:
        session.execute(update(AuditEvent).where(AuditEvent.seq == 7).values(details={"n": 9}))


def _edit_actor(state: AppState) -> None:
    with transaction(state.sessions) as session:
        session.execute(update(AuditEvent).where(AuditEvent.seq == 7).values(actor="nobody"))


def _delete_middle(state: AppState) -> None:
    with transaction(state.sessions) as session:
        session.execute(delete(AuditEvent).where(AuditEvent.seq == 7))


def _reorder(state: AppState) -> None:
    with transaction(state.sessions) as session:
        session.execute(update(AuditEvent).where(AuditEvent.seq == 7).values(seq=-7))
        session.execute(update(AuditEvent).where(AuditEvent.seq == 8).values(seq=7))
        session.execute(update(AuditEvent).where(AuditEvent.seq == -7).values(seq=8))


def _rehash_plain_as_hmac(state: AppState) -> None:
    _rewrite(state, None, _plain_hash)


def _rehash_plain_as_legacy(state: AppState) -> None:
    _rewrite(state, "sha256", _plain_hash)


def _rehash_with_guessed_key(state: AppState) -> None:
    _rewrite(state, None, _guessed_key_hash)


def _rehash_everything_as_legacy(state: AppState) -> None:
    """The whole chain rewritten as if it predated the key, the head's keyed_from moved too."""
    with transaction(state.sessions) as session:
        session.execute(
            update(AuditEvent).where(AuditEvent.seq == 7).values(actor="x", details={"n": 1})
        )
        session.expire_all()
        _rehash_from(session, 1, _plain_hash, "sha256")
        head = session.get(AuditHead, 1)
        assert head is not None
        head.keyed_from = head.seq + 1


@pytest.mark.parametrize(
    ("tamper", "first_bad", "says"),
    [
        pytest.param(_edit_details, 7, "contents changed", id="edited-details"),
        pytest.param(_edit_actor, 7, "contents changed", id="edited-actor"),
        pytest.param(_delete_middle, 7, "event 7 is missing", id="deleted-row"),
        pytest.param(_reorder, 7, "link broken", id="reordered-rows"),
        pytest.param(_rehash_plain_as_hmac, 7, "contents changed", id="rehashed-sha256"),
        pytest.param(_rehash_plain_as_legacy, 7, "unkeyed hash", id="rehashed-as-legacy"),
        pytest.param(_rehash_with_guessed_key, 7, "contents changed", id="rehashed-default-key"),
        pytest.param(_rehash_everything_as_legacy, 1, "keyed", id="whole-chain-as-legacy"),
    ],
)
def test_verify_names_the_first_bad_event(
    keyed: AppState,
    cli: Callable[..., tuple[int, str]],
    tamper: Callable[[AppState], None],
    first_bad: int,
    says: str,
) -> None:
    _append(keyed, 30)
    assert cli("verify")[0] == 0
    tamper(keyed)
    code, out = cli("verify")
    assert code == 1
    assert f"audit chain BROKEN at event {first_bad}" in out, out
    assert says in out


def test_truncation_names_the_last_good_checkpoint(
    keyed: AppState, cli: Callable[..., tuple[int, str]]
) -> None:
    _append(keyed, 120)
    with transaction(keyed.sessions) as session:
        session.execute(delete(AuditEvent).where(AuditEvent.seq > 70))
        last = session.execute(select(AuditEvent).where(AuditEvent.seq == 70)).scalar_one()
        session.execute(update(AuditHead).values(seq=70, hash=last.hash))
    with keyed.sessions() as session:
        # The database alone looks consistent: only the checkpoints show what is gone.
        assert audit.verify_chain(session, audit.AuditConfig(key=KEY.encode())) is None
    code, out = cli("verify")
    assert code == 1
    assert "BROKEN at event 71" in out
    assert "chain ends at event 70" in out
    assert "records event 80" in out
    assert "last good checkpoint: event 70" in out


def test_truncating_before_every_checkpoint_says_none_holds(
    keyed: AppState, cli: Callable[..., tuple[int, str]]
) -> None:
    _append(keyed, 12)
    with transaction(keyed.sessions) as session:
        session.execute(delete(AuditEvent))
        session.execute(update(AuditHead).values(seq=0, hash=audit.GENESIS_HASH))
    code, out = cli("verify")
    assert code == 1
    assert "chain ends at event 0" in out
    assert "last good checkpoint: none" in out


def test_edited_checkpoint_file_is_reported(
    keyed: AppState, cli: Callable[..., tuple[int, str]]
) -> None:
    _append(keyed, 12)
    path = keyed.settings.audit_checkpoint_file
    lines = path.read_text().splitlines()
    moved = json.loads(lines[-1])
    moved["seq"] = 5
    path.write_text("\n".join([*lines[:-1], json.dumps(moved)]) + "\n")
    code, out = cli("verify")
    assert code == 1
    assert "checkpoint line 2 is not signed with this installation's audit key" in out


def test_missing_checkpoint_file_is_reported(
    keyed: AppState, cli: Callable[..., tuple[int, str]]
) -> None:
    _append(keyed, 3)
    keyed.settings.audit_checkpoint_file.unlink()
    code, out = cli("verify")
    assert code == 1
    assert "no checkpoint in" in out


def test_a_different_key_fails_verification(
    keyed: AppState, cli: Callable[..., tuple[int, str]], monkeypatch: pytest.MonkeyPatch
) -> None:
    _append(keyed, 3)
    monkeypatch.setenv("CASEDESK_AUDIT_KEY", "another-key-" + "z" * 30)
    code, out = cli("verify")
    assert code == 1
    assert "not signed with this installation's audit key" in out


def _truncate_to(state: AppState, seq: int) -> None:
    """Delete every event after ``seq`` and move the head back, as database access allows."""
    with transaction(state.sessions) as session:
        session.execute(delete(AuditEvent).where(AuditEvent.seq > seq))
        last = session.execute(select(AuditEvent).where(AuditEvent.seq == seq)).scalar_one()
        session.execute(update(AuditHead).values(seq=seq, hash=last.hash))


def test_a_truncated_tail_after_the_last_checkpoint_is_named_as_unanchored(
    keyed: AppState, cli: Callable[..., tuple[int, str]]
) -> None:
    """Events written after the last checkpoint and deleted with the head moved back leave a
    consistent chain: verify cannot see it, and says how wide that window is."""
    _append(keyed, 25)  # checkpoints at 1, 10, 20
    _truncate_to(keyed, 20)
    code, out = cli("verify")
    assert code == 0, out
    assert "last checkpoint: event 20" in out
    assert "nothing written after the last checkpoint" in out
    assert "from the worker, every" in out


def test_the_sweepers_periodic_checkpoint_anchors_a_quiet_tail(
    keyed: AppState, cli: Callable[..., tuple[int, str]]
) -> None:
    """Events 21-25 come after the last multiple of ten and nothing is written after them:
    the worker's sweep thread checkpoints the head within ``audit_checkpoint_seconds``, so
    their later deletion is caught."""
    from core.queue import build_celery
    from worker.recovery import Sweeper

    _append(keyed, 25)
    assert [c["seq"] for c in _checkpoints(keyed)] == [1, 10, 20]
    settings = keyed.settings.model_copy(
        update={"audit_checkpoint_seconds": 1.0, "sweep_interval": 3600.0}
    )
    sweeper = Sweeper(settings, build_celery(settings))
    sweeper.start()
    try:
        deadline = time.monotonic() + 60  # a bounded wait, not a timing assertion
        while _checkpoints(keyed)[-1]["seq"] != 25 and time.monotonic() < deadline:
            time.sleep(0.1)
        assert _checkpoints(keyed)[-1]["seq"] == 25
        time.sleep(1.5)  # another round: the head has not moved, so nothing is appended
        assert [c["seq"] for c in _checkpoints(keyed)] == [1, 10, 20, 25]
    finally:
        sweeper.stop()
    _truncate_to(keyed, 20)
    code, out = cli("verify")
    assert code == 1
    assert "records event 25" in out
    assert "last good checkpoint: event 20" in out


def test_checkpoint_if_behind_writes_only_when_the_head_moved(keyed: AppState) -> None:
    config = audit.config_from(keyed.settings)
    _append(keyed, 12)  # checkpoints at 1 and 10
    with keyed.sessions() as session:
        written = audit.checkpoint_if_behind(session, config)
        assert written is not None and written.seq == 12
        assert audit.checkpoint_if_behind(session, config) is None
    assert [c["seq"] for c in _checkpoints(keyed)] == [1, 10, 12]
