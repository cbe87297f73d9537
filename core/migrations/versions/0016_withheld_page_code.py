"""page dispositions: the exemption a page withheld in full is withheld under; requests:
the case they are about and their scope

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-03 11:10:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0016"
down_revision: str | None = "0015"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column(
        "page_dispositions", sa.Column("exemption_code", sa.String(length=40), nullable=True)
    )
    # Plain columns, no table rebuild: on SQLite a batch rebuild of disclosure_requests would
    # drop the table, and its ON DELETE CASCADE children (documents, decisions) with it.
    op.add_column("disclosure_requests", sa.Column("case_id", sa.Integer(), nullable=True))
    op.add_column(
        "disclosure_requests", sa.Column("scope", sa.Text(), nullable=False, server_default="")
    )


def downgrade() -> None:
    op.drop_column("disclosure_requests", "scope")
    op.drop_column("disclosure_requests", "case_id")
    op.drop_column("page_dispositions", "exemption_code")
