"""per-case redaction lists and the requester's identity on FOI requests

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-25 10:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("cases", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("redaction_lists", sa.JSON(), server_default=sa.text("'{}'"), nullable=False)
        )
        batch_op.add_column(
            sa.Column("lists_pending", sa.Boolean(), server_default=sa.false(), nullable=False)
        )
    with op.batch_alter_table("disclosure_requests", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("requester", sa.JSON(), server_default=sa.text("'{}'"), nullable=False)
        )


def downgrade() -> None:
    with op.batch_alter_table("disclosure_requests", schema=None) as batch_op:
        batch_op.drop_column("requester")
    with op.batch_alter_table("cases", schema=None) as batch_op:
        batch_op.drop_column("lists_pending")
        batch_op.drop_column("redaction_lists")
