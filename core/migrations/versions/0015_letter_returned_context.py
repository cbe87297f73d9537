"""letters: the context as last returned, to show the team lead what changed since

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-02 16:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

# 0015 is reserved for a branch being merged alongside; re-chain at merge if it lands first.
revision: str = "0015"
down_revision: str | None = "0014"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("letters", sa.Column("returned_context", sa.JSON(), nullable=True))


def downgrade() -> None:
    op.drop_column("letters", "returned_context")
