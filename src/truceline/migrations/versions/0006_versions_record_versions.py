"""record versions: one append-only table of every record's versions; incidents and claims can be retracted

``record_versions`` holds every version of incidents, claims, sources, agreements, provisions and
commitments (content as JSON, its hash, who, when, why, source, and the ledger entry that wrote
it). Triggers refuse UPDATE and DELETE on it, as on the ledger. Incidents and claims gain a
``retracted`` flag.

Records written before this revision have no version: ``truceline ledger adopt`` writes one for
each (signed), after which ``truceline ledger verify`` checks their rows.

Revision ID: 0006_versions
Revises: 0005
Create Date: 2026-12-06 18:00:00.000000
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import truceline.db

revision: str = "0006_versions"
down_revision: str | Sequence[str] | None = "0006_reports"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLE = "record_versions"


def upgrade() -> None:
    op.create_table(
        TABLE,
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("record_id", sa.String(length=200), nullable=False),
        sa.Column("conflict_id", sa.String(length=120), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("change", sa.String(length=16), nullable=False),
        sa.Column("content", sa.JSON(), nullable=False),
        sa.Column("content_hash", sa.String(length=64), nullable=False),
        sa.Column("actor", sa.String(length=120), nullable=False),
        sa.Column("at", truceline.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("source_url", sa.String(length=2000), nullable=True),
        sa.Column("ledger_seq", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_record_versions")),
        sa.UniqueConstraint("kind", "record_id", "version", name="uq_record_versions_kind_record_version"),
    )
    op.create_index("ix_record_versions_record", TABLE, ["kind", "record_id"])
    op.create_index(op.f("ix_record_versions_conflict_id"), TABLE, ["conflict_id"])
    op.create_index(op.f("ix_record_versions_at"), TABLE, ["at"])
    op.create_index(op.f("ix_record_versions_ledger_seq"), TABLE, ["ledger_seq"])
    for table in ("incidents", "claims"):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column("retracted", sa.Boolean(), nullable=False, server_default=sa.false()))
    if op.get_bind().dialect.name == "postgresql":
        # the function truceline_append_only() comes from revision 0005
        op.execute(
            f"CREATE TRIGGER {TABLE}_append_only BEFORE UPDATE OR DELETE ON {TABLE} "
            "FOR EACH ROW EXECUTE FUNCTION truceline_append_only()"
        )
        op.execute(
            f"CREATE TRIGGER {TABLE}_no_truncate BEFORE TRUNCATE ON {TABLE} "
            "FOR EACH STATEMENT EXECUTE FUNCTION truceline_append_only()"
        )
    else:
        for operation in ("UPDATE", "DELETE"):
            op.execute(
                f"CREATE TRIGGER {TABLE}_no_{operation.lower()} BEFORE {operation} ON {TABLE} "
                f"BEGIN SELECT RAISE(ABORT, '{TABLE} is append-only: {operation} refused'); END"
            )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(f"DROP TRIGGER IF EXISTS {TABLE}_append_only ON {TABLE}")
        op.execute(f"DROP TRIGGER IF EXISTS {TABLE}_no_truncate ON {TABLE}")
    for table in ("claims", "incidents"):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_column("retracted")
    op.drop_table(TABLE)
