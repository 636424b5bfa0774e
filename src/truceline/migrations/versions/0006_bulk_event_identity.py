"""event identity across imports and streaming imports: incidents' external keys, import runs,
their batches and staging rows

Revision ID: 0006_bulk
Revises: 0005
Create Date: 2026-12-06 18:00:00.000000
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import truceline.db

revision: str = "0006_bulk"
down_revision: str | Sequence[str] | None = "0006_jobs"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # an incident drawn from a data set keeps the data set's key for it, unique per conflict
    with op.batch_alter_table("incidents", schema=None) as batch_op:
        batch_op.add_column(sa.Column("dataset", sa.String(length=16), nullable=True))
        batch_op.add_column(sa.Column("external_id", sa.String(length=120), nullable=True))
        batch_op.add_column(sa.Column("external_version", sa.String(length=40), nullable=True))
        batch_op.add_column(sa.Column("content_sha256", sa.String(length=64), nullable=True))
        batch_op.create_index(
            "uq_incidents_conflict_dataset_external_id", ["conflict_id", "dataset", "external_id"], unique=True
        )
    # an import run: staged batch by batch, made visible at once when complete
    with op.batch_alter_table("import_jobs", schema=None) as batch_op:
        batch_op.add_column(sa.Column("status", sa.String(length=16), nullable=False, server_default="complete"))
        batch_op.add_column(sa.Column("rejected", sa.Integer(), nullable=False, server_default="0"))
        batch_op.add_column(sa.Column("revised", sa.Integer(), nullable=False, server_default="0"))
        batch_op.add_column(sa.Column("unchanged", sa.Integer(), nullable=False, server_default="0"))
        batch_op.add_column(sa.Column("completed_at", truceline.db.UTCDateTime(timezone=True), nullable=True))
    op.create_table(
        "import_batches",
        sa.Column("job_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("first_line", sa.Integer(), nullable=False),
        sa.Column("last_line", sa.Integer(), nullable=False),
        sa.Column("rows", sa.Integer(), nullable=False),
        sa.Column("rejected", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("content", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["job_id"], ["import_jobs.id"], name=op.f("fk_import_batches_job_id_import_jobs")),
        sa.PrimaryKeyConstraint("job_id", "number", name=op.f("pk_import_batches")),
    )
    op.create_table(
        "import_staging",
        sa.Column("job_id", sa.Integer(), nullable=False),
        sa.Column("line", sa.Integer(), nullable=False),
        sa.Column("batch", sa.Integer(), nullable=False),
        sa.Column("external_id", sa.String(length=120), nullable=False),
        sa.Column("incident_id", sa.String(length=120), nullable=False),
        sa.Column("action", sa.String(length=16), nullable=False),
        sa.Column("content_sha256", sa.String(length=64), nullable=False),
        sa.Column("external_version", sa.String(length=40), nullable=True),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("modality", sa.String(length=16), nullable=False),
        sa.Column("date_start", sa.Date(), nullable=False),
        sa.Column("date_end", sa.Date(), nullable=False),
        sa.Column("date_precision", sa.String(length=8), nullable=False),
        sa.Column("place_id", sa.String(length=120), nullable=True),
        sa.Column("place_name", sa.String(length=200), nullable=True),
        sa.Column("lat", sa.Float(), nullable=True),
        sa.Column("lon", sa.Float(), nullable=True),
        sa.Column("location_precision", sa.String(length=16), nullable=False),
        sa.Column("side", sa.String(length=16), nullable=False),
        sa.Column("actors", sa.JSON(), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("spans", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("job_id", "line", name=op.f("pk_import_staging")),
    )
    op.create_index("uq_import_staging_job_external_id", "import_staging", ["job_id", "external_id"], unique=True)
    op.create_table(
        "import_staging_figures",
        sa.Column("job_id", sa.Integer(), nullable=False),
        sa.Column("line", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("category", sa.String(length=16), nullable=False),
        sa.Column("side", sa.String(length=16), nullable=False),
        sa.Column("population", sa.String(length=16), nullable=False),
        sa.Column("low", sa.Integer(), nullable=True),
        sa.Column("best", sa.Integer(), nullable=True),
        sa.Column("high", sa.Integer(), nullable=True),
        sa.PrimaryKeyConstraint("job_id", "line", "position", name=op.f("pk_import_staging_figures")),
    )


def downgrade() -> None:
    op.drop_table("import_staging_figures")
    op.drop_index("uq_import_staging_job_external_id", table_name="import_staging")
    op.drop_table("import_staging")
    op.drop_table("import_batches")
    with op.batch_alter_table("import_jobs", schema=None) as batch_op:
        for column in ("completed_at", "unchanged", "revised", "rejected", "status"):
            batch_op.drop_column(column)
    with op.batch_alter_table("incidents", schema=None) as batch_op:
        batch_op.drop_index("uq_incidents_conflict_dataset_external_id")
        for column in ("content_sha256", "external_version", "external_id", "dataset"):
            batch_op.drop_column(column)
