"""keyed audit chain (scheme per event, keyed_from on the head) and letter versions

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-03 10:00:00

The audit chain becomes an HMAC chain keyed with CASEDESK_AUDIT_KEY. Events already written
keep their plain SHA-256 hashes and are marked ``scheme = 'sha256'``; nothing is rehashed (a
rehash would also bless any earlier tampering). The head records ``keyed_from``, the first
sequence number that must be keyed; the first keyed event's HMAC covers the last plain hash,
so the old prefix stays bound, and every signed checkpoint repeats ``keyed_from``.

``letter_versions`` records every saved version of a letter and its editor. Existing letters
get the versions their row still shows: the draft by ``drafted_by_id`` and, when someone
else edited it last, an edit by ``edited_by_id``; the newest carries the current hashes.
"""

import hashlib
import json
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import core.models

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

UTC = core.models.UTCDateTime(timezone=True)

_letters = sa.table(
    "letters",
    sa.column("id", sa.Integer()),
    sa.column("context", sa.JSON()),
    sa.column("docx_sha256", sa.String()),
    sa.column("drafted_by_id", sa.Integer()),
    sa.column("edited_by_id", sa.Integer()),
    sa.column("created_at", UTC),
)
_versions = sa.table(
    "letter_versions",
    sa.column("letter_id", sa.Integer()),
    sa.column("number", sa.Integer()),
    sa.column("action", sa.String()),
    sa.column("editor_id", sa.Integer()),
    sa.column("at", UTC),
    sa.column("context_sha256", sa.String()),
    sa.column("docx_sha256", sa.String()),
)


def _context_sha256(context: object) -> str:
    canonical = json.dumps(context, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode()).hexdigest()


def upgrade() -> None:
    op.add_column(
        "audit_events",
        sa.Column("scheme", sa.String(length=10), server_default="sha256", nullable=False),
    )
    op.add_column(
        "audit_head",
        sa.Column("keyed_from", sa.BigInteger(), server_default="1", nullable=False),
    )
    op.execute("UPDATE audit_head SET keyed_from = seq + 1")

    op.create_table(
        "letter_versions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("letter_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("action", sa.String(length=20), nullable=False),
        sa.Column("editor_id", sa.Integer(), nullable=True),
        sa.Column("at", UTC, nullable=False),
        sa.Column("context_sha256", sa.String(length=64), nullable=True),
        sa.Column("docx_sha256", sa.String(length=64), nullable=True),
        sa.ForeignKeyConstraint(
            ["editor_id"], ["users.id"], name=op.f("fk_letter_versions_editor_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["letter_id"],
            ["letters.id"],
            name=op.f("fk_letter_versions_letter_id_letters"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_letter_versions")),
        sa.UniqueConstraint("letter_id", "number", name=op.f("uq_letter_versions_letter_id")),
    )
    connection = op.get_bind()
    rows = []
    for letter in connection.execute(sa.select(_letters)).mappings():
        edited_by_other = letter["edited_by_id"] not in (None, letter["drafted_by_id"])
        current = {
            "context_sha256": _context_sha256(letter["context"]),
            "docx_sha256": letter["docx_sha256"],
        }
        unknown = {"context_sha256": None, "docx_sha256": None}
        rows.append(
            {
                "letter_id": letter["id"],
                "number": 1,
                "action": "drafted",
                "editor_id": letter["drafted_by_id"],
                "at": letter["created_at"],
                **(unknown if edited_by_other else current),
            }
        )
        if edited_by_other:
            rows.append(
                {
                    "letter_id": letter["id"],
                    "number": 2,
                    "action": "edited",
                    "editor_id": letter["edited_by_id"],
                    "at": letter["created_at"],
                    **current,
                }
            )
    if rows:
        op.bulk_insert(_versions, rows)


def downgrade() -> None:
    op.drop_table("letter_versions")
    with op.batch_alter_table("audit_head", schema=None) as batch_op:
        batch_op.drop_column("keyed_from")
    with op.batch_alter_table("audit_events", schema=None) as batch_op:
        batch_op.drop_column("scheme")
