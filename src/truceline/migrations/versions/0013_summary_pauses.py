"""a bulk insert counts its incidents into the dashboard's summaries once, set-based, instead of
one trigger run per row

``incident_summary_pauses`` holds a row only inside the transaction of a bulk insert (an
event-data import's move): while it is there, the triggers of migrations 0010–0012 do not count
the incidents *inserted*; the writer counts them with one grouped upsert per summary
(``truceline.incidents.summaries``) and removes the row before it commits. Updates and deletes are
always counted by the triggers. The row is never seen by another transaction (on PostgreSQL it
is uncommitted; on SQLite the bulk writer is the only writer), so every other write is counted
by its triggers as before.

The insert triggers are changed, not rewritten: on SQLite each one gets a ``WHEN`` clause; on
PostgreSQL each trigger function begins by returning early on an insert while a pause is held.
Their statements are read from the store (``sqlite_master``, ``pg_get_functiondef``), so the
counting stays exactly what migrations 0010–0012 made it.

Revision ID: 0013_summary_pauses
Revises: 0012_incident_parties
Create Date: 2026-12-07 07:10:00.000000
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0013_summary_pauses"
down_revision: str | Sequence[str] | None = "0012_incident_parties"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

#: the summaries' triggers: SQLite's insert triggers, PostgreSQL's trigger functions
SQLITE_TRIGGERS = ("incident_day_counts_insert", "incident_cell_counts_insert", "incident_parties_insert")
POSTGRES_FUNCTIONS = ("incident_day_counts_apply", "incident_cell_counts_apply", "incident_parties_apply")

SQLITE_HEAD = "AFTER INSERT ON incidents BEGIN"
SQLITE_PAUSED = "AFTER INSERT ON incidents WHEN NOT EXISTS (SELECT 1 FROM incident_summary_pauses) BEGIN"
POSTGRES_GUARD = "IF TG_OP = 'INSERT' AND EXISTS (SELECT 1 FROM incident_summary_pauses) THEN RETURN NULL; END IF; "
#: the start of a PL/pgSQL body as ``pg_get_functiondef`` gives it: its dollar quote and BEGIN
POSTGRES_BODY = re.compile(r"(AS \$(\w*)\$\s*BEGIN\s)")


def _sqlite_trigger(name: str) -> str:
    definition = (
        op.get_bind()
        .execute(sa.text("SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = :name"), {"name": name})
        .scalar_one()
    )
    return str(definition)


def _postgres_function(name: str) -> str:
    definition = (
        op.get_bind().execute(sa.text("SELECT pg_get_functiondef(CAST(:name AS regproc))"), {"name": name}).scalar_one()
    )
    return str(definition)


def _rewrite(old: str, new: str) -> None:
    if op.get_bind().dialect.name == "postgresql":
        for name in POSTGRES_FUNCTIONS:
            definition = _postgres_function(name)
            if old:
                changed = definition.replace(old, new, 1)
            else:  # the guard goes right after the body's BEGIN
                changed = POSTGRES_BODY.sub(lambda m: m.group(1) + new, definition, count=1)
            if changed == definition:
                raise RuntimeError(f"the trigger function {name} is not the one migration 0012 left")
            op.execute(changed)  # CREATE OR REPLACE FUNCTION …
        return
    for name in SQLITE_TRIGGERS:
        definition = _sqlite_trigger(name)
        if old not in definition:
            raise RuntimeError(f"the trigger {name} is not the one migration 0012 left")
        op.execute(f"DROP TRIGGER {name}")
        op.execute(definition.replace(old, new, 1))


def upgrade() -> None:
    op.create_table(
        "incident_summary_pauses",
        sa.Column("holder", sa.String(length=120), nullable=False),
        sa.PrimaryKeyConstraint("holder", name=op.f("pk_incident_summary_pauses")),
    )
    if op.get_bind().dialect.name == "postgresql":
        _rewrite("", POSTGRES_GUARD)
    else:
        _rewrite(SQLITE_HEAD, SQLITE_PAUSED)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        _rewrite(POSTGRES_GUARD, "")
    else:
        _rewrite(SQLITE_PAUSED, SQLITE_HEAD)
    op.drop_table("incident_summary_pauses")
