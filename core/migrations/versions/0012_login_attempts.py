"""login attempts: failed sign-ins per account and per client address, with a lock-out

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-02 12:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import core.models

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

UTC = core.models.UTCDateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "login_attempts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=80), nullable=False),
        sa.Column("failures", sa.Integer(), nullable=False),
        sa.Column("first_failed_at", UTC, nullable=False),
        sa.Column("locked_until", UTC, nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_login_attempts")),
        sa.UniqueConstraint("key", name=op.f("uq_login_attempts_key")),
    )
    op.create_index(
        op.f("ix_login_attempts_locked_until"), "login_attempts", ["locked_until"], unique=False
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_login_attempts_locked_until"), table_name="login_attempts")
    op.drop_table("login_attempts")
