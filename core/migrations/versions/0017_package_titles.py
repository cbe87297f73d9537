"""request documents: the title an officer gives a document in the package's index and log

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-04 02:40:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0017"
down_revision: str | None = "0016"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column(
        "disclosure_documents", sa.Column("package_title", sa.String(length=200), nullable=True)
    )


def downgrade() -> None:
    op.drop_column("disclosure_documents", "package_title")
