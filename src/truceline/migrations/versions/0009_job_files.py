"""files produced by jobs (reports rendered for a web reader), kept in the store

``job_files``: one row per job that produced a file, with its name, media type, size, SHA-256
and bytes, so that any app server sharing the store serves the download.

Revision ID: 0009_job_files
Revises: 0008_publish_queue
Create Date: 2026-12-07 01:00:00.000000
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import truceline.db

revision: str = "0009_job_files"
down_revision: str | Sequence[str] | None = "0008_publish_queue"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "job_files",
        sa.Column("job_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("media_type", sa.String(length=120), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("content", sa.LargeBinary(), nullable=False),
        sa.Column("created_at", truceline.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["job_id"], ["jobs.id"], name=op.f("fk_job_files_job_id_jobs")),
        sa.PrimaryKeyConstraint("job_id", name=op.f("pk_job_files")),
    )


def downgrade() -> None:
    op.drop_table("job_files")
