"""background jobs (the jobs table) and indexes for the incident filters on a million rows

Revision ID: 0006_jobs
Revises: 0005
Create Date: 2026-12-06 18:00:00.000000
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import truceline.db

revision: str = "0006_jobs"
down_revision: str | Sequence[str] | None = "0006_writers"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "jobs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("conflict_id", sa.String(length=120), nullable=True),
        sa.Column("arguments", sa.JSON(), nullable=False),
        sa.Column("state", sa.String(length=12), nullable=False),
        sa.Column("done", sa.Integer(), nullable=False),
        sa.Column("total", sa.Integer(), nullable=True),
        sa.Column("counts", sa.JSON(), nullable=False),
        sa.Column("errors", sa.JSON(), nullable=False),
        sa.Column("cancel_requested", sa.Boolean(), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("requested_by", sa.String(length=120), nullable=False),
        sa.Column("created_at", truceline.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("started_at", truceline.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("finished_at", truceline.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("heartbeat_at", truceline.db.UTCDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["conflict_id"], ["conflicts.id"], name=op.f("fk_jobs_conflict_id_conflicts")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_jobs")),
    )
    op.create_index(op.f("ix_jobs_conflict_id"), "jobs", ["conflict_id"], unique=False)
    op.create_index("ix_jobs_state_created_at", "jobs", ["state", "created_at"], unique=False)
    op.create_index("ix_incidents_conflict_date", "incidents", ["conflict_id", "date_start"], unique=False)
    op.create_index("ix_incidents_conflict_kind_date", "incidents", ["conflict_id", "kind", "date_start"], unique=False)
    op.create_index("ix_incidents_conflict_lat_lon", "incidents", ["conflict_id", "lat", "lon"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_incidents_conflict_lat_lon", table_name="incidents")
    op.drop_index("ix_incidents_conflict_kind_date", table_name="incidents")
    op.drop_index("ix_incidents_conflict_date", table_name="incidents")
    op.drop_index("ix_jobs_state_created_at", table_name="jobs")
    op.drop_index(op.f("ix_jobs_conflict_id"), table_name="jobs")
    op.drop_table("jobs")
