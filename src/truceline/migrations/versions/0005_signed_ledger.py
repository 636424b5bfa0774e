"""a signed, append-only ledger: content hash, signature and key per entry; ledger_keys; triggers

Entries written before this revision keep their hashes and stay unsigned (signature null);
``truceline ledger verify`` reports them as such. The triggers refuse UPDATE and DELETE on
ledger_entries and ledger_keys (and TRUNCATE on PostgreSQL).

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-06 10:00:00.000000
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import truceline.db

revision: str = "0005"
down_revision: str | Sequence[str] | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

PROTECTED = ("ledger_entries", "ledger_keys")


def upgrade() -> None:
    op.create_table(
        "ledger_keys",
        sa.Column("key_id", sa.String(length=64), nullable=False),
        sa.Column("public_key", sa.Text(), nullable=False),
        sa.Column("created_at", truceline.db.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("key_id", name=op.f("pk_ledger_keys")),
    )
    op.add_column("ledger_entries", sa.Column("content_hash", sa.String(length=64), nullable=True))
    op.add_column("ledger_entries", sa.Column("signature", sa.String(length=88), nullable=True))
    op.add_column("ledger_entries", sa.Column("key_id", sa.String(length=64), nullable=True))
    create_triggers()


def create_triggers() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            """
            CREATE FUNCTION truceline_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP
                    USING ERRCODE = 'insufficient_privilege';
            END
            $$
            """
        )
        for table in PROTECTED:
            op.execute(
                f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
                "FOR EACH ROW EXECUTE FUNCTION truceline_append_only()"
            )
            op.execute(
                f"CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table} "
                "FOR EACH STATEMENT EXECUTE FUNCTION truceline_append_only()"
            )
    else:
        for table in PROTECTED:
            for operation in ("UPDATE", "DELETE"):
                op.execute(
                    f"CREATE TRIGGER {table}_no_{operation.lower()} BEFORE {operation} ON {table} "
                    f"BEGIN SELECT RAISE(ABORT, '{table} is append-only: {operation} refused'); END"
                )


def drop_triggers() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for table in PROTECTED:
            op.execute(f"DROP TRIGGER IF EXISTS {table}_append_only ON {table}")
            op.execute(f"DROP TRIGGER IF EXISTS {table}_no_truncate ON {table}")
        op.execute("DROP FUNCTION IF EXISTS truceline_append_only()")
    else:
        for table in PROTECTED:
            for operation in ("update", "delete"):
                op.execute(f"DROP TRIGGER IF EXISTS {table}_no_{operation}")


def downgrade() -> None:
    drop_triggers()
    with op.batch_alter_table("ledger_entries", schema=None) as batch_op:
        batch_op.drop_column("key_id")
        batch_op.drop_column("signature")
        batch_op.drop_column("content_hash")
    op.drop_table("ledger_keys")
