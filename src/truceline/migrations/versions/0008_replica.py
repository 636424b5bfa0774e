"""replicas: the instances this store copies, their verified ledger entries and record versions

Revision ID: 0008_replica
Revises: 0007_import_lease
Create Date: 2026-12-06 21:40:00.000000
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import truceline.db

revision: str = "0008_replica"
down_revision: str | Sequence[str] | None = "0007_import_lease"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "replica_sources",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("url", sa.String(length=500), nullable=False),
        sa.Column("pinned_keys", sa.JSON(), nullable=False),
        sa.Column("added_at", truceline.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("checked_at", truceline.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("held_seq", sa.Integer(), nullable=False),
        sa.Column("held_hash", sa.String(length=64), nullable=False),
        sa.Column("source_seq", sa.Integer(), nullable=True),
        sa.Column("source_hash", sa.String(length=64), nullable=True),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("divergence", sa.String(length=16), nullable=True),
        sa.Column("divergence_seq", sa.Integer(), nullable=True),
        sa.Column("divergence_reason", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_replica_sources")),
        sa.UniqueConstraint("url", name=op.f("uq_replica_sources_url")),
    )
    op.create_table(
        "replica_entries",
        sa.Column("source_id", sa.Integer(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("at", truceline.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("actor", sa.String(length=120), nullable=False),
        sa.Column("action", sa.String(length=80), nullable=False),
        sa.Column("subject_type", sa.String(length=32), nullable=False),
        sa.Column("subject_id", sa.String(length=200), nullable=False),
        sa.Column("payload", sa.JSON(), nullable=False),
        sa.Column("prev_hash", sa.String(length=64), nullable=False),
        sa.Column("entry_hash", sa.String(length=64), nullable=False),
        sa.Column("content_hash", sa.String(length=64), nullable=True),
        sa.Column("signature", sa.String(length=88), nullable=True),
        sa.Column("key_id", sa.String(length=64), nullable=True),
        sa.ForeignKeyConstraint(
            ["source_id"], ["replica_sources.id"], name=op.f("fk_replica_entries_source_id_replica_sources")
        ),
        sa.PrimaryKeyConstraint("source_id", "seq", name=op.f("pk_replica_entries")),
    )
    op.create_table(
        "replica_versions",
        sa.Column("source_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("record_id", sa.String(length=200), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("change", sa.String(length=16), nullable=False),
        sa.Column("content", sa.JSON(), nullable=False),
        sa.Column("content_hash", sa.String(length=64), nullable=False),
        sa.Column("ledger_seq", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["source_id"], ["replica_sources.id"], name=op.f("fk_replica_versions_source_id_replica_sources")
        ),
        sa.PrimaryKeyConstraint("source_id", "kind", "record_id", "version", name=op.f("pk_replica_versions")),
    )
    with op.batch_alter_table("replica_versions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_replica_versions_ledger_seq"), ["ledger_seq"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("replica_versions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_replica_versions_ledger_seq"))
    op.drop_table("replica_versions")
    op.drop_table("replica_entries")
    op.drop_table("replica_sources")
