"""Which delivery of a task may work on its row: one live delivery per row at a time.

Every kind of delivered work (a document, a disclosure job item, a package build, a letter
PDF) has ``deliveries``, ``delivered_at`` and ``delivery_id`` on its row. A task beginning
work takes the row in a committed transaction: it records its broker task id there and
stamps the time. Another message for the same work can exist, because the sweep re-enqueues
a delivery whose worker died while Redis may redeliver the same killed task after its
visibility timeout; that second message finds the row held by a different, live delivery
(younger than the task time limit, which would have ended any task older) and does nothing,
so the work runs once and the delivery count grows once. A Celery retry keeps its task id
and so keeps its row.

The sweep and start-up recovery free a row whose holder died (``delivery_id`` cleared,
``delivered_at`` moved to now) and send one message: whichever message for it arrives first,
that one or one still queued (or Redis's redelivery), takes it; a message that waited in the
queue past another sweep still finds the row free. Their task ids (``claim_id``) name the
sweep round, kind and row, for the worker log.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Protocol

from core.models import utcnow


class Claimable(Protocol):
    """A row of delivered work."""

    deliveries: int
    delivered_at: dt.datetime | None
    delivery_id: str | None


def held_by_other(
    row: Claimable, delivery: str | None, time_limit: float, now: dt.datetime | None = None
) -> bool:
    """Whether another delivery holds the row and may still be running.

    ``delivery`` None is a direct call (the CLI, a test): it always proceeds, as before.
    """
    if delivery is None or row.delivery_id is None or row.delivery_id == delivery:
        return False
    if row.delivered_at is None:
        return False
    now = now or utcnow()
    return row.delivered_at >= now - dt.timedelta(seconds=time_limit)


def take(row: Claimable, delivery: str | None) -> None:
    """Count this delivery on the row and mark it as the one working (caller commits)."""
    row.deliveries += 1
    row.delivered_at = utcnow()
    row.delivery_id = delivery


def release(row: Claimable) -> None:
    """New work on the row (a changed letter, a password for a document): no holder yet."""
    row.deliveries = 0
    row.delivered_at = None
    row.delivery_id = None


def new_round() -> str:
    """A prefix for the ids of the messages one sweep round sends."""
    return uuid.uuid4().hex


def claim_id(round_id: str, kind: str, row_id: int) -> str:
    """The task id of the message a sweep round sends for one row (fits in 64 characters)."""
    return f"{round_id}:{kind}:{row_id}"
