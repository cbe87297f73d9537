"""job items: the boxes the second removal pass added, for the package's redaction log

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-02 15:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0014"
down_revision: str | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("job_items", sa.Column("second_pass", sa.Text(), nullable=True))


def downgrade() -> None:
    op.drop_column("job_items", "second_pass")  # SQLite 3.35+ drops a column in place
