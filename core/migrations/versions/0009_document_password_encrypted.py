"""document password sealed with the installation key

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-27 10:00:00

``documents.pdf_password`` (clear text) becomes ``pdf_password_sealed`` (AES-GCM, see
core.sealing). The migration has no key, so a password still waiting in clear is not carried
over: it is erased, and such a document asks for its password again ("encrypted PDF: a
password is needed"). On SQLite the column is dropped in place (``ALTER TABLE ... DROP
COLUMN``, SQLite 3.35+): a batch copy of ``documents`` would drop the old table, and with
foreign keys on that deletes the rows that refer to it.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _swap(drop: str, add: sa.Column) -> None:  # type: ignore[type-arg]
    documents = sa.table("documents", sa.column(drop))
    op.execute(documents.update().where(documents.c[drop].is_not(None)).values({drop: None}))
    if op.get_bind().dialect.name == "sqlite":
        op.execute(sa.text(f"ALTER TABLE documents ADD COLUMN {add.name} {add.type}"))
        op.execute(sa.text(f"ALTER TABLE documents DROP COLUMN {drop}"))
        return
    op.add_column("documents", add)
    op.drop_column("documents", drop)


def upgrade() -> None:
    _swap("pdf_password", sa.Column("pdf_password_sealed", sa.Text(), nullable=True))


def downgrade() -> None:
    _swap("pdf_password_sealed", sa.Column("pdf_password", sa.String(length=256), nullable=True))
