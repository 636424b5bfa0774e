"""the map's summary: located incidents counted per grid cell, kind, visibility and day, and per month

``incident_cell_counts`` holds, for each incident with a point, one count in a row of grain
``day`` (its start and end day) and one in a row of grain ``month`` (the first days of its start
and end months), keyed also by conflict, kind, what decides who sees it (published, retracted,
superseded, submitted for a party) and its cell of the map's grid (``round(lat / 0.05)``,
``round(lon / 0.05)``, computed exactly as the map's query computes it on each store). The map's
per-cell counts within dates are read from the months wholly inside the dates and the days at
their edges, not from every incident. Triggers on ``incidents`` keep it current in the
transaction of every write, like ``incident_day_counts`` (migration 0010); the table starts
filled from the incidents already stored.

Revision ID: 0011_incident_cell_counts
Revises: 0010_incident_day_counts
Create Date: 2026-12-07 04:10:00.000000
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011_incident_cell_counts"
down_revision: str | Sequence[str] | None = "0010_incident_day_counts"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

#: the map's grid cell (degrees): truceline.publish.dashboard.CELL_DEGREES when this was written
CELL = "0.05"
KEY = (
    "grain, conflict_id, date_start, date_end, kind, published, retracted, superseded, submitted_for_party, "
    "lat_cell, lon_cell"
)
#: the columns of ``incidents`` whose change moves an incident to another count
WATCHED = "conflict_id, date_start, date_end, kind, published, retracted, superseded_by, submitted_for_party, lat, lon"


def _dialect_parts(dialect: str) -> tuple[str, str]:
    """The store's first day of a date's month, and its cell of a coordinate (as ``{}``)."""
    if dialect == "postgresql":
        # the map's query divides a double precision column by a double precision parameter
        return (
            "CAST(date_trunc('month', {}) AS date)",
            f"CAST(round({{}} / CAST({CELL} AS double precision)) AS integer)",
        )
    return "date({}, 'start of month')", f"CAST(round({{}} / {CELL}) AS INTEGER)"


def _row_key(dialect: str, row: str, grain: str) -> str:
    """The key of a row of ``incidents`` (``row``: NEW, OLD or an alias) in ``grain``, in KEY's order."""
    month, cell = _dialect_parts(dialect)
    start, end = f"{row}.date_start", f"{row}.date_end"
    if grain == "month":
        start, end = month.format(start), month.format(end)
    return (
        f"'{grain}', {row}.conflict_id, {start}, {end}, {row}.kind, {row}.published, {row}.retracted, "
        f"{row}.superseded_by IS NOT NULL, coalesce({row}.submitted_for_party, ''), "
        f"{cell.format(row + '.lat')}, {cell.format(row + '.lon')}"
    )


def _add_new(dialect: str, grain: str) -> str:
    return (
        f"INSERT INTO incident_cell_counts ({KEY}, incidents) SELECT {_row_key(dialect, 'NEW', grain)}, 1 "
        "WHERE NEW.lat IS NOT NULL AND NEW.lon IS NOT NULL "
        f"ON CONFLICT ({KEY}) DO UPDATE SET incidents = incident_cell_counts.incidents + 1"
    )


def _remove_old(dialect: str, grain: str) -> str:
    # an incident without a point has no cell (NULL): it matches no row
    names = [name.strip() for name in KEY.split(",")]
    values = [value.strip() for value in _split_top_level(_row_key(dialect, "OLD", grain))]
    match = " AND ".join(f"{name} = ({value})" for name, value in zip(names, values, strict=True))
    return f"UPDATE incident_cell_counts SET incidents = incidents - 1 WHERE {match}"


def _split_top_level(text: str) -> list[str]:
    """``text`` split at the commas outside parentheses."""
    parts, depth, current = [], 0, ""
    for char in text:
        depth += {"(": 1, ")": -1}.get(char, 0)
        if char == "," and depth == 0:
            parts.append(current)
            current = ""
        else:
            current += char
    return [*parts, current]


def upgrade() -> None:
    dialect = op.get_bind().dialect.name
    op.create_table(
        "incident_cell_counts",
        sa.Column("grain", sa.String(length=5), nullable=False),
        sa.Column("conflict_id", sa.String(length=120), nullable=False),
        sa.Column("date_start", sa.Date(), nullable=False),
        sa.Column("date_end", sa.Date(), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("published", sa.Boolean(), nullable=False),
        sa.Column("retracted", sa.Boolean(), nullable=False),
        sa.Column("superseded", sa.Boolean(), nullable=False),
        sa.Column("submitted_for_party", sa.String(length=16), nullable=False),
        sa.Column("lat_cell", sa.Integer(), nullable=False),
        sa.Column("lon_cell", sa.Integer(), nullable=False),
        sa.Column("incidents", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint(*[name.strip() for name in KEY.split(",")], name=op.f("pk_incident_cell_counts")),
    )
    # the days at the start of a date range are found by their end day
    op.create_index("ix_incident_cell_counts_end", "incident_cell_counts", ["grain", "conflict_id", "date_end"])
    for grain in ("day", "month"):
        key = _row_key(dialect, "i", grain)
        op.execute(
            f"INSERT INTO incident_cell_counts ({KEY}, incidents) SELECT {key}, count(*) FROM incidents i "
            # grouped by the key without its first column, the grain (a constant)
            f"WHERE i.lat IS NOT NULL AND i.lon IS NOT NULL GROUP BY {', '.join(_split_top_level(key)[1:])}"
        )
    if dialect == "postgresql":
        op.execute(
            "CREATE FUNCTION incident_cell_counts_apply() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
            "IF TG_OP IN ('UPDATE', 'DELETE') THEN "
            f"{_remove_old(dialect, 'day')}; {_remove_old(dialect, 'month')}; END IF; "
            "IF TG_OP IN ('INSERT', 'UPDATE') THEN "
            f"{_add_new(dialect, 'day')}; {_add_new(dialect, 'month')}; END IF; "
            "RETURN NULL; END $$"
        )
        op.execute(
            f"CREATE TRIGGER incident_cell_counts AFTER INSERT OR DELETE OR UPDATE OF {WATCHED} ON incidents "
            "FOR EACH ROW EXECUTE FUNCTION incident_cell_counts_apply()"
        )
        return
    add = f"{_add_new(dialect, 'day')}; {_add_new(dialect, 'month')};"
    remove = f"{_remove_old(dialect, 'day')}; {_remove_old(dialect, 'month')};"
    op.execute(f"CREATE TRIGGER incident_cell_counts_insert AFTER INSERT ON incidents BEGIN {add} END")
    op.execute(f"CREATE TRIGGER incident_cell_counts_delete AFTER DELETE ON incidents BEGIN {remove} END")
    op.execute(
        f"CREATE TRIGGER incident_cell_counts_update AFTER UPDATE OF {WATCHED} ON incidents BEGIN {remove} {add} END"
    )
    op.execute("ANALYZE incident_cell_counts")  # the planner's choice between the two indexes


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS incident_cell_counts ON incidents")
        op.execute("DROP FUNCTION IF EXISTS incident_cell_counts_apply()")
    else:
        for name in ("insert", "delete", "update"):
            op.execute(f"DROP TRIGGER IF EXISTS incident_cell_counts_{name}")
    op.drop_index("ix_incident_cell_counts_end", table_name="incident_cell_counts")
    op.drop_table("incident_cell_counts")
