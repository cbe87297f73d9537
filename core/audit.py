"""Append-only, keyed hash chain written in the same transaction as the change it records,
anchored outside the database by signed checkpoints.

Each row's hash is an HMAC-SHA256, with a key the database does not hold (CASEDESK_AUDIT_KEY),
over its predecessor's hash and its own fields; the single ``audit_head`` row holds the last
sequence number and hash: locking that row serialises appends (PostgreSQL ``FOR UPDATE``;
SQLite transactions are already serial). Write access to the database alone therefore cannot
rehash an edited chain. It could still delete the newest rows and move the head back, so after
a commit that crossed a multiple of ``checkpoint_every`` events, or when this process wrote no
checkpoint for ``checkpoint_seconds``, the head (sequence, hash, time) is appended, HMAC-signed,
to an append-only file outside the database; ``verify`` checks the chain against every
checkpoint. Details carry ids, counts, codes and hashes only, never document text.

Events written before migration 0009 keep their plain SHA-256 hashes (scheme "sha256"): they
are a prefix of the chain, bound by the first keyed event's HMAC over its predecessor's hash,
and every checkpoint repeats ``keyed_from``, the first sequence number that must be keyed.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import logging
import os
import re
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import event as sa_event
from sqlalchemy import select
from sqlalchemy.orm import Session

from core.models import AuditEvent, AuditHead, User, utcnow
from core.settings import DEFAULT_AUDIT_KEY, Settings

log = logging.getLogger(__name__)

GENESIS_HASH = "0" * 64
SCHEME_HMAC = "hmac"
SCHEME_SHA256 = "sha256"  # events written before the chain was keyed (migration 0009)
# Where the sessionmaker carries this installation's audit configuration (Session.info).
SESSION_INFO_KEY = "casedesk_audit"
_PENDING_KEY = "casedesk_audit_pending"
# Detail values must look like identifiers, codes, statuses or hashes: a guard against
# document text or personal values slipping into the permanent record.
_SAFE_STRING = re.compile(r"^[A-Za-z0-9_.:\-/+()]{0,128}$")
# Per process and checkpoint file: when this process last wrote a checkpoint (monotonic).
_last_checkpoint: dict[Path, float] = {}


class UnsafeAuditDetail(ValueError):
    """A detail value that could carry document text or personal information."""


@dataclass(frozen=True, slots=True)
class AuditConfig:
    """The chain's key and where its checkpoints go (None: no checkpoints are written)."""

    key: bytes = field(repr=False)
    checkpoint_path: Path | None = None
    checkpoint_every: int = 100
    checkpoint_seconds: float = 60.0


DEFAULT_CONFIG = AuditConfig(key=DEFAULT_AUDIT_KEY.encode())


def config_from(settings: Settings) -> AuditConfig:
    return AuditConfig(
        key=settings.audit_key.encode(),
        checkpoint_path=settings.audit_checkpoint_file,
        checkpoint_every=settings.audit_checkpoint_every,
        checkpoint_seconds=settings.audit_checkpoint_seconds,
    )


def session_info(settings: Settings) -> dict[str, Any]:
    """What ``build_sessionmaker(info=...)`` needs so that ``record`` keys and anchors the chain."""
    return {SESSION_INFO_KEY: config_from(settings)}


def _config_of(session: Session) -> AuditConfig:
    config = session.info.get(SESSION_INFO_KEY)
    return config if isinstance(config, AuditConfig) else DEFAULT_CONFIG


@dataclass(frozen=True, slots=True)
class ChainProblem:
    seq: int
    event_id: int | None
    reason: str


@dataclass(frozen=True, slots=True)
class Checkpoint:
    """A signed record of the chain's head at one moment, kept outside the database."""

    seq: int
    hash: str
    keyed_from: int
    at: str

    def payload(self) -> bytes:
        return json.dumps(
            {"seq": self.seq, "hash": self.hash, "keyed_from": self.keyed_from, "at": self.at},
            sort_keys=True,
            separators=(",", ":"),
        ).encode()

    def signature(self, key: bytes) -> str:
        return hmac.new(key, b"casedesk-audit-checkpoint\n" + self.payload(), "sha256").hexdigest()


@dataclass(frozen=True, slots=True)
class VerifyReport:
    """What ``verify`` found: the first problem (or None) and how much it checked."""

    problem: ChainProblem | None
    events: int
    checkpoints: int
    last_good_checkpoint: Checkpoint | None = None
    notes: list[str] = field(default_factory=list)


def _check_details(details: dict[str, Any]) -> None:
    for key, value in details.items():
        if not _SAFE_STRING.match(key):
            raise UnsafeAuditDetail(f"audit detail key {key!r} is not an identifier")
        values = value if isinstance(value, list | tuple) else [value]
        for item in values:
            if item is None or isinstance(item, bool | int | float):
                continue
            if isinstance(item, str) and _SAFE_STRING.match(item):
                continue
            raise UnsafeAuditDetail(
                f"audit detail {key!r} must hold ids, counts, codes or hashes, "
                f"not {type(item).__name__} values"
            )


def _event_hash(prev_hash: str, event: AuditEvent, key: bytes) -> str:
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
    ).encode()
    if event.scheme == SCHEME_SHA256:
        return hashlib.sha256(payload).hexdigest()
    return hmac.new(key, b"casedesk-audit-event\n" + payload, "sha256").hexdigest()


def record(
    session: Session,
    action: str,
    object_type: str,
    object_id: int | str | None = None,
    *,
    actor: User | None = None,
    actor_name: str | None = None,
    **details: Any,
) -> AuditEvent:
    """Append one event to the chain inside the caller's transaction (flushes, never commits)."""
    _check_details(details)
    config = _config_of(session)
    head = session.execute(
        select(AuditHead).where(AuditHead.id == 1).with_for_update()
    ).scalar_one()
    event = AuditEvent(
        seq=head.seq + 1,
        at=utcnow(),
        actor_id=actor.id if actor else None,
        actor=actor.username if actor else (actor_name or "system"),
        action=action,
        object_type=object_type,
        object_id=None if object_id is None else str(object_id),
        details=dict(details),
        prev_hash=head.hash,
        hash="",
        scheme=SCHEME_HMAC,
    )
    event.hash = _event_hash(head.hash, event, config.key)
    session.add(event)
    head.seq = event.seq
    head.hash = event.hash
    session.flush()
    if config.checkpoint_path is not None:
        # Whether this transaction crossed a multiple of ``checkpoint_every``; the checkpoint
        # itself is written only once the transaction has committed.
        due = session.info.get(_PENDING_KEY) is True or event.seq % config.checkpoint_every == 0
        session.info[_PENDING_KEY] = due
    return event


@sa_event.listens_for(Session, "before_commit")
def _capture_head(session: Session) -> None:
    """Read the head this transaction commits (a savepoint may have undone some events)."""
    if _PENDING_KEY not in session.info:
        return
    due = session.info.pop(_PENDING_KEY)
    config = _config_of(session)
    path = config.checkpoint_path
    if path is None:
        return
    last = _last_checkpoint.get(path)
    stale = last is None or time.monotonic() - last >= config.checkpoint_seconds
    if not (due or stale):
        return
    head = session.get(AuditHead, 1)
    if head is not None and head.seq > 0:
        session.info[_PENDING_KEY + "_head"] = (head.seq, head.hash, head.keyed_from)


@sa_event.listens_for(Session, "after_commit")
def _write_pending_checkpoint(session: Session) -> None:
    captured = session.info.pop(_PENDING_KEY + "_head", None)
    if captured is None:
        return
    config = _config_of(session)
    seq, hash_, keyed_from = captured
    try:
        write_checkpoint(config, seq, hash_, keyed_from)
    except OSError as exc:
        # The change is committed; a missed checkpoint only widens the window until the next.
        log.warning("could not write the audit checkpoint of event %s: %s", seq, exc.strerror)


@sa_event.listens_for(Session, "after_rollback")
def _forget_pending(session: Session) -> None:
    session.info.pop(_PENDING_KEY, None)
    session.info.pop(_PENDING_KEY + "_head", None)


def write_checkpoint(config: AuditConfig, seq: int, hash_: str, keyed_from: int) -> Checkpoint:
    """Append one signed line to the checkpoint file (one write, O_APPEND, then fsync)."""
    if config.checkpoint_path is None:
        raise ValueError("no checkpoint path is configured")
    checkpoint = Checkpoint(
        seq=seq,
        hash=hash_,
        keyed_from=keyed_from,
        at=dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
    )
    line = json.dumps(
        {**json.loads(checkpoint.payload()), "sig": checkpoint.signature(config.key)},
        sort_keys=True,
        separators=(",", ":"),
    )
    path = config.checkpoint_path
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o640)
    try:
        os.write(fd, (line + "\n").encode())
        os.fsync(fd)
    finally:
        os.close(fd)
    _last_checkpoint[path] = time.monotonic()
    return checkpoint


def checkpoint_now(session: Session, config: AuditConfig) -> Checkpoint | None:
    """Checkpoint the committed head on demand (``casedesk audit checkpoint``); None if empty."""
    head = session.get(AuditHead, 1)
    if head is None or head.seq == 0:
        return None
    return write_checkpoint(config, head.seq, head.hash, head.keyed_from)


def checkpoint_if_behind(session: Session, config: AuditConfig) -> Checkpoint | None:
    """Checkpoint the committed head if it moved past the file's last checkpoint (the worker's
    sweep calls this every ``checkpoint_seconds``): without it, events written after the last
    multiple of ``checkpoint_every`` stay unanchored until the next write, however long that
    takes, and deleting them (head moved back) could not be seen."""
    if config.checkpoint_path is None:
        return None
    head = session.get(AuditHead, 1)
    if head is None or head.seq == 0:
        return None
    last = last_checkpoint_seq(config.checkpoint_path)
    if last is not None and last >= head.seq:
        return None
    return write_checkpoint(config, head.seq, head.hash, head.keyed_from)


def last_checkpoint_seq(path: Path) -> int | None:
    """The sequence number on the file's last line (only its tail is read), or None."""
    try:
        with path.open("rb") as handle:
            handle.seek(0, os.SEEK_END)
            size = handle.tell()
            handle.seek(max(size - 4096, 0))
            tail = handle.read().decode("utf-8", errors="replace")
    except FileNotFoundError:
        return None
    for line in reversed(tail.splitlines()):
        try:
            return int(json.loads(line)["seq"])
        except (ValueError, KeyError, TypeError):
            continue  # a partial first line of the tail, or a damaged one: verify reports it
    return None


class _BadCheckpoint(ValueError):
    def __init__(self, line_number: int, reason: str, seq: int = 0) -> None:
        super().__init__(reason)
        self.line_number = line_number
        self.reason = reason
        self.seq = seq


def read_checkpoints(config: AuditConfig) -> list[Checkpoint]:
    """Every checkpoint in the file, each signature checked (``_BadCheckpoint`` if one fails)."""
    path = config.checkpoint_path
    if path is None or not path.exists():
        return []
    result: list[Checkpoint] = []
    with path.open(encoding="utf-8") as lines:
        for number, line in enumerate(lines, start=1):
            if not line.strip():
                continue
            try:
                raw = json.loads(line)
                checkpoint = Checkpoint(
                    seq=int(raw["seq"]),
                    hash=str(raw["hash"]),
                    keyed_from=int(raw["keyed_from"]),
                    at=str(raw["at"]),
                )
                signature = str(raw["sig"])
            except (ValueError, KeyError, TypeError) as exc:
                raise _BadCheckpoint(number, "is not a checkpoint record") from exc
            if not hmac.compare_digest(signature, checkpoint.signature(config.key)):
                raise _BadCheckpoint(
                    number,
                    "is not signed with this installation's audit key "
                    "(the file was edited, or CASEDESK_AUDIT_KEY changed)",
                    checkpoint.seq,
                )
            result.append(checkpoint)
    return result


def _rows(session: Session) -> Iterator[AuditEvent]:
    query = select(AuditEvent).order_by(AuditEvent.seq, AuditEvent.id)
    yield from session.execute(query.execution_options(yield_per=1000)).scalars()


def verify(session: Session, config: AuditConfig = DEFAULT_CONFIG) -> VerifyReport:
    """Check every event's link and keyed hash, the head, and every signed checkpoint.

    Reports the first edited, deleted, reordered or rehashed event; for a chain whose newest
    events were deleted and whose head was moved back, the last checkpoint that still holds.
    """
    try:
        checkpoints = read_checkpoints(config)
    except _BadCheckpoint as exc:
        problem = ChainProblem(exc.seq, None, f"checkpoint line {exc.line_number} {exc.reason}")
        return VerifyReport(problem, 0, 0)
    keyed_from_values = {c.keyed_from for c in checkpoints}
    if len(keyed_from_values) > 1:
        problem = ChainProblem(
            min(keyed_from_values), None, "the checkpoints disagree on where keyed events begin"
        )
        return VerifyReport(problem, 0, len(checkpoints))
    head = session.get(AuditHead, 1)
    if head is None:
        return VerifyReport(ChainProblem(0, None, "the audit head row is missing"), 0, 0)
    keyed_from = keyed_from_values.pop() if keyed_from_values else head.keyed_from
    wanted = {c.seq for c in checkpoints}
    seen: dict[int, str] = {}

    def broken(seq: int, event_id: int | None, reason: str, count: int) -> VerifyReport:
        return VerifyReport(ChainProblem(seq, event_id, reason), count, len(checkpoints))

    prev_hash = GENESIS_HASH
    expected_seq = 1
    last_id: int | None = None
    keyed_seen = False
    for event in _rows(session):
        count = expected_seq - 1
        if event.seq != expected_seq:
            reason = f"event {expected_seq} is missing (next found: {event.seq})"
            return broken(expected_seq, None, reason, count)
        if event.prev_hash != prev_hash:
            reason = "previous-hash link broken (row deleted or reordered)"
            return broken(event.seq, event.id, reason, count)
        if event.scheme == SCHEME_SHA256 and (keyed_seen or event.seq >= keyed_from):
            reason = (
                "unkeyed hash where the chain is keyed (rewritten and rehashed without the key)"
            )
            return broken(event.seq, event.id, reason, count)
        if event.scheme not in (SCHEME_SHA256, SCHEME_HMAC):
            return broken(event.seq, event.id, f"unknown hash scheme {event.scheme!r}", count)
        if _event_hash(prev_hash, event, config.key) != event.hash:
            return broken(event.seq, event.id, "contents changed after it was written", count)
        keyed_seen = keyed_seen or event.scheme == SCHEME_HMAC
        if event.seq in wanted:
            seen[event.seq] = event.hash
        prev_hash = event.hash
        expected_seq += 1
        last_id = event.id
    last_seq = expected_seq - 1
    if head.seq != last_seq or head.hash != prev_hash:
        reason = f"chain ends at {last_seq} but the head says {head.seq}"
        return broken(expected_seq, last_id, reason, last_seq)
    if head.keyed_from != keyed_from:
        reason = (
            f"the head says keyed events begin at {head.keyed_from}, "
            f"the checkpoints at {keyed_from}"
        )
        return broken(min(head.keyed_from, keyed_from), None, reason, last_seq)

    good: Checkpoint | None = None
    for checkpoint in sorted(checkpoints, key=lambda c: (c.seq, c.at)):
        if checkpoint.seq > last_seq:
            where = (
                f"event {good.seq} (checkpoint of {good.at})"
                if good
                else "none (no checkpoint holds)"
            )
            reason = (
                f"chain ends at event {last_seq} but the checkpoint of {checkpoint.at} records "
                f"event {checkpoint.seq}: newest events deleted and the head moved back; "
                f"last good checkpoint: {where}"
            )
            report = broken(last_seq + 1, None, reason, last_seq)
            return VerifyReport(report.problem, report.events, report.checkpoints, good)
        if seen.get(checkpoint.seq) != checkpoint.hash:
            reason = f"differs from the checkpoint of {checkpoint.at} (rewritten at or before it)"
            return broken(checkpoint.seq, None, reason, last_seq)
        good = checkpoint
    notes = []
    if keyed_seen and not checkpoints and config.checkpoint_path is not None:
        reason = (
            f"no checkpoint in {config.checkpoint_path}: the chain's end cannot be checked "
            "(run `casedesk audit checkpoint`, and check CASEDESK_AUDIT_CHECKPOINT_PATH)"
        )
        return broken(last_seq, last_id, reason, last_seq)
    if last_seq and keyed_from > 1:
        notes.append(f"events 1-{keyed_from - 1} predate the audit key (plain SHA-256)")
    if good is not None and good.seq < last_seq:
        notes.append(f"events {good.seq + 1}-{last_seq} are newer than the last checkpoint")
    if good is not None:
        notes.append(
            f"nothing written after the last checkpoint ({good.at}) is anchored: events "
            "deleted from after it, with the head moved back, cannot be seen; checkpoints "
            f"every {config.checkpoint_every} events and, from the worker, every "
            f"{config.checkpoint_seconds:g} s bound that window"
        )
    return VerifyReport(None, last_seq, len(checkpoints), good, notes)


def verify_chain(session: Session, config: AuditConfig = DEFAULT_CONFIG) -> ChainProblem | None:
    """The first edited, deleted or reordered row, or None when the whole chain holds."""
    return verify(session, config).problem
