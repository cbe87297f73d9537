"""Append-only, hash-chained audit log written in the same transaction as the change it records.

Each row's hash covers its predecessor's hash and its own fields, and the single ``audit_head``
row holds the last sequence number and hash: locking that row serialises appends (PostgreSQL
``FOR UPDATE``; SQLite transactions are already serial), and it lets ``verify_chain`` notice
a deleted last row. Details carry ids, counts, codes and hashes only, never document text.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from core.models import AuditEvent, AuditHead, User, utcnow

GENESIS_HASH = "0" * 64
# Detail values must look like identifiers, codes, statuses or hashes: a guard against
# document text or personal values slipping into the permanent record.
_SAFE_STRING = re.compile(r"^[A-Za-z0-9_.:\-/+()]{0,128}$")


class UnsafeAuditDetail(ValueError):
    """A detail value that could carry document text or personal information."""


@dataclass(frozen=True, slots=True)
class ChainProblem:
    seq: int
    event_id: int | None
    reason: str


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


def _event_hash(prev_hash: str, event: AuditEvent) -> str:
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
    )
    event.hash = _event_hash(head.hash, event)
    session.add(event)
    head.seq = event.seq
    head.hash = event.hash
    session.flush()
    return event


def verify_chain(session: Session) -> ChainProblem | None:
    """The first edited, deleted or reordered row, or None when the whole chain holds."""
    prev_hash = GENESIS_HASH
    expected_seq = 1
    last_id: int | None = None
    rows = session.execute(select(AuditEvent).order_by(AuditEvent.seq, AuditEvent.id)).scalars()
    for event in rows:
        if event.seq != expected_seq:
            return ChainProblem(
                expected_seq, None, f"event {expected_seq} is missing (next found: {event.seq})"
            )
        if event.prev_hash != prev_hash:
            return ChainProblem(
                event.seq, event.id, "previous-hash link broken (row deleted or reordered)"
            )
        if _event_hash(prev_hash, event) != event.hash:
            return ChainProblem(event.seq, event.id, "contents changed after it was written")
        prev_hash = event.hash
        expected_seq += 1
        last_id = event.id
    head = session.get(AuditHead, 1)
    if head is None:
        return ChainProblem(0, None, "the audit head row is missing")
    if head.seq != expected_seq - 1 or head.hash != prev_hash:
        return ChainProblem(
            expected_seq, last_id, f"chain ends at {expected_seq - 1} but the head says {head.seq}"
        )
    return None
