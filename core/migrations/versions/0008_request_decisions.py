"""review decisions and page dispositions per FOI request, person keys, page origins

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-26 10:00:00

Decisions move from the shared ``redactions`` rows to ``review_decisions`` keyed by (request,
box), and page dispositions from ``pages`` to ``page_dispositions``: each existing decision
and disposition is given to every request that includes its document. A box drawn by hand
now belongs to one request: one already drawn is kept by the first request that includes its
document and copied for each of the others (one no request includes is dropped).

On SQLite a batch operation copies the table and drops the old one, and with foreign keys
on, dropping a table deletes its rows first (cascading to the rows that refer to them). So
``redactions`` is rebuilt before anything refers to it, and ``findings`` (which ``redactions``
refers to) is only ever changed in place.
"""

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import core.models

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

UTC = core.models.UTCDateTime(timezone=True)

_old_redactions = sa.table(
    "redactions",
    sa.column("id", sa.Integer()),
    sa.column("document_id", sa.Integer()),
    sa.column("finding_id", sa.Integer()),
    sa.column("page", sa.Integer()),
    sa.column("rect", sa.JSON()),
    sa.column("entity_type", sa.String()),
    sa.column("exemption_code", sa.String()),
    sa.column("label", sa.String()),
    sa.column("status", sa.String()),
    sa.column("source", sa.String()),
    sa.column("reviewed_by_id", sa.Integer()),
    sa.column("reviewed_at", UTC),
)
_new_redactions = sa.table(
    "redactions",
    sa.column("id", sa.Integer()),
    sa.column("document_id", sa.Integer()),
    sa.column("finding_id", sa.Integer()),
    sa.column("page", sa.Integer()),
    sa.column("rect", sa.JSON()),
    sa.column("entity_type", sa.String()),
    sa.column("exemption_code", sa.String()),
    sa.column("label", sa.String()),
    sa.column("source", sa.String()),
    sa.column("request_id", sa.Integer()),
)
_request_documents = sa.table(
    "disclosure_documents",
    sa.column("request_id", sa.Integer()),
    sa.column("document_id", sa.Integer()),
)
_old_pages = sa.table(
    "pages",
    sa.column("document_id", sa.Integer()),
    sa.column("number", sa.Integer()),
    sa.column("disposition", sa.String()),
)
_decisions = sa.table(
    "review_decisions",
    sa.column("request_id", sa.Integer()),
    sa.column("redaction_id", sa.Integer()),
    sa.column("status", sa.String()),
    sa.column("exemption_code", sa.String()),
    sa.column("label", sa.String()),
    sa.column("reviewed_by_id", sa.Integer()),
    sa.column("reviewed_at", UTC),
)
_dispositions = sa.table(
    "page_dispositions",
    sa.column("request_id", sa.Integer()),
    sa.column("document_id", sa.Integer()),
    sa.column("page", sa.Integer()),
    sa.column("disposition", sa.String()),
    sa.column("set_by_id", sa.Integer()),
    sa.column("set_at", UTC),
)


def upgrade() -> None:
    bind = op.get_bind()
    now = dt.datetime.now(dt.UTC)
    # What the old columns hold, read before the tables are rebuilt without them.
    old = _old_redactions.c
    reviewed = bind.execute(
        sa.select(_old_redactions)
        .where(sa.or_(old.status != "proposed", old.reviewed_at.is_not(None), old.source != "auto"))
        .order_by(old.id)
    ).all()
    requests_of: dict[int, list[int]] = defaultdict(list)
    for request_id, document_id in bind.execute(
        sa.select(_request_documents.c.request_id, _request_documents.c.document_id).order_by(
            _request_documents.c.request_id
        )
    ):
        requests_of[document_id].append(request_id)
    disposed = bind.execute(
        sa.select(_old_pages.c.document_id, _old_pages.c.number, _old_pages.c.disposition).where(
            _old_pages.c.disposition.is_not(None)
        )
    ).all()

    with op.batch_alter_table("redactions", schema=None) as batch_op:
        batch_op.add_column(sa.Column("request_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_redactions_request_id_disclosure_requests"),
            "disclosure_requests",
            ["request_id"],
            ["id"],
            ondelete="CASCADE",
        )
        batch_op.create_index(batch_op.f("ix_redactions_request_id"), ["request_id"], unique=False)
        batch_op.drop_constraint("fk_redactions_reviewed_by_id_users", type_="foreignkey")
        batch_op.drop_column("reviewed_by_id")
        batch_op.drop_column("reviewed_at")
        batch_op.drop_column("status")
    with op.batch_alter_table("pages", schema=None) as batch_op:
        batch_op.add_column(sa.Column("origin_x", sa.Float(), server_default="0", nullable=False))
        batch_op.add_column(sa.Column("origin_y", sa.Float(), server_default="0", nullable=False))
        batch_op.drop_column("disposition")
    op.add_column("findings", sa.Column("person_key", sa.String(length=64), nullable=True))
    op.create_index(op.f("ix_findings_person_key"), "findings", ["person_key"], unique=False)

    op.create_table(
        "review_decisions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("request_id", sa.Integer(), nullable=False),
        sa.Column("redaction_id", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("exemption_code", sa.String(length=40), nullable=False),
        sa.Column("label", sa.String(length=80), nullable=True),
        sa.Column("reviewed_by_id", sa.Integer(), nullable=True),
        sa.Column("reviewed_at", UTC, nullable=False),
        sa.ForeignKeyConstraint(
            ["redaction_id"],
            ["redactions.id"],
            name=op.f("fk_review_decisions_redaction_id_redactions"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["request_id"],
            ["disclosure_requests.id"],
            name=op.f("fk_review_decisions_request_id_disclosure_requests"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["reviewed_by_id"], ["users.id"], name=op.f("fk_review_decisions_reviewed_by_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_review_decisions")),
        sa.UniqueConstraint(
            "request_id", "redaction_id", name=op.f("uq_review_decisions_request_id")
        ),
    )
    op.create_index(
        op.f("ix_review_decisions_redaction_id"), "review_decisions", ["redaction_id"], unique=False
    )
    op.create_table(
        "page_dispositions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("request_id", sa.Integer(), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("page", sa.Integer(), nullable=False),
        sa.Column("disposition", sa.String(length=30), nullable=False),
        sa.Column("set_by_id", sa.Integer(), nullable=True),
        sa.Column("set_at", UTC, nullable=False),
        sa.ForeignKeyConstraint(
            ["document_id"],
            ["documents.id"],
            name=op.f("fk_page_dispositions_document_id_documents"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["request_id"],
            ["disclosure_requests.id"],
            name=op.f("fk_page_dispositions_request_id_disclosure_requests"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["set_by_id"], ["users.id"], name=op.f("fk_page_dispositions_set_by_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_page_dispositions")),
        sa.UniqueConstraint(
            "request_id", "document_id", "page", name=op.f("uq_page_dispositions_request_id")
        ),
    )
    op.create_index(
        op.f("ix_page_dispositions_document_id"), "page_dispositions", ["document_id"], unique=False
    )

    _attribute_decisions(bind, reviewed, requests_of, now)
    rows = [
        {
            "request_id": request_id,
            "document_id": document_id,
            "page": number,
            "disposition": disposition,
            "set_by_id": None,
            "set_at": now,
        }
        for document_id, number, disposition in disposed
        for request_id in requests_of.get(document_id, [])
    ]
    if rows:
        op.bulk_insert(_dispositions, rows)


def _attribute_decisions(
    bind: sa.Connection,
    reviewed: Sequence[sa.Row[tuple[object, ...]]],
    requests_of: dict[int, list[int]],
    now: dt.datetime,
) -> None:
    """Each reviewed box's decision to every request of its document; hand-drawn boxes to
    the first such request, copied for the others."""
    new = _new_redactions.c
    decisions: list[dict[str, object]] = []
    for row in reviewed:
        requests = requests_of.get(row.document_id, [])
        targets: list[tuple[int, int]] = []
        if row.source != "auto":
            if not requests:
                bind.execute(sa.delete(_new_redactions).where(new.id == row.id))
                continue
            first, *others = requests
            bind.execute(
                sa.update(_new_redactions).where(new.id == row.id).values(request_id=first)
            )
            targets.append((first, row.id))
            for other in others:
                copy = bind.execute(
                    sa.insert(_new_redactions)
                    .values(
                        document_id=row.document_id,
                        finding_id=row.finding_id,
                        page=row.page,
                        rect=row.rect,
                        entity_type=row.entity_type,
                        exemption_code=row.exemption_code,
                        label=row.label,
                        source=row.source,
                        request_id=other,
                    )
                    .returning(new.id)
                ).scalar_one()
                targets.append((other, int(copy)))
        else:
            targets = [(request_id, row.id) for request_id in requests]
        decisions.extend(
            {
                "request_id": request_id,
                "redaction_id": redaction_id,
                "status": row.status,
                "exemption_code": row.exemption_code,
                "label": row.label,
                "reviewed_by_id": row.reviewed_by_id,
                "reviewed_at": row.reviewed_at or now,
            }
            for request_id, redaction_id in targets
        )
    if decisions:
        op.bulk_insert(_decisions, decisions)


def downgrade() -> None:
    """Back to one decision per box and one disposition per page: the latest of any request."""
    bind = op.get_bind()
    decided = bind.execute(
        sa.select(_decisions).order_by(_decisions.c.reviewed_at, _decisions.c.redaction_id)
    ).all()
    disposed = bind.execute(
        sa.select(_dispositions).order_by(_dispositions.c.set_at, _dispositions.c.page)
    ).all()
    op.drop_index(op.f("ix_page_dispositions_document_id"), table_name="page_dispositions")
    op.drop_table("page_dispositions")
    op.drop_index(op.f("ix_review_decisions_redaction_id"), table_name="review_decisions")
    op.drop_table("review_decisions")
    op.drop_index(op.f("ix_findings_person_key"), table_name="findings")
    op.drop_column("findings", "person_key")
    with op.batch_alter_table("pages", schema=None) as batch_op:
        batch_op.add_column(sa.Column("disposition", sa.String(length=30), nullable=True))
        batch_op.drop_column("origin_y")
        batch_op.drop_column("origin_x")
    with op.batch_alter_table("redactions", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("status", sa.String(length=12), server_default="proposed", nullable=False)
        )
        batch_op.add_column(sa.Column("reviewed_by_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("reviewed_at", UTC, nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_redactions_reviewed_by_id_users"), "users", ["reviewed_by_id"], ["id"]
        )
        batch_op.drop_index(batch_op.f("ix_redactions_request_id"))
        batch_op.drop_constraint(
            batch_op.f("fk_redactions_request_id_disclosure_requests"), type_="foreignkey"
        )
        batch_op.drop_column("request_id")
    old = _old_redactions.c
    for row in decided:  # in time order: the latest decision about a box wins
        bind.execute(
            sa.update(_old_redactions)
            .where(old.id == row.redaction_id)
            .values(
                status=row.status,
                exemption_code=row.exemption_code,
                reviewed_by_id=row.reviewed_by_id,
                reviewed_at=row.reviewed_at,
            )
        )
    pages = sa.table(
        "pages",
        sa.column("document_id", sa.Integer()),
        sa.column("number", sa.Integer()),
        sa.column("disposition", sa.String()),
    )
    for row in disposed:
        bind.execute(
            sa.update(pages)
            .where(pages.c.document_id == row.document_id, pages.c.number == row.page)
            .values(disposition=row.disposition)
        )
