"""party submissions stay unpublished until published: claims.submitted_for_party, source_documents.published

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-27 10:00:00.000000
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | Sequence[str] | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("claims", schema=None) as batch_op:
        batch_op.add_column(sa.Column("submitted_for_party", sa.String(length=16), nullable=True))
    with op.batch_alter_table("source_documents", schema=None) as batch_op:
        batch_op.add_column(sa.Column("published", sa.Boolean(), nullable=False, server_default=sa.true()))
    # a source a party submitted was visible to that party and observers only: it stays so
    source_documents = sa.table(
        "source_documents", sa.column("published", sa.Boolean()), sa.column("submitted_for_party", sa.String())
    )
    op.execute(
        source_documents.update()
        .where(source_documents.c.submitted_for_party.is_not(None))
        .values(published=sa.false())
    )
    with op.batch_alter_table("source_documents", schema=None) as batch_op:
        batch_op.alter_column("published", server_default=None)


def downgrade() -> None:
    with op.batch_alter_table("source_documents", schema=None) as batch_op:
        batch_op.drop_column("published")
    with op.batch_alter_table("claims", schema=None) as batch_op:
        batch_op.drop_column("submitted_for_party")
