"""delivery owners, and delivery claims for package builds and letter PDFs

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-02 14:30:00

``delivery_id`` is the broker task id that holds a row: a second message for the same work
(Redis redelivering a killed task that the sweep already re-enqueued) finds the row held by a
newer, live delivery and does nothing. Jobs (their package build) and letters (their PDF) get
the delivery count and time that documents and job items already have, so the sweep covers
every kind of delivered work.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import core.models

revision: str = "0013"
down_revision: str | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

UTC = core.models.UTCDateTime(timezone=True)
COUNTED = ("jobs", "letters")


def upgrade() -> None:
    # Plain ALTERs, no batch copy (see 0010: a rebuild of a referenced table deletes rows).
    for table in COUNTED:
        op.add_column(
            table, sa.Column("deliveries", sa.Integer(), server_default="0", nullable=False)
        )
        op.add_column(table, sa.Column("delivered_at", UTC, nullable=True))
        op.create_index(op.f(f"ix_{table}_delivered_at"), table, ["delivered_at"])
    for table in ("documents", "job_items", *COUNTED):
        op.add_column(table, sa.Column("delivery_id", sa.String(length=64), nullable=True))


def downgrade() -> None:
    for table in (*COUNTED, "job_items", "documents"):
        op.drop_column(table, "delivery_id")
    for table in COUNTED:
        op.drop_index(op.f(f"ix_{table}_delivered_at"), table_name=table)
        op.drop_column(table, "delivered_at")
        op.drop_column(table, "deliveries")
