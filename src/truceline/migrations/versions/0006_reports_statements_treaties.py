"""statements, treaties, and who may see meetings, letters and statements

Revision ID: 0006_reports
Revises: 0005
Create Date: 2026-12-06 18:00:00.000000
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006_reports"
down_revision: str | Sequence[str] | None = "0006_accounts"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

#: the tables whose records a party may submit: unpublished until a coordinator publishes them
VISIBLE = ("meetings", "letters")


def upgrade() -> None:
    for table in VISIBLE:
        # every stored meeting and letter was public (casebook, review queue): published
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column("published", sa.Boolean(), nullable=False, server_default=sa.true()))
            batch_op.add_column(sa.Column("submitted_for_party", sa.String(length=16), nullable=True))
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.alter_column("published", server_default=None)
    op.create_table(
        "statements",
        sa.Column("id", sa.String(length=120), nullable=False),
        sa.Column("conflict_id", sa.String(length=120), nullable=False),
        sa.Column("speaker", sa.String(length=16), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("date", sa.Date(), nullable=False),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("incident_ids", sa.JSON(), nullable=False),
        sa.Column("agreement_ids", sa.JSON(), nullable=False),
        sa.Column("published", sa.Boolean(), nullable=False),
        sa.Column("submitted_for_party", sa.String(length=16), nullable=True),
        sa.ForeignKeyConstraint(["conflict_id"], ["conflicts.id"], name=op.f("fk_statements_conflict_id_conflicts")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_statements")),
    )
    with op.batch_alter_table("statements", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_statements_conflict_id"), ["conflict_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_statements_date"), ["date"], unique=False)
    op.create_table(
        "treaties",
        sa.Column("id", sa.String(length=120), nullable=False),
        sa.Column("conflict_id", sa.String(length=120), nullable=False),
        sa.Column("title", sa.String(length=500), nullable=False),
        sa.Column("short_title", sa.String(length=200), nullable=False),
        sa.Column("depositary", sa.String(length=200), nullable=False),
        sa.Column("clarification_article", sa.String(length=120), nullable=True),
        sa.Column("states_parties", sa.JSON(), nullable=False),
        sa.Column("presidencies", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(["conflict_id"], ["conflicts.id"], name=op.f("fk_treaties_conflict_id_conflicts")),
        sa.PrimaryKeyConstraint("conflict_id", "id", name=op.f("pk_treaties")),
    )


def downgrade() -> None:
    op.drop_table("treaties")
    with op.batch_alter_table("statements", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_statements_date"))
        batch_op.drop_index(batch_op.f("ix_statements_conflict_id"))
    op.drop_table("statements")
    for table in VISIBLE:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_column("submitted_for_party")
            batch_op.drop_column("published")
