"""claim ids from the store: claim_numbers keeps each incident's last claim number

A new claim's id was its incident's claim count + 1, so two writers adding a claim to one
incident at once took the same id. Now ``claim_numbers`` hands out the next number in one atomic
upsert. Existing incidents start from the highest number their claims' ids carry.

Revision ID: 0006_writers
Revises: 0005
Create Date: 2027-01-10 10:00:00.000000
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006_writers"
down_revision: str | Sequence[str] | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_NUMBER = re.compile(r"/claim-(\d+)$")


def upgrade() -> None:
    claim_numbers = op.create_table(
        "claim_numbers",
        sa.Column("incident_id", sa.String(length=120), nullable=False),
        sa.Column("last", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["incident_id"], ["incidents.id"], name=op.f("fk_claim_numbers_incident_id_incidents")),
        sa.PrimaryKeyConstraint("incident_id", name=op.f("pk_claim_numbers")),
    )
    last: dict[str, int] = {}
    for claim_id, incident_id in op.get_bind().execute(sa.text("SELECT id, incident_id FROM claims")):
        match = _NUMBER.search(claim_id)
        number = int(match.group(1)) if match else 0
        last[incident_id] = max(last.get(incident_id, 0), number)
    if last:
        op.bulk_insert(claim_numbers, [{"incident_id": k, "last": v} for k, v in sorted(last.items())])


def downgrade() -> None:
    op.drop_table("claim_numbers")
