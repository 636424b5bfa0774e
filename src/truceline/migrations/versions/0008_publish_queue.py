"""publication as a step: a conflict setting says whether accepted records wait for a coordinator

``conflicts.publish_on_accept`` (false unless the casebook's ``casebook.yaml`` says otherwise):
records accepted from the review queue wait, unpublished, in the publish queue until a
coordinator publishes them.

Revision ID: 0008_publish_queue
Revises: 0008_alerts
Create Date: 2026-12-06 21:30:00.000000
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008_publish_queue"
down_revision: str | Sequence[str] | None = "0008_alerts"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("conflicts", schema=None) as batch_op:
        batch_op.add_column(sa.Column("publish_on_accept", sa.Boolean(), nullable=False, server_default=sa.false()))


def downgrade() -> None:
    with op.batch_alter_table("conflicts", schema=None) as batch_op:
        batch_op.drop_column("publish_on_accept")
