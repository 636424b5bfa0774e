"""Counting many incidents into the dashboard's summaries at once.

The summaries (``incident_day_counts``, ``incident_cell_counts``, ``incident_actor_parties`` and
the per-actor ``incident_party_day_counts`` / ``incident_party_cell_counts``) are kept by
triggers on ``incidents``, one run per row written. A bulk insert of hundreds of thousands of
rows pays six upserts per row that way; instead it holds a *pause* (a row of
``incident_summary_pauses``, migration 0013) in its transaction, inserts, then counts what it
inserted with one grouped upsert per summary::

    with counted_after_insert(session, "import job 7", "SELECT incident_id FROM … WHERE …", params):
        session.execute(text("INSERT INTO incidents … SELECT …"), params)

The keys below are the triggers' keys (migrations 0010–0012) and must stay equal to them:
``tests/incidents/test_dashboard_summary.py`` checks every summary against the incidents after
a bulk import on both stores.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import Any

from sqlalchemy import text
from sqlalchemy.orm import Session

#: the map's grid cell in degrees, as the triggers compute it
CELL = "0.05"
DAY_KEY = "conflict_id, date_start, date_end, kind, published, retracted, superseded, submitted_for_party, located"
CELL_KEY = (
    "grain, conflict_id, date_start, date_end, kind, published, retracted, superseded, submitted_for_party, "
    "lat_cell, lon_cell"
)


def _day_values(row: str) -> list[str]:
    return [
        f"{row}.conflict_id", f"{row}.date_start", f"{row}.date_end", f"{row}.kind", f"{row}.published",
        f"{row}.retracted", f"{row}.superseded_by IS NOT NULL", f"coalesce({row}.submitted_for_party, '')",
        f"{row}.lat IS NOT NULL AND {row}.lon IS NOT NULL",
    ]  # fmt: skip


def _cell_values(dialect: str, row: str, grain: str) -> list[str]:
    """The cell key of ``row`` without its grain (a constant)."""
    start, end = f"{row}.date_start", f"{row}.date_end"
    if grain == "month":
        month = "CAST(date_trunc('month', {}) AS date)" if dialect == "postgresql" else "date({}, 'start of month')"
        start, end = month.format(start), month.format(end)
    if dialect == "postgresql":
        cell = f"CAST(round({{}} / CAST({CELL} AS double precision)) AS integer)"
    else:
        cell = f"CAST(round({{}} / {CELL}) AS INTEGER)"
    return [
        f"{row}.conflict_id", start, end, f"{row}.kind", f"{row}.published", f"{row}.retracted",
        f"{row}.superseded_by IS NOT NULL", f"coalesce({row}.submitted_for_party, '')",
        cell.format(f"{row}.lat"), cell.format(f"{row}.lon"),
    ]  # fmt: skip


def _actor_parties(dialect: str, source: str, condition: str) -> str:
    """The distinct text elements of the actors of the rows ``i`` of ``source`` that meet
    ``condition``, as (party, incident_id)."""
    if dialect == "postgresql":
        actors = "CASE WHEN json_typeof(i.actors) = 'array' THEN i.actors ELSE CAST('[]' AS json) END"
        return (
            f"SELECT DISTINCT e #>> '{{}}' AS party, i.id AS incident_id "
            f"FROM {source} CROSS JOIN LATERAL json_array_elements({actors}) e "
            f"WHERE {condition} AND json_typeof(e) = 'string'"
        )
    return (
        f"SELECT DISTINCT j.value AS party, i.id AS incident_id FROM {source}, json_each(i.actors) j "
        f"WHERE {condition} AND j.type = 'text'"
    )


def _upsert(table: str, key: str, selected: list[str], source: str) -> str:
    """Add the counts of ``source`` grouped by ``selected`` (in the order of ``key``; a quoted
    constant is selected but not grouped by) to ``table``: one statement for any number of rows."""
    grouped = ", ".join(value for value in selected if not value.startswith("'"))
    return (
        f"INSERT INTO {table} ({key}, incidents) SELECT {', '.join(selected)}, count(*) {source} GROUP BY {grouped} "
        f"ON CONFLICT ({key}) DO UPDATE SET incidents = {table}.incidents + excluded.incidents"
    )


def summary_statements(dialect: str, ids: str, rows: str | None = None) -> list[str]:
    """The statements that count the incidents whose ids ``ids`` (a query) selects into every
    summary, as the insert triggers would have one by one. ``rows``, when given, is a query of
    those incidents' counted columns (``id, conflict_id, date_start, date_end, kind, published,
    retracted, superseded_by, submitted_for_party, lat, lon, actors``) exactly as they were
    inserted — the insert's own source, read in order instead of each incident looked up by id."""
    located = "AND i.lat IS NOT NULL AND i.lon IS NOT NULL"
    source, condition = ("incidents i", f"i.id IN ({ids})") if rows is None else (f"({rows}) i", "1 = 1")
    incidents = f"FROM {source} WHERE {condition}"
    by_actor = f"FROM incident_actor_parties p JOIN {source} ON i.id = p.incident_id WHERE {condition}"
    statements = [_upsert("incident_day_counts", DAY_KEY, _day_values("i"), incidents)]
    for grain in ("day", "month"):
        cells = [f"'{grain}'", *_cell_values(dialect, "i", grain)]
        statements.append(_upsert("incident_cell_counts", CELL_KEY, cells, f"{incidents} {located}"))
    # the actors first: the per-actor summaries are counted from them
    statements.append(
        f"INSERT INTO incident_actor_parties (party, incident_id) {_actor_parties(dialect, source, condition)}"
    )
    day = ["p.party", *_day_values("i")]
    statements.append(_upsert("incident_party_day_counts", f"party, {DAY_KEY}", day, by_actor))
    for grain in ("day", "month"):
        cells = ["p.party", f"'{grain}'", *_cell_values(dialect, "i", grain)]
        statements.append(_upsert("incident_party_cell_counts", f"party, {CELL_KEY}", cells, f"{by_actor} {located}"))
    return statements


#: the temporary tables a bulk count is drawn from (dropped at its end)
COUNTED = "incident_summary_counted"
COUNTED_PARTIES = "incident_summary_counted_parties"


def staged_summary_statements(dialect: str, rows: str) -> list[str]:
    """The statements that count the incidents ``rows`` selects (their counted columns, see
    :func:`summary_statements`) into every summary, reading them once: their keys go to a
    temporary table, their distinct actors to another, and each summary is one grouped upsert of
    those tables (the per-actor ones join the two small tables, never the whole actor table)."""
    keys = [
        "i.id", *_day_values("i"), "i.lat", "i.lon",
        *_cell_values(dialect, "i", "day")[1:3], *_cell_values(dialect, "i", "month")[1:3],
        *_cell_values(dialect, "i", "day")[-2:], "i.actors",
    ]  # fmt: skip
    names = [
        "id", "conflict_id", "date_start", "date_end", "kind", "published", "retracted", "superseded",
        "submitted_for_party", "located", "lat", "lon", "day_start", "day_end", "month_start", "month_end",
        "lat_cell", "lon_cell", "actors",
    ]  # fmt: skip
    selected = ", ".join(f"{key} AS {name}" for key, name in zip(keys, names, strict=True))
    day = ["c.conflict_id", "c.date_start", "c.date_end", "c.kind", "c.published", "c.retracted", "c.superseded",
           "c.submitted_for_party", "c.located"]  # fmt: skip

    def cell(grain: str) -> list[str]:
        return [f"'{grain}'", "c.conflict_id", f"c.{grain}_start", f"c.{grain}_end", "c.kind", "c.published",
                "c.retracted", "c.superseded", "c.submitted_for_party", "c.lat_cell", "c.lon_cell"]  # fmt: skip

    counted = f"FROM {COUNTED} c"
    located = f"{counted} WHERE c.lat IS NOT NULL AND c.lon IS NOT NULL"
    by_actor = f"FROM {COUNTED_PARTIES} p JOIN {COUNTED} c ON c.id = p.incident_id"
    located_by_actor = f"{by_actor} WHERE c.lat IS NOT NULL AND c.lon IS NOT NULL"
    statements = [
        f"CREATE TEMPORARY TABLE {COUNTED} AS SELECT {selected} FROM ({rows}) i",
        f"CREATE TEMPORARY TABLE {COUNTED_PARTIES} AS {_actor_parties(dialect, f'{COUNTED} i', '1 = 1')}",
        _upsert("incident_day_counts", DAY_KEY, day, counted),
        *(_upsert("incident_cell_counts", CELL_KEY, cell(grain), located) for grain in ("day", "month")),
        f"INSERT INTO incident_actor_parties (party, incident_id) SELECT party, incident_id FROM {COUNTED_PARTIES}",
        _upsert("incident_party_day_counts", f"party, {DAY_KEY}", ["p.party", *day], by_actor),
        *(
            _upsert("incident_party_cell_counts", f"party, {CELL_KEY}", ["p.party", *cell(grain)], located_by_actor)
            for grain in ("day", "month")
        ),
        f"DROP TABLE {COUNTED_PARTIES}",
        f"DROP TABLE {COUNTED}",
    ]
    return statements


@contextmanager
def counted_after_insert(
    session: Session, holder: str, ids: str, params: Mapping[str, Any], rows: str | None = None
) -> Iterator[None]:
    """Inside the block, incidents inserted in this transaction are not counted by the
    summaries' triggers; at its end, the incidents ``ids`` selects are counted set-based (from
    ``rows``, when given: see :func:`staged_summary_statements`) and the pause is lifted. On an
    error nothing is counted and the pause stays until the transaction is rolled back, which the
    error must cause (it is never committed)."""
    session.execute(text("INSERT INTO incident_summary_pauses (holder) VALUES (:holder)"), {"holder": holder})
    yield
    dialect = session.get_bind().dialect.name
    statements = summary_statements(dialect, ids) if rows is None else staged_summary_statements(dialect, rows)
    for statement in statements:
        session.execute(text(statement), dict(params))
    session.execute(text("DELETE FROM incident_summary_pauses WHERE holder = :holder"), {"holder": holder})
