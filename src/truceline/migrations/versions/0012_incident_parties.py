"""the incident filter by party without reading every incident: each incident's actors in a
table, and the dashboard's two summaries counted per actor too; indexes on the claims' parties;
a box's index that holds every column the map and the timeline read

``incident_actor_parties`` holds one row per incident and distinct text element of its
``actors`` (a JSON list), so "this party is an actor" is an indexed look-up instead of a text
match on every incident's list. ``incident_party_day_counts`` and ``incident_party_cell_counts``
are ``incident_day_counts`` (migration 0010) and ``incident_cell_counts`` (migration 0011) with
one more key, an actor of the incidents counted: an incident counts once under each of its
distinct actors. The incidents that name a party only in a claim (accused or claimant), not as
an actor, are few and read from the incidents through the claims' new indexes. Triggers on
``incidents`` keep the three tables current in the transaction of every write (its actors, or
any column the summaries are keyed by); they start filled from the incidents already stored.

Revision ID: 0012_incident_parties
Revises: 0011_incident_cell_counts
Create Date: 2026-12-07 04:40:00.000000
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0012_incident_parties"
down_revision: str | Sequence[str] | None = "0011_incident_cell_counts"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

#: the map's grid cell (degrees), as in migration 0011
CELL = "0.05"
DAY_KEY = "conflict_id, date_start, date_end, kind, published, retracted, superseded, submitted_for_party, located"
CELL_KEY = (
    "grain, conflict_id, date_start, date_end, kind, published, retracted, superseded, submitted_for_party, "
    "lat_cell, lon_cell"
)
#: the columns of ``incidents`` whose change moves an incident to another count, or changes its actors
WATCHED = (
    "conflict_id, date_start, date_end, kind, published, retracted, superseded_by, submitted_for_party, "
    "lat, lon, actors"
)

BOX_INDEX = [
    "conflict_id", "lat", "lon", "date_start", "date_end", "kind",
    "published", "retracted", "superseded_by", "submitted_for_party",
]  # fmt: skip


def _parties(dialect: str, row: str) -> str:
    """A query of the distinct text elements of ``row``'s actors, as the column ``party``."""
    if dialect == "postgresql":
        actors = f"CASE WHEN json_typeof({row}.actors) = 'array' THEN {row}.actors ELSE CAST('[]' AS json) END"
        return (
            f"SELECT DISTINCT e #>> '{{}}' AS party FROM json_array_elements({actors}) AS e "
            "WHERE json_typeof(e) = 'string'"
        )
    return f"SELECT DISTINCT value AS party FROM json_each({row}.actors) WHERE type = 'text'"


def _cell(dialect: str) -> str:
    if dialect == "postgresql":  # the map's query divides a double precision column by a double precision parameter
        return f"CAST(round({{}} / CAST({CELL} AS double precision)) AS integer)"
    return f"CAST(round({{}} / {CELL}) AS INTEGER)"


def _month(dialect: str) -> str:
    return "CAST(date_trunc('month', {}) AS date)" if dialect == "postgresql" else "date({}, 'start of month')"


def _day_key(row: str) -> list[str]:
    return [
        f"{row}.conflict_id", f"{row}.date_start", f"{row}.date_end", f"{row}.kind", f"{row}.published",
        f"{row}.retracted", f"{row}.superseded_by IS NOT NULL", f"coalesce({row}.submitted_for_party, '')",
        f"{row}.lat IS NOT NULL AND {row}.lon IS NOT NULL",
    ]  # fmt: skip


def _cell_key(dialect: str, row: str, grain: str) -> list[str]:
    start, end = f"{row}.date_start", f"{row}.date_end"
    if grain == "month":
        start, end = _month(dialect).format(start), _month(dialect).format(end)
    cell = _cell(dialect)
    return [
        f"'{grain}'", f"{row}.conflict_id", start, end, f"{row}.kind", f"{row}.published", f"{row}.retracted",
        f"{row}.superseded_by IS NOT NULL", f"coalesce({row}.submitted_for_party, '')",
        cell.format(f"{row}.lat"), cell.format(f"{row}.lon"),
    ]  # fmt: skip


def _names(key: str) -> list[str]:
    return [name.strip() for name in key.split(",")]


def _statements(dialect: str, row: str, add: bool) -> list[str]:
    """The statements that add ``row`` (NEW) to the three tables, or remove it (OLD) from them."""
    parties = _parties(dialect, row)
    if not add:
        out = [f"DELETE FROM incident_actor_parties WHERE incident_id = {row}.id"]
        day_match = " AND ".join(f"{n} = ({v})" for n, v in zip(_names(DAY_KEY), _day_key(row), strict=True))
        out.append(
            f"UPDATE incident_party_day_counts SET incidents = incidents - 1 WHERE party IN ({parties}) AND {day_match}"
        )
        for grain in ("day", "month"):  # an incident without a point has no cell (NULL): it matches no row
            key = _cell_key(dialect, row, grain)
            match = " AND ".join(f"{n} = ({v})" for n, v in zip(_names(CELL_KEY), key, strict=True))
            out.append(
                "UPDATE incident_party_cell_counts SET incidents = incidents - 1 "
                f"WHERE party IN ({parties}) AND {match}"
            )
        return out
    out = [f"INSERT INTO incident_actor_parties (party, incident_id) SELECT p.party, {row}.id FROM ({parties}) p"]
    out.append(
        f"INSERT INTO incident_party_day_counts (party, {DAY_KEY}, incidents) "
        f"SELECT p.party, {', '.join(_day_key(row))}, 1 FROM ({parties}) p WHERE true "
        f"ON CONFLICT (party, {DAY_KEY}) DO UPDATE SET incidents = incident_party_day_counts.incidents + 1"
    )
    for grain in ("day", "month"):
        out.append(
            f"INSERT INTO incident_party_cell_counts (party, {CELL_KEY}, incidents) "
            f"SELECT p.party, {', '.join(_cell_key(dialect, row, grain))}, 1 FROM ({parties}) p "
            f"WHERE {row}.lat IS NOT NULL AND {row}.lon IS NOT NULL "
            f"ON CONFLICT (party, {CELL_KEY}) DO UPDATE SET incidents = incident_party_cell_counts.incidents + 1"
        )
    return out


def _visibility_columns() -> list[sa.Column]:  # type: ignore[type-arg]
    return [
        sa.Column("conflict_id", sa.String(length=120), nullable=False),
        sa.Column("date_start", sa.Date(), nullable=False),
        sa.Column("date_end", sa.Date(), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("published", sa.Boolean(), nullable=False),
        sa.Column("retracted", sa.Boolean(), nullable=False),
        sa.Column("superseded", sa.Boolean(), nullable=False),
        sa.Column("submitted_for_party", sa.String(length=16), nullable=False),
    ]


def upgrade() -> None:
    dialect = op.get_bind().dialect.name
    op.create_table(
        "incident_actor_parties",
        sa.Column("party", sa.Text(), nullable=False),
        sa.Column("incident_id", sa.String(length=120), nullable=False),
        sa.PrimaryKeyConstraint("party", "incident_id", name=op.f("pk_incident_actor_parties")),
    )
    op.create_index("ix_incident_actor_parties_incident_id", "incident_actor_parties", ["incident_id"])
    op.create_table(
        "incident_party_day_counts",
        sa.Column("party", sa.Text(), nullable=False),
        *_visibility_columns(),
        sa.Column("located", sa.Boolean(), nullable=False),
        sa.Column("incidents", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("party", *_names(DAY_KEY), name=op.f("pk_incident_party_day_counts")),
    )
    op.create_table(
        "incident_party_cell_counts",
        sa.Column("party", sa.Text(), nullable=False),
        sa.Column("grain", sa.String(length=5), nullable=False),
        *_visibility_columns(),
        sa.Column("lat_cell", sa.Integer(), nullable=False),
        sa.Column("lon_cell", sa.Integer(), nullable=False),
        sa.Column("incidents", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("party", *_names(CELL_KEY), name=op.f("pk_incident_party_cell_counts")),
    )
    op.create_index(
        "ix_incident_party_cell_counts_end", "incident_party_cell_counts", ["party", "grain", "conflict_id", "date_end"]
    )
    op.create_index("ix_claims_accused", "claims", ["accused"])
    op.create_index("ix_claims_claimant", "claims", ["claimant"])
    # a box without a short date range: every column it filters on and the map and the timeline
    # read, so its latitudes are read from the index alone (it replaces (conflict_id, lat, lon))
    op.create_index("ix_incidents_box", "incidents", BOX_INDEX)
    op.drop_index("ix_incidents_conflict_lat_lon", table_name="incidents")
    if dialect == "postgresql":
        parties = _parties(dialect, "i").replace("SELECT DISTINCT", "SELECT DISTINCT i.id AS incident_id,", 1)
        op.execute(
            "INSERT INTO incident_actor_parties (party, incident_id) "
            f"SELECT p.party, p.incident_id FROM incidents i CROSS JOIN LATERAL ({parties}) p"
        )
    else:
        op.execute(
            "INSERT INTO incident_actor_parties (party, incident_id) SELECT DISTINCT j.value, i.id "
            "FROM incidents i, json_each(i.actors) j WHERE j.type = 'text'"
        )
    joined = "FROM incident_actor_parties p JOIN incidents i ON i.id = p.incident_id"
    day_key = ", ".join(_day_key("i"))
    op.execute(
        f"INSERT INTO incident_party_day_counts (party, {DAY_KEY}, incidents) "
        f"SELECT p.party, {day_key}, count(*) {joined} GROUP BY p.party, {day_key}"
    )
    for grain in ("day", "month"):
        key = _cell_key(dialect, "i", grain)
        op.execute(
            f"INSERT INTO incident_party_cell_counts (party, {CELL_KEY}, incidents) "
            f"SELECT p.party, {', '.join(key)}, count(*) {joined} "
            f"WHERE i.lat IS NOT NULL AND i.lon IS NOT NULL GROUP BY p.party, {', '.join(key[1:])}"
        )
    remove, add = _statements(dialect, "OLD", add=False), _statements(dialect, "NEW", add=True)
    if dialect == "postgresql":
        op.execute(
            "CREATE FUNCTION incident_parties_apply() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
            f"IF TG_OP IN ('UPDATE', 'DELETE') THEN {'; '.join(remove)}; END IF; "
            f"IF TG_OP IN ('INSERT', 'UPDATE') THEN {'; '.join(add)}; END IF; "
            "RETURN NULL; END $$"
        )
        op.execute(
            f"CREATE TRIGGER incident_parties AFTER INSERT OR DELETE OR UPDATE OF {WATCHED} ON incidents "
            "FOR EACH ROW EXECUTE FUNCTION incident_parties_apply()"
        )
        return
    adds, removes = "; ".join(add) + ";", "; ".join(remove) + ";"
    op.execute(f"CREATE TRIGGER incident_parties_insert AFTER INSERT ON incidents BEGIN {adds} END")
    op.execute(f"CREATE TRIGGER incident_parties_delete AFTER DELETE ON incidents BEGIN {removes} END")
    op.execute(
        f"CREATE TRIGGER incident_parties_update AFTER UPDATE OF {WATCHED} ON incidents BEGIN {removes} {adds} END"
    )
    op.execute("ANALYZE incident_actor_parties")
    op.execute("ANALYZE incident_party_cell_counts")
    op.execute("ANALYZE claims")
    op.execute("ANALYZE incidents")  # the planner's choice between the box's index and the dates'


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS incident_parties ON incidents")
        op.execute("DROP FUNCTION IF EXISTS incident_parties_apply()")
    else:
        for name in ("insert", "delete", "update"):
            op.execute(f"DROP TRIGGER IF EXISTS incident_parties_{name}")
    op.create_index("ix_incidents_conflict_lat_lon", "incidents", ["conflict_id", "lat", "lon"])
    op.drop_index("ix_incidents_box", table_name="incidents")
    op.drop_index("ix_claims_claimant", table_name="claims")
    op.drop_index("ix_claims_accused", table_name="claims")
    op.drop_index("ix_incident_party_cell_counts_end", table_name="incident_party_cell_counts")
    op.drop_table("incident_party_cell_counts")
    op.drop_table("incident_party_day_counts")
    op.drop_index("ix_incident_actor_parties_incident_id", table_name="incident_actor_parties")
    op.drop_table("incident_actor_parties")
