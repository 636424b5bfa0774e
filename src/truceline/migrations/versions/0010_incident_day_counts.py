"""the dashboard's summary: incidents counted per conflict, start and end day, kind and visibility;
an index of incidents that holds every column the map and the incident list filter on

``incident_day_counts`` holds, for each combination of what the dashboard filters on (conflict,
start and end day, kind, published, retracted, superseded, submitted for a party, located), how
many incidents have it. Triggers on ``incidents`` keep it current in the transaction of every
write — an insert, an update of one of those columns, a delete, whoever makes it (the services,
a bulk import's ``INSERT … SELECT``) — so the timeline and the counts of a million incidents
are read from a few thousand rows. The table starts filled from the incidents already stored.

Revision ID: 0010_incident_day_counts
Revises: 0009_job_files
Create Date: 2026-12-07 01:20:00.000000
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010_incident_day_counts"
down_revision: str | Sequence[str] | None = "0009_job_files"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

KEY = "conflict_id, date_start, date_end, kind, published, retracted, superseded, submitted_for_party, located"
#: the key of a row of ``incidents`` (as ``{row}.column``), in the order of KEY
ROW_KEY = (
    "{row}.conflict_id, {row}.date_start, {row}.date_end, {row}.kind, {row}.published, {row}.retracted, "
    "{row}.superseded_by IS NOT NULL, coalesce({row}.submitted_for_party, ''), "
    "{row}.lat IS NOT NULL AND {row}.lon IS NOT NULL"
)
#: the columns of ``incidents`` whose change moves an incident to another count
WATCHED = "conflict_id, date_start, date_end, kind, published, retracted, superseded_by, submitted_for_party, lat, lon"
MATCH_OLD = (
    "conflict_id = OLD.conflict_id AND date_start = OLD.date_start AND date_end = OLD.date_end "
    "AND kind = OLD.kind AND published = OLD.published AND retracted = OLD.retracted "
    "AND superseded = (OLD.superseded_by IS NOT NULL) "
    "AND submitted_for_party = coalesce(OLD.submitted_for_party, '') "
    "AND located = (OLD.lat IS NOT NULL AND OLD.lon IS NOT NULL)"
)
#: the map and the incident list within dates read a date range from this index alone
DASHBOARD_INDEX = [
    "conflict_id", "date_start", "date_end", "kind", "lat", "lon",
    "published", "retracted", "superseded_by", "submitted_for_party",
]  # fmt: skip
ADD_NEW = (
    f"INSERT INTO incident_day_counts ({KEY}, incidents) VALUES ({ROW_KEY.format(row='NEW')}, 1) "
    f"ON CONFLICT ({KEY}) DO UPDATE SET incidents = incident_day_counts.incidents + 1"
)
REMOVE_OLD = f"UPDATE incident_day_counts SET incidents = incidents - 1 WHERE {MATCH_OLD}"


def upgrade() -> None:
    op.create_table(
        "incident_day_counts",
        sa.Column("conflict_id", sa.String(length=120), nullable=False),
        sa.Column("date_start", sa.Date(), nullable=False),
        sa.Column("date_end", sa.Date(), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("published", sa.Boolean(), nullable=False),
        sa.Column("retracted", sa.Boolean(), nullable=False),
        sa.Column("superseded", sa.Boolean(), nullable=False),
        sa.Column("submitted_for_party", sa.String(length=16), nullable=False),
        sa.Column("located", sa.Boolean(), nullable=False),
        sa.Column("incidents", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint(
            "conflict_id",
            "date_start",
            "date_end",
            "kind",
            "published",
            "retracted",
            "superseded",
            "submitted_for_party",
            "located",
            name=op.f("pk_incident_day_counts"),
        ),
    )
    op.create_index("ix_incidents_dashboard", "incidents", DASHBOARD_INDEX)
    op.drop_index("ix_incidents_conflict_date", table_name="incidents")  # the new index begins with it
    op.execute(
        f"INSERT INTO incident_day_counts ({KEY}, incidents) "
        f"SELECT {ROW_KEY.format(row='i')}, count(*) FROM incidents i GROUP BY {ROW_KEY.format(row='i')}"
    )
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            "CREATE FUNCTION incident_day_counts_apply() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
            f"IF TG_OP IN ('UPDATE', 'DELETE') THEN {REMOVE_OLD}; END IF; "
            f"IF TG_OP IN ('INSERT', 'UPDATE') THEN {ADD_NEW}; END IF; "
            "RETURN NULL; END $$"
        )
        op.execute(
            f"CREATE TRIGGER incident_day_counts AFTER INSERT OR DELETE OR UPDATE OF {WATCHED} ON incidents "
            "FOR EACH ROW EXECUTE FUNCTION incident_day_counts_apply()"
        )
        return
    op.execute(f"CREATE TRIGGER incident_day_counts_insert AFTER INSERT ON incidents BEGIN {ADD_NEW}; END")
    op.execute(f"CREATE TRIGGER incident_day_counts_delete AFTER DELETE ON incidents BEGIN {REMOVE_OLD}; END")
    op.execute(
        f"CREATE TRIGGER incident_day_counts_update AFTER UPDATE OF {WATCHED} ON incidents "
        f"BEGIN {REMOVE_OLD}; {ADD_NEW}; END"
    )


def downgrade() -> None:
    op.create_index("ix_incidents_conflict_date", "incidents", ["conflict_id", "date_start"])
    op.drop_index("ix_incidents_dashboard", table_name="incidents")
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS incident_day_counts ON incidents")
        op.execute("DROP FUNCTION IF EXISTS incident_day_counts_apply()")
    else:
        for name in ("insert", "delete", "update"):
            op.execute(f"DROP TRIGGER IF EXISTS incident_day_counts_{name}")
    op.drop_table("incident_day_counts")
