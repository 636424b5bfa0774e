"""a claim names what it says was broken: claims.breaks

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-01 10:00:00.000000
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | Sequence[str] | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # every stored claim names nothing yet: an empty list
    with op.batch_alter_table("claims", schema=None) as batch_op:
        batch_op.add_column(sa.Column("breaks", sa.JSON(), nullable=False, server_default=sa.text("'[]'")))
    with op.batch_alter_table("claims", schema=None) as batch_op:
        batch_op.alter_column("breaks", server_default=None)


def downgrade() -> None:
    with op.batch_alter_table("claims", schema=None) as batch_op:
        batch_op.drop_column("breaks")
