"""import runs hold a lease: two imports of the same file at once cannot stage into one run

``import_jobs.runner`` names the process staging the run and ``heartbeat_at`` when it last wrote a
batch; another import of the same file waits for the lease to end (or to go stale) instead of
writing the same lines twice.

Revision ID: 0007_import_lease
Revises: 0006_versions
Create Date: 2026-12-06 21:10:00.000000
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import truceline.db

revision: str = "0007_import_lease"
down_revision: str | Sequence[str] | None = "0006_versions"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("import_jobs", schema=None) as batch_op:
        batch_op.add_column(sa.Column("runner", sa.String(length=36), nullable=True))
        batch_op.add_column(sa.Column("heartbeat_at", truceline.db.UTCDateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("import_jobs", schema=None) as batch_op:
        batch_op.drop_column("heartbeat_at")
        batch_op.drop_column("runner")
