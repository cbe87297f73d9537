"""documents: the fingerprint of the case's people a document was last searched for

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-06 22:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0018"
down_revision: str | None = "0017"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("documents", sa.Column("case_people_hmac", sa.String(length=64), nullable=True))


def downgrade() -> None:
    op.drop_column("documents", "case_people_hmac")
