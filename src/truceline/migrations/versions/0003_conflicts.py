"""conflicts: every record belongs to a conflict; parties, lines, territories and tallies per conflict

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-06 14:45:16.298217

A store made before this revision holds the records of one conflict (or none). Its records are
given to one conflict: the casebook it was loaded from when there is exactly one, else a
conflict named ``default``. Zones drawn along "the border" keep their width but name no line:
they are undetermined until the casebook is loaded afresh into a new store.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import truceline.db

revision: str = "0003"
down_revision: str | Sequence[str] | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

#: tables whose rows now belong to a conflict (not null)
SCOPED = (
    "agreements",
    "commitments",
    "evidence",
    "findings",
    "import_jobs",
    "incidents",
    "letters",
    "meetings",
    "parties",
    "places",
    "review_candidates",
    "source_documents",
    "zones",
)


def _existing_conflict() -> str | None:
    """The conflict the store's existing records belong to, created if there are any."""
    bind = op.get_bind()
    if not any(bind.execute(sa.text(f"SELECT 1 FROM {table} LIMIT 1")).first() for table in SCOPED):
        return None
    casebooks = [row[0] for row in bind.execute(sa.text("SELECT DISTINCT casebook_id FROM casebook_records"))]
    conflict_id = casebooks[0] if len(casebooks) == 1 else "default"
    conflicts = sa.table(
        "conflicts",
        *(
            sa.column(name)
            for name in ("id", "title", "description", "time_zone", "acled_region", "ucdp_region", "created_at")
        ),
        *(
            sa.column(name, sa.JSON())
            for name in ("bbox", "languages", "bodies", "place_kinds", "neutral_mentions", "mentions")
        ),
    )
    op.execute(
        conflicts.insert().values(
            id=conflict_id,
            title=conflict_id,
            description="Records kept before the store held conflicts apart.",
            bbox=[-180.0, -90.0, 180.0, 90.0],
            time_zone="UTC",
            languages=["en"],
            bodies=[],
            place_kinds=[],
            neutral_mentions=[],
            acled_region="",
            ucdp_region="",
            mentions=[],
            created_at=sa.func.now(),
        )
    )
    return conflict_id


def upgrade() -> None:
    op.create_table(
        "conflicts",
        sa.Column("id", sa.String(length=120), nullable=False),
        sa.Column("title", sa.String(length=500), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("bbox", sa.JSON(), nullable=False),
        sa.Column("time_zone", sa.String(length=64), nullable=False),
        sa.Column("languages", sa.JSON(), nullable=False),
        sa.Column("bodies", sa.JSON(), nullable=False),
        sa.Column("place_kinds", sa.JSON(), nullable=False),
        sa.Column("neutral_mentions", sa.JSON(), nullable=False),
        sa.Column("acled_region", sa.String(length=120), nullable=False),
        sa.Column("ucdp_region", sa.String(length=120), nullable=False),
        sa.Column("mentions", sa.JSON(), nullable=False),
        sa.Column("created_at", truceline.db.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_conflicts")),
    )
    op.create_table(
        "conflict_geometries",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("conflict_id", sa.String(length=120), nullable=False),
        sa.Column("role", sa.String(length=16), nullable=False),
        sa.Column("key", sa.String(length=120), nullable=False),
        sa.Column("name", sa.String(length=500), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("version_of", sa.String(length=16), nullable=True),
        sa.Column("variant_of", sa.String(length=120), nullable=True),
        sa.Column("tolerance_km", sa.Float(), nullable=True),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("geometry", sa.JSON(), nullable=False),
        sa.Column("attribution", sa.Text(), nullable=False),
        sa.Column("source_urls", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["conflict_id"], ["conflicts.id"], name=op.f("fk_conflict_geometries_conflict_id_conflicts")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_conflict_geometries")),
        sa.UniqueConstraint("conflict_id", "role", "key", name="uq_conflict_geometries_key"),
    )
    with op.batch_alter_table("conflict_geometries", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_conflict_geometries_conflict_id"), ["conflict_id"], unique=False)

    op.create_table(
        "tallies",
        sa.Column("id", sa.String(length=120), nullable=False),
        sa.Column("conflict_id", sa.String(length=120), nullable=False),
        sa.Column("counted_by", sa.String(length=16), nullable=False),
        sa.Column("subject", sa.Text(), nullable=False),
        sa.Column("alleged_against", sa.String(length=16), nullable=True),
        sa.Column("agreement_id", sa.String(length=120), nullable=True),
        sa.Column("period_start", sa.Date(), nullable=True),
        sa.Column("period_end", sa.Date(), nullable=True),
        sa.Column("as_of", sa.Date(), nullable=False),
        sa.Column("low", sa.Integer(), nullable=True),
        sa.Column("best", sa.Integer(), nullable=True),
        sa.Column("high", sa.Integer(), nullable=True),
        sa.Column("categories", sa.JSON(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("created_at", truceline.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["agreement_id"], ["agreements.id"], name=op.f("fk_tallies_agreement_id_agreements")),
        sa.ForeignKeyConstraint(["conflict_id"], ["conflicts.id"], name=op.f("fk_tallies_conflict_id_conflicts")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_tallies")),
    )
    with op.batch_alter_table("tallies", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_tallies_as_of"), ["as_of"], unique=False)
        batch_op.create_index(batch_op.f("ix_tallies_conflict_id"), ["conflict_id"], unique=False)

    conflict_id = _existing_conflict()
    for table in SCOPED:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column("conflict_id", sa.String(length=120), nullable=True))
        if conflict_id is not None:
            op.execute(sa.text(f"UPDATE {table} SET conflict_id = :conflict").bindparams(conflict=conflict_id))
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.add_column(sa.Column("conflict_id", sa.String(length=120), nullable=True))
        batch_op.create_index(batch_op.f("ix_users_conflict_id"), ["conflict_id"], unique=False)
        batch_op.create_foreign_key(batch_op.f("fk_users_conflict_id_conflicts"), "conflicts", ["conflict_id"], ["id"])
    if conflict_id is not None:
        op.execute(
            sa.text("UPDATE users SET conflict_id = :conflict WHERE party IS NOT NULL").bindparams(conflict=conflict_id)
        )

    with op.batch_alter_table("parties", schema=None) as batch_op:
        batch_op.drop_constraint("fk_parties_belongs_to_parties", type_="foreignkey")
    with op.batch_alter_table("parties", schema=None) as batch_op:
        batch_op.alter_column("conflict_id", existing_type=sa.String(length=120), nullable=False)
        batch_op.drop_constraint("pk_parties", type_="primary")
        batch_op.create_primary_key("pk_parties", ["conflict_id", "code"])
        batch_op.add_column(sa.Column("short_name", sa.String(length=120), nullable=True))
        batch_op.add_column(sa.Column("names", sa.JSON(), nullable=False, server_default=sa.text("'{}'")))
        batch_op.add_column(sa.Column("answered_for_by", sa.String(length=16), nullable=True))
        batch_op.add_column(sa.Column("position", sa.Integer(), nullable=False, server_default="0"))
        batch_op.add_column(sa.Column("country", sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column("acled_actors", sa.JSON(), nullable=False, server_default=sa.text("'[]'")))
        batch_op.add_column(sa.Column("ucdp", sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column("mentions", sa.JSON(), nullable=False, server_default=sa.text("'[]'")))
        batch_op.create_foreign_key(
            batch_op.f("fk_parties_conflict_id_conflicts"), "conflicts", ["conflict_id"], ["id"]
        )
        batch_op.create_foreign_key(
            "fk_parties_belongs_to", "parties", ["conflict_id", "belongs_to"], ["conflict_id", "code"]
        )
    with op.batch_alter_table("parties", schema=None) as batch_op:
        for column in ("names", "position", "acled_actors", "mentions"):
            batch_op.alter_column(column, server_default=None)

    with op.batch_alter_table("places", schema=None) as batch_op:
        batch_op.add_column(sa.Column("names", sa.JSON(), nullable=False, server_default=sa.text("'{}'")))
    with op.batch_alter_table("places", schema=None) as batch_op:
        batch_op.alter_column("names", server_default=None)
    with op.batch_alter_table("zones", schema=None) as batch_op:
        batch_op.add_column(sa.Column("line_id", sa.String(length=120), nullable=True))
        batch_op.add_column(sa.Column("geometry", sa.JSON(), nullable=True))
    op.execute(sa.text("UPDATE zones SET kind = 'line_buffer' WHERE kind = 'border_buffer'"))

    for table in SCOPED:
        with op.batch_alter_table(table, schema=None) as batch_op:
            if table != "parties":
                batch_op.alter_column("conflict_id", existing_type=sa.String(length=120), nullable=False)
                batch_op.create_foreign_key(
                    batch_op.f(f"fk_{table}_conflict_id_conflicts"), "conflicts", ["conflict_id"], ["id"]
                )
                batch_op.create_index(batch_op.f(f"ix_{table}_conflict_id"), ["conflict_id"], unique=False)
            if table == "source_documents":
                batch_op.drop_constraint("uq_source_documents_sha256", type_="unique")
                batch_op.create_index(batch_op.f("ix_source_documents_sha256"), ["sha256"], unique=False)
                batch_op.create_unique_constraint("uq_source_documents_conflict_sha256", ["conflict_id", "sha256"])
            if table == "import_jobs":
                batch_op.drop_constraint("uq_import_jobs_file_sha256", type_="unique")
                batch_op.create_index(batch_op.f("ix_import_jobs_file_sha256"), ["file_sha256"], unique=False)
                batch_op.create_unique_constraint("uq_import_jobs_conflict_file_sha256", ["conflict_id", "file_sha256"])


def downgrade() -> None:
    raise NotImplementedError("conflicts cannot be folded back into one store: restore a backup instead")
