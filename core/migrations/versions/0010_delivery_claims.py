"""delivery timestamps of documents and job items

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-02 10:00:00

``delivered_at`` is when a worker last began a task for the row (or a sweep last re-enqueued
it). A row still unfinished whose delivery is older than the task time limit has lost its
worker: the periodic sweep claims it with a compare-and-set on this column and re-enqueues it.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import core.models

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

UTC = core.models.UTCDateTime(timezone=True)


def upgrade() -> None:
    # Plain ALTERs, no batch copy: on SQLite rebuilding ``documents`` with foreign keys on
    # would delete the rows that refer to it (see 0008).
    for table in ("documents", "job_items"):
        op.add_column(table, sa.Column("delivered_at", UTC, nullable=True))
        op.create_index(op.f(f"ix_{table}_delivered_at"), table, ["delivered_at"])


def downgrade() -> None:
    for table in ("job_items", "documents"):
        op.drop_index(op.f(f"ix_{table}_delivered_at"), table_name=table)
        op.drop_column(table, "delivered_at")  # SQLite 3.35+ drops a column in place
